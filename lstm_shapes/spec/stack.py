"""What the user asked for: a validated, immutable description of the stack.

Nothing here imports Keras: building a `StackSpec` is how `--help`, input errors
and `--no-run` stay instant. Every rule Keras would enforce later (and a few it
would only enforce during training) is checked here first, with a message that
says what to do instead.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any

import lstm_shapes.kinds as kinds
from lstm_shapes.errors import InvalidSpec
from lstm_shapes.spec import identifiers as ids
from lstm_shapes.spec import masking
from lstm_shapes.spec.masking import EmbeddingSpec, PadSide
from lstm_shapes.spec.refusals import closest, invalid


class HeadKind(str, Enum):
    """What sits on top of the recurrent stack."""

    NONE = "none"
    DENSE = "dense"
    TIME_DISTRIBUTED = "time-distributed"
    # Flatten, then Dense: every step's units in one vector, T × U × units + units parameters.
    FLATTEN = "flatten"


class DeviceChoice(str, Enum):
    """Where the batch is computed; `auto` takes a GPU when the backend sees one."""

    AUTO = "auto"
    CPU = "cpu"
    GPU = "gpu"


# The largest size of an axis: TensorFlow, JAX and PyTorch index a dimension's elements
# with 32-bit integers in many kernels, and no machine holds a larger recurrent layer.
SIZE_LIMIT = 2**31 - 1


def _check_int(name: str, value: object, minimum: int = 1, maximum: int | None = SIZE_LIMIT) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(name, "whole_number", value=value)
    if value < minimum:
        raise invalid(name, "at_least", minimum=minimum, value=value)
    if maximum is not None and value > maximum:
        raise invalid(name, "size_limit", limit=f"{maximum:,}", value=f"{value:,}")


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise invalid(name, "true_or_false", value=value)


def _check_choice(name: str, value: object, choices: tuple[str, ...], matrix_only: bool = False) -> None:
    if not isinstance(value, str) or value not in choices:
        valid = ", ".join(choices)
        if matrix_only:
            raise invalid(name, "matrix_only", value=value, valid=valid)
        if name in ("bias_regularizer", "activity_regularizer") and value == "orthogonal_regularizer":
            raise invalid(name, "rank2_only", value=value, valid=valid)
        guess = closest(value.lower(), choices) if isinstance(value, str) else None
        if guess is not None:
            raise invalid(name, "unknown_guess", value=value, guess=guess, valid=valid)
        raise invalid(name, "unknown", value=value, valid=valid)


def _check_fraction(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid(name, "number", value=value)
    if not (0.0 <= value < 1.0) or math.isnan(value):
        raise invalid(name, "fraction", value=value)


_OPTIONAL = (ids.NONE,)
# NumPy's and TensorFlow's seeds are 32-bit.
SEED_LIMIT = 2**32
# The most batches --stateful --batches runs.
MAX_BATCHES = 1000


class CellKind(str, Enum):
    """The recurrent layer of a built stack; what each one is lives in `lstm_shapes.kinds`."""

    LSTM = "lstm"
    GRU = "gru"
    SIMPLE_RNN = "simple-rnn"
    CONV_LSTM_1D = "conv-lstm-1d"
    CONV_LSTM_2D = "conv-lstm-2d"
    CONV_LSTM_3D = "conv-lstm-3d"

    @property
    def kind(self) -> kinds.LayerKind:
        return kinds.by_key(self.value)

    @property
    def keras_name(self) -> str:
        return self.kind.layer

    @property
    def prefix(self) -> str:
        """How its layers are named: lstm_1, gru_2, simple_rnn_3."""
        return self.kind.prefix

    @property
    def states(self) -> int:
        """An LSTM carries h and c; a GRU and a SimpleRNN only h."""
        return len(self.kind.states)

    @property
    def gates(self) -> int:
        """Gates sharing one kernel along its last axis: LSTM i, f, c, o; GRU z, r, h; SimpleRNN none."""
        return self.kind.gates


class MergeMode(str, Enum):
    """How `Bidirectional` combines its forward and backward outputs (none: keep both)."""

    CONCAT = "concat"
    SUM = "sum"
    MUL = "mul"
    AVE = "ave"
    NONE = "none"


class Padding(str, Enum):
    VALID = "valid"
    SAME = "same"
    CAUSAL = "causal"


def _coerce(obj: object, name: str, enum: type[Enum]) -> None:
    """Accept an enum's string value in a frozen dataclass (spec files and the API pass strings)."""
    value = getattr(obj, name)
    if isinstance(value, enum):
        return
    choices = tuple(e.value for e in enum)
    if isinstance(value, str) and value in choices:
        object.__setattr__(obj, name, enum(value))
        return
    _check_choice(name, value, choices)


# Settings that only some cells have; the others refuse them instead of ignoring them.
CELL_SETTINGS: dict[str, tuple[CellKind, ...]] = {
    name: tuple(c for c in CellKind if name in c.kind.settings) for name in kinds.CELL_SETTINGS
}
# What a cell-specific setting left unset (None) means: Keras 3's default.
CELL_DEFAULTS: dict[str, object] = {
    "recurrent_activation": "sigmoid",
    "implementation": 2,
    "unit_forget_bias": True,
    "reset_after": True,
    "kernel_size": (3,),
    "strides": (1,),
    "padding": "valid",
    "dilation_rate": (1,),
}
_CONV_TUPLES = ("kernel_size", "strides", "dilation_rate")


def _conv_tuple(name: str, value: object, rank: int) -> tuple[int, ...]:
    """A ConvLSTM's kernel_size, strides or dilation_rate: one number for every axis, or one per axis."""
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",") if p.strip()]
        try:
            value = tuple(int(p) for p in parts)
        except ValueError:
            raise invalid(name, "whole_number", value=value) from None
    items = tuple(value) if isinstance(value, (list, tuple)) else (value,)
    for item in items:
        _check_int(name, item)
    if len(items) == 1:
        return items * rank
    if len(items) != rank:
        raise invalid(name, "conv_rank", value=",".join(str(i) for i in items), rank=rank)
    return tuple(int(i) for i in items)


# LayerSpec fields that are not keyword arguments of the Keras cell.
_WRAPPING = ("cell", "bidirectional", "merge_mode", "cells")
# What belongs to the layer, not to a cell, when one RNN runs several cells (`cells`).
LAYER_LEVEL = (
    "return_sequences",
    "return_state",
    "go_backwards",
    "stateful",
    "unroll",
    "bidirectional",
    "merge_mode",
    "cells",
)


@dataclass(frozen=True)
class LayerSpec:
    """One recurrent layer; field names and defaults are Keras 3's own.

    `cell` picks LSTM, GRU, SimpleRNN or a ConvLSTM; `bidirectional` wraps it in
    `keras.layers.Bidirectional` with `merge_mode`. Settings that only some cells
    have default to None (the cell's own default) so that setting one on a cell
    without it is refused, never silently ignored.
    """

    units: int = 20
    return_sequences: bool = False
    return_state: bool = False
    cell: CellKind = CellKind.LSTM
    activation: str = "tanh"
    recurrent_activation: str | None = None
    use_bias: bool = True
    kernel_initializer: str = "glorot_uniform"
    recurrent_initializer: str = "orthogonal"
    bias_initializer: str = "zeros"
    unit_forget_bias: bool | None = None
    kernel_regularizer: str = ids.NONE
    recurrent_regularizer: str = ids.NONE
    bias_regularizer: str = ids.NONE
    activity_regularizer: str = ids.NONE
    kernel_constraint: str = ids.NONE
    recurrent_constraint: str = ids.NONE
    bias_constraint: str = ids.NONE
    dropout: float = 0.0
    recurrent_dropout: float = 0.0
    implementation: int | None = None
    go_backwards: bool = False
    stateful: bool = False
    unroll: bool = False
    reset_after: bool | None = None
    # A ConvLSTM's convolutions (Keras's names); None on the other cells, which refuse them.
    kernel_size: int | tuple[int, ...] | str | None = None
    strides: int | tuple[int, ...] | str | None = None
    padding: str | None = None
    dilation_rate: int | tuple[int, ...] | str | None = None
    bidirectional: bool = False
    merge_mode: MergeMode | None = None
    # Several cells in one `keras.layers.RNN([...])`, bottom first, each a LayerSpec of cell
    # settings only; the layer then takes its units and cell from its top cell.
    cells: tuple[LayerSpec, ...] = ()

    def __post_init__(self) -> None:
        self._check_cells()
        _check_int("units", self.units)
        _coerce(self, "cell", CellKind)
        for name in ("return_sequences", "return_state", "use_bias", "go_backwards", "stateful", "unroll"):
            _check_bool(name, getattr(self, name))
        _check_bool("bidirectional", self.bidirectional)
        for name, owners in CELL_SETTINGS.items():
            # The owners named are of the user's family: dense cells for a dense one, ConvLSTMs for one.
            cells = tuple(c for c in owners if c.kind.convolutional == self.cell.kind.convolutional) or owners
            if getattr(self, name) is not None and self.cell not in owners:
                article = self.cell.kind.article
                raise invalid(
                    name,
                    "not_a_setting_of_the_cell",
                    article=article,
                    cell=self.cell.keras_name,
                    setting=name,
                    cells=tuple(c.keras_name for c in cells),
                    owner=cells[0].value,
                )
        for name in ("unit_forget_bias", "reset_after"):
            if getattr(self, name) is not None:
                _check_bool(name, getattr(self, name))
        self._check_convolution()
        _check_choice("activation", self.activation, ids.ACTIVATIONS)
        if self.recurrent_activation is not None:
            _check_choice("recurrent_activation", self.recurrent_activation, ids.ACTIVATIONS)
        _check_choice("kernel_initializer", self.kernel_initializer, ids.KERNEL_INITIALIZERS)
        _check_choice("recurrent_initializer", self.recurrent_initializer, ids.KERNEL_INITIALIZERS)
        matrix_only = self.bias_initializer in ids.MATRIX_INITIALIZERS
        _check_choice("bias_initializer", self.bias_initializer, ids.BIAS_INITIALIZERS, matrix_only)
        _check_choice("kernel_regularizer", self.kernel_regularizer, _OPTIONAL + ids.WEIGHT_REGULARIZERS)
        _check_choice(
            "recurrent_regularizer", self.recurrent_regularizer, _OPTIONAL + ids.WEIGHT_REGULARIZERS
        )
        for name in ("bias_regularizer", "activity_regularizer"):
            _check_choice(name, getattr(self, name), _OPTIONAL + ids.VECTOR_REGULARIZERS)
        for name in ("kernel_constraint", "recurrent_constraint", "bias_constraint"):
            _check_choice(name, getattr(self, name), _OPTIONAL + ids.CONSTRAINTS)
        _check_fraction("dropout", self.dropout)
        _check_fraction("recurrent_dropout", self.recurrent_dropout)
        if self.implementation is not None and (
            type(self.implementation) is not int or self.implementation not in (1, 2)
        ):
            raise invalid("implementation", "implementation", value=self.implementation)
        if self.merge_mode is not None:
            _coerce(self, "merge_mode", MergeMode)
            if not self.bidirectional:
                raise invalid("merge_mode", "merge_without_bidirectional")
        if self.bidirectional and self.stateful and self.return_state:
            # Keras 3.15 fails in Bidirectional.compute_mask (a generator times 2);
            # tests/test_family.py has a canary that notices when Keras fixes it.
            raise invalid("stateful", "stateful_bidirectional_states")

    def _check_cells(self) -> None:
        """Several cells in one RNN: each cell holds only cell settings, the layer only the rest."""
        if isinstance(self.cells, list):
            object.__setattr__(self, "cells", tuple(self.cells))
        if not isinstance(self.cells, tuple):
            raise invalid("cells", "stacked_cells_list", value=self.cells)
        if not self.cells:
            return
        found = []
        for i, cell in enumerate(self.cells):
            if isinstance(cell, dict):
                try:
                    cell = LayerSpec(**cell)
                except TypeError:
                    raise invalid(f"cells[{i}]", "stacked_cells_list", value=cell) from None
            if not isinstance(cell, LayerSpec):
                raise invalid(f"cells[{i}]", "stacked_cells_list", value=cell)
            for name in LAYER_LEVEL:
                if getattr(cell, name) != _DEFAULTS[name]:
                    raise invalid(f"cells[{i}].{name}", "stacked_cell_setting", setting=name)
            if cell.cell.kind.convolutional:
                raise invalid(f"cells[{i}].cell", "stacked_conv_cell", cell=cell.cell.keras_name)
            found.append(cell)
        for f in fields(self):
            if f.name in LAYER_LEVEL or f.name in ("units", "cell"):
                continue
            if getattr(self, f.name) != _DEFAULTS[f.name]:
                raise invalid(f.name, "stacked_layer_setting", setting=f.name)
        object.__setattr__(self, "cells", tuple(found))
        object.__setattr__(self, "units", found[-1].units)
        object.__setattr__(self, "cell", found[-1].cell)

    @property
    def kind(self) -> kinds.LayerKind:
        """What the layer runs: its cell's kind, or several cells in one RNN."""
        return kinds.STACKED_CELLS if self.cells else self.cell.kind

    @property
    def prefix(self) -> str:
        """How its layer is named: lstm_1, gru_2, rnn_3 (several cells in one RNN)."""
        return self.kind.prefix

    def state_labels(self) -> tuple[str, ...]:
        """The short names of the states it carries: h, c; by cell when it runs several: [0] h, [1] h."""
        if not self.cells:
            return self.cell.kind.state_labels()
        return tuple(f"[{i}] {s}" for i, c in enumerate(self.cells) for s in c.cell.kind.state_labels())

    def keras_text(self) -> str:
        """'LSTM(20)', 'RNN(LSTMCell(8), GRUCell(4))': the layer as one writes it in Keras."""
        if not self.cells:
            return f"{self.cell.keras_name}({self.units})"
        return "RNN(" + ", ".join(f"{c.cell.kind.cell}({c.units})" for c in self.cells) + ")"

    def cell_of(self, index: str) -> LayerSpec:
        """The cell a tensor or weight index names ('[1]', 'forward/[1]/kernel'); itself for one cell."""
        found = re.search(r"\[(\d+)\]", index) if self.cells else None
        return self.cells[int(found.group(1))] if found else self

    def cell_features(self, features: int) -> tuple[tuple[LayerSpec, int], ...]:
        """Each cell the layer runs with the features it reads: the cell below's units, above the first."""
        found = []
        for cell in self.cells or (self,):
            found.append((cell, features))
            features = cell.units
        return tuple(found)

    def _check_convolution(self) -> None:
        """A ConvLSTM's kernel, strides, padding and dilation, as Keras would check them."""
        kind = self.cell.kind
        if not kind.convolutional:
            return
        for name in _CONV_TUPLES:
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _conv_tuple(name, value, kind.spatial))
        if self.padding is not None:  # named apart from the mask's padding, for the flag it came from
            _check_choice("cell_padding", self.padding, ("valid", "same"))
        strided = any(s > 1 for s in self.setting("strides"))
        if strided and any(d > 1 for d in self.setting("dilation_rate")):
            raise invalid("dilation_rate", "conv_strides_dilation")
        if self.unroll:
            raise invalid("unroll", "conv_no_unroll", cell=kind.layer)
        if self.bidirectional:
            raise invalid("bidirectional", "conv_bidirectional", cell=kind.layer)

    def output_spatial(self, sizes: tuple[int, ...]) -> tuple[int, ...]:
        """A ConvLSTM's output rows, cols (and depth) from its input's, by the convolution arithmetic."""
        padding = str(self.setting("padding"))
        return tuple(
            kinds.conv_output_size(n, k, s, padding, d)
            for n, k, s, d in zip(
                sizes,
                self.setting("kernel_size"),
                self.setting("strides"),
                self.setting("dilation_rate"),
                strict=True,
            )
        )

    @property
    def merge(self) -> MergeMode | None:
        """The merge mode in effect: concat by default when bidirectional, None when not."""
        if not self.bidirectional:
            return None
        return self.merge_mode or MergeMode.CONCAT

    @property
    def width(self) -> int:
        """The size of the output's last axis: 2 x units when a bidirectional layer concatenates."""
        return 2 * self.units if self.merge is MergeMode.CONCAT else self.units

    @property
    def two_biases(self) -> bool:
        """A GRU with reset_after keeps one bias for the input and one for the recurrent product."""
        return (
            self.use_bias and "reset_after" in self.cell.kind.settings and bool(self.setting("reset_after"))
        )

    def setting(self, name: str) -> Any:
        """A setting's value in effect, with None resolved to the cell's Keras default."""
        value = getattr(self, name)
        if value is None and name in _CONV_TUPLES:
            return CELL_DEFAULTS[name] * max(self.cell.kind.spatial, 1)  # type: ignore[operator]
        return CELL_DEFAULTS[name] if value is None else value

    def keras_config(self) -> dict[str, Any]:
        """The keyword arguments of the Keras cell layer (`none` becomes None); of the RNN around
        several cells, only the layer's own (each cell's are its `cell_config()`)."""
        config: dict[str, Any] = {}
        for f in fields(self):
            if f.name in _WRAPPING or (self.cells and f.name not in LAYER_LEVEL):
                continue
            if f.name in CELL_SETTINGS and self.cell not in CELL_SETTINGS[f.name]:
                continue
            if f.name == "unroll" and not self.cell.kind.unrolls:
                continue
            value = self.setting(f.name) if f.name in CELL_DEFAULTS else getattr(self, f.name)
            name = "filters" if f.name == "units" and self.cell.kind.convolutional else f.name
            config[name] = None if value == ids.NONE else value
        return config

    def cell_config(self) -> dict[str, Any]:
        """The keyword arguments of the Keras cell class (`LSTMCell(...)`): no layer-level ones."""
        return {k: v for k, v in self.keras_config().items() if k not in LAYER_LEVEL}

    def describe(self) -> dict[str, Any]:
        """The configuration as reports show it: the cell, its Keras arguments, the wrapping."""
        merge = self.merge
        if self.cells:
            own: dict[str, Any] = {"cells": [{"cell": c.cell.value, **c.cell_config()} for c in self.cells]}
        else:
            own = {"cell": self.cell.value}
        return {
            **own,
            **self.keras_config(),
            "bidirectional": self.bidirectional,
            "merge_mode": None if merge is None else merge.value,
        }


_DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(LayerSpec)}


@dataclass(frozen=True)
class ConvSpec:
    """A `keras.layers.Conv1D` front end that shortens the time axis before the stack."""

    filters: int
    kernel_size: int = 3
    strides: int = 1
    padding: Padding = Padding.VALID
    dilation_rate: int = 1

    def __post_init__(self) -> None:
        try:
            _check_int("filters", self.filters)
            _check_int("kernel_size", self.kernel_size)
            _check_int("strides", self.strides)
            _coerce(self, "padding", Padding)
            _check_int("dilation_rate", self.dilation_rate)
            if self.strides > 1 and self.dilation_rate > 1:  # Keras's BaseConv refuses the pair
                raise invalid("dilation_rate", "dilation_with_strides", strides=self.strides)
        except InvalidSpec as err:
            raise InvalidSpec(
                f"conv.{err.field}", err.problem, err.hint, key=err.key, values=err.values
            ) from err

    def keras_config(self) -> dict[str, Any]:
        """The keyword arguments of `keras.layers.Conv1D`, in field order (enums as their values)."""
        return {f.name: getattr(getattr(self, f.name), "value", getattr(self, f.name)) for f in fields(self)}

    @property
    def span(self) -> int:
        """The time steps one kernel reads: (k - 1) x dilation + 1."""
        return (self.kernel_size - 1) * self.dilation_rate + 1

    def output_steps(self, window: int) -> int:
        """valid: floor((T - span) / s) + 1; same and causal: ceil(T / s)."""
        if self.padding is Padding.VALID:
            return (window - self.span) // self.strides + 1 if window >= self.span else 0
        return -(-window // self.strides)


@dataclass(frozen=True)
class HeadSpec:
    """The layer after the stack: nothing, `Dense`, `TimeDistributed(Dense)`, or `Flatten` then `Dense`."""

    kind: HeadKind = HeadKind.NONE
    units: int = 10

    def __post_init__(self) -> None:
        try:
            _coerce(self, "kind", HeadKind)
        except InvalidSpec as err:
            raise InvalidSpec("head", err.problem, err.hint, key=err.key, values=err.values) from err
        try:
            _check_int("units", self.units)
        except InvalidSpec as err:
            raise InvalidSpec("head.units", err.problem, err.hint, key=err.key, values=err.values) from err


@dataclass(frozen=True)
class StackSpec:
    """The whole question: an input batch, an optional Conv1D, recurrent layers bottom first, a head."""

    batch: int = 32
    window: int = 25
    features: int = 1
    layers: tuple[LayerSpec, ...] = field(default_factory=lambda: (LayerSpec(),))
    head: HeadSpec = field(default_factory=HeadSpec)
    device: DeviceChoice = DeviceChoice.AUTO
    seed: int = 0
    conv: ConvSpec | None = None
    # Sequences of different lengths (lstm_shapes.spec.masking): token ids through an
    # Embedding, or a Masking(mask_value) layer on float input; lengths pad each sample.
    embedding: EmbeddingSpec | None = None
    mask_value: float | None = None
    lengths: tuple[int, ...] | str | None = None
    padding: PadSide = PadSide.PRE
    # A ConvLSTM stack's input: the rows (, cols (, depth)) of each frame; `features` is its channels.
    spatial: tuple[int, ...] | str = ()
    # --batches: consecutive batches run through a stateful stack (lstm_shapes.spec.stateful).
    batches: int = 1

    def __post_init__(self) -> None:
        _check_int("batch", self.batch, maximum=None)
        _check_int("batches", self.batches, maximum=MAX_BATCHES)
        if self.batches > 1 and not any(layer.stateful for layer in self.layers or ()):
            raise invalid(
                "batches", "batches_need_stateful", batches=self.batches
            )  # a batch too large is the memory guard's to refuse
        _check_int("window", self.window)
        _check_int("features", self.features)
        _check_int("seed", self.seed, minimum=0, maximum=None)
        if self.seed >= SEED_LIMIT:
            raise invalid("seed", "seed_limit", limit=f"{SEED_LIMIT:,}", value=f"{self.seed:,}")
        _coerce(self, "device", DeviceChoice)
        if not isinstance(self.layers, tuple) or not self.layers:
            raise invalid("layers", "no_layers")
        if self.conv is not None and self.conv.output_steps(self.window) < 1:
            raise invalid("conv.kernel_size", "kernel_too_long", kernel=self.conv.span, window=self.window)
        names = self.layer_names
        for i, (below, name) in enumerate(zip(self.layers[:-1], names[:-1], strict=True)):
            if not below.return_sequences:
                raise invalid(f"{name}.return_sequences", "lower_layer_flat", name=name, above=names[i + 1])
        for i, (layer, name) in enumerate(zip(self.layers, names, strict=True)):
            on_top = names[i + 1] if i + 1 < len(names) else None
            if on_top is None and self.head.kind is not HeadKind.NONE:
                on_top = "head"
            if layer.merge is MergeMode.NONE and on_top is not None:
                key = "merge_none_under_head" if on_top == "head" else "merge_none_under_layer"
                raise invalid(f"{name}.merge_mode", key, name=name, above=on_top)
        top = self.layers[-1]
        if self.head.kind is HeadKind.TIME_DISTRIBUTED and not top.return_sequences:
            raise invalid("head", "time_distributed_2d", name=names[-1])
        if self.head.kind is HeadKind.FLATTEN and not top.return_sequences:
            raise invalid("head", "flatten_2d", name=names[-1], units=top.width)
        self._check_sequences()
        self._check_spatial()

    def _check_spatial(self) -> None:
        """A ConvLSTM stack: frames of the rank its cells convolve, and every output at least 1 wide."""
        if isinstance(self.spatial, str):
            parts = [p.strip() for p in self.spatial.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise invalid("spatial", "whole_number", value=self.spatial)
            object.__setattr__(self, "spatial", tuple(int(p) for p in parts))
        if isinstance(self.spatial, list):
            object.__setattr__(self, "spatial", tuple(self.spatial))
        if not isinstance(self.spatial, tuple):
            raise invalid("spatial", "whole_number", value=self.spatial)
        for size in self.spatial:
            _check_int("spatial", size)
        ranks = {layer.cell.kind.spatial for layer in self.layers}
        rank = max(ranks)
        if len(ranks) > 1:
            kinds_named = ", ".join(dict.fromkeys(layer.cell.keras_name for layer in self.layers))
            raise invalid("layers", "conv_mixed", cells=kinds_named)
        if rank == 0:
            if self.spatial:
                raise invalid("spatial", "spatial_without_conv", value=",".join(map(str, self.spatial)))
            return
        cell = self.layers[0].cell.keras_name
        example = ",".join(["16"] * rank)
        if not self.spatial:
            raise invalid("spatial", "spatial_missing", cell=cell, rank=rank, example=example)
        if len(self.spatial) != rank:
            value = ",".join(map(str, self.spatial))
            raise invalid("spatial", "spatial_rank", cell=cell, rank=rank, value=value, example=example)
        if self.conv is not None or self.embedding is not None or self.masked or self.lengths is not None:
            raise invalid("layers", "conv_lstm_front", cell=cell)
        for name, (sizes, layer) in zip(
            self.layer_names, zip(self.layer_spatial, self.layers, strict=True), strict=True
        ):
            out = layer.output_spatial(sizes)
            if min(out) < 1:
                raise invalid(
                    f"{name}.kernel_size",
                    "conv_too_small",
                    name=name,
                    sizes=",".join(map(str, sizes)),
                    kernel=",".join(map(str, layer.setting("kernel_size"))),
                )

    @property
    def layer_spatial(self) -> tuple[tuple[int, ...], ...]:
        """Each ConvLSTM layer's input frame size, bottom first (the convolution arithmetic)."""
        found = []
        sizes = tuple(self.spatial) if isinstance(self.spatial, tuple) else ()
        for layer in self.layers:
            found.append(sizes)
            if sizes:
                sizes = layer.output_spatial(sizes)
        return tuple(found)

    @property
    def output_spatial(self) -> tuple[int, ...]:
        """The top layer's frame size (empty for a dense stack)."""
        if not self.spatial:
            return ()
        return self.layers[-1].output_spatial(self.layer_spatial[-1])

    def _check_sequences(self) -> None:
        """The Embedding, the mask and the lengths: refused here, before anything runs."""
        _coerce(self, "padding", PadSide)
        if self.embedding is not None and not isinstance(self.embedding, EmbeddingSpec):
            raise invalid("embedding", "unknown", value=self.embedding, valid="EmbeddingSpec")
        if self.embedding is not None and self.features != 1:
            raise invalid("features", "token_ids_features", value=self.features)
        if self.mask_value is not None:
            if isinstance(self.mask_value, bool) or not isinstance(self.mask_value, (int, float)):
                raise invalid("mask_value", "number", value=self.mask_value)
            if math.isnan(self.mask_value):
                raise invalid("mask_value", "mask_value_nan")
            if self.embedding is not None:
                raise invalid("mask_value", "mask_value_with_embedding")
        if self.masked and self.conv is not None:
            raise invalid("conv.filters", "conv_drops_mask")
        if self.lengths is None:
            return
        if self.lengths == masking.RANDOM:
            object.__setattr__(self, "lengths", masking.random_lengths(self.batch, self.window, self.seed))
        else:
            object.__setattr__(self, "lengths", masking.check_lengths(self.lengths, self.batch, self.window))
        if not self.masked:
            key = "lengths_need_mask_zero" if self.embedding is not None else "lengths_need_mask"
            raise invalid("lengths", key)

    @property
    def masked(self) -> bool:
        """Whether Keras masks steps: an Embedding with mask_zero, or a Masking layer."""
        return (self.embedding is not None and self.embedding.mask_zero) or self.mask_value is not None

    @property
    def valid_lengths(self) -> tuple[int, ...]:
        """Each sample's valid length: the lengths given, else the whole window."""
        if isinstance(self.lengths, tuple):
            return self.lengths
        return (self.window,) * self.batch

    @property
    def rnn_features(self) -> int:
        """What the first recurrent (or Conv1D) layer reads at each step."""
        return self.features if self.embedding is None else self.embedding.dim

    @property
    def layer_names(self) -> tuple[str, ...]:
        """Keras layer names, bottom first, numbered by position: lstm_1, gru_2, ..."""
        return tuple(f"{layer.prefix}_{i}" for i, layer in enumerate(self.layers, 1))

    @property
    def input_shape(self) -> tuple[int, ...]:
        if self.embedding is not None:  # token ids: one integer per step
            return (self.batch, self.window)
        return (self.batch, self.window, *self.spatial, self.features)

    @property
    def steps(self) -> int:
        """Time steps the recurrent layers see: the window, or the Conv1D's output length."""
        return self.window if self.conv is None else self.conv.output_steps(self.window)
