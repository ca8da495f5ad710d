"""Which of Keras's recurrent kernels a layer will run on a backend and device, and why.

The rules follow Keras 3.15.1's own code: `LSTM.inner_loop` and `GRU.inner_loop`
(keras/src/layers/rnn/{lstm,gru}.py), `Bidirectional.call`, and each backend's `lstm`,
`gru` and `cudnn_ok` (keras/src/backend/{tensorflow,jax,torch}/rnn.py).
"""

from __future__ import annotations

from lstm_shapes.kinds import GENERIC_ONLY
from lstm_shapes.locales import Phrase
from lstm_shapes.spec.backend_choice import BACKEND_LOOP, CUDNN, GENERIC, KernelPath
from lstm_shapes.spec.stack import LayerSpec


def _argument_reasons(layer: LayerSpec) -> list[str]:
    """What keeps `cudnn_ok` false on every backend: the cell's settings."""
    reasons: list[str] = []
    if layer.activation != "tanh":
        reasons.append(Phrase("activation_is", value=layer.activation))
    if layer.setting("recurrent_activation") != "sigmoid":
        reasons.append(Phrase("recurrent_activation_is", value=layer.setting("recurrent_activation")))
    if layer.unroll:
        reasons.append(Phrase("unroll"))
    if not layer.use_bias:
        reasons.append(Phrase("use_bias_off"))
    return reasons


# What a mask does to the fused kernels, per backend (Keras 3.15.1):
# - tensorflow/rnn.py: lstm() and gru() keep cuDNN with a mask, as sequence lengths, but
#   `_assert_valid_mask` accepts only right-padded masks (post padding); with pre padding
#   the assertion raises InvalidArgumentError, which lstm()/gru() turn into
#   NotImplementedError, so an eager call falls back to the generic loop.
# - jax/rnn.py: lstm() raises NotImplementedError for any mask ("generic RNN loop which
#   handles masking correctly"), and gru() too.
# - torch/rnn.py: lstm() and gru() raise NotImplementedError for any mask.
# - layers/rnn/bidirectional.py: the fused bidirectional kernels are not tried with a mask.
# - tensorflow/rnn.py `_has_fully_masked_sequence`: a sample with no valid step fails the same
#   assertion ("cuDNN kernel will error out if the input sequence contains any fully masked
#   data"), so an eager call falls back to the generic loop; inside a compiled function
#   (fit, predict) the assertion runs with the graph and raises InvalidArgumentError instead.
MASK_RIGHT = "right-padded"
MASK_LEFT = "left-padded"
MASK_EMPTY = "fully-masked"
LEFT_PADDED = Phrase("left_padded")
FULLY_MASKED = Phrase("fully_masked")
NO_MASK_KERNEL = {"jax": Phrase("mask_jax"), "torch": Phrase("mask_torch")}
RESET_AFTER_OFF = Phrase("reset_after_off")


def mask_kind(masked: bool, lengths: tuple[int, ...], window: int, pre: bool) -> str | None:
    """None without a mask; fully masked when a sample has no valid step; right-padded when every
    sample's padding is at its end (post, or none); else left-padded."""
    if not masked:
        return None
    if any(n == 0 for n in lengths):
        return MASK_EMPTY
    if pre and any(n < window for n in lengths):
        return MASK_LEFT
    return MASK_RIGHT


def predict_kernel_path(
    name: str, layer: LayerSpec, backend: str, gpu: bool, gpus: int, mask: str | None = None
) -> KernelPath:
    """Which loop Keras 3.15.1 runs for `layer` on `backend`, computing on the GPU or not.

    `gpus` is how many GPUs the backend sees at all: TensorFlow's and JAX's cuDNN
    checks ask whether a GPU exists, not where the computation is placed. `mask` is
    None, MASK_RIGHT or MASK_LEFT (see `mask_kind`).
    """
    kind = layer.kind  # several cells in one RNN: the generic loop, whatever the cells
    if kind.kernel_rule == GENERIC_ONLY:  # the reason is the kind's own words
        return KernelPath(name, GENERIC, (Phrase(f"no_fused_{kind.words}"),))
    if layer.recurrent_dropout > 0:
        # LSTM/GRU.inner_loop only try the backend's kernel when recurrent_dropout is 0.
        return KernelPath(name, GENERIC, (Phrase("recurrent_dropout"),))
    if mask is not None and backend in NO_MASK_KERNEL:
        return KernelPath(name, GENERIC, (NO_MASK_KERNEL[backend],))
    reasons = _argument_reasons(layer)
    gru = "reset_after" in kind.settings  # a kind whose fused kernel needs reset_after
    reset_after = bool(layer.setting("reset_after")) if gru else True
    if gru and not reset_after:
        reasons.append(RESET_AFTER_OFF)
    where = [] if gpu else ([Phrase("device_cpu")] if gpus else [Phrase("no_gpu")])
    if mask == MASK_LEFT:
        reasons.append(LEFT_PADDED)
    if mask == MASK_EMPTY:
        reasons.append(FULLY_MASKED)
    if backend == "tensorflow":
        # tensorflow/rnn.py: cudnn_ok(...) and a GPU, else NotImplementedError -> generic loop.
        # On the CPU with a GPU present the layers are built with use_cudnn=False (observe).
        return (
            KernelPath(name, CUDNN)
            if not reasons and not where
            else KernelPath(name, GENERIC, (*reasons, *where))
        )
    if backend == "jax":
        if gru:
            # jax/rnn.py: gru() is a lax.scan with the input projections precomputed, on any
            # device, unless reset_after is off or unroll; JAX has no cuDNN GRU.
            if not reset_after or layer.unroll:
                return KernelPath(
                    name, GENERIC, tuple(r for r in reasons if r in (RESET_AFTER_OFF, "unroll"))
                )
            return KernelPath(name, BACKEND_LOOP, (Phrase("jax_no_cudnn_gru"),))
        return (
            KernelPath(name, CUDNN)
            if not reasons and not where
            else KernelPath(name, GENERIC, (*reasons, *where))
        )
    # torch/rnn.py: lstm() and gru() (reset_after only) run cuDNN on CUDA tensors when
    # cudnn_ok, else their own loop; gru() without reset_after falls to the generic loop.
    if gru and not reset_after:
        return KernelPath(name, GENERIC, (RESET_AFTER_OFF,))
    if not reasons and not where:
        return KernelPath(name, CUDNN)
    return KernelPath(name, BACKEND_LOOP, (*reasons, *where))
