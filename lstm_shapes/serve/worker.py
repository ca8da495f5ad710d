"""One warm worker of the server: Keras loaded once, then request after request, each from a clean state.

`python -m lstm_shapes.serve.worker BACKEND`, started by the server, talks to it over its
stdin and stdout (one JSON document per line, `framing`); descriptors 0 and 1 themselves are pointed at
/dev/null, so nothing a library prints can corrupt that channel. Each request runs the same
typer app an in-process run does (with the `server` group, as the console has it), with the client's variables, working directory, terminal
size and tty flags, and returns stdout, stderr and the exit code byte for byte.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from typing import IO, Any

from lstm_shapes.serve import framing
from lstm_shapes.serve.protocol import FORWARDED
from lstm_shapes.spec.backend_choice import ENV

# The smallest run, once at start, so the first real request finds every lazy import done.
WARM_UP = ["--batch", "1", "--window", "2", "--units", "1", "--device", "cpu"]


class Stream(io.TextIOWrapper):
    """A captured stream that answers isatty() as the client's own stream would."""

    def __init__(self, buffer: io.BytesIO, encoding: str, errors: str, tty: bool, name: str) -> None:
        super().__init__(buffer, encoding=encoding, errors=errors, write_through=True)
        self._tty = tty
        self._name = name

    def isatty(self) -> bool:
        return self._tty

    @property
    def name(self) -> str:
        return self._name


class Forwarded(io.BytesIO):
    """A captured stream's bytes; each write is also handed to `forward` at once.

    So a note written before a long run (stderr) reaches the client's terminal when a
    local run would show it, not only with the result, and not never after a Ctrl-C.
    """

    def __init__(self, forward: Callable[[bytes], None] | None) -> None:
        super().__init__()
        self.forward = forward
        self.sent = 0

    def write(self, data: Any) -> int:
        written = super().write(data)
        if self.forward is not None and written:
            self.forward(bytes(data))
            self.sent += written
        return written


def _codec(request: dict[str, Any], stream: str) -> tuple[str, str]:
    encoding, errors = request.get("encoding", {}).get(stream, ["utf-8", "strict"])
    try:
        import codecs

        codecs.lookup(encoding)
        codecs.lookup_error(errors)
    except LookupError:
        return "utf-8", "strict"
    return str(encoding), str(errors)


@contextlib.contextmanager
def client_environment(request: dict[str, Any]) -> Iterator[None]:
    """os.environ, the working directory and the terminal as the client has them, then back."""
    env: dict[str, str] = request["env"]
    names = {n for n in (*os.environ, *env) if n in FORWARDED or n.startswith("LC_")}
    saved_env = {n: os.environ.get(n) for n in names}
    saved_cwd = os.getcwd()
    sizes = {int(fd): os.terminal_size(tuple(size)) for fd, size in request["terminal"].items()}
    real_size = os.get_terminal_size

    def terminal_size(fd: int = 1) -> os.terminal_size:
        if fd in sizes:
            return sizes[fd]
        raise OSError(25, "Inappropriate ioctl for device")

    for name in names:
        if name in env:
            os.environ[name] = env[name]
        else:
            os.environ.pop(name, None)
    os.get_terminal_size = terminal_size
    try:
        os.chdir(request["cwd"])
        yield
    finally:
        os.get_terminal_size = real_size
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _exit_code(code: object, err: IO[str]) -> int:
    """What sys.exit(code) makes of its argument, as the interpreter does it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)
    return 1


def run_child_job(job: str, env: dict[str, str] | None = None, cwd: str = "/") -> int:
    """One backend's job of a `--backend a,b` run, here (Keras is loaded on that backend).

    What `python -m lstm_shapes.report.child JOB` would do in a fresh process: its exit
    code, and its result in the job's result file; what it prints is not read, as there.
    """
    from lstm_shapes.observe.session import fresh_state
    from lstm_shapes.report import child

    sink = io.StringIO()
    try:
        fresh_state()
        with contextlib.ExitStack() as stack:
            if env is not None:
                stack.enter_context(client_environment({"env": env, "cwd": cwd, "terminal": {}}))
            stack.enter_context(contextlib.redirect_stdout(sink))
            stack.enter_context(contextlib.redirect_stderr(sink))
            return child.main([job])
    except KeyboardInterrupt:
        return 130
    except Exception:
        return 1


def child_runner(
    backend: str, send: Callable[[dict[str, Any]], None], receive: Callable[[], bytes]
) -> Callable[[str, str], int | None]:
    """How this worker runs a backend list's jobs: its own backend here, others on their warm workers.

    A job for another backend is one line to the server, which runs it on that backend's
    worker and answers with the exit code (null: run it in a fresh process after all).
    """

    def run(job_backend: str, job: str) -> int | None:
        if job_backend == backend:
            saved = os.environ.get(ENV)
            os.environ[ENV] = backend  # as the fresh child's environment has it
            try:
                return run_child_job(job)
            finally:
                if saved is None:
                    os.environ.pop(ENV, None)
                else:
                    os.environ[ENV] = saved
        send({"child": {"backend": job_backend, "job": job}})
        try:
            answer = framing.decode(receive())
        except ValueError:  # the server is gone
            return None
        code = answer.get("code") if isinstance(answer, dict) else None
        return code if isinstance(code, int) else None

    return run


def run_request(
    request: dict[str, Any],
    spinner: Callable[[str | None], None] | None,
    children: Callable[[str, str], int | None] | None = None,
    stream: Callable[[bytes], None] | None = None,
) -> dict[str, Any]:
    """One command, in this process, as the client's own process would have run it.

    `stream` gets stderr's bytes as they are written; the result holds all of them too,
    and how many were already streamed (`stderr_sent`).
    """
    from lstm_shapes.cli.app import app
    from lstm_shapes.cli.host import Host
    from lstm_shapes.observe.session import fresh_state
    from lstm_shapes.serve.commands import with_server

    fresh_state()
    out, err = io.BytesIO(), Forwarded(stream)
    tty = request["tty"]
    stdout = Stream(out, *_codec(request, "stdout"), tty=bool(tty["stdout"]), name="<stdout>")
    stderr = Stream(err, *_codec(request, "stderr"), tty=bool(tty["stderr"]), name="<stderr>")
    stdin = Stream(io.BytesIO(), "utf-8", "strict", tty=bool(tty["stdin"]), name="<stdin>")
    saved = sys.stdin, sys.stdout, sys.stderr
    host = Host(spinner=spinner, children=children)
    code = 0
    try:
        with client_environment(request):
            sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
            try:
                with_server(app)(args=list(request["argv"]), prog_name="lstm-shapes", obj=host)
            except SystemExit as exc:
                code = _exit_code(exc.code, stderr)
            except KeyboardInterrupt:
                stderr.write("Interrupted.\n")
                code = 130
            except Exception:
                traceback.print_exc(file=stderr)
                code = 1
            finally:
                stdout.flush()
                stderr.flush()
    except OSError as exc:  # the client's working directory is gone, or not ours to enter
        err.write(f"Error: cannot enter {request['cwd']}: {exc.strerror or exc}\n".encode())
        code = 3
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return {
        "stdout": base64.b64encode(out.getvalue()).decode("ascii"),
        "stderr": base64.b64encode(err.getvalue()).decode("ascii"),
        "stderr_sent": err.sent,
        "code": code,
    }


def take_channel() -> tuple[io.BufferedReader[io.FileIO], io.FileIO]:
    """The server's pipes, moved off descriptors 0 and 1, which then point at /dev/null."""
    reader = io.BufferedReader(io.FileIO(os.dup(0), "rb"))
    writer = io.FileIO(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.close(devnull)
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return reader, writer


def main(argv: list[str]) -> int:
    backend = argv[0] if argv else "tensorflow"
    # The server ignores SIGINT, and children inherit that: a Ctrl-C'd request must stop here.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    reader, writer = take_channel()

    def send(message: dict[str, Any]) -> None:
        writer.write(framing.encode(message))

    started = time.monotonic()
    from lstm_shapes.observe.session import settle, warm

    try:
        warm(backend)
        run_request(
            {
                "argv": WARM_UP,
                "cwd": os.getcwd(),
                "env": {},
                "terminal": {},
                "tty": dict.fromkeys(("stdin", "stdout", "stderr"), False),
            },
            None,
        )
        settle()
    except Exception as exc:
        send({"failed": f"{type(exc).__name__}: {exc}"})
        return 3
    send({"ready": True, "pid": os.getpid(), "seconds": round(time.monotonic() - started, 3)})
    while True:
        try:
            line = reader.readline()
            if not line:
                return 0
            request = framing.decode(line)
            if request.get("op") == "child":  # one backend's job of another worker's backend list
                send({"done": run_child_job(str(request["job"]), dict(request["env"]), str(request["cwd"]))})
                continue
            children = child_runner(backend, send, reader.readline)
            result = run_request(
                request,
                lambda text: send({"spinner": text}),
                children,
                lambda data: send({"stderr": base64.b64encode(data).decode("ascii")}),
            )
            send({"result": result})
        except KeyboardInterrupt:
            # A Ctrl-C meant for a request that had already finished: nothing to stop.
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
