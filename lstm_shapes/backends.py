"""Backends, devices and kernel paths: which Keras backend runs a stack, where, and how.

Importing this module imports no framework: choosing and validating a backend, and the
rules for Keras's fast recurrent kernels, are plain data and functions. Only the
functions that need a framework at run time (GPU detection, reading a tensor's device,
synchronising a timed call, recording the kernel path that ran) import one, inside.

The kernel-path rules follow Keras 3.15.1's own code: `LSTM.inner_loop` and
`GRU.inner_loop` (keras/src/layers/rnn/{lstm,gru}.py), `Bidirectional.call`, and each
backend's `lstm`, `gru` and `cudnn_ok` (keras/src/backend/{tensorflow,jax,torch}/rnn.py).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lstm_shapes.errors import EnvironmentProblem, InvalidSpec
from lstm_shapes.spec import CellKind, LayerSpec

BACKENDS = ("tensorflow", "jax", "torch")
DEFAULT = "tensorflow"
ENV = "KERAS_BACKEND"
ALL = "all"
# What to run to get each backend: the extra of this package, and the bare package.
INSTALL = {
    "tensorflow": "pip install tensorflow",
    "jax": "pip install 'lstm-shapes[jax]' (or: pip install jax)",
    "torch": "pip install 'lstm-shapes[torch]' (or: pip install torch)",
}
LABEL = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}

# The three kernel paths a recurrent layer can take.
CUDNN = "cudnn"
BACKEND_LOOP = "backend loop"  # the backend's own loop with the input projections precomputed
GENERIC = "generic loop"  # Keras's step-function loop (keras.src.backend.*.rnn.rnn)


@dataclass(frozen=True)
class RunOptions:
    """How to run a stack, beyond the stack itself.

    `backend` None means the process's backend: KERAS_BACKEND if set, else tensorflow.
    `time` measures the forward pass. `save_arrays` / `load_arrays` name an .npz file
    that holds the input batch, every layer's weights and every output tensor: the
    cross-backend comparison runs the first backend with `save_arrays` and the others
    with `load_arrays`, so that all of them compute on the same numbers.
    """

    backend: str | None = None
    time: bool = False
    save_arrays: str | None = None
    load_arrays: str | None = None


@dataclass(frozen=True)
class KernelPath:
    """How one recurrent layer's time loop ran, and why it was not cuDNN.

    `confirmed` is True when the run recorded which of Keras's functions did the
    work; False when only the rules predicted it.
    """

    layer: str
    path: str
    reasons: tuple[str, ...] = ()
    confirmed: bool = False

    @property
    def fast(self) -> bool:
        return self.path == CUDNN

    def describe(self) -> str:
        """'cuDNN' or 'generic loop: recurrent_dropout > 0, no GPU'."""
        name = "cuDNN" if self.path == CUDNN else self.path
        return f"{name}: {', '.join(self.reasons)}" if self.reasons else name

    def to_json(self) -> dict[str, Any]:
        return {
            "fast": self.fast,
            "path": self.path,
            "reasons": list(self.reasons),
            "confirmed": self.confirmed,
        }


# --- choosing a backend -------------------------------------------------------------------------------


def default_backend() -> str:
    """KERAS_BACKEND when it names one of ours, else tensorflow."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return DEFAULT
    if value not in BACKENDS:
        raise InvalidSpec(
            "backend",
            f"{ENV}={value!r} is not a backend lstm-shapes runs. Valid values: {', '.join(BACKENDS)}.",
            f"Pass --backend tensorflow, jax or torch, or unset {ENV}.",
        )
    return value


def installed(backend: str) -> bool:
    """Whether the backend's package can be imported, without importing it."""
    try:
        return importlib.util.find_spec(backend) is not None
    except (ImportError, ValueError):
        return False


def missing(backend: str, why: str = "is not installed") -> EnvironmentProblem:
    return EnvironmentProblem(
        f"--backend {backend}: {LABEL[backend]} {why}", f"Install it with: {INSTALL[backend]}"
    )


@dataclass(frozen=True)
class BackendChoice:
    """What --backend asked for: the backends to run, in order, and those `all` skipped."""

    backends: tuple[str, ...]
    skipped: tuple[str, ...] = field(default=())

    @property
    def several(self) -> bool:
        return len(self.backends) > 1 or bool(self.skipped)


def parse_backends(text: str | None, *, resolve_all: bool = True) -> BackendChoice:
    """'jax' -> (jax,); 'tensorflow,torch' -> both; 'all' -> every installed one.

    Names are checked without importing anything; `resolve_all` False keeps `all`
    as every backend (for --no-run, which must not look for packages).
    """
    if text is None:
        return BackendChoice((default_backend(),))
    names = [part.strip().lower() for part in text.split(",")]
    if any(not name for name in names):
        raise InvalidSpec(
            "backend",
            f"{text!r} has an empty name. Valid values: {', '.join(BACKENDS)}, a comma list of them, or all.",
            "Write it like --backend jax or --backend tensorflow,jax,torch.",
        )
    if ALL in names:
        if names != [ALL]:
            raise InvalidSpec(
                "backend", "all cannot be combined with other names", "Write --backend all alone."
            )
        if not resolve_all:
            return BackendChoice(BACKENDS)
        found = tuple(b for b in BACKENDS if installed(b))
        return BackendChoice(found, tuple(b for b in BACKENDS if b not in found))
    for name in names:
        if name not in BACKENDS:
            import difflib

            close = difflib.get_close_matches(name, BACKENDS, n=1)
            guess = f"; did you mean {close[0]!r}?" if close else "."
            raise InvalidSpec(
                "backend",
                f"unknown backend {name!r}{guess} Valid values: {', '.join(BACKENDS)}, a comma list of them, or all.",
            )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InvalidSpec(
            "backend",
            f"{', '.join(repeated)} is named more than once",
            "Name each backend once, e.g. --backend tensorflow,jax,torch.",
        )
    return BackendChoice(tuple(names))


def require_installed(backends: tuple[str, ...]) -> None:
    """Exit 3 with the install command for the first backend that is not installed."""
    for backend in backends:
        if not installed(backend):
            raise missing(backend)


def select(backend: str) -> None:
    """Make `backend` the one the first `import keras` in this process loads.

    Keras reads KERAS_BACKEND once, when it is first imported; a process that has
    already loaded it with another backend cannot switch (run another process).
    """
    loaded = sys.modules.get("keras")
    if loaded is not None:
        current = loaded.config.backend()
        if current != backend:
            raise EnvironmentProblem(
                f"Keras was already loaded with the {current} backend in this process, "
                f"so it cannot run on {backend}",
                "Keras reads KERAS_BACKEND once per process: run lstm-shapes in a fresh process "
                "(a comma list, --backend tensorflow,jax, runs each backend in its own).",
            )
        return
    os.environ[ENV] = backend


# --- devices -------------------------------------------------------------------------------------------


@functools.cache
def gpu_count(backend: str) -> int:
    """GPUs the backend sees (it must be importable; call after Keras is imported)."""
    if backend == "tensorflow":
        import tensorflow as tf

        return len(tf.config.list_logical_devices("GPU"))
    if backend == "jax":
        import jax

        try:
            return len(jax.devices("gpu"))
        except RuntimeError:  # "Unknown backend: 'gpu' requested ..."
            return 0
    import torch

    return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0


def no_gpu(backend: str) -> EnvironmentProblem:
    """--device gpu where the backend sees none: what to install, per backend."""
    if backend == "tensorflow":
        # The wording the TensorFlow-only tool always had (tests pin it).
        return EnvironmentProblem(
            "--device gpu was asked for, but TensorFlow sees no GPU on this machine",
            "On Linux with an NVIDIA driver: pip install 'tensorflow[and-cuda]'; "
            "or run with --device cpu (or auto).",
        )
    if backend == "jax":
        return EnvironmentProblem(
            "--device gpu was asked for, but JAX sees no GPU on this machine",
            "On Linux with an NVIDIA driver: pip install 'jax[cuda12]' (or jax[cuda13]); "
            "or run with --device cpu (or auto).",
        )
    import torch

    if torch.version.cuda is None:
        return EnvironmentProblem(
            f"--device gpu was asked for, but this PyTorch ({torch.__version__}) is built without CUDA",
            "Install a CUDA build of PyTorch (on Linux x86_64, PyPI's default: "
            "pip install --force-reinstall torch); or run with --device cpu (or auto).",
        )
    return EnvironmentProblem(
        f"--device gpu was asked for, but PyTorch (CUDA {torch.version.cuda}) sees no GPU on this machine",
        "Check the NVIDIA driver (nvidia-smi); or run with --device cpu (or auto).",
    )


def scope_name(backend: str, gpu: bool) -> str:
    """The name `keras.device` takes.

    PyTorch gets "cpu", not "cpu:0": Keras 3.15's torch backend moves each new
    variable `.to("cpu:0")`, which PyTorch treats as another device than the "cpu" the
    variable was made on, and the copy it makes of the integer seed state of every
    RNN cell then fails ("Only Tensors of floating point ... can require gradients").
    """
    if gpu:
        return "gpu:0"
    return "cpu" if backend == "torch" else "cpu:0"


def _device_label(kind: str, index: int | None) -> str:
    kind = {"cuda": "GPU", "gpu": "GPU", "rocm": "GPU"}.get(kind.lower(), kind.upper())
    return f"{kind}:{index or 0}"


def tensor_device(backend: str, tensor: Any) -> str:
    """Where a tensor really lives, as 'CPU:0' or 'GPU:0' on every backend."""
    if backend == "jax":
        devices = tensor.devices() if hasattr(tensor, "devices") else {tensor.device}
        return ", ".join(sorted(_device_label(d.platform, d.id) for d in devices))
    if backend == "torch":
        return _device_label(tensor.device.type, tensor.device.index)
    name = str(tensor.device)
    return name.rsplit("device:", 1)[-1] if "device:" in name else name


def backend_version(backend: str) -> str:
    module = __import__(backend)
    return str(module.__version__)


def synchronize(backend: str, tensors: list[Any]) -> None:
    """Wait until the device has finished computing `tensors` (GPU work is asynchronous)."""
    if backend == "jax":
        import jax

        block: Any = jax.block_until_ready  # untyped in jax's stubs
        block(tensors)
    elif backend == "torch":
        import torch

        if torch.cuda.is_available():
            torch.cuda.synchronize()
    else:
        import tensorflow as tf

        sync = getattr(getattr(tf.test, "experimental", None), "sync_devices", None)
        if sync is not None:
            sync()


@contextlib.contextmanager
def inference(backend: str) -> Iterator[None]:
    """PyTorch records every op for a backward pass unless told not to; a forward pass needs none."""
    if backend == "torch":
        import torch

        with torch.no_grad():
            yield
    else:
        yield


# --- kernel paths: the rules ---------------------------------------------------------------------------


def _argument_reasons(layer: LayerSpec) -> list[str]:
    """What keeps `cudnn_ok` false on every backend: the cell's settings."""
    reasons = []
    if layer.activation != "tanh":
        reasons.append(f"activation is {layer.activation}")
    if layer.setting("recurrent_activation") != "sigmoid":
        reasons.append(f"recurrent_activation is {layer.setting('recurrent_activation')}")
    if layer.unroll:
        reasons.append("unroll")
    if not layer.use_bias:
        reasons.append("use_bias is off")
    return reasons


def predict_kernel_path(name: str, layer: LayerSpec, backend: str, gpu: bool, gpus: int) -> KernelPath:
    """Which loop Keras 3.15.1 runs for `layer` on `backend`, computing on the GPU or not.

    `gpus` is how many GPUs the backend sees at all: TensorFlow's and JAX's cuDNN
    checks ask whether a GPU exists, not where the computation is placed.
    """
    if layer.cell is CellKind.SIMPLE_RNN:
        return KernelPath(name, GENERIC, ("SimpleRNN has no fused kernel",))
    if layer.recurrent_dropout > 0:
        # LSTM/GRU.inner_loop only try the backend's kernel when recurrent_dropout is 0.
        return KernelPath(name, GENERIC, ("recurrent_dropout > 0",))
    reasons = _argument_reasons(layer)
    gru = layer.cell is CellKind.GRU
    reset_after = bool(layer.setting("reset_after")) if gru else True
    if gru and not reset_after:
        reasons.append("reset_after is off")
    where = [] if gpu else (["device is CPU"] if gpus else ["no GPU"])
    if backend == "tensorflow":
        # tensorflow/rnn.py: cudnn_ok(...) and a GPU, else NotImplementedError -> generic loop.
        # On the CPU with a GPU present the layers are built with use_cudnn=False (observe).
        return (
            KernelPath(name, CUDNN)
            if not reasons and not where
            else KernelPath(name, GENERIC, (*reasons, *where))
        )
    if backend == "jax":
        if gru:
            # jax/rnn.py: gru() is a lax.scan with the input projections precomputed, on any
            # device, unless reset_after is off or unroll; JAX has no cuDNN GRU.
            if not reset_after or layer.unroll:
                return KernelPath(
                    name, GENERIC, tuple(r for r in reasons if r in ("reset_after is off", "unroll"))
                )
            return KernelPath(name, BACKEND_LOOP, ("JAX has no cuDNN GRU",))
        return (
            KernelPath(name, CUDNN)
            if not reasons and not where
            else KernelPath(name, GENERIC, (*reasons, *where))
        )
    # torch/rnn.py: lstm() and gru() (reset_after only) run cuDNN on CUDA tensors when
    # cudnn_ok, else their own loop; gru() without reset_after falls to the generic loop.
    if gru and not reset_after:
        return KernelPath(name, GENERIC, ("reset_after is off",))
    if not reasons and not where:
        return KernelPath(name, CUDNN)
    return KernelPath(name, BACKEND_LOOP, (*reasons, *where))


# --- kernel paths: what really ran ---------------------------------------------------------------------

# Keras's backend functions a recurrent layer may hand its loop to (keras.src.backend.X).
_KERNELS = ("lstm", "gru", "bidirectional_lstm", "bidirectional_gru")
# Helpers that only the cuDNN branch calls, where a backend's lstm()/gru() also has a non-cuDNN branch.
_CUDNN_HELPERS = {"torch": ("_cudnn_lstm", "_cudnn_gru")}


class PathRecorder:
    """Records which of Keras's backend kernels each layer's call really used.

    It wraps `keras.src.backend.lstm` and friends (what LSTM, GRU and Bidirectional
    call) and, on PyTorch, the cuDNN-only helpers, for the duration of one pass. A
    kernel that returned did the work; one that raised NotImplementedError declined,
    and Keras fell back to its generic loop.
    """

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.layer: str | None = None
        self.events: dict[str, list[str]] = {}
        self.working = False

    def _wrap(self, what: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            try:
                result = fn(*args, **kwargs)
            except NotImplementedError:
                self._note(f"{what} declined")
                raise
            self._note(f"{what} ran")
            return result

        return recorded

    def _note(self, event: str) -> None:
        if self.layer is not None:
            self.events.setdefault(self.layer, []).append(event)

    @contextlib.contextmanager
    def recording(self) -> Iterator[PathRecorder]:
        patched: list[tuple[Any, str, Any]] = []
        try:
            import importlib

            from keras.src import backend as keras_backend

            targets: list[tuple[Any, str, str]] = [(keras_backend, n, n) for n in _KERNELS]
            helpers = _CUDNN_HELPERS.get(self.backend, ())
            if helpers:
                module = importlib.import_module(f"keras.src.backend.{self.backend}.rnn")
                targets += [(module, n, "cudnn") for n in helpers]
            for owner, attr, what in targets:
                original = getattr(owner, attr, None)
                if callable(original):
                    setattr(owner, attr, self._wrap(what, original))
                    patched.append((owner, attr, original))
            self.working = len(patched) == len(targets)
        except ImportError:
            self.working = False
        try:
            yield self
        finally:
            for owner, attr, original in reversed(patched):
                setattr(owner, attr, original)

    @contextlib.contextmanager
    def on(self, layer: str) -> Iterator[None]:
        self.layer = layer
        try:
            yield
        finally:
            self.layer = None

    def observed(self, layer: str) -> str:
        """The path `layer` took, from what its call recorded."""
        ran = {event.split()[0] for event in self.events.get(layer, []) if event.endswith(" ran")}
        # The fused bidirectional kernels are cuDNN on every backend that has them.
        if "cudnn" in ran or ran & {"bidirectional_lstm", "bidirectional_gru"}:
            return CUDNN
        if self.backend == "torch":
            return BACKEND_LOOP if ran & {"lstm", "gru"} else GENERIC
        if self.backend == "jax":
            if "lstm" in ran:
                return CUDNN
            return BACKEND_LOOP if "gru" in ran else GENERIC
        return CUDNN if ran & {"lstm", "gru"} else GENERIC


def confirm(predicted: KernelPath, recorder: PathRecorder | None) -> KernelPath:
    """The predicted path, confirmed (or corrected) by what the recorder saw."""
    if recorder is None or not recorder.working:
        return predicted
    seen = recorder.observed(predicted.layer)
    if seen == predicted.path:
        return KernelPath(predicted.layer, seen, predicted.reasons, confirmed=True)
    note = f"the rules predicted {predicted.describe()}"
    return KernelPath(predicted.layer, seen, (note,), confirmed=True)
