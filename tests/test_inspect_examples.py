"""`inspect` on models written the way Keras's own published examples write them (keras.io).

The models are tiny versions of three examples: sequence-to-sequence (`lstm_seq2seq`: an
encoder whose states are handed to a decoder as `initial_state`, then the inference encoder
and decoder built from the loaded model), text classification (an Embedding with
`mask_zero=True` under two Bidirectional LSTMs, as `bidirectional_lstm_imdb` stacks them) and
time-series forecasting (`timeseries_weather_forecasting`: LSTM(32) on (window, features)).
Each is saved in a temporary folder and inspected. What the tool says is compared with what
Keras says on its own: every layer's outputs computed by a Keras model over all layer outputs,
the layer's symbolic output shapes, `layer.count_params()`, `model.count_params()`, and the
states a recurrent layer keeps, from a `return_state=True` layer the test builds and calls.
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

# Tiny sizes: the examples use latent_dim 256, 20,000 words and LSTM(64), 120 steps of 7 features.
NUM_ENCODER_TOKENS, NUM_DECODER_TOKENS, LATENT_DIM = 7, 5, 4
MAX_FEATURES, EMBED, TEXT_UNITS = 50, 8, 4
WEATHER_STEPS, WEATHER_FEATURES = 12, 7


def seq2seq(folder: Path) -> dict[str, Path]:
    """lstm_seq2seq: the training model, then the inference encoder and decoder from the loaded one."""
    encoder_inputs = keras.Input(shape=(None, NUM_ENCODER_TOKENS))
    encoder = keras.layers.LSTM(LATENT_DIM, return_state=True)
    _encoder_outputs, state_h, state_c = encoder(encoder_inputs)
    encoder_states = [state_h, state_c]
    decoder_inputs = keras.Input(shape=(None, NUM_DECODER_TOKENS))
    decoder_lstm = keras.layers.LSTM(LATENT_DIM, return_sequences=True, return_state=True)
    decoder_outputs, _, _ = decoder_lstm(decoder_inputs, initial_state=encoder_states)
    decoder_dense = keras.layers.Dense(NUM_DECODER_TOKENS, activation="softmax")
    decoder_outputs = decoder_dense(decoder_outputs)
    model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
    paths = {"s2s": folder / "s2s_model.keras"}
    model.save(paths["s2s"])

    model = keras.models.load_model(paths["s2s"])
    encoder_inputs = model.input[0]
    _, state_h_enc, state_c_enc = model.layers[2].output
    encoder_model = keras.Model(encoder_inputs, [state_h_enc, state_c_enc])
    decoder_inputs = model.input[1]
    decoder_states_inputs = [keras.Input(shape=(LATENT_DIM,)), keras.Input(shape=(LATENT_DIM,))]
    decoder_lstm = model.layers[3]
    decoder_outputs, state_h_dec, state_c_dec = decoder_lstm(
        decoder_inputs, initial_state=decoder_states_inputs
    )
    decoder_outputs = model.layers[4](decoder_outputs)
    decoder_model = keras.Model(
        [decoder_inputs, *decoder_states_inputs], [decoder_outputs, state_h_dec, state_c_dec]
    )
    paths["encoder"] = folder / "encoder.keras"
    paths["decoder"] = folder / "decoder.keras"
    encoder_model.save(paths["encoder"])
    decoder_model.save(paths["decoder"])
    return paths


def text_classifier(folder: Path) -> Path:
    """bidirectional_lstm_imdb, with the padding masked (Embedding(mask_zero=True)) as the masking guide does."""
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(MAX_FEATURES, EMBED, mask_zero=True)(inputs)
    x = layers.Bidirectional(layers.LSTM(TEXT_UNITS, return_sequences=True))(x)
    x = layers.Bidirectional(layers.LSTM(TEXT_UNITS))(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    path = folder / "text.keras"
    keras.Model(inputs, outputs).save(path)
    return path


def weather(folder: Path) -> Path:
    """timeseries_weather_forecasting: Input((steps, features)) -> LSTM(32) -> Dense(1)."""
    inputs = keras.layers.Input(shape=(WEATHER_STEPS, WEATHER_FEATURES))
    lstm_out = keras.layers.LSTM(32)(inputs)
    outputs = keras.layers.Dense(1)(lstm_out)
    path = folder / "weather.keras"
    keras.Model(inputs=inputs, outputs=outputs).save(path)
    return path


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("examples")
    return {**seq2seq(folder), "text": text_classifier(folder), "weather": weather(folder)}


def inspected(invoke: Invoke, path: Path, *args: str) -> dict[str, Any]:
    result = invoke("inspect", str(path), "--json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def feeds(data: dict[str, Any]) -> list[np.ndarray]:
    """A batch of the shapes and dtypes the tool used (token ids from 1, so nothing is masked)."""
    rng = np.random.default_rng(1)
    found = []
    for spec in data["inputs"]:
        if "int" in spec["dtype"]:
            found.append(rng.integers(1, spec["vocabulary"], size=spec["shape"]).astype(spec["dtype"]))
        else:
            found.append(rng.uniform(size=spec["shape"]).astype(spec["dtype"]))
    return found


def keras_layer_outputs(model: Any, batch: list[np.ndarray]) -> dict[str, list[tuple[int, ...]]]:
    """Every layer's outputs as Keras computes them: one model over all the layers' outputs."""
    wanted = [layer for layer in model.layers if layer.__class__.__name__ != "InputLayer"]
    outputs, owners = [], []
    for layer in wanted:
        found = layer.output if isinstance(layer.output, (list, tuple)) else [layer.output]
        outputs += list(found)
        owners += [layer.name] * len(found)
    values = keras.Model(model.inputs, outputs)(batch)
    shapes: dict[str, list[tuple[int, ...]]] = {}
    for owner, value in zip(owners, values, strict=True):
        shapes.setdefault(owner, []).append(tuple(value.shape))
    return shapes


def check_against_keras(data: dict[str, Any], path: Path) -> Any:
    """Each returned row equals Keras's output of that layer, on the batch and symbolically; params too."""
    model = keras.saving.load_model(path, compile=False)
    assert data["ok"], [c for c in data["checks"] if not c["passed"]]
    assert data["total_params"] == model.count_params()
    assert [i["name"] for i in data["inputs"]] == [t.name for t in model.inputs]
    assert [i["symbolic_shape"] for i in data["inputs"]] == [list(t.shape) for t in model.inputs]
    real = keras_layer_outputs(model, feeds(data))
    counted = {layer["name"]: layer["params"] for layer in data["layers"]}
    for layer in model.layers:
        if layer.__class__.__name__ == "InputLayer":
            continue
        returned = [t for t in data["tensors"] if t["layer"] == layer.name and t["returned"]]
        assert [tuple(t["shape"]) for t in returned] == real[layer.name], layer.name
        symbolic = layer.output if isinstance(layer.output, (list, tuple)) else [layer.output]
        assert [t["symbolic_shape"] for t in returned] == [list(s.shape) for s in symbolic], layer.name
        assert counted[layer.name] == layer.count_params(), layer.name
    assert sum(counted.values()) == model.count_params()
    return model


def rows(data: dict[str, Any], layer: str) -> dict[str, dict[str, Any]]:
    return {t["role"]: t for t in data["tensors"] if t["layer"] == layer}


def test_seq2seq_training_model(invoke: Invoke, examples: dict[str, Path]) -> None:
    data = inspected(invoke, examples["s2s"], "--batch", "3", "--window", "6")
    model = check_against_keras(data, examples["s2s"])
    encoder, decoder, dense = (layer.name for layer in model.layers[2:5])
    enc, dec = rows(data, encoder), rows(data, decoder)
    # The encoder returns (output, h, c); the decoder too, though only its output is used.
    assert [r["role"] for r in enc.values()] == ["output", "hidden", "cell"]
    assert all(r["returned"] for r in (*enc.values(), *dec.values()))
    assert enc["hidden"]["shape"] == enc["cell"]["shape"] == [3, LATENT_DIM]
    assert dec["output"]["shape"] == [3, 6, LATENT_DIM] and dec["hidden"]["shape"] == [3, LATENT_DIM]
    assert dec["output"]["axes"] == ["batch", "time steps", "units"]
    assert rows(data, dense)["output"]["shape"] == [3, 6, NUM_DECODER_TOKENS]
    lstm_params = 4 * (LATENT_DIM * (NUM_ENCODER_TOKENS + LATENT_DIM) + LATENT_DIM)
    assert {layer["name"]: layer["params"] for layer in data["layers"]}[encoder] == lstm_params
    checks = {c["name"] for c in data["checks"]}
    assert f"{encoder}: output == h" in checks and f"{decoder}: output[:, -1, :] == h" in checks


def test_seq2seq_inference_models(invoke: Invoke, examples: dict[str, Path]) -> None:
    encoder = inspected(invoke, examples["encoder"], "--batch", "2", "--window", "5")
    check_against_keras(encoder, examples["encoder"])
    assert [t["role"] for t in encoder["tensors"][1:]] == ["output", "hidden", "cell"]
    decoder = inspected(invoke, examples["decoder"], "--batch", "2", "--window", "1")
    model = check_against_keras(decoder, examples["decoder"])
    # Three inputs, each with its batch: the token step and the two states handed in as initial_state.
    assert [i["shape"] for i in decoder["inputs"]] == [
        [2, 1, NUM_DECODER_TOKENS],
        [2, LATENT_DIM],
        [2, LATENT_DIM],
    ]
    lstm = next(layer for layer in model.layers if layer.__class__.__name__ == "LSTM")
    found = rows(decoder, lstm.name)
    assert found["output"]["shape"] == [2, 1, LATENT_DIM] and found["cell"]["shape"] == [2, LATENT_DIM]
    # The decoder really reads the states it was handed: Keras's own h moves with them.
    step, h0, c0 = feeds(decoder)
    _, h_zero, _ = lstm(step, initial_state=[np.zeros_like(h0), np.zeros_like(c0)])
    _, h_given, _ = lstm(step, initial_state=[h0, c0])
    assert not np.allclose(np.asarray(h_zero), np.asarray(h_given))


def test_text_classifier_masked_bidirectional(invoke: Invoke, examples: dict[str, Path]) -> None:
    data = inspected(invoke, examples["text"], "--batch", "4", "--window", "7")
    model = check_against_keras(data, examples["text"])
    tokens = data["inputs"][0]
    assert tokens["dtype"] == "int32" and tokens["vocabulary"] == MAX_FEATURES and tokens["shape"] == [4, 7]
    embedding, lower, upper, _ = (layer.name for layer in model.layers[1:])
    assert rows(data, embedding)["output"]["shape"] == [4, 7, EMBED]
    states = ("forward_hidden", "forward_cell", "backward_hidden", "backward_cell")
    for name, shape in ((lower, [4, 7, 2 * TEXT_UNITS]), (upper, [4, 2 * TEXT_UNITS])):
        found = rows(data, name)
        assert found["output"]["shape"] == shape and found["output"]["returned"]
        for role in states:
            assert found[role]["shape"] == [4, TEXT_UNITS] and not found[role]["returned"], (name, role)
    # Keras's own Bidirectional(LSTM(return_state=True)) with the same weights, on a masked batch.
    ids = feeds(data)[0]
    ids[:, 4:] = 0
    vectors = model.layers[1](ids)
    mask = model.layers[1].compute_mask(ids)
    copy = layers.Bidirectional(layers.LSTM(TEXT_UNITS, return_sequences=True, return_state=True))
    result = copy(vectors, mask=mask)
    copy.set_weights(model.layers[2].get_weights())
    result = copy(vectors, mask=mask)
    assert [list(r.shape) for r in result[1:]] == [[4, TEXT_UNITS]] * 4
    np.testing.assert_array_equal(np.asarray(result[0]), np.asarray(model.layers[2](vectors, mask=mask)))
    checks = {c["name"]: c for c in data["checks"]}
    assert checks[f"{lower}: a return_state copy gives the layer's own output"]["passed"]
    assert checks[f"{upper}: output[:, :{TEXT_UNITS}] == forward h"]["passed"]


def test_weather_forecasting_lstm(invoke: Invoke, examples: dict[str, Path]) -> None:
    data = inspected(invoke, examples["weather"], "--batch", "5")
    model = check_against_keras(data, examples["weather"])
    # The model fixes its window: --window's default (25) does not replace the saved 12 steps.
    assert data["inputs"][0]["shape"] == [5, WEATHER_STEPS, WEATHER_FEATURES]
    lstm = model.layers[1]
    found = rows(data, lstm.name)
    assert found["output"]["shape"] == [5, 32] and found["output"]["axes"] == ["batch", "units"]
    assert not found["hidden"]["returned"] and not found["cell"]["returned"]
    copy = layers.LSTM(32, return_state=True)
    x = feeds(data)[0]
    copy(x)
    copy.set_weights(lstm.get_weights())
    out, h, c = copy(x)
    assert [list(h.shape), list(c.shape)] == [found["hidden"]["shape"], found["cell"]["shape"]]
    np.testing.assert_array_equal(np.asarray(out), np.asarray(lstm(x)))
    assert lstm.count_params() == 4 * (32 * (WEATHER_FEATURES + 32) + 32)
    weights = {layer["name"]: layer["weights"] for layer in data["layers"]}[lstm.name]
    assert [w["shape"] for w in weights] == [list(w.shape) for w in lstm.weights]


def test_example_tables_say_what_keras_says(invoke: Invoke, examples: dict[str, Path]) -> None:
    result = invoke("inspect", str(examples["text"]), "--batch", "2", "--window", "3", env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "Bidirectional(LSTM)" in result.stdout and "h → *" in result.stdout
    assert "token ids in [0, 49]" in result.stdout
    assert "(None, None, 8)" in result.stdout  # Keras's symbolic shape of the Bidirectional output
