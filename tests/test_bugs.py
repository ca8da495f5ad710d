"""A bug of ours is not Keras's refusal: exit 70, one line naming a file that holds the traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

import lstm_shapes
from lstm_shapes.observe.framework import raised_by_framework

PACKAGE = Path(lstm_shapes.__file__).parent


def raiser_in(path: Path, exc: type[BaseException] = KeyError) -> Any:
    """A function whose frame claims to live at `path`, raising `exc`."""
    namespace: dict[str, Any] = {"exc": exc}
    exec(compile("def boom(*args, **kwargs):\n    raise exc('boom')\n", str(path), "exec"), namespace)
    return namespace["boom"]


def caught(function: Any) -> BaseException:
    try:
        function()
    except Exception as exc:
        return exc
    raise AssertionError("nothing raised")


def test_an_exception_from_our_package_is_ours() -> None:
    assert not raised_by_framework(caught(raiser_in(PACKAGE / "observe" / "stack.py")))


def test_an_exception_from_elsewhere_is_the_frameworks(tmp_path: Path) -> None:
    assert raised_by_framework(caught(raiser_in(tmp_path / "keras" / "layer.py", ValueError)))


def bug_file(stderr: str) -> Path:
    """The traceback file the error line names."""
    words = [w.rstrip(".,") for w in stderr.split()]
    return Path(next(w for w in words if "lstm-shapes-bug-" in w))


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_bug_in_a_command_exits_70_with_its_traceback_saved(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    from lstm_shapes.cli import actions

    monkeypatch.setattr(actions, "one_stack", raiser_in(PACKAGE / "cli" / "actions.py"))
    result = invoke("--no-run", "--format", fmt)
    assert result.exit_code == 70
    assert "Traceback" not in result.stderr
    path = bug_file(result.stderr)
    assert "KeyError: 'boom'" in path.read_text(encoding="utf-8")
    if fmt == "json":
        error = json.loads(result.stdout)["error"]
        assert (error["code"], error["exit_code"], error["traceback_file"]) == (
            "internal_error",
            70,
            str(path),
        )
    path.unlink()


def test_traceback_flag_reraises_a_bug(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from lstm_shapes.cli import actions

    monkeypatch.setattr(actions, "one_stack", raiser_in(PACKAGE / "cli" / "actions.py"))
    result = invoke("--no-run", "--traceback")
    assert isinstance(result.exception, KeyError)


@pytest.mark.slow
def test_a_bug_while_running_is_not_blamed_on_keras(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("keras")
    from lstm_shapes.observe import stack

    monkeypatch.setattr(stack, "build_steps", raiser_in(PACKAGE / "observe" / "build.py"))
    ours = invoke("--batch", "1", "--window", "2", "--units", "1", "--json")
    assert ours.exit_code == 70
    assert json.loads(ours.stdout)["error"]["code"] == "internal_error"
    bug_file(ours.stderr).unlink()

    monkeypatch.setattr(stack, "build_steps", raiser_in(Path("/site-packages/keras/x.py"), ValueError))
    theirs = invoke("--batch", "1", "--window", "2", "--units", "1", "--json")
    assert theirs.exit_code == 2
    error = json.loads(theirs.stdout)["error"]
    assert (error["code"], error["key"]) == ("keras_rejected", "keras_rejected")


def test_an_exception_that_passed_through_keras_is_the_frameworks(tmp_path: Path) -> None:
    """Keras re-raises with its own frames filtered out, so the innermost frame can be our wrapper."""
    ours = raiser_in(PACKAGE / "observe" / "saved.py", ValueError)
    namespace: dict[str, Any] = {"inner": ours}
    path = tmp_path / "keras" / "traceback_utils.py"
    exec(compile("def handler():\n    inner()\n", str(path), "exec"), namespace)
    assert raised_by_framework(caught(namespace["handler"]))
