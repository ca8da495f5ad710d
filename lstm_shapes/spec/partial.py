"""A user's model that Keras refuses to call: the layers that worked, the one that failed, and a fix.

Plain data, no Keras: `observe.saved` fills it from the refusal (the failing layer's own call,
and the chain of layers its input came through), `render.saved` draws it, and the fix is
chosen here from the shapes alone. The commonest case, "expected ndim=3, found ndim=2", names
the layer that dropped the time axis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.kinds import BIDIRECTIONAL, is_recurrent
from lstm_shapes.locales import Phrase

Symbolic = tuple[int | None, ...]


@dataclass(frozen=True)
class PartialRow:
    """One layer that worked: what it got and what it gave."""

    layer: str
    kind: str
    got: Symbolic
    shape: Symbolic
    params: int


@dataclass(frozen=True)
class PartialRun:
    """How far the model got before Keras refused it."""

    source: str
    input_name: str
    input_shape: Symbolic
    rows: tuple[PartialRow, ...]
    failing: str
    failing_kind: str
    got: Symbolic
    # What the failing layer's input_spec asks for ("ndim=3", "min_ndim=3"), when Keras says.
    needs: str | None
    keras_said: str
    fix: Phrase


class ModelFailed(InvalidSpec):
    """Keras refused to call the model at one layer; `partial` holds the table up to it."""

    def __init__(self, partial: PartialRun) -> None:
        values: dict[str, object] = {
            "layer": partial.failing,
            "kind": partial.failing_kind,
            "got": fmt(partial.got),
            "said": partial.keras_said,
            "fix": partial.fix,
        }
        super().__init__(
            None,
            f"Keras refused {partial.failing} ({partial.failing_kind}): {partial.keras_said}",
            str(partial.fix),
            key="model_layer_failed",
            values=values,
            hint_key="model_layer_failed_fix",
        )
        self.partial = partial


def fmt(shape: Symbolic) -> str:
    inner = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def needs_of(message: str, spec: str | None) -> tuple[str | None, int | None, int | None]:
    """What Keras asked for and found: ('ndim=3', 3, 2) or ('shape[-1]=10', None, None) from its message,
    else from the input_spec."""
    found = re.search(r"expected (min_ndim|max_ndim|ndim)=(\d+), found ndim=(\d+)", message)
    if found:
        return f"{found.group(1)}={found.group(2)}", int(found.group(2)), int(found.group(3))
    width = re.search(r"expected axis (-?\d+) of input shape to have value (\d+)", message)
    if width:  # the rank was met; one axis has the wrong size
        return f"shape[{width.group(1)}]={width.group(2)}", None, None
    if spec:
        wanted = re.search(r"(min_ndim|max_ndim|ndim)=(\d+)", spec)
        if wanted:
            return f"{wanted.group(1)}={wanted.group(2)}", int(wanted.group(2)), None
    return None, None, None


def choose_fix(
    rows: tuple[PartialRow, ...],
    input_name: str,
    input_shape: Symbolic,
    failing: str,
    got: Symbolic,
    need: int | None,
    said: str = "",
    needs: str | None = None,
) -> Phrase:
    """What to change: the layer that dropped the time axis, the input without one, the rank, or the width."""
    if need is not None and need >= 3 and len(got) == 2:
        for row in reversed(rows):
            if len(row.got) >= 3 and len(row.shape) == 2:
                if is_recurrent(row.kind):
                    return Phrase("partial_fix_sequences", layer=row.layer, kind=row.kind, failing=failing)
                return Phrase("partial_fix_dropped", layer=row.layer, kind=row.kind, failing=failing)
        if len(input_shape) == 2:
            dense = next((row.layer for row in rows if row.kind == "Dense"), None)
            key = "partial_fix_input_dense" if dense else "partial_fix_input"
            return Phrase(key, input=input_name, shape=fmt(input_shape), dense=dense or "", failing=failing)
    width = _width_refused(said, got)
    if width is not None and rows:
        want, given = width
        before = rows[-1]
        if before.kind == BIDIRECTIONAL and before.shape[-1:] == (given,):
            # Keras's symbolic shape of a Bidirectional doubles the forward layer's width even when
            # its backward_layer is narrower, so the next layer was built for a width never given.
            return Phrase(
                "partial_fix_bidirectional_width", layer=before.layer, want=want, got=given, failing=failing
            )
        return Phrase("partial_fix_width", failing=failing, want=want, got=given, layer=before.layer)
    if need is not None and _rank_refused(needs, need, len(got)):
        return Phrase("partial_fix_rank", failing=failing, need=need, got=len(got))
    return Phrase("partial_fix_other", failing=failing)


def _rank_refused(needs: str | None, need: int, rank: int) -> bool:
    """Whether the rank is what Keras refused: `min_ndim=2` is met by a 2-D input, `ndim=3` is not."""
    if needs is not None and needs.startswith("min_ndim"):
        return rank < need
    if needs is not None and needs.startswith("max_ndim"):
        return rank > need
    return rank != need


def _width_refused(said: str, got: Symbolic) -> tuple[int, int] | None:
    """(width the layer was built for, width it got) from Keras's "expected axis -1 ... value N"."""
    found = re.search(r"expected axis (-?\d+) of input shape to have value (\d+)", said)
    if found is None or not got:
        return None
    axis = int(found.group(1))
    if not -len(got) <= axis < len(got):
        return None
    given = got[axis]
    return None if given is None else (int(found.group(2)), given)
