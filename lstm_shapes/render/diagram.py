"""The stack unrolled over time (`--diagram`): time steps as columns, each layer a row of cells.

Drawn from a `StackReport` alone: the shapes are the report's (observed when it ran),
which steps' outputs leave a layer and where its states end up follow from the spec.
Bottom to top, as data flows: the input, a Conv1D (its own, shorter time axis), the
recurrent layers, the head. In a layer's row, ■ is a step whose output leaves the
layer, □ a step computed but not returned; ─▶ (◀─ for a layer reading backwards)
carries h (and c) to the next step, and `─▶ h, c` at the end of a row are the
states the layer returns with return_state. Long windows keep their first and last
steps with … between, so a row fits the console's width.

A masked stack with padding is drawn for one sample, named under the title: the shortest
(the one with the most padding, the first of them). Its padded steps are · in the input,
and in a layer = (the last valid output repeated), 0 (zeros) or · (a layer that returns no
sequence skips them); a layer's last output, and so its h, leaves at the sample's last valid
step in reading order, not at the last column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from rich.cells import cell_len
from rich.text import Text

from lstm_shapes.locales import Words, fill
from lstm_shapes.predict.sequences import ZEROS, padded_rules
from lstm_shapes.render.labels import TENSOR_LABELS
from lstm_shapes.report.types import StackReport
from lstm_shapes.spec.masking import EMBEDDING_NAME, MASKING_NAME, PadSide, valid_steps
from lstm_shapes.spec.shapes import CONV_NAME, HEAD_NAME, Role, fmt_shape
from lstm_shapes.spec.stack import ConvSpec, HeadKind, LayerSpec, StackSpec

LEAVES = "■"
STAYS = "□"
INPUT_CELL = "○"
ELIDED = "…"
UP = "↑"
FORWARD = "─▶"
BACKWARD = "◀─"
# The followed sample's padded steps: in the input; repeating the last valid output; zeros.
PADDED = "·"
REPEATS = "="
ZEROED = "0"
# Columns to the left of the first step (a row's tag and states leaving a backward row),
# and to the right of the last one (states leaving a forward row).
LEFT = 12
RIGHT = 9
# The most step columns drawn, whatever the width: beyond this a row reads as a texture.
MOST_COLUMNS = 16
NARROWEST = LEFT + RIGHT + 3 * 5


def columns(steps: int, fit: int) -> tuple[int | None, ...]:
    """The steps drawn (1-based), None where … stands for the ones left out.

    All of them when they fit; else the first half and the last half of `fit - 1`
    steps around one …, so the first and the last step are always there.
    """
    if steps <= fit:
        return tuple(range(1, steps + 1))
    shown = max(fit - 1, 2)
    first = -(-shown // 2)
    last = shown - first
    return (*range(1, first + 1), None, *range(steps - last + 1, steps + 1))


@dataclass(frozen=True)
class Lane:
    """One row of cells: a direction of a recurrent layer, a Conv1D, the input or the head.

    `reads` is +1 left to right, -1 right to left, 0 for no recurrence (no arrows);
    `leaving` the steps whose outputs leave (all of them, or the last one read);
    `states` what leaves at the end of the row with return_state ("h, c"), or "".
    """

    tag: str
    steps: int
    reads: int
    leaving: frozenset[int]
    states: str = ""
    glyph: str = ""
    # Steps that do not leave are not drawn at all (a Dense head on a 2-D output is one cell).
    sparse: bool = False
    # The followed sample's padded steps and what they hold there (PADDED, REPEATS, ZEROED).
    padded: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Followed:
    """The sample a masked stack is drawn for: its number, length and valid steps (1-based)."""

    sample: int
    length: int
    valid: frozenset[int]
    padding: PadSide


def followed(spec: StackSpec) -> Followed | None:
    """The shortest sample of a padded batch (the first of them), or None when nothing is padded."""
    if not spec.masked or not isinstance(spec.lengths, tuple) or min(spec.lengths) == spec.window:
        return None
    # A sample with no valid step has nothing to draw (the table's line says it is all zeros):
    # follow the shortest that has one.
    n = min((m for m in spec.lengths if m > 0), default=0)
    if n == 0:
        return None
    sample = spec.lengths.index(n)
    row = valid_steps(spec.lengths, spec.window, spec.padding)[sample]
    return Followed(sample, n, frozenset(t + 1 for t, ok in enumerate(row) if ok), spec.padding)


def _padded(
    layer: LayerSpec, reads: int, steps: int, fill: str, sample: Followed
) -> tuple[tuple[int, str], ...]:
    """What one direction holds at the sample's padded steps: its rule, zeros before the first valid one."""
    first = min(sample.valid) if reads > 0 else max(sample.valid)
    marks = []
    for step in range(1, steps + 1):
        if step in sample.valid:
            continue
        if not layer.return_sequences:
            marks.append((step, PADDED))
        elif fill == ZEROS or (step < first if reads > 0 else step > first):
            marks.append((step, ZEROED))
        else:
            marks.append((step, REPEATS))
    return tuple(marks)


def lanes_of(
    layer: LayerSpec,
    steps: int,
    words: Words,
    sample: Followed | None = None,
    fills: tuple[str, ...] = (),
) -> list[Lane]:
    """A recurrent layer's directions; Bidirectional's backward layer reads the other way.

    Keras makes the backward layer with go_backwards flipped, so with go_backwards on,
    the "forward" layer is the one reading from the end. With a followed `sample`, each
    direction's padded steps hold its rule (`fills`, per direction) and its last output
    leaves at the sample's last valid step in reading order.
    """
    states = ", ".join(layer.state_labels())
    first_reads = -1 if layer.go_backwards else 1
    directions = [("", first_reads)]
    if layer.bidirectional:
        headings = words.headings
        directions = [
            (headings.get("diagram_forward", "fwd"), first_reads),
            (headings.get("diagram_backward", "bwd"), -first_reads),
        ]
    lanes = []
    for i, (tag, reads) in enumerate(directions):
        last = steps if reads > 0 else 1
        padded: tuple[tuple[int, str], ...] = ()
        if sample is not None:
            last = max(sample.valid) if reads > 0 else min(sample.valid)
            padded = _padded(layer, reads, steps, fills[i] if i < len(fills) else "", sample)
        leaving = frozenset(range(1, steps + 1)) if layer.return_sequences else frozenset({last})
        lanes.append(Lane(tag, steps, reads, leaving, states if layer.return_state else "", padded=padded))
    return lanes


def draw_lane(lane: Lane, fit: int, width: int) -> Text:
    """`tag  ■ ─▶ ■ ─▶ … ─▶ ■ ─▶ h, c`: the cells at their columns, arrows in the gaps."""
    line = Text()
    left = lane.tag
    if lane.states and lane.reads < 0:
        arrow = f"{lane.states} {BACKWARD} "
        left = lane.tag + " " * (LEFT - cell_len(lane.tag) - len(arrow)) + arrow
    line.append(left + " " * (LEFT - cell_len(left)), style="dim" if not lane.states else "")
    # The arrow is a segment of its own, between unstyled spaces, so that an SVG viewer
    # places it at its column even where its font draws ─ or ▶ narrower than a cell.
    arrow = ""
    if lane.reads > 0:
        arrow = "─" * (width - 4) + "▶"
    elif lane.reads < 0:
        arrow = "◀" + "─" * (width - 4)
    shown = columns(lane.steps, fit)
    padded = dict(lane.padded)
    for i, step in enumerate(shown):
        if step is None:
            line.append(" " if lane.sparse else ELIDED, style="dim")
        elif step in padded:
            line.append(padded[step], style="yellow")
        elif lane.glyph:
            line.append(lane.glyph, style="dim")
        elif step in lane.leaving:
            line.append(LEAVES, style="bold cyan")
        else:
            # A style of its own keeps □ apart from the spaces around it in an SVG export.
            line.append(" " if lane.sparse else STAYS, style="not dim")
        if i + 1 < len(shown):
            if arrow:
                line.append(" ")
                line.append(arrow, style="dim")
                line.append(" ")
            else:
                line.append(" " * (width - 1))
    if lane.states and lane.reads > 0:
        line.append(" ")
        line.append(f"{FORWARD} {lane.states}", style="bold magenta")
    line.rstrip()
    return line


def _marks(label: str, marks: Sequence[str], width: int, style: str) -> Text:
    """`label` in the left margin, then one mark per column; each mark its own segment.

    Separate segments give each mark its own position in an SVG export, so a viewer's
    fallback font for ↑ or … cannot shift the marks after it.
    """
    text = Text(label + " " * max(LEFT - cell_len(label), 1 if label else 0))
    for i, mark in enumerate(marks):
        text.append(mark, style=style)
        if i + 1 < len(marks):
            text.append(" " * (width - cell_len(mark)))
    text.rstrip()
    return text


def reads_line(steps: int, fit: int, width: int, at: frozenset[int] | None = None) -> Text:
    """↑ under every drawn step that a row reads from below (`at`: only those steps)."""
    marks = []
    for step in columns(steps, fit):
        mark = ELIDED if step is None else UP
        if at is not None and step not in at:
            mark = " "
        marks.append(mark)
    return _marks("", marks, width, "dim")


def steps_line(steps: int, fit: int, width: int, label: str) -> Text:
    marks = [ELIDED if step is None else str(step) for step in columns(steps, fit)]
    return _marks(label, marks, width, "dim")


def facts_lines(facts: Sequence[str], limit: int) -> list[Text]:
    """Facts joined by ` · `, wrapped onto indented lines so that none is wider than `limit`."""
    lines: list[str] = []
    current = ""
    for fact in facts:
        joined = f"{current} · {fact}" if current else fact
        if current and cell_len(joined) > limit:
            lines.append(current)
            current = "  " + fact
        else:
            current = joined
    lines.append(current)
    out = []
    for i, line in enumerate(lines):
        text = Text(line, style="bold" if i == 0 else "")
        text.truncate(limit)
        out.append(text)
    return out


def _shape(report: StackReport, name: str) -> str:
    return fmt_shape(report.shape_of(report.predicted.tensor(name)))


def layer_facts(report: StackReport, name: str, layer: LayerSpec, words: Words) -> list[str]:
    """lstm_1 · LSTM(20) · output (32, 25, 20) · h (32, 20) · c (32, 20)."""
    inner = layer.keras_text()
    if layer.bidirectional:
        merge = layer.merge
        inner = f"Bidirectional({inner}, {merge.value if merge else 'concat'})"
    facts = [name, inner]
    for row in report.predicted.tensors:
        if row.layer.split("[")[0] == name and row.role is not Role.INPUT:
            index = row.layer[len(name) :]  # a cell's states when one RNN runs several: [1] h
            facts.append(
                f"{index + ' ' if index else ''}{TENSOR_LABELS[row.role]} {_shape(report, row.name)}"
            )
    headings = words.headings
    if layer.go_backwards:
        key = "diagram_go_backwards_sequences" if layer.return_sequences else "diagram_go_backwards"
        default = (
            "reads {steps} → 1, returns them in that order" if layer.return_sequences else "reads {steps} → 1"
        )
        facts.append(fill(headings.get(key, default), steps=report.spec.steps))
    if layer.stateful:
        facts.append(headings.get("diagram_stateful", "states kept for the next batch"))
    return facts


def front_facts(report: StackReport, name: str) -> list[str]:
    """embedding · Embedding(20, 8, mask_zero=True) · output (3, 6, 8); or the Masking layer's."""
    spec = report.spec
    if name == EMBEDDING_NAME and spec.embedding is not None:
        e = spec.embedding
        kind = f"Embedding({e.vocab}, {e.dim}" + (", mask_zero=True)" if e.mask_zero else ")")
    else:
        kind = f"Masking({spec.mask_value:g})"
    return [name, kind, f"output {_shape(report, f'{name}.output')}"]


def legend(spec: StackSpec, words: Words, limit: int, used: frozenset[str] = frozenset()) -> list[Text]:
    headings = words.headings
    carried = max((layer.state_labels() for layer in spec.layers), key=len)
    states = ", ".join(carried)
    backwards = any(layer.go_backwards or layer.bidirectional for layer in spec.layers)
    arrows = f"{FORWARD} {BACKWARD}" if backwards else FORWARD
    facts = [
        f"{LEAVES} " + headings.get("diagram_leaves", "output leaves the layer"),
        f"{STAYS} " + headings.get("diagram_stays", "computed, not returned"),
        f"{arrows} " + fill(headings.get("diagram_carries", "{states} to the next step"), states=states),
    ]
    if any(layer.return_state for layer in spec.layers):
        facts.append(
            fill(headings.get("diagram_returned", "{states} at the end: return_state"), states=states)
        )
    lines = facts_lines(facts, limit)
    if followed(spec) is not None:  # on lines of their own: the · mark would read as a separator
        lines += facts_lines(padded_legend(spec, words, used), limit)
    for line in lines:
        line.stylize("dim")
        line.stylize("not bold")
    return lines


def padded_legend(spec: StackSpec, words: Words, used: frozenset[str]) -> list[str]:
    """The marks of the followed sample's padded steps, only those the picture uses."""
    headings = words.headings
    pad = "id 0" if spec.embedding is not None else f"{spec.mask_value:g}"
    facts = [f"{PADDED} " + fill(headings["diagram_padded"], pad=pad)]
    if any(not layer.return_sequences for layer in spec.layers):
        facts.append(f"{PADDED} " + headings["diagram_skipped"])
    if REPEATS in used:
        facts.append(f"{REPEATS} " + headings["diagram_repeats"])
    if ZEROED in used:
        facts.append(f"{ZEROED} " + headings["diagram_zeros"])
    if any(layer.return_state or not layer.return_sequences for layer in spec.layers):
        facts.append(headings["diagram_h_valid"])
    return facts


def sample_line(spec: StackSpec, words: Words, sample: Followed) -> str:
    """Which sample the picture follows, and why that one."""
    return fill(
        words.headings["diagram_sample"],
        sample=sample.sample,
        n=sample.length,
        window=spec.window,
        padding=sample.padding.value,
        batch=spec.batch,
    )


def layout(spec: StackSpec, width: int) -> tuple[int, int]:
    """The width of a step column and how many columns fit in `width` console cells."""
    column = max(5, len(str(spec.window)) + 2)
    usable = max(width, NARROWEST) - LEFT - RIGHT
    fit = max(3, min(MOST_COLUMNS, (usable - 1) // column + 1))
    return column, fit


def diagram(report: StackReport, words: Words, width: int = 80) -> Text:
    """The whole picture, head on top, as one Rich Text (printable, exportable to SVG/HTML)."""
    spec = report.spec
    column, fit = layout(spec, width)
    limit = max(width, NARROWEST)
    headings = words.headings
    time_label = headings.get("diagram_time", "t")
    steps = spec.steps
    title = "diagram_title_one" if steps == 1 else "diagram_title"
    blocks: list[Text] = [
        Text(fill(headings.get(title, "Unrolled over {steps} time steps"), steps=steps), "bold"),
    ]
    sample = followed(spec)
    if sample is not None:
        blocks += facts_lines([sample_line(spec, words, sample)], limit)
    run = report.run
    paths = {p.layer: p.path for p in run.kernel_paths} if run else {}

    used: set[str] = set()

    def lanes(name: str, layer: LayerSpec) -> list[Lane]:
        rules = padded_rules(layer, run.backend if run else None, paths.get(name))
        found = lanes_of(layer, steps, words, sample, tuple(r.fill for r in rules))
        used.update(mark for lane in found for _, mark in lane.padded)
        return found

    top = spec.layers[-1]
    if spec.head.kind is not HeadKind.NONE:
        kind = f"Dense({spec.head.units})"
        if spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            kind = f"TimeDistributed({kind})"
        elif spec.head.kind is HeadKind.FLATTEN:
            kind = f"Flatten → {kind}"
        head_facts = [HEAD_NAME, kind, _shape(report, f"{HEAD_NAME}.output")]
        blocks += facts_lines(head_facts, limit)
        if top.return_sequences:
            reads = frozenset(range(1, steps + 1))
        else:
            reads = frozenset().union(*(lane.leaving for lane in lanes(spec.layer_names[-1], top)))
        sparse = not top.return_sequences
        blocks.append(draw_lane(Lane("", steps, 0, reads, sparse=sparse), fit, column))
        blocks.append(reads_line(steps, fit, column, reads if sparse else None))
    for name, layer in reversed(tuple(zip(spec.layer_names, spec.layers, strict=True))):
        blocks += facts_lines(layer_facts(report, name, layer, words), limit)
        blocks += [draw_lane(lane, fit, column) for lane in lanes(name, layer)]
        blocks.append(reads_line(steps, fit, column))
    if spec.conv is not None:
        conv = spec.conv
        conv_facts = [
            CONV_NAME,
            f"Conv1D({conv.filters}, kernel_size={conv.kernel_size}, strides={conv.strides}, "
            f"{conv.padding.value}{conv_extras(conv)})",
            _shape(report, f"{CONV_NAME}.output"),
            fill(
                headings.get("diagram_shortened", "{window} → {steps} time steps"),
                window=spec.window,
                steps=steps,
            ),
        ]
        blocks += facts_lines(conv_facts, limit)
        blocks.append(draw_lane(Lane("", steps, 0, frozenset(range(1, steps + 1))), fit, column))
        blocks.append(steps_line(steps, fit, column, time_label))
        blocks.append(reads_line(spec.window, fit, column))
    for front in (EMBEDDING_NAME, MASKING_NAME):
        if report.predicted.tensors and any(row.layer == front for row in report.predicted.tensors):
            blocks += facts_lines(front_facts(report, front), limit)
            blocks.append(reads_line(spec.window, fit, column))
    blocks += facts_lines(["input", _shape(report, "input")], limit)
    padded = tuple((t, PADDED) for t in range(1, spec.window + 1) if sample and t not in sample.valid)
    blocks.append(
        draw_lane(Lane("", spec.window, 0, frozenset(), glyph=INPUT_CELL, padded=padded), fit, column)
    )
    blocks.append(steps_line(spec.window, fit, column, time_label))
    blocks += legend(spec, words, limit, frozenset(used))
    return Text("\n").join(blocks)


def conv_extras(conv: ConvSpec) -> str:
    """The Conv1D's settings beyond filters, kernel, strides and padding, where not Keras's default."""
    shown = ("filters", "kernel_size", "strides", "padding")
    return "".join(
        f", {f.name}={getattr(conv, f.name)}"
        for f in fields(conv)
        if f.name not in shown and getattr(conv, f.name) != f.default
    )
