"""The warm server: served runs are byte for byte in-process runs, and the server is safe and robust.

Every test starts and stops its own servers in a temporary XDG_RUNTIME_DIR and leaves no
process behind. Most requests are sent over the socket by `serve()` below, as the client
builds them for a non-terminal, so that comparing dozens of runs costs no process starts;
a few tests run the real client (`python -m lstm_shapes`) in a subprocess.
"""

from __future__ import annotations

import base64
import contextlib
import importlib.metadata
import json
import os
import re
import shlex
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import PLAIN_ENV, Invoke
from hypothesis import HealthCheck, given, settings
from test_docs import DOCS, TUTORIAL, code_blocks
from test_fuzz import PLAIN_ENV as FUZZ_ENV
from test_fuzz import command_lines
from test_golden import CANONICAL
from test_learning import ENV as EXPLAIN_ENV
from test_learning import GOLDEN_PREDICTED, GOLDEN_RUN

from lstm_shapes.serve import client, framing, place, protocol

ROOT = Path(__file__).resolve().parents[1]
NOBODY = 65534
# A stack that runs for minutes on a CPU: 40,000 steps one after another.
ENDLESS = ["--batch", "1", "--window", "40000", "--units", "2", "--device", "cpu"]


@dataclass
class Server:
    env: dict[str, str]
    folder: str

    def cli(
        self, *args: str, extra: dict[str, str | None] | None = None, **kw: Any
    ) -> subprocess.CompletedProcess[bytes]:
        env = {**self.env, **{k: v for k, v in (extra or {}).items() if v is not None}}
        for k, v in (extra or {}).items():
            if v is None:
                env.pop(k, None)
        return subprocess.run(
            [sys.executable, "-m", "lstm_shapes", *args], env=env, capture_output=True, timeout=300, **kw
        )

    def status(self) -> dict[str, Any]:
        """What `server status --json` prints, asked over the socket (no process to start)."""
        return {"running": True, **exchange(self.folder, {"op": "status"})[0]}


def start_server(run_dir: Path, *options: str) -> Server:
    os.chmod(run_dir, 0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("LSTM_SHAPES_SERVER", "KERAS_BACKEND")}
    env["XDG_RUNTIME_DIR"] = str(run_dir)
    env["PYTHONPATH"] = str(ROOT)
    server = Server(env, place.runtime_dir(environ=env))
    done = server.cli("server", "start", *options)
    assert done.returncode == 0, done.stderr.decode()
    return server


def stop_server(server: Server) -> None:
    pid = place.pid_of(server.folder)
    server.cli("server", "stop")
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def running(run_dir: Path, *options: str) -> Iterator[Server]:
    server = start_server(run_dir, *options)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def fragile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The fault tests' server (a 4 s limit), shared by them. Started with --no-wait before the
    warm one, so its worker loads Keras while the byte-for-byte tests run."""
    with running(tmp_path_factory.mktemp("fragile"), "--timeout", "4", "--no-wait") as server:
        yield server


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory, fragile: Server) -> Iterator[Server]:
    """The server most tests share: isolation is not their point (each request starts clean)."""
    with running(tmp_path_factory.mktemp("run"), "--timeout", "120") as server:
        yield server


def forwarded(env: dict[str, str | None]) -> dict[str, str]:
    """What the client would send from this process's environment with `env` applied."""
    merged: dict[str, str | None] = {**os.environ, **env}
    return {
        k: v for k, v in merged.items() if v is not None and (k in protocol.FORWARDED or k.startswith("LC_"))
    }


def request(argv: list[str], variables: dict[str, str | None], **overrides: Any) -> dict[str, Any]:
    message: dict[str, Any] = {
        "op": "run",
        "argv": argv,
        "cwd": str(ROOT),
        "env": forwarded(variables),
        "import_env": {},
        "tty": {"stdin": False, "stdout": False, "stderr": False},
        "terminal": {},
        "encoding": {"stdout": ["utf-8", "strict"], "stderr": ["utf-8", "strict"]},
    }
    message.update(overrides)
    return message


def exchange(folder: str, message: dict[str, Any] | bytes) -> list[dict[str, Any]]:
    with place.connect(place.socket_path(folder), timeout=10) as sock:
        sock.settimeout(300)
        if isinstance(message, bytes):
            sock.sendall(message)
        else:
            framing.send_line(sock, message)
        return list(framing.lines(sock))


def serve(
    folder: str, argv: list[str], env: dict[str, str | None], **overrides: Any
) -> tuple[bytes, bytes, int]:
    replies = exchange(folder, request(argv, env, **overrides))
    result = replies[-1]["result"]
    return base64.b64decode(result["stdout"]), base64.b64decode(result["stderr"]), int(result["code"])


def in_process(invoke: Invoke, argv: list[str], env: dict[str, str | None]) -> tuple[bytes, bytes, int]:
    result = invoke(*argv, env=env)
    return result.stdout_bytes, result.stderr_bytes, result.exit_code


# `check` times each case: the one column no two runs share.
TIMES = re.compile(rb"\b\d+(\.\d+)? ?m?s\b")


def assert_same(warm: Server, invoke: Invoke, argv: list[str], env: dict[str, str | None]) -> None:
    full = {**PLAIN_ENV, **env}
    served = serve(warm.folder, argv, full)
    if {"-h", "--help"} & set(argv):
        # CliRunner forces click's help to 80 columns; a real process wraps at 78: compare with one.
        done = warm.cli(*argv, "--no-server", extra=full)
        assert served == (done.stdout, done.stderr, done.returncode), shlex.join(argv)
        return
    cold = in_process(invoke, argv, full)
    if "check" in argv:
        served, cold = (
            tuple(TIMES.sub(b"T", o) if isinstance(o, bytes) else o for o in x) for x in (served, cold)
        )
    assert served == cold, shlex.join(argv)


# --- byte for byte ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["120", "80"])
def test_canonical_golden_is_served_byte_for_byte(warm: Server, invoke: Invoke, width: str) -> None:
    assert_same(warm, invoke, list(CANONICAL), {"COLUMNS": width})


@pytest.mark.parametrize("name", [*GOLDEN_PREDICTED, *GOLDEN_RUN])
def test_every_golden_output_is_served_byte_for_byte(warm: Server, invoke: Invoke, name: str) -> None:
    argv = list({**GOLDEN_PREDICTED, **GOLDEN_RUN}[name])
    assert_same(warm, invoke, argv, EXPLAIN_ENV)


def readme_commands() -> list[list[str]]:
    """The docs' runnable commands: code blocks, the tutorial table, inline examples."""
    found = []
    for block in code_blocks(DOCS):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip().startswith("lstm-shapes "):
                found.append(line.split(" # ")[0].split("  #")[0].strip())
    found += [row[1].strip("`") for row in TUTORIAL]
    found += re.findall(r"`(lstm-shapes [^`]*)`", DOCS)
    commands = []
    for text in dict.fromkeys(found):
        words = shlex.split(text)[1:]
        acts_on_the_machine = any(w.endswith("-completion") for w in words)
        if "..." in text or "server" in words or "--time" in words or acts_on_the_machine:
            continue
        commands.append(words)
    return [*commands, ["check", "examples/seed.toml"], ["check", "--no-run", "examples/family.toml"]]


@pytest.mark.parametrize("argv", readme_commands(), ids=shlex.join)
def test_readme_examples_are_served_byte_for_byte(warm: Server, invoke: Invoke, argv: list[str]) -> None:
    assert_same(warm, invoke, argv, {"COLUMNS": "100"})


def test_readme_examples_were_found() -> None:
    assert len(readme_commands()) >= 10


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(command_lines())
def test_random_stacks_are_served_byte_for_byte(warm: Server, invoke: Invoke, argv: list[str]) -> None:
    assert_same(warm, invoke, argv, FUZZ_ENV)


def test_korean_locale_and_colour_follow_the_client(warm: Server, invoke: Invoke) -> None:
    argv = ["--units", "2", "--window", "3", "--batch", "2", "--no-run"]
    assert_same(warm, invoke, argv, {"LANG": "ko_KR.UTF-8", "COLUMNS": "90"})
    # A terminal that takes colour: Rich colours what a tty stdout gets.
    out, _, code = serve(
        warm.folder,
        argv,
        {**PLAIN_ENV, "NO_COLOR": None, "TERM": "xterm-256color"},
        tty={"stdin": True, "stdout": True, "stderr": True},
        terminal={"1": [77, 30]},
    )
    assert code == 0
    assert "\x1b[" in out.decode()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out.decode())
    assert max(len(line) for line in plain.splitlines()) == 77  # the client's terminal, not 80


def test_paths_resolve_against_the_clients_directory(warm: Server, invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text((ROOT / "examples" / "seed.toml").read_text(encoding="utf-8"))
    served = serve(warm.folder, ["check", "--no-run", "mine.toml"], PLAIN_ENV, cwd=str(tmp_path))
    assert served[2] == 0, served
    missing = serve(warm.folder, ["check", "--no-run", "mine.toml"], PLAIN_ENV)
    assert missing[2] == 2  # not in the repository root, where the other request ran


@pytest.mark.slow
def test_a_request_gives_the_same_bytes_after_a_hundred_others(warm: Server) -> None:
    argv = ["--units", "3", "--units", "2", "--window", "4", "--batch", "2", "--return-state", "--json"]
    first = serve(warm.folder, argv, PLAIN_ENV)
    for i in range(100):
        others = ["--units", str(1 + i % 5), "--window", str(2 + i % 3), "--batch", "1", "--seed", str(i)]
        if i % 3 == 0:
            others += ["--cell", "gru", "--bidirectional"]
        assert serve(warm.folder, others, PLAIN_ENV)[2] == 0
    assert serve(warm.folder, argv, PLAIN_ENV) == first
    # And the same JSON a fresh process computes: names, weights and values all restart.
    assert (
        json.loads(first[0])["tensors"]
        == json.loads(warm.cli(*argv, "--no-server", extra={"NO_COLOR": "1"}).stdout)["tensors"]
    )


def test_two_clients_at_once_both_get_their_own_answers(warm: Server, invoke: Invoke) -> None:
    jobs = [
        ["--units", "4", "--window", "5", "--batch", "3", "--json"],
        ["--units", "2", "--cell", "gru", "--window", "3", "--batch", "2", "--json"],
    ]
    results: dict[int, tuple[bytes, bytes, int]] = {}
    threads = [
        threading.Thread(target=lambda i=i: results.__setitem__(i, serve(warm.folder, jobs[i], PLAIN_ENV)))
        for i in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for i, argv in enumerate(jobs):
        assert results[i] == in_process(invoke, argv, PLAIN_ENV)


def test_the_spinner_is_sent_to_a_terminal_client(warm: Server) -> None:
    replies = exchange(
        warm.folder,
        request(
            ["--units", "2", "--window", "3", "--batch", "1"],
            PLAIN_ENV,
            tty={"stdin": True, "stdout": True, "stderr": True},
        ),
    )
    shown = [r["spinner"] for r in replies if "spinner" in r]
    assert shown[0] == "Starting"
    assert shown[-1] is None
    assert any(text and text.endswith("…") for text in shown)
    assert base64.b64decode(replies[-1]["result"]["stderr"]) == b""


def test_the_real_client_is_served_and_needs_no_framework(warm: Server, invoke: Invoke) -> None:
    done = warm.cli(*CANONICAL, extra={"NO_COLOR": "1", "COLUMNS": "120"})
    expected = in_process(invoke, list(CANONICAL), {**PLAIN_ENV, "COLUMNS": "120"})
    assert (done.stdout, done.stderr, done.returncode) == expected
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['lstm-shapes', *{list(CANONICAL)!r}]\n"
        "try:\n    runpy.run_module('lstm_shapes', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('keras', 'tensorflow', 'jax', 'torch'))\n"
        "print('PROBE', code, heavy, file=sys.stderr)\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], env=warm.env, capture_output=True, timeout=120)
    assert ran.stderr.decode().strip().splitlines()[-1] == "PROBE 0 []"
    assert b"lstm_1 (LSTM)" in ran.stdout


def test_opting_out_runs_in_process(warm: Server) -> None:
    argv = ["--units", "2", "--window", "3", "--batch", "1", "--no-run"]
    before = warm.status()["requests"]
    assert warm.cli(*argv, "--no-server").returncode == 0
    assert warm.cli(*argv, extra={"LSTM_SHAPES_SERVER": "0"}).returncode == 0
    assert client.served(argv, {**warm.env, "LSTM_SHAPES_SERVER": "0"}) is None
    assert warm.status()["requests"] == before
    assert warm.cli(*argv).returncode == 0
    assert warm.status()["requests"] == before + 1


def test_status_names_the_warm_backend(warm: Server) -> None:
    status = json.loads(warm.cli("server", "status", "--json").stdout)
    assert status["running"] is True
    assert status["pid"] == place.pid_of(warm.folder)
    assert [(w["backend"], w["state"]) for w in status["workers"]][:1] == [("tensorflow", "warm")]
    assert status.keys() == warm.status().keys()
    assert status["memory_mib"] > status["server_memory_mib"] > 0
    text = warm.cli("server", "status").stdout.decode()
    for word in ("pid", "uptime", "requests", "memory", "backends", "tensorflow warm"):
        assert word in text


@pytest.mark.slow  # starts a second warm worker that imports a framework (about 10 s)
def test_a_single_backend_gets_its_own_warm_worker(warm: Server) -> None:
    argv = ["--backend", "jax", "--units", "2", "--window", "3", "--batch", "2", "--json"]
    served = serve(warm.folder, argv, PLAIN_ENV)
    assert served[2] == 0, served[1]
    backends = {w["backend"] for w in warm.status()["workers"]}
    assert {"tensorflow", "jax"} <= backends
    cold = warm.cli(*argv, "--no-server", extra={"NO_COLOR": "1"})
    assert (cold.stdout, cold.stderr, cold.returncode) == served


@pytest.mark.slow
def test_a_backend_list_is_served_by_one_warm_worker_per_backend(warm: Server, invoke: Invoke) -> None:
    argv = ["--backend", "tensorflow,jax", "--units", "2", "--window", "3", "--batch", "2"]
    before = {w["backend"]: w for w in warm.status()["workers"]}
    served = serve(warm.folder, argv, PLAIN_ENV)
    after = {w["backend"]: w for w in warm.status()["workers"]}
    # The request on the TensorFlow worker (its own job run there), the JAX job on the JAX
    # worker: no fresh process imported a framework, and the workers are the same ones.
    assert after["tensorflow"]["pid"] == before["tensorflow"]["pid"]
    assert after["tensorflow"]["requests"] == before["tensorflow"]["requests"] + 1
    if "jax" in before:
        assert after["jax"]["pid"] == before["jax"]["pid"]
        assert after["jax"]["requests"] == before["jax"]["requests"] + 1
    else:
        assert after["jax"]["requests"] == 1
    # The same bytes as in this process, where each backend runs in a fresh child process.
    assert served == in_process(invoke, argv, PLAIN_ENV)
    assert b"jax agrees with tensorflow" in served[0]


# --- the environment's key ---------------------------------------------------------------------------


def test_installed_versions_agree_with_importlib_metadata() -> None:
    found = place.installed_versions()
    for package in place.KEYED_PACKAGES:
        try:
            expected = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            assert package not in found
        else:
            assert found[package] == expected, package


def test_the_folder_follows_xdg_runtime_dir_and_the_key(tmp_path: Path) -> None:
    assert place.runtime_dir("abc", {"XDG_RUNTIME_DIR": str(tmp_path)}) == str(tmp_path / "lstm-shapes-abc")
    assert place.runtime_dir("abc", {"TMPDIR": "/t"}) == f"/t/lstm-shapes-{os.getuid()}-abc"
    assert len(place.server_key()) == 16


# --- security ------------------------------------------------------------------------------------------


def as_nobody(folder: str, message: bytes) -> str:
    """Connect as user nobody in a forked child: what happened, in a word, or the reply."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    sock.settimeout(10)
                    sock.connect(place.socket_path(folder))
                    sock.sendall(message)
                    answer = sock.recv(1 << 16).decode()
            except PermissionError:
                answer = "permission denied"
            except Exception as exc:
                answer = repr(exc)
            os.write(write, answer.encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


@pytest.mark.skipif(os.getuid() != 0, reason="switching to another user needs root")
def test_another_user_is_refused() -> None:
    # Under /tmp itself, so that only our own folders stand between nobody and the socket.
    run_dir = Path(tempfile.mkdtemp(prefix="lstm-shapes-test-", dir="/tmp"))
    try:
        with running(run_dir, "--warm", "none") as server:
            ping = b'{"op": "ping"}\n'
            assert as_nobody(server.folder, ping) == "permission denied"  # the 0700 folder
            sock = place.socket_path(server.folder)
            for path in (run_dir, server.folder):
                os.chmod(path, 0o711)
            os.chmod(sock, 0o777)
            try:
                answer = as_nobody(server.folder, ping)  # past the folder, SO_PEERCRED refuses them
            finally:
                os.chmod(sock, 0o600)
                os.chmod(server.folder, 0o700)
                os.chmod(run_dir, 0o700)
            reply = json.loads(answer)
            assert "serves only the user who started it" in reply["error"]
            assert reply["code"] == 3
            assert exchange(server.folder, {"op": "ping"})[0]["ok"] is True
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def test_malformed_and_oversized_requests_get_an_error(warm: Server) -> None:
    for bad in (b"not json\n", b'{"op": "run", "argv": "rm -rf /"}\n', b'{"op": "eval"}\n', b"[1, 2]\n"):
        (reply,) = exchange(warm.folder, bad)
        assert reply["error"].startswith("Error: the server refused the request"), bad
        assert reply["code"] == 2
    (reply,) = exchange(warm.folder, b"x" * (framing.MAX_REQUEST + 10))
    assert "larger than" in reply["error"]
    odd = request(["--no-run"], PLAIN_ENV, env={"PYTHONSTARTUP": "/tmp/evil.py"})
    assert "forwarded variables" in exchange(warm.folder, odd)[0]["error"]
    assert exchange(warm.folder, {"op": "ping"})[0]["ok"] is True


def test_loose_permissions_are_refused_and_replaced(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    folder = place.runtime_dir(environ=env)
    os.mkdir(folder, 0o777)
    os.chmod(folder, 0o777)
    Path(folder, "socket").write_text("planted")
    with running(tmp_path, "--warm", "none") as server:
        assert stat.S_IMODE(os.lstat(folder).st_mode) == 0o700
        assert stat.S_ISSOCK(os.lstat(place.socket_path(folder)).st_mode)
        os.chmod(folder, 0o755)
        done = server.cli("--units", "2", "--no-run")
        assert done.returncode == 0
        assert b"not using the server" in done.stderr
        assert server.cli("server", "start", "--warm", "none").returncode == 0
        assert stat.S_IMODE(os.lstat(folder).st_mode) == 0o700
        assert server.status()["running"] is True


def test_a_stale_socket_is_cleaned_and_worked_around(tmp_path: Path) -> None:
    with running(tmp_path, "--warm", "none") as server:
        pid = place.pid_of(server.folder)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        assert os.path.exists(place.socket_path(server.folder))
        done = server.cli("--units", "2", "--no-run")
        assert done.returncode == 0, done.stderr
        assert b"removed it and running in this process" in done.stderr
        assert b"lstm_1" in done.stdout
        assert not os.path.exists(place.socket_path(server.folder))
        assert server.cli("server", "status").returncode == 1


def test_the_server_exits_when_idle(tmp_path: Path) -> None:
    server = start_server(tmp_path, "--warm", "none", "--idle", "0.01")
    pid = place.pid_of(server.folder)
    try:
        deadline = time.monotonic() + 20
        while os.path.exists(place.socket_path(server.folder)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not os.path.exists(place.socket_path(server.folder))
    finally:
        stop_server(server)
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)


# --- faults ----------------------------------------------------------------------------------------------


def wait_busy(server: Server) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = [w for w in server.status()["workers"] if w["busy"]]
        if workers:
            return workers[0]
        time.sleep(0.1)
    raise AssertionError("no worker became busy")


def test_a_crashed_worker_gives_an_error_and_is_replaced(fragile: Server) -> None:
    small = ["--units", "2", "--window", "3", "--batch", "1"]
    done: dict[str, Any] = {}
    doomed = threading.Thread(
        target=lambda: done.update(r=exchange(fragile.folder, request(ENDLESS, PLAIN_ENV)))
    )
    doomed.start()
    worker = wait_busy(fragile)
    # A second request queues behind the first; it must be served by the replacement.
    queued = threading.Thread(target=lambda: done.update(q=serve(fragile.folder, small, PLAIN_ENV)))
    queued.start()
    deadline = time.monotonic() + 30
    while fragile.status()["active"] < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(worker["pid"], signal.SIGKILL)
    doomed.join(60)
    *_, reply = done["r"]  # after the long-run note, if the worker had written it yet
    assert "worker ended while running this request (signal 9)" in reply["error"]
    assert reply["code"] == 3
    queued.join(120)
    out, _, code = done["q"]
    assert code == 0
    assert b"lstm_1" in out
    assert worker["pid"] not in {w["pid"] for w in fragile.status()["workers"]}


@pytest.mark.slow
def test_a_hung_worker_gives_an_error_and_is_replaced(fragile: Server) -> None:
    *_, reply = exchange(fragile.folder, request(ENDLESS, PLAIN_ENV))
    assert "gave no answer within 4 s" in reply["error"]
    assert reply["code"] == 3
    assert serve(fragile.folder, ["--units", "2", "--window", "3", "--batch", "1"], PLAIN_ENV)[2] == 0


def test_ctrl_c_ends_the_request_and_the_server_keeps_serving(fragile: Server) -> None:
    env = {**fragile.env, "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "lstm_shapes", *ENDLESS],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_busy(fragile)
        assert proc.stderr is not None
        # As a local run shows it: the long-run note at once, while the run goes on (streamed).
        note = proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert note.startswith(b"Note: 40,000 recurrent steps run one after another")
    assert err == b"Interrupted.\n"
    assert out == b""
    assert serve(fragile.folder, ["--units", "2", "--window", "3", "--batch", "1"], PLAIN_ENV)[2] == 0
