"""Load a saved model (or call a factory), run a batch through it, and probe every recurrent layer.

Each leaf layer's `call` is wrapped for one forward pass, so the real input, `initial_state`
and mask of every call are recorded without rebuilding anything. A recurrent layer that does
not return its states is probed with a copy configured with `return_state=True` and the
same weights, called on the same input: the copy's output must equal the layer's own.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lstm_shapes.kinds as kinds
from lstm_shapes.errors import InvalidSpec, LstmShapesError
from lstm_shapes.kinds import LayerKind
from lstm_shapes.locales import Phrase
from lstm_shapes.observe import runtime
from lstm_shapes.observe.framework import (
    first_line,
    import_keras,
    out_of_memory,
    quiet_native_stderr,
    raised_by_framework,
)
from lstm_shapes.sources.saved import ModelSource, SourceKind, check_safe
from lstm_shapes.spec.backend_choice import RunInfo, RunOptions, default_backend
from lstm_shapes.spec.keras2 import keras2_in
from lstm_shapes.spec.partial import ModelFailed, PartialRow, PartialRun, choose_fix, needs_of
from lstm_shapes.spec.refusals import environment, invalid
from lstm_shapes.spec.shapes import LayerInfo, Role, ShapeReport, TensorRow, WeightShape
from lstm_shapes.spec.stack import DeviceChoice

# The user's own batch for the model's inputs: (inputs described, outputs' shapes) -> arrays.
Feed = Callable[[list[tuple[str, tuple[int | None, ...], str]], list[tuple[int | None, ...]]], list[Any]]


@dataclass
class Call:
    """One call of one leaf layer during the forward pass."""

    path: str
    layer: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    outputs: list[Any]
    symbolic: list[tuple[int | None, ...]] | None


@dataclass(frozen=True)
class Plain:
    """A layer that is not recurrent, as its axes need it: the class that does the work (a
    TimeDistributed's inner layer), how many time axes wrappers add before it, and whether it
    reads channels first (Keras's data_format)."""

    name: str
    outer: int = 0
    channels_first: bool = False


def plain_of(layer: Any) -> Plain:
    outer = 0
    while type(layer).__name__ == "TimeDistributed" and getattr(layer, "layer", None) is not None:
        layer, outer = layer.layer, outer + 1
    return Plain(type(layer).__name__, outer, getattr(layer, "data_format", None) == "channels_first")


@dataclass
class InputSeen:
    name: str
    symbolic: tuple[int | None, ...]
    dtype: str
    shape: tuple[int, ...]
    vocabulary: int | None
    padded: bool
    array: Any = None
    # The recurrent layer that reads it first, as its bottom cell's kind (None: not recurrent),
    # and how many time axes a wrapper adds before that layer's own (TimeDistributed: 1).
    reader: LayerKind | None = None
    outer: int = 0
    # The layer that reads it when that layer is not recurrent (see `Plain`).
    read_by: Plain | None = None


@dataclass
class Slot:
    """One tensor a recurrent layer returns or keeps: where it sits (`[1]`: the second cell of a
    stack; `[0, 2]`: a custom cell's third state) and its role, described by its cell's kind."""

    index: str
    role: str
    kind: LayerKind
    value: Any
    cell: int = -1  # which cell of a stack holds this state; -1 for an output
    # Its last axis by the layer math (the cells' own output_size / state_size); None if unknown.
    size: int | None = None


@dataclass
class Probe:
    """A recurrent layer's states, returned by it or probed from a copy, one slot per tensor.

    `time_axis` is where the layer's time steps sit in its output (2 inside TimeDistributed);
    `widths` is each direction's output width, for the halves of a concatenated output.
    """

    kind: str
    bidirectional: bool
    merge_mode: str | None
    return_sequences: bool
    returned: bool
    slots: list[Slot]
    time_axis: int = 1
    widths: tuple[int, ...] = ()
    copy_equal: bool | None = None
    copy_detail: str = ""

    def value(self, role: str, index: str = "") -> Any:
        return next(s.value for s in self.slots if s.role == role and s.index == index)

    def top(self, direction: str = "") -> Slot | None:
        """The top cell's h in one direction (what the layer outputs); None if its kind is not described."""
        states = [s for s in self.slots if s.cell >= 0 and s.role.startswith(direction)]
        if not states:
            return None
        first = next(s for s in states if s.cell == states[-1].cell)
        return first if first.kind.described and first.role.endswith(kinds.HIDDEN) else None


@dataclass
class Tensor:
    """One tensor of one call: where it sits in the layer, its role, observed and symbolic shapes,
    whether it is kept inside (not returned), and the kind of the cell it belongs to."""

    index: str
    role: Role
    shape: tuple[int, ...]
    symbolic: tuple[int | None, ...] | None
    kept: bool
    kind: LayerKind | None
    # Its last axis by the layer math (the cells' output_size / state_size); None if unknown.
    size: int | None = None


@dataclass
class LayerSeen:
    """One call of one layer, as plain data: its tensors (observed, symbolic, kept inside or not)."""

    path: str
    kind: str
    params: int
    weights: tuple[WeightShape, ...]
    tensors: list[Tensor]
    probe: Probe | None
    masked: bool
    config: dict[str, Any]
    # The words key of each weight's cell kind ('lstm', 'convlstm'), '' for a weight of no cell.
    weight_words: tuple[str, ...] = ()
    # Where its first input comes from in the model's graph: (a layer's path or an input's name,
    # which of its outputs), for the axes of a layer that is not recurrent; None when unknown.
    source: tuple[str, int] | None = None
    # The class that does the work, for the axes of a layer that is not recurrent.
    plain: Plain = Plain("")


@dataclass
class ModelObservation:
    source: str
    model_name: str
    inputs: list[InputSeen]
    layers: list[LayerSeen]
    total_params: int
    run: RunInfo
    # Keras 2 spellings Keras accepted with a warning (input_shape=, input_length): their Keras 3 way.
    notes: tuple[str, ...] = ()


def _factory_failed(text: str, exc: BaseException) -> InvalidSpec:
    """A factory file that raised while imported or called: its class and first line, and the
    Keras 3 way when the reason is a Keras 2 spelling."""
    reason = first_line(exc)
    return invalid(
        None,
        "factory_failed",
        hint_key=keras2_in(reason),
        factory=text,
        kind=type(exc).__name__,
        reason=reason,
    )


def load_with_notes(keras: Any, source: ModelSource, unsafe: bool) -> tuple[Any, tuple[str, ...]]:
    """The model, and the Keras 3 way of each Keras 2 spelling Keras warned about while building it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load(keras, source, unsafe)
    keys = dict.fromkeys(key for w in caught if (key := keras2_in(str(w.message))) is not None)
    return model, tuple(Phrase(f"error:{key}") for key in keys)


def notes_hint(notes: tuple[str, ...]) -> str | None:
    """A Keras 2 spelling's sentence as the hint, where one explains the refusal (input_length left no Input)."""
    keys = [getattr(note, "key", "").removeprefix("error:") for note in notes]
    return keys[0] if keys else None


def load(keras: Any, source: ModelSource, unsafe: bool) -> Any:
    """The model, loaded with safe_mode and compile=False, or built by the user's factory."""
    if source.kind is SourceKind.FACTORY:
        return _from_factory(keras, source)
    for text in source.imports:
        _import_custom(text)
    if not unsafe:
        check_safe(source)  # before Keras reads a byte of it
    try:
        with quiet_native_stderr(), _unfiltered(keras):
            warnings.simplefilter("always")  # heard by load_with_notes (Keras 2 spellings), never printed
            model = keras.saving.load_model(str(source.path), compile=False, safe_mode=not unsafe)
    except LstmShapesError:
        raise
    except Exception as exc:
        partial = refused_at(keras, exc, source.text)
        if partial is not None:
            raise ModelFailed(partial) from exc
        text = first_line(exc)
        if "safe_mode" in text or "Lambda" in text:
            raise invalid(None, "model_needs_code", path=source.text, what=text) from exc
        raise invalid(
            None, "model_keras_refused", hint_key=keras2_in(text), path=source.text, reason=text
        ) from exc
    if not isinstance(model, keras.Model):
        raise invalid(None, "factory_not_model", factory=source.text, kind=type(model).__name__)
    return model


def _import_custom(text: str) -> None:
    """--custom-objects FILE.py or MODULE: import it, so the classes it registers can be deserialized.

    A file is imported under its own name (`layers.py` as `layers`), the module name the saved
    configuration records for a class defined in it; a module is looked for from here too.
    """
    try:
        if text.endswith(".py"):
            path = Path(text).resolve()
            spec = importlib.util.spec_from_file_location(path.stem, path)
            if spec is None or spec.loader is None:
                raise invalid(
                    "custom_objects", "custom_objects_missing", source=text, reason="not a Python file"
                )
            module = importlib.util.module_from_spec(spec)
            sys.modules[path.stem] = module
            sys.path.insert(0, str(path.parent))
            try:
                spec.loader.exec_module(module)
            finally:
                sys.path.pop(0)
        else:
            sys.path.insert(0, str(Path.cwd()))
            try:
                importlib.import_module(text)
            finally:
                sys.path.pop(0)
    except LstmShapesError:
        raise
    except ModuleNotFoundError as exc:
        raise invalid(
            "custom_objects", "custom_objects_missing", source=text, reason=first_line(exc)
        ) from exc
    except Exception as exc:
        raise invalid(
            "custom_objects",
            "custom_objects_failed",
            source=text,
            kind=type(exc).__name__,
            reason=first_line(exc),
        ) from exc


def _from_factory(keras: Any, source: ModelSource) -> Any:
    """Import FILE.py or the module and call FUNCTION(): this runs the user's code, on purpose."""
    text = source.text
    try:
        if source.path is not None:
            spec = importlib.util.spec_from_file_location(
                f"lstm_shapes_factory_{source.path.stem}", source.path
            )
            if spec is None or spec.loader is None:
                raise invalid(None, "factory_missing", factory=text, reason="not a Python file")
            module = importlib.util.module_from_spec(spec)
            sys.path.insert(0, str(source.path.parent.resolve()))
            try:
                spec.loader.exec_module(module)
            finally:
                sys.path.pop(0)
        else:
            assert source.module is not None
            module = importlib.import_module(source.module)
    except LstmShapesError:
        raise
    except ModuleNotFoundError as exc:
        raise invalid(None, "factory_missing", factory=text, reason=first_line(exc)) from exc
    except Exception as exc:
        raise _factory_failed(text, exc) from exc
    target: Any = module
    for part in (source.function or "").split("."):
        if not hasattr(target, part):
            raise invalid(None, "factory_missing", factory=text, reason=f"no {part!r} in it")
        target = getattr(target, part)
    try:
        with quiet_native_stderr(), _unfiltered(keras):
            warnings.simplefilter("always")  # heard by load_with_notes (Keras 2 spellings), never printed
            model = target() if callable(target) else target
    except Exception as exc:
        partial = refused_at(keras, exc, text)
        if partial is not None:
            raise ModelFailed(partial) from exc
        raise _factory_failed(text, exc) from exc
    if not isinstance(model, keras.Model):
        raise invalid(None, "factory_not_model", factory=text, kind=type(model).__name__)
    return model


@contextlib.contextmanager
def _unfiltered(keras: Any) -> Any:
    """Keras's own frames kept in a traceback (it filters them out by default): the failing layer's
    call is found there."""
    was = keras.config.is_traceback_filtering_enabled()
    keras.config.disable_traceback_filtering()
    try:
        yield
    finally:
        if was:
            keras.config.enable_traceback_filtering()


def _failing_call(keras: Any, exc: BaseException) -> tuple[Any, Any] | None:
    """The outermost layer (not a model) whose `__call__` raised, and its first input."""
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name == "__call__":
            layer = frame.f_locals.get("self")
            if isinstance(layer, keras.layers.Layer) and not isinstance(layer, keras.Model):
                args = frame.f_locals.get("args") or ()
                first = args[0] if args else frame.f_locals.get("inputs")
                if first is not None and hasattr(first, "shape"):
                    return layer, first
        tb = tb.tb_next
    return None


def _chain(tensor: Any) -> tuple[str, tuple[int | None, ...], list[PartialRow]]:
    """The layers a symbolic tensor came through, from the model's input: (input name, its shape, rows)."""
    rows: list[PartialRow] = []
    name, shape = "input", _dims(tensor.shape)
    for _ in range(10_000):
        history = getattr(tensor, "_keras_history", None)
        if history is None:
            break
        op, node_index = history[0], history[1]
        if op.__class__.__name__ == "InputLayer":
            name, shape = op.name, _dims(tensor.shape)
            break
        node = op._inbound_nodes[node_index]
        inputs = _flat(node.input_tensors) if hasattr(node, "input_tensors") else []
        got = _dims(inputs[0].shape) if inputs else ()
        params = int(op.count_params()) if getattr(op, "built", False) else 0
        rows.append(PartialRow(op.name, op.__class__.__name__, got, _dims(tensor.shape), params))
        if not inputs:
            break
        tensor = inputs[0]
    return name, shape, rows[::-1]


def refused_at(
    keras: Any, exc: BaseException, source: str, calls: list[Call] | None = None, inputs: Any = None
) -> PartialRun | None:
    """The partial table of a model Keras refused: built from the failing call's symbolic input
    (its history leads back to the input), or from the calls that ran before it (a real batch)."""
    found = _failing_call(keras, exc)
    if found is None:
        return None
    layer, first = found
    got = _dims(first.shape)
    if calls is not None:
        rows = [
            PartialRow(
                c.path,
                c.layer.__class__.__name__,
                _dims(c.args[0].shape) if c.args and hasattr(c.args[0], "shape") else (),
                _dims(c.outputs[0].shape) if c.outputs else (),
                int(c.layer.count_params()) if c.layer.built else 0,
            )
            for c in calls
        ]
        name, shape = (inputs[0].name, inputs[0].shape) if inputs else ("input", ())
    else:
        name, shape, rows = _chain(first)
    said = first_line(exc)
    spec = getattr(layer, "input_spec", None)
    needs, need, _ = needs_of(said, None if spec is None else str(spec))
    fix = choose_fix(tuple(rows), name, tuple(shape), layer.name, got, need, said, needs)
    if calls is not None and fix.key == "partial_fix_other":
        # A real batch went in: it, not the model alone, may be what the layer cannot take.
        shapes = ", ".join(f"{i.name} {i.shape}" for i in inputs or [])
        fix = Phrase("partial_fix_batch", failing=layer.name, shapes=shapes)
    return PartialRun(
        source,
        name,
        tuple(shape),
        tuple(rows),
        layer.name,
        layer.__class__.__name__,
        got,
        needs,
        said,
        fix,
    )


def leaves(keras: Any, model: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Every layer the model runs, nested models flattened: ('encoder/lstm', layer)."""
    found: list[tuple[str, Any]] = []
    for layer in model.layers:
        if layer.__class__.__name__ == "InputLayer":
            continue
        path = f"{prefix}{layer.name}"
        if isinstance(layer, keras.Model):
            found += leaves(keras, layer, f"{path}/")
        else:
            found.append((path, layer))
    return found


def _dims(shape: Any) -> tuple[int | None, ...]:
    return tuple(None if d is None else int(d) for d in shape)


def _symbolic(layer: Any, index: int) -> list[tuple[int | None, ...]] | None:
    nodes = getattr(layer, "_inbound_nodes", [])
    if index >= len(nodes):
        return None
    outputs = nodes[index].outputs
    return [_dims(t.shape) for t in outputs]


def _flat(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _flat(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _flat(item)]
    return [value]


def _vocabulary(keras: Any, layers: list[tuple[str, Any]]) -> tuple[int | None, bool]:
    sizes = [layer.input_dim for _, layer in layers if isinstance(layer, keras.layers.Embedding)]
    masked = any(getattr(layer, "mask_zero", False) for _, layer in layers)
    return (min(sizes) if sizes else None), masked


def make_batch(
    keras: Any, model: Any, layers: list[tuple[str, Any]], batch: int, window: int, seed: int
) -> list[InputSeen]:
    """One batch per model input: unknown batch -> --batch, unknown time axis -> --window."""
    import numpy as np

    rng = np.random.default_rng(seed)
    vocabulary, masked = _vocabulary(keras, layers)
    found = []
    for tensor in model.inputs:
        symbolic = _dims(tensor.shape)
        name = tensor.name
        shape = []
        for axis, size in enumerate(symbolic):
            if size is not None:
                shape.append(size)
            elif axis == 0:
                shape.append(batch)
            elif axis == 1:
                shape.append(window)
            else:
                raise invalid(None, "model_unknown_axis", name=name, axis=axis)
        dtype = str(tensor.dtype)
        padded = False
        if "int" in dtype:
            top = vocabulary or 10
            low = 1 if masked and top > 1 else 0
            values = rng.integers(low, top, size=shape)
            if masked and len(shape) >= 2 and shape[1] > 1:
                padded = True
                for i in range(shape[0]):  # padding after each sequence's end, as pad_sequences does
                    length = shape[1] - (i % (shape[1] // 2 + 1))
                    values[i, length:] = 0
            array = values.astype(dtype)
        else:
            array = rng.uniform(size=shape).astype(dtype if "float" in dtype else "float32")
        found.append(
            InputSeen(name, symbolic, dtype, tuple(shape), vocabulary if "int" in dtype else None, padded)
        )
        found[-1].array = array
    return found


def refuse_unused(model: Any, batch: int, window: int, given: frozenset[str]) -> None:
    """--batch or --window given for a model whose every input fixes that axis: say so, exit 2."""
    shapes = [_dims(t.shape) for t in model.inputs]
    # Axis 1 is time in (batch, time, ...) and in token ids (batch, time); in (batch, features) it is not.
    timed = [s for s, t in zip(shapes, model.inputs, strict=True) if len(s) >= 3 or "int" in str(t.dtype)]
    if "window" in given and not timed:
        shown = ", ".join("(" + ", ".join("None" if d is None else str(d) for d in s) + ")" for s in shapes)
        raise invalid("window", "model_window_no_time", shapes=shown, value=window)
    for flag, value, found in (("batch", batch, shapes), ("window", window, timed)):
        axis = 0 if flag == "batch" else 1
        sizes = {s[axis] for s in found if len(s) > axis}
        if flag in given and sizes and None not in sizes and sizes != {value}:
            fixed = ", ".join(str(n) for n in sorted(n for n in sizes if n is not None))
            raise invalid(flag, f"model_{flag}_fixed_all", fixed=fixed, value=value)


def _cell_kind(cell: Any) -> LayerKind:
    """A cell's kind from its class, or the generic kind from Keras's cell protocol."""
    name = type(cell).__name__
    kind = kinds.by_cell(name, int(getattr(cell, "rank", 0) or 0))
    if kind is not None:
        return kind
    sizes = cell.state_size
    flat = list(sizes) if isinstance(sizes, (list, tuple)) else [sizes]
    return kinds.generic(name, tuple(_size(s) for s in flat))


def _size(size: Any) -> int:
    if isinstance(size, int):
        return size
    try:
        return int(size[-1])
    except Exception:
        return -1


def _cells(keras: Any, layer: Any) -> list[tuple[Any, LayerKind]]:
    """The cells one recurrent layer runs, bottom first, each with its kind."""
    cell = layer.cell
    found = list(cell.cells) if isinstance(cell, keras.layers.StackedRNNCells) else [cell]
    kind = kinds.by_layer(type(layer).__name__)
    if kind is not None and len(found) == 1:
        return [(found[0], kind)]
    return [(c, _cell_kind(c)) for c in found]


def _directions(keras: Any, layer: Any) -> tuple[str, list[tuple[str, Any]]] | None:
    """(how the wrapper reads, [(role prefix, the recurrent layer)]), or None for other layers."""
    if isinstance(layer, keras.layers.Bidirectional):
        inner = [layer.forward_layer, layer.backward_layer]
        if all(isinstance(x, keras.layers.RNN) for x in inner):
            return kinds.BIDIRECTIONAL, [("forward_", inner[0]), ("backward_", inner[1])]
        return None
    if isinstance(layer, keras.layers.TimeDistributed):
        inner_layer = layer.layer
        if isinstance(inner_layer, keras.layers.RNN):
            return kinds.TIME_DISTRIBUTED, [("", inner_layer)]
        return None
    if isinstance(layer, keras.layers.RNN):
        return "", [("", layer)]
    return None


def kind_name(keras: Any, layer: Any) -> str:
    """What the table calls a layer: LSTM, RNN(LSTMCell, GRUCell), Bidirectional(LSTM, GRU)."""
    found = _directions(keras, layer)
    if found is None:
        return str(layer.__class__.__name__)
    wrapper, inner = found
    names = []
    for _, rnn in inner:
        name = type(rnn).__name__
        if kinds.by_layer(name) is None:
            name += "(" + ", ".join(type(c).__name__ for c, _ in _cells(keras, rnn)) + ")"
        names.append(name)
    if wrapper == kinds.BIDIRECTIONAL and names[0] == names[1]:
        names = names[:1]
    return f"{wrapper}({', '.join(names)})" if wrapper else names[0]


def _slots(keras: Any, prefix: str, rnn: Any) -> list[tuple[str, str, LayerKind, int, int | None]]:
    """(index, role, kind, cell, size) of each state one direction returns, in Keras's order;
    size is the state's last axis as the cell's `state_size` says (None when it does not)."""
    cells = _cells(keras, rnn)
    found = []
    for i, (cell, kind) in enumerate(cells):
        sizes = getattr(cell, "state_size", None)
        flat = list(sizes) if isinstance(sizes, (list, tuple)) else [sizes]
        for j, state in enumerate(kind.states):
            parts = ([str(i)] if len(cells) > 1 else []) + (
                [str(j)] if not kind.described and len(kind.states) > 1 else []
            )
            index = f"[{', '.join(parts)}]" if parts else ""
            size = flat[j] if j < len(flat) and isinstance(flat[j], int) else None
            found.append((index, prefix + state, kind, i, size))
    return found


def _output_size(rnn: Any) -> int | None:
    """One direction's output width by the layer math: its (top) cell's `output_size`."""
    size = getattr(getattr(rnn, "cell", None), "output_size", None)
    return size if isinstance(size, int) and not isinstance(size, bool) else None


def _output_sizes(merge: str | None, sizes: list[int | None], roles: list[str]) -> list[int | None]:
    """Each returned output's width by the layer math: concat adds the directions' widths
    (LSTM(3) forward, GRU(2) backward: 3 + 2), merge_mode None keeps each direction's own."""
    if len(sizes) == 1:
        return [sizes[0]]
    if len(roles) == 2:
        return list(sizes)
    if merge == "concat":
        return [None if None in sizes else sum(s for s in sizes if s is not None)]
    return [sizes[0] if sizes[0] == sizes[1] else None]


def _with_states(config: dict[str, Any]) -> dict[str, Any]:
    config = dict(config)
    for key in ("layer", "backward_layer"):
        if isinstance(config.get(key), dict):
            inner = dict(config[key])
            inner["config"] = {**inner["config"], "return_state": True}
            config[key] = inner
    if "layer" not in config:
        config["return_state"] = True
    return config


def _classes(keras: Any, layer: Any) -> dict[str, Any]:
    """Every class a copy of `layer` deserializes, so a user's unregistered cell loads too."""
    found: dict[str, Any] = {type(layer).__name__: type(layer)}
    directions = _directions(keras, layer)
    for _, rnn in directions[1] if directions else []:
        found[type(rnn).__name__] = type(rnn)
        found[type(rnn.cell).__name__] = type(rnn.cell)
        for cell, _ in _cells(keras, rnn):
            found[type(cell).__name__] = type(cell)
    return found


def _copy(keras: Any, layer: Any) -> Any:
    with keras.saving.CustomObjectScope(_classes(keras, layer)):
        return layer.__class__.from_config(_with_states(layer.get_config()))


def _build(copy: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Build the copy for the call's input: from its shape alone when the call is one sequence
    (no initial state, no constants), which saves a whole forward pass per probed layer; else by
    calling it, as Keras builds a layer it cannot build from a shape."""
    plain = len(args) == 1 and set(kwargs) <= {"training", "mask"} and hasattr(args[0], "shape")
    if plain:
        # A layer that builds only when called refuses its shape: it is called below.
        with contextlib.suppress(TypeError, ValueError, NotImplementedError):
            copy.build(tuple(args[0].shape))
    if not copy.built:
        copy(*args, **kwargs)


def _run_copy(keras: Any, layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The copy's outputs and states on the same input, after taking the layer's weights."""
    copy = _copy(keras, layer)
    _build(copy, args, kwargs)
    copy.set_weights(layer.get_weights())
    if getattr(copy, "stateful", False) or getattr(getattr(copy, "forward_layer", None), "stateful", False):
        copy.reset_states()  # the building call above moved a stateful copy's states on
    return [keras.ops.convert_to_numpy(t) for t in _flat(copy(*args, **kwargs))]


def _run_distributed(keras: Any, layer: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """TimeDistributed runs its layer once per outer step: so does the copy; states stack on axis 1."""
    import numpy as np

    x = keras.ops.convert_to_numpy(args[0] if args else kwargs["inputs"])
    inner = layer.layer
    copy = _copy(keras, inner)
    extra = {k: v for k, v in kwargs.items() if k == "training"}
    _build(copy, (x[:, 0],), extra)
    copy.set_weights(inner.get_weights())
    per_step = []
    for i in range(x.shape[1]):
        if getattr(copy, "stateful", False):
            copy.reset_states()
        per_step.append([keras.ops.convert_to_numpy(t) for t in _flat(copy(x[:, i], **extra))])
    return [np.stack([step[k] for step in per_step], axis=1) for k in range(len(per_step[0]))]


def probe(keras: Any, call: Call) -> Probe | None:
    """The states of one recurrent call: returned, or from a return_state copy with the same weights."""
    import numpy as np

    found_directions = _directions(keras, call.layer)
    if found_directions is None:
        return None
    wrapper, inner = found_directions
    layer = call.layer
    bidirectional = wrapper == kinds.BIDIRECTIONAL
    merge = getattr(layer, "merge_mode", None) if bidirectional else None
    outputs = [keras.ops.convert_to_numpy(t) for t in call.outputs]
    n_out = 2 if bidirectional and merge is None else 1
    slots = [s for prefix, rnn in inner for s in _slots(keras, prefix, rnn)]
    out_kind = _cells(keras, inner[0][1])[-1][1]
    out_roles = ["forward_output", "backward_output"] if n_out == 2 else ["output"]
    rnn = inner[0][1]
    found = Probe(
        kind_name(keras, layer),
        bidirectional,
        merge,
        bool(rnn.return_sequences),
        bool(rnn.return_state),
        [
            Slot("", role, out_kind, value, size=size)
            for role, value, size in zip(
                out_roles,
                outputs,
                _output_sizes(merge, [_output_size(r) for _, r in inner], out_roles),
                strict=False,
            )
        ],
        time_axis=2 if wrapper == kinds.TIME_DISTRIBUTED else 1,
    )
    if rnn.return_state:
        values = outputs[n_out:]
    else:
        try:
            kwargs = {**call.kwargs, "training": False}
            if wrapper == kinds.TIME_DISTRIBUTED:
                result = _run_distributed(keras, layer, call.args, kwargs)
            else:
                result = _run_copy(keras, layer, call.args, kwargs)
        except Exception:  # Keras 3 cannot build a stateful Bidirectional with return_state
            return found
        values = result[n_out:]
        equal = all(
            a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
            for a, b in zip(outputs, result[:n_out], strict=False)
        )
        found.copy_equal = equal
        if not equal:
            diffs = [
                float(np.nanmax(np.abs(a - b)))
                for a, b in zip(outputs, result[:n_out], strict=False)
                if a.shape == b.shape
            ]
            found.copy_detail = f"largest difference {max(diffs, default=float('nan')):.3g}"
    for (index, role, kind, cell, size), value in zip(slots, values, strict=False):
        found.slots.append(Slot(index, role, kind, value, cell, size))
    tops = [found.top(prefix) for prefix, _ in inner]
    found.widths = tuple(0 if top is None else int(top.value.shape[-1]) for top in tops)
    return found


def observe_model(
    source: ModelSource,
    *,
    batch: int,
    window: int,
    seed: int,
    device: DeviceChoice,
    unsafe: bool,
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
    feed: Feed | None = None,
    given: frozenset[str] = frozenset(),
    judge: Callable[[Any, list[tuple[int, ...]]], None] | None = None,
) -> ModelObservation:
    """Load, make the batch, run it once with every leaf call recorded, and probe the states.

    `feed`, given the model's inputs (name, symbolic shape, dtype) and its outputs' symbolic
    shapes, returns the arrays to run instead of a random batch (the user's --data windows).
    `given` names the flags the user set ("batch", "window"): one the model leaves no room for
    is refused rather than ignored. `judge`, given the loaded model after the batch ran, runs one
    training step on a copy of it (--data with targets); it also hears the outputs' real shapes.
    """
    options = options or RunOptions()
    say = progress or (lambda step: None)
    backend = options.backend or default_backend()
    if source.kind is not SourceKind.FACTORY and not unsafe:
        check_safe(source)  # refuse before paying for the framework import
    if "keras" not in sys.modules:
        say(Phrase("step_loading", backend=backend))
    keras = import_keras(backend)
    with quiet_native_stderr():
        gpus = runtime.gpu_count(backend)
    if device is DeviceChoice.GPU and not gpus:
        raise runtime.no_gpu(backend)
    gpu = device is not DeviceChoice.CPU and bool(gpus)
    placement = runtime.scope_name(backend, gpu)
    say(Phrase("step_loading_model", path=source.text))
    with keras.device(placement):
        model, notes = load_with_notes(keras, source, unsafe)
    layers = leaves(keras, model)
    try:
        defined = bool(model.inputs)
    except (AttributeError, ValueError):  # a Sequential with no Input has no inputs to ask for
        defined = False
    if not defined:
        raise invalid(None, "model_unbuilt", path=source.text, hint_key=notes_hint(notes))
    if feed is None:
        refuse_unused(model, batch, window, given)
        inputs = make_batch(keras, model, layers, batch, window, seed)
    else:
        say(Phrase("step_windows"))
        described = [(t.name, _dims(t.shape), str(t.dtype)) for t in model.inputs]
        arrays = feed(described, [_dims(t.shape) for t in _flat(model.outputs)])
        inputs = [
            InputSeen(name, symbolic, dtype, tuple(int(d) for d in a.shape), None, False, a)
            for (name, symbolic, dtype), a in zip(described, arrays, strict=True)
        ]
    _guard(model, layers, inputs, batch, window, max_memory)
    for given_input, tensor in zip(inputs, model.inputs, strict=False):
        given_input.reader, given_input.outer, given_input.read_by = _reader(keras, layers, tensor)
    calls: list[Call] = []
    counts: dict[int, int] = {}
    originals: list[tuple[Any, Any]] = []

    def wrap(path: str, layer: Any) -> None:
        original = layer.call

        def recorded(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            index = counts.get(id(layer), 0)
            counts[id(layer)] = index + 1
            name = path if index == 0 else f"{path}#{index + 1}"
            calls.append(Call(name, layer, args, kwargs, _flat(result), _symbolic(layer, index)))
            return result

        originals.append((layer, original))
        object.__setattr__(layer, "call", recorded)

    arrays = [i.array for i in inputs]
    batch_in: Any = arrays[0] if len(arrays) == 1 else arrays
    say(Phrase("step_running_model", backend=backend, device=placement.upper()))
    try:
        with quiet_native_stderr(), keras.device(placement), runtime.inference(backend), _unfiltered(keras):
            for path, layer in layers:
                wrap(path, layer)
            try:
                start = time.perf_counter()
                outputs = model(batch_in, training=False)
                runtime.synchronize(backend, _flat(outputs))
                first = time.perf_counter() - start
            finally:
                for layer, _ in originals:
                    with contextlib.suppress(AttributeError):
                        object.__delattr__(layer, "call")
            probes = {}
            for i, call in enumerate(calls):
                found = probe(keras, call)
                if found is not None:
                    probes[i] = found
            timing: tuple[float | None, int] = (None, 0)
            if options.time:
                import statistics

                runs = max(3, min(9, int(3.0 / max(first, 1e-6))))
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    runtime.synchronize(backend, _flat(model(batch_in, training=False)))
                    times.append(time.perf_counter() - start)
                timing = (statistics.median(times), runs)
    except LstmShapesError:
        raise
    except MemoryError as exc:
        raise environment("model_out_of_memory") from exc
    except Exception as exc:
        memory = out_of_memory(exc, placement, prefix="model_")
        if memory is not None:
            raise memory from exc
        if not raised_by_framework(exc):
            raise  # a bug of ours, not the model's refusal of the batch: the CLI says so (exit 70)
        partial = refused_at(keras, exc, source.text, calls, inputs)
        if partial is not None:
            raise ModelFailed(partial) from exc
        shapes = ", ".join(f"{i.name} {i.shape} {i.dtype}" for i in inputs)
        raise invalid(None, "model_batch", reason=first_line(exc), shapes=shapes) from exc
    devices = sorted({runtime.tensor_device(backend, t) for t in _flat(outputs)})
    if judge is not None:
        say(Phrase("step_training"))
        with keras.device(placement):
            judge(model, [tuple(int(d) for d in t.shape) for t in _flat(outputs)])
    run = RunInfo(
        backend,
        runtime.backend_version(backend),
        keras.__version__,
        ", ".join(devices),
        forward_seconds=timing[0],
        forward_calls=timing[1],
    )
    seen = [
        summarize(keras, call, probes.get(i), i == _first_call(calls, call)) for i, call in enumerate(calls)
    ]
    paths = {id(layer): path for path, layer in layers}
    for record, call in zip(seen, calls, strict=True):
        record.source = _source(call, paths)
    return ModelObservation(source.text, model.name, inputs, seen, int(model.count_params()), run, notes)


def _reader(
    keras: Any, layers: list[tuple[str, Any]], tensor: Any
) -> tuple[LayerKind | None, int, Plain | None]:
    """What reads an input first, from the model's graph: a recurrent layer's bottom cell kind and
    the time axes a wrapper adds, or else the layer that is not recurrent."""
    for _, layer in layers:
        for node in getattr(layer, "_inbound_nodes", []):
            if any(t is tensor for t in _flat(getattr(node, "input_tensors", []))):
                found = _directions(keras, layer)
                if found is None:
                    return None, 0, plain_of(layer)
                wrapper, inner = found
                return _cells(keras, inner[0][1])[0][1], int(wrapper == kinds.TIME_DISTRIBUTED), None
    return None, 0, None


def _source(call: Call, paths: dict[int, str]) -> tuple[str, int] | None:
    """The producer of a call's first input, read from the graph Keras built (KerasHistory)."""
    nodes = getattr(call.layer, "_inbound_nodes", [])
    index = int(call.path.rsplit("#", 1)[1]) - 1 if "#" in call.path else 0
    if index >= len(nodes):
        return None
    tensors = _flat(getattr(nodes[index], "input_tensors", []))
    history = getattr(tensors[0], "_keras_history", None) if tensors else None
    if history is None:
        return None
    producer = history.operation
    if type(producer).__name__ == "InputLayer":
        return str(tensors[0].name), 0
    path = paths.get(id(producer))
    if path is None:
        return None
    return (path if history.node_index == 0 else f"{path}#{history.node_index + 1}"), int(
        history.tensor_index
    )


def _first_call(calls: list[Call], call: Call) -> int:
    return next(i for i, c in enumerate(calls) if c.layer is call.layer)


def _weight_owners(keras: Any, layer: Any) -> dict[int, tuple[str, LayerKind]]:
    """Each recurrent weight's place ('forward/', '[1]/') and its cell's kind, by the variable's id."""
    found: dict[int, tuple[str, LayerKind]] = {}
    directions = _directions(keras, layer)
    if directions is None:
        return found
    for prefix, rnn in directions[1]:
        cells = _cells(keras, rnn)
        for i, (cell, kind) in enumerate(cells):
            place = prefix.replace("_", "/") + (f"[{i}]/" if len(cells) > 1 else "")
            for w in cell.weights:
                found[id(w)] = (place, kind)
    return found


def _weight_name(layer: Any, path: str) -> str:
    """'bidirectional/forward_lstm/lstm_cell/kernel' -> 'forward/kernel'; 'lstm/lstm_cell/bias' -> 'bias'."""
    parts = path.split("/")
    if layer.__class__.__name__ == "Bidirectional":  # a loaded one's paths lack its own name
        for direction in ("forward", "backward"):
            if any(part.startswith(f"{direction}_") for part in parts[:-1]):
                return f"{direction}/{parts[-1]}"
    return parts[-1]


def summarize(keras: Any, call: Call, found: Probe | None, first: bool) -> LayerSeen:
    """Plain data for one call: rows in the order output(s), then each cell's states; params once per layer."""
    layer = call.layer
    owners = _weight_owners(keras, layer)
    weights = []
    words = []
    for w in layer.weights:
        owner = owners.get(id(w))
        name = _weight_name(layer, w.path) if owner is None else owner[0] + w.path.split("/")[-1]
        weights.append(WeightShape(name, tuple(int(d) for d in w.shape)))
        words.append("" if owner is None else owner[1].words)
    params = int(layer.count_params()) if first and layer.built else 0
    symbolic = call.symbolic or []
    masked = call.kwargs.get("mask") is not None
    rows: list[Tensor] = []
    if found is None:
        for k, tensor in enumerate(call.outputs):
            sym = symbolic[k] if k < len(symbolic) else None
            rows.append(Tensor("", Role.OUTPUT, tuple(int(d) for d in tensor.shape), sym, False, None))
    else:
        for k, slot in enumerate(found.slots):
            returned = found.returned or k < len(call.outputs)
            sym = symbolic[k] if returned and k < len(symbolic) else None
            shape = tuple(int(d) for d in slot.value.shape)
            rows.append(Tensor(slot.index, Role(slot.role), shape, sym, not returned, slot.kind, slot.size))
    config: dict[str, Any] = {}
    try:
        config = {
            k: v for k, v in layer.get_config().items() if isinstance(v, (int, float, str, bool, type(None)))
        }
        # A 1-D layer's sizes as numbers (pool_size (4,) -> 4): the time axis's story needs them.
        config.update(
            {
                k: int(v[0])
                for k, v in layer.get_config().items()
                if k in ("pool_size", "strides", "kernel_size")
                and isinstance(v, (list, tuple))
                and len(v) == 1
            }
        )
    except Exception:
        config = {}
    return LayerSeen(
        call.path,
        kind_name(keras, layer),
        params,
        tuple(weights) if first else (),
        rows,
        found,
        masked,
        config,
        tuple(words) if first else (),
        plain=plain_of(layer),
    )


def _guard(
    model: Any,
    layers: list[tuple[str, Any]],
    inputs: list[InputSeen],
    batch: int,
    window: int,
    budget: int | None,
) -> None:
    """The memory guard, from the weights and every layer's symbolic outputs, before running."""
    from lstm_shapes.predict.memory import guard

    rows = [TensorRow(i.name, Role.INPUT, i.shape, ()) for i in inputs]
    used = inputs[0].shape[0] if inputs else batch
    for path, layer in layers:
        for index in range(len(getattr(layer, "_inbound_nodes", []))):
            for k, shape in enumerate(_symbolic(layer, index) or []):
                filled = tuple(
                    used if a == 0 and d is None else window if d is None else d for a, d in enumerate(shape)
                )
                rows.append(TensorRow(f"{path}.{index}.{k}", Role.OUTPUT, filled, ()))
    infos = (LayerInfo(model.name, "Model", {}, int(model.count_params()), ()),)
    guard(ShapeReport(infos, tuple(rows)), max(used, 1), budget, model=True)
