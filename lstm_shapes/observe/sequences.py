"""The padded batch and the Embedding/Masking layer in front of a masked stack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_shapes.model.masking import EMBEDDING_NAME, MASKING_NAME, valid_steps
from lstm_shapes.model.shapes import Role
from lstm_shapes.model.spec import StackSpec

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.observe.build import Step

EMBEDDING_SEEDS = 700


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


def front_steps(keras: Any, spec: StackSpec, seeded: Any) -> list[Step]:
    """The Embedding or Masking layer, as a Step of the stack."""
    from lstm_shapes.observe.build import Step

    if spec.embedding is not None:
        e = spec.embedding
        init = seeded(keras, {"kernel_initializer": "uniform"}, spec.seed, EMBEDDING_SEEDS)[
            "kernel_initializer"
        ]
        layer = keras.layers.Embedding(
            e.vocab, e.dim, mask_zero=e.mask_zero, embeddings_initializer=init, name=EMBEDDING_NAME
        )
        return [Step(EMBEDDING_NAME, layer, "Embedding", (Role.OUTPUT,), training=False)]
    if spec.mask_value is not None:
        layer = keras.layers.Masking(mask_value=spec.mask_value, name=MASKING_NAME)
        return [Step(MASKING_NAME, layer, "Masking", (Role.OUTPUT,), training=False)]
    return []


def keras_mask(keras: Any, tensor: Any) -> np.ndarray | None:
    """The mask Keras attached to a tensor (None when it carries none)."""
    mask = getattr(tensor, "_keras_mask", None)
    return None if mask is None else keras.ops.convert_to_numpy(mask)
