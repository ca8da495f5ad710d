"""--layout wide (a row per sample) and Parquet/Feather files, read through pandas and pyarrow."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from lstm_shapes.sources.data import DataOptions, from_frame, widen
from tests.conftest import Invoke


def frame(rows: int = 12, window: int = 4, features: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    cells = {
        f"{name}{t}": rng.uniform(size=rows).round(3) for t in range(window) for name in "abc"[:features]
    }
    return pd.DataFrame({"id": [f"s{i}" for i in range(rows)], **cells, "y": rng.integers(0, 2, rows)})


def as_json(invoke: Invoke, *args: str, code: int = 0) -> dict[str, Any]:
    result = invoke(*args, "--json")
    assert result.exit_code == code, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_wide_is_numpys_row_major_reshape() -> None:
    table = from_frame(frame(), DataOptions(target=("y",)))
    wide = widen(table, 4, None)
    raw = frame()[[f"{n}{t}" for t in range(4) for n in "ab"]].to_numpy("float32")
    assert np.array_equal(wide.values, raw.reshape(12, 4, 2))
    assert wide.wide_columns == (("a0", "b0"), ("a1", "b1"), ("a2", "b2"), ("a3", "b3"))
    assert wide.wide_first is not None and wide.wide_first[1] == tuple(float(v) for v in raw[0, 2:4])


def test_wide_through_the_cli_runs_in_keras(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "wide.csv"
    frame().to_csv(path, index=False)
    args = ("--data", str(path), "--layout", "wide", "--target", "y", "--units", "3", "--batch", "4")
    doc = as_json(invoke, *args, "--window", "4", "--head", "dense", "--head-units", "1")
    data = doc["data"]
    assert data["layout"] == "wide" and data["x_shape"] == [12, 4, 2] and data["y_shape"] == [12, 1]
    assert data["wide_columns"][2] == ["a2", "b2"]
    assert doc["ok"], [c for c in doc["checks"] if not c["passed"]]
    # --features alone says the window too: 8 columns / 2 features = 4 steps.
    by_features = as_json(invoke, *args, "--features", "2", "--no-run", code=1)
    assert by_features["data"]["x_shape"] == [12, 4, 2]
    text = invoke(*args, "--window", "4", "--head", "dense", "--head-units", "1", "--no-run")
    assert text.exit_code == 0 and "step 1 ← a1 = " in text.stdout


@pytest.mark.parametrize(
    ("flags", "key"),
    [
        (["--window", "3"], "which is not window × features"),
        ([], "needs the window"),
    ],
)
def test_wide_that_does_not_divide_is_refused(
    tmp_path: Path, invoke: Invoke, flags: list[str], key: str
) -> None:
    path = tmp_path / "wide.csv"
    frame().to_csv(path, index=False)
    result = invoke("--data", str(path), "--layout", "wide", "--target", "y", *flags, "--no-run")
    assert result.exit_code == 2 and key in result.stderr and "Traceback" not in result.output


def test_wide_on_an_array_already_windowed_and_a_bad_layout(tmp_path: Path, invoke: Invoke) -> None:
    np.save(tmp_path / "w.npy", np.zeros((5, 4, 2), "float32"))
    result = invoke("--data", str(tmp_path / "w.npy"), "--layout", "wide", "--no-run")
    assert result.exit_code == 2 and "already windowed" in result.stderr
    result = invoke("--data", str(tmp_path / "w.npy"), "--layout", "tall", "--no-run")
    assert result.exit_code == 2 and "long, wide" in result.stderr
    result = invoke("--layout", "wide", "--no-run")
    assert result.exit_code == 2


def test_wide_for_a_saved_model_takes_its_window_and_features(tmp_path: Path, invoke: Invoke) -> None:
    from lstm_shapes.observe.framework import import_keras

    keras = import_keras(None)
    model = keras.Sequential([keras.Input((4, 2)), keras.layers.LSTM(3), keras.layers.Dense(1)])
    model.save(tmp_path / "m.keras")
    path = tmp_path / "wide.csv"
    frame().to_csv(path, index=False)
    doc = as_json(
        invoke,
        "inspect",
        str(tmp_path / "m.keras"),
        "--data",
        str(path),
        "--layout",
        "wide",
        "--target",
        "y",
        "--batch",
        "4",
    )
    assert doc["data"]["x_shape"] == [12, 4, 2] and doc["ok"]


@pytest.mark.parametrize("suffix", [".parquet", ".feather"])
def test_parquet_and_feather_read_like_a_csv(tmp_path: Path, invoke: Invoke, suffix: str) -> None:
    data = frame(rows=30)
    csv, other = tmp_path / "t.csv", tmp_path / f"t{suffix}"
    data.to_csv(csv, index=False)
    data.to_parquet(other) if suffix == ".parquet" else data.to_feather(other)
    args = ("--columns", "a0,b0", "--target", "y", "--window", "4", "--no-run")
    from_csv = as_json(invoke, "--data", str(csv), *args, code=1)["data"]  # y (26, 1) against 20 units
    from_other = as_json(invoke, "--data", str(other), *args, code=1)["data"]
    for key in ("rows", "columns", "x_shape", "y_shape", "samples", "ranges", "label_column"):
        assert from_csv[key] == from_other[key], key


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("garbage.parquet", b"not parquet at all", "is not a Parquet file"),
        ("broken.parquet", b"PAR1 and then nothing", "is not a readable Parquet file"),
        ("garbage.feather", b"not feather", "is not a Feather file"),
        ("empty.feather", b"", "is empty"),
    ],
)
def test_careless_parquet_and_feather_files(
    tmp_path: Path, invoke: Invoke, name: str, content: bytes, text: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = invoke("--data", str(path), "--no-run")
    assert result.exit_code == 2 and text in result.stderr and "Traceback" not in result.output
    korean = invoke("--data", str(path), "--no-run", "--lang", "ko")
    assert korean.exit_code == 2 and str(path.name) in korean.stderr


def test_parquet_without_pyarrow_is_an_environment_problem(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    path = tmp_path / "t.parquet"
    frame().to_parquet(path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = invoke("--data", str(path), "--no-run")
    assert result.exit_code == 3 and "lstm-shapes[parquet]" in result.stderr
