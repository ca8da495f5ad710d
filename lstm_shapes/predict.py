"""Shapes, axis meanings, parameter counts and weight shapes from the layer math alone."""

from __future__ import annotations

import math
from dataclasses import replace

from lstm_shapes.explain import row_notes
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.shapes import (
    BATCH,
    BOTH_UNITS,
    CONV_NAME,
    FEATURES,
    FILTERS,
    HEAD_NAME,
    HEAD_UNITS,
    TIME,
    UNITS,
    LayerInfo,
    Role,
    ShapeReport,
    TensorRow,
    WeightShape,
)
from lstm_shapes.spec import ConvSpec, HeadKind, LayerSpec, MergeMode, StackSpec


def cell_weights(features: int, layer: LayerSpec) -> tuple[WeightShape, ...]:
    """kernel (F, gU), recurrent_kernel (U, gU), bias (gU,), with g gates.

    A GRU with reset_after keeps two biases, one for the input and one for the
    recurrent product: bias (2, 3U).
    """
    u, g = layer.units, layer.cell.gates
    weights = [WeightShape("kernel", (features, g * u)), WeightShape("recurrent_kernel", (u, g * u))]
    if layer.use_bias:
        weights.append(WeightShape("bias", (2, g * u) if layer.two_biases else (g * u,)))
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


def count(weights: tuple[WeightShape, ...]) -> int:
    return sum(math.prod(w.shape) for w in weights)


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
    kind = layer.cell.keras_name
    return f"Bidirectional({kind})" if layer.bidirectional else kind


def _layer_rows(spec: StackSpec, name: str, layer: LayerSpec) -> list[TensorRow]:
    b, t, u = spec.batch, spec.steps, layer.units
    rows = []
    shape: tuple[int, ...]
    axes: tuple[str, ...]
    for role in output_roles(layer):
        if role.is_state:
            shape, axes = (b, u), (BATCH, UNITS)
        else:
            width = layer.width if role is Role.OUTPUT else u
            last = BOTH_UNITS if width != u else UNITS
            shape, axes = (
                ((b, t, width), (BATCH, TIME, last))
                if layer.return_sequences
                else ((b, width), (BATCH, last))
            )
        rows.append(TensorRow(name, role, shape, axes))
    return rows


def _conv(spec: StackSpec, conv: ConvSpec) -> tuple[LayerInfo, TensorRow]:
    weights = (
        WeightShape("kernel", (conv.kernel_size, spec.features, conv.filters)),
        WeightShape("bias", (conv.filters,)),
    )
    config: dict[str, object] = {
        "filters": conv.filters,
        "kernel_size": conv.kernel_size,
        "strides": conv.strides,
        "padding": conv.padding.value,
    }
    info = LayerInfo(CONV_NAME, "Conv1D", config, count(weights), weights)
    steps = conv.output_steps(spec.window)
    return info, TensorRow(CONV_NAME, Role.OUTPUT, (spec.batch, steps, conv.filters), (BATCH, TIME, FILTERS))


def _head(spec: StackSpec, top: TensorRow) -> tuple[LayerInfo, TensorRow]:
    head = spec.head
    in_units = top.shape[-1]
    weights = (WeightShape("kernel", (in_units, head.units)), WeightShape("bias", (head.units,)))
    out_shape = (*top.shape[:-1], head.units)
    axes = (*top.axes[:-1], HEAD_UNITS)
    kind = "TimeDistributed(Dense)" if head.kind is HeadKind.TIME_DISTRIBUTED else "Dense"
    info = LayerInfo(HEAD_NAME, kind, {"units": head.units}, count(weights), weights)
    return info, TensorRow(HEAD_NAME, Role.OUTPUT, out_shape, axes)


def predict(spec: StackSpec) -> ShapeReport:
    """What Keras will produce for `spec`, computed without Keras."""
    top = TensorRow("input", Role.INPUT, spec.input_shape, (BATCH, TIME, FEATURES))
    tensors = [top]
    layers: list[LayerInfo] = []
    features = spec.features
    if spec.conv is not None:
        info, top = _conv(spec, spec.conv)
        layers.append(info)
        tensors.append(top)
        features = spec.conv.filters
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        weights = layer_weights(features, layer)
        layers.append(LayerInfo(name, kind_of(layer), layer.describe(), count(weights), weights))
        rows = _layer_rows(spec, name, layer)
        tensors.extend(rows)
        top = rows[0]
        features = layer.width
    if spec.head.kind is not HeadKind.NONE:
        info, row = _head(spec, top)
        layers.append(info)
        tensors.append(row)
    notes = row_notes(spec, tensors, ENGLISH)
    tensors = [replace(row, note=note) for row, note in zip(tensors, notes, strict=True)]
    return ShapeReport(tuple(layers), tuple(tensors))
