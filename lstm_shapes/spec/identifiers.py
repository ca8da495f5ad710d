"""Keras 3 identifiers the tool accepts, known without importing Keras.

The lists are checked against Keras's own registries by `tests/test_agreement.py`,
so a Keras upgrade that adds or drops a name fails a test instead of drifting.
Names that Keras registers but cannot use on an LSTM without extra arguments
(`constant` needs a value, `threshold` needs two, `glu` halves the last axis,
`stft` needs scipy) are left out on purpose.
"""

from __future__ import annotations

ACTIVATIONS: tuple[str, ...] = (
    "celu",
    "elu",
    "exponential",
    "gelu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
)

# Usable on any weight, whatever its rank.
_ANY_RANK_INITIALIZERS: tuple[str, ...] = (
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "lecun_normal",
    "lecun_uniform",
    "normal",
    "one",
    "ones",
    "random_normal",
    "random_uniform",
    "truncated_normal",
    "uniform",
    "variance_scaling",
    "zero",
    "zeros",
)
# Only for 2-D weights (kernels); Keras raises on the 1-D bias.
MATRIX_INITIALIZERS: tuple[str, ...] = ("identity", "orthogonal")

KERNEL_INITIALIZERS: tuple[str, ...] = tuple(sorted(_ANY_RANK_INITIALIZERS + MATRIX_INITIALIZERS))
BIAS_INITIALIZERS: tuple[str, ...] = _ANY_RANK_INITIALIZERS

WEIGHT_REGULARIZERS: tuple[str, ...] = ("l1", "l1l2", "l2", "orthogonal_regularizer")
# OrthogonalRegularizer needs a rank-2 tensor: not the bias, not a 3-D output.
VECTOR_REGULARIZERS: tuple[str, ...] = ("l1", "l1l2", "l2")

CONSTRAINTS: tuple[str, ...] = ("max_norm", "min_max_norm", "non_neg", "unit_norm")

# Spelled on the command line and in spec files for "no regularizer/constraint".
NONE = "none"
