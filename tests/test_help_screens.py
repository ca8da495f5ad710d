"""Help screens laid out from the snapshot (serve/help_screens.py) are the app's own, byte for byte.

The snapshot must be what typer builds from cli/flags.py today: a flag added, renamed or
reworded without `python -m lstm_shapes.serve.help_screens` fails here first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import formatting
from typer.testing import CliRunner

from lstm_shapes.serve import help_data
from lstm_shapes.serve.help_screens import answer, app_group, rebuilt, requested, snapshot

ROOT = Path(__file__).resolve().parents[1]
PLAIN = {"NO_COLOR": "1", "LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LSTM_SHAPES_SERVER": None}
# Every command with a help screen: the main group, its commands, the server's.
PATHS = [
    [],
    ["check"],
    ["inspect"],
    ["server"],
    ["server", "start"],
    ["server", "stop"],
    ["server", "status"],
]


@pytest.fixture(scope="module")
def group() -> Any:
    return app_group()


# Under another typer the console script asks the app (test_another_typer_gets_the_apps_help).
same_typer = pytest.mark.skipif(
    typer.__version__ != help_data.TYPER, reason=f"the snapshot is typer {help_data.TYPER}'s"
)


@same_typer
def test_the_snapshot_is_what_typer_builds_from_the_flags(group: Any) -> None:
    fresh = snapshot(group)
    assert fresh == (help_data.COMMON, help_data.SCREENS), (
        "the flags changed: regenerate the help screens with python -m lstm_shapes.serve.help_screens"
    )


def help_of(command: Any, args: list[str], width: int) -> tuple[int | None, str]:
    """`command` (the app's group, or None: the console script's help_screens.answer) on `args`:
    the exit code and stdout."""
    with CliRunner().isolation(env={**PLAIN, "COLUMNS": str(width)}) as (stdout, _, _):
        formatting.FORCED_WIDTH = None  # the terminal's width ($COLUMNS), as a user's shell has it
        if command is None:
            code = answer(args)
        else:
            try:
                command.main(args, prog_name="lstm-shapes")
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
        sys.stdout.flush()
        return code, stdout.getvalue().decode()


@same_typer
@pytest.mark.parametrize("width", [60, 80, 120, 400])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "main")
def test_a_screen_is_the_apps_help(group: Any, path: list[str], width: int) -> None:
    for flag in ("--help", "-h"):
        ours = help_of(None, [*path, flag], width)
        assert ours == help_of(group, [*path, flag], width)
        assert ours[0] == 0 and ours[1].startswith("Usage: lstm-shapes")


@same_typer
def test_the_rebuilt_group_is_the_snapshot(group: Any) -> None:
    assert snapshot(rebuilt(help_data.COMMON, help_data.SCREENS)) == snapshot(group)


@pytest.mark.parametrize(
    "argv",
    [
        ["--units", "3", "--help"],  # a flag before: the app parses it (and may refuse it)
        ["--help", "--units"],
        ["nosuch", "--help"],
        ["check"],
        [],
        ["--version"],
        ["check", "--junit", "--help"],
    ],
)
def test_anything_but_a_help_request_goes_to_the_app(argv: list[str]) -> None:
    assert not requested(argv, help_data.SCREENS)
    assert answer(argv) is None


def test_another_typer_gets_the_apps_help(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(help_data, "TYPER", "0.0.0")
    assert answer(["--help"]) is None


def test_shell_completion_goes_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_LSTM_SHAPES_COMPLETE", "complete_bash")
    assert answer(["--help"]) is None


@same_typer
def test_the_console_script_shows_it_without_the_flags(group: Any) -> None:
    """The console script's `--help`, in a fresh process: the app's screen, and not one flag family
    (nor the spec) imported for it."""
    code = (
        "import sys\n"
        "sys.argv = ['lstm-shapes', 'check', '--help']\n"
        "from lstm_shapes.serve.entry import main\n"
        "try:\n"
        "    main(end_process=False)\n"
        "except SystemExit as done:\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith(('lstm_shapes.cli.flags', 'lstm_shapes.spec')))\n"
        "    print('LOADED', loaded, done.code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in PLAIN and not k.startswith("_LSTM_SHAPES")}
    env.update({"NO_COLOR": "1", "COLUMNS": "80", "PYTHONPATH": str(ROOT)})
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    shown, _, loaded = done.stdout.rpartition("LOADED ")
    assert loaded.strip() == "[] 0"
    assert (0, shown) == help_of(group, ["check", "--help"], 80)
