"""Shapes, axis meanings, parameter counts and weight shapes from the layer math alone."""

from __future__ import annotations

from lstm_shapes.shapes import (
    BATCH,
    FEATURES,
    HEAD_UNITS,
    TIME,
    UNITS,
    LayerInfo,
    Role,
    ShapeReport,
    TensorRow,
    WeightShape,
)
from lstm_shapes.spec import HeadKind, LayerSpec, StackSpec

# The four gates (input, forget, cell, output) share one kernel along its last axis.
LSTM_GATES = 4
HEAD_NAME = "head"


def lstm_weights(features: int, layer: LayerSpec) -> tuple[WeightShape, ...]:
    """kernel (F, 4U), recurrent_kernel (U, 4U) and, with use_bias, bias (4U,)."""
    u = layer.units
    weights = [
        WeightShape("kernel", (features, LSTM_GATES * u)),
        WeightShape("recurrent_kernel", (u, LSTM_GATES * u)),
    ]
    if layer.use_bias:
        weights.append(WeightShape("bias", (LSTM_GATES * u,)))
    return tuple(weights)


def _count(weights: tuple[WeightShape, ...]) -> int:
    total = 0
    for w in weights:
        size = 1
        for dim in w.shape:
            size *= dim
        total += size
    return total


def _lstm_rows(spec: StackSpec, name: str, layer: LayerSpec, below: str) -> list[TensorRow]:
    b, t, u = spec.batch, spec.window, layer.units
    if layer.return_sequences:
        order = ", in reading order (go_backwards)" if layer.go_backwards else ""
        note = f"return_sequences=True: {u} units at each of the {t} steps{order}"
        output = TensorRow(name, Role.OUTPUT, (b, t, u), (BATCH, TIME, UNITS), note)
    else:
        note = f"return_sequences=False: {u} units at the last of {below}'s {t} steps"
        output = TensorRow(name, Role.OUTPUT, (b, u), (BATCH, UNITS), note)
    rows = [output]
    if layer.return_state:
        last = "= output's last step" if layer.return_sequences else "= output"
        rows.append(
            TensorRow(name, Role.HIDDEN, (b, u), (BATCH, UNITS), f"hidden state after the last step {last}")
        )
        rows.append(
            TensorRow(
                name, Role.CELL, (b, u), (BATCH, UNITS), "cell state (the LSTM's memory) after the last step"
            )
        )
    return rows


def _head_rows(spec: StackSpec, top: TensorRow) -> tuple[LayerInfo, TensorRow]:
    head = spec.head
    in_units = top.shape[-1]
    weights = (WeightShape("kernel", (in_units, head.units)), WeightShape("bias", (head.units,)))
    out_shape = (*top.shape[:-1], head.units)
    axes = (*top.axes[:-1], HEAD_UNITS)
    if head.kind is HeadKind.TIME_DISTRIBUTED:
        kind = "TimeDistributed(Dense)"
        note = f"one Dense {in_units} → {head.units}, applied to each of the {top.shape[1]} steps"
    elif len(top.shape) == 3:
        kind = "Dense"
        note = f"Dense acts on the last axis: {in_units} → {head.units} at every step"
    else:
        kind = "Dense"
        note = f"Dense maps {in_units} units → {head.units}"
    info = LayerInfo(HEAD_NAME, kind, {"units": head.units}, _count(weights), weights)
    return info, TensorRow(HEAD_NAME, Role.OUTPUT, out_shape, axes, note)


def predict(spec: StackSpec) -> ShapeReport:
    """What Keras will produce for `spec`, computed without Keras."""
    tensors = [
        TensorRow(
            "input",
            Role.INPUT,
            spec.input_shape,
            (BATCH, TIME, FEATURES),
            f"{spec.window} time steps of {spec.features} feature{'s' if spec.features > 1 else ''} per sample",
        )
    ]
    layers: list[LayerInfo] = []
    features = spec.features
    below = "input"
    top = tensors[0]
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        weights = lstm_weights(features, layer)
        layers.append(LayerInfo(name, "LSTM", layer.keras_config(), _count(weights), weights))
        rows = _lstm_rows(spec, name, layer, below)
        tensors.extend(rows)
        top = rows[0]
        features = layer.units
        below = name
    if spec.head.kind is not HeadKind.NONE:
        info, row = _head_rows(spec, top)
        layers.append(info)
        tensors.append(row)
    return ShapeReport(tuple(layers), tuple(tensors))
