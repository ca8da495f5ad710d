"""What a quick answer leaves out: the commands it does not run, the modules it does not need.

`--help` comes from the snapshot (tests/test_help_screens.py); an input error is answered
before the prediction, the backends and the actions are imported, and a run of the main
command never builds the other commands' parameters. Timing is bench.py's (`startup`), not
a test's.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.cli import sections
from lstm_shapes.cli.flags import Family, MainFlags, OutputFlags, StackFlags, command
from lstm_shapes.cli.requests import CheckRequest, Output, language
from lstm_shapes.render.formats import OutputFormat

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commands the group builds, in order."""
    built: list[str] = []

    def counted(name: str, build: Callable[[], object]) -> Callable[[], object]:
        return lambda: built.append(name) or build()

    for name, build in list(sections.LATER.items()):
        monkeypatch.setitem(sections.LATER, name, counted(name, build))
    return built


def test_the_main_command_builds_no_other_command(invoke: Invoke, builds: list[str]) -> None:
    assert invoke("--units", "0").exit_code == 2
    assert invoke("--units", "3", "--no-run", "--json").exit_code == 0
    assert builds == []
    assert invoke("check", "--help").exit_code == 0
    assert builds == ["check"]


def test_a_mistyped_command_is_still_told_the_nearest(invoke: Invoke, builds: list[str]) -> None:
    result = invoke("chek")
    assert result.exit_code == 2
    assert "'check'" in result.stderr
    assert builds == []


def test_the_commands_are_listed_in_the_order_they_were_added(invoke: Invoke) -> None:
    section = invoke("--help").stdout.split("Commands:")[1]
    listed = [line.split()[0] for line in section.splitlines() if line[:2] == "  " and line[2:3] != " "]
    assert listed == list(sections.LATER)


def test_flag_families_are_frozen_records() -> None:
    flags = StackFlags(batch=4)
    assert flags.batch == 4 and flags.window == StackFlags().window
    assert flags == StackFlags(batch=4) and hash(flags) == hash(StackFlags(batch=4))
    assert flags != StackFlags(batch=5)
    assert "batch=4" in repr(flags)
    with pytest.raises(dataclasses.FrozenInstanceError):
        flags.batch = 5  # type: ignore[misc]
    with pytest.raises(TypeError, match="unknown fields nosuch"):
        StackFlags(nosuch=1)
    with pytest.raises(TypeError, match="missing field"):
        MainFlags()
    assert OutputFlags().as_dict()["lang"] is None


def test_records_are_built_by_position_too() -> None:
    """The requests are records as well: by position, then by keyword, as a dataclass is."""
    words = language("en")
    output = Output(words, format=OutputFormat.JSON)
    assert (output.words, output.format, output.json) == (words, OutputFormat.JSON, True)
    assert output == Output(words, OutputFormat.JSON)
    with pytest.raises(TypeError, match="given twice"):
        Output(words, words=words)
    with pytest.raises(TypeError, match="values for"):
        CheckRequest(output, (), True, None, None, "extra")


def test_an_input_error_imports_no_prediction_backend_or_action() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['lstm-shapes', '--units', '0']\n"
        "from lstm_shapes.serve.entry import main\n"
        "try:\n"
        "    main(end_process=False)\n"
        "except SystemExit as done:\n"
        "    names = ('lstm_shapes.predict', 'lstm_shapes.report', 'lstm_shapes.observe',\n"
        "             'lstm_shapes.cli.actions', 'lstm_shapes.spec.backend_choice',\n"
        "             'lstm_shapes.spec.shapes', 'lstm_shapes.render.labels')\n"
        "    print('LOADED', sorted(m for m in sys.modules if m.startswith(names)), done.code)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LSTM_SHAPES", "_LSTM_SHAPES"))}
    env.update({"PYTHONPATH": str(ROOT), "LANG": "C"})
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.rpartition("LOADED ")[2].strip() == "[] 2"
    assert done.stderr.startswith("Error: --units")


@pytest.mark.parametrize("args", ["--help", "--version", "--no-server --help", "check --help"])
def test_a_closed_stdout_is_no_traceback(args: str) -> None:
    """Started with stdout closed (`>&-`): the quick answers have nowhere to go, and say nothing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LSTM_SHAPES", "_LSTM_SHAPES"))}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        f"{sys.executable} -m lstm_shapes {args} >&-", shell=True, env=env, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (0, "")


@dataclasses.dataclass(frozen=True)
class Stray:
    stray: int = 1


class StrayFlags(Family):
    stack: StackFlags
    stray: Stray
    given: frozenset[str] = frozenset()


def test_a_family_that_is_not_a_family_is_refused() -> None:
    """A dataclass among a command's families would lose its flags without a word."""
    with pytest.raises(TypeError, match=r"StrayFlags\.stray: .*Stray.* is not a Family"):
        command(StrayFlags)
