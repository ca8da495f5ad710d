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


def output_roles(layer: LayerSpec) -> tuple[Role, ...]:
    """The tensors a layer returns, in the order Keras returns them."""
    if not layer.bidirectional:
        states = (Role.HIDDEN, Role.CELL)[: layer.cell.states]
        return (Role.OUTPUT, *states) if layer.return_state else (Role.OUTPUT,)
    outputs = (Role.FORWARD_OUTPUT, Role.BACKWARD_OUTPUT) if layer.merge is MergeMode.NONE else (Role.OUTPUT,)
    if not layer.return_state:
        return outputs
    forward = (Role.FORWARD_HIDDEN, Role.FORWARD_CELL)[: layer.cell.states]
    backward = (Role.BACKWARD_HIDDEN, Role.BACKWARD_CELL)[: layer.cell.states]
    return (*outputs, *forward, *backward)


def kind_of(layer: LayerSpec) -> str:
    """'LSTM', 'Bidirectional(GRU)': the layer's class as Keras names it."""
    kind = layer.cell.keras_name
    return f"Bidirectional({kind})" if layer.bidirectional else kind


# --- weights and parameter counts ----------------------------------------------------------------


def cell_weights(features: int, layer: LayerSpec) -> tuple[WeightShape, ...]:
    """kernel (F, gU), recurrent_kernel (U, gU), bias (gU,), with g gates.

    A GRU with reset_after keeps two biases, one for the input and one for the
    recurrent product: bias (2, 3U).
    """
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
    biases = (2 if layer.two_biases else 1) if layer.use_bias else 0
    volume = math.prod(layer.setting("kernel_size")) if layer.cell.kind.convolutional else 1
    return CellTerms(layer.cell.gates, layer.units, features, biases, 2 if layer.bidirectional else 1, volume)
