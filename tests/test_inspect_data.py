"""`inspect MODEL --data FILE`: the user's windows fitted to a saved model's own input.

The windows are checked against `keras.utils.timeseries_dataset_from_array` called here on
the same columns; a table that does not fit the model is refused (exit 2) with both shapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.observe.framework import import_keras
from tests.conftest import Invoke

keras = import_keras()
layers = keras.layers

COLUMNS = ("open", "high", "low", "close", "volume")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("model_data")
    found: dict[str, Path] = {}
    three = keras.Sequential(
        [keras.Input((None, 3)), layers.LSTM(4, name="lstm"), layers.Dense(1, name="out")]
    )
    found["three"] = folder / "three.keras"
    three.save(found["three"])
    seq = keras.Sequential(
        [
            keras.Input((None, 3)),
            layers.GRU(2, return_sequences=True, name="gru"),
            layers.Dense(1, name="out"),
        ]
    )
    found["seq"] = folder / "seq.keras"
    seq.save(found["seq"])
    fixed = keras.Sequential([keras.Input((6, 5)), layers.LSTM(3, name="lstm")])
    found["fixed"] = folder / "fixed.keras"
    fixed.save(found["fixed"])
    a, b = keras.Input((None, 3)), keras.Input((None, 3))
    found["two"] = folder / "two.keras"
    keras.Model([a, b], layers.Concatenate()([layers.LSTM(2)(a), layers.LSTM(2)(b)])).save(found["two"])
    rng = np.random.default_rng(0)
    table = rng.normal(size=(30, len(COLUMNS))).round(3)
    found["prices"] = folder / "prices.csv"
    lines = ["date," + ",".join(COLUMNS)] + [
        f"2024-01-{i + 1:02d}," + ",".join(str(v) for v in row) for i, row in enumerate(table)
    ]
    found["prices"].write_text("\n".join(lines) + "\n")
    found["windows"] = folder / "windows.npy"
    np.save(found["windows"], rng.normal(size=(7, 4, 5)).astype("float32"))
    return found


def inspect_json(invoke: Invoke, *args: str, code: int = 0) -> dict[str, Any]:
    result = invoke("inspect", *args, "--json")
    assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_windows_are_keras_own_for_the_models_input(invoke: Invoke, files: dict[str, Path]) -> None:
    args = ("--columns", "open,high,low", "--target", "close", "--window", "4", "--batch", "5")
    data = inspect_json(invoke, str(files["three"]), "--data", str(files["prices"]), *args)
    assert data["ok"], data["checks"]
    # Keras's own windows of the same three columns, with the close one row after each window.
    import pandas as pd

    frame = pd.read_csv(files["prices"])
    x = frame[["open", "high", "low"]].to_numpy("float32")
    y = frame[["close"]].to_numpy("float32")
    dataset = keras.utils.timeseries_dataset_from_array(x, y[4:], sequence_length=4, batch_size=5)
    first_x, first_y = next(iter(dataset))
    assert data["inputs"][0]["shape"] == list(first_x.shape) == [5, 4, 3]
    assert data["data"]["batches"] == int(dataset.cardinality())
    assert data["data"]["keras"]["first_x_shape"] == list(first_x.shape)
    assert data["data"]["keras"]["first_y_shape"] == list(first_y.shape)
    assert data["data"]["columns"] == ["open", "high", "low"]
    tensors = {t["name"]: t["shape"] for t in data["tensors"]}
    assert tensors["lstm.hidden"] == [5, 4] and tensors["out.output"] == [5, 1]
    checks = {c["name"]: c["passed"] for c in data["checks"]}
    assert checks["windows match Keras's timeseries_dataset_from_array"]
    assert checks["targets fit the output as the loss sees them"]


def test_more_columns_than_the_model_wants(invoke: Invoke, files: dict[str, Path]) -> None:
    result = invoke("inspect", str(files["three"]), "--data", str(files["prices"]))
    assert result.exit_code == 2, result.output
    assert (
        "the model wants 3 features per step; prices.csv gives 5 columns "
        "(open, high, low, close, volume): choose 3 with --columns" in result.output
    )
    assert "--columns open,high,low" in result.output
    assert "Traceback" not in result.output
    korean = invoke("inspect", str(files["three"]), "--data", str(files["prices"]), "--lang", "ko")
    assert (
        korean.exit_code == 2
        and "피처 3개" in korean.output
        and "--columns로 3개를 고르세요" in korean.output
    )


def test_fewer_columns_than_the_model_wants(invoke: Invoke, files: dict[str, Path]) -> None:
    result = invoke("inspect", str(files["fixed"]), "--data", str(files["prices"]), "--columns", "open,low")
    assert result.exit_code == 2
    assert "the model wants 5 features per step; prices.csv gives only 2 columns (open, low)" in result.output


def test_the_models_window_is_used_and_a_different_one_refused(
    invoke: Invoke, files: dict[str, Path]
) -> None:
    data = inspect_json(invoke, str(files["fixed"]), "--data", str(files["prices"]), "--batch", "4")
    assert data["inputs"][0]["shape"] == [4, 6, 5] and data["data"]["window"] == 6
    assert data["data"]["samples"] == 30 - 6 + 1  # no target: every start
    refused = invoke("inspect", str(files["fixed"]), "--data", str(files["prices"]), "--window", "3")
    assert refused.exit_code == 2
    assert "takes 6 time steps, but --window is 3" in refused.output
    array = invoke("inspect", str(files["fixed"]), "--data", str(files["windows"]))
    assert array.exit_code == 2
    assert "windows.npy holds windows of 4 time steps, but the model's input takes 6" in array.output


def test_targets_the_output_cannot_take_fail_the_check(invoke: Invoke, files: dict[str, Path]) -> None:
    args = ("--columns", "open,high,low", "--target", "close", "--window", "4", "--target-steps", "last")
    data = inspect_json(invoke, str(files["seq"]), "--data", str(files["prices"]), *args, code=1)
    check = next(c for c in data["checks"] if c["name"] == "targets fit the output as the loss sees them")
    assert not check["passed"] and "--target-steps all" in check["detail"]
    per_step = inspect_json(invoke, str(files["seq"]), "--data", str(files["prices"]), *args[:-1], "all")
    assert per_step["data"]["y_shape"][1:] == [4, 1] and per_step["ok"]


def test_inputs_data_cannot_fill_are_refused(invoke: Invoke, files: dict[str, Path]) -> None:
    two = invoke("inspect", str(files["two"]), "--data", str(files["prices"]))
    assert two.exit_code == 2 and "the model takes 2" in two.output
    seeded = invoke("inspect", str(files["three"]), "--data", str(files["prices"]), "--seed", "3")
    assert seeded.exit_code == 2 and "--seed: means nothing with --data" in seeded.output
    alone = invoke("inspect", str(files["three"]), "--columns", "open")
    assert alone.exit_code == 2 and "--columns means nothing without --data" in alone.output
    missing = invoke("inspect", str(files["three"]), "--data", str(files["prices"].with_name("none.csv")))
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_table_shows_the_data_block(invoke: Invoke, files: dict[str, Path]) -> None:
    args = ("--data", str(files["prices"]), "--columns", "open,high,low", "--window", "4")
    result = invoke("inspect", str(files["three"]), *args, env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.output
    assert "data: prices.csv" in result.stdout and "rows labelled by: date" in result.stdout
    assert "(32, 4, 3)" not in result.stdout  # 27 windows: the first batch holds them all
    assert "(27, 4, 3)" in result.stdout


def test_flags_the_model_leaves_no_room_for_are_refused(
    invoke: Invoke, tmp_path: Path, files: dict[str, Path]
) -> None:
    assert invoke("inspect", str(files["fixed"]), "--window", "6", "--batch", "2").exit_code == 0
    window = invoke("inspect", str(files["fixed"]), "--window", "9")
    assert window.exit_code == 2
    assert "every input of the model fixes its time steps (6), so --window 9 changes nothing" in window.output
    stateful = tmp_path / "stateful.keras"
    keras.Sequential([keras.Input((None, 2), batch_size=4), layers.LSTM(2, stateful=True)]).save(stateful)
    assert invoke("inspect", str(stateful), "--window", "3").exit_code == 0
    batch = invoke("inspect", str(stateful), "--batch", "3")
    assert batch.exit_code == 2 and "fixes its batch size at 4" in batch.output
    flat = tmp_path / "flat.keras"
    keras.Sequential([keras.Input((5,)), layers.Dense(2)]).save(flat)
    no_time = invoke("inspect", str(flat), "--window", "3", "--lang", "ko")
    assert no_time.exit_code == 2 and "타임스텝 축이 없습니다" in no_time.output
