"""A spec-file case's sequence keys: `embedding = { vocab, dim, mask_zero }`, `lengths`, `padding`, `mask_value`.

The same StackSpec fields the flags give (`model.masking.sequence_fields`), so a case is
refused for the same reasons and with the same words as `--embedding-vocab`, `--lengths`,
`--padding` and `--mask-value`; only the table's own layout is checked here.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.spec.masking import RANDOM, sequence_fields

EMBEDDING_KEYS = ("vocab", "dim", "mask_zero")
# The flags' field names, and what a spec file calls them.
SEQUENCE_FIELDS = {
    "embedding_vocab": "embedding.vocab",
    "embedding_dim": "embedding.dim",
    "mask_zero": "embedding.mask_zero",
}


def _unknown(key: str) -> str:
    close = difflib.get_close_matches(key, EMBEDDING_KEYS, n=1)
    guess = f"; did you mean {close[0]!r}?" if close else "."
    return f"unknown embedding key {key!r}{guess} Valid keys: {', '.join(EMBEDDING_KEYS)}."


def sequences(case: Mapping[str, Any]) -> dict[str, Any]:
    """The StackSpec fields of a case's (defaults merged) embedding, lengths, padding and mask_value."""
    embedding = case.get("embedding")
    if embedding is False:  # a case turns off the embedding its [defaults] set
        embedding = None
    vocab: Any = None
    dim: Any = None
    mask_zero: Any = False
    if embedding is not None:
        if not isinstance(embedding, dict):
            raise InvalidSpec(
                "embedding",
                "embedding must be a table, e.g. { vocab = 1000, dim = 16, mask_zero = true }, or false for none",
            )
        for key in embedding:
            if key not in EMBEDDING_KEYS:
                raise InvalidSpec(f"embedding.{key}", _unknown(key))
        vocab, dim, mask_zero = (
            embedding.get("vocab"),
            embedding.get("dim"),
            embedding.get("mask_zero", False),
        )
        if vocab is None:
            raise InvalidSpec(
                "embedding.vocab", "an Embedding needs vocab = N (the number of token ids, 0 included)"
            )
    lengths = case.get("lengths")
    # `sequence_fields` reads --lengths as text; a list of numbers is put in after its checks.
    text = lengths if isinstance(lengths, str) or lengths is None else RANDOM
    fields: dict[str, Any] = sequence_fields(
        vocab, dim, mask_zero, case.get("mask_value"), text, case.get("padding")
    )
    if isinstance(lengths, list):
        fields["lengths"] = tuple(lengths)
    elif lengths is not None and not isinstance(lengths, str):
        fields["lengths"] = lengths  # StackSpec refuses it: not whole numbers or "random"
    return fields
