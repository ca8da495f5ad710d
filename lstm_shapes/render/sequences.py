"""Words about masks and padding: the input line, the front layer's note, each layer's padded steps and h."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from lstm_shapes.kinds import FUSED
from lstm_shapes.locales import Phrase, Words, fill, joined, paragraph
from lstm_shapes.predict.kernels import MASK_EMPTY, MASK_LEFT, mask_kind
from lstm_shapes.predict.sequences import ZEROS, padded_rules
from lstm_shapes.spec.masking import EMBEDDING_NAME, MASKING_NAME, PadSide, summary
from lstm_shapes.spec.shapes import TensorRow, fmt_shape

if TYPE_CHECKING:
    from lstm_shapes.report.types import StackReport
    from lstm_shapes.spec.stack import LayerSpec, StackSpec


def input_line(spec: StackSpec, words: Words) -> str:
    """The header's input line: float32 random, or int32 token ids; then the lengths and padding."""
    h = words.headings
    key = "input" if spec.embedding is None else "input_ids"
    line = fill(h[key], shape=fmt_shape(spec.input_shape), seed=spec.seed)
    if isinstance(spec.lengths, tuple):
        pad = "id 0" if spec.embedding is not None else f"{spec.mask_value:g}"
        line += "\n" + fill(h["lengths"], lengths=summary(spec.lengths), padding=spec.padding.value, pad=pad)
    return line


def front_note(spec: StackSpec, row: TensorRow, words: Words) -> str | None:
    """The "Why" of the input ids, the Embedding's or the Masking layer's row; None for others."""
    n = words.notes
    if row.layer == "input" and spec.embedding is not None:
        return fill(n["input_ids"], window=spec.window, top=spec.embedding.vocab - 1)
    if row.layer == EMBEDDING_NAME and spec.embedding is not None:
        e = spec.embedding
        mask = n["embedding_mask"] if e.mask_zero else ""
        return fill(n["embedding"], dim=e.dim, vocab=e.vocab, mask=mask)
    if row.layer == MASKING_NAME and spec.mask_value is not None:
        return fill(n["masking"], features=spec.features, value=f"{spec.mask_value:g}")
    return None


def mask_lines(report: StackReport, words: Words) -> list[str]:
    """One line per recurrent layer that returns its sequence: its padded steps, and where h comes from."""
    spec = report.spec
    if not spec.masked:
        return []
    run = report.run
    paths = {p.layer: p.path for p in run.kernel_paths} if run else {}
    lines = []
    n = words.notes
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        if not layer.return_sequences:
            h = n["h_first_valid" if layer.go_backwards and not layer.bidirectional else "h_last_valid"]
            # No sequence comes out, so no padded steps to describe: only where h comes from.
            lines.append(fill(words.headings["mask_h_only"], name=name, h=h))
            continue
        rules = padded_rules(layer, run.backend if run else None, paths.get(name))
        rule = n["padded_zeros" if all(r.fill == ZEROS for r in rules) else "padded_repeat"]
        h = n["h_first_valid" if layer.go_backwards and not layer.bidirectional else "h_last_valid"]
        lines.append(fill(words.headings["mask_rules"], name=name, rule=rule, h=h))
    empty = _empty(spec)
    if empty:
        lines.append(fill(words.headings["mask_empty"], samples=empty, window=spec.window))
    return lines


def _empty(spec: StackSpec) -> str:
    """The samples with no valid step, '1, 3', or '' when every sample has one."""
    return ", ".join(str(i) for i, n in enumerate(spec.valid_lengths) if n == 0)


def compare_rows(reports: Sequence[StackReport | None], words: Words) -> list[tuple[str, list[str]]]:
    """--compare's rows about masks, when any column masks: each column's lengths and padding,
    and per recurrent layer what its padded steps hold and which step its h comes from.

    The shapes alone are the same with the mask on or off, pre or post; these rows are
    where the columns differ.
    """
    specs = [r.spec for r in reports if r is not None]
    if not any(spec.masked for spec in specs):
        return []
    h = words.headings
    names: list[str] = []
    for spec in specs:
        names += [name for name in spec.layer_names if name not in names]
    rows: list[tuple[str, list[str]]] = [(h["compare_lengths"], [])]
    id0 = any(spec.embedding is not None for spec in specs)
    if id0:
        rows.append((h["compare_id0"], []))
    for name in names:
        rows += [(fill(h["compare_padded"], name=name), []), (fill(h["compare_h"], name=name), [])]
    for report in reports:
        cells = _compare_cells(report, names, words, id0)
        for (_, column), cell in zip(rows, cells, strict=True):
            column.append(cell)
    return rows


def _id0_cell(spec: StackSpec, words: Words) -> str:
    """What the Embedding gives at id 0: always row 0 of the table; the mask decides if it is skipped."""
    h = words.headings
    if spec.embedding is None:
        return "—"
    return h["compare_id0_masked" if spec.embedding.mask_zero else "compare_id0_data"]


def _compare_cells(report: StackReport | None, names: list[str], words: Words, id0: bool) -> list[str]:
    h = words.headings
    if report is None:
        return [""] * (1 + int(id0) + 2 * len(names))
    spec = report.spec
    if not spec.masked:
        lengths = h["compare_no_mask"]
    elif isinstance(spec.lengths, tuple):
        lengths = f"{summary(spec.lengths)} · {spec.padding.value}"
    else:
        lengths = h["compare_full"]
    cells = [lengths]
    if id0:
        cells.append(_id0_cell(spec, words))
    run = report.run
    paths = {p.layer: p.path for p in run.kernel_paths} if run else {}
    layers = dict(zip(spec.layer_names, spec.layers, strict=True))
    for name in names:
        layer = layers.get(name)
        if layer is None:
            cells += ["", ""]
            continue
        if not spec.masked or not isinstance(spec.lengths, tuple) or not layer.return_sequences:
            padded = "—"
        else:
            rules = padded_rules(layer, run.backend if run else None, paths.get(name))
            padded = h["compare_zeros" if all(r.fill == ZEROS for r in rules) else "compare_repeat"]
        if not spec.masked:
            step = (
                "compare_first_step"
                if layer.go_backwards and not layer.bidirectional
                else "compare_last_step"
            )
        else:
            step = (
                "compare_first_valid"
                if layer.go_backwards and not layer.bidirectional
                else "compare_last_valid"
            )
        cells += [padded, h[step]]
    return cells


# --- the guided reading (--explain) ---------------------------------------------------------------


def _example(spec: StackSpec) -> tuple[int, int]:
    """The sample the reading follows: the shortest with a valid step (the first of them), and its length."""
    lengths = spec.valid_lengths
    n = min((m for m in lengths if m > 0), default=0)
    return lengths.index(n), n


def front_paragraphs(spec: StackSpec) -> list[Phrase]:
    """What the Embedding or the Masking layer does, and how the samples are padded."""
    out = []
    if spec.embedding is not None:
        e = spec.embedding
        out.append(
            paragraph(
                "mask_embedding",
                shape=fmt_shape(spec.input_shape),
                window=spec.window,
                top=e.vocab - 1,
                vocab=e.vocab,
                dim=e.dim,
                out=fmt_shape((spec.batch, spec.window, e.dim)),
                mask=paragraph("mask_embedding_zero") if e.mask_zero else "",
            )
        )
    elif spec.mask_value is not None:
        value = f"{spec.mask_value:g}"
        out.append(
            paragraph("mask_masking", value=value, shape=fmt_shape(spec.input_shape), features=spec.features)
        )
    if not isinstance(spec.lengths, tuple):
        return out
    empty = _empty(spec)
    if empty:
        out.append(paragraph("mask_empty", samples=empty, window=spec.window))
    sample, n = _example(spec)
    if n == 0 or (n == spec.window and empty):
        return out
    if n == spec.window:
        out.append(paragraph("mask_padding_none", window=spec.window))
        return out
    pad = "id 0" if spec.embedding is not None else f"{spec.mask_value:g}"
    values = {"lengths": summary(spec.lengths), "window": spec.window, "pad": pad, "sample": sample, "n": n}
    if spec.padding is PadSide.PRE:
        cut = spec.window - n
        out.append(paragraph("mask_padding_pre", cut=cut, start=cut + 1, **values))
    else:
        out.append(paragraph("mask_padding_post", start=n + 1, **values))
    return out


def layer_paragraph(name: str, layer: LayerSpec, report: StackReport) -> Phrase | None:
    """What one recurrent layer's padded steps hold and which step its h comes from."""
    spec = report.spec
    if not spec.masked:
        return None
    sample, n = _example(spec)
    if layer.bidirectional:
        h = paragraph("mask_h_bidirectional")
    elif layer.go_backwards:
        h = paragraph("mask_h_backwards")
    elif spec.padding is PadSide.POST and n < spec.window:
        h = paragraph("mask_h_post", sample=sample, n=n, window=spec.window)
    else:
        h = paragraph("mask_h_pre", window=spec.window)
    if not layer.return_sequences:
        return joined(paragraph("mask_last", name=name), h)
    if layer.bidirectional:
        return joined(paragraph("mask_zeros", name=name), h)
    cudnn = paragraph("mask_repeat_cudnn") if fused(layer) else ""
    return joined(paragraph("mask_repeat", name=name), cudnn, h)


def fused(layer: LayerSpec) -> bool:
    """Whether the layer can take a backend's fused kernel (cuDNN): an LSTM or GRU of its own,
    not a SimpleRNN and not several cells in one RNN (Keras runs those in its generic loop)."""
    return layer.cell.kind.kernel_rule == FUSED and not layer.cells


def kernel_paragraph(spec: StackSpec) -> Phrase | None:
    """What the mask does to the fused kernels, and which case this stack is."""
    if not spec.masked:
        return None
    kind = mask_kind(True, spec.valid_lengths, spec.window, pre=spec.padding is PadSide.PRE)
    this = {MASK_LEFT: "mask_kernel_left", MASK_EMPTY: "mask_kernel_empty"}.get(
        kind or "", "mask_kernel_right"
    )
    if not any(fused(layer) for layer in spec.layers):
        this = "mask_kernel_no_fused"
    return paragraph("mask_kernel", this=paragraph(this))
