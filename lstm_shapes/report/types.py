"""The one report the CLI, the API and every renderer share: the prediction, what Keras did, the checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.spec.expect import aliases
from lstm_shapes.spec.shapes import LayerInfo, Shape, ShapeReport, TensorRow
from lstm_shapes.spec.stack import StackSpec

if TYPE_CHECKING:
    from lstm_shapes.spec.backend_choice import Plan, RunInfo


@dataclass(frozen=True)
class Check:
    """One thing that was verified, and what was found when it failed."""

    name: str
    passed: bool
    detail: str


# How a report draws itself (its table and diagram) in a notebook or a Rich console. The
# renderers sit in a room above this one, so the package installs them when it hands
# out a report (`lstm_shapes.render.display`); until then a report is shown as a dataclass.
DISPLAY: dict[str, Callable[..., Any]] = {}


@dataclass(frozen=True)
class StackReport:
    """Everything known about one stack: the prediction, what Keras did, and the checks.

    `observed` is None when the stack was only predicted (`--no-run`).
    """

    spec: StackSpec
    predicted: ShapeReport
    observed: ShapeReport | None
    run: RunInfo | None
    checks: tuple[Check, ...]
    # --no-run with --backend or --device: the kernel paths each backend would take.
    planned: tuple[Plan, ...] = ()
    # The user's data (--data): a `lstm_shapes.report.data.DataReport`, else None.
    data: Any = None
    # --stateful --batches N: a `lstm_shapes.spec.stateful.StatefulRun`, else None.
    stateful: Any = None

    @property
    def ok(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def source(self) -> str:
        return "predicted" if self.observed is None else "observed"

    def shape_of(self, row: TensorRow) -> Shape:
        """The observed shape of a predicted row when there is one, else the prediction."""
        if self.observed is None:
            return row.shape
        try:
            return self.observed.tensor(row.name).shape
        except KeyError:
            return row.shape

    def shape(self, tensor: str) -> Shape:
        """The shape of a tensor by any name the table, JSON or `--expect` use."""
        names = aliases(self.predicted)
        if tensor not in names:
            raise KeyError(f"no tensor {tensor!r}; valid: {', '.join(sorted(names))}")
        return self.shape_of(self.predicted.tensor(names[tensor]))

    def layer_seen(self, info: LayerInfo) -> LayerInfo:
        """What Keras built for a predicted layer when it ran, else the prediction."""
        if self.observed is None:
            return info
        try:
            return self.observed.layer(info.name)
        except KeyError:
            return info

    def __rich_console__(self, console: Any, options: Any) -> Any:
        """The table and the diagram at the console's width, for `rich.print(report)` and Rich's REPL."""
        show = DISPLAY.get("rich")
        yield repr(self) if show is None else show(self, options.max_width)

    def _repr_html_(self) -> str | None:
        """The same picture as HTML, for Jupyter."""
        show = DISPLAY.get("html")
        return None if show is None else str(show(self))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The table and the diagram as plain text, for IPython's terminal."""
        show = DISPLAY.get("text")
        printer.text(repr(self) if show is None or cycle else str(show(self)))
