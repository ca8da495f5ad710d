"""What a user runs first, on whatever TensorFlow and Keras they have: the smoke subset.

Every test here carries the `smoke` marker, which `.ci/matrix.sh` runs on the oldest Python
with the lowest versions the declared ranges allow, and on the newest Python with the newest
versions. Each one really runs Keras (tiny sizes) and asserts on `--json`: every layer kind,
`check` on every example spec file, `--data`, masks, `inspect` of a saved model, `--no-run`.
The tool compares its prediction with what Keras produced, so `ok` is Keras as the oracle.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

pytestmark = pytest.mark.smoke

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TINY = ("--batch", "2", "--window", "4", "--units", "3")


def observed(invoke: Invoke, *args: str) -> dict[str, Any]:
    """Run `lstm-shapes ARGS --json` for real: it must exit 0, computed by the installed Keras."""
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["source"] == "observed"
    assert data["keras_version"] == importlib.metadata.version("keras")
    # PyTorch's own version may add its build ('2.2.0+cu121') to what its metadata says.
    assert data["backend_version"].split("+")[0] == importlib.metadata.version(data["backend"]).split("+")[0]
    return data


def shapes(data: dict[str, Any]) -> dict[str, list[int | None]]:
    return {t["name"]: t["shape"] for t in data["tensors"]}


@pytest.mark.parametrize("cell", ["lstm", "gru", "simple-rnn"])
@pytest.mark.parametrize(
    "extra",
    [
        "--return-sequences --return-state",
        "--bidirectional --merge-mode sum --return-state",
        "--conv-filters 2 --conv-kernel-size 2 --return-sequences --head time-distributed",
    ],
    ids=["states", "bidirectional", "conv-head"],
)
def test_every_layer_kind_runs(invoke: Invoke, cell: str, extra: str) -> None:
    data = observed(invoke, *TINY, "--cell", cell, *extra.split())
    assert {layer["config"]["cell"] for layer in data["layers"] if "cell" in layer["config"]} == {cell}


def test_the_canonical_call(invoke: Invoke) -> None:
    data = observed(invoke, "--batch", "32", "--window", "25", "--units", "20", "--return-sequences")
    assert shapes(data)["lstm_1.output"] == [32, 25, 20]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_check_example_spec_file(invoke: Invoke, path: Path) -> None:
    result = invoke("check", str(path), "--json")
    assert result.exit_code == 0, result.output
    cases = json.loads(result.stdout)["cases"]
    assert cases and {c["status"] for c in cases} == {"passed"}, [(c["case"], c["detail"]) for c in cases]


def test_data_file(invoke: Invoke) -> None:
    data = observed(
        invoke,
        "--data",
        str(EXAMPLES / "seattle-weather.csv"),
        "--columns",
        "temp_max,temp_min,wind",
        "--target",
        "temp_max",
        "--window",
        "25",
        "--head",
        "dense",
        "--head-units",
        "1",
    )
    assert shapes(data)["head.output"] == [32, 1]


@pytest.mark.parametrize(
    "args",
    [
        "--embedding-vocab 20 --embedding-dim 4 --mask-zero --lengths 4,3 --padding post",
        "--cell gru --features 2 --mask-value 0 --lengths 1,4 --bidirectional",
    ],
    ids=["mask-zero", "mask-value"],
)
def test_masks(invoke: Invoke, args: str) -> None:
    observed(invoke, *TINY, *args.split(), "--return-sequences", "--return-state")


def test_inspect_saved_model(invoke: Invoke, tmp_path: Path) -> None:
    from lstm_shapes.observe.framework import import_keras

    keras = import_keras()
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input((None, 3)),
            layers.LSTM(4, return_sequences=True, name="lstm"),
            layers.GRU(2, name="gru"),
            layers.Dense(1, name="dense"),
        ]
    )
    path = tmp_path / "model.keras"
    model.save(path)
    result = invoke("inspect", str(path), "--batch", "2", "--window", "5", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True
    found = shapes(data)
    assert found["lstm.output"] == [2, 5, 4]
    assert found["gru.hidden"] == [2, 2]
    assert found["dense.output"] == [2, 1]


def test_no_run_predicts(invoke: Invoke) -> None:
    result = invoke(*TINY, "--cell", "gru", "--return-state", "--no-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "predicted"
    assert shapes(data)["gru_1.hidden"] == [2, 3]


def test_check_no_run_on_every_example(invoke: Invoke) -> None:
    result = invoke("check", "--no-run", "--json", *map(str, sorted(EXAMPLES.glob("*.toml"))))
    assert result.exit_code == 0, result.output
    assert {c["status"] for c in json.loads(result.stdout)["cases"]} == {"passed"}
