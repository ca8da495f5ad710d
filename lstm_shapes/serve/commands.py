"""`lstm-shapes server start|stop|status`: the server's own commands, added to the cli's app here.

The cli knows nothing of them; `with_server` adds them to its app for the console script
and for the worker, so `lstm-shapes --help` is the same served or not.
"""

import contextlib
import os
import signal
import stat
import sys
import time
from typing import Annotated, Any

import typer

from lstm_shapes.cli.sections import later
from lstm_shapes.errors import EnvironmentProblem, ExitCode
from lstm_shapes.serve import place
from lstm_shapes.serve.place import (
    DEFAULT_IDLE_MINUTES,
    DEFAULT_TIMEOUT,
    LOG_NAME,
    WARM_LIMIT,
    error_words,
    say,
)

server_app = typer.Typer(
    name="server",
    help=(
        "A warm server that keeps Keras loaded, so each run skips the framework import. "
        "While it runs, lstm-shapes and lstm-shapes check are served by it; --no-server "
        "(or LSTM_SHAPES_SERVER=0) runs in this process."
    ),
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=True,
)


# --- the folder ----------------------------------------------------------------------------------------


def _remove(path: str) -> None:
    import shutil

    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def prepare_folder(folder: str) -> None:
    """A 0700 folder of this user's at `folder`: anything looser, or not a folder, is replaced."""
    state = place.private(folder, stat.S_ISDIR)
    if state == "foreign":
        raise EnvironmentProblem(say("server_foreign", path=folder), say("server_foreign_hint"))
    if state in ("loose", "not-kind"):
        _remove(folder)
        state = "absent"
    if state == "absent":
        os.makedirs(os.path.dirname(folder), exist_ok=True)
        os.mkdir(folder, 0o700)
    os.chmod(folder, 0o700)
    sock = place.socket_path(folder)
    if place.private(sock, stat.S_ISSOCK) in ("loose", "not-kind", "foreign"):
        _remove(sock)


def alive(folder: str) -> dict[str, Any] | None:
    """The running server's answer to a ping, or None (a stale socket is removed)."""
    if place.private(place.socket_path(folder), stat.S_ISSOCK) != "ok":
        return None
    try:
        return place.ask(folder, {"op": "ping"})
    except (ConnectionRefusedError, FileNotFoundError):
        place.remove_stale(folder)
        return None
    except (OSError, ValueError):
        return None


# --- the commands --------------------------------------------------------------------------------------


def _fail(error: EnvironmentProblem) -> None:
    typer.echo(f"{error_words().get('error', 'Error')}: {error.message}", err=True)
    if error.hint:
        typer.echo(error.hint, err=True)
    raise typer.Exit(int(error.exit_code))


def _default_backend() -> str:
    from lstm_shapes.spec.backend_choice import BACKENDS, ENV

    name = os.environ.get(ENV, "").strip().lower()
    return name if name in BACKENDS else "tensorflow"


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        time.sleep(0.05)
    return False


@server_app.command()
def start(
    idle: Annotated[
        float, typer.Option(help="Exit after this many minutes without a request.", min=0.0)
    ] = DEFAULT_IDLE_MINUTES,
    timeout: Annotated[
        float,
        typer.Option(help="Seconds one request may run before its worker is replaced as hung.", min=0.1),
    ] = DEFAULT_TIMEOUT,
    warm: Annotated[
        str | None,
        typer.Option(
            metavar="NAME[,NAME...]",
            help="Backends to load at once (default: $KERAS_BACKEND, else tensorflow); others load on first use.",
            show_default=False,
        ),
    ] = None,
    wait: Annotated[bool, typer.Option(help="Return only once the warm backends have loaded Keras.")] = True,
) -> None:
    """Start this environment's server in the background (nothing happens if it already runs)."""
    import subprocess

    from lstm_shapes.spec.backend_choice import BACKENDS

    backends = [b.strip().lower() for b in (warm or _default_backend()).split(",") if b.strip()]
    unknown = [b for b in backends if b not in (*BACKENDS, "none")]
    if unknown:
        _fail(EnvironmentProblem(say("server_unknown_backend", name=unknown[0], valid=", ".join(BACKENDS))))
    backends = [b for b in backends if b != "none"]
    folder = place.runtime_dir()
    try:
        prepare_folder(folder)
    except EnvironmentProblem as error:
        _fail(error)
    running = alive(folder)
    if running is not None:
        typer.echo(say("server_already", pid=running["pid"], socket=place.socket_path(folder)))
        return
    with open(os.path.join(folder, LOG_NAME), "ab") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lstm_shapes.serve.server",
                folder,
                str(idle),
                str(timeout),
                ",".join(backends),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
            cwd="/",
        )
    deadline = time.monotonic() + 20
    while alive(folder) is None:
        if process.poll() is not None or time.monotonic() > deadline:
            _fail(EnvironmentProblem(say("server_no_start", log=os.path.join(folder, LOG_NAME))))
        time.sleep(0.05)
    if wait and backends:
        deadline = time.monotonic() + WARM_LIMIT
        while True:
            status = place.ask(folder, {"op": "status"})
            states = {w["backend"]: w["state"] for w in status["workers"] if not w["import_env"]}
            if all(states.get(b) == "warm" for b in backends):
                break
            if any(states.get(b) == "gone" for b in backends) or time.monotonic() > deadline:
                _fail(EnvironmentProblem(say("server_no_warm", log=os.path.join(folder, LOG_NAME))))
            time.sleep(0.1)
    typer.echo(
        say(
            "server_started",
            pid=process.pid,
            socket=place.socket_path(folder),
            warm=", ".join(backends) or "-",
        )
    )


@server_app.command()
def stop() -> None:
    """Stop this environment's server: its workers end and its socket is removed."""
    folder = place.runtime_dir()
    running = alive(folder)
    if running is None:
        typer.echo(say("server_none", socket=place.socket_path(folder)))
        return
    with contextlib.suppress(OSError, ValueError):
        place.ask(folder, {"op": "stop"})
    pid = int(running["pid"])
    if not _wait_gone(pid, 15):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, 5)
        place.remove_stale(folder)
    typer.echo(say("server_stopped", pid=pid))


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m {secs}s" if hours else f"{minutes}m {secs}s" if minutes else f"{secs}s"


@server_app.command()
def status(
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the status as one JSON document.")
    ] = False,
) -> None:
    """Whether this environment's server runs: pid, uptime, requests served, memory, backends warm."""
    import json

    folder = place.runtime_dir()
    running = alive(folder)
    info = None
    if running is not None:
        with contextlib.suppress(OSError, ValueError):
            info = place.ask(folder, {"op": "status"})
    if info is None:
        if json_output:
            typer.echo(json.dumps({"running": False, "socket": place.socket_path(folder)}))
        else:
            typer.echo(say("server_none", socket=place.socket_path(folder)))
        raise typer.Exit(int(ExitCode.CHECK_FAILED))
    if json_output:
        typer.echo(json.dumps({"running": True, **info}, indent=2))
        return
    backends = [
        f"{w['backend']} {w['state']}{' busy' if w['busy'] else ''} (pid {w['pid']}, {w['memory_mib']:.0f} MiB, "
        f"{w['requests']} requests)"
        for w in info["workers"]
    ]
    rows = [
        ("pid", str(info["pid"])),
        ("uptime", _duration(info["uptime_seconds"])),
        ("requests", str(info["requests"])),
        ("memory", f"{info['memory_mib']:.0f} MiB (server {info['server_memory_mib']:.0f} MiB)"),
        ("backends", "; ".join(backends) or "-"),
        ("socket", info["socket"]),
        ("idle", say("server_idle_exit", minutes=f"{info['idle_minutes']:g}")),
    ]
    typer.echo(say("server_running"))
    for name, value in rows:
        typer.echo(f"  {name:<9} {value}")


def with_server(app: typer.Typer) -> typer.Typer:
    """`app` with the `server` group added (once: the worker and the console both ask), built by
    typer only when it is used (cli/sections.py), as the app's own commands are."""
    later("server", lambda: typer.main.get_command(server_app))
    return app
