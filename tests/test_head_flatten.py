"""--head flatten: Flatten then Dense, T × U × head_units + head_units parameters, checked against Keras."""

from __future__ import annotations

import json

import pytest

from lstm_shapes.predict.stack import predict
from lstm_shapes.spec.stack import HeadKind, HeadSpec, LayerSpec, StackSpec
from tests.conftest import Invoke


@pytest.mark.parametrize(
    ("flags", "steps", "units"),
    [
        (["--window", "6", "--units", "4"], 6, 4),
        (["--window", "9", "--units", "3", "--conv-filters", "2", "--conv-kernel-size", "4"], 6, 3),
        (["--window", "5", "--units", "2", "--bidirectional", "--merge-mode", "concat"], 5, 4),
    ],
)
def test_flatten_head_matches_keras(invoke: Invoke, flags: list[str], steps: int, units: int) -> None:
    result = invoke(
        *flags, "--batch", "2", "--return-sequences", "--head", "flatten", "--head-units", "3", "--json"
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    head = next(layer for layer in doc["layers"] if layer["name"] == "head")
    assert head["params"] == steps * units * 3 + 3
    assert doc["ok"], [c for c in doc["checks"] if not c["passed"]]
    assert next(t for t in doc["tensors"] if t["layer"] == "head")["shape"] == [2, 3]


def test_flatten_head_prediction_without_keras() -> None:
    spec = StackSpec(
        batch=2,
        window=7,
        features=1,
        layers=(LayerSpec(5, return_sequences=True),),
        head=HeadSpec(HeadKind.FLATTEN, 2),
    )
    report = predict(spec)
    assert report.layers[-1].params == 7 * 5 * 2 + 2
    assert report.tensors[-1].shape == (2, 2)


def test_flatten_head_on_a_2d_output_is_refused_with_the_reason(invoke: Invoke) -> None:
    result = invoke("--units", "4", "--head", "flatten", "--no-run")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "return_sequences is off" in result.stderr and "--return-sequences" in result.stderr
    korean = invoke("--units", "4", "--head", "flatten", "--no-run", "--lang", "ko")
    assert korean.exit_code == 2 and "Flatten은" in korean.stderr


def test_flatten_head_explained_and_its_formula(invoke: Invoke) -> None:
    result = invoke(
        "--window",
        "6",
        "--units",
        "4",
        "--return-sequences",
        "--head",
        "flatten",
        "--head-units",
        "3",
        "--no-run",
        "--explain",
        "--weights",
    )
    assert result.exit_code == 0, result.output
    assert "head: 6 × 4 × 3 + 3 = 75" in result.stdout
    assert "Flatten joins every step's values" in result.stdout.replace("\n", " ")
