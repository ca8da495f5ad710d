"""Every refusal's advice names what works in that mode: inspect's memory advice names no flag
inspect lacks, and flags that mean nothing in a mode are refused there, not ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.errors import EnvironmentProblem
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.locales.ko import WORDS as KOREAN
from lstm_shapes.predict.memory import FRAMEWORK_BYTES, MIB, guard
from lstm_shapes.predict.stack import predict
from lstm_shapes.spec.stack import LayerSpec, StackSpec

SMALL = predict(StackSpec(batch=4, window=5, layers=(LayerSpec(units=3),)))
LARGE = predict(StackSpec(batch=100_000, window=50, layers=(LayerSpec(units=64),)))


@pytest.mark.parametrize(
    ("budget", "batch", "hint"),
    [
        (100 * MIB, 4, "memory_framework_limit_hint"),  # Keras alone does not fit
        (FRAMEWORK_BYTES + 100 * MIB, 100_000, "memory_batch_hint"),  # a smaller batch fits
    ],
)
def test_a_models_memory_advice_names_only_inspects_flags(budget: int, batch: int, hint: str) -> None:
    report = SMALL if batch == 4 else LARGE
    with pytest.raises(EnvironmentProblem) as stack:
        guard(report, batch, budget)
    assert stack.value.hint_key == hint
    assert "--no-run" in (stack.value.hint or "")
    with pytest.raises(EnvironmentProblem) as model:
        guard(report, batch, budget, model=True)
    assert model.value.hint_key == f"{hint}_model"
    for words in (ENGLISH, KOREAN):
        text = words.errors[f"{hint}_model"]
        assert "--no-run" not in text and "--units" not in text


def test_inspect_memory_refusal_has_no_no_run(invoke: Invoke, tmp_path: Path) -> None:
    """The advice is a flag inspect takes: following it must not be a usage error."""
    result = invoke("inspect", "no_such_model.keras", "--no-run")
    assert result.exit_code == 2
    assert "No such option: --no-run" in result.stderr


def test_max_memory_with_no_run_is_refused(invoke: Invoke) -> None:
    result = invoke("--no-run", "--max-memory", "2GiB")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --max-memory: ")
    assert result.stdout == ""


def test_max_memory_guards_the_file_read_even_with_no_run(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("a,b\n" + "1,2\n" * 20, encoding="utf-8")
    result = invoke("--data", str(path), "--window", "3", "--max-memory", "2GiB", "--no-run", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["data"] is not None


@pytest.mark.parametrize("picture", ["--svg", "--html"])
def test_pictures_with_several_backends_are_refused_with_no_run_too(
    invoke: Invoke, tmp_path: Path, picture: str
) -> None:
    target = tmp_path / "out.file"
    result = invoke("--no-run", "--backend", "tensorflow,jax", picture, str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {picture} ")
    assert not target.exists()
