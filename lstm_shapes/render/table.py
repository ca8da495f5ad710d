"""Turn a `StackReport` into a Rich table or a JSON document; nothing here computes shapes."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from lstm_shapes.locales import Phrase, Words, fill, keyed, said
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.predict.memory import estimate
from lstm_shapes.render.explain import explain, formulas, reading, row_notes
from lstm_shapes.render.fit import Column, Fitted, Layout, fits, fitted, table_of
from lstm_shapes.render.labels import TENSOR_LABELS
from lstm_shapes.render.sequences import input_line, mask_lines
from lstm_shapes.render.stateful import stateful_json, stateful_lines
from lstm_shapes.report.types import Check, StackReport
from lstm_shapes.spec.shapes import CONV_NAME, HEAD_NAME, TensorRow, WeightShape, fmt_shape
from lstm_shapes.spec.stack import HeadKind
from lstm_shapes.version import __version__

if TYPE_CHECKING:
    from lstm_shapes.spec.backend_choice import KernelPath


def header(report: StackReport, words: Words) -> str:
    spec, h = report.spec, words.headings
    batch = input_line(spec, words)
    if report.data is not None:
        from lstm_shapes.render.data import input_line as data_input_line

        batch = data_input_line(report, words)
    if report.run is None:
        return f"{h['predicted']}\n{batch}"
    run = report.run
    computed = fill(
        h["computed"],
        keras=run.keras_version,
        backend=run.backend,
        backend_version=run.backend_version,
        device=run.device,
    )
    timing = timing_text(report, words)
    return f"{computed}\n{batch}" + (f"\n{timing}" if timing else "")


def notes_in(report: StackReport, words: Words) -> list[str]:
    """The "Why" notes in the words' language."""
    return row_notes(report.spec, list(report.predicted.tensors), words)


def _shape_cell(report: StackReport, row: TensorRow) -> Text:
    seen = report.shape_of(row)
    if seen == row.shape:
        return Text(fmt_shape(seen))
    return Text(f"{fmt_shape(seen)} ≠ predicted {fmt_shape(row.shape)}", style="bold red")


# Below this console width the "Why" notes move from a column to lines under the table.
WIDE = 118
# The Why column keeps at least this width before it folds under the table as lines.
WHY_COMFORT = 32
# The axis meanings keep at least this width before they fold under the table.
AXES_MIN = 12


def shape_layout(report: StackReport, words: Words, why_column: bool = True) -> Layout:
    """One row per tensor: the layer, the tensor, its shape, what each axis means, params, why.

    Names, shapes and numbers are never cut; on a narrow console the notes fold under the
    table first, then the axis meanings (render/fit.py).
    """
    h = words.headings
    notes = notes_in(report, words)
    kinds = {info.name: report.layer_seen(info) for info in report.predicted.layers}
    first_rows: dict[str, TensorRow] = {}
    for row in report.predicted.tensors:
        first_rows.setdefault(row.layer, row)
    layers, labels, shapes, axes, counts = [], [], [], [], []
    for row in report.predicted.tensors:
        info = kinds.get(row.layer)
        first = row is first_rows.get(row.layer)
        layers.append(
            Text("" if not first else (row.layer if info is None else f"{row.layer} ({info.kind})"))
        )
        labels.append(Text(TENSOR_LABELS[row.role]))
        shapes.append(_shape_cell(report, row))
        axes.append(Text(" × ".join(words.axis(axis) for axis in row.axes)))
        counts.append(Text("" if info is None or not first else f"{info.params:,}"))
    total = (report.observed or report.predicted).total_params
    columns = [
        Column(h["layer"], layers, footer=h["total"]),
        Column(h["tensor"], labels),
        Column(h["shape"], shapes),
        Column(h["axes"], axes, wrap=True, fold=1, comfort=AXES_MIN),
        Column(h["params"], counts, footer=f"{total:,}", justify="right"),
    ]
    if why_column:
        columns.append(
            Column(
                h["why"],
                [Text(n) for n in notes],
                wrap=True,
                fold=2,
                style="dim",
                bare=True,
                comfort=WHY_COMFORT,
                below=WIDE,
            )
        )
    return Layout(columns, keys=[row.name for row in report.predicted.tensors], footer=True)


def shape_table(report: StackReport, why_column: bool, words: Words) -> Table:
    """The shape table with every column, for a console that is known to be wide enough."""
    layout = shape_layout(report, words, why_column)
    return table_of(layout, layout.columns)


def table_fits(report: StackReport, width: int, words: Words) -> bool:
    """Whether the shape table fits `width` columns with no name, shape or number cut."""
    return fits(shape_layout(report, words), width)


def shape_list(report: StackReport, words: Words) -> Text:
    """The shape table as a list, for terminals too narrow for its columns: nothing is cut."""
    h = words.headings
    kinds = {info.name: report.layer_seen(info) for info in report.predicted.layers}
    seen: set[str] = set()
    lines = []
    for row in report.predicted.tensors:
        info = kinds.get(row.layer)
        line = Text()
        if row.layer not in seen:
            seen.add(row.layer)
            line.append(row.layer if info is None else f"{row.layer} ({info.kind})", style="bold")
            if info is not None:
                line.append(f" · {h['params']} {info.params:,}")
            lines.append(line)
            line = Text()
        line.append(f"  {TENSOR_LABELS[row.role]} ")
        line.append_text(_shape_cell(report, row))
        lines.append(line)
        lines.append(Text("    " + " × ".join(words.axis(axis) for axis in row.axes), style="dim"))
    total = (report.observed or report.predicted).total_params
    lines.append(Text(f"{h['total']} {total:,}", style="bold"))
    return Text("\n").join(lines)


def notes_block(report: StackReport, words: Words) -> Text:
    """The "Why" column as lines, for consoles too narrow to hold it."""
    text = Text(style="dim")
    for i, (row, note) in enumerate(zip(report.predicted.tensors, notes_in(report, words), strict=True)):
        text.append(("\n" if i else "") + f"{row.name}: {note}")
    return text


def checks_block(report: StackReport, words: Words) -> Text:
    lines = []
    if report.observed is None:
        lines.append(Text(words.headings["predicted_note"]))
    lines += [check_line(check, words) for check in report.checks]
    return Text("\n").join(lines)


def check_line(check: Check, words: Words) -> Text:
    """'✓ name: detail', green, or '✗ name: detail', red, in the words' language."""
    mark, style = ("✓", "green") if check.passed else ("✗", "bold red")
    line = Text.assemble((f"{mark} ", style), f"{said(check.name, words)}: ")
    line.append(said(check.detail, words), style="" if check.passed else "red")
    return line


def data_first(report: StackReport, words: Words) -> list[Text]:
    """The data block (--data), shown before the table."""
    if report.data is None:
        return []
    from lstm_shapes.render.data import data_block

    return [data_block(report, words)]


def print_table(
    report: StackReport,
    console: Console,
    words: Words,
    weights: bool = False,
    explanation: bool = False,
    diagram: bool = False,
) -> None:
    """The shape table with its header and checks; the weights table, the diagram and the reading on request."""
    layout = shape_layout(report, words)
    shapes: Group | Text
    if fits(layout, console.width):
        shapes = fitted(layout, console.width)
    else:
        shapes = Text.assemble(shape_list(report, words), "\n\n", notes_block(report, words))
    parts: list[Table | Text | Group] = [
        *data_first(report, words),
        Text(header(report, words), style="bold"),
        shapes,
    ]
    if not isinstance(shapes, Group) or len(shapes.renderables) > 1:
        parts.append(Text(""))
    parts += run_block(report, words)
    parts += [Text(line) for line in mask_lines(report, words)]
    parts += [Text(line) for line in stateful_lines(report, words)]
    parts.append(checks_block(report, words))
    if weights:
        parts += [Text(""), weights_table(report, words)]
    if diagram:
        from lstm_shapes.render.diagram import diagram as unrolled

        parts += [Text(""), unrolled(report, words, console.width)]
    if explanation:
        parts += [Text(""), explanation_block(report, words)]
    console.print(Group(*parts))


def _gate_split(cell: str, units: int, words: Words) -> str:
    names = words.gates.get(cell)
    if not names:
        return fill(words.weights["no_gates"], units=units)
    spans = ", ".join(f"{name} [{i * units}:{(i + 1) * units}]" for i, name in enumerate(names))
    return fill(words.weights["gates_split"], count=len(names), units=units, names=spans)


def _weight_meaning(report: StackReport, layer: str, weight: WeightShape, words: Words) -> str:
    """What each axis of one weight tensor holds, with the gate split of recurrent kernels."""
    w, name = words.weights, weight.name.rsplit("/", 1)[-1]
    if layer == CONV_NAME:
        return w["conv_kernel" if name == "kernel" else "conv_bias"]
    if layer == HEAD_NAME:
        if name == "kernel" and report.spec.head.kind is HeadKind.FLATTEN:
            return w["flatten_kernel"]
        return w["dense_kernel" if name == "kernel" else "dense_bias"]
    if layer not in report.spec.layer_names:
        # Layers in front of the stack (the Embedding's table) are no recurrent layer of the spec.
        return w.get(name, "")
    # Several cells in one RNN: a weight belongs to the cell its place names ('[1]/kernel').
    spec = report.spec.layers[report.spec.layer_names.index(layer)].cell_of(weight.name)
    gates = _gate_split(spec.cell.kind.words, spec.units, words)
    if name == "bias" and len(weight.shape) == 2:
        return fill(w["bias_two"], gates=gates)
    # A kind may word its own weights (a ConvLSTM's kernels are convolutions): `<words>_<weight>`.
    own = w.get(f"{spec.cell.kind.words}_{name}")
    kernel = " × ".join(str(k) for k in weight.shape[:-2])
    return fill(own or w[name], gates=gates, kernel=kernel)


# The gate split keeps at least this width before it folds under the weights table.
WEIGHTS_COMFORT = 24


def weights_layout(report: StackReport, words: Words) -> Layout:
    """Every weight tensor and what its axes hold; on a narrow console the meanings fold under it."""
    h = words.headings
    keys, layers, names, shapes, meanings = [], [], [], [], []
    for predicted in report.predicted.layers:
        info = report.layer_seen(predicted)
        for i, weight in enumerate(info.weights):
            keys.append(f"{info.name}.{weight.name.rsplit('/', 1)[-1]}")
            layers.append(Text(info.name if i == 0 else ""))
            names.append(Text(weight.name))
            shapes.append(Text(fmt_shape(weight.shape)))
            meanings.append(Text(_weight_meaning(report, info.name, weight, words)))
    columns = [
        Column(h["layer"], layers),
        Column(h["weight"], names),
        Column(h["shape"], shapes),
        Column(h["split"], meanings, wrap=True, fold=1, comfort=WEIGHTS_COMFORT),
    ]
    return Layout(columns, keys=keys, title=h["weights_title"])


def weights_table(report: StackReport, words: Words) -> Group:
    """Every weight tensor and what its axes hold; under it, each layer's parameters written out."""
    written = formulas(report.spec)
    lines = [Text(words.headings["formula"], style="bold")]
    for predicted in report.predicted.layers:
        info = report.layer_seen(predicted)
        lines.append(Text(f"{info.name}: {written.get(info.name, f'{info.params:,}')}"))
    return Group(Fitted(weights_layout(report, words)), *lines)


def explanation_block(report: StackReport, words: Words) -> Group:
    paragraphs = [Text(words.headings["explain_title"], style="bold")]
    extra: list[str] = []
    if report.data is not None:
        from lstm_shapes.render.data import explain_data

        extra = explain_data(report, words)
    for paragraph in [*explain(report, words), *extra]:
        paragraphs += [Text(paragraph), Text("")]
    return Group(*paragraphs[:-1])


def to_json_data(report: StackReport) -> dict[str, Any]:
    """The report as plain data; docs/exit-codes-json.md documents every field."""
    spec = report.spec
    run = report.run
    tensors = []
    notes = row_notes(spec, list(report.predicted.tensors), ENGLISH)
    for row, note in zip(report.predicted.tensors, notes, strict=True):
        tensors.append(
            {
                "name": row.name,
                "layer": row.layer,
                "role": row.role.value,
                "shape": list(report.shape_of(row)),
                "predicted_shape": list(row.shape),
                "axes": list(row.axes),
                "note": note,
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
                "kernel_path": kernel_path_json(report, info.name),
            }
        )
    sequences: dict[str, Any] = {}
    if spec.masked or spec.embedding is not None:  # only then: the plain stack's JSON stays as it was
        sequences = {
            "lengths": list(spec.lengths) if isinstance(spec.lengths, tuple) else None,
            "padding": spec.padding.value if isinstance(spec.lengths, tuple) else None,
            "mask": None
            if not spec.masked
            else ("mask_zero" if spec.embedding is not None else spec.mask_value),
        }
    return {
        "tool_version": __version__,
        "source": report.source,
        "ok": report.ok,
        "input": {
            "batch": spec.batch,
            "window": spec.window,
            "features": spec.features,
            "shape": list(spec.input_shape),
            "dtype": "float32" if spec.embedding is None else "int32",
            "seed": spec.seed,
            **sequences,
        },
        "backend": None if run is None else run.backend,
        "backend_version": None if run is None else run.backend_version,
        "keras_version": None if run is None else run.keras_version,
        "device": None if run is None else run.device,
        "forward_seconds": None if run is None else run.forward_seconds,
        "forward_calls": None if run is None or run.forward_seconds is None else run.forward_calls,
        "layers": layers,
        "tensors": tensors,
        "total_params": (report.observed or report.predicted).total_params,
        "estimated_peak_bytes": estimate(report.predicted, spec.batch).total,
        "checks": [asdict(check) for check in report.checks],
        "stateful": stateful_json(report),
        "planned_kernel_paths": {
            plan.backend: {"device": plan.device, "layers": {p.layer: p.to_json() for p in plan.paths}}
            for plan in report.planned
        },
        **data_json_of(report),
    }


def data_json_of(report: StackReport) -> dict[str, Any]:
    """The `data` object, only for a run on the user's data."""
    if report.data is None:
        return {}
    from lstm_shapes.render.data import data_json

    return {"data": data_json(report)}


def to_document(report: StackReport, explanation: bool = False) -> dict[str, Any]:
    """The report's document; with `explanation`, the guided reading's paragraphs too, and
    `reading`: the same paragraphs as their catalogue keys and values.

    Sentences stay `Phrase`s: JSON prints them in English, markdown says them in the reader's language.
    """
    data = to_json_data(report)
    if explanation:
        paragraphs = reading(report)
        data["explanation"] = paragraphs
        data["reading"] = [keyed(paragraph) for paragraph in paragraphs]
    return data


def to_json(report: StackReport, explanation: bool = False) -> str:
    """The report as JSON; with `explanation`, the guided reading's paragraphs too (in English)."""
    return json.dumps(to_document(report, explanation), indent=2)


# --- backends, devices, kernel paths and timing (issue 6) ------------------------------------------------


def fmt_seconds(seconds: float) -> str:
    """0.0123 -> '12.3 ms'; 4.5 -> '4.50 s'."""
    if seconds < 1:
        return f"{seconds * 1000:.3g} ms"
    return f"{seconds:.2f} s"


def timing_text(report: StackReport, words: Words) -> str | None:
    """'forward pass 12.3 ms: median of 7 warm calls on tensorflow, CPU:0', with --time."""
    run = report.run
    if run is None or run.forward_seconds is None:
        return None
    return Phrase(
        "timing",
        seconds=fmt_seconds(run.forward_seconds),
        calls=run.forward_calls,
        backend=run.backend,
        device=run.device,
    ).say(words)


def kernel_path_text(layer: str, path: KernelPath, words: Words) -> str:
    """'lstm_1 kernel path: generic loop, not cuDNN: no GPU (confirmed)', in the words' language."""
    how = Phrase("confirmed" if path.confirmed else "predicted")
    if path.fast:
        return Phrase("kernel_fast", layer=layer, how=how).say(words)
    key = "kernel_slow_why" if path.reasons else "kernel_slow"
    return Phrase(key, layer=layer, path=Phrase(path.path), reasons=list(path.reasons), how=how).say(words)


def run_block(report: StackReport, words: Words) -> list[Text]:
    """Under the table: each recurrent layer's kernel path."""
    run = report.run
    if run is None:
        lines = [
            kernel_path_text(
                Phrase("kernel_on", layer=path.layer, backend=plan.backend, device=plan.device), path, words
            )
            for plan in report.planned
            for path in plan.paths
        ]
    else:
        lines = [kernel_path_text(path.layer, path, words) for path in run.kernel_paths]
    return [Text("\n".join(lines)), Text("")] if lines else []


def kernel_path_json(report: StackReport, layer: str) -> dict[str, Any] | None:
    if report.run is None:
        return None
    for path in report.run.kernel_paths:
        if path.layer == layer:
            return path.to_json()
    return None
