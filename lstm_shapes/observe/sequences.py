"""The padded batch and the Embedding/Masking layer in front of a masked stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_shapes.spec.masking import valid_steps
from lstm_shapes.spec.stack import StackSpec

if TYPE_CHECKING:
    import numpy as np


def make_batch(spec: StackSpec) -> np.ndarray:
    """The input batch from --seed: token ids (1 to vocab - 1 with mask_zero, so that only the
    padding is id 0) or uniform floats, padded per sample with id 0 or the mask value."""
    import numpy as np

    rng = np.random.default_rng(spec.seed)
    batch: np.ndarray
    if spec.embedding is not None:
        low = 1 if spec.embedding.mask_zero else 0
        batch = rng.integers(low, spec.embedding.vocab, size=spec.input_shape).astype("int32")
        pad: float = 0
    else:
        batch = rng.uniform(size=spec.input_shape).astype("float32")
        pad = 0.0 if spec.mask_value is None else spec.mask_value
    if isinstance(spec.lengths, tuple):
        valid = np.array(valid_steps(spec.lengths, spec.window, spec.padding), dtype=bool)
        batch[~valid] = pad
    return batch
