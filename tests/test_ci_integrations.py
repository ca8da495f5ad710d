"""The pre-commit hook (.pre-commit-hooks.yaml) and the composite GitHub Action (action.yml), run as
their users run them.

pre-commit's `language: python` installs the hook's repository, TensorFlow included, into an
environment of its own: minutes. So the fast test runs `pre-commit try-repo` on a copy of the
hooks with `language: system` (the `lstm-shapes` on PATH: this checkout), which exercises
everything else (the id, the entry, the `files` pattern, how the file names are passed, the exit
codes); the real definitions, environment and all, are tried by a test that only runs with
LSTM_SHAPES_INSTALL_TESTS=1 (.ci/run runs it after the suite: it takes minutes). The action's steps are
shell scripts: the check step runs in bash with the inputs GitHub would give it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))

PASSING = '[[case]]\nname = "two units"\nlayers = [{ units = 2 }]\nexpect = { output = "32,2" }\n'
FAILING = '[[case]]\nname = "three units"\nlayers = [{ units = 2 }]\nexpect = { output = "32,3" }\n'
# Not a spec file: the hook's `files` pattern must leave it alone.
PYPROJECT = '[project]\nname = "scratch"\n'

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="no git")


def shim_path(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has an `lstm-shapes` that runs this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "lstm-shapes"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m lstm_shapes "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]]),
        "PYTHONPATH": python_path,
        "LSTM_SHAPES_SERVER": "0",
        "NO_COLOR": "1",
        "COLUMNS": "200",  # the check table's detail column unwrapped
    }


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def scratch_project(tmp_path: Path, *, failing: bool) -> Path:
    """A user's repository: a spec file under shapes/, one named *.shapes.toml, a pyproject.toml."""
    project = tmp_path / "project"
    (project / "shapes").mkdir(parents=True)
    (project / "shapes" / "model.toml").write_text(FAILING if failing else PASSING, encoding="utf-8")
    (project / "forecaster.shapes.toml").write_text(PASSING, encoding="utf-8")
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "scratch")
    return project


def try_repo(
    hook_repo: Path, project: Path, hook: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--all-files", "--verbose"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


# --- the pre-commit hooks ---------------------------------------------------------------------------


def test_the_hooks_run_check_on_spec_files_only() -> None:
    assert [hook["id"] for hook in HOOKS] == ["lstm-shapes-check", "lstm-shapes-check-run"]
    for hook in HOOKS:
        assert hook["entry"].split()[:2] == ["lstm-shapes", "check"]
        assert hook["language"] == "python"
        pattern = re.compile(hook["files"])
        assert pattern.search("shapes/model.toml") and pattern.search("models/forecaster.shapes.toml")
        assert not pattern.search("pyproject.toml") and not pattern.search("shapes/notes.md")
    assert HOOKS[0]["entry"] == "lstm-shapes check --no-run"


@pytest.mark.slow  # about 3 s each: pre-commit's own start-up and a clone
@needs_git
@pytest.mark.parametrize("failing", [False, True], ids=["passing", "failing"])
def test_pre_commit_try_repo_with_the_hook(tmp_path: Path, failing: bool) -> None:
    """The hook's definition, as pre-commit reads it, with `language: system` instead of python."""
    hook_repo = tmp_path / "hooks"
    hook_repo.mkdir()
    local = [{**hook, "language": "system"} for hook in HOOKS]
    (hook_repo / ".pre-commit-hooks.yaml").write_text(yaml.safe_dump(local), encoding="utf-8")
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-qm", "hooks")
    project = scratch_project(tmp_path, failing=failing)
    env = {**shim_path(tmp_path), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    done = try_repo(hook_repo, project, "lstm-shapes-check", env)
    output = done.stdout + done.stderr
    assert done.returncode == (1 if failing else 0), output
    assert "lstm-shapes check (predicted shapes)" in output
    assert ("Failed" if failing else "Passed") in output
    # Both spec files were checked in one call, and pyproject.toml was not handed to it.
    assert "forecaster.shapes.toml" in output and "model.toml" in output
    assert "pyproject.toml" not in output
    if failing:
        assert "expect lstm_1.output: expected (32, 3), got (32, 2)" in output


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("LSTM_SHAPES_INSTALL_TESTS") != "1",
    reason="installs TensorFlow into pre-commit's own environment (minutes); "
    "LSTM_SHAPES_INSTALL_TESTS=1 runs it, as .ci/run does after the suite",
)
@needs_git
def test_pre_commit_try_repo_installs_the_real_hook(tmp_path: Path) -> None:
    """The real definitions: pre-commit builds the hook's environment from this checkout."""
    project = scratch_project(tmp_path, failing=True)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
        "COLUMNS": "200",
    }
    env.pop("PYTHONPATH", None)  # the hook's own environment, not this checkout
    done = try_repo(ROOT, project, "lstm-shapes-check", env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "expect lstm_1.output: expected (32, 3), got (32, 2)" in output


# --- the GitHub Action ------------------------------------------------------------------------------


def test_the_action_is_composite_and_installs_itself() -> None:
    assert ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    install, check = steps[1], steps[2]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert "pip install" in install["run"]
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    assert check["id"] == "check"
    # The github format (issue 20) is one line away, named where the switch is.
    assert "--format github" in check["run"]
    assert set(ACTION["inputs"]) == {"files", "python-version", "extras", "backend", "no-run", "junit"}


def run_check_step(tmp_path: Path, project: Path, **inputs: str) -> subprocess.CompletedProcess[str]:
    """The action's check step in bash, with the inputs (defaults filled in) as GitHub passes them."""
    step = ACTION["runs"]["steps"][2]
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    env = dict(shim_path(tmp_path))
    for name, expression in step["env"].items():
        if expression.startswith("${{ inputs."):
            env[name] = values[expression.removeprefix("${{ inputs.").removesuffix(" }}")]
        else:
            env[name] = expression
    env["GITHUB_OUTPUT"] = str(tmp_path / "github_output")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_git
def test_the_action_checks_the_files_and_writes_junit(tmp_path: Path) -> None:
    project = scratch_project(tmp_path, failing=False)
    done = run_check_step(tmp_path, project, **{"no-run": "true", "files": "shapes/*.toml **/*.shapes.toml"})
    assert done.returncode == 0, done.stdout + done.stderr
    junit = (project / "lstm-shapes-junit.xml").read_text(encoding="utf-8")
    assert junit.count("<testcase") == 2
    assert (tmp_path / "github_output").read_text(encoding="utf-8") == "junit=lstm-shapes-junit.xml\n"


@needs_git
def test_the_action_fails_the_job_on_a_failed_check(tmp_path: Path) -> None:
    project = scratch_project(tmp_path, failing=True)
    done = run_check_step(tmp_path, project, **{"no-run": "true"})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "<failure" in (project / "lstm-shapes-junit.xml").read_text(encoding="utf-8")
    # --format github: the failing case is an annotation on its spec file's line.
    assert re.search(r"^::error file=[^,]+\.toml,line=\d+", done.stdout, re.M), done.stdout


@needs_git
def test_the_action_says_when_no_file_matches(tmp_path: Path) -> None:
    project = scratch_project(tmp_path, failing=False)
    done = run_check_step(tmp_path, project, files="specs/*.toml")
    assert done.returncode == 2
    assert done.stdout.startswith("::error title=lstm-shapes::no spec files match 'specs/*.toml'")
