"""The one walk of a stack: what each layer reads, what it returns, its weights and their count.

Every part of the tool that needs to know which tensors a layer returns, in which
order, how many features it reads or how many parameters it holds asks here, so the
prediction, Keras's side and the words about them cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from lstm_shapes.spec.shapes import CONV_NAME, Role, WeightShape
from lstm_shapes.spec.stack import ConvSpec, LayerSpec, MergeMode, StackSpec


@dataclass(frozen=True)
class Place:
    """A recurrent layer in its stack: its name, what is below and above it, and the steps it reads."""

    name: str
    layer: LayerSpec
    features: int
    steps: int
    below: str
    above: str | None


def places(spec: StackSpec) -> Iterator[Place]:
    """The recurrent layers bottom first, each with the features it reads."""
    features, below = spec.rnn_features, "input"
    if spec.conv is not None:
        features, below = spec.conv.filters, CONV_NAME
    names = spec.layer_names
    for i, (name, layer) in enumerate(zip(names, spec.layers, strict=True)):
        above = names[i + 1] if i + 1 < len(names) else None
        yield Place(name, layer, features, spec.steps, below, above)
        features, below = layer.width, name


def top_width(spec: StackSpec) -> int:
    """The last axis of the stack's top output, what a head reads."""
    return spec.layers[-1].width


@dataclass(frozen=True)
class Slot:
    """One tensor a layer returns: where it sits (`[1]`: the second of several cells in one RNN,
    as `inspect` labels a stacked RNN), its role, and the units of the cell it belongs to."""

    index: str
    role: Role
    units: int
    # Which cell of several holds this state; -1 for an output.
    cell: int = -1


def output_slots(layer: LayerSpec) -> tuple[Slot, ...]:
    """The tensors a layer returns, in the order Keras returns them (each cell's states in turn)."""
    outputs: tuple[Slot, ...]
    if layer.bidirectional and layer.merge is MergeMode.NONE:
        outputs = (Slot("", Role.FORWARD_OUTPUT, layer.units), Slot("", Role.BACKWARD_OUTPUT, layer.units))
    else:
        outputs = (Slot("", Role.OUTPUT, layer.width),)
    if not layer.return_state:
        return outputs
    cells = layer.cells or (layer,)
    directions = ("forward_", "backward_") if layer.bidirectional else ("",)
    states = []
    for direction in directions:
        for i, cell in enumerate(cells):
            index = f"[{i}]" if layer.cells else ""
            for state in cell.cell.kind.states:  # the kind's roles: hidden, cell
                states.append(Slot(index, Role(direction + state), cell.units, i))
    return (*outputs, *states)


def output_roles(layer: LayerSpec) -> tuple[Role, ...]:
    """The roles of the tensors a layer returns, in the order Keras returns them."""
    return tuple(slot.role for slot in output_slots(layer))


def top_index(layer: LayerSpec) -> str:
    """Where a layer's top cell's states sit: '' for one cell, '[1]' for the second of two."""
    return f"[{len(layer.cells) - 1}]" if layer.cells else ""


def kind_of(layer: LayerSpec) -> str:
    """'LSTM', 'Bidirectional(GRU)', 'RNN(LSTMCell, GRUCell)': the layer's class as Keras names it
    (as `inspect` names it)."""
    kind = layer.kind.layer
    if layer.cells:
        kind += "(" + ", ".join(c.cell.kind.cell for c in layer.cells) + ")"
    return f"Bidirectional({kind})" if layer.bidirectional else kind


# --- weights and parameter counts ----------------------------------------------------------------


def cell_weights(features: int, layer: LayerSpec) -> tuple[WeightShape, ...]:
    """kernel (F, gU), recurrent_kernel (U, gU), bias (gU,), with g gates.

    A GRU with reset_after keeps two biases, one for the input and one for the
    recurrent product: bias (2, 3U). Several cells in one RNN: each cell's, named by
    its place ('[1]/kernel'), the cell above reading the units of the one below.
    """
    if layer.cells:
        return tuple(
            WeightShape(f"[{i}]/{w.name}", w.shape)
            for i, (cell, reads) in enumerate(layer.cell_features(features))
            for w in cell_weights(reads, cell)
        )
    kind = layer.cell.kind
    kernel_size = tuple(layer.setting("kernel_size")) if kind.convolutional else ()
    kernel, recurrent = kind.kernel_shapes(features, layer.units, kernel_size)
    weights = [WeightShape("kernel", kernel), WeightShape("recurrent_kernel", recurrent)]
    if layer.use_bias:
        weights.append(WeightShape("bias", kind.bias_shape(layer.units, layer.two_biases)))
    return tuple(weights)


def layer_weights(features: int, layer: LayerSpec) -> tuple[WeightShape, ...]:
    """The cell's weights, twice over (forward/..., backward/...) when bidirectional."""
    weights = cell_weights(features, layer)
    if not layer.bidirectional:
        return weights
    return tuple(
        WeightShape(f"{direction}/{w.name}", w.shape)
        for direction in ("forward", "backward")
        for w in weights
    )


def conv_weights(features: int, conv: ConvSpec) -> tuple[WeightShape, ...]:
    return (
        WeightShape("kernel", (conv.kernel_size, features, conv.filters)),
        WeightShape("bias", (conv.filters,)),
    )


def dense_weights(inputs: int, units: int) -> tuple[WeightShape, ...]:
    return (WeightShape("kernel", (inputs, units)), WeightShape("bias", (units,)))


def count(weights: tuple[WeightShape, ...]) -> int:
    """The parameter count: every weight's elements, added up."""
    return sum(math.prod(w.shape) for w in weights)


@dataclass(frozen=True)
class CellTerms:
    """The numbers of one direction's parameter formula, g × (U × (F + U) + b·U)."""

    gates: int
    units: int
    features: int
    # How many bias vectors of U per gate: 0 without a bias, 2 for GRU's reset_after.
    biases: int
    directions: int
    # A ConvLSTM's kernel volume (k1 × k2 ...): every kernel column is that many weights; 1 otherwise.
    volume: int = 1


def cell_terms(features: int, layer: LayerSpec) -> CellTerms:
    """The numbers of one cell's formula (a layer of one cell; each cell of several on its own)."""
    biases = (2 if layer.two_biases else 1) if layer.use_bias else 0
    volume = math.prod(layer.setting("kernel_size")) if layer.cell.kind.convolutional else 1
    return CellTerms(layer.cell.gates, layer.units, features, biases, 2 if layer.bidirectional else 1, volume)
