"""The light half of the warm server: find this environment's server and hand it the request.

Runs before typer parses anything, so it imports only the standard library (no framework,
not even Rich unless a spinner must show). A request is data: argv, the working directory,
the variables that change the output, and what the terminal is. Without a usable server it
returns None and the command runs in this process, as it always did.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import socket
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from lstm_shapes.version import __version__

# Opting out: the flag (removed before typer sees it) or LSTM_SHAPES_SERVER=0.
NO_SERVER = "--no-server"
OPT_OUT_ENV = "LSTM_SHAPES_SERVER"
# Set by the shell's completion function (typer's --install-completion): Click answers it here,
# from the command's declarations alone; a server would run the arguments instead.
COMPLETION_ENV = "_LSTM_SHAPES_COMPLETE"
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
# The packages whose versions key the server: another version is another server.
KEYED_PACKAGES = ("keras", "tensorflow", "jax", "jaxlib", "torch", "numpy", "typer", "rich", "click")
# Largest request or reply line the other side reads, in bytes.
MAX_REQUEST = 1 << 20
MAX_REPLY = 256 << 20
SOCKET_NAME = "socket"
PID_NAME = "pid"


# --- where this environment's server lives --------------------------------------------------------


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
    identity = [sys.executable, __version__, package, sorted(installed_versions().items())]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:16]


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


# --- the wire: one JSON document per line ---------------------------------------------------------


def send_line(sock: socket.socket, message: Mapping[str, Any]) -> None:
    sock.sendall(json.dumps(message, separators=(",", ":")).encode() + b"\n")


def lines(sock: socket.socket, limit: int = MAX_REPLY) -> Iterator[dict[str, Any]]:
    """The JSON documents the other side sends, until it closes."""
    buffer = b""
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield json.loads(line)
        if len(buffer) > limit:
            raise ValueError("reply too large")


def connect(path: str, timeout: float = 5.0) -> socket.socket:
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
    with connect(socket_path(folder), timeout) as sock:
        sock.settimeout(timeout)
        send_line(sock, message)
        for reply in lines(sock):
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


# --- the request ------------------------------------------------------------------------------------


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


def opted_out(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    if environ.get(OPT_OUT_ENV, "").strip().lower() in ("0", "no", "off", "false"):
        return True
    if COMPLETION_ENV in environ:
        return True
    words = list(argv[: argv.index("--")]) if "--" in argv else list(argv)
    # `server ...` manages the server itself; it always runs here.
    return NO_SERVER in words or "server" in words


def without_flag(argv: Sequence[str]) -> list[str]:
    """argv without --no-server (the in-process path accepts it and drops it)."""
    if "--" in argv:
        cut = list(argv).index("--")
        return [a for a in argv[:cut] if a != NO_SERVER] + list(argv[cut:])
    return [a for a in argv if a != NO_SERVER]


# --- what the client shows ----------------------------------------------------------------------------


def _say(key: str, **values: object) -> str:
    """A message in the user's language (the locales load only on these rare paths)."""
    from lstm_shapes.locales import default_language, fill, words

    return fill(words(default_language()).errors[key], **values)


def _note(text: str) -> None:
    sys.stderr.write(f"lstm-shapes: {text}\n")
    sys.stderr.flush()


class Spinner:
    """The worker's spinner, drawn on this terminal: the same Rich status a cold run shows."""

    def __init__(self) -> None:
        self.status: Any = None
        self.terminal: Any = None
        self.text: str | None = None

    def show(self, text: str | None) -> None:
        self.text = text
        if text is None:
            self.stop()
            return
        if self.status is None:
            from rich.console import Console

            self.terminal = os.fdopen(os.dup(sys.stderr.fileno()), "w")
            self.status = Console(file=self.terminal).status(text, spinner="dots")
            self.status.start()
        else:
            self.status.update(text)

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None
        if self.terminal is not None:
            self.terminal.close()
            self.terminal = None

    def write(self, data: bytes) -> None:
        """Bytes for stderr while the run goes on: the spinner is cleared, then drawn again below."""
        text = self.text if self.status is not None else None
        self.stop()
        _write(sys.stderr, data)
        if text is not None:
            self.show(text)


def _write(stream: Any, data: bytes) -> None:
    stream.flush()
    target = getattr(stream, "buffer", None)
    if target is None:
        stream.write(data.decode("utf-8", "replace"))
    else:
        target.write(data)
    stream.flush()


def run_on(folder: str, argv: Sequence[str]) -> int | None:
    """Send the request to the server in `folder`: the exit code, or None to run it here."""
    try:
        sock = connect(socket_path(folder))
    except (ConnectionRefusedError, FileNotFoundError):
        pid = pid_of(folder)
        remove_stale(folder)
        _note(_say("server_stale", pid=pid or "?"))
        return None
    except OSError as exc:
        _note(_say("server_unreachable", reason=exc.strerror or exc))
        return None
    spinner = Spinner()
    got_result = False
    try:
        with sock:
            send_line(sock, build_request(argv))
            for message in lines(sock):
                if "spinner" in message:
                    spinner.show(message["spinner"])
                    continue
                if "stderr" in message:  # written before the result (a note before a long run)
                    spinner.write(base64.b64decode(message["stderr"]))
                    continue
                spinner.stop()
                if "error" in message:
                    got_result = True
                    sys.stderr.write(f"{message['error']}\n")
                    return int(message.get("code", 3))
                if "result" in message:
                    got_result = True
                    result = message["result"]
                    _write(sys.stdout, base64.b64decode(result["stdout"]))
                    _write(
                        sys.stderr, base64.b64decode(result["stderr"])[int(result.get("stderr_sent", 0)) :]
                    )
                    return int(result["code"])
    except KeyboardInterrupt:
        spinner.stop()
        if got_result:
            raise
        sys.stderr.write("Interrupted.\n")
        return 130
    except (OSError, ValueError):
        pass
    finally:
        spinner.stop()
    # The server went away mid-request (stopped or killed): the answer is still owed.
    _note(_say("server_lost"))
    return None


def served(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> int | None:
    """The exit code of the request as this environment's server ran it, or None: run it here."""
    env = os.environ if environ is None else environ
    if opted_out(argv, env):
        return None
    folder = runtime_dir(environ=env)
    state = private(folder, stat.S_ISDIR)
    if state == "absent":
        return None
    if state == "ok":
        state = private(socket_path(folder), stat.S_ISSOCK)
        if state == "absent":
            return None
    if state != "ok":
        _note(_say("server_untrusted", path=folder, why=state))
        return None
    return run_on(folder, argv)
