"""Where this environment's server lives, whether it can be trusted, how to reach it, its
settings and its words.

The folder is keyed by this Python, this lstm-shapes and the frameworks' versions, so
another environment has another server. Standard library only: the client reads it
before anything else is imported.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lstm_shapes.version import __version__

if TYPE_CHECKING:
    import socket

# The packages whose versions key the server: another version is another server.
KEYED_PACKAGES = ("keras", "tensorflow", "jax", "jaxlib", "torch", "numpy", "typer", "rich", "click")
SOCKET_NAME = "socket"
PID_NAME = "pid"
DEFAULT_IDLE_MINUTES = 30.0
DEFAULT_TIMEOUT = 1800.0
# Seconds a worker may take to load Keras and run its warm-up stack.
WARM_LIMIT = 300.0
LOG_NAME = "server.log"


def installed_versions(path: Sequence[str] | None = None) -> dict[str, str]:
    """Versions of KEYED_PACKAGES from their .dist-info folders on sys.path, first found wins.

    The same answer as importlib.metadata.version, without its 90 ms of imports: the
    folder names are `name-version.dist-info` with the name normalized (PEP 491).
    """
    found: dict[str, str] = {}
    for entry in path if path is not None else sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            stem = name.rsplit(".", 1)[0]
            package, _, version = stem.partition("-")
            package = package.lower().replace("-", "_").replace(".", "_")
            if package in KEYED_PACKAGES and package not in found:
                found[package] = version
    return found


def server_key() -> str:
    """The environment: this Python, this lstm-shapes (its version and its folder) and the frameworks."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    identity = repr([sys.executable, __version__, package, sorted(installed_versions().items())]).encode()
    # Two checksums, not a cryptographic hash: the folder is trusted for being private, not for
    # its name, and hashlib costs the light client more than the rest of its imports.
    return f"{zlib.crc32(identity):08x}{zlib.adler32(identity):08x}"


def runtime_dir(key: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """$XDG_RUNTIME_DIR/lstm-shapes-KEY, else a folder of this user's under the temp dir."""
    env = os.environ if environ is None else environ
    key = key or server_key()
    base = env.get("XDG_RUNTIME_DIR", "")
    if base and os.path.isabs(base):
        return os.path.join(base, f"lstm-shapes-{key}")
    temp = next((env[v] for v in ("TMPDIR", "TEMP", "TMP") if env.get(v)), "/tmp")
    return os.path.join(temp, f"lstm-shapes-{os.getuid()}-{key}")


def socket_path(folder: str) -> str:
    return os.path.join(folder, SOCKET_NAME)


def private(path: str, kind: Callable[[int], bool]) -> str:
    """'absent', 'ok', or why `path` must not be trusted: 'foreign', 'loose' or 'not-kind'.

    lstat, not stat: a symbolic link planted in its place is not followed.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "absent"
    except OSError:
        return "foreign"
    if not kind(info.st_mode):
        return "not-kind"
    if info.st_uid != os.getuid():
        return "foreign"
    if info.st_mode & 0o077:
        return "loose"
    return "ok"


def connect(path: str, timeout: float = 5.0) -> socket.socket:
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except BaseException:
        sock.close()
        raise
    sock.settimeout(None)
    return sock


def ask(folder: str, message: Mapping[str, Any], timeout: float = 10.0) -> dict[str, Any]:
    """One question to the server in `folder` (ping, status, stop) and its one answer."""
    from lstm_shapes.serve import framing

    with connect(socket_path(folder), timeout) as sock:
        sock.settimeout(timeout)
        framing.send_line(sock, message)
        for reply in framing.lines(sock):
            return reply
    raise ConnectionError("the server closed the connection without an answer")


def pid_of(folder: str) -> int | None:
    try:
        with open(os.path.join(folder, PID_NAME), encoding="ascii") as file:
            return int(file.read().strip())
    except (OSError, ValueError):
        return None


def remove_stale(folder: str) -> None:
    """A server killed with kill -9 leaves its socket: nobody listens there any more."""
    for name in (SOCKET_NAME, PID_NAME):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(folder, name))


# --- what the server says ---------------------------------------------------------------------


def error_words(environ: dict[str, str] | None = None) -> dict[str, str]:
    from lstm_shapes.locales import default_language, words

    return words(default_language(environ)).errors


def say(key: str, environ: dict[str, str] | None = None, **values: object) -> str:
    """A message in the user's language (the client's, for what goes back to a client)."""
    from lstm_shapes.locales import fill

    return fill(error_words(environ)[key], **values)


def error_line(key: str, environ: dict[str, str] | None = None, **values: object) -> str:
    return f"{error_words(environ).get('error', 'Error')}: {say(key, environ, **values)}"
