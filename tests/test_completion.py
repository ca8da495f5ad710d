"""Shell completion: commands, flags and choice values, as bash asks for them.

In-process first (Click's completion protocol through the CLI runner), then in a real bash
with the script `--install-completion bash` installs, as a user gets it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.predict.windows import LossName
from lstm_shapes.report.compare import COMPARABLE
from lstm_shapes.serve.client import COMPLETION_ENV, opted_out
from lstm_shapes.spec import identifiers as ids
from lstm_shapes.spec.backend_choice import BACKENDS
from lstm_shapes.spec.stack import CellKind, DeviceChoice, HeadKind, MergeMode

ROOT = Path(__file__).resolve().parents[1]


def offered(invoke: Invoke, line: str) -> list[str]:
    """What bash is offered for the last word of `line` (an empty word after a trailing space)."""
    env = {COMPLETION_ENV: "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(line.split(" ")) - 1)}
    result = invoke(env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout.split()


def test_commands(invoke: Invoke) -> None:
    assert offered(invoke, "lstm-shapes ch") == ["check"]
    # The `server` group is the console script's (serve sits above the cli): a real bash asks it below.
    assert {"check", "inspect"} <= set(offered(invoke, "lstm-shapes "))


def test_options(invoke: Invoke) -> None:
    assert offered(invoke, "lstm-shapes --ret") == ["--return-sequences", "--return-state"]
    assert offered(invoke, "lstm-shapes --no-ret") == ["--no-return-sequences"]
    assert offered(invoke, "lstm-shapes check --ju") == ["--junit"]
    assert offered(invoke, "lstm-shapes inspect --uns") == ["--unsafe"]
    assert "--install-completion" in offered(invoke, "lstm-shapes --")


@pytest.mark.parametrize(
    ("line", "choices"),
    [
        ("lstm-shapes --cell ", CellKind),
        ("lstm-shapes --head ", HeadKind),
        ("lstm-shapes --merge-mode ", MergeMode),
        ("lstm-shapes --units 3 --device ", DeviceChoice),
        ("lstm-shapes inspect m.keras --device ", DeviceChoice),
    ],
)
def test_choice_values(invoke: Invoke, line: str, choices: type) -> None:
    assert offered(invoke, line) == [choice.value for choice in choices]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "values"),
    [
        ("lstm-shapes --lang ", ["en", "ko"]),
        ("lstm-shapes --padding ", ["pre", "post"]),
        ("lstm-shapes --target-steps ", ["last", "all"]),
        ("lstm-shapes --backend ", [*BACKENDS, "all"]),
        ("lstm-shapes check --backend ", list(BACKENDS)),
        ("lstm-shapes inspect m.keras --backend ", list(BACKENDS)),
        ("lstm-shapes --loss ", [loss.value for loss in LossName]),
        ("lstm-shapes --compare ", list(COMPARABLE)),
        ("lstm-shapes --activation ", list(ids.ACTIVATIONS)),
        ("lstm-shapes --bias-initializer ", list(ids.BIAS_INITIALIZERS)),
        ("lstm-shapes --kernel-regularizer ", [ids.NONE, *ids.WEIGHT_REGULARIZERS]),
        ("lstm-shapes --bias-regularizer ", [ids.NONE, *ids.VECTOR_REGULARIZERS]),
        ("lstm-shapes --recurrent-constraint ", [ids.NONE, *ids.CONSTRAINTS]),
    ],
)
def test_word_values_from_the_tool_s_own_lists(invoke: Invoke, line: str, values: list[str]) -> None:
    """Values that are words rather than an Enum come from the lists the flag is checked against."""
    assert offered(invoke, line) == values


def test_comma_lists_complete_their_next_item(invoke: Invoke) -> None:
    assert offered(invoke, "lstm-shapes --backend tensorflow,j") == ["tensorflow,jax"]
    assert offered(invoke, "lstm-shapes --backend jax,") == ["jax,tensorflow", "jax,torch", "jax,all"]
    offered_compare = offered(invoke, "lstm-shapes --compare return-state,return-s")
    assert offered_compare == ["return-state,return-sequences"]


def test_a_choice_value_by_its_start(invoke: Invoke) -> None:
    assert offered(invoke, "lstm-shapes --cell g") == ["gru"]
    assert offered(invoke, "lstm-shapes --head time") == ["time-distributed"]


def test_completion_runs_nothing(invoke: Invoke) -> None:
    """A completion request neither builds a stack nor asks a warm server to run one."""
    assert {"--units", "--unroll"} <= set(offered(invoke, "lstm-shapes --units 20 --return-sequences --u"))
    assert opted_out([], {COMPLETION_ENV: "complete_bash"})
    assert not opted_out([], {})


def test_show_completion_prints_a_bash_script(invoke: Invoke) -> None:
    result = invoke("--show-completion", "bash")
    assert result.exit_code == 0, result.output
    assert "complete -o default -F _lstm_shapes_completion lstm-shapes" in result.stdout
    assert f"{COMPLETION_ENV}=complete_bash" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_installed_completion_in_a_real_bash(tmp_path: Path) -> None:
    """`--install-completion bash` into a scratch HOME, then bash's own completion function."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "lstm-shapes"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lstm_shapes "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "SHELL": "/bin/bash",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "LSTM_SHAPES_SERVER": "0",
    }
    env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    done = subprocess.run(
        ["lstm-shapes", "--install-completion", "bash"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    bashrc = (tmp_path / ".bashrc").read_text(encoding="utf-8")
    assert "lstm-shapes" in bashrc

    script = """
    source ~/.bashrc
    ask() { COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=();
            _lstm_shapes_completion lstm-shapes; printf '%s ' "${COMPREPLY[@]}"; echo; }
    ask lstm-shapes se
    ask lstm-shapes --cell ''
    ask lstm-shapes check --no-r
    ask lstm-shapes server ''
    """
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:4] == [
        "server ",
        "lstm gru simple-rnn conv-lstm-1d conv-lstm-2d conv-lstm-3d ",
        "--no-run ",
        "start stop status ",
    ]
