"""The report type that both `predict` and `observe` return.

Keeping one type for both sides makes the comparison a function of two values
and lets rendering stay ignorant of where a shape came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

Shape = tuple[int, ...]


def fmt_shape(shape: Shape) -> str:
    """(32, 25, 20), and (80,) for one axis: the way Python and Keras print shapes."""
    return "(" + ", ".join(str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


# Names of the layers that are not recurrent.
CONV_NAME = "conv1d"
HEAD_NAME = "head"

# Axis meanings, as the table prints them.
BATCH = "batch"
TIME = "time steps"
FEATURES = "features"
UNITS = "units"
BOTH_UNITS = "2 × units"
FILTERS = "filters"
HEAD_UNITS = "head units"


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

    @property
    def is_state(self) -> bool:
        return self.value.endswith(("hidden", "cell"))


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
