"""The only module that imports Keras: build the stack, run a random batch, read it back.

Layers are called eagerly on the batch, as a user at a notebook would: that is
the work the seed tutorial does, and it skips the symbolic tracing a functional
`keras.Model` would add before the first real call.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import LstmShapesError
from lstm_shapes.locales import Phrase
from lstm_shapes.observe import runtime
from lstm_shapes.observe.build import Step, build_steps
from lstm_shapes.observe.framework import (
    first_line,
    import_keras,
    out_of_memory,
    quiet_native_stderr,
    raised_by_framework,
)
from lstm_shapes.predict.kernels import mask_kind, predict_kernel_path
from lstm_shapes.spec.backend_choice import RunInfo, RunOptions, default_backend
from lstm_shapes.spec.masking import PadSide
from lstm_shapes.spec.refusals import environment, os_reason, rejected
from lstm_shapes.spec.shapes import (
    LayerInfo,
    Role,
    ShapeReport,
    TensorRow,
    WeightShape,
)
from lstm_shapes.spec.stack import DeviceChoice, StackSpec

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.spec.stateful import StatefulRun

# --time: timed calls after the first (warm-up) pass, about TIME_BUDGET seconds' worth,
# never fewer than MIN_CALLS (a median of one is no median) nor more than MAX_CALLS.
TIME_BUDGET, MIN_CALLS, MAX_CALLS = 3.0, 3, 9


@dataclass(frozen=True)
class Observation:
    report: ShapeReport
    values: dict[str, np.ndarray]
    run: RunInfo
    # What Keras did that the prediction has no row for (a tensor count that differs).
    problems: tuple[str, ...] = ()
    # --stateful --batches N: what each stateful layer carried from batch to batch.
    stateful: StatefulRun | None = None


def _on_gpu(backend: str, choice: DeviceChoice, gpus: int) -> bool:
    """Whether to compute on the GPU: always for gpu (or exit 3), when there is one for auto."""
    if choice is DeviceChoice.CPU:
        return False
    if gpus:
        return True
    if choice is DeviceChoice.GPU:
        raise runtime.no_gpu(backend)
    return False


def _weight_name(path: str) -> str:
    """'lstm_1/forward_lstm_1/lstm_cell/kernel' -> 'forward/kernel'; 'lstm_1/lstm_cell/bias' -> 'bias'."""
    parts = path.split("/")
    for direction in ("forward", "backward"):
        if any(part.startswith(f"{direction}_") for part in parts[1:-1]):
            return f"{direction}/{parts[-1]}"
    return parts[-1]


def _cell_places(layer: Any) -> dict[int, str]:
    """Each weight of an RNN over several cells by its variable's id: its place, 'forward/[1]/'."""
    directions = (
        [("forward/", layer.forward_layer), ("backward/", layer.backward_layer)]
        if hasattr(layer, "forward_layer")
        else [("", layer)]
    )
    found = {}
    for prefix, rnn in directions:
        for i, cell in enumerate(getattr(getattr(rnn, "cell", None), "cells", None) or ()):
            for w in cell.weights:
                found[id(w)] = f"{prefix}[{i}]/"
    return found


def _layer_info(layer: Any, name: str, kind: str) -> LayerInfo:
    """What Keras built; the configuration is the prediction's, so it is left empty here."""
    places = _cell_places(layer)
    weights = tuple(
        WeightShape(
            places[id(w)] + w.path.split("/")[-1] if id(w) in places else _weight_name(w.path),
            tuple(int(d) for d in w.shape),
        )
        for w in layer.weights
    )
    return LayerInfo(name, kind, {}, int(layer.count_params()), weights)


def _shape(tensor: Any) -> tuple[int, ...]:
    return tuple(int(d) for d in tensor.shape)


def _weights_key(layer: str, index: int) -> str:
    return f"weights/{layer}/{index}"


def _load_arrays(path: str) -> dict[str, np.ndarray]:
    import numpy as np

    try:
        with np.load(path) as data:
            return {key: data[key] for key in data.files}
    except (OSError, ValueError) as exc:
        raise environment("arrays_unreadable", path=str(path), reason=str(exc)) from exc


def _save_arrays(path: str, arrays: dict[str, np.ndarray]) -> None:
    import numpy as np

    savez: Any = np.savez  # its stub takes **arrays for allow_pickle
    try:
        savez(path, **arrays)
    except OSError as exc:
        raise environment("arrays_unwritable", path=str(path), reason=os_reason(exc)) from exc


def _build_and_run(
    keras: Any,
    backend: str,
    spec: StackSpec,
    batch: np.ndarray,
    steps: list[Step],
    weights: dict[str, np.ndarray] | None,
) -> tuple[Observation, Callable[[], list[Any]], runtime.PathRecorder]:
    """One pass through the stack that builds it (or loads `weights`), records every tensor
    and the kernel path each layer took; and a function that runs the same pass again."""
    rows = [TensorRow("input", Role.INPUT, batch.shape, ())]
    layers: list[LayerInfo] = []
    problems: list[str] = []
    x: Any = keras.ops.convert_to_tensor(batch)
    values: dict[str, Any] = {"input": x}
    recorder = runtime.PathRecorder(backend)
    with recorder.recording():
        for step in steps:
            if weights is not None:
                step.layer.build(_shape(x))
                count = len(step.layer.weights)
                step.layer.set_weights([weights[_weights_key(step.name, i)] for i in range(count)])
            with recorder.on(step.name):
                outputs = step(x)
            if len(outputs) != len(step.roles):
                problems.append(
                    Phrase("returned_count", layer=step.name, got=len(outputs), want=len(step.roles))
                )
            for label, role, tensor in zip(step.labels, step.roles, outputs, strict=False):
                rows.append(TensorRow(label.rsplit(".", 1)[0], role, _shape(tensor), ()))
                values[label] = tensor
            if step.recurrent is None and spec.masked and outputs:
                mask = getattr(outputs[0], "_keras_mask", None)  # what Keras attached to the tensor
                if mask is not None:
                    values[f"{step.name}.mask"] = mask
            if step.kind == "Embedding":  # row 0 of the table: what a padded id 0 looks up
                values[f"{step.name}.row0"] = step.layer.embeddings[0]
            layers.append(_layer_info(step.layer, step.name, step.kind))
            x = outputs[0]
    devices = sorted({runtime.tensor_device(backend, t) for t in values.values()})
    arrays = {k: keras.ops.convert_to_numpy(v) for k, v in values.items()}
    run = RunInfo(backend, runtime.backend_version(backend), keras.__version__, ", ".join(devices))
    observation = Observation(ShapeReport(tuple(layers), tuple(rows)), arrays, run, tuple(problems))
    first = values["input"]

    def forward() -> list[Any]:
        x = first
        out = []
        for step in steps:
            out = step(x)
            x = out[0]
        return out

    return observation, forward, recorder


def _time_forward(backend: str, forward: Callable[[], list[Any]], first_seconds: float) -> tuple[float, int]:
    """The median time of a few warm forward passes: fewer for a stack that takes long."""
    import statistics

    calls = max(MIN_CALLS, min(MAX_CALLS, int(TIME_BUDGET / max(first_seconds, 1e-6))))
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        outputs = forward()
        runtime.synchronize(backend, outputs)
        times.append(time.perf_counter() - start)
        del outputs
    return statistics.median(times), calls


def observe(
    spec: StackSpec,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
    data_batch: np.ndarray | None = None,
    more_batches: list[np.ndarray] | None = None,
) -> Observation:
    """Build `spec` in Keras, run one random batch through it, and collect every tensor.

    `options` picks the backend, asks for the forward pass's time, and saves or loads
    the arrays that let several backends compute on the same weights and batch.
    """
    options = options or RunOptions()
    say = progress or (lambda step: None)
    backend = options.backend or default_backend()
    if "keras" not in sys.modules:
        say(Phrase("step_loading", backend=backend))
    keras = import_keras(backend)

    with quiet_native_stderr():
        gpus = runtime.gpu_count(backend)
    gpu = _on_gpu(backend, spec.device, gpus)
    placement = runtime.scope_name(backend, gpu)
    loaded = _load_arrays(options.load_arrays) if options.load_arrays else None
    if loaded is not None:
        batch = loaded["input"]
    elif data_batch is not None:  # the first real batch of the user's data (--data)
        batch = data_batch.astype("float32", copy=False)
    else:
        from lstm_shapes.observe.sequences import make_batch

        batch = make_batch(spec)
    # TensorFlow's cuDNN check asks only whether a GPU exists; where one does and the run
    # is placed on the CPU, turning cuDNN off keeps TensorFlow from moving the op there.
    extra = {"use_cudnn": False} if backend == "tensorflow" and gpus and not gpu else {}
    say(Phrase("step_running", backend=backend, device=placement.upper()))
    try:
        with quiet_native_stderr(), keras.device(placement), runtime.inference(backend):
            start = time.perf_counter()
            steps = build_steps(keras, spec, extra)
            observation, forward, recorder = _build_and_run(keras, backend, spec, batch, steps, loaded)
            runtime.synchronize(backend, [])
            first_seconds = time.perf_counter() - start
            mask = mask_kind(spec.masked, spec.valid_lengths, spec.window, spec.padding is PadSide.PRE)
            paths = tuple(
                runtime.confirm(predict_kernel_path(s.name, s.recurrent, backend, gpu, gpus, mask), recorder)
                for s in steps
                if s.recurrent is not None
            )
            carried = None
            if spec.batches > 1:
                from lstm_shapes.observe.stateful import random_batches, run_batches

                source = "random" if more_batches is None else "data"
                more = random_batches(spec, spec.batches) if more_batches is None else more_batches
                carried = run_batches(keras, spec, steps, batch, observation.values, more, source)
            timing: tuple[float | None, int] = (None, 0)
            if options.time:
                say(Phrase("step_timing", backend=backend, device=placement.upper()))
                timing = _time_forward(backend, forward, first_seconds)
    except LstmShapesError:
        raise
    except MemoryError as exc:
        raise environment("out_of_memory") from exc
    except Exception as exc:
        memory = out_of_memory(exc, placement)
        if memory is not None:
            raise memory from exc
        if not raised_by_framework(exc):
            raise  # a bug of ours, not Keras's refusal: the CLI says so (exit 70)
        raise rejected("keras_rejected", reason=first_line(exc)) from exc
    run = replace(observation.run, kernel_paths=paths, forward_seconds=timing[0], forward_calls=timing[1])
    if options.save_arrays:
        arrays = {"input": batch, **{f"out/{k}": v for k, v in observation.values.items() if k != "input"}}
        for step in steps:
            for i, w in enumerate(step.layer.get_weights()):
                arrays[_weights_key(step.name, i)] = w
        _save_arrays(options.save_arrays, arrays)
    return replace(observation, run=run, stateful=carried)
