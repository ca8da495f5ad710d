"""What the user asked for: a validated, immutable description of the stack.

Nothing here imports Keras: building a `StackSpec` is how `--help`, input errors
and `--no-run` stay instant. Every rule Keras would enforce later (and a few it
would only enforce during training) is checked here first, with a message that
says what to do instead.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any

from lstm_shapes import identifiers as ids
from lstm_shapes.errors import InvalidSpec


class HeadKind(str, Enum):
    """What sits on top of the recurrent stack."""

    NONE = "none"
    DENSE = "dense"
    TIME_DISTRIBUTED = "time-distributed"


class DeviceChoice(str, Enum):
    """Where the batch is computed; `auto` takes a GPU when the backend sees one."""

    AUTO = "auto"
    CPU = "cpu"
    GPU = "gpu"


def _check_int(name: str, value: object, minimum: int = 1) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidSpec(name, f"must be a whole number, got {value!r}")
    if value < minimum:
        raise InvalidSpec(name, f"must be at least {minimum}, got {value}")


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidSpec(name, f"must be true or false, got {value!r}")


def _check_choice(name: str, value: object, choices: tuple[str, ...], hint: str | None = None) -> None:
    if not isinstance(value, str) or value not in choices:
        close = difflib.get_close_matches(value, choices, n=1) if isinstance(value, str) else []
        guess = f"; did you mean {close[0]!r}?" if close and hint is None else "."
        raise InvalidSpec(
            name,
            f"unknown value {value!r}{guess} Valid values: {', '.join(choices)}.",
            hint,
        )


def _check_fraction(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidSpec(name, f"must be a number, got {value!r}")
    if not (0.0 <= value < 1.0) or math.isnan(value):
        raise InvalidSpec(
            name,
            f"must be at least 0 and below 1, got {value}",
            "It is the fraction of units dropped while training, for example 0.2.",
        )


_OPTIONAL = (ids.NONE,)
# NumPy's and TensorFlow's seeds are 32-bit.
SEED_LIMIT = 2**32


@dataclass(frozen=True)
class LayerSpec:
    """One `keras.layers.LSTM`; field names and defaults are Keras 3's own."""

    units: int = 20
    return_sequences: bool = False
    return_state: bool = False
    activation: str = "tanh"
    recurrent_activation: str = "sigmoid"
    use_bias: bool = True
    kernel_initializer: str = "glorot_uniform"
    recurrent_initializer: str = "orthogonal"
    bias_initializer: str = "zeros"
    unit_forget_bias: bool = True
    kernel_regularizer: str = ids.NONE
    recurrent_regularizer: str = ids.NONE
    bias_regularizer: str = ids.NONE
    activity_regularizer: str = ids.NONE
    kernel_constraint: str = ids.NONE
    recurrent_constraint: str = ids.NONE
    bias_constraint: str = ids.NONE
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    implementation: int = 2
    go_backwards: bool = False
    stateful: bool = False
    unroll: bool = False

    def __post_init__(self) -> None:
        _check_int("units", self.units)
        for name in (
            "return_sequences",
            "return_state",
            "use_bias",
            "unit_forget_bias",
            "go_backwards",
            "stateful",
            "unroll",
        ):
            _check_bool(name, getattr(self, name))
        _check_choice("activation", self.activation, ids.ACTIVATIONS)
        _check_choice("recurrent_activation", self.recurrent_activation, ids.ACTIVATIONS)
        _check_choice("kernel_initializer", self.kernel_initializer, ids.KERNEL_INITIALIZERS)
        _check_choice("recurrent_initializer", self.recurrent_initializer, ids.KERNEL_INITIALIZERS)
        matrix_only = (
            f"{self.bias_initializer!r} only fills 2-D matrices and the bias is 1-D; "
            "use it for kernel_initializer or recurrent_initializer."
            if self.bias_initializer in ids.MATRIX_INITIALIZERS
            else None
        )
        _check_choice("bias_initializer", self.bias_initializer, ids.BIAS_INITIALIZERS, matrix_only)
        _check_choice("kernel_regularizer", self.kernel_regularizer, _OPTIONAL + ids.WEIGHT_REGULARIZERS)
        _check_choice(
            "recurrent_regularizer", self.recurrent_regularizer, _OPTIONAL + ids.WEIGHT_REGULARIZERS
        )
        rank2_only = "orthogonal_regularizer needs a 2-D tensor; use l1, l2 or l1l2 here."
        for name in ("bias_regularizer", "activity_regularizer"):
            value = getattr(self, name)
            _check_choice(
                name,
                value,
                _OPTIONAL + ids.VECTOR_REGULARIZERS,
                rank2_only if value == "orthogonal_regularizer" else None,
            )
        for name in ("kernel_constraint", "recurrent_constraint", "bias_constraint"):
            _check_choice(name, getattr(self, name), _OPTIONAL + ids.CONSTRAINTS)
        _check_fraction("dropout", self.dropout)
        _check_fraction("recurrent_dropout", self.recurrent_dropout)
        if type(self.implementation) is not int or self.implementation not in (1, 2):
            raise InvalidSpec(
                "implementation",
                f"must be 1 or 2, got {self.implementation!r}",
                "1 computes each gate with its own small matrix product, 2 all four at once.",
            )

    def keras_config(self) -> dict[str, Any]:
        """The settings as Keras keyword arguments (`none` becomes None)."""
        config: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            config[f.name] = None if value == ids.NONE else value
        return config


@dataclass(frozen=True)
class HeadSpec:
    """The layer after the stack: nothing, `Dense`, or `TimeDistributed(Dense)`."""

    kind: HeadKind = HeadKind.NONE
    units: int = 10

    def __post_init__(self) -> None:
        if not isinstance(self.kind, HeadKind):
            choices = ", ".join(k.value for k in HeadKind)
            raise InvalidSpec("head", f"unknown value {self.kind!r}; choose one of: {choices}")
        _check_int("head_units", self.units)


@dataclass(frozen=True)
class StackSpec:
    """The whole question: an input batch, LSTM layers bottom first, a head, and how to run it."""

    batch: int = 32
    window: int = 25
    features: int = 1
    layers: tuple[LayerSpec, ...] = field(default_factory=lambda: (LayerSpec(),))
    head: HeadSpec = field(default_factory=HeadSpec)
    device: DeviceChoice = DeviceChoice.AUTO
    seed: int = 0

    def __post_init__(self) -> None:
        _check_int("batch", self.batch)
        _check_int("window", self.window)
        _check_int("features", self.features)
        _check_int("seed", self.seed, minimum=0)
        if self.seed >= SEED_LIMIT:
            raise InvalidSpec("seed", f"must be below 2**32 = {SEED_LIMIT:,}, got {self.seed:,}")
        if not isinstance(self.device, DeviceChoice):
            choices = ", ".join(d.value for d in DeviceChoice)
            raise InvalidSpec("device", f"unknown value {self.device!r}; choose one of: {choices}")
        if not isinstance(self.layers, tuple) or not self.layers:
            raise InvalidSpec("layers", "the stack needs at least one LSTM layer")
        for below, name in zip(self.layers[:-1], self.layer_names[:-1], strict=True):
            if not below.return_sequences:
                raise InvalidSpec(
                    f"{name}.return_sequences",
                    f"{name} returns a 2-D (batch, units) output, but the LSTM above it needs a "
                    "3-D (batch, time steps, features) input",
                    f"Set return_sequences = true on {name}: every layer below the top one "
                    "must return the whole sequence.",
                )
        if self.head.kind is HeadKind.TIME_DISTRIBUTED and not self.layers[-1].return_sequences:
            top = self.layer_names[-1]
            raise InvalidSpec(
                "head",
                f"TimeDistributed needs a 3-D (batch, time steps, features) input, but {top} "
                f"returns a 2-D (batch, units) output because return_sequences is off",
                f"Return the whole sequence from {top} (--return-sequences) to keep the time axis, "
                "or use a Dense head (--head dense), which works on the 2-D output.",
            )

    @property
    def layer_names(self) -> tuple[str, ...]:
        """Keras layer names, bottom first: lstm_1, lstm_2, ..."""
        return tuple(f"lstm_{i}" for i in range(1, len(self.layers) + 1))

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return (self.batch, self.window, self.features)
