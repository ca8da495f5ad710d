"""Samples with no valid step (`--lengths 5,0`), and what `mask_zero` leaves in the Embedding's output.

Keras is the oracle: the same layer, built by Keras here with the tool's weights, on the
padded sample; a fully masked sample comes back all zeros (output and states) on the CPU,
and the Embedding's vector at a padded id 0 is row 0 of its table, not zeros. TensorFlow runs
in this process; JAX and PyTorch each in a subprocess of the tool (`--backend`), marked slow.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from lstm_shapes import LayerSpec, StackSpec, inspect_stack
from lstm_shapes.predict.kernels import MASK_EMPTY, mask_kind, predict_kernel_path
from lstm_shapes.spec.backend_choice import CUDNN, GENERIC
from lstm_shapes.spec.masking import EmbeddingSpec

SMALL = ("--batch", "2", "--window", "5", "--features", "2", "--units", "3")


def keys(report: Any) -> dict[str, Any]:
    return {check.name.key: check for check in report.checks if hasattr(check.name, "key")}


def test_zero_length_is_a_fully_masked_mask_kind() -> None:
    assert mask_kind(True, (5, 0), 5, pre=False) == MASK_EMPTY
    assert mask_kind(True, (5, 0), 5, pre=True) == MASK_EMPTY
    lstm = LayerSpec(3)
    gpu_path = predict_kernel_path("l", lstm, "tensorflow", True, 1, MASK_EMPTY)
    assert gpu_path.path == GENERIC
    assert any(getattr(r, "key", "") == "fully_masked" for r in gpu_path.reasons)
    # Right-padded without an empty sample keeps cuDNN: the empty sample alone is the cause.
    assert (
        predict_kernel_path("l", lstm, "tensorflow", True, 1, mask_kind(True, (5, 2), 5, False)).path == CUDNN
    )


def test_negative_length_is_refused(invoke: Any) -> None:
    result = invoke(*SMALL, "--mask-value", "0", "--lengths", "5,-1", "--no-run", "--json")
    assert result.exit_code == 2
    assert "sample 1 has length -1" in result.output


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_zero_length_runs_and_is_zeros_as_in_keras(padding: str) -> None:
    import keras

    spec = StackSpec(
        batch=2,
        window=5,
        features=2,
        layers=(LayerSpec(3, return_sequences=True, return_state=True),),
        mask_value=0.0,
        lengths=(5, 0),
        padding=padding,
    )
    report = inspect_stack(spec, run=True)
    assert all(c.passed for c in report.checks), [c for c in report.checks if not c.passed]
    found = [c for c in report.checks if getattr(c.name, "key", "") == "empty_sample_check"]
    assert len(found) == 1 and found[0].passed
    # Keras itself: a fully masked sample gives zeros for output, h and c.
    x = np.random.default_rng(1).uniform(size=(2, 5, 2)).astype("float32")
    x[1] = 0.0
    layer = keras.layers.LSTM(3, return_sequences=True, return_state=True)
    out, h, c = (keras.ops.convert_to_numpy(t) for t in layer(keras.layers.Masking(0.0)(x)))
    assert not out[1].any() and not h[1].any() and not c[1].any()
    assert out[0].any()


def test_zero_length_in_the_table_and_explain(invoke: Any) -> None:
    args = (*SMALL, "--mask-value", "0", "--lengths", "5,0", "--return-sequences")
    result = invoke(*args, "--no-run", "--explain")
    assert result.exit_code == 0, result.output
    assert "no valid step" in result.output and "InvalidArgumentError" in result.output
    korean = invoke(*args, "--no-run", "--explain", "--lang", "ko")
    assert korean.exit_code == 0 and "유효한 스텝이 없" in korean.output


def _checks(document: Any) -> list[dict[str, Any]]:
    """Every check in a JSON document, however deep (one backend, or several side by side)."""
    if isinstance(document, dict):
        found = [document] if {"name", "passed"} <= document.keys() else []
        return found + [c for v in document.values() for c in _checks(v)]
    if isinstance(document, list):
        return [c for v in document for c in _checks(v)]
    return []


@pytest.mark.slow
def test_zero_length_on_jax_and_torch(invoke: Any) -> None:
    """Each backend in its own process (Keras takes one backend per process)."""
    args = (*SMALL, "--mask-value", "0", "--lengths", "5,0", "--return-state")
    result = invoke(*args, "--backend", "jax,torch", "--json")
    assert result.exit_code == 0, result.output
    empty = [c for c in _checks(json.loads(result.stdout)) if "no valid step" in c["name"]]
    for backend in ("jax", "torch"):
        assert any(c["name"].startswith(f"{backend}:") and c["passed"] for c in empty), empty


def test_embedding_row_zero_at_padded_ids() -> None:
    """mask_zero masks; it does not zero: the vector at id 0 is the table's row 0."""
    import keras

    spec = StackSpec(
        batch=2,
        window=4,
        features=1,
        layers=(LayerSpec(2, return_sequences=True),),
        embedding=EmbeddingSpec(5, 3, mask_zero=True),
        lengths=(4, 2),
    )
    report = inspect_stack(spec, run=True)
    row = [c for c in report.checks if getattr(c.name, "key", "") == "padded_row0"]
    assert len(row) == 1 and row[0].passed, row
    # Keras: Embedding(mask_zero=True) on id 0 returns embeddings[0], a non-zero vector.
    layer = keras.layers.Embedding(5, 3, mask_zero=True)
    out = keras.ops.convert_to_numpy(layer(np.array([[0, 1]])))
    table = layer.get_weights()[0]
    assert np.array_equal(out[0, 0], table[0]) and table[0].any()


def test_compare_mask_says_what_id_zero_gives(invoke: Any) -> None:
    args = ("--batch", "2", "--window", "4", "--units", "2", "--embedding-vocab", "5", "--mask-zero")
    result = invoke(*args, "--lengths", "4,2", "--compare", "mask", "--no-run", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "embedding at id 0" in result.output
    assert "masked" in result.output and "read as data" in result.output
    explained = invoke(*args, "--lengths", "4,2", "--no-run", "--explain")
    assert "row 0 of the table" in " ".join(explained.output.split())
