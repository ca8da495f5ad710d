"""Shapes, axis meanings, parameter counts and weight shapes from the layer math alone."""

from __future__ import annotations

from lstm_shapes.predict.sequences import front_rows
from lstm_shapes.spec.shapes import (
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
)
from lstm_shapes.spec.stack import ConvSpec, HeadKind, LayerSpec, StackSpec
from lstm_shapes.spec.topology import (
    conv_weights,
    count,
    dense_weights,
    kind_of,
    layer_weights,
    output_roles,
    output_slots,
)


def _layer_rows(spec: StackSpec, name: str, layer: LayerSpec, sizes: tuple[int, ...] = ()) -> list[TensorRow]:
    b, t, u = spec.batch, spec.steps, layer.units
    kind = layer.cell.kind
    if kind.convolutional:  # frames: the convolution arithmetic on every spatial axis, the kind's axes
        frame = layer.output_spatial(sizes)
        out = (b, t, *frame, u) if layer.return_sequences else (b, *frame, u)
        rows = [TensorRow(name, Role.OUTPUT, out, kind.output_axes(len(out)))]
        for role in output_roles(layer)[1:]:
            rows.append(TensorRow(name, role, (b, *frame, u), kind.state_axes(len(frame) + 2)))
        return rows
    rows = []
    shape: tuple[int, ...]
    axes: tuple[str, ...]
    for slot in output_slots(layer):
        if slot.role.is_state:  # each cell's own state rows: (batch, that cell's units)
            shape, axes = (b, slot.units), (BATCH, UNITS)
        else:
            width = slot.units
            last = BOTH_UNITS if width != u else UNITS
            shape, axes = (
                ((b, t, width), (BATCH, TIME, last))
                if layer.return_sequences
                else ((b, width), (BATCH, last))
            )
        rows.append(TensorRow(name + slot.index, slot.role, shape, axes))
    return rows


def _conv(spec: StackSpec, conv: ConvSpec) -> tuple[LayerInfo, TensorRow]:
    weights = conv_weights(spec.rnn_features, conv)
    config: dict[str, object] = conv.keras_config()
    info = LayerInfo(CONV_NAME, "Conv1D", config, count(weights), weights)
    steps = conv.output_steps(spec.window)
    return info, TensorRow(CONV_NAME, Role.OUTPUT, (spec.batch, steps, conv.filters), (BATCH, TIME, FILTERS))


def _head(spec: StackSpec, top: TensorRow) -> tuple[LayerInfo, TensorRow]:
    head = spec.head
    if head.kind is HeadKind.FLATTEN:
        # Flatten joins the steps: (B, T, U) -> (B, T * U); the Dense sees T * U inputs.
        flat = top.shape[1] * top.shape[-1]
        weights = dense_weights(flat, head.units)
        info = LayerInfo(HEAD_NAME, "Flatten+Dense", {"units": head.units}, count(weights), weights)
        return info, TensorRow(HEAD_NAME, Role.OUTPUT, (top.shape[0], head.units), (top.axes[0], HEAD_UNITS))
    in_units = top.shape[-1]
    weights = dense_weights(in_units, head.units)
    out_shape = (*top.shape[:-1], head.units)
    axes = (*top.axes[:-1], HEAD_UNITS)
    kind = "TimeDistributed(Dense)" if head.kind is HeadKind.TIME_DISTRIBUTED else "Dense"
    info = LayerInfo(HEAD_NAME, kind, {"units": head.units}, count(weights), weights)
    return info, TensorRow(HEAD_NAME, Role.OUTPUT, out_shape, axes)


def predict(spec: StackSpec) -> ShapeReport:
    """What Keras will produce for `spec`, computed without Keras."""
    first = spec.layers[0].cell.kind
    axes = first.input_axes(len(spec.input_shape)) if spec.spatial else (BATCH, TIME, FEATURES)
    top = TensorRow("input", Role.INPUT, spec.input_shape, axes[: len(spec.input_shape)])
    tensors = [top]
    layers: list[LayerInfo] = []
    for info, row in front_rows(spec):
        layers.append(info)
        tensors.append(row)
    features = spec.rnn_features
    if spec.conv is not None:
        info, top = _conv(spec, spec.conv)
        layers.append(info)
        tensors.append(top)
        features = spec.conv.filters
    for name, layer, sizes in zip(spec.layer_names, spec.layers, spec.layer_spatial, strict=True):
        weights = layer_weights(features, layer)
        layers.append(LayerInfo(name, kind_of(layer), layer.describe(), count(weights), weights))
        rows = _layer_rows(spec, name, layer, sizes)
        tensors.extend(rows)
        top = rows[0]
        features = layer.width
    if spec.head.kind is not HeadKind.NONE:
        info, row = _head(spec, top)
        layers.append(info)
        tensors.append(row)
    return ShapeReport(tuple(layers), tuple(tensors))
