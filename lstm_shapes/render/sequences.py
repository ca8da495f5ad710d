"""Words about masks and padding: the input line, the front layer's note, each layer's padded steps and h."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_shapes.locales import Words, fill
from lstm_shapes.model.masking import EMBEDDING_NAME, MASKING_NAME, summary
from lstm_shapes.model.shapes import TensorRow, fmt_shape
from lstm_shapes.predict.sequences import ZEROS, padded_rules

if TYPE_CHECKING:
    from lstm_shapes.model.spec import StackSpec
    from lstm_shapes.report.types import StackReport


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
            lines.append(fill(words.headings["mask_rules"], name=name, rule="—", h=h))
            continue
        rules = padded_rules(layer, run.backend if run else None, paths.get(name))
        rule = n["padded_zeros" if all(r.fill == ZEROS for r in rules) else "padded_repeat"]
        h = n["h_first_valid" if layer.go_backwards and not layer.bidirectional else "h_last_valid"]
        lines.append(fill(words.headings["mask_rules"], name=name, rule=rule, h=h))
    return lines
