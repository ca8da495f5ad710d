"""The report type that both `predict` and `observe` return.

Keeping one type for both sides makes the comparison a function of two values
and lets rendering stay ignorant of where a shape came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from lstm_shapes.kinds import (  # axis meanings: one list, in the kinds' module
    BATCH as BATCH,
)
from lstm_shapes.kinds import (
    BOTH_FILTERS as BOTH_FILTERS,
)
from lstm_shapes.kinds import (
    BOTH_UNITS as BOTH_UNITS,
)
from lstm_shapes.kinds import (
    CHANNELS as CHANNELS,
)
from lstm_shapes.kinds import (
    COLS as COLS,
)
from lstm_shapes.kinds import (
    DEPTH as DEPTH,
)
from lstm_shapes.kinds import (
    FEATURES as FEATURES,
)
from lstm_shapes.kinds import (
    FILTERS as FILTERS,
)
from lstm_shapes.kinds import (
    HEAD_UNITS as HEAD_UNITS,
)
from lstm_shapes.kinds import (
    ROWS as ROWS,
)
from lstm_shapes.kinds import (
    STATE_SIZE as STATE_SIZE,
)
from lstm_shapes.kinds import (
    TIME as TIME,
)
from lstm_shapes.kinds import (
    UNITS as UNITS,
)

Shape = tuple[int, ...]


def fmt_shape(shape: Shape) -> str:
    """(32, 25, 20), and (80,) for one axis: the way Python and Keras print shapes."""
    return "(" + ", ".join(str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


# Names of the layers that are not recurrent.
CONV_NAME = "conv1d"
HEAD_NAME = "head"


class Role(str, Enum):
    """What a tensor is to its layer."""

    INPUT = "input"
    OUTPUT = "output"
    HIDDEN = "hidden"
    CELL = "cell"
    # Bidirectional layers: merge_mode none keeps both outputs; states are never merged.
    FORWARD_OUTPUT = "forward_output"
    BACKWARD_OUTPUT = "backward_output"
    FORWARD_HIDDEN = "forward_hidden"
    FORWARD_CELL = "forward_cell"
    BACKWARD_HIDDEN = "backward_hidden"
    BACKWARD_CELL = "backward_cell"
    # A state of a cell we do not describe (a user's custom cell): named by its position.
    STATE = "state"
    FORWARD_STATE = "forward_state"
    BACKWARD_STATE = "backward_state"

    @property
    def is_state(self) -> bool:
        return self.value.endswith(("hidden", "cell", "state"))


@dataclass(frozen=True)
class TensorRow:
    """One tensor: its name (`lstm_1.hidden`), its layer, role, shape and axis meanings.

    The words about it (the "Why" column) are chosen when rendering, in the user's language.
    """

    layer: str
    role: Role
    shape: Shape
    axes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.layer if self.role is Role.INPUT else f"{self.layer}.{self.role.value}"


@dataclass(frozen=True)
class WeightShape:
    name: str
    shape: Shape


@dataclass(frozen=True)
class LayerInfo:
    """One layer: what Keras calls it, how it is configured, its weights and their count."""

    name: str
    kind: str
    config: dict[str, Any]
    params: int
    weights: tuple[WeightShape, ...]


@dataclass(frozen=True)
class ShapeReport:
    """Every layer and tensor of one stack, predicted from math or observed from Keras."""

    layers: tuple[LayerInfo, ...]
    tensors: tuple[TensorRow, ...]

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    def tensor(self, name: str) -> TensorRow:
        for row in self.tensors:
            if row.name == name:
                return row
        raise KeyError(name)

    def layer(self, name: str) -> LayerInfo:
        for info in self.layers:
            if info.name == name:
                return info
        raise KeyError(name)
