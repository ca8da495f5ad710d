"""Words about shapes: the table's "Why" notes, parameter formulas, and `--explain`'s guided reading.

Everything here is a function of the spec (and, for the reading, of the shapes
in the report), so each sentence carries the stack's own numbers. The words come
from `lstm_shapes.locales`. The reading is built of keyed `Phrase`s (`reading`), said in
a language only at the end (`explain`): a test asks which paragraphs were said with
which values, and the goldens keep how they read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lstm_shapes.locales import Phrase, Words, fill, has_paragraph, joined, note, paragraph, term
from lstm_shapes.render.labels import TENSOR_LABELS
from lstm_shapes.render.sequences import front_note, front_paragraphs, kernel_paragraph, layer_paragraph
from lstm_shapes.spec.shapes import CONV_NAME, HEAD_NAME, Role, TensorRow, fmt_shape
from lstm_shapes.spec.stack import HeadKind, LayerSpec, MergeMode, Padding, StackSpec
from lstm_shapes.spec.topology import (
    Place,
    cell_terms,
    cell_weights,
    conv_weights,
    count,
    dense_weights,
    kind_of,
    layer_weights,
    places,
    top_index,
)

if TYPE_CHECKING:
    from lstm_shapes.report.types import StackReport


def conv_formula(spec: StackSpec, words: Words, prefix: str = "conv") -> str:
    """How Conv1D's time axis is computed, with the numbers, in `words`' language."""
    return conv_steps(spec, prefix).say(words)


def conv_steps(spec: StackSpec, prefix: str = "conv") -> Phrase:
    """How Conv1D's time axis is computed, with the numbers: the note's words ("conv_*") or
    the reading's ("steps_*", which leave the padding to the sentence around them)."""
    conv = spec.conv
    assert conv is not None
    values = {
        "window": spec.window,
        "kernel": conv.kernel_size,
        "strides": conv.strides,
        "steps": conv.output_steps(spec.window),
        "padding": conv.padding.value,
        "dilation": conv.dilation_rate,
    }
    if conv.padding is Padding.VALID and conv.dilation_rate > 1:  # strides is then 1 (ConvSpec)
        key = f"{prefix}_valid_dilated"
    elif conv.padding is Padding.VALID:
        key = f"{prefix}_valid_1" if conv.strides == 1 else f"{prefix}_valid"
    else:
        key = f"{prefix}_padded_1" if conv.strides == 1 else f"{prefix}_padded"
    return note(key, **values)


def output_note(place: Place, words: Words) -> str:
    layer, n = place.layer, words.notes
    own = layer.cell.kind.words  # a kind may word its own output (a ConvLSTM's frames of filters)
    if layer.return_sequences:
        text = fill(n.get(f"sequences_{own}", n["sequences"]), units=layer.units, steps=place.steps)
        if layer.go_backwards:
            text += n["backwards"]
        if place.above is not None and place.above != HEAD_NAME:
            text += fill(n["lower_sequences"], above=place.above)
    else:
        text = fill(n.get(f"last_{own}", n["last"]), units=layer.units, steps=place.steps, below=place.below)
    if layer.cells:  # several cells in one RNN: the top one's h is what leaves the layer
        text += fill(n["stacked_output"], count=len(layer.cells), top=top_index(layer))
    merge = layer.merge
    if merge is MergeMode.CONCAT:
        text += fill(n["concat"], units=layer.units, width=layer.width)
    elif merge in (MergeMode.SUM, MergeMode.MUL, MergeMode.AVE):
        text += fill(n["merged"], merge=words.terms[merge.value])
    return text


def row_notes(spec: StackSpec, rows: list[TensorRow], words: Words) -> list[str]:
    """The "Why" of each row, in order."""
    n = words.notes
    by_layer = {place.name: place for place in places(spec)}
    notes = []
    for row in rows:
        front = front_note(spec, row, words)
        if front is not None:
            notes.append(front)
        elif row.role is Role.INPUT and spec.spatial:
            frame = " × ".join(str(d) for d in spec.spatial)
            notes.append(fill(n["input_frames"], window=spec.window, frame=frame, channels=spec.features))
        elif row.role is Role.INPUT:
            key = "input_one" if spec.features == 1 else "input_many"
            notes.append(fill(n[key], window=spec.window, features=spec.features))
        elif row.layer == CONV_NAME and spec.conv is not None:
            notes.append(fill(n["conv"], formula=conv_formula(spec, words), filters=spec.conv.filters))
        elif row.layer == HEAD_NAME:
            units = spec.head.units
            before = next(r for r in reversed(rows[: rows.index(row)]) if not r.role.is_state)
            inputs = before.shape[-1]
            if spec.head.kind is HeadKind.FLATTEN:
                steps = before.shape[1]
                notes.append(
                    fill(n["head_flatten"], steps=steps, inputs=inputs, flat=steps * inputs, units=units)
                )
            elif spec.head.kind is HeadKind.TIME_DISTRIBUTED:
                notes.append(fill(n["head_time_distributed"], inputs=inputs, units=units, steps=spec.steps))
            elif len(before.shape) == 3:
                notes.append(fill(n["head_dense_3d"], inputs=inputs, units=units))
            else:
                notes.append(fill(n["head_dense_2d"], inputs=inputs, units=units))
        else:
            base = row.layer.split("[")[0]
            place, index = by_layer[base], row.layer[len(base) :]
            if index and index != top_index(place.layer) and row.role.value.endswith("hidden"):
                # A lower cell's h: what it handed up to the cell above, not the layer's output.
                above = f"[{int(index[1:-1]) + 1}]"
                notes.append(fill(n["hidden_lower_cell"], index=index, above=above))
            elif row.role is Role.OUTPUT:
                notes.append(output_note(place, words))
            elif row.role is Role.HIDDEN and spec.masked:
                notes.append(n["h_first_valid" if place.layer.go_backwards else "h_last_valid"])
            elif row.role is Role.HIDDEN:
                notes.append(n["hidden_sequences" if place.layer.return_sequences else "hidden_last"])
            else:
                notes.append(n[row.role.value])
    return notes


# --- parameter formulas ----------------------------------------------------------------------------


def cell_formula(layer: LayerSpec, features: int) -> tuple[str, int]:
    """One direction's parameters written out, and their value: 4 × (20 × (1 + 20) + 20)."""
    terms = cell_terms(features, layer)
    u, g = terms.units, terms.gates
    product = f"{u} × ({features} + {u})"
    if terms.volume > 1:  # a ConvLSTM: every kernel column is a kernel of that many positions
        product = f"{terms.volume} × {product}"
    if terms.biases:
        product += f" + {terms.biases} × {u}" if terms.biases > 1 else f" + {u}"
        inner = f"({product})" if g > 1 else product
    else:
        inner = product
    text = f"{g} × {inner}" if g > 1 else inner
    return text, count(cell_weights(features, layer))


def _parenthesized(text: str) -> str:
    """Wrap a sum in parentheses before multiplying it: '5 × (1 + 5) + 5' -> '(5 × (1 + 5) + 5)'."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "+" and depth == 0:
            return f"({text})"
    return text


def layer_formula(place: Place) -> str:
    """'4 × (20 × (1 + 20) + 20) = 1,760', doubled for Bidirectional; several cells in one RNN
    add up, each cell reading the units of the one below."""
    cells = place.layer.cell_features(place.features)
    parts = [cell_formula(cell, reads)[0] for cell, reads in cells]
    text = " + ".join(_parenthesized(t) for t in parts) if len(parts) > 1 else parts[0]
    if place.layer.bidirectional:
        text = f"2 × {_parenthesized(text)}"
    return f"{text} = {count(layer_weights(place.features, place.layer)):,}"


def conv_params_formula(spec: StackSpec) -> str:
    conv = spec.conv
    assert conv is not None
    value = count(conv_weights(spec.rnn_features, conv))
    return f"{conv.kernel_size} × {spec.rnn_features} × {conv.filters} + {conv.filters} = {value:,}"


def dense_formula(inputs: int, units: int) -> str:
    return f"{inputs} × {units} + {units} = {count(dense_weights(inputs, units)):,}"


def formulas(spec: StackSpec) -> dict[str, str]:
    """Every layer's parameter count written out with its numbers, by layer name."""
    found = {}
    if spec.conv is not None:
        found[CONV_NAME] = conv_params_formula(spec)
    top_width = spec.features
    for place in places(spec):
        found[place.name] = layer_formula(place)
        top_width = place.layer.width
    if spec.head.kind is HeadKind.FLATTEN:
        steps, units = spec.steps, spec.head.units
        found[HEAD_NAME] = (
            f"{steps} × {top_width} × {units} + {units} = {count(dense_weights(steps * top_width, units)):,}"
        )
    elif spec.head.kind is not HeadKind.NONE:
        found[HEAD_NAME] = dense_formula(top_width, spec.head.units)
    return found


# --- the guided reading (--explain) ---------------------------------------------------------------


def place_index(spec: StackSpec, name: str) -> int:
    return spec.layer_names.index(name)


def frame_arithmetic(layer: LayerSpec, sizes: tuple[int, ...]) -> Phrase:
    """A ConvLSTM's frame, worked out: 16 × 16 → 14 × 14 by n − k + 1 on each axis (kernel 3, valid)."""
    kernel, strides, dilation = (layer.setting(k) for k in ("kernel_size", "strides", "dilation_rate"))
    assert isinstance(kernel, tuple) and isinstance(strides, tuple) and isinstance(dilation, tuple)
    same = str(layer.setting("padding")) == "same"
    one_stride = all(s == 1 for s in strides)
    if same:
        rule = "n" if one_stride else "⌈n / s⌉"
    elif all(d == 1 for d in dilation):
        rule = "n − k + 1" if one_stride else "⌊(n − k) / s⌋ + 1"
    else:
        rule = "n − d·(k − 1)" if one_stride else "⌊(n − d·(k − 1) − 1) / s⌋ + 1"
    return paragraph(
        "frame_convlstm",
        before=" × ".join(map(str, sizes)),
        after=" × ".join(map(str, layer.output_spatial(sizes))),
        kernel=" × ".join(map(str, kernel)),
        strides=" × ".join(map(str, strides)),
        dilation=" × ".join(map(str, dilation)),
        padding=str(layer.setting("padding")),
        rule=rule,
    )


def _own(what: str, layer: LayerSpec) -> str:
    """A kind's own paragraph (`<what>_<words>`, a ConvLSTM's frames) where it has one, else the general one."""
    key = f"{what}_{layer.cell.kind.words}"
    return key if has_paragraph(key) else what


def _params_paragraph(place: Place) -> Phrase:
    if place.layer.cells:  # several cells in one RNN: each cell's own parameters, as a layer of it
        parts: list[str] = []
        for i, (cell, reads) in enumerate(place.layer.cell_features(place.features)):
            parts += [
                " " if i else "",
                _cell_params(f"{place.name}[{i}]", cell, reads, place.layer.bidirectional),
            ]
        return joined(*parts)
    return _cell_params(place.name, place.layer, place.features, place.layer.bidirectional, place)


def _cell_params(
    name: str, layer: LayerSpec, features: int, bidirectional: bool, place: Place | None = None
) -> Phrase:
    if not layer.use_bias:
        bias = paragraph("bias_none")
    elif layer.two_biases:
        bias = paragraph("bias_two")
    else:
        bias = paragraph("bias_one")
    volume = cell_terms(features, layer).volume
    values = {"features": features, "units": layer.units, "bias": bias, "volume": volume}
    explanation = joined(
        paragraph(f"params_{layer.cell.kind.words}", **values),
        paragraph("bidirectional_params") if bidirectional else "",
    )
    if place is not None:
        formula = layer_formula(place)
    else:
        text, value = cell_formula(layer, features)
        formula = f"2 × {_parenthesized(text)} = {2 * value:,}" if bidirectional else f"{text} = {value:,}"
    return paragraph("params", name=name, formula=formula, explanation=explanation)


STATE_LABELS = {
    Role.FORWARD_HIDDEN: "h →",
    Role.FORWARD_CELL: "c →",
    Role.BACKWARD_HIDDEN: "h ←",
    Role.BACKWARD_CELL: "c ←",
}


def _layer_paragraphs(place: Place, report: StackReport) -> list[Phrase]:
    layer, name = place.layer, place.name
    rows = [row for row in report.predicted.tensors if row.layer.split("[")[0] == name]
    outputs = [row for row in rows if not row.role.is_state]
    shape = report.shape_of(outputs[0])
    concat = layer.merge is MergeMode.CONCAT
    width = paragraph("width_concat_value" if concat else "width_value", units=layer.units, width=layer.width)
    values = {
        "name": name,
        "kind": kind_of(layer),
        "shape": fmt_shape(shape),
        "batch": report.spec.batch,
        "steps": place.steps,
        "units": layer.units,
        "width": width,
    }
    what = "sequences" if layer.return_sequences else "last"
    frame = shape[2:-1] if layer.return_sequences else shape[1:-1]
    values["frame"] = " × ".join(str(d) for d in frame)
    parts = [paragraph(_own(what, layer), **values)]
    if layer.cell.kind.convolutional:
        parts.append(frame_arithmetic(layer, report.spec.layer_spatial[place_index(report.spec, name)]))
    if layer.return_sequences and place.above is not None:
        parts.append(paragraph("stacked", above=place.above))
    merge = layer.merge
    if merge is MergeMode.CONCAT:
        parts.append(paragraph("width_concat", units=layer.units, width=layer.width))
    elif merge is MergeMode.NONE:
        parts.append(paragraph("width_none", shape=fmt_shape(shape)))
    elif merge is not None:
        parts.append(paragraph("width_merged", units=layer.units, merge=term(merge.value)))
    if layer.go_backwards:
        parts.append(paragraph("backwards"))
        if layer.return_sequences:
            parts.append(paragraph("backwards_sequence"))
    paragraphs = [joined(*parts)]
    if layer.return_state:
        states = [row for row in rows if row.role.is_state]
        if layer.cells:  # several cells in one RNN: each cell's states, bottom cell first
            relation = "relation_sequences" if layer.return_sequences else "relation_last"
            if layer.return_sequences and report.spec.masked:
                relation = "relation_masked"
            listed = ", ".join(
                f"{row.layer[len(name) :]} {TENSOR_LABELS[row.role]} {fmt_shape(report.shape_of(row))}"
                for row in states
            )
            paragraphs.append(
                paragraph(
                    "states_stacked",
                    name=name,
                    states=listed,
                    top=top_index(layer),
                    relation=paragraph(relation),
                    checked=paragraph("checked") if report.observed is not None else "",
                )
            )
        elif layer.bidirectional:
            listed = ", ".join(
                f"{STATE_LABELS[row.role]} {fmt_shape(report.shape_of(row))}" for row in states
            )
            paragraphs.append(paragraph("states_bidirectional", name=name, states=listed))
        else:
            relation = "relation_sequences" if layer.return_sequences else "relation_last"
            if layer.return_sequences and report.spec.masked:
                relation = "relation_masked"
            paragraphs.append(
                paragraph(
                    f"states_{layer.cell.kind.words}",
                    relation=paragraph(relation),
                    state=fmt_shape(report.shape_of(states[0])),
                    checked=paragraph("checked") if report.observed is not None else "",
                    **values,
                )
            )
    paragraphs.append(_params_paragraph(place))
    return paragraphs


def explain(report: StackReport, words: Words) -> list[str]:
    """The guided reading in `words`' language: one paragraph per tensor and per layer's parameters."""
    return [phrase.say(words) for phrase in reading(report)]


def reading(report: StackReport) -> list[Phrase]:
    """One paragraph per tensor (and per layer's parameters), only those that apply, in stack order.

    Each is a keyed `Phrase` (its text is its English); `explain` says them in a language.
    """
    spec = report.spec
    shape_of = report.shape_of
    rows = report.predicted.tensors
    paragraphs = [
        paragraph(
            _own("input", spec.layers[0]),  # a ConvLSTM's input is frames of channels
            shape=fmt_shape(spec.input_shape),
            batch=spec.batch,
            window=spec.window,
            features=spec.features,
            feature_word="feature" if spec.features == 1 else "features",
            **({"frame": " × ".join(str(d) for d in spec.spatial)} if spec.spatial else {}),
        )
    ]
    paragraphs += front_paragraphs(spec)
    if spec.conv is not None:
        conv = spec.conv
        paragraphs.append(
            paragraph(
                "conv",
                kernel=conv.kernel_size,
                strides=conv.strides,
                padding=conv.padding.value,
                formula=conv_steps(spec, prefix="steps"),
                filters=conv.filters,
                steps=spec.steps,
            )
        )
    all_places = list(places(spec))
    for place in all_places:
        paragraphs.extend(_layer_paragraphs(place, report))
        masked = layer_paragraph(place.name, place.layer, report)
        if masked is not None:
            paragraphs.append(masked)
    kernels = kernel_paragraph(spec)
    if kernels is not None:
        paragraphs.append(kernels)
    from lstm_shapes.render.stateful import stateful_paragraph

    carried = stateful_paragraph(report)
    if carried is not None:
        paragraphs.append(carried)
    top = all_places[-1]
    top_row = next(row for row in rows if row.layer == top.name and not row.role.is_state)
    top_shape = shape_of(top_row)
    head = spec.head
    if head.kind is not HeadKind.NONE:
        head_row = next(row for row in rows if row.layer == HEAD_NAME)
        inputs = top_shape[-1]
        values: dict[str, object] = {
            "units": head.units,
            "inputs": inputs,
            "steps": spec.steps,
            "before": fmt_shape(top_shape),
            "after": fmt_shape(shape_of(head_row)),
            "params": f"{inputs * head.units + head.units:,}",
            "td": f"TimeDistributed(Dense({head.units}))",
            "dense": f"Dense({head.units})",
        }
        if head.kind is HeadKind.FLATTEN:
            flat = top_shape[1] * inputs
            values["flat"] = flat
            values["params"] = f"{flat * head.units + head.units:,}"
            paragraphs.append(paragraph("head_flatten", **values))
        elif head.kind is HeadKind.TIME_DISTRIBUTED:
            paragraphs.append(paragraph("head_time_distributed", **values))
        elif len(top_shape) == 3:
            paragraphs.append(paragraph("head_dense_3d", **values))
        else:
            paragraphs.append(paragraph("head_dense_2d", **values))
    if len(top_shape) == 2 and head.kind is not HeadKind.TIME_DISTRIBUTED:
        paragraphs.append(paragraph("no_time_distributed", name=top.name, shape=fmt_shape(top_shape)))
    return paragraphs
