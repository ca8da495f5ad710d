"""`inspect` on recurrent models written the way real users' questions write them, Keras as the oracle.

Tiny versions of:

- Stack Overflow 55765447, "Structure of initial_state for stacked LSTM": an encoder
  `RNN([LSTMCell, LSTMCell, LSTMCell], return_state=True)` whose per-cell states are handed
  to a decoder RNN of the same cells as `initial_state` (one [h, c] per cell);
- keras-team/keras#8823 and wanasit/katakana#1: a `Bidirectional(LSTM(..., return_state=True))`
  encoder whose forward and backward h and c are concatenated into a decoder `LSTM(2 × units)`'s
  `initial_state`;
- the video-classification pattern of many questions and blog posts (LRCN):
  `TimeDistributed(Conv2D)`, `TimeDistributed(MaxPooling2D)`, `TimeDistributed(Flatten)` on
  (frames, rows, cols, channels), then an LSTM and a Dense;
- digital-thinking.de's "returning hidden state in RNNs": `LSTM(1, return_state=True,
  return_sequences=True)` on (5, 1) with all three tensors as the model's outputs;
- a qiita.com question's `GRU(units=1)` on `Input(shape=(None, 1))`: a time axis of any length.

Each is saved in a temporary folder and inspected. The oracle: every tensor of the model
computed by Keras itself (a model over the layers' outputs, called on the same batch),
`layer.count_params()`, and the states a layer keeps, from a `return_state=True` copy with
its weights.
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
L = keras.layers
B, T = 2, 4


def _stacked_initial_state() -> Any:
    enc_in = keras.Input((None, 3), name="encoder_inputs")
    encoder = L.RNN([L.LSTMCell(4), L.LSTMCell(4), L.LSTMCell(4)], return_state=True, name="encoder")
    _, *states = encoder(enc_in)
    dec_in = keras.Input((None, 2), name="decoder_inputs")
    decoder = L.RNN([L.LSTMCell(4), L.LSTMCell(4), L.LSTMCell(4)], return_sequences=True, name="decoder")
    out = decoder(dec_in, initial_state=states)
    return keras.Model([enc_in, dec_in], L.Dense(2, name="dense")(out))


def _bidirectional_encoder() -> Any:
    enc_in = keras.Input((None, 3), name="encoder_inputs")
    encoder = L.Bidirectional(L.LSTM(3, return_state=True), name="encoder")
    _, fh, fc, bh, bc = encoder(enc_in)
    h = L.Concatenate(name="state_h")([fh, bh])
    c = L.Concatenate(name="state_c")([fc, bc])
    dec_in = keras.Input((None, 2), name="decoder_inputs")
    out = L.LSTM(6, return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
    return keras.Model([enc_in, dec_in], L.TimeDistributed(L.Dense(2), name="td")(out))


def _lrcn() -> Any:
    x = keras.Input((T, 8, 8, 1))
    y = L.TimeDistributed(L.Conv2D(2, 3, padding="same", activation="relu"), name="td_conv")(x)
    y = L.TimeDistributed(L.MaxPooling2D(4), name="td_pool")(y)
    y = L.TimeDistributed(L.Flatten(), name="td_flat")(y)
    y = L.LSTM(5, name="lstm")(y)
    return keras.Model(x, L.Dense(3, activation="softmax", name="dense")(y))


def _lstm_returning_states() -> Any:
    x = keras.Input((5, 1))
    out, h, c = L.LSTM(1, return_state=True, return_sequences=True, name="lstm")(x)
    return keras.Model(x, [out, h, c])


def _gru_any_length() -> Any:
    x = keras.Input((None, 1))
    return keras.Model(x, L.GRU(1, use_bias=False, name="gru")(x))


CASES = {
    "stacked_initial_state": _stacked_initial_state,
    "bidirectional_encoder": _bidirectional_encoder,
    "lrcn": _lrcn,
    "lstm_returning_states": _lstm_returning_states,
    "gru_any_length": _gru_any_length,
}


class Saved(dict[str, tuple[Path, Any]]):
    """Each case built and saved the first time a test asks for it (the slow ones only with -m slow)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, name: str) -> tuple[Path, Any]:
        model = CASES[name]()
        path = self.folder / f"{name}.keras"
        model.save(path)
        self[name] = (path, model)
        return path, model


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Saved:
    return Saved(tmp_path_factory.mktemp("questions"))


def _inspect(invoke: Invoke, path: Path, model: Any) -> dict[str, Any]:
    """`inspect --json`, with --window only where an input leaves its time steps open (None)."""
    open_time = any(i.shape[1] is None for i in model.inputs)
    window = ("--window", str(T)) if open_time else ()
    result = invoke("inspect", str(path), "--batch", str(B), *window, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _keras_outputs(model: Any, feeds: list[Any]) -> dict[str, list[tuple[int, ...]]]:
    """Every layer's outputs as Keras computes them on `feeds`, by layer name."""
    found = {}
    for layer in model.layers:
        if isinstance(layer, L.InputLayer):
            continue
        probe = keras.Model(model.inputs, layer.output)
        found[layer.name] = [tuple(t.shape) for t in keras.tree.flatten(probe(feeds))]
    return found


def _feeds(model: Any) -> list[Any]:
    rng = np.random.default_rng(0)
    return [
        rng.uniform(size=(B, *[T if d is None else d for d in i.shape[1:]])).astype("float32")
        for i in model.inputs
    ]


def _returned(data: dict[str, Any], layer: str) -> list[tuple[int, ...]]:
    return [tuple(t["shape"]) for t in data["tensors"] if t["layer"].split("[")[0] == layer and t["returned"]]


def _kept(data: dict[str, Any], layer: str) -> list[tuple[str, tuple[int, ...]]]:
    return [
        (t["name"], tuple(t["shape"]))
        for t in data["tensors"]
        if t["layer"].split("[")[0] == layer and not t["returned"]
    ]


# The everyday run keeps the two cases no other test covers (per-cell states handed between
# stacked RNNs, a Bidirectional encoder's states concatenated into a decoder); the rest run
# with -m slow (the everyday suite's budget is five minutes on two cores).
EVERYDAY = ("stacked_initial_state", "bidirectional_encoder")


@pytest.mark.parametrize(
    "case",
    [c if c in EVERYDAY else pytest.param(c, marks=pytest.mark.slow) for c in sorted(CASES)],
)
def test_every_layer_output_is_keras_own(
    invoke: Invoke, saved: dict[str, tuple[Path, Any]], case: str
) -> None:
    path, model = saved[case]
    data = _inspect(invoke, path, model)
    keras_says = _keras_outputs(model, _feeds(model))
    for layer, shapes in keras_says.items():
        assert _returned(data, layer) == shapes, layer
    params = {info["name"]: info["params"] for info in data["layers"]}
    for layer in model.layers:
        if layer.count_params():
            assert params[layer.name] == layer.count_params(), layer.name
    assert data["total_params"] == model.count_params()
    assert all(c["passed"] for c in data["checks"]), data["checks"]


def test_stacked_cells_keep_their_states_per_cell(invoke: Invoke, saved: dict[str, tuple[Path, Any]]) -> None:
    """The decoder does not return its states; each of its 3 cells still gets h and c rows."""
    path, model = saved["stacked_initial_state"]
    data = _inspect(invoke, path, model)
    assert _kept(data, "decoder") == [
        (f"decoder[{i}].{role}", (B, 4)) for i in range(3) for role in ("hidden", "cell")
    ]
    # The encoder returns them: 3 cells × (h, c), after its output.
    assert _returned(data, "encoder") == [(B, 4)] * 7
    names = [c["name"] for c in data["checks"]]
    assert "decoder: output[:, -1, :] == [2].h, the top cell's h" in names


def test_a_bidirectional_encoder_hands_both_directions_to_the_decoder(
    invoke: Invoke, saved: dict[str, tuple[Path, Any]]
) -> None:
    path, model = saved["bidirectional_encoder"]
    data = _inspect(invoke, path, model)
    roles = [t["role"] for t in data["tensors"] if t["layer"] == "encoder"]
    assert roles == ["output", "forward_hidden", "forward_cell", "backward_hidden", "backward_cell"]
    assert _returned(data, "state_h") == [(B, 6)]
    assert _kept(data, "decoder") == [("decoder.hidden", (B, 6)), ("decoder.cell", (B, 6))]


def test_returned_states_equal_keras_values(saved: dict[str, tuple[Path, Any]]) -> None:
    """digital-thinking.de's point, exactly: h is the last step of the sequence output."""
    from lstm_shapes.report.saved import inspect_model
    from lstm_shapes.sources.saved import parse_source

    path, model = saved["lstm_returning_states"]
    out, h, _ = (np.asarray(t) for t in model(np.linspace(0.1, 0.5, 5, dtype="float32").reshape(1, 5, 1)))
    assert np.array_equal(out[:, -1], h)
    report = inspect_model(parse_source(str(path)), batch=B, window=5)
    keys = [c.name.key for c in report.checks]  # type: ignore[attr-defined]
    assert "model_check_invariant" in keys and report.ok
