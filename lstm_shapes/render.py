"""Turn a `StackReport` into a Rich table or a JSON document; nothing here computes shapes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from lstm_shapes import __version__
from lstm_shapes.memory import estimate
from lstm_shapes.report import StackReport
from lstm_shapes.shapes import Role, Shape, TensorRow

if TYPE_CHECKING:
    from lstm_shapes.suite import CaseResult

# Arrows for the directions of a Bidirectional layer: → forward, ← backward.
TENSOR_LABELS = {
    Role.INPUT: "x",
    Role.OUTPUT: "output",
    Role.HIDDEN: "h",
    Role.CELL: "c",
    Role.FORWARD_OUTPUT: "output →",
    Role.BACKWARD_OUTPUT: "output ←",
    Role.FORWARD_HIDDEN: "h →",
    Role.FORWARD_CELL: "c →",
    Role.BACKWARD_HIDDEN: "h ←",
    Role.BACKWARD_CELL: "c ←",
}


def fmt_shape(shape: Shape) -> str:
    return "(" + ", ".join(str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


def header(report: StackReport) -> str:
    spec = report.spec
    batch = f"input {fmt_shape(spec.input_shape)} float32, random uniform, seed {spec.seed}"
    if report.run is None:
        return f"Predicted from the layer math (--no-run): nothing was computed\n{batch}"
    run = report.run
    return (
        f"Keras {run.keras_version} · {run.backend} {run.backend_version} · computed on {run.device}\n{batch}"
    )


def _shape_cell(report: StackReport, row: TensorRow) -> Text:
    seen = report.shape_of(row)
    if seen == row.shape:
        return Text(fmt_shape(seen))
    return Text(f"{fmt_shape(seen)} ≠ predicted {fmt_shape(row.shape)}", style="bold red")


# Below this console width the "Why" notes move from a column to lines under the table.
WIDE = 118


def shape_table(report: StackReport, why_column: bool = True) -> Table:
    """One row per tensor: the layer, the tensor, its shape, what each axis means, params."""
    table = Table(box=box.SIMPLE_HEAD, show_footer=True, pad_edge=False)
    # Shapes and names are never cut short; the axis meanings wrap first.
    widest = max(len(fmt_shape(report.shape_of(row))) for row in report.predicted.tensors)
    table.add_column("Layer", footer="Total", no_wrap=True)
    table.add_column("Tensor", no_wrap=True)
    table.add_column("Shape", no_wrap=True, min_width=widest)
    table.add_column("Axes", footer="")
    total = (report.observed or report.predicted).total_params
    table.add_column("Params", justify="right", footer=f"{total:,}", no_wrap=True)
    if why_column:
        table.add_column("Why", style="dim")
    kinds = {info.name: report.layer_seen(info) for info in report.predicted.layers}
    first_rows: dict[str, TensorRow] = {}
    for row in report.predicted.tensors:
        first_rows.setdefault(row.layer, row)
    for row in report.predicted.tensors:
        info = kinds.get(row.layer)
        first = row is first_rows.get(row.layer)
        layer = "" if not first else (row.layer if info is None else f"{row.layer} ({info.kind})")
        params = "" if info is None or not first else f"{info.params:,}"
        cells: list[str | Text] = [
            layer,
            TENSOR_LABELS[row.role],
            _shape_cell(report, row),
            " × ".join(row.axes),
            params,
        ]
        table.add_row(*cells, *([row.note] if why_column else []))
    return table


def notes_block(report: StackReport) -> Text:
    """The "Why" column as lines, for consoles too narrow to hold it."""
    text = Text(style="dim")
    for i, row in enumerate(report.predicted.tensors):
        text.append(("\n" if i else "") + f"{row.name}: {row.note}")
    return text


def checks_block(report: StackReport) -> Text:
    lines = []
    if report.observed is None:
        lines.append(Text("Shapes are predicted, not observed: run without --no-run to check them in Keras."))
    for check in report.checks:
        mark, style = ("✓", "green") if check.passed else ("✗", "bold red")
        line = Text.assemble((f"{mark} ", style), f"{check.name}: ")
        line.append(check.detail, style="" if check.passed else "red")
        lines.append(line)
    return Text("\n").join(lines)


def print_table(report: StackReport, console: Console) -> None:
    wide = console.width >= WIDE
    parts: list[Table | Text] = [Text(header(report), style="bold"), shape_table(report, why_column=wide)]
    if not wide:
        parts += [notes_block(report), Text("")]
    parts.append(checks_block(report))
    console.print(Group(*parts))


def to_json_data(report: StackReport) -> dict[str, Any]:
    """The report as plain data; the README documents every field."""
    spec = report.spec
    run = report.run
    tensors = []
    for row in report.predicted.tensors:
        tensors.append(
            {
                "name": row.name,
                "layer": row.layer,
                "role": row.role.value,
                "shape": list(report.shape_of(row)),
                "predicted_shape": list(row.shape),
                "axes": list(row.axes),
                "note": row.note,
            }
        )
    layers = []
    for predicted in report.predicted.layers:
        info = report.layer_seen(predicted)
        layers.append(
            {
                "name": info.name,
                "kind": info.kind,
                "config": predicted.config,
                "params": info.params,
                "weights": [{"name": w.name, "shape": list(w.shape)} for w in info.weights],
            }
        )
    return {
        "tool_version": __version__,
        "source": report.source,
        "ok": report.ok,
        "input": {
            "batch": spec.batch,
            "window": spec.window,
            "features": spec.features,
            "shape": list(spec.input_shape),
            "dtype": "float32",
            "seed": spec.seed,
        },
        "backend": None if run is None else run.backend,
        "backend_version": None if run is None else run.backend_version,
        "keras_version": None if run is None else run.keras_version,
        "device": None if run is None else run.device,
        "layers": layers,
        "tensors": tensors,
        "total_params": (report.observed or report.predicted).total_params,
        "estimated_peak_bytes": estimate(report.predicted, spec.batch).total,
        "checks": [asdict(check) for check in report.checks],
    }


def to_json(report: StackReport) -> str:
    return json.dumps(to_json_data(report), indent=2)


_STATUS_STYLE = {"passed": "green", "failed": "bold red", "invalid": "bold yellow", "error": "bold magenta"}


def brief(detail: str) -> str:
    """A detail without its list of valid values (stderr and JSON keep the whole text)."""
    cut = detail.find(" Valid ")
    if cut < 0:
        return detail
    head = detail[:cut].rstrip(".;")
    return head if head.endswith("?") else head + "."


def observed_any(results: Sequence[CaseResult]) -> bool:
    """Whether Keras ran at least one case (else every shape is a prediction)."""
    return any(r.report is not None and r.report.observed is not None for r in results)


def suite_table(results: Sequence[CaseResult], no_run: bool = False) -> Table:
    """The `check` summary: one row per case."""
    if no_run:
        what = "predicted shapes (--no-run)"
    else:
        what = "observed shapes" if observed_any(results) else "predicted shapes, nothing was run"
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, title=f"lstm-shapes check · {what}", title_justify="left"
    )
    table.add_column("File", no_wrap=True)
    table.add_column("Case")
    table.add_column("Status", no_wrap=True)
    table.add_column("Detail")
    table.add_column("Time", justify="right", no_wrap=True)
    for r in results:
        location = f"{r.case.file}:{r.line}" if r.line else r.case.file
        table.add_row(
            location,
            r.case.name,
            Text(r.status.value, style=_STATUS_STYLE[r.status.value]),
            brief(r.detail),
            f"{r.seconds:.2f}s",
        )
    counts = {s: sum(r.status.value == s for r in results) for s in _STATUS_STYLE}
    table.caption = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no cases"
    table.caption_justify = "left"
    return table


def suite_json(results: Sequence[CaseResult]) -> str:
    cases = [
        {
            "file": r.case.file,
            "line": r.line,
            "case": r.case.name,
            "status": r.status.value,
            "detail": r.detail,
            "seconds": round(r.seconds, 4),
            "report": None if r.report is None else to_json_data(r.report),
        }
        for r in results
    ]
    ok = all(r.status.value == "passed" for r in results)
    return json.dumps(
        {"ok": ok, "source": "observed" if observed_any(results) else "predicted", "cases": cases}, indent=2
    )
