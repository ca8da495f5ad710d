"""Words about stateful layers: the --batches block under the table and the --explain paragraph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_shapes.locales import Phrase, Words, fill, joined, paragraph

if TYPE_CHECKING:
    from lstm_shapes.report.types import StackReport


def stateful_names(report: StackReport) -> list[str]:
    spec = report.spec
    return [name for name, layer in zip(spec.layer_names, spec.layers, strict=True) if layer.stateful]


def stateful_lines(report: StackReport, words: Words) -> list[str]:
    """What ran: N batches, where they came from, sample i continuing sample i; or the plan under --no-run."""
    spec, h = report.spec, words.headings
    names = stateful_names(report)
    if not names or spec.batches < 2:
        return []
    run = report.stateful
    from_data = run.source == "data" if run is not None else report.data is not None
    source = h["stateful_from_data"] if from_data else h["stateful_from_seeds"]
    last = spec.seed + spec.batches - 1
    line = fill(
        h["stateful_batches"],
        batches=spec.batches,
        batch=spec.batch,
        layers=", ".join(names),
        source=fill(source, first=spec.seed, last=last),
    )
    if run is None:
        line += "\n" + h["stateful_predicted"]
    return [line]


def stateful_paragraph(report: StackReport) -> Phrase | None:
    """--explain: sample i continues sample i, the fixed batch size, shuffle=False, resetting per epoch."""
    spec = report.spec
    names = stateful_names(report)
    if not names:
        return None
    carried = paragraph(
        "stateful", layers=", ".join(names), count=len(names), batch=spec.batch, window=spec.window
    )
    if report.stateful is None:
        return carried
    return joined(carried, " ", paragraph("stateful_batches", batches=report.stateful.batches))


def stateful_json(report: StackReport) -> dict[str, object] | None:
    if not stateful_names(report) or report.spec.batches < 2:
        return None
    if report.stateful is None:
        return {"batches": report.spec.batches, "batch": report.spec.batch, "predicted_only": True}
    data: dict[str, object] = report.stateful.to_json()
    return data
