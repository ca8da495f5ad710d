"""The front of a masked stack: the Embedding or Masking layer's row, and what each layer does at padded steps.

Pure rules from Keras 3.15.1's code: `RNN.zero_output_for_mask` (False by default,
keras/src/layers/rnn/rnn.py), which `Bidirectional.__init__` forces to
`return_sequences` for both directions (bidirectional.py), and each backend's
`rnn()` (keras/src/backend/*/rnn.py): a masked step keeps the previous states and
writes either the previous output (zeros before the first valid step) or zeros.
TensorFlow's cuDNN kernels take the mask as sequence lengths and leave zeros
after each sample's end (tensorflow/rnn.py, `_cudnn_lstm` / `_cudnn_gru`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lstm_shapes.spec.masking import EMBEDDING_NAME, MASKING_NAME
from lstm_shapes.spec.shapes import BATCH, FEATURES, TIME, LayerInfo, Role, TensorRow, WeightShape
from lstm_shapes.spec.stack import LayerSpec, StackSpec

EMBEDDING_AXIS = "embedding dim"
REPEAT = "repeat"
ZEROS = "zeros"


def front_rows(spec: StackSpec) -> list[tuple[LayerInfo, TensorRow]]:
    """The Embedding (token ids -> vectors) or the Masking layer, first in the stack."""
    b, t = spec.batch, spec.window
    if spec.embedding is not None:
        e = spec.embedding
        weights = (WeightShape("embeddings", (e.vocab, e.dim)),)
        config = {"input_dim": e.vocab, "output_dim": e.dim, "mask_zero": e.mask_zero}
        info = LayerInfo(EMBEDDING_NAME, "Embedding", config, e.params, weights)
        return [(info, TensorRow(EMBEDDING_NAME, Role.OUTPUT, (b, t, e.dim), (BATCH, TIME, EMBEDDING_AXIS)))]
    if spec.mask_value is not None:
        info = LayerInfo(MASKING_NAME, "Masking", {"mask_value": spec.mask_value}, 0, ())
        return [(info, TensorRow(MASKING_NAME, Role.OUTPUT, spec.input_shape, (BATCH, TIME, FEATURES)))]
    return []


@dataclass(frozen=True)
class PaddedRule:
    """What one direction of a layer writes at a padded step, and where its h comes from.

    `fill` is REPEAT (the last valid output; zeros before the first one) or ZEROS;
    `why` names the Keras code that says so.
    """

    direction: str  # "" for a single direction, "forward" or "backward"
    fill: str
    why: str


def padded_rules(
    layer: LayerSpec, backend: str | None = None, path: str | None = None
) -> tuple[PaddedRule, ...]:
    """Keras's rule for each direction's output at masked steps, on `backend` and kernel `path`."""
    if layer.bidirectional:
        if layer.return_sequences:
            why = "Bidirectional sets zero_output_for_mask = return_sequences"
            return (PaddedRule("forward", ZEROS, why), PaddedRule("backward", ZEROS, why))
        why = "return_sequences is off: only the last valid output is returned"
        return (PaddedRule("forward", REPEAT, why), PaddedRule("backward", REPEAT, why))
    if backend == "tensorflow" and path == "cudnn" and layer.return_sequences:
        return (
            PaddedRule("", ZEROS, "TensorFlow's cuDNN kernel fills steps after a sample's end with zeros"),
        )
    return (PaddedRule("", REPEAT, "zero_output_for_mask is off: a masked step repeats the previous output"),)


def known_deviation(layer: LayerSpec, backend: str | None, reads_backwards: bool) -> str | None:
    """Why a backend's masked steps differ from Keras's rule, where Keras's own code explains it."""
    if not (layer.unroll and layer.bidirectional and layer.return_sequences):
        return None
    if backend == "jax":
        return "JAX's unrolled loop ignores zero_output_for_mask (keras/src/backend/jax/rnn.py, unroll=True)"
    if backend == "tensorflow" and reads_backwards:
        return (
            "TensorFlow's unrolled loop zeroes the outputs in reading order with the mask in input order "
            "(keras/src/backend/tensorflow/rnn.py, unroll=True with go_backwards)"
        )
    return None


# float32's machine epsilon: the size of one rounding step near 1.
FLOAT32_EPS = 2.0**-23


def h_rounding(layer: LayerSpec, backend: str | None) -> str | None:
    """Why h may differ from the output at its step by float32 rounding alone, on this backend.

    JAX's masked `lax.scan` with zero_output_for_mask (a Bidirectional layer that returns
    sequences) writes `where(masked, 0, output)` and `where(masked, state, new_state)`,
    which XLA compiles apart: the two agree to a rounding step, not always bit for bit
    (measured on jax 0.10, CPU). Everywhere else h is the very tensor written as output.
    """
    if backend == "jax" and layer.bidirectional and layer.return_sequences:
        return "JAX's masked scan computes the output and the state apart (XLA)"
    return None
