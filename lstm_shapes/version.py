"""The version, where every layer can read it without importing the package's API; and what
`lstm-shapes --version` says: this package, Python, Keras and the backend Keras would run on.

Nothing here imports a framework, the locales or the rest of the package: the versions come
from the installed packages' metadata, so `--version` costs little more than starting Python.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

__version__ = "0.1.0"

# The Keras backends we run on, the variable that picks one, and the one used when it is unset.
# The tool always sets KERAS_BACKEND before importing Keras, so ~/.keras/keras.json never decides.
BACKENDS = ("tensorflow", "jax", "torch")
BACKEND_ENV = "KERAS_BACKEND"
DEFAULT_BACKEND = "tensorflow"
ABSENT = "—"


def chosen_backend(environ: Mapping[str, str] | None = None) -> str:
    """KERAS_BACKEND as given (stripped), else tensorflow; `model.backend` refuses a bad name."""
    env = os.environ if environ is None else environ
    return env.get(BACKEND_ENV, "").strip() or DEFAULT_BACKEND


def installed_version(package: str) -> str | None:
    """The installed distribution's version, read from its metadata (the package is not imported)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def version_lines(environ: Mapping[str, str] | None = None) -> list[str]:
    """What --version prints, one fact a line; a package that is not installed shows '—'.

    lstm-shapes 0.1.0
    Python 3.11.7
    Keras 3.15.1
    backend tensorflow 2.21.0            (KERAS_BACKEND unset: the default)
    backend jax 0.4.30 (KERAS_BACKEND)   (chosen by the variable)
    """
    env = os.environ if environ is None else environ
    backend = chosen_backend(env)
    python = ".".join(str(part) for part in sys.version_info[:3])
    lines = [
        f"lstm-shapes {__version__}",
        f"Python {python}",
        f"Keras {installed_version('keras') or ABSENT}",
    ]
    if backend in BACKENDS:
        found = installed_version(backend) or ABSENT
        source = f" ({BACKEND_ENV})" if env.get(BACKEND_ENV, "").strip() else ""
        lines.append(f"backend {backend} {found}{source}")
    else:  # a name Keras would not know: said as it is, and refused when a run needs it
        lines.append(f"backend {ABSENT} ({BACKEND_ENV}={backend!r}: {', '.join(BACKENDS)})")
    return lines
