"""The only module that imports Keras: build the stack, run a random batch, read it back.

Layers are called eagerly on the batch, as a user at a notebook would: that is
the work the seed tutorial does, and it skips the symbolic tracing a functional
`keras.Model` would add before the first real call.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import EnvironmentProblem, KerasRejected
from lstm_shapes.predict import CONV_NAME, HEAD_NAME, kind_of, output_roles
from lstm_shapes.shapes import LayerInfo, Role, ShapeReport, TensorRow, WeightShape
from lstm_shapes.spec import DeviceChoice, HeadKind, MergeMode, StackSpec

if TYPE_CHECKING:
    import numpy as np

BACKEND = "tensorflow"
SEED_SPACE = 2**31 - 1
# Offsets that keep the seeds of the conv, the head and backward layers apart from the stack's.
CONV_SEEDS, HEAD_SEEDS, BACKWARD_SEEDS = 500, 600, 1000
# Show the native log lines that the quiet mode swallows (for debugging the tool itself).
DEBUG_ENV = "LSTM_SHAPES_DEBUG"


@dataclass(frozen=True)
class RunInfo:
    """Where and with what the batch really ran."""

    backend: str
    backend_version: str
    keras_version: str
    device: str


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


def import_keras() -> Any:
    """Import Keras on the TensorFlow backend with every log channel turned down."""
    if "keras" not in sys.modules:
        os.environ["KERAS_BACKEND"] = BACKEND
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        if not os.environ.get(DEBUG_ENV):
            # TensorFlow's Python logger also speaks from __del__ at exit ("Object was never used").
            logging.getLogger("tensorflow").disabled = True
    try:
        with quiet_native_stderr():
            import keras
    except ImportError as exc:
        raise EnvironmentProblem(
            f"cannot import Keras with the {BACKEND} backend: {exc}",
            "Install it with: pip install tensorflow",
        ) from exc
    if keras.config.backend() != BACKEND:
        raise EnvironmentProblem(
            f"Keras was already loaded with the {keras.config.backend()} backend in this process",
            f"Run lstm-shapes in a fresh process, or set KERAS_BACKEND={BACKEND}.",
        )
    with contextlib.suppress(ImportError):
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    return keras


@functools.cache
def _gpu_count() -> int:
    import tensorflow as tf

    return len(tf.config.list_logical_devices("GPU"))


def _device(choice: DeviceChoice) -> str:
    """Where to place the run: the name `keras.device` takes."""
    if choice is DeviceChoice.CPU:
        return "cpu:0"
    if _gpu_count():
        return "gpu:0"
    if choice is DeviceChoice.GPU:
        raise EnvironmentProblem(
            "--device gpu was asked for, but TensorFlow sees no GPU on this machine",
            "On Linux with an NVIDIA driver: pip install 'tensorflow[and-cuda]'; "
            "or run with --device cpu (or auto).",
        )
    return "cpu:0"


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


def _recurrent(keras: Any, spec: StackSpec, index: int, name: str) -> Any:
    """The Keras layer for one LayerSpec: the cell layer, or Bidirectional around two of them."""
    layer = spec.layers[index]
    cls = getattr(keras.layers, layer.cell.keras_name)
    config = layer.keras_config()
    forward = cls(name=name, **seeded(keras, config, spec.seed, index))
    if not layer.bidirectional:
        return forward
    # An explicit backward layer gets its own seeds; Keras would clone the forward one's.
    flipped = {**config, "go_backwards": not layer.go_backwards}
    backward = cls(name=f"backward_{name}", **seeded(keras, flipped, spec.seed, BACKWARD_SEEDS + index))
    merge = None if layer.merge is MergeMode.NONE else layer.merge.value  # type: ignore[union-attr]
    return keras.layers.Bidirectional(forward, merge_mode=merge, backward_layer=backward, name=name)


def _build_and_run(keras: Any, spec: StackSpec, batch: np.ndarray) -> Observation:
    rows = [TensorRow("input", Role.INPUT, batch.shape, ())]
    layers: list[LayerInfo] = []
    problems: list[str] = []
    x: Any = keras.ops.convert_to_tensor(batch)
    values: dict[str, Any] = {"input": x}

    def record(name: str, role: Role, tensor: Any) -> None:
        rows.append(TensorRow(name, role, _shape(tensor), ()))
        values[f"{name}.{role.value}"] = tensor

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
        x = layer(x)
        record(CONV_NAME, Role.OUTPUT, x)
        layers.append(_layer_info(layer, CONV_NAME, "Conv1D"))
    for index, (name, layer_spec) in enumerate(zip(spec.layer_names, spec.layers, strict=True)):
        layer = _recurrent(keras, spec, index, name)
        result = layer(x, training=False)
        outputs = list(result) if isinstance(result, (list, tuple)) else [result]
        roles = output_roles(layer_spec)
        if len(outputs) != len(roles):
            problems.append(f"{name}: Keras returned {len(outputs)} tensors, the prediction has {len(roles)}")
        for role, tensor in zip(roles, outputs, strict=False):
            record(name, role, tensor)
        layers.append(_layer_info(layer, name, kind_of(layer_spec)))
        x = outputs[0]
    if spec.head.kind is not HeadKind.NONE:
        initializers = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}
        dense = keras.layers.Dense(
            spec.head.units, name=f"{HEAD_NAME}_dense", **seeded(keras, initializers, spec.seed, HEAD_SEEDS)
        )
        if spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            head = keras.layers.TimeDistributed(dense, name=HEAD_NAME)
            kind = "TimeDistributed(Dense)"
        else:
            head = dense
            kind = "Dense"
        record(HEAD_NAME, Role.OUTPUT, head(x, training=False))
        layers.append(_layer_info(head, HEAD_NAME, kind))
    devices = sorted({short_device(str(t.device)) for t in values.values()})
    arrays = {k: keras.ops.convert_to_numpy(v) for k, v in values.items()}
    import tensorflow as tf

    run = RunInfo(BACKEND, tf.__version__, keras.__version__, ", ".join(devices))
    return Observation(ShapeReport(tuple(layers), tuple(rows)), arrays, run, tuple(problems))


def observe(spec: StackSpec, progress: Callable[[str], None] | None = None) -> Observation:
    """Build `spec` in Keras, run one random batch through it, and collect every tensor."""
    say = progress or (lambda step: None)
    if "keras" not in sys.modules:
        say(f"Loading Keras and {BACKEND}")
    keras = import_keras()
    import numpy as np

    placement = _device(spec.device)
    batch = np.random.default_rng(spec.seed).uniform(size=spec.input_shape).astype("float32")
    say(f"Building and running the stack on {placement.upper()}")
    try:
        with quiet_native_stderr(), keras.device(placement):
            return _build_and_run(keras, spec, batch)
    except MemoryError as exc:
        raise EnvironmentProblem(
            "the run ran out of memory", "Try a smaller --batch, --window or --units."
        ) from exc
    except Exception as exc:
        if type(exc).__name__ == "ResourceExhaustedError":
            raise EnvironmentProblem(
                f"the run ran out of memory on {placement}: {_first_line(exc)}",
                "Try a smaller --batch, --window or --units.",
            ) from exc
        raise KerasRejected(f"Keras rejected this stack: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
