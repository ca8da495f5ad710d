"""The console script ends with os._exit once everything is written: files complete, exit codes
unchanged on every path, and the app itself (CliRunner, runpy) never killed that way.

The subprocess tests run the console script as pip writes it. The ones that never import a
framework (--no-run, refusals, write errors) are cheap; the two that run Keras are slow.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import PLAIN_ENV, Invoke

from lstm_shapes.errors import ExitCode
from lstm_shapes.serve import entry

ROOT = Path(__file__).resolve().parents[1]
# What pip's generated `lstm-shapes` script does.
CONSOLE = "import sys\nfrom lstm_shapes.serve.entry import main\nsys.exit(main())\n"
TINY = ["--batch", "1", "--window", "2", "--units", "1", "--device", "cpu"]
FAILING_CASE = """
[[case]]
name = "wrong on purpose"
batch = 2
window = 3
expect = { output = "2,9" }
[[case.layers]]
units = 4

[[case]]
name = "right"
batch = 2
window = 3
expect = { output = "2,4" }
[[case.layers]]
units = 4
"""


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PLAIN_ENV and k != "LSTM_SHAPES_SERVER"}
    env.update({"NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    runtime = tmp_path / "run"  # no warm server of the developer's answers
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


def console(tmp_path: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", CONSOLE, *args],
        env=environment(tmp_path),
        cwd=tmp_path,
        capture_output="stdout" not in kw,
        timeout=300,
        check=False,
        **kw,
    )


# --- in this process: nothing is killed -------------------------------------------------------------


def test_exit_code_is_what_the_interpreter_makes_of_sys_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.exit_code(None) == 0
    assert entry.exit_code(3) == 3
    assert entry.exit_code("a message") == 1
    assert capsys.readouterr().err == "a message\n"


def test_leave_flushes_then_ends_with_the_code(monkeypatch: pytest.MonkeyPatch) -> None:
    ended: list[int] = []
    flushed: list[str] = []

    class Ended(Exception):
        pass

    def fake_exit(code: int) -> None:
        ended.append(code)
        raise Ended

    class Stream:
        def flush(self) -> None:
            flushed.append("flushed")

    monkeypatch.setattr(os, "_exit", fake_exit)
    monkeypatch.setattr(sys, "stdout", Stream())
    with pytest.raises(Ended):
        entry.leave(7)
    assert ended == [7]
    assert flushed  # before the exit, not after


def test_a_caller_that_catches_gets_systemexit(monkeypatch: pytest.MonkeyPatch) -> None:
    """runpy.run_module and tests keep their process: main(end_process=False) raises."""
    monkeypatch.setattr(sys, "argv", ["lstm-shapes", "--batch", "0", "--no-server"])
    monkeypatch.setattr("lstm_shapes.serve.client.served", lambda argv: None)
    monkeypatch.setattr(os, "_exit", lambda code: pytest.fail("os._exit called in a caller's process"))
    with pytest.raises(SystemExit) as ended:
        entry.main(end_process=False)
    assert ended.value.code == ExitCode.INVALID_INPUT


def test_the_cli_runner_is_never_ended(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "_exit", lambda code: pytest.fail("os._exit called under CliRunner"))
    assert invoke("--batch", "0").exit_code == ExitCode.INVALID_INPUT
    assert invoke(*TINY, "--no-run", "--json").exit_code == ExitCode.OK


# --- the console script: cheap paths (no framework) --------------------------------------------------


def test_no_run_output_and_json_are_complete(tmp_path: Path, invoke: Invoke) -> None:
    done = console(tmp_path, *TINY, "--no-run", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(invoke(*TINY, "--no-run", "--json").stdout)
    assert done.stderr == b""


def test_the_console_script_skips_the_teardown(tmp_path: Path) -> None:
    """An atexit handler (teardown's first step) never runs, and the exit code is still right."""
    marker = tmp_path / "teardown-ran"
    prelude = f"import atexit, pathlib\natexit.register(pathlib.Path({str(marker)!r}).touch)\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + CONSOLE, *TINY, "--no-run"],
        env=environment(tmp_path),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"lstm_1" in done.stdout
    assert not marker.exists()


def test_a_refusal_keeps_exit_2_and_its_one_line(tmp_path: Path, invoke: Invoke) -> None:
    done = console(tmp_path, "--batch", "0")
    assert done.returncode == ExitCode.INVALID_INPUT
    assert done.stderr == invoke("--batch", "0").stderr_bytes


def test_a_failed_check_keeps_exit_1_and_the_junit_file_is_complete(tmp_path: Path) -> None:
    (tmp_path / "cases.toml").write_text(FAILING_CASE, encoding="utf-8")
    done = console(tmp_path, "check", "--no-run", "--junit", "out.xml", "cases.toml")
    assert done.returncode == ExitCode.CHECK_FAILED, done.stderr
    suite = ET.parse(tmp_path / "out.xml").getroot()
    cases = suite.iter("testcase")
    assert [len(case.findall("failure")) for case in cases] == [1, 0]


def test_a_closed_pipe_keeps_exit_141_and_says_nothing(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write fails with EPIPE
    try:
        done = console(tmp_path, *TINY, "--no-run", stdout=write, stderr=subprocess.PIPE)
    finally:
        os.close(write)
    assert done.returncode == ExitCode.PIPE_CLOSED
    assert done.stderr == b""


def test_a_full_disk_keeps_exit_3_and_one_line(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        done = console(tmp_path, *TINY, "--no-run", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == ExitCode.ENVIRONMENT
    assert len(done.stderr.decode().strip().splitlines()) == 1, done.stderr
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def test_a_picture_that_cannot_be_written_keeps_exit_3(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    done = console(tmp_path, *TINY, "--no-run", "--svg", "/dev/full")
    assert done.returncode == ExitCode.ENVIRONMENT, done.stderr
    assert b"Traceback" not in done.stderr


# --- the console script: real runs -------------------------------------------------------------------


@pytest.mark.slow
def test_a_real_run_writes_complete_pictures_and_the_same_bytes(tmp_path: Path, invoke: Invoke) -> None:
    done = console(tmp_path, *TINY, "--svg", "out.svg", "--html", "out.html")
    assert done.returncode == 0, done.stderr
    local = invoke(*TINY, "--svg", str(tmp_path / "local.svg"), "--html", str(tmp_path / "local.html"))
    assert done.stdout == local.stdout_bytes
    svg = (tmp_path / "out.svg").read_text(encoding="utf-8")
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert svg.rstrip().endswith("</svg>")
    assert html.rstrip().endswith("</html>")
    ET.fromstring(svg)  # well-formed to the last byte
    assert svg == (tmp_path / "local.svg").read_text(encoding="utf-8")
    assert html == (tmp_path / "local.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_ctrl_c_during_a_run_keeps_exit_130(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CONSOLE,
            "--batch",
            "1",
            "--window",
            "40000",
            "--units",
            "2",
            "--device",
            "cpu",
        ],
        env=environment(tmp_path),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Once TensorFlow's library is mapped, the command is inside its own error funnel.
    deadline = time.monotonic() + 240
    maps = Path(f"/proc/{process.pid}/maps")
    while "tensorflow" not in maps.read_text(errors="replace"):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    assert process.returncode == ExitCode.INTERRUPTED, err
    assert b"Traceback" not in err
    assert err.decode().strip().splitlines()[-1:] != []
