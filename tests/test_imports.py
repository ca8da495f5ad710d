"""In fresh interpreters: the fast paths never import a framework, and a real run is quiet.

Like typer's tests/test_rich_import.py: each probe runs `python -c` in a subprocess, so
what this test process has already imported cannot hide a regression.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("tensorflow", "keras", "jax", "torch")

# Records every attempt to import a framework (even one that fails or is caught), then
# runs SNIPPET, then reports the attempts and what ended up in sys.modules.
PROBE = """
import json, sys

HEAVY = {heavy!r}
attempts = []

class Recorder:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HEAVY:
            attempts.append(name)
        return None

sys.meta_path.insert(0, Recorder())
code = 0
try:
{snippet}
except SystemExit as exc:
    code = exc.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
sys.stdout.flush()
print("\\nPROBE " + json.dumps({{"code": code, "attempts": attempts, "loaded": loaded}}))
"""


def probe(snippet: str) -> tuple[dict[str, object], subprocess.CompletedProcess[str]]:
    body = "\n".join("    " + line for line in snippet.strip().splitlines())
    code = PROBE.format(heavy=set(HEAVY), snippet=body)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("KERAS_BACKEND", "LSTM_SHAPES_DEBUG", "LANG", "LC_ALL", "LC_MESSAGES")
    }
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert last.startswith("PROBE "), f"stdout={done.stdout!r} stderr={done.stderr!r}"
    report: dict[str, object] = json.loads(last.removeprefix("PROBE "))
    return report, done


def run_cli(*args: str) -> str:
    return f"sys.argv = ['lstm-shapes', *{list(args)!r}]\nimport runpy\nrunpy.run_module('lstm_shapes', run_name='__main__')"


def test_the_probe_can_fail() -> None:
    """An attempt is recorded even when it fails, and a loaded framework module is seen."""
    snippet = """
try:
    import torch.nn
except ImportError:
    pass
import types
sys.modules["jax.numpy"] = types.ModuleType("jax.numpy")
"""
    report, _ = probe(snippet)
    assert report["code"] == 0
    assert report["attempts"][:1] == ["torch"]  # type: ignore[index]
    assert "jax.numpy" in report["loaded"]  # type: ignore[operator]


@pytest.mark.parametrize("module", ["lstm_shapes", "lstm_shapes.cli", "lstm_shapes.cli.app"])
def test_importing_the_package_loads_no_framework(module: str) -> None:
    report, done = probe(f"import {module}")
    assert report == {"code": 0, "attempts": [], "loaded": []}
    assert done.stderr == ""


def test_every_module_above_observe_loads_no_framework() -> None:
    snippet = """
import importlib, pkgutil, lstm_shapes
for info in pkgutil.iter_modules(lstm_shapes.__path__):
    if info.name not in ("__main__", "observe"):
        importlib.import_module("lstm_shapes." + info.name)
from lstm_shapes.predict.stack import predict
from lstm_shapes.render.table import to_json
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.spec.stack import StackSpec
predict(StackSpec())
to_json(inspect_stack(StackSpec(), run=False))
"""
    report, done = probe(snippet)
    assert report == {"code": 0, "attempts": [], "loaded": []}
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--help",), 0),
        (("--version",), 0),
        (("--batch", "0"), 2),
        (("--batch", "abc"), 2),
        (("--dropout", "1"), 2),
        (("--head", "time-distributed"), 2),
        (("inspect", "--help"), 0),
        (("inspect", "missing.keras"), 2),
        (("inspect", "pyproject.toml"), 2),
        (("inspect", "missing.keras", "--batch", "0"), 2),
        (("inspect", "tests", "--backend", "tensorflow,jax"), 2),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_fast_paths_load_no_framework(args: tuple[str, ...], code: int) -> None:
    report, done = probe(run_cli(*args))
    assert report == {"code": code, "attempts": [], "loaded": []}
    assert "Traceback" not in done.stderr
    if code:
        assert "Error" in done.stderr


def test_a_real_run_is_quiet() -> None:
    """No TensorFlow, absl or warnings text reaches the user's terminal."""
    done = subprocess.run(
        [sys.executable, "-m", "lstm_shapes", "--units", "2", "--window", "3", "--batch", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            k: v
            for k, v in os.environ.items()
            if k not in ("KERAS_BACKEND", "LSTM_SHAPES_DEBUG", "TF_CPP_MIN_LOG_LEVEL")
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "lstm_1 (LSTM)   output   (2, 2)" in done.stdout
    assert "✓ shapes match the prediction: all 2 tensors" in done.stdout
