"""The only module that imports Keras: build the stack, run a random batch, read it back.

Layers are called eagerly on the batch, as a user at a notebook would: that is
the work the seed tutorial does, and it skips the symbolic tracing a functional
`keras.Model` would add before the first real call.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lstm_shapes import backends
from lstm_shapes.backends import KernelPath
from lstm_shapes.errors import EnvironmentProblem, KerasRejected, LstmShapesError
from lstm_shapes.predict import kind_of, output_roles
from lstm_shapes.shapes import CONV_NAME, HEAD_NAME, LayerInfo, Role, ShapeReport, TensorRow, WeightShape
from lstm_shapes.spec import CellKind, DeviceChoice, HeadKind, LayerSpec, MergeMode, StackSpec

if TYPE_CHECKING:
    import numpy as np

SEED_SPACE = 2**31 - 1
# Offsets that keep the seeds of the conv, the head and backward layers apart from the stack's.
CONV_SEEDS, HEAD_SEEDS, BACKWARD_SEEDS = 500, 600, 1000
# Show the native log lines that the quiet mode swallows (for debugging the tool itself).
DEBUG_ENV = "LSTM_SHAPES_DEBUG"
# --time: timed calls after the first (warm-up) pass, about TIME_BUDGET seconds' worth,
# never fewer than MIN_CALLS (a median of one is no median) nor more than MAX_CALLS.
TIME_BUDGET, MIN_CALLS, MAX_CALLS = 3.0, 3, 9


@dataclass(frozen=True)
class RunInfo:
    """Where and with what the batch really ran."""

    backend: str
    backend_version: str
    keras_version: str
    device: str
    # One per recurrent layer, bottom first.
    kernel_paths: tuple[KernelPath, ...] = ()
    # --time: the median of `forward_calls` warm forward passes, in seconds.
    forward_seconds: float | None = None
    forward_calls: int = 0


@dataclass(frozen=True)
class Observation:
    report: ShapeReport
    values: dict[str, np.ndarray]
    run: RunInfo
    # What Keras did that the prediction has no row for (a tensor count that differs).
    problems: tuple[str, ...] = ()


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null while TensorFlow's C++ side may log.

    TensorFlow's absl logger writes before `TF_CPP_MIN_LOG_LEVEL` is read
    ("All log messages before absl::InitializeLog() ..."), so the variables alone
    cannot keep the terminal clean; redirecting the descriptor can.
    """
    if os.environ.get(DEBUG_ENV):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


@contextlib.contextmanager
def _without_jax(hide: bool) -> Iterator[None]:
    """Keep JAX from loading while TensorFlow does, when it is installed but not the backend.

    TensorFlow's TFLite module imports `jax.jit` at import time for a converter this tool
    never uses: 0.7 s and 150 MiB on every run. TFLite already copes with JAX being
    absent; afterwards `import jax` works as usual.
    """
    if not hide or "jax" in sys.modules:
        yield
        return
    sys.modules["jax"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("jax", "") is None:
            del sys.modules["jax"]


def import_keras(backend: str | None = None) -> Any:
    """Import Keras on `backend` (default: KERAS_BACKEND, else tensorflow), every log channel down."""
    name = backend or backends.default_backend()
    backends.select(name)
    if "keras" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        if not os.environ.get(DEBUG_ENV):
            # TensorFlow's Python logger also speaks from __del__ at exit ("Object was never used").
            logging.getLogger("tensorflow").disabled = True
    try:
        with quiet_native_stderr(), _without_jax(name == "tensorflow"):
            import keras
    except ImportError as exc:
        raise EnvironmentProblem(
            f"cannot import Keras with the {name} backend: {exc}",
            f"Install it with: {backends.INSTALL[name]}",
        ) from exc
    with contextlib.suppress(ImportError):
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    return keras


def _on_gpu(backend: str, choice: DeviceChoice, gpus: int) -> bool:
    """Whether to compute on the GPU: always for gpu (or exit 3), when there is one for auto."""
    if choice is DeviceChoice.CPU:
        return False
    if gpus:
        return True
    if choice is DeviceChoice.GPU:
        raise backends.no_gpu(backend)
    return False


def short_device(name: str) -> str:
    """'/job:localhost/replica:0/task:0/device:CPU:0' -> 'CPU:0'."""
    return name.rsplit("device:", 1)[-1] if "device:" in name else name


def _weight_name(path: str) -> str:
    """'lstm_1/forward_lstm_1/lstm_cell/kernel' -> 'forward/kernel'; 'lstm_1/lstm_cell/bias' -> 'bias'."""
    parts = path.split("/")
    for direction in ("forward", "backward"):
        if any(part.startswith(f"{direction}_") for part in parts[1:-1]):
            return f"{direction}/{parts[-1]}"
    return parts[-1]


def _layer_info(layer: Any, name: str, kind: str) -> LayerInfo:
    """What Keras built; the configuration is the prediction's, so it is left empty here."""
    weights = tuple(WeightShape(_weight_name(w.path), tuple(int(d) for d in w.shape)) for w in layer.weights)
    return LayerInfo(name, kind, {}, int(layer.count_params()), weights)


def _shape(tensor: Any) -> tuple[int, ...]:
    return tuple(int(d) for d in tensor.shape)


def seeded(keras: Any, config: dict[str, Any], seed: int, layer: int) -> dict[str, Any]:
    """`config` with each random initializer given its own seed, derived from `seed`.

    Explicit seeds make the weights a function of --seed alone. The alternative,
    `keras.utils.set_random_seed` before each stack, also resets TensorFlow's global
    seed, and that clears TensorFlow's kernel cache: a third of each later case's time
    in a spec file.
    """
    out = dict(config)
    for i, key in enumerate(("kernel_initializer", "recurrent_initializer", "bias_initializer")):
        if key in out:
            initializer = keras.initializers.get(out[key])
            settings = initializer.get_config()
            if "seed" in settings:
                settings["seed"] = (seed * 7919 + layer * 31 + i) % SEED_SPACE
                initializer = type(initializer).from_config(settings)
            out[key] = initializer
    return out


def _recurrent(keras: Any, spec: StackSpec, index: int, name: str, extra: dict[str, Any]) -> Any:
    """The Keras layer for one LayerSpec: the cell layer, or Bidirectional around two of them."""
    layer = spec.layers[index]
    cls = getattr(keras.layers, layer.cell.keras_name)
    config = {**layer.keras_config(), **(extra if layer.cell is not CellKind.SIMPLE_RNN else {})}
    forward = cls(name=name, **seeded(keras, config, spec.seed, index))
    if not layer.bidirectional:
        return forward
    # An explicit backward layer gets its own seeds; Keras would clone the forward one's.
    flipped = {**config, "go_backwards": not layer.go_backwards}
    backward = cls(name=f"backward_{name}", **seeded(keras, flipped, spec.seed, BACKWARD_SEEDS + index))
    merge = None if layer.merge is MergeMode.NONE else layer.merge.value  # type: ignore[union-attr]
    return keras.layers.Bidirectional(forward, merge_mode=merge, backward_layer=backward, name=name)


@dataclass(frozen=True)
class _Step:
    """One Keras layer of the stack, and how to read what it returns."""

    name: str
    layer: Any
    kind: str
    roles: tuple[Role, ...]
    recurrent: LayerSpec | None = None
    # Conv1D's call takes no `training`.
    training: bool = True

    def __call__(self, x: Any) -> list[Any]:
        result = self.layer(x, training=False) if self.training else self.layer(x)
        return list(result) if isinstance(result, (list, tuple)) else [result]


def _steps(keras: Any, spec: StackSpec, recurrent_extra: dict[str, Any]) -> list[_Step]:
    """The stack's Keras layers, bottom first, not yet built."""
    steps = []
    if spec.conv is not None:
        conv = spec.conv
        settings = seeded(keras, {"kernel_initializer": "glorot_uniform"}, spec.seed, CONV_SEEDS)
        layer = keras.layers.Conv1D(
            conv.filters,
            conv.kernel_size,
            strides=conv.strides,
            padding=conv.padding.value,
            name=CONV_NAME,
            **settings,
        )
        steps.append(_Step(CONV_NAME, layer, "Conv1D", (Role.OUTPUT,), training=False))
    for index, (name, layer_spec) in enumerate(zip(spec.layer_names, spec.layers, strict=True)):
        layer = _recurrent(keras, spec, index, name, recurrent_extra)
        steps.append(_Step(name, layer, kind_of(layer_spec), output_roles(layer_spec), layer_spec))
    if spec.head.kind is not HeadKind.NONE:
        initializers = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}
        dense = keras.layers.Dense(
            spec.head.units, name=f"{HEAD_NAME}_dense", **seeded(keras, initializers, spec.seed, HEAD_SEEDS)
        )
        if spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            steps.append(
                _Step(
                    HEAD_NAME,
                    keras.layers.TimeDistributed(dense, name=HEAD_NAME),
                    "TimeDistributed(Dense)",
                    (Role.OUTPUT,),
                )
            )
        else:
            steps.append(_Step(HEAD_NAME, dense, "Dense", (Role.OUTPUT,)))
    return steps


def _weights_key(layer: str, index: int) -> str:
    return f"weights/{layer}/{index}"


def _load_arrays(path: str) -> dict[str, np.ndarray]:
    import numpy as np

    try:
        with np.load(path) as data:
            return {key: data[key] for key in data.files}
    except (OSError, ValueError) as exc:
        raise EnvironmentProblem(f"cannot read the arrays of the first backend from {path}: {exc}") from exc


def _save_arrays(path: str, arrays: dict[str, np.ndarray]) -> None:
    import numpy as np

    savez: Any = np.savez  # its stub takes **arrays for allow_pickle
    try:
        savez(path, **arrays)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write the arrays to {path}: {exc.strerror or exc}") from exc


def _build_and_run(
    keras: Any,
    backend: str,
    spec: StackSpec,
    batch: np.ndarray,
    steps: list[_Step],
    weights: dict[str, np.ndarray] | None,
) -> tuple[Observation, Callable[[], list[Any]], backends.PathRecorder]:
    """One pass through the stack that builds it (or loads `weights`), records every tensor
    and the kernel path each layer took; and a function that runs the same pass again."""
    rows = [TensorRow("input", Role.INPUT, batch.shape, ())]
    layers: list[LayerInfo] = []
    problems: list[str] = []
    x: Any = keras.ops.convert_to_tensor(batch)
    values: dict[str, Any] = {"input": x}
    recorder = backends.PathRecorder(backend)
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
                    f"{step.name}: Keras returned {len(outputs)} tensors, the prediction has {len(step.roles)}"
                )
            for role, tensor in zip(step.roles, outputs, strict=False):
                rows.append(TensorRow(step.name, role, _shape(tensor), ()))
                values[f"{step.name}.{role.value}"] = tensor
            layers.append(_layer_info(step.layer, step.name, step.kind))
            x = outputs[0]
    devices = sorted({backends.tensor_device(backend, t) for t in values.values()})
    arrays = {k: keras.ops.convert_to_numpy(v) for k, v in values.items()}
    run = RunInfo(backend, backends.backend_version(backend), keras.__version__, ", ".join(devices))
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
        backends.synchronize(backend, outputs)
        times.append(time.perf_counter() - start)
        del outputs
    return statistics.median(times), calls


def observe(
    spec: StackSpec,
    progress: Callable[[str], None] | None = None,
    options: backends.RunOptions | None = None,
) -> Observation:
    """Build `spec` in Keras, run one random batch through it, and collect every tensor.

    `options` picks the backend, asks for the forward pass's time, and saves or loads
    the arrays that let several backends compute on the same weights and batch.
    """
    options = options or backends.RunOptions()
    say = progress or (lambda step: None)
    backend = options.backend or backends.default_backend()
    if "keras" not in sys.modules:
        say(f"Loading Keras and {backend}")
    keras = import_keras(backend)
    import numpy as np

    with quiet_native_stderr():
        gpus = backends.gpu_count(backend)
    gpu = _on_gpu(backend, spec.device, gpus)
    placement = backends.scope_name(backend, gpu)
    loaded = _load_arrays(options.load_arrays) if options.load_arrays else None
    if loaded is not None:
        batch = loaded["input"]
    else:
        batch = np.random.default_rng(spec.seed).uniform(size=spec.input_shape).astype("float32")
    # TensorFlow's cuDNN check asks only whether a GPU exists; where one does and the run
    # is placed on the CPU, turning cuDNN off keeps TensorFlow from moving the op there.
    extra = {"use_cudnn": False} if backend == "tensorflow" and gpus and not gpu else {}
    say(f"Building and running the stack on {backend}, {placement.upper()}")
    try:
        with quiet_native_stderr(), keras.device(placement), backends.inference(backend):
            start = time.perf_counter()
            steps = _steps(keras, spec, extra)
            observation, forward, recorder = _build_and_run(keras, backend, spec, batch, steps, loaded)
            backends.synchronize(backend, [])
            first_seconds = time.perf_counter() - start
            paths = tuple(
                backends.confirm(
                    backends.predict_kernel_path(s.name, s.recurrent, backend, gpu, gpus), recorder
                )
                for s in steps
                if s.recurrent is not None
            )
            timing: tuple[float | None, int] = (None, 0)
            if options.time:
                say(f"Timing the forward pass on {backend}, {placement.upper()}")
                timing = _time_forward(backend, forward, first_seconds)
    except LstmShapesError:
        raise
    except MemoryError as exc:
        raise EnvironmentProblem(
            "the run ran out of memory", "Try a smaller --batch, --window or --units."
        ) from exc
    except Exception as exc:
        if type(exc).__name__ in (
            "ResourceExhaustedError",
            "OutOfMemoryError",
        ) or "RESOURCE_EXHAUSTED" in str(exc):
            raise EnvironmentProblem(
                f"the run ran out of memory on {placement}: {_first_line(exc)}",
                "Try a smaller --batch, --window or --units.",
            ) from exc
        raise KerasRejected(f"Keras rejected this stack: {_first_line(exc)}") from exc
    run = replace(observation.run, kernel_paths=paths, forward_seconds=timing[0], forward_calls=timing[1])
    if options.save_arrays:
        arrays = {"input": batch, **{f"out/{k}": v for k, v in observation.values.items() if k != "input"}}
        for step in steps:
            for i, w in enumerate(step.layer.get_weights()):
                arrays[_weights_key(step.name, i)] = w
        _save_arrays(options.save_arrays, arrays)
    return replace(observation, run=run)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
