"""Supported versions: `--version` names what a run would use, read without importing it, and
the keywords an older Keras does not take are left out or refused, never passed to Keras.

The tests marked `smoke` run in the version matrix (`.ci/matrix.sh`) too, so the Keras
oracle below is asked on the oldest Keras the package allows as well as the newest.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import Invoke

from lstm_shapes.errors import EnvironmentProblem, ExitCode
from lstm_shapes.spec.stack import CellKind, LayerSpec, StackSpec
from lstm_shapes.version import BACKENDS, __version__, version_lines

ROOT = Path(__file__).resolve().parents[1]


def metadata(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def expected(backend_line: str) -> list[str]:
    python = ".".join(map(str, sys.version_info[:3]))
    return [f"lstm-shapes {__version__}", f"Python {python}", f"Keras {metadata('keras')}", backend_line]


@pytest.mark.smoke
def test_version_names_keras_and_the_default_backend(invoke: Invoke) -> None:
    result = invoke("--version", env={"KERAS_BACKEND": None})
    assert result.exit_code == 0
    assert result.stdout.splitlines() == expected(f"backend tensorflow {metadata('tensorflow')}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_version_follows_keras_backend(invoke: Invoke, backend: str) -> None:
    result = invoke("--version", env={"KERAS_BACKEND": f" {backend} "})
    assert result.exit_code == 0
    assert result.stdout.splitlines() == expected(f"backend {backend} {metadata(backend)} (KERAS_BACKEND)")


def test_version_shows_a_backend_keras_would_not_know(invoke: Invoke) -> None:
    result = invoke("--version", env={"KERAS_BACKEND": "theano"})
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "backend — (KERAS_BACKEND='theano': tensorflow, jax, torch)"
    # The run itself refuses it, as before.
    assert invoke("--no-run", env={"KERAS_BACKEND": "theano"}).exit_code == 2


def test_a_missing_package_is_a_dash() -> None:
    lines = version_lines({"KERAS_BACKEND": "jax"})
    assert lines[-1].startswith("backend jax ")
    assert lines[-1].endswith(" (KERAS_BACKEND)")
    from lstm_shapes import version

    assert version.installed_version("no-such-package-lstm-shapes") is None


@pytest.mark.smoke
def test_the_console_script_answers_before_typer_loads() -> None:
    """`lstm-shapes --version` loads neither typer nor the spec, and says what the app says."""
    probe = (
        "import sys\n"
        "sys.argv = ['lstm-shapes', '--version']\n"
        "from lstm_shapes.serve.entry import main\n"
        "try:\n    main(end_process=False)\n"
        "except SystemExit as done:\n"
        "    heavy = ('typer', 'click', 'rich', 'lstm_shapes.spec.stack', 'keras', 'tensorflow', 'jax', 'torch')\n"
        "    sys.stderr.write(repr((done.code, sorted(m for m in heavy if m in sys.modules))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT, env=env
    )
    assert done.stderr == "(0, [])"
    assert done.stdout.splitlines() == expected(f"backend tensorflow {metadata('tensorflow')}")


# --- keywords an older Keras does not take ----------------------------------------------------------


def gru(**settings: object) -> LayerSpec:
    return LayerSpec(units=2, cell=CellKind.GRU, **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("version", "layer", "kept"),
    [
        ("3.3.0", gru(), False),
        ("3.3.3", gru(implementation=2), False),
        ("3.4.0", gru(), True),
        ("3.15.1", gru(implementation=1), True),
        ("3.10.0.dev2025", gru(), True),
        ("3.3.0", LayerSpec(units=2, cell=CellKind.LSTM, implementation=1), True),
    ],
)
def test_unset_keywords_are_dropped_for_an_older_keras(version: str, layer: LayerSpec, kept: bool) -> None:
    from lstm_shapes.observe.build import supported

    config = layer.keras_config()
    assert ("implementation" in supported(SimpleNamespace(__version__=version), layer, config)) is kept


def test_a_keyword_an_older_keras_cannot_honour_is_refused() -> None:
    from lstm_shapes.observe.build import supported

    layer = gru(implementation=1)
    with pytest.raises(EnvironmentProblem) as caught:
        supported(SimpleNamespace(__version__="3.3.3"), layer, layer.keras_config())
    assert caught.value.key == "keras_keyword_missing"
    assert caught.value.exit_code == ExitCode.ENVIRONMENT
    assert caught.value.values["since"] == "3.4"


@pytest.mark.smoke
@pytest.mark.parametrize("implementation", [None, 1, 2])
def test_the_installed_keras_builds_what_was_asked(implementation: int | None) -> None:
    """Keras as the oracle: the GRU it builds computes as asked, or the tool says it cannot."""
    from lstm_shapes.observe.build import build_steps, release
    from lstm_shapes.observe.framework import import_keras

    keras = import_keras()
    spec = StackSpec(batch=2, window=3, layers=(gru(implementation=implementation),))
    if implementation == 1 and release(keras.__version__) < (3, 4):
        with pytest.raises(EnvironmentProblem):
            build_steps(keras, spec, {})
        return
    (step,) = [s for s in build_steps(keras, spec, {}) if s.recurrent is not None]
    assert step.layer.cell.implementation == (implementation or 2)
