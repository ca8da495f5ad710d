"""What a request is: the data a client sends (argv, working directory, the variables and the
terminal that change the output), checked by the server before any of it is used.

The client builds it, the server validates it and picks the worker it goes to, the worker
recreates the client's world from it. Standard library only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any

# Variables that change what a run prints; every LC_* is sent too.
FORWARDED = (
    "LANG",
    "LANGUAGE",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
    "TERM",
    "COLORTERM",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "KERAS_BACKEND",
    "LSTM_SHAPES_DEBUG",
)
# Variables a framework reads once, when it is imported: a worker is started per set of values.
IMPORT_TIME = ("CUDA_VISIBLE_DEVICES", "JAX_PLATFORMS", "XLA_FLAGS", "TF_ENABLE_ONEDNN_OPTS")


def terminal_sizes() -> dict[str, list[int]]:
    """The size of each of descriptors 0, 1, 2 that is a terminal (Rich and click ask these)."""
    sizes = {}
    for fd in (0, 1, 2):
        try:
            size = os.get_terminal_size(fd)
        except OSError:
            continue
        sizes[str(fd)] = [size.columns, size.lines]
    return sizes


def _tty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError):
        return False


def _encoding(stream: Any) -> list[str]:
    return [getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None) or "strict"]


def build_request(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    env = os.environ if environ is None else environ
    sent = {name: env[name] for name in env if name in FORWARDED or name.startswith("LC_")}
    return {
        "op": "run",
        "argv": list(argv),
        "cwd": os.getcwd(),
        "env": sent,
        "import_env": {name: env[name] for name in IMPORT_TIME if name in env},
        "tty": {"stdin": _tty(sys.stdin), "stdout": _tty(sys.stdout), "stderr": _tty(sys.stderr)},
        "terminal": terminal_sizes(),
        "encoding": {"stdout": _encoding(sys.stdout), "stderr": _encoding(sys.stderr)},
    }


class BadRequest(Exception):
    pass


def _strings(value: object, what: str) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise BadRequest(f"{what} must map names to strings")


def validate(request: object) -> dict[str, Any]:
    """A run request is plain data of known shape; anything else is refused, never evaluated."""
    if not isinstance(request, dict):
        raise BadRequest("a request is a JSON object")
    argv, cwd = request.get("argv"), request.get("cwd")
    if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
        raise BadRequest("argv must be a list of strings")
    if not isinstance(cwd, str) or not os.path.isabs(cwd):
        raise BadRequest("cwd must be an absolute path")
    env = request.get("env", {})
    _strings(env, "env")
    if any(not (n in FORWARDED or n.startswith("LC_")) for n in env):
        raise BadRequest("env may only hold the forwarded variables")
    import_env = request.get("import_env", {})
    _strings(import_env, "import_env")
    if any(n not in IMPORT_TIME for n in import_env):
        raise BadRequest("import_env may only hold the import-time variables")
    tty = request.get("tty", {})
    if not isinstance(tty, dict) or not all(
        isinstance(tty.get(s, False), bool) for s in ("stdin", "stdout", "stderr")
    ):
        raise BadRequest("tty must map stdin, stdout and stderr to true or false")
    terminal = request.get("terminal", {})
    if not isinstance(terminal, dict) or not all(
        k in ("0", "1", "2")
        and isinstance(v, list)
        and len(v) == 2
        and all(isinstance(n, int) and 0 < n < 100_000 for n in v)
        for k, v in terminal.items()
    ):
        raise BadRequest("terminal must map descriptors 0-2 to [columns, lines]")
    encoding = request.get("encoding", {})
    if not isinstance(encoding, dict) or not all(
        k in ("stdout", "stderr")
        and isinstance(v, list)
        and len(v) == 2
        and all(isinstance(s, str) for s in v)
        for k, v in encoding.items()
    ):
        raise BadRequest("encoding must map stdout and stderr to [encoding, errors]")
    return {
        "argv": argv,
        "cwd": cwd,
        "env": env,
        "import_env": import_env,
        "tty": {s: bool(tty.get(s, False)) for s in ("stdin", "stdout", "stderr")},
        "terminal": terminal,
        "encoding": encoding,
    }
