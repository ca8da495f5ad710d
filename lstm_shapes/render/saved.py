"""`inspect MODEL`: the saved model's report as a Rich table or JSON; nothing here computes shapes."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console, Group
from rich.text import Text

from lstm_shapes.locales import Phrase, Words, fill, said
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.predict.memory import estimate, human
from lstm_shapes.render.fit import Column, Fitted, Layout, fitted
from lstm_shapes.render.labels import TENSOR_LABELS
from lstm_shapes.render.table import AXES_MIN, WEIGHTS_COMFORT, check_line, timing_text
from lstm_shapes.report.saved import ModelReport, fmt_symbolic
from lstm_shapes.report.suite import CaseResult
from lstm_shapes.spec.partial import PartialRun
from lstm_shapes.spec.shapes import fmt_shape
from lstm_shapes.version import __version__

KEPT_MARK = "*"


def _h(words: Words, key: str) -> str:
    return words.headings.get(key, ENGLISH.headings.get(key, key))


def header(report: ModelReport, words: Words) -> str:
    run = report.run
    computed = fill(
        words.headings["computed"],
        keras=run.keras_version,
        backend=run.backend,
        backend_version=run.backend_version,
        device=run.device,
    )
    lines = [f"{report.source} · {report.model_name}", computed]
    timing = timing_text(report, words)  # type: ignore[arg-type]
    return "\n".join(lines + ([timing] if timing else []))


def inputs_block(report: ModelReport, words: Words) -> Text:
    lines = []
    for row in report.inputs:
        axes = " × ".join(words.axis(a) for a in row.axes)
        what = fill(
            _h(words, "model_input"),
            name=row.name,
            symbolic=fmt_symbolic(row.symbolic),
            dtype=row.dtype,
            shape=fmt_shape(row.shape),
            axes=axes,
        )
        if row.vocabulary is not None:
            what += " " + fill(_h(words, "model_tokens"), top=row.vocabulary - 1)
            if row.padded:
                what += " " + _h(words, "model_padded")
        lines.append(what)
    return Text("\n".join(lines))


def shape_layout(report: ModelReport, words: Words) -> Layout:
    """One row per tensor; on a narrow console Keras's symbolic shapes, then the axes, fold under it."""
    params = {info.name: info.params for info in report.shapes.layers}
    shown: set[str] = set()
    layers, labels, shapes, symbolics, axes, counts = [], [], [], [], [], []
    for tensor in report.tensors:
        row = tensor.row
        base = row.layer.split("[")[0]
        first = row.layer not in shown
        kind = report.kinds.get(base)
        if base in shown and row.layer != base:  # a cell of a stack, a custom cell's state: its index
            layer = row.layer[len(base) :] if first else ""
        else:
            layer = "" if not first else (row.layer if kind is None else f"{row.layer} ({kind})")
        shown.update((row.layer, base))
        layers.append(Text(layer))
        labels.append(
            Text(
                TENSOR_LABELS[row.role] + (f" {KEPT_MARK}" if tensor.kept else ""),
                style="cyan" if tensor.kept else "",
            )
        )
        shapes.append(Text(fmt_shape(row.shape)))
        symbolic = "" if tensor.symbolic is None else fmt_symbolic(tensor.symbolic)
        symbolics.append(Text(symbolic or ("—" if tensor.kept else "")))
        axes.append(Text(" × ".join(words.axis(a) for a in row.axes)))
        count = params.get(row.layer)
        counts.append(Text("" if count is None or not first else f"{count:,}"))
    columns = [
        Column(_h(words, "layer"), layers, footer=_h(words, "total"), wrap=True),
        Column(_h(words, "tensor"), labels),
        Column(_h(words, "shape"), shapes),
        Column(_h(words, "model_symbolic"), symbolics, fold=2),
        Column(_h(words, "axes"), axes, wrap=True, fold=1, comfort=AXES_MIN),
        Column(_h(words, "params"), counts, footer=f"{report.count_params:,}", justify="right"),
    ]
    return Layout(columns, keys=[t.row.name for t in report.tensors], footer=True)


def weights_layout(report: ModelReport, words: Words) -> Layout:
    """Every weight tensor; on a narrow console the gate split folds under the table."""
    keys, layers, names, shapes, splits = [], [], [], [], []
    for info in report.shapes.layers:
        words_keys = report.weight_words.get(info.name, ())
        for i, weight in enumerate(info.weights):
            split = ""
            gates = words.gates.get(words_keys[i] if i < len(words_keys) else "")
            if gates and weight.shape and weight.shape[-1] % len(gates) == 0:
                units = weight.shape[-1] // len(gates)
                split = ", ".join(f"{n} [{k * units}:{(k + 1) * units}]" for k, n in enumerate(gates))
            keys.append(f"{info.name}.{weight.name}")
            layers.append(Text(info.name if i == 0 else ""))
            names.append(Text(weight.name))
            shapes.append(Text(fmt_shape(weight.shape)))
            splits.append(Text(split))
    columns = [
        Column(_h(words, "layer"), layers),
        Column(_h(words, "weight"), names),
        Column(_h(words, "shape"), shapes),
        Column(_h(words, "split"), splits, wrap=True, fold=1, comfort=WEIGHTS_COMFORT),
    ]
    return Layout(columns, keys=keys, title=_h(words, "weights_title"))


def print_report(
    report: ModelReport,
    console: Console,
    words: Words,
    weights: bool = False,
    explanation: bool = False,
) -> None:
    parts: list[Any] = [Text(header(report, words), style="bold")]
    if report.data is not None:
        from lstm_shapes.render.data import data_block

        parts.append(data_block(report, words))
    parts += [inputs_block(report, words), fitted(shape_layout(report, words), console.width)]
    if any(t.kept for t in report.tensors):
        parts.append(Text(f"{KEPT_MARK} {_h(words, 'model_kept')}", style="cyan"))
    if not report.recurrent:
        parts.append(Text(_h(words, "model_no_recurrent"), style="yellow"))
    parts.append(Text("\n").join(check_line(check, words) for check in report.checks))
    for note in report.notes:
        parts.append(Text(fill(_h(words, "keras2_note"), note=said(note, words)), style="yellow"))
    for note in report.symbolic_notes:  # Keras's symbolic shape is wrong where the layer math is right
        parts.append(Text(said(note, words), style="yellow"))
    if weights:
        parts += [Text(""), fitted(weights_layout(report, words), console.width)]
    if explanation:
        parts += [Text(""), Text(_h(words, "model_explain"))]
    console.print(Group(*parts))


def to_json_data(report: ModelReport) -> dict[str, Any]:
    run = report.run
    peak = estimate(report.shapes, max(report.inputs[0].shape[0], 1) if report.inputs else 1).total
    return {
        "tool_version": __version__,
        "source": "observed",
        "model": report.source,
        "model_name": report.model_name,
        "ok": report.ok,
        "inputs": [
            {
                "name": i.name,
                "shape": list(i.shape),
                "symbolic_shape": list(i.symbolic),
                "dtype": i.dtype,
                "axes": list(i.axes),
                "vocabulary": i.vocabulary,
            }
            for i in report.inputs
        ],
        "backend": run.backend,
        "backend_version": run.backend_version,
        "keras_version": run.keras_version,
        "device": run.device,
        "forward_seconds": run.forward_seconds,
        "layers": [
            {
                "name": info.name,
                "kind": info.kind,
                "params": info.params,
                "weights": [{"name": w.name, "shape": list(w.shape)} for w in info.weights],
            }
            for info in report.shapes.layers
        ],
        "tensors": [
            {
                "name": t.row.name,
                "layer": t.row.layer,
                "role": t.row.role.value,
                "shape": list(t.row.shape),
                "symbolic_shape": None if t.symbolic is None else list(t.symbolic),
                "axes": list(t.row.axes),
                "returned": not t.kept,
            }
            for t in report.tensors
        ],
        "total_params": report.count_params,
        "recurrent_layers": report.recurrent,
        "estimated_peak_bytes": peak,
        "estimated_peak": human(peak),
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in report.checks],
        "notes": [str(note) for note in report.notes],
        "symbolic_notes": [
            {"key": note.key, "tensor": note.values["name"], "message": str(note)}
            for note in report.symbolic_notes
        ],
        **_data_json(report),
    }


def _data_json(report: ModelReport) -> dict[str, Any]:
    """The `data` object (--data), as the main command writes it; absent without --data."""
    if report.data is None:
        return {}
    from lstm_shapes.render.data import data_json

    return {"data": data_json(report)}


def to_json(report: ModelReport) -> str:
    return json.dumps(to_json_data(report), indent=2)


def case_json(result: CaseResult) -> dict[str, Any]:
    """A `model = "..."` case's report for `check --json`, beside the stack cases' `report`."""
    if result.case.model is None:
        return {}
    return {"model_report": None if result.model_report is None else to_json_data(result.model_report)}


def partial_table(partial: PartialRun, words: Words) -> Group:
    """The layers that worked, the one Keras refused (what it got, what it needs), Keras's words, a fix.

    Laid out by the one rule (render/fit.py): whole names in every cell, and the refused layer's
    verdict on a line of its own under the table, where a narrow console cannot squeeze it.
    """
    h = words.headings
    names = [partial.input_name, *(row.layer for row in partial.rows), partial.failing]
    kinds = ["Input", *(row.kind for row in partial.rows), partial.failing_kind]
    shapes = [fmt_partial(partial.input_shape), *(fmt_partial(row.shape) for row in partial.rows)]
    counts = ["", *(f"{row.params:,}" for row in partial.rows), ""]
    failing = len(names) - 1
    columns = [
        Column(
            _h(words, "layer"),
            [Text(n, style="bold red" if k == failing else "") for k, n in enumerate(names)],
        ),
        Column(_h(words, "kind"), [Text(kind) for kind in kinds]),
        Column(_h(words, "shape"), [*(Text(s) for s in shapes), Text("✗", style="bold red")]),
        Column(_h(words, "params"), [Text(c) for c in counts], justify="right"),
    ]
    layout = Layout(columns, keys=names, title=fill(h["partial_title"], source=partial.source))
    refused = (
        fill(h["partial_refused"], got=fmt_partial(partial.got), needs=partial.needs)
        if partial.needs
        else fill(h["partial_refused_plain"], got=fmt_partial(partial.got))
    )
    lines = [
        Text(f"{partial.failing}: {refused}", style="red"),
        Text(fill(h["partial_keras"], said=partial.keras_said)),
        Text(fill(h["partial_fix"], fix=said(partial.fix, words))),
    ]
    return Group(Fitted(layout), *lines)


def fmt_partial(shape: tuple[int | None, ...]) -> str:
    from lstm_shapes.spec.partial import fmt

    return fmt(shape)


def partial_json(partial: PartialRun) -> str:
    """`inspect --json` for a model Keras refused: ok false and how far it got."""
    from lstm_shapes.spec.partial import fmt

    def dims(shape: tuple[int | None, ...]) -> list[int | None]:
        return list(shape)

    return json.dumps(
        {
            "tool_version": __version__,
            "source": "observed",
            "model": partial.source,
            "ok": False,
            "partial": {
                "input": {"name": partial.input_name, "shape": dims(partial.input_shape)},
                "layers": [
                    {
                        "name": r.layer,
                        "kind": r.kind,
                        "input_shape": dims(r.got),
                        "shape": dims(r.shape),
                        "params": r.params,
                    }
                    for r in partial.rows
                ],
                "failing": {
                    "name": partial.failing,
                    "kind": partial.failing_kind,
                    "input_shape": dims(partial.got),
                    "input_shape_text": fmt(partial.got),
                    "needs": partial.needs,
                    "keras_said": partial.keras_said,
                    "fix": str(partial.fix),
                    "fix_key": partial.fix.key if isinstance(partial.fix, Phrase) else None,
                },
            },
        },
        indent=2,
    )
