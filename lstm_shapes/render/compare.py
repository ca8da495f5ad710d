"""`--compare`: every combination of on/off flags side by side, as a table or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.locales import Words, fill, said, say
from lstm_shapes.render.sequences import compare_rows
from lstm_shapes.render.table import to_json_data
from lstm_shapes.spec.shapes import Role, TensorRow, fmt_shape

if TYPE_CHECKING:
    from lstm_shapes.report.compare import Variant


def refusal(error: InvalidSpec, words: Words) -> str:
    problem = say(error, words)[0]
    return f"{error.field}: {problem}" if error.field else problem


def compare_table(variants: Sequence[Variant], words: Words, width: int = 200) -> Group:
    """The shapes of every combination side by side; refused ones say why under the table.

    When the columns, headed by their settings, do not fit `width`, the settings become a
    numbered legend and the columns come in blocks that fit, so nothing is ever cut.
    """
    h = words.headings
    rows: dict[str, TensorRow] = {}
    layer_rank: dict[str, int] = {}
    for variant in variants:
        if variant.report is not None:
            for row in variant.report.predicted.tensors:
                rows.setdefault(row.name, row)
                layer_rank.setdefault(row.layer, len(layer_rank))
    roles = list(Role)
    names = sorted(rows, key=lambda name: (layer_rank[rows[name].layer], roles.index(rows[name].role)))
    columns: list[list[Text]] = []
    # What the mask and the padding change, where a column masks (render/sequences.py).
    masks = compare_rows([v.report for v in variants], words)
    for variant in variants:
        report = variant.report
        seen = {} if report is None else {row.name: report.shape_of(row) for row in report.predicted.tensors}
        cells = [Text(fmt_shape(seen[name]) if name in seen else h["absent"]) for name in names]
        cells += [Text(row[1][len(columns)]) for row in masks]
        cells.append(
            Text("" if report is None else f"{(report.observed or report.predicted).total_params:,}")
        )
        marks = {"ok": Text("✓", style="green"), "failed": Text("✗", style="bold red")}
        cells.append(marks.get(variant.status, Text(h["refused"].split(":")[0], style="yellow")))
        columns.append(cells)
    labels = [Text(name) for name in names] + [Text(label) for label, _ in masks]
    labels += [Text(h["params"], style="bold"), Text("")]
    headers = [f"[{i}] " + "\n".join(said(v.label, words).split(", ")) for i, v in enumerate(variants, 1)]

    def table(indices: Sequence[int], head: Sequence[str], title: str | None, least: int = 0) -> Table:
        out = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=title, title_justify="left")
        out.add_column(h["tensor"], no_wrap=True, min_width=label_width if least else None)
        for i in indices:
            out.add_column(head[i], no_wrap=bool(least), min_width=least or None)
        for r, label in enumerate(labels):
            out.add_row(label, *[columns[i][r] for i in indices])
        return out

    title = fill(h["compare_title"], count=len(variants))
    label_width = max(cell_len(label.plain) for label in [*labels, Text(h["tensor"])])
    # A header may wrap between its words, but no word of it, shape or count may be cut.
    widths = [
        max(max(cell_len(c.plain) for c in column), *(cell_len(word) for word in header.split()))
        for column, header in zip(columns, headers, strict=True)
    ]
    parts: list[Table | Text] = []
    if label_width + sum(w + 2 for w in widths) <= width:
        parts.append(table(range(len(variants)), headers, title))
    else:
        legend = [Text(title, style="bold")]
        legend += [Text(f"[{i}] {said(v.label, words)}") for i, v in enumerate(variants, 1)]
        parts.append(Text("\n").join(legend))
        numbers = [f"[{i}]" for i in range(1, len(variants) + 1)]
        shape_width = max(max(cell_len(c.plain) for c in column) for column in columns)
        column_width = max(shape_width, cell_len(numbers[-1]))
        # Each column costs its width and two spaces of padding; the label column one space.
        per_block = max(1, (width - label_width - 1) // (column_width + 2))
        for start in range(0, len(variants), per_block):
            block = range(start, min(start + per_block, len(variants)))
            parts.append(table(block, numbers, None, column_width))
    notes = [
        Text(f"[{i}] " + fill(h["refused"], reason=refusal(v.error, words)), style="yellow")
        for i, v in enumerate(variants, 1)
        if v.error is not None
    ]
    failed = [
        Text(f"[{i}] ✗ {c.name}: {c.detail}", style="red")
        for i, v in enumerate(variants, 1)
        if v.report is not None
        for c in v.report.checks
        if not c.passed
    ]
    predicted = [] if any(v.report and v.report.observed for v in variants) else [Text(h["predicted_note"])]
    return Group(*parts, *notes, *failed, *predicted)


def compare_json(variants: Sequence[Variant], flags: Sequence[str]) -> str:
    return json.dumps(compare_document(variants, flags), indent=2)


def compare_document(variants: Sequence[Variant], flags: Sequence[str]) -> dict[str, Any]:
    """--compare's document, its sentences still `Phrase`s."""
    return {
        "compare": list(flags),
        "ok": all(v.status != "failed" for v in variants) and any(v.report for v in variants),
        "variants": [
            {
                "settings": v.settings,
                "status": v.status,
                "refused": v.refused,
                "report": None if v.report is None else to_json_data(v.report),
            }
            for v in variants
        ],
    }
