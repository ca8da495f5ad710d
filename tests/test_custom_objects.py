"""A .keras file with a registered custom layer: refused with advice that works, then loaded with
--custom-objects FILE.py or MODULE (the user's own code, imported on purpose)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.sources.saved import check_safe, parse_source

LAYERS = textwrap.dedent(
    """\
    import keras


    @keras.saving.register_keras_serializable(package="tenmin_demo")
    class Doubler(keras.layers.Layer):
        def call(self, x):
            return x * 2.0
    """
)
MAKE = textwrap.dedent(
    """\
    import keras
    import tenmin_layers

    model = keras.Sequential([keras.Input((5, 2)), tenmin_layers.Doubler(), keras.layers.GRU(3)])
    model.save("custom.keras")
    """
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The layer's module and a model saved with it, made in a child process (its registry stays there)."""
    where = tmp_path_factory.mktemp("custom")
    (where / "tenmin_layers.py").write_text(LAYERS, encoding="utf-8")
    (where / "make.py").write_text(MAKE, encoding="utf-8")
    subprocess.run([sys.executable, "make.py"], cwd=where, check=True, capture_output=True, timeout=300)
    return where


def test_the_refusal_names_the_class_and_the_flag_that_loads_it(folder: Path, invoke: Invoke) -> None:
    with pytest.raises(InvalidSpec) as caught:
        check_safe(parse_source(str(folder / "custom.keras")))
    assert caught.value.key == "model_needs_class"
    result = invoke("inspect", str(folder / "custom.keras"))
    assert result.exit_code == 2
    assert "--custom-objects tenmin_layers.py" in result.stderr
    assert "--unsafe" not in result.stderr  # --unsafe alone would fail: it is not the advice


@pytest.mark.slow
@pytest.mark.parametrize("how", ["file", "module"])
def test_custom_objects_loads_it(
    folder: Path, invoke: Invoke, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    source = "tenmin_layers.py" if how == "file" else "tenmin_layers"
    result = invoke("inspect", "custom.keras", "--custom-objects", source, "--batch", "2", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    shapes = {t["name"]: t["shape"] for t in report["tensors"]}
    assert shapes["gru.output"] == [2, 3]
    assert [layer["kind"] for layer in report["layers"]][:1] == ["Doubler"]


def test_an_import_that_is_not_there_is_refused(folder: Path, invoke: Invoke) -> None:
    result = invoke("inspect", str(folder / "custom.keras"), "--custom-objects", "missing_layers.py")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --custom-objects:")
    bad = invoke("inspect", str(folder / "custom.keras"), "--custom-objects", "not a module")
    assert bad.exit_code == 2


def test_a_factory_imports_its_own_code(folder: Path, invoke: Invoke) -> None:
    result = invoke("inspect", f"{folder / 'make.py'}:model", "--custom-objects", "tenmin_layers")
    assert result.exit_code == 2
    assert "--custom-objects" in result.stderr
