"""Targets against the output as each loss decides it, judged by one real train_on_batch.

Built stacks and saved models, with Keras's own training step as the oracle: our verdict and
Keras's must agree, and where they differ the check fails naming both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.predict import losses
from lstm_shapes.predict.losses import LossName, Rule
from tests.conftest import Invoke

TARGETS = "targets fit the output as the loss sees them"
STEP = "one real training step agrees"


def run_json(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke(*args, "--json")
    assert result.exit_code in (0, 1), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def checks(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in doc["checks"]}


@pytest.fixture(scope="module")
def per_step_npz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Windows already cut, with one 0/1 target per step: y (8, 12) for X (8, 12, 3)."""
    path = tmp_path_factory.mktemp("targets") / "seq.npz"
    rng = np.random.default_rng(0)
    np.savez(
        path,
        x=rng.uniform(size=(8, 12, 3)).astype("float32"),
        y=rng.integers(0, 2, size=(8, 12)).astype("float32"),
    )
    return path


CONV = ("--conv-filters", "4", "--conv-kernel-size", "4", "--units", "5", "--batch", "8")


def test_conv1d_binary_crossentropy_raises_and_says_so(invoke: Invoke, per_step_npz: Path) -> None:
    """The issue's case: y (8, T) against Dense(1)'s (8, 1) under binary_crossentropy raises."""
    doc = run_json(
        invoke,
        "--data",
        str(per_step_npz),
        *CONV,
        "--head",
        "dense",
        "--head-units",
        "1",
        "--loss",
        "binary_crossentropy",
    )
    found = checks(doc)
    target = doc["data"]["targets_check"]
    assert not found[TARGETS]["passed"] and target["outcome"] == "raises"
    assert "broadcast" not in target["reason"]
    assert doc["data"]["keras"]["training_step_outcome"] == "raises"
    assert found[STEP]["passed"] and "ValueError" in found[STEP]["detail"]
    assert "--return-sequences" in target["fix"]  # y holds one target per step
    assert doc["ok"] is False


def test_mse_on_the_same_shapes_broadcasts_silently(invoke: Invoke, per_step_npz: Path) -> None:
    doc = run_json(invoke, "--data", str(per_step_npz), *CONV, "--head", "dense", "--head-units", "1")
    assert doc["data"]["targets_check"]["outcome"] == "silent"
    assert doc["data"]["keras"]["training_step_outcome"] == "silent"
    assert checks(doc)[STEP]["passed"]


def test_per_step_through_a_conv_names_the_layer_that_shortened_time(
    invoke: Invoke, per_step_npz: Path
) -> None:
    doc = run_json(
        invoke,
        "--data",
        str(per_step_npz),
        *CONV,
        "--return-sequences",
        "--head",
        "dense",
        "--head-units",
        "1",
        "--loss",
        "binary_crossentropy",
    )
    target = doc["data"]["targets_check"]
    assert target["outcome"] == "raises" and doc["data"]["output_shape"] == [8, 9, 1]
    assert "conv1d (kernel 4, strides 1, valid padding: 12 → 9 steps)" in target["fix"]
    assert checks(doc)[STEP]["passed"]


def test_a_verdict_keras_contradicts_fails_naming_both(
    invoke: Invoke, per_step_npz: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were our rule for binary_crossentropy wrong (broadcasting), the training step says so: exit 1."""
    rules = dict(losses.RULES)
    rules[LossName.BINARY_CROSSENTROPY] = (Rule.BROADCAST, "binary_crossentropy")
    monkeypatch.setattr(losses, "RULES", rules)
    args = ("--data", str(per_step_npz), *CONV, "--head", "dense", "--head-units", "1")
    result = invoke(*args, "--loss", "binary_crossentropy", "--json")
    assert result.exit_code == 1
    step = checks(json.loads(result.stdout))[STEP]
    assert not step["passed"]
    assert (
        "we predicted Keras trains on mismatched targets without a word, but Keras raises" in step["detail"]
    )
    korean = invoke(*args, "--loss", "binary_crossentropy", "--lang", "ko")
    assert korean.exit_code == 1 and "✓ " + "실제 학습" not in korean.stdout


@pytest.mark.parametrize(
    "loss", ["mape", "huber", "categorical_focal_crossentropy", "kl_divergence", "cosine_similarity"]
)
def test_more_losses_agree_with_the_training_step(invoke: Invoke, per_step_npz: Path, loss: str) -> None:
    doc = run_json(
        invoke,
        "--data",
        str(per_step_npz),
        "--units",
        "3",
        "--batch",
        "8",
        "--head",
        "dense",
        "--head-units",
        "2",
        "--loss",
        loss,
    )
    assert checks(doc)[STEP]["passed"], checks(doc)[STEP]
    assert doc["data"]["targets_check"]["outcome"] == doc["data"]["keras"]["training_step_outcome"]


def test_an_unknown_loss_lists_every_one(invoke: Invoke, per_step_npz: Path) -> None:
    result = invoke("--data", str(per_step_npz), "--loss", "msee", "--no-run")
    assert result.exit_code == 2
    for loss in LossName:
        assert loss.value in result.stderr.replace("\n", "")


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from lstm_shapes.observe.framework import import_keras

    keras = import_keras(None)
    layers = keras.layers
    folder = tmp_path_factory.mktemp("model_targets")
    found: dict[str, Path] = {}
    built = {
        "pooled": [
            layers.Conv1D(4, 3, padding="same", name="conv"),
            layers.MaxPooling1D(4, name="max_pooling1d"),
            layers.LSTM(4, return_sequences=True, name="lstm"),
            layers.Dense(1, name="out"),
        ],
        "last": [layers.LSTM(4, name="encoder"), layers.Dense(1, name="out")],
        "flat": [
            layers.LSTM(4, return_sequences=True, name="lstm"),
            layers.Flatten(name="flat"),
            layers.Dense(1),
        ],
        "wide": [layers.LSTM(4, return_sequences=True, name="lstm"), layers.Dense(3, name="scores")],
    }
    for name, stack in built.items():
        window = None if name != "flat" else 16
        found[name] = folder / f"{name}.keras"
        keras.Sequential([keras.Input((window, 3)), *stack]).save(found[name])
    rng = np.random.default_rng(0)
    lines = ["a,b,c,y"] + [",".join(f"{v:.3f}" for v in rng.uniform(size=4)) for _ in range(60)]
    found["table"] = folder / "t.csv"
    found["table"].write_text("\n".join(lines) + "\n")
    return found


def inspect_json(invoke: Invoke, model: Path, table: Path, *args: str) -> dict[str, Any]:
    common = ("--columns", "a,b,c", "--target", "y", "--window", "16", "--batch", "8")
    result = invoke("inspect", str(model), "--data", str(table), *common, *args, "--json")
    assert result.exit_code in (0, 1), result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def no_stack_flags(text: str) -> None:
    for flag in ("--return-sequences", "--head", "--conv-"):
        assert flag not in text, text


def test_model_pooling_shortens_time_and_the_fix_follows_it(invoke: Invoke, models: dict[str, Path]) -> None:
    doc = inspect_json(invoke, models["pooled"], models["table"], "--target-steps", "all")
    target = doc["data"]["targets_check"]
    assert doc["data"]["output_shape"] == [8, 4, 1]  # the real output, not the window
    assert target["outcome"] == "raises" == doc["data"]["keras"]["training_step_outcome"]
    assert "y has 16 steps per window; the output has 4 after max_pooling1d" in target["fix"]
    assert "pool 4" in target["fix"] and "16 → 4" in target["fix"]
    no_stack_flags(target["fix"])
    assert checks(doc)[STEP]["passed"]


def test_model_layer_without_return_sequences_is_named(invoke: Invoke, models: dict[str, Path]) -> None:
    doc = inspect_json(
        invoke, models["last"], models["table"], "--target-steps", "all", "--loss", "binary_crossentropy"
    )
    fix = doc["data"]["targets_check"]["fix"]
    assert "set return_sequences=True on encoder" in fix
    no_stack_flags(fix)
    assert checks(doc)[STEP]["passed"]


def test_model_flatten_is_named_as_what_dropped_time(invoke: Invoke, models: dict[str, Path]) -> None:
    doc = inspect_json(invoke, models["flat"], models["table"], "--target-steps", "all")
    fix = doc["data"]["targets_check"]["fix"]
    assert "flat (Flatten) drops the time axis" in fix
    no_stack_flags(fix)


def test_model_last_axis_names_the_last_layer(invoke: Invoke, models: dict[str, Path]) -> None:
    doc = inspect_json(
        invoke, models["wide"], models["table"], "--target-steps", "all", "--loss", "categorical_crossentropy"
    )
    fix = doc["data"]["targets_check"]["fix"]
    assert "give the model's last layer scores 1 units" in fix
    no_stack_flags(fix)
    assert doc["data"]["keras"]["training_step_outcome"] == "raises" and checks(doc)[STEP]["passed"]
    sparse = inspect_json(
        invoke,
        models["wide"],
        models["table"],
        "--target-steps",
        "all",
        "--loss",
        "sparse_categorical_crossentropy",
    )
    # Values in 0..1 are not whole numbers: Keras casts them to integers and trains without a word.
    assert sparse["data"]["targets_check"]["outcome"] == "silent"
    assert "scores" in sparse["data"]["targets_check"]["fix"]
    no_stack_flags(sparse["data"]["targets_check"]["fix"])
    assert checks(sparse)[STEP]["passed"], checks(sparse)[STEP]
