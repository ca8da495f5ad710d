"""Which Keras backend runs a stack, and how: the names, the choice --backend makes, run options.

Plain data and functions: nothing here imports a framework (whether a backend is
installed is asked of the import system, without importing it).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import Any

from lstm_shapes.errors import EnvironmentProblem
from lstm_shapes.locales import Phrase
from lstm_shapes.spec.refusals import environment, invalid, unknown
from lstm_shapes.version import BACKEND_ENV, DEFAULT_BACKEND, chosen_backend
from lstm_shapes.version import BACKENDS as BACKENDS

# The names, the variable and the default live with the version, which --version reads cheaply.
DEFAULT = DEFAULT_BACKEND
ENV = BACKEND_ENV
ALL = "all"
# What to run to get each backend: the extra of this package, and the bare package.
INSTALL: dict[str, str] = {
    "tensorflow": "pip install tensorflow",
    "jax": Phrase("install_or", install="pip install 'lstm-shapes[jax]'", plain="pip install jax"),
    "torch": Phrase("install_or", install="pip install 'lstm-shapes[torch]'", plain="pip install torch"),
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

    def describe(self) -> Phrase:
        """'cuDNN' or 'generic loop: recurrent_dropout > 0, no GPU', in words."""
        name = Phrase(self.path)
        return Phrase("path_why", path=name, reasons=list(self.reasons)) if self.reasons else name

    def to_json(self) -> dict[str, Any]:
        return {
            "fast": self.fast,
            "path": self.path,
            "reasons": list(self.reasons),
            "confirmed": self.confirmed,
        }


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
class Plan:
    """The kernel paths a stack would take on one backend and device, predicted without running."""

    backend: str
    device: str
    paths: tuple[KernelPath, ...]


# --- choosing a backend -------------------------------------------------------------------------------


def default_backend() -> str:
    """KERAS_BACKEND when it names one of ours, else tensorflow."""
    value = chosen_backend()
    if value not in BACKENDS:
        raise invalid("backend", "backend_env", env=ENV, value=value, valid=", ".join(BACKENDS))
    return value


def installed(backend: str) -> bool:
    """Whether the backend's package can be imported, without importing it."""
    try:
        return importlib.util.find_spec(backend) is not None
    except (ImportError, ValueError):
        return False


def missing(backend: str) -> EnvironmentProblem:
    return environment("backend_missing", backend=backend, label=LABEL[backend], install=INSTALL[backend])


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
        raise invalid("backend", "backend_empty", text=text, valid=", ".join(BACKENDS))
    if ALL in names:
        if names != [ALL]:
            raise invalid("backend", "backend_all_mixed")
        if not resolve_all:
            return BackendChoice(BACKENDS)
        found = tuple(b for b in BACKENDS if installed(b))
        return BackendChoice(found, tuple(b for b in BACKENDS if b not in found))
    for name in names:
        if name not in BACKENDS:
            raise unknown("backend", "backend_unknown", name, BACKENDS, named="name")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise invalid("backend", "backend_repeated", names=", ".join(repeated))
    return BackendChoice(tuple(names))


def require_installed(backends: tuple[str, ...]) -> None:
    """Exit 3 with the install command for the first backend that is not installed."""
    for backend in backends:
        if not installed(backend):
            raise missing(backend)
