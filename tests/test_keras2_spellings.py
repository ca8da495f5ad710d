"""Keras 2 spellings answered with the Keras 3 way: in a spec file, and in the error Keras raises on a factory.

The factories are the spellings users post (keras-team/keras#20106: `LSTM(4,
batch_input_shape=(1, T, F), stateful=True)`; yangwohenmai/LSTM#19: `LSTM(units,
batch_size=n_batch, input_shape=...)`, `LSTM(n, input_length=..., input_dim=...)`), and
Keras 3.15 itself is the oracle of which ones it refuses.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lstm_shapes.spec.keras2 import keras2_in, keras2_key

FACTORIES = textwrap.dedent(
    """
    import keras

    def batch_input_shape():
        return keras.Sequential([keras.layers.LSTM(4, batch_input_shape=(1, 5, 7), stateful=True)])

    def stateful_batch_size():
        return keras.Sequential([keras.layers.LSTM(4, batch_size=1, input_shape=(5, 7), stateful=True)])

    def time_major():
        return keras.Sequential([keras.Input((5, 7)), keras.layers.LSTM(4, time_major=True)])

    def input_length():
        return keras.Sequential([keras.layers.LSTM(4, input_length=5, input_dim=7)])
    """
)


def test_error_messages_map_to_the_keras3_way() -> None:
    assert keras2_in("Unrecognized keyword arguments passed to LSTM: {'batch_input_shape': (1, 1, 7)}") == (
        "keras2_batch_input_shape"
    )
    assert (
        keras2_in("Unrecognized keyword arguments passed to LSTM: {'batch_size': 1}") == "keras2_batch_size"
    )
    assert (
        keras2_in("Input() got an unexpected keyword argument 'batch_input_shape'")
        == "keras2_batch_input_shape"
    )
    assert keras2_in("something else entirely") is None
    assert keras2_key("time_major") == "keras2_time_major" and keras2_key("units") is None


@pytest.mark.parametrize(
    ("function", "hint"),
    [
        ("batch_input_shape", "keras.Input(batch_shape=(B, T, F))"),
        ("stateful_batch_size", "then LSTM(units, stateful=True)"),
        ("time_major", "keras.ops.transpose(x, (1, 0, 2))"),
        ("input_length", "keras.Input(shape=(T,)"),
    ],
)
def test_a_factory_with_a_keras2_spelling(tmp_path: Path, invoke: Any, function: str, hint: str) -> None:
    path = tmp_path / "old_model.py"
    path.write_text(FACTORIES, encoding="utf-8")
    result = invoke("inspect", f"{path}:{function}", "--json")
    assert result.exit_code == 2, result.output
    error = json.loads(result.stdout or result.output)["error"] if result.stdout.strip() else None
    said = " ".join(result.output.split())
    assert "Unrecognized keyword arguments" in said
    assert hint in said, said
    if error is not None:
        assert hint in error["hint"]


def test_keras_itself_refuses_these_spellings() -> None:
    import keras

    for kwargs in ({"batch_input_shape": (1, 5, 7)}, {"batch_size": 1}, {"time_major": True}):
        with pytest.raises(ValueError, match="Unrecognized keyword arguments"):
            keras.layers.LSTM(4, **kwargs)


@pytest.mark.parametrize(
    ("table", "key", "hint"),
    [
        ("batch_input_shape = [2, 5, 3]\n[[case.layers]]\nunits = 4\n", "batch_input_shape", "batch_shape"),
        ("[[case.layers]]\nunits = 4\ntime_major = true\n", "time_major", "transpose"),
        ("[[case.layers]]\nunits = 4\ninput_shape = [5, 3]\n", "input_shape", "keras.Input(shape=(T, F))"),
        ("[[case.layers]]\nunits = 4\nstateful = true\nbatch_size = 2\n", "batch_size", "batch_shape"),
    ],
)
def test_a_spec_file_key_with_a_keras2_spelling(
    tmp_path: Path, invoke: Any, table: str, key: str, hint: str
) -> None:
    path = tmp_path / "old.toml"
    path.write_text('[[case]]\nname = "old"\n' + table, encoding="utf-8")
    result = invoke("check", "--no-run", str(path), "--json")
    assert result.exit_code == 2, result.output
    text = json.dumps(json.loads(result.stdout))
    assert key in text and hint in text
    korean = invoke("check", "--no-run", str(path), "--lang", "ko")
    assert korean.exit_code == 2 and "Keras2" in "".join(korean.output.split()) and "여기서" in korean.output


ACCEPTED = textwrap.dedent(
    """
    import keras

    def built():
        return keras.Sequential(
            [keras.Input((5,), dtype="int32"), keras.layers.Embedding(20, 4, input_length=5), keras.layers.LSTM(3)]
        )

    def unbuilt():
        return keras.Sequential([keras.layers.Embedding(20, 4, input_length=5), keras.layers.LSTM(3)])
    """
)


def test_spellings_keras_accepts_become_a_note(tmp_path: Path, invoke: Any) -> None:
    path = tmp_path / "accepted.py"
    path.write_text(ACCEPTED, encoding="utf-8")
    result = invoke("inspect", f"{path}:built", "--json")
    assert result.exit_code == 0, result.output
    (note,) = json.loads(result.stdout)["notes"]
    assert "input_length on Embedding is Keras 2" in note
    table = invoke("inspect", f"{path}:built", "--lang", "ko")
    assert "Keras 2 표기" in table.output
    # Without an Input, input_length leaves the model with no inputs: the refusal says why.
    refused = invoke("inspect", f"{path}:unbuilt")
    assert refused.exit_code == 2 and "keras.Input(shape=(T,)" in " ".join(refused.output.split())


def test_a_legacy_h5_with_time_major(tmp_path: Path, invoke: Any) -> None:
    """A Keras 2 .h5 whose LSTM config carries time_major: Keras 3 refuses it; we say the Keras 3 way."""
    import h5py
    import keras

    path = tmp_path / "old.h5"
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4)])
    model.save(path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"]:
            if layer["class_name"] == "LSTM":
                layer["config"]["time_major"] = False
        f.attrs["model_config"] = json.dumps(config)
    result = invoke("inspect", str(path))
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert "time_major" in said and "keras.ops.transpose" in said
