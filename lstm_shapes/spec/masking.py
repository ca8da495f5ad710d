"""Sequences of different lengths: token ids through an Embedding, masks, padding.

Plain data and validation, no Keras. `StackSpec` holds these fields and calls
`validate` from its own checks; this module does not import `spec` so that the
two stay free of a cycle. The per-sample mask is computed here once, from the
lengths and the padding side, so the batch, the checks and the words all agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from lstm_shapes.spec.refusals import invalid

EMBEDDING_NAME = "embedding"
MASKING_NAME = "masking"
RANDOM = "random"
# Embedding dim when only --embedding-vocab is given.
DEFAULT_DIM = 8
# The table names every length up to this batch; beyond it, a summary.
LIST_LENGTHS = 8


class PadSide(str, Enum):
    """Where the padding goes: pre (Keras's `pad_sequences` default) or post."""

    PRE = "pre"
    POST = "post"


def _whole(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, "whole_number", value=value)
    if value < minimum:
        raise invalid(name, "at_least", minimum=minimum, value=value)


@dataclass(frozen=True)
class EmbeddingSpec:
    """`keras.layers.Embedding(vocab, dim, mask_zero=...)` in front of the stack: the input is token ids."""

    vocab: int
    dim: int = DEFAULT_DIM
    mask_zero: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.vocab, bool) or not isinstance(self.vocab, int):
            raise invalid("embedding_vocab", "whole_number", value=self.vocab)
        if self.vocab < 2:
            raise invalid("embedding_vocab", "vocab_too_small", value=self.vocab)
        _whole("embedding_dim", self.dim, 1)
        if not isinstance(self.mask_zero, bool):
            raise invalid("mask_zero", "true_or_false", value=self.mask_zero)

    @property
    def params(self) -> int:
        return self.vocab * self.dim


def random_lengths(batch: int, window: int, seed: int) -> tuple[int, ...]:
    """One valid length per sample, 1 to window, drawn from `seed` (the same seed, the same lengths)."""
    import random  # only for --lengths random: --help and the rest never pay for it

    rng = random.Random(seed * 1_000_003 + 17)
    return tuple(rng.randint(1, window) for _ in range(batch))


def parse_lengths(text: str) -> tuple[int, ...] | str:
    """'3,5,2' -> (3, 5, 2); 'random' stays 'random' (drawn when the batch is known)."""
    stripped = text.strip()
    if stripped.lower() == RANDOM:
        return RANDOM
    parts = [p.strip() for p in stripped.split(",")]
    lengths = []
    for part in parts:
        try:
            lengths.append(int(part))
        except ValueError:
            raise invalid("lengths", "lengths_form", value=text) from None
    return tuple(lengths)


def check_lengths(lengths: object, batch: int, window: int) -> tuple[int, ...]:
    """The lengths as a tuple, each 0 to window, one per sample.

    0 is a sample that is all padding: Keras runs it (every step masked, the states stay at
    their zero start), so it is run and shown, not refused.
    """
    if not isinstance(lengths, (tuple, list)):
        raise invalid("lengths", "lengths_form", value=lengths)
    for value in lengths:
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid("lengths", "lengths_form", value=lengths)
    if len(lengths) != batch:
        raise invalid("lengths", "lengths_count", count=len(lengths), batch=batch)
    for i, value in enumerate(lengths):
        if value < 0:
            raise invalid("lengths", "length_negative", sample=i, value=value)
        if value > window:
            raise invalid("lengths", "length_too_long", sample=i, value=value, window=window)
    return tuple(lengths)


def valid_steps(lengths: tuple[int, ...], window: int, padding: PadSide) -> list[list[bool]]:
    """The mask: True where a sample's step holds data, False where it is padding."""
    if padding is PadSide.POST:
        return [[t < n for t in range(window)] for n in lengths]
    return [[t >= window - n for t in range(window)] for n in lengths]


def summary(lengths: tuple[int, ...]) -> str:
    """'3, 5, 2' for a small batch; 'min 1, median 13, max 25' for a large one."""
    if len(lengths) <= LIST_LENGTHS:
        return ", ".join(str(n) for n in lengths)
    ordered = sorted(lengths)
    median = ordered[len(ordered) // 2]
    return f"min {ordered[0]}, median {median}, max {ordered[-1]}"


def sequence_fields(
    vocab: int | None,
    dim: int | None,
    mask_zero: bool,
    mask_value: float | None,
    lengths: str | None,
    padding: str | None,
) -> dict[str, object]:
    """The StackSpec fields the --embedding-*, --mask-*, --lengths and --padding flags give."""
    if vocab is None and dim is not None:
        raise invalid("embedding_dim", "embedding_without_vocab")
    if mask_zero and vocab is None:
        raise invalid("mask_zero", "mask_zero_without_embedding")
    if padding is not None and lengths is None:
        raise invalid("padding", "padding_without_lengths")
    fields: dict[str, object] = {}
    if vocab is not None:
        fields["embedding"] = EmbeddingSpec(vocab, DEFAULT_DIM if dim is None else dim, mask_zero)
    if mask_value is not None:
        fields["mask_value"] = mask_value
    if lengths is not None:
        fields["lengths"] = parse_lengths(lengths)
    if padding is not None:
        fields["padding"] = padding
    return fields


# The --compare flags about sequences: the mask (on: as given; off: the full windows,
# unmasked) and the padding side (off: pre, on: post).
COMPARED = ("mask", "padding")
# What a --compare column says for each: "mask on", "padding post".
COMPARED_WORDS = {"mask": ("off", "on"), "padding": ("pre", "post")}


def _masks(fields: Mapping[str, object]) -> bool:
    embedding = fields.get("embedding")
    return fields.get("mask_value") is not None or (
        isinstance(embedding, EmbeddingSpec) and embedding.mask_zero
    )


def check_compared(flags: tuple[str, ...], fields: Mapping[str, object]) -> None:
    """--compare mask / padding, refused where the stack has nothing to mask or to pad."""
    if "mask" in flags and "padding" in flags:
        raise invalid("compare", "compare_mask_and_padding")
    if "mask" in flags and not _masks(fields):
        raise invalid("compare", "compare_nothing_to_mask", flag="mask")
    if "padding" in flags and fields.get("lengths") is None:
        key = "compare_nothing_padded" if _masks(fields) else "compare_nothing_to_mask"
        raise invalid("compare", key, flag="padding")


def compared_fields(fields: Mapping[str, Any], overrides: Mapping[str, bool]) -> dict[str, Any]:
    """The sequence fields of one --compare column: with the mask off, no mask and no padding at all."""
    out = dict(fields)
    if overrides.get("mask") is False:
        for name in ("mask_value", "lengths", "padding"):
            out.pop(name, None)
        embedding = out.get("embedding")
        if isinstance(embedding, EmbeddingSpec):
            out["embedding"] = EmbeddingSpec(embedding.vocab, embedding.dim, mask_zero=False)
    if "padding" in overrides:
        out["padding"] = PadSide.POST.value if overrides["padding"] else PadSide.PRE.value
    return out
