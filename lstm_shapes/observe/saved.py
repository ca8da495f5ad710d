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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lstm_shapes.errors import EnvironmentProblem, LstmShapesError
from lstm_shapes.model.backend import RunInfo, RunOptions, default_backend
from lstm_shapes.model.refusals import invalid
from lstm_shapes.model.shapes import LayerInfo, Role, ShapeReport, TensorRow, WeightShape
from lstm_shapes.model.spec import DeviceChoice
from lstm_shapes.observe import backends
from lstm_shapes.observe.framework import import_keras, quiet_native_stderr
from lstm_shapes.sources.saved import ModelSource, SourceKind, check_safe

# The user's own batch for the model's inputs: (inputs described, outputs' shapes) -> arrays.
Feed = Callable[[list[tuple[str, tuple[int | None, ...], str]], list[tuple[int | None, ...]]], list[Any]]

RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN")
CELLS = {"LSTMCell": "LSTM", "GRUCell": "GRU", "SimpleRNNCell": "SimpleRNN"}


@dataclass
class Call:
    """One call of one leaf layer during the forward pass."""

    path: str
    layer: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    outputs: list[Any]
    symbolic: list[tuple[int | None, ...]] | None


@dataclass
class InputSeen:
    name: str
    symbolic: tuple[int | None, ...]
    dtype: str
    shape: tuple[int, ...]
    vocabulary: int | None
    padded: bool
    array: Any = None


@dataclass
class Probe:
    """A recurrent layer's states, returned by it or probed from a copy."""

    cell: str
    bidirectional: bool
    merge_mode: str | None
    units: int
    return_sequences: bool
    returned: bool
    values: dict[str, Any]  # role value -> array
    copy_equal: bool | None = None
    copy_detail: str = ""


@dataclass
class LayerSeen:
    """One call of one layer, as plain data: its tensors (observed, symbolic, kept inside or not)."""

    path: str
    kind: str
    params: int
    weights: tuple[WeightShape, ...]
    # (role, observed shape, Keras's symbolic shape or None, kept inside and not returned)
    tensors: list[tuple[Role, tuple[int, ...], tuple[int | None, ...] | None, bool]]
    probe: Probe | None
    masked: bool
    config: dict[str, Any]


@dataclass
class ModelObservation:
    source: str
    model_name: str
    inputs: list[InputSeen]
    layers: list[LayerSeen]
    total_params: int
    run: RunInfo


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def load(keras: Any, source: ModelSource, unsafe: bool) -> Any:
    """The model, loaded with safe_mode and compile=False, or built by the user's factory."""
    if source.kind is SourceKind.FACTORY:
        return _from_factory(keras, source)
    for text in source.imports:
        _import_custom(text)
    if not unsafe:
        check_safe(source)  # before Keras reads a byte of it
    try:
        with quiet_native_stderr():
            model = keras.saving.load_model(str(source.path), compile=False, safe_mode=not unsafe)
    except LstmShapesError:
        raise
    except Exception as exc:
        text = _first_line(exc)
        if "safe_mode" in text or "Lambda" in text:
            raise invalid(None, "model_needs_code", path=source.text, what=text) from exc
        raise invalid(None, "model_keras_refused", path=source.text, reason=text) from exc
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
            "custom_objects", "custom_objects_missing", source=text, reason=_first_line(exc)
        ) from exc
    except Exception as exc:
        raise invalid(
            "custom_objects",
            "custom_objects_failed",
            source=text,
            kind=type(exc).__name__,
            reason=_first_line(exc),
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
        raise invalid(None, "factory_missing", factory=text, reason=_first_line(exc)) from exc
    except Exception as exc:
        raise invalid(
            None, "factory_failed", factory=text, kind=type(exc).__name__, reason=_first_line(exc)
        ) from exc
    target: Any = module
    for part in (source.function or "").split("."):
        if not hasattr(target, part):
            raise invalid(None, "factory_missing", factory=text, reason=f"no {part!r} in it")
        target = getattr(target, part)
    try:
        with quiet_native_stderr():
            model = target() if callable(target) else target
    except Exception as exc:
        raise invalid(
            None, "factory_failed", factory=text, kind=type(exc).__name__, reason=_first_line(exc)
        ) from exc
    if not isinstance(model, keras.Model):
        raise invalid(None, "factory_not_model", factory=text, kind=type(model).__name__)
    return model


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


def _recurrent_kind(layer: Any) -> tuple[str, bool, Any] | None:
    """('LSTM', bidirectional, the single-direction layer), or None for other layers."""
    name = layer.__class__.__name__
    if name == "Bidirectional":
        inner = layer.forward_layer
        kind = _recurrent_kind(inner)
        return None if kind is None else (kind[0], True, inner)
    if name in RECURRENT and hasattr(layer, "cell"):
        cell = layer.cell.__class__.__name__
        return CELLS.get(cell, name if name != "RNN" else cell), False, layer
    return None


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


def _state_roles(cell: str, bidirectional: bool) -> list[str]:
    one = ["hidden", "cell"] if cell == "LSTM" else ["hidden"]
    if not bidirectional:
        return one
    return [f"forward_{r}" for r in one] + [f"backward_{r}" for r in one]


def probe(keras: Any, call: Call) -> Probe | None:
    """The states of one recurrent call: returned, or from a return_state copy with the same weights."""
    import numpy as np

    kind = _recurrent_kind(call.layer)
    if kind is None:
        return None
    cell, bidirectional, inner = kind
    layer = call.layer
    merge = getattr(layer, "merge_mode", None) if bidirectional else None
    outputs = [keras.ops.convert_to_numpy(t) for t in call.outputs]
    n_out = 2 if bidirectional and merge is None else 1
    roles = _state_roles(cell, bidirectional)
    found = Probe(
        cell,
        bidirectional,
        merge,
        int(inner.units),
        bool(inner.return_sequences),
        bool(inner.return_state),
        {},
    )
    out_roles = ["forward_output", "backward_output"] if n_out == 2 else ["output"]
    if inner.return_state:
        for role, value in zip(out_roles + roles, outputs, strict=False):
            found.values[role] = value
        return found
    try:
        copy = layer.__class__.from_config(_with_states(layer.get_config()))
        kwargs = {k: v for k, v in call.kwargs.items()}
        kwargs["training"] = False
        copy(*call.args, **kwargs)
        copy.set_weights(layer.get_weights())
        if getattr(inner, "stateful", False):
            copy.reset_states()  # the building call above moved a stateful copy's states on
        result = [keras.ops.convert_to_numpy(t) for t in _flat(copy(*call.args, **kwargs))]
    except Exception:  # Keras 3 cannot build a stateful Bidirectional with return_state
        for role, value in zip(out_roles, outputs, strict=False):
            found.values[role] = value
        return found
    for role, value in zip(out_roles, outputs, strict=False):
        found.values[role] = value
    for role, value in zip(roles, result[n_out:], strict=False):
        found.values[role] = value
    equal = all(np.array_equal(a, b, equal_nan=True) for a, b in zip(outputs, result[:n_out], strict=False))
    found.copy_equal = equal
    if not equal:
        diff = max(
            float(np.nanmax(np.abs(a - b)))
            for a, b in zip(outputs, result[:n_out], strict=False)
            if a.shape == b.shape
        )
        found.copy_detail = f"largest difference {diff:.3g}"
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
) -> ModelObservation:
    """Load, make the batch, run it once with every leaf call recorded, and probe the states.

    `feed`, given the model's inputs (name, symbolic shape, dtype) and its outputs' symbolic
    shapes, returns the arrays to run instead of a random batch (the user's --data windows).
    `given` names the flags the user set ("batch", "window"): one the model leaves no room for
    is refused rather than ignored.
    """
    options = options or RunOptions()
    say = progress or (lambda step: None)
    backend = options.backend or default_backend()
    if source.kind is not SourceKind.FACTORY and not unsafe:
        check_safe(source)  # refuse before paying for the framework import
    if "keras" not in sys.modules:
        say(f"Loading Keras and {backend}")
    keras = import_keras(backend)
    with quiet_native_stderr():
        gpus = backends.gpu_count(backend)
    if device is DeviceChoice.GPU and not gpus:
        raise backends.no_gpu(backend)
    gpu = device is not DeviceChoice.CPU and bool(gpus)
    placement = backends.scope_name(backend, gpu)
    say(f"Loading {source.text}")
    with keras.device(placement):
        model = load(keras, source, unsafe)
    layers = leaves(keras, model)
    if not model.inputs:
        raise invalid(None, "model_unbuilt", path=source.text)
    if feed is None:
        refuse_unused(model, batch, window, given)
        inputs = make_batch(keras, model, layers, batch, window, seed)
    else:
        say("Windowing the data with keras.utils.timeseries_dataset_from_array")
        described = [(t.name, _dims(t.shape), str(t.dtype)) for t in model.inputs]
        arrays = feed(described, [_dims(t.shape) for t in _flat(model.outputs)])
        inputs = [
            InputSeen(name, symbolic, dtype, tuple(int(d) for d in a.shape), None, False, a)
            for (name, symbolic, dtype), a in zip(described, arrays, strict=True)
        ]
    _guard(model, layers, inputs, batch, window, max_memory)
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
    say(f"Running the batch on {backend}, {placement.upper()}")
    try:
        with quiet_native_stderr(), keras.device(placement), backends.inference(backend):
            for path, layer in layers:
                wrap(path, layer)
            try:
                start = time.perf_counter()
                outputs = model(batch_in, training=False)
                backends.synchronize(backend, _flat(outputs))
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
                    backends.synchronize(backend, _flat(model(batch_in, training=False)))
                    times.append(time.perf_counter() - start)
                timing = (statistics.median(times), runs)
    except LstmShapesError:
        raise
    except MemoryError as exc:
        raise EnvironmentProblem("the run ran out of memory", "Try a smaller --batch or --window.") from exc
    except Exception as exc:
        shapes = ", ".join(f"{i.name} {i.shape} {i.dtype}" for i in inputs)
        raise invalid(None, "model_batch", reason=_first_line(exc), shapes=shapes) from exc
    devices = sorted({backends.tensor_device(backend, t) for t in _flat(outputs)})
    run = RunInfo(
        backend,
        backends.backend_version(backend),
        keras.__version__,
        ", ".join(devices),
        forward_seconds=timing[0],
        forward_calls=timing[1],
    )
    seen = [
        summarize(keras, call, probes.get(i), i == _first_call(calls, call)) for i, call in enumerate(calls)
    ]
    return ModelObservation(source.text, model.name, inputs, seen, int(model.count_params()), run)


def _first_call(calls: list[Call], call: Call) -> int:
    return next(i for i, c in enumerate(calls) if c.layer is call.layer)


def _weight_name(layer: Any, path: str) -> str:
    """'bidirectional/forward_lstm/lstm_cell/kernel' -> 'forward/kernel'; 'lstm/lstm_cell/bias' -> 'bias'."""
    parts = path.split("/")
    if layer.__class__.__name__ == "Bidirectional":  # a loaded one's paths lack its own name
        for direction in ("forward", "backward"):
            if any(part.startswith(f"{direction}_") for part in parts[:-1]):
                return f"{direction}/{parts[-1]}"
    return parts[-1]


def summarize(keras: Any, call: Call, found: Probe | None, first: bool) -> LayerSeen:
    """Plain data for one call: rows in the order output(s), h, c; params once per layer."""
    layer = call.layer
    weights = tuple(
        WeightShape(_weight_name(layer, w.path), tuple(int(d) for d in w.shape)) for w in layer.weights
    )
    params = int(layer.count_params()) if first and layer.built else 0
    symbolic = call.symbolic or []
    masked = call.kwargs.get("mask") is not None
    rows: list[tuple[Role, tuple[int, ...], tuple[int | None, ...] | None, bool]] = []
    if found is None:
        for k, tensor in enumerate(call.outputs):
            sym = symbolic[k] if k < len(symbolic) else None
            rows.append((Role.OUTPUT, tuple(int(d) for d in tensor.shape), sym, False))
    else:
        for k, (role, value) in enumerate(found.values.items()):
            returned = found.returned or k < len(call.outputs)
            sym = symbolic[k] if returned and k < len(symbolic) else None
            rows.append((Role(role), tuple(int(d) for d in value.shape), sym, not returned))
    config: dict[str, Any] = {}
    try:
        config = {
            k: v for k, v in layer.get_config().items() if isinstance(v, (int, float, str, bool, type(None)))
        }
    except Exception:
        config = {}
    return LayerSeen(
        call.path, layer.__class__.__name__, params, weights if first else (), rows, found, masked, config
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
