"""The error contract everywhere: Click's usage errors in the house style, a refusal that cannot
be written exits 3, and a TOML error at the end of a file names its last line."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.sources.specfile import load


def _cli(*args: str, stderr_to: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "KERAS_BACKEND")}
    with open(stderr_to, "wb") as sink:
        return subprocess.run(
            [sys.executable, "-m", "lstm_shapes", *args],
            stdout=subprocess.PIPE,
            stderr=sink,
            env=env,
            timeout=120,
            check=False,
        )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("--units", "0", "--no-run"), ("--unitz", "3"), ("check", "/no/such.toml")])
def test_a_refusal_that_cannot_be_written_exits_3(args: tuple[str, ...]) -> None:
    done = _cli(*args, stderr_to="/dev/full")
    assert done.returncode == 3
    assert done.stdout == b""


USAGE = [
    (("--unitz", "3"), "--units"),
    (("--units", "abc"), "'abc'"),
    (("--head", "denze"), "'dense'"),
    (("inspect", "--weightz", "m.keras"), "--weights"),
]


@pytest.mark.parametrize(("args", "nearest"), USAGE, ids=[" ".join(a) for a, _ in USAGE])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_clicks_usage_errors_in_the_house_style(
    invoke: Invoke, args: tuple[str, ...], nearest: str, lang: str
) -> None:
    result = invoke("--lang", lang, *args) if args[0] != "inspect" else invoke(*args, "--lang", lang)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert 1 <= len(lines) <= 3, lines
    assert lines[0].startswith("Error: " if lang == "en" else "오류: ")
    assert nearest in lines[0]
    assert "Usage" not in result.stderr and "사용법" not in result.stderr
    assert "-h" in lines[-1]


def test_the_nearest_flag_is_one_flag(invoke: Invoke) -> None:
    result = invoke("--unitz", "3")
    assert "Did you mean --units?" in result.stderr
    assert "--head-units" not in result.stderr


def test_the_locale_picks_the_language_of_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--units", "abc", env={"LANG": "ko_KR.UTF-8"})
    assert result.exit_code == 2
    assert result.stderr.startswith("오류: ")


def test_the_usage_line_says_the_command_is_optional(invoke: Invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Usage: lstm-shapes [OPTIONS] [COMMAND [ARGS]...]"


def test_a_toml_error_at_the_end_names_the_last_line(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[case]]\nname = "x"\nlayers = [{ units = 2 }\n\n', encoding="utf-8")
    (case,) = load(path)
    assert case.problem is not None
    assert case.problem.line == 3
    assert case.problem.error.key == "spec_toml_at"
    assert "end of document" not in case.problem.message
    junit = tmp_path / "junit.xml"
    result = invoke("check", str(path), "--junit", str(junit))
    assert result.exit_code == 2
    assert f"{path}:3:" in result.stderr
    lines = {element.get("line") for element in ET.parse(junit).iter() if element.get("line")}
    assert lines == {"3"}
