"""`--backend a,b,c`: each backend's device, kernel paths and time, and every tensor side by side."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from lstm_shapes.locales import Phrase, Words, fill
from lstm_shapes.render.fit import Column, Layout, fitted
from lstm_shapes.render.table import check_line, fmt_seconds, to_json_data
from lstm_shapes.spec.shapes import fmt_shape
from lstm_shapes.version import __version__

if TYPE_CHECKING:
    from lstm_shapes.report.multi import MultiReport
    from lstm_shapes.spec.backend_choice import KernelPath


def _path_summary(path: KernelPath, words: Words) -> str:
    why = bool(path.reasons) and not path.fast
    key = "kernel_summary_why" if why else "kernel_summary"
    summary = Phrase(key, layer=path.layer, path=Phrase(path.path), reasons=list(path.reasons))
    return (summary if path.confirmed else Phrase("kernel_summary_predicted", summary=summary)).say(words)


def _difference(value: float | None) -> str:
    if value is None:
        return "–"
    return "0" if value == 0 else f"{value:.1e}"


# The kernel paths keep at least this width before they fold under the backends table.
KERNEL_COMFORT = 24


def multi_table(report: MultiReport, words: Words, width: int = 120) -> Group:
    """--backend a,b,c: each backend's device, kernel paths and time; every tensor side by side."""
    first = report.runs[0].report.run
    assert first is not None
    timed = any(
        run.report.run is not None and run.report.run.forward_seconds is not None for run in report.runs
    )
    spec = report.spec
    h = words.headings
    title = Text(
        fill(h["multi_title"], keras=first.keras_version, count=len(report.runs), reference=report.reference)
        + "\n"
        + fill(h["input"], shape=fmt_shape(spec.input_shape), seed=spec.seed),
        style="bold",
    )
    about: dict[str, list[Text]] = {key: [] for key in ("multi_backend", "multi_version", "multi_device")}
    forwards: list[Text] = []
    kernels: list[Text] = []
    for run in report.runs:
        info = run.report.run
        assert info is not None
        forward = info.forward_seconds
        for key, value in zip(about, (run.backend, info.backend_version, info.device), strict=True):
            about[key].append(Text(value))
        forwards.append(Text("" if forward is None else fmt_seconds(forward)))
        paths = [_path_summary(path, words) for path in info.kernel_paths]
        kernels.append(Text("\n".join(p for p in paths if p)))
    columns = [Column(h[key], cells) for key, cells in about.items()]
    if timed:
        columns.append(Column(h["multi_forward"], forwards, justify="right"))
    columns.append(Column(h["multi_kernel"], kernels, wrap=True, fold=1, comfort=KERNEL_COMFORT))
    backends_table = fitted(Layout(columns, keys=[run.backend for run in report.runs]), width)
    # Shapes in one table, differences in another: side by side they would not fit 80
    # columns with three backends, and a cut-off name or number is worse than two tables.
    names = [Text(row.name) for row in report.tensors]
    keys = [row.name for row in report.tensors]
    shape_columns = [
        Column(h["tensor"], names),
        Column(h["multi_predicted"], [Text(fmt_shape(row.predicted)) for row in report.tensors]),
    ]
    for run in report.runs:
        cells = []
        for row in report.tensors:
            shape = row.shapes.get(run.backend)
            shown = "–" if shape is None else fmt_shape(shape)
            cells.append(Text(shown) if shape == row.predicted else Text(shown, style="bold red"))
        shape_columns.append(Column(run.backend, cells))
    base = report.runs[0].backend
    difference_columns = [Column(h["tensor"], names)] + [
        Column(
            f"|{run.backend} - {base}|",
            [Text(_difference(row.differences.get(run.backend))) for row in report.tensors],
            justify="right",
        )
        for run in report.runs[1:]
    ]
    parts: list[Group | Text] = [
        title,
        backends_table,
        fitted(Layout(shape_columns, keys=keys), width),
    ]
    if len(report.runs) > 1:
        parts.append(fitted(Layout(difference_columns, keys=keys), width))
    if report.skipped:
        from lstm_shapes.spec.backend_choice import INSTALL

        skipped = [fill(h["multi_skipped"], backend=b, install=INSTALL[b]) for b in report.skipped]
        parts += [Text("\n".join(skipped), style="yellow"), Text("")]
    parts.append(Text("\n").join(check_line(check, words) for check in report.checks))
    return Group(*parts)


def _json_float(value: float | None) -> float | str | None:
    if value is None or value == float("inf"):
        return None if value is None else "inf"
    return value


def multi_json(report: MultiReport) -> str:
    """--backend a,b,c --json: docs/backends.md documents every field."""
    return json.dumps(multi_document(report), indent=2)


def multi_document(report: MultiReport) -> dict[str, Any]:
    """--backend a,b,c's document, its sentences still `Phrase`s."""
    return {
        "tool_version": __version__,
        "source": "observed",
        "ok": report.ok,
        "backends": [run.backend for run in report.runs],
        "skipped": list(report.skipped),
        "reference": report.reference,
        "tolerance": report.tolerances,
        "tensors": [
            {
                "name": row.name,
                "predicted_shape": list(row.predicted),
                "shapes": {b: None if s is None else list(s) for b, s in row.shapes.items()},
                "max_abs_diff": {b: _json_float(d) for b, d in row.differences.items()},
            }
            for row in report.tensors
        ],
        "checks": [asdict(check) for check in report.checks],
        "runs": [to_json_data(run.report) for run in report.runs],
    }
