"""Importing Keras on the chosen backend, with every log channel of the framework silenced."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import warnings
from collections.abc import Iterator
from typing import Any

from lstm_shapes.errors import LstmShapesError
from lstm_shapes.observe import runtime
from lstm_shapes.spec.backend_choice import INSTALL, default_backend
from lstm_shapes.spec.refusals import environment

# Show the native log lines that the quiet mode swallows (for debugging the tool itself).
DEBUG_ENV = "LSTM_SHAPES_DEBUG"


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


# The frameworks Keras imports whatever the backend when they are installed: JAX through its
# Orbax checkpoint callback (and TensorFlow's TFLite converter), each guarded by an ImportError.
FRAMEWORK_PACKAGES = ("jax", "torch", "tensorflow")
# Optional packages Keras imports at import time for features this tool never uses, each
# guarded by an ImportError: pandas for DataFrame inputs (about 1 s, the largest single cost
# of `import keras` after TensorFlow itself), IPython for the saved-file editor's notebook view.
UNUSED_BY_US = ("pandas", "IPython")


def hidden_while_importing(backend: str) -> tuple[str, ...]:
    """The packages kept out while Keras loads on `backend`: the other frameworks and UNUSED_BY_US."""
    return (*(name for name in FRAMEWORK_PACKAGES if name != backend), *UNUSED_BY_US)


@contextlib.contextmanager
def _hidden(names: tuple[str, ...]) -> Iterator[None]:
    """Make `import NAME` fail for each of `names` not yet loaded, then undo it.

    Keras copes with each being absent (it tests for them); afterwards `import NAME` works
    as usual, so a later `--data` read with pandas, or a notebook, is unaffected. One
    already loaded (a notebook's IPython, pandas read a data file) is left alone.
    """
    blocked = [name for name in names if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


# This package's folder: a traceback whose innermost frame lies in it is a bug of ours.
_OURS = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def raised_by_framework(exc: BaseException) -> bool:
    """Whether Keras, its backend or the user's own model code raised `exc`, not lstm-shapes.

    Only such an exception is Keras's refusal of the user's input; one that never left our
    own code (every frame below the one that caught it is in this package or the standard
    library) is a bug of ours, and the CLI says so (exit 70, the traceback saved) instead of
    blaming the input. Every frame counts, not only the innermost: Keras filters its own
    frames out of the tracebacks it re-raises, so the innermost may be our wrapper.
    """
    import sysconfig

    tb = exc.__traceback__
    if tb is None:
        return True
    stdlib = sysconfig.get_paths()["stdlib"]
    files = []
    tb = tb.tb_next  # the frame that caught it is ours by construction
    while tb is not None:
        files.append(os.path.abspath(tb.tb_frame.f_code.co_filename))
        tb = tb.tb_next
    return any(not (f.startswith(_OURS) or f.startswith(stdlib)) for f in files)


def import_keras(backend: str | None = None) -> Any:
    """Import Keras on `backend` (default: KERAS_BACKEND, else tensorflow), every log channel down."""
    name = backend or default_backend()
    runtime.select(name)
    if "keras" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        if not os.environ.get(DEBUG_ENV):
            # TensorFlow's Python logger also speaks from __del__ at exit ("Object was never used").
            logging.getLogger("tensorflow").disabled = True
    try:
        with quiet_native_stderr(), _hidden(hidden_while_importing(name)):
            import keras
    except ImportError as exc:
        raise environment(
            "keras_import_failed", backend=name, reason=str(exc), install=INSTALL[name]
        ) from exc
    with contextlib.suppress(ImportError):
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    return keras


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (at most 300 characters), or its class's name."""
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def out_of_memory(exc: BaseException, placement: str, prefix: str = "") -> LstmShapesError | None:
    """A device's out-of-memory error as ours (`<prefix>out_of_memory_on`), or None if it is not one.

    TensorFlow raises ResourceExhaustedError, PyTorch OutOfMemoryError, JAX an XlaRuntimeError
    whose message says RESOURCE_EXHAUSTED.
    """
    if type(exc).__name__ not in ("ResourceExhaustedError", "OutOfMemoryError") and (
        "RESOURCE_EXHAUSTED" not in str(exc)
    ):
        return None
    return environment(
        f"{prefix}out_of_memory_on",
        hint_key=f"{prefix}out_of_memory_hint",
        device=placement,
        reason=first_line(exc),
    )
