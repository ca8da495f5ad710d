"""One description per recurrent layer kind: what a kind *is*, in one place.

For each kind: the Keras classes it covers (the layer and its cell), its states and their
roles, the meaning of every axis for any rank, its weight tensors and their gate split, its
parameter formula (of plain numbers), its kernel-path rule and the keys of its words. The
spec, predict, observe, report and render all ask this module; none of them branches on a
cell kind or keeps a name map of its own. A cell Keras runs that is not described here (a
user's custom cell) gets `generic(...)`: states named by position from Keras's own cell
protocol (`state_size`, `output_size`), shapes observed, nothing guessed.

This module sits below the spec and imports nothing of the package: a description is plain
data and arithmetic, so `--help` and `--no-run` can ask it for free.

Adding a kind: one `LayerKind(...)` below, its words in `locales/en.py` and `ko.py` (keys
`kind_<words>` and, for gates, `gates[<words>]`), and its tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Axis meanings, as the tables print them (locales translate them by these English names).
BATCH = "batch"
TIME = "time steps"
FEATURES = "features"
UNITS = "units"
BOTH_UNITS = "2 × units"
FILTERS = "filters"
BOTH_FILTERS = "2 × filters"
# A Bidirectional concat whose backward layer is of another width (LSTM(3) forward, GRU(2) backward).
BOTH_DIRECTIONS = "forward + backward units"
CHANNELS = "channels"
ROWS = "rows"
COLS = "cols"
DEPTH = "depth"
HEAD_UNITS = "head units"
STATE_SIZE = "state size"

# The spatial axes of a convolutional recurrent layer, by its rank (channels_last).
SPATIAL_AXES = {1: (ROWS,), 2: (ROWS, COLS), 3: (DEPTH, ROWS, COLS)}

# State roles (the values of `lstm_shapes.spec.shapes.Role`): h, c, and a generic state by position.
HIDDEN = "hidden"
CELL = "cell"
STATE = "state"

# Kernel-path rules: which of Keras's loops a kind can run.
FUSED = "fused"  # LSTM and GRU: the backend's fused kernel (cuDNN) when the settings allow
GENERIC_ONLY = "generic"  # SimpleRNN, ConvLSTM, custom cells: always the generic loop


@dataclass(frozen=True)
class LayerKind:
    """One recurrent layer kind.

    `key` is the spec's name for it (`--cell lstm`), `layer` and `cell` Keras's classes,
    `states` its state roles in Keras's order, `gates` how many gates share one kernel
    along its last axis, `spatial` the rank of a convolutional kind (0 for a dense one),
    `settings` the keyword arguments only this kind has, `kernel_rule` FUSED or
    GENERIC_ONLY, and `words` the key of its words (`kind_<words>`, `gates[<words>]`,
    `params_<words>`, `states_<words>`).
    """

    key: str
    layer: str
    cell: str
    states: tuple[str, ...]
    gates: int
    words: str
    spatial: int = 0
    settings: tuple[str, ...] = ()
    kernel_rule: str = GENERIC_ONLY
    # A kind Keras runs that we only know from its cell protocol: states by position.
    described: bool = True
    # The cell's state sizes when they differ from its units (a generic cell's state_size).
    state_sizes: tuple[int, ...] = ()
    # The English article before its Keras name in a refusal ("an LSTM layer", "a GRU layer").
    article: str = "a"
    # Whether Keras's layer takes unroll (a ConvLSTM does not).
    unrolls: bool = True

    @property
    def prefix(self) -> str:
        """How its layers are named: lstm_1, gru_2, simple_rnn_3, conv_lstm_2d_1."""
        return self.key.replace("-", "_")

    @property
    def convolutional(self) -> bool:
        return self.spatial > 0

    @property
    def width_axis(self) -> str:
        """What the last axis of its output and states holds: units, or a ConvLSTM's filters."""
        return FILTERS if self.convolutional else UNITS

    @property
    def has_cell_state(self) -> bool:
        return CELL in self.states

    def state_labels(self) -> tuple[str, ...]:
        """The short names of its states: h, c; a generic cell's by position."""
        if not self.described:
            return tuple(f"s{i}" for i in range(len(self.states)))
        return tuple("c" if s == CELL else "h" for s in self.states)

    def kernel_shapes(
        self, features: int, units: int, kernel: tuple[int, ...] = ()
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Its kernel and recurrent kernel: (F, g·U) and (U, g·U); a ConvLSTM's (k…, C, 4F), (k…, F, 4F)."""
        n = self.gates * units
        k = tuple(kernel) if self.convolutional else ()
        return (*k, features, n), (*k, units, n)

    def bias_shape(self, units: int, two_biases: bool = False) -> tuple[int, ...]:
        n = self.gates * units
        return (2, n) if two_biases else (n,)

    def params(
        self,
        features: int,
        units: int,
        use_bias: bool = True,
        two_biases: bool = False,
        kernel: tuple[int, ...] = (),
    ) -> int:
        """g·(k·F·U + k·U·U + b·U), k the kernel's volume (1 for a dense cell), b 0, 1 or 2 biases."""
        volume = math.prod(kernel) if self.convolutional else 1
        biases = (2 if two_biases else 1) if use_bias else 0
        return self.gates * (volume * features * units + volume * units * units + biases * units)

    def output_axes(self, rank: int, width: str | None = None) -> tuple[str, ...]:
        """What each axis of its output means, for an output of `rank` axes (with or without time)."""
        last = width or self.width_axis
        space = SPATIAL_AXES.get(self.spatial, ())
        flat = (BATCH, *space, last)
        if rank == len(flat) + 1:
            return (BATCH, TIME, *space, last)
        if rank == len(flat):
            return flat
        return (BATCH, *[last] * (rank - 1)) if rank else ()

    def state_axes(self, rank: int) -> tuple[str, ...]:
        """A state's axes: (batch, units), a ConvLSTM's (batch, rows, cols, filters)."""
        if not self.described:
            return (BATCH, *[STATE_SIZE] * (rank - 1)) if rank else ()
        return self.output_axes(rank)

    def input_axes(self, rank: int) -> tuple[str, ...]:
        """The input it reads: (batch, time steps, features), a ConvLSTM's (batch, time, rows, cols, channels)."""
        space = SPATIAL_AXES.get(self.spatial, ())
        full = (BATCH, TIME, *space, CHANNELS if self.convolutional else FEATURES)
        return full if rank == len(full) else (BATCH, *[FEATURES] * (rank - 1))


LSTM = LayerKind(
    "lstm",
    "LSTM",
    "LSTMCell",
    (HIDDEN, CELL),
    4,
    "lstm",
    settings=("recurrent_activation", "implementation", "unit_forget_bias"),
    kernel_rule=FUSED,
    article="an",
)
GRU = LayerKind(
    "gru",
    "GRU",
    "GRUCell",
    (HIDDEN,),
    3,
    "gru",
    settings=("recurrent_activation", "implementation", "reset_after"),
    kernel_rule=FUSED,
)
SIMPLE_RNN = LayerKind("simple-rnn", "SimpleRNN", "SimpleRNNCell", (HIDDEN,), 1, "simple")
# A ConvLSTM's settings beyond an LSTM's: its convolutions'.
CONV_SETTINGS = ("kernel_size", "strides", "padding", "dilation_rate")


def _conv_lstm(rank: int) -> LayerKind:
    return LayerKind(
        f"conv-lstm-{rank}d",
        f"ConvLSTM{rank}D",
        "ConvLSTMCell",
        (HIDDEN, CELL),
        4,
        "convlstm",
        spatial=rank,
        settings=("recurrent_activation", "unit_forget_bias", *CONV_SETTINGS),
        unrolls=False,
    )


CONV_LSTM_1D = _conv_lstm(1)
CONV_LSTM_2D = _conv_lstm(2)
CONV_LSTM_3D = _conv_lstm(3)

KINDS: tuple[LayerKind, ...] = (LSTM, GRU, SIMPLE_RNN, CONV_LSTM_1D, CONV_LSTM_2D, CONV_LSTM_3D)
# Every setting only some kinds have (the others refuse it), and what it means when left unset.
CELL_SETTINGS = ("recurrent_activation", "implementation", "unit_forget_bias", "reset_after", *CONV_SETTINGS)

_BY_KEY = {kind.key: kind for kind in KINDS}
_BY_LAYER = {kind.layer: kind for kind in KINDS}
_BY_CELL = {kind.cell: kind for kind in KINDS if not kind.convolutional}

# Keras's wrappers and the generic layer: they run a kind, they are not one.
RNN = "RNN"
STACKED = "StackedRNNCells"

# Several cells in one `keras.layers.RNN([cell, cell, ...])` of a built stack: the layer runs
# its cells' kinds one above the other at each step (their states and weights are theirs, by
# cell); as a layer it has no gates of its own and always runs Keras's generic loop.
STACKED_CELLS = LayerKind(
    "rnn",
    RNN,
    STACKED,
    (),
    0,
    "stacked",
    kernel_rule=GENERIC_ONLY,
)
BIDIRECTIONAL = "Bidirectional"
TIME_DISTRIBUTED = "TimeDistributed"


def by_key(key: str) -> LayerKind:
    """The kind the spec names: 'lstm', 'gru', 'simple-rnn', 'conv-lstm-2d'."""
    return _BY_KEY[key]


def by_layer(name: str) -> LayerKind | None:
    """The kind a Keras layer class runs: 'LSTM' -> LSTM, 'ConvLSTM2D' -> CONV_LSTM_2D; None if not one."""
    return _BY_LAYER.get(name)


def by_cell(name: str, spatial: int = 0) -> LayerKind | None:
    """The kind of a Keras cell class: 'LSTMCell' -> LSTM; a ConvLSTMCell by its rank."""
    if name == "ConvLSTMCell":
        return next((k for k in KINDS if k.spatial == spatial), None)
    return _BY_CELL.get(name)


def is_recurrent(layer_class: str) -> bool:
    """Whether a Keras layer class runs a recurrent kind: a described layer, the generic RNN, or
    Bidirectional (always around one); TimeDistributed may wrap anything, so it is not."""
    return by_layer(layer_class) is not None or layer_class in (RNN, BIDIRECTIONAL)


def by_keras_name(name: str) -> LayerKind | None:
    """A layer or cell class name, whichever it is."""
    return by_layer(name) or by_cell(name)


def generic(cell: str, state_sizes: tuple[int, ...]) -> LayerKind:
    """A cell we do not describe, from Keras's cell protocol: one state per entry of state_size."""
    return LayerKind(
        cell.lower(),
        cell,
        cell,
        (STATE,) * len(state_sizes),
        1,
        "generic",
        described=False,
        state_sizes=state_sizes,
    )


def conv_output_size(size: int, kernel: int, stride: int, padding: str, dilation: int = 1) -> int:
    """One spatial axis after a convolution: valid floor((n - d(k-1) - 1) / s) + 1, same ceil(n / s)."""
    if padding == "same":
        return -(-size // stride)
    span = dilation * (kernel - 1) + 1
    return (size - span) // stride + 1 if size >= span else 0
