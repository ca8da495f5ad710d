"""`--stateful --batches N`: each batch starts from the last one's final states, then reset_states().

Keras is the oracle twice over: the tool's own check compares the stateful layer with a fresh
copy given `initial_state`, and here Keras's stateful LSTM is run by hand against the same
rule. Tiny tensors; TensorFlow in-process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes import InvalidSpec, LayerSpec, StackSpec
from lstm_shapes.sources.specfile import load

SMALL = ("--batch", "2", "--window", "3", "--features", "2", "--units", "3")


def test_batches_need_a_stateful_layer() -> None:
    with pytest.raises(InvalidSpec) as caught:
        StackSpec(batches=3)
    assert caught.value.key == "batches_need_stateful"
    StackSpec(layers=(LayerSpec(stateful=True),), batches=3)


def test_batches_refusals_on_the_command_line(invoke: Any) -> None:
    result = invoke(*SMALL, "--batches", "3", "--no-run")
    assert result.exit_code == 2 and "no layer is stateful" in result.output
    result = invoke(*SMALL, "--stateful", "--batches", "0", "--no-run")
    assert result.exit_code == 2
    result = invoke(*SMALL, "--stateful", "--batches", "2", "--compare", "unroll", "--no-run")
    assert result.exit_code == 2 and "--batches" in result.output
    result = invoke(*SMALL, "--stateful", "--batches", "2", "--backend", "tensorflow,jax")
    assert result.exit_code == 2 and "one backend" in result.output


def test_no_run_says_the_plan(invoke: Any) -> None:
    result = invoke(*SMALL, "--stateful", "--batches", "3", "--no-run", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stateful"] == {"batches": 3, "batch": 2, "predicted_only": True}
    table = invoke(*SMALL, "--stateful", "--batches", "3", "--no-run")
    assert "3 consecutive batches" in table.output and "predicted only" in table.output


def test_each_batch_starts_from_the_last_ones_final_states(invoke: Any) -> None:
    args = (*SMALL, "--units", "2", "--cell", "gru", "--stateful", "--batches", "3", "--return-sequences")
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    stateful = document["stateful"]
    assert stateful["batches"] == 3 and stateful["source"] == "random"
    carried = stateful["carried"]
    assert [(c["layer"], c["batch"]) for c in carried] == [
        ("gru_1", 2),
        ("gru_2", 2),
        ("gru_1", 3),
        ("gru_2", 3),
    ]
    for c in carried:
        assert c["states"] == ["h"] and c["start_equals_final"]
        assert c["fresh_initial_state_diff"] == 0.0
        assert c["zero_start_diff"] > 0  # the carried states are what changes the output
    assert all(r["states_zero"] and r["batch_1_again_diff"] == 0.0 for r in stateful["reset_states"])
    assert all(check["passed"] for check in document["checks"])


def test_bidirectional_lstm_carries_four_states(invoke: Any) -> None:
    result = invoke(*SMALL, "--bidirectional", "--stateful", "--batches", "2", "--json")
    assert result.exit_code == 0, result.output
    (carried,) = json.loads(result.stdout)["stateful"]["carried"]
    assert carried["states"] == ["forward h", "forward c", "backward h", "backward c"]
    assert carried["fresh_initial_state_diff"] == 0.0


def test_keras_stateful_lstm_is_initial_state_from_the_last_batch() -> None:
    """The rule the tool checks, by hand in Keras: stateful batch 2 == fresh layer given batch 1's h, c."""
    import keras

    rng = np.random.default_rng(0)
    first, second = (rng.uniform(size=(2, 3, 2)).astype("float32") for _ in range(2))
    stateful = keras.layers.LSTM(3, stateful=True, return_state=True)
    _, h, c = stateful(first)
    out_2, _, _ = stateful(second)
    fresh = keras.layers.LSTM(3, return_state=True)
    fresh.build((2, 3, 2))
    fresh.set_weights(stateful.get_weights())
    given, _, _ = fresh(second, initial_state=[h, c])
    zeros, _, _ = fresh(second)
    assert np.array_equal(keras.ops.convert_to_numpy(out_2), keras.ops.convert_to_numpy(given))
    assert not np.allclose(keras.ops.convert_to_numpy(out_2), keras.ops.convert_to_numpy(zeros))
    stateful.reset_states()
    assert all(not keras.ops.convert_to_numpy(v.value).any() for v in stateful.states)


def test_explain_in_both_languages(invoke: Any) -> None:
    english = invoke(*SMALL, "--stateful", "--batches", "2", "--explain", "--no-run")
    text = " ".join(english.output.split())
    assert english.exit_code == 0
    for words in (
        "sample i of the next batch continues sample i",
        "shuffle=False",
        "reset_states()",
        "batch_shape",
    ):
        assert words in text
    korean = invoke(*SMALL, "--stateful", "--explain", "--no-run", "--lang", "ko")
    assert korean.exit_code == 0 and "shuffle=False" in korean.output and "샘플 i" in korean.output


def test_spec_file_batches(tmp_path: Path, invoke: Any) -> None:
    path = tmp_path / "stateful.toml"
    path.write_text(
        '[[case]]\nname = "carried"\nbatch = 2\nwindow = 3\nbatches = 3\n'
        "[[case.layers]]\nunits = 2\nstateful = true\n",
        encoding="utf-8",
    )
    (case,) = load(path)
    assert case.spec.batches == 3  # type: ignore[attr-defined]
    result = invoke("check", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert "batch 3 starts from batch 2" in result.stdout


def test_data_batches_are_kerass_consecutive_windows(tmp_path: Path, invoke: Any) -> None:
    import keras

    from lstm_shapes.observe.stateful import data_batches
    from lstm_shapes.predict.windows import WindowPlan

    values = np.arange(60, dtype="float32").reshape(30, 2)
    plan = WindowPlan(rows=30, window=4, features=2, stride=2, rate=1, batch=3)
    ours = data_batches(values, plan, 3)
    theirs = list(
        keras.utils.timeseries_dataset_from_array(
            values, None, sequence_length=4, sequence_stride=2, batch_size=3
        )
    )
    for mine, keras_batch in zip(ours, theirs[1:3], strict=True):
        assert np.array_equal(mine, keras.ops.convert_to_numpy(keras_batch))
    table = tmp_path / "series.csv"
    table.write_text("a,b\n" + "".join(f"{i},{i % 5}\n" for i in range(20)), encoding="utf-8")
    refused = invoke("--data", str(table), "--window", "4", "--batch", "8", "--stateful", "--batches", "3")
    assert refused.exit_code == 2 and "--batch 5 or less" in " ".join(refused.output.split())
    result = invoke(
        "--data", str(table), "--window", "4", "--batch", "8", "--stateful", "--batches", "2", "--json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stateful"]["source"] == "data"
