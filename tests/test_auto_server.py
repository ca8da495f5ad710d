"""LSTM_SHAPES_SERVER=auto (or `server = "auto"` in the config file): the first cold run starts
the warm server in the background, so the next runs are served; never in CI.

The setting and the decision are tested in this process with the spawn recorded; one slow
test starts a real server the way a user's shell would and stops it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lstm_shapes.serve import client, place

ROOT = Path(__file__).resolve().parents[1]
COLD = ["--batch", "2", "--window", "3", "--units", "2"]


@pytest.fixture(autouse=True)
def fresh_setting() -> Iterator[None]:
    client._setting.cache_clear()
    yield
    client._setting.cache_clear()


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    return {"HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(runtime), "XDG_CONFIG_HOME": str(config), **extra}


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config" / "lstm-shapes" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    client._setting.cache_clear()  # read once per process: this test changes it mid-way
    return path


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The commands start_in_background would have started."""
    calls: list[list[str]] = []

    def popen(command: list[str], **_: Any) -> None:
        calls.append(command)

    monkeypatch.setattr(subprocess, "Popen", popen)
    return calls


def test_the_setting_comes_from_the_variable_then_the_config_file(tmp_path: Path) -> None:
    assert client.server_setting(env_for(tmp_path)) == ("on", "")
    assert client.server_setting(env_for(tmp_path, LSTM_SHAPES_SERVER="auto"))[0] == "auto"
    assert client.server_setting(env_for(tmp_path, LSTM_SHAPES_SERVER="0"))[0] == "off"
    path = write_config(tmp_path, 'server = "auto"\n')
    assert client.server_setting(env_for(tmp_path)) == ("auto", str(path))
    # The variable wins over the file.
    assert client.server_setting(env_for(tmp_path, LSTM_SHAPES_SERVER="off"))[0] == "off"
    write_config(tmp_path, 'server = "off"\n')
    assert client.opted_out(COLD, env_for(tmp_path))


def test_a_bad_setting_is_noted_and_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert client.server_setting(env_for(tmp_path, LSTM_SHAPES_SERVER="sometimes"))[0] == "on"
    assert "sometimes" in capsys.readouterr().err
    write_config(tmp_path, "server = [\n")
    assert client.server_setting(env_for(tmp_path)) == ("on", "")
    assert "config.toml" in capsys.readouterr().err


def test_auto_starts_the_server_after_a_cold_run(
    tmp_path: Path, spawned: list[list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert client.start_in_background(COLD, env_for(tmp_path, LSTM_SHAPES_SERVER="auto"))
    assert spawned == [[sys.executable, "-m", "lstm_shapes", "server", "start", "--no-wait"]]
    assert "LSTM_SHAPES_SERVER=auto" in capsys.readouterr().err  # said once, with its source


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (COLD, {}),  # the default is "on": use a running server, start none
        (COLD, {"LSTM_SHAPES_SERVER": "on"}),
        (COLD, {"LSTM_SHAPES_SERVER": "auto", "CI": "true"}),
        ([*COLD, "--no-server"], {"LSTM_SHAPES_SERVER": "auto"}),
        (["--help"], {"LSTM_SHAPES_SERVER": "auto"}),
        (["--version"], {"LSTM_SHAPES_SERVER": "auto"}),
        ([*COLD, "--no-run"], {"LSTM_SHAPES_SERVER": "auto"}),
        (["server", "status"], {"LSTM_SHAPES_SERVER": "auto"}),
    ],
)
def test_auto_starts_nothing(
    tmp_path: Path, spawned: list[list[str]], argv: list[str], extra: dict[str, str]
) -> None:
    assert not client.start_in_background(argv, env_for(tmp_path, **extra))
    assert spawned == []


def test_auto_starts_nothing_while_a_server_runs(tmp_path: Path, spawned: list[list[str]]) -> None:
    env = env_for(tmp_path, LSTM_SHAPES_SERVER="auto")
    folder = place.runtime_dir(environ=env)
    os.makedirs(folder, mode=0o700)
    import socket

    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(place.socket_path(folder))
        os.chmod(place.socket_path(folder), 0o600)
        Path(folder, place.PID_NAME).write_text(str(os.getpid()), encoding="ascii")
        assert not client.start_in_background(COLD, env)
    assert spawned == []


def test_ci_is_recognised() -> None:
    assert client.in_ci({"CI": "true"}) and client.in_ci({"CI": "1"})
    assert not client.in_ci({}) and not client.in_ci({"CI": "false"}) and not client.in_ci({"CI": ""})


@pytest.mark.slow
def test_the_first_run_starts_a_server_that_serves_the_next(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("LSTM_SHAPES_SERVER", "KERAS_BACKEND", "CI")},
        **env_for(tmp_path),
        # A socket's path has at most 107 bytes: pytest's tmp_path plus the server's folder and a
        # pid can pass that, so the runtime folder is a short one of its own.
        "XDG_RUNTIME_DIR": tempfile.mkdtemp(prefix="lsa-", dir="/tmp"),
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
    }
    write_config(tmp_path, 'server = "auto"\n')
    cli = [sys.executable, "-m", "lstm_shapes"]
    folder = place.runtime_dir(environ=env)
    try:
        first = subprocess.run([*cli, "--batch", "0"], env=env, capture_output=True, timeout=120)
        assert first.returncode == 2
        assert b"config.toml" in first.stderr  # the note names where auto was asked for
        deadline = time.monotonic() + 300
        status: dict[str, Any] = {}
        while time.monotonic() < deadline:
            done = subprocess.run([*cli, "server", "status", "--json"], env=env, capture_output=True)
            status = json.loads(done.stdout)
            if status.get("running") and all(w["state"] == "warm" for w in status["workers"]):
                break
            time.sleep(0.5)
        assert status.get("running"), status
        second = subprocess.run([*cli, "--batch", "0"], env=env, capture_output=True, timeout=120)
        assert second.returncode == 2
        assert b"starting a warm server" not in second.stderr
        after = json.loads(
            subprocess.run([*cli, "server", "status", "--json"], env=env, capture_output=True).stdout
        )
        assert after["requests"] == status["requests"] + 1  # served, not run here
        assert after["idle_minutes"] == place.DEFAULT_IDLE_MINUTES
    finally:
        pid = place.pid_of(folder)
        subprocess.run([*cli, "server", "stop"], env=env, capture_output=True, timeout=60)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(env["XDG_RUNTIME_DIR"], ignore_errors=True)
