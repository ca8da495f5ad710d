"""`inspect` on the whole recurrent family Keras ships, with Keras itself as the oracle.

Each case is one recurrent layer in a tiny model, saved to a .keras file. The oracle is the
same layer built by the test with `return_state=True` and run on a batch of the same shape:
its output and states, in Keras's order, are the rows the tool must show (returned or kept
inside). Parameter counts come from `layer.count_params()`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.observe.framework import import_keras
from lstm_shapes.report.saved import inspect_model
from lstm_shapes.sources.saved import parse_source
from tests.conftest import Invoke

keras = import_keras()
L = keras.layers

B, T = 2, 3

# name -> (input shape without the batch, the layer, made with or without return_state)
Case = tuple[tuple[int, ...], Callable[[bool], Any]]


def _bi_backward(rs: bool) -> Any:
    return L.Bidirectional(
        L.LSTM(3, return_sequences=True, return_state=rs),
        backward_layer=L.GRU(2, return_sequences=True, go_backwards=True, return_state=rs),
        name="layer",
    )


CASES: dict[str, Case] = {
    "rnn_lstm_cell": ((T, 3), lambda rs: L.RNN(L.LSTMCell(4), return_state=rs, name="layer")),
    "rnn_gru_cell_seq": (
        (T, 3),
        lambda rs: L.RNN(L.GRUCell(2), return_sequences=True, return_state=rs, name="layer"),
    ),
    "rnn_list_of_cells": (
        (T, 3),
        lambda rs: L.RNN([L.LSTMCell(4), L.GRUCell(3)], return_sequences=True, return_state=rs, name="layer"),
    ),
    "stacked_rnn_cells": (
        (T, 2),
        lambda rs: L.RNN(
            L.StackedRNNCells([L.SimpleRNNCell(3), L.LSTMCell(2)]), return_state=rs, name="layer"
        ),
    ),
    "bidirectional_rnn": (
        (T, 3),
        lambda rs: L.Bidirectional(L.RNN(L.GRUCell(2), return_state=rs), name="layer"),
    ),
    "bidirectional_backward_gru": ((T, 3), _bi_backward),
    "conv_lstm_1d": (
        (T, 6, 2),
        lambda rs: L.ConvLSTM1D(3, 3, return_sequences=True, return_state=rs, name="layer"),
    ),
    "conv_lstm_2d": (
        (T, 5, 4, 2),
        lambda rs: L.ConvLSTM2D(
            3, (3, 2), padding="same", return_sequences=True, return_state=rs, name="layer"
        ),
    ),
    "conv_lstm_3d": (
        (T, 4, 4, 3, 1),
        lambda rs: L.ConvLSTM3D(2, 2, strides=(1, 2, 1), return_state=rs, name="layer"),
    ),
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    """Each case saved without return_state, beside Keras's own outputs and states for it."""
    folder = tmp_path_factory.mktemp("family")
    rng = np.random.default_rng(0)
    made = {}
    for name, (shape, make) in CASES.items():
        inp = keras.Input(shape)
        layer = make(False)
        model = keras.Model(inp, layer(inp))
        path = folder / f"{name}.keras"
        model.save(path)
        # The oracle: the same layer, returning its states, with the saved layer's weights.
        # Called eagerly: Keras cannot trace a Bidirectional returning states of two kinds.
        oracle_layer = make(True)
        x = rng.uniform(size=(B, *shape)).astype("float32")
        oracle_layer(x)
        oracle_layer.set_weights(layer.get_weights())
        outs = [np.asarray(o) for o in keras.tree.flatten(oracle_layer(x))]
        made[name] = (path, {"outs": outs, "params": layer.count_params(), "total": model.count_params()})
    return made


def run_json(invoke: Invoke, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("inspect", *args, "--json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_row_is_keras_own(invoke: Invoke, saved: dict[str, tuple[Path, Any]], case: str) -> None:
    path, oracle = saved[case]
    _, data = run_json(invoke, str(path), "--batch", str(B))
    rows = [t for t in data["tensors"] if t["layer"].split("[")[0] == "layer"]
    assert [r["shape"] for r in rows] == [list(o.shape) for o in oracle["outs"]]
    assert {r["role"] for r in rows[1:]} <= {
        "hidden",
        "cell",
        "forward_hidden",
        "forward_cell",
        "backward_hidden",
        "backward_cell",
        "backward_output",
    }
    assert all("?" not in r["axes"] for r in rows), rows
    assert all(not r["returned"] for r in rows if r["role"] != "output" and "output" not in r["role"])
    (layer,) = [info for info in data["layers"] if info["name"] == "layer"]
    assert layer["params"] == oracle["params"]
    assert data["total_params"] == oracle["total"]


def test_stacked_rnn_output_is_the_top_cells_h_exactly(saved: dict[str, tuple[Path, Any]]) -> None:
    """Keras returns the top cell's output; the tool says so and checks it bit for bit."""
    path, oracle = saved["rnn_list_of_cells"]
    out, *states = oracle["outs"]
    np.testing.assert_array_equal(out[:, -1], states[-1])  # the oracle: LSTM h, c, then GRU h
    report = inspect_model(parse_source(str(path)), batch=B, window=T)
    invariants = [c for c in report.checks if c.name.key == "model_check_invariant"]  # type: ignore[attr-defined]
    assert len(invariants) == 1 and invariants[0].passed
    assert invariants[0].name.values["what"].key == "is_top_h"  # type: ignore[attr-defined]
    assert invariants[0].name.values["what"].values["index"] == "[1]"  # type: ignore[attr-defined]
    names = [t.row.name for t in report.tensors if t.row.layer.startswith("layer")]
    assert names == ["layer.output", "layer[0].hidden", "layer[0].cell", "layer[1].hidden"]
    assert report.kinds["layer"] == "RNN(LSTMCell, GRUCell)"


def test_conv_lstm_2d_axes_read_rows_and_cols(invoke: Invoke, saved: dict[str, tuple[Path, Any]]) -> None:
    path, _ = saved["conv_lstm_2d"]
    code, data = run_json(invoke, str(path), "--batch", str(B))
    assert code == 0
    by = {t["name"]: t for t in data["tensors"]}
    assert by["layer.output"]["axes"] == ["batch", "time steps", "rows", "cols", "filters"]
    assert by["layer.hidden"]["axes"] == ["batch", "rows", "cols", "filters"]
    assert by["layer.cell"]["axes"] == ["batch", "rows", "cols", "filters"]
    assert data["inputs"][0]["axes"] == ["batch", "time steps", "rows", "cols", "channels"]
    kernel = next(w for w in data["layers"] if w["name"] == "layer")["weights"][0]
    assert kernel == {"name": "kernel", "shape": [3, 2, 2, 12]}  # (k..., channels, 4 × filters)
    assert data["recurrent_layers"] == 1


@pytest.mark.parametrize("case", ["conv_lstm_1d", "conv_lstm_2d", "rnn_gru_cell_seq", "stacked_rnn_cells"])
def test_invariants_hold_exactly(saved: dict[str, tuple[Path, Any]], case: str) -> None:
    path, _ = saved[case]
    report = inspect_model(parse_source(str(path)), batch=B, window=T)
    keys = [c.name.key for c in report.checks]  # type: ignore[attr-defined]
    assert keys.count("model_check_invariant") == 1 and keys.count("model_check_copy") == 1
    assert report.ok, [(str(c.name), c.passed, str(c.detail)) for c in report.checks]


def test_bidirectional_backward_layer_of_another_kind(saved: dict[str, tuple[Path, Any]]) -> None:
    """The backward GRU keeps only h: its roles come from its own kind, not the forward LSTM's."""
    path, oracle = saved["bidirectional_backward_gru"]
    report = inspect_model(parse_source(str(path)), batch=B, window=T)
    roles = [t.row.role.value for t in report.tensors if t.row.layer == "layer"]
    assert roles == ["output", "forward_hidden", "forward_cell", "backward_hidden"]
    assert report.kinds["layer"] == "Bidirectional(LSTM, GRU)"
    by = {str(c.name.values.get("what", "")): c for c in report.checks}  # type: ignore[attr-defined]
    assert all(c.passed for key, c in by.items() if key.startswith("output["))
    # Keras's own symbolic shape doubles the forward width (3 + 3), but the layer returns 3 + 2:
    # the layer math (3 + 2) is what is checked, and Keras's disagreement is said as a note.
    assert oracle["outs"][0].shape[-1] == 5
    symbolic = next(c for c in report.checks if c.name.key == "model_check_symbolic")  # type: ignore[attr-defined]
    assert symbolic.passed
    assert [n.key for n in report.symbolic_notes] == ["model_note_symbolic"]


def test_time_distributed_lstm_gets_states_per_outer_step(invoke: Invoke, tmp_path: Path) -> None:
    inner = L.LSTM(2, name="inner")
    model = keras.Sequential([keras.Input((4, 3, 2)), L.TimeDistributed(inner, name="td")])
    path = tmp_path / "td.keras"
    model.save(path)
    code, data = run_json(invoke, str(path), "--batch", str(B))
    assert code == 0, data["checks"]
    by = {t["name"]: t for t in data["tensors"]}
    # Keras runs the LSTM once per outer step on (batch, 3, 2): its states are (batch, 2) each time.
    step_states = L.LSTM(2, return_state=True).compute_output_shape((B, 3, 2))[1:]
    assert by["td.hidden"]["shape"] == [B, 4, *step_states[0][1:]]
    assert by["td.cell"]["shape"] == [B, 4, *step_states[1][1:]]
    assert by["td.output"]["axes"] == ["batch", "time steps", "units"]
    assert data["inputs"][0]["axes"] == ["batch", "time steps", "time steps", "features"]
    assert data["layers"][0]["params"] == inner.count_params()


def test_custom_cell_from_a_factory_gets_states_by_position(invoke: Invoke, tmp_path: Path) -> None:
    """A cell nobody described: states named by position from its state_size, shapes observed."""
    factory = tmp_path / "cells.py"
    factory.write_text(
        "import keras\n"
        "class TwoStates(keras.layers.Layer):\n"
        "    def __init__(self, units, **kw):\n"
        "        super().__init__(**kw)\n"
        "        self.units = units\n"
        "        self.state_size = [units, 2 * units]\n"
        "        self.output_size = units\n"
        "    def build(self, shape):\n"
        "        self.w = self.add_weight(shape=(shape[-1], self.units), name='w')\n"
        "    def call(self, x, states):\n"
        "        h = keras.ops.tanh(keras.ops.matmul(x, self.w) + states[0])\n"
        "        return h, [h, keras.ops.concatenate([h, states[1][:, : self.units]], axis=-1)]\n"
        "    def get_config(self):\n"
        "        return {**super().get_config(), 'units': self.units}\n"
        "def build():\n"
        "    x = keras.Input((None, 2))\n"
        "    return keras.Model(x, keras.layers.RNN(TwoStates(3), name='rnn')(x))\n"
    )
    code, data = run_json(invoke, f"{factory}:build", "--batch", "2", "--window", "4")
    assert code == 0, data["checks"]
    rows = [t for t in data["tensors"] if t["layer"].startswith("rnn")]
    assert [(r["name"], r["shape"]) for r in rows] == [
        ("rnn.output", [2, 3]),
        ("rnn[0].state", [2, 3]),
        ("rnn[1].state", [2, 6]),
    ]
    assert rows[1]["axes"] == ["batch", "state size"]
    assert next(info for info in data["layers"] if info["name"] == "rnn")["kind"] == "RNN(TwoStates)"
    invariants = [c for c in data["checks"] if "==" in c["name"]]
    assert invariants == []  # nothing guessed about a cell we do not describe


def test_encoder_states_feed_the_decoder_initial_state(invoke: Invoke, tmp_path: Path) -> None:
    """keras.io's character-level seq2seq, tiny, written with LSTMCell inside RNN."""
    tokens_in, tokens_out, latent = 5, 4, 3
    enc_in = keras.Input((None, tokens_in), name="encoder_inputs")
    _, h, c = L.RNN(L.LSTMCell(latent), return_state=True, name="encoder")(enc_in)
    dec_in = keras.Input((None, tokens_out), name="decoder_inputs")
    seq = L.RNN(L.LSTMCell(latent), return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
    model = keras.Model([enc_in, dec_in], L.Dense(tokens_out, activation="softmax", name="dense")(seq))
    path = tmp_path / "s2s.keras"
    model.save(path)
    code, data = run_json(invoke, str(path), "--batch", "2", "--window", "6")
    assert code == 0, data["checks"]
    by = {t["name"]: t for t in data["tensors"]}
    assert by["encoder.hidden"]["returned"] and by["encoder.cell"]["returned"]
    assert by["decoder.output"]["shape"] == [2, 6, latent]
    assert not by["decoder.hidden"]["returned"] and by["decoder.cell"]["shape"] == [2, latent]
    assert by["dense.output"]["shape"] == [2, 6, tokens_out]
    assert data["total_params"] == model.count_params()
    layers = {info["name"]: info for info in data["layers"]}
    assert layers["encoder"]["kind"] == "RNN(LSTMCell)"
    assert layers["decoder"]["params"] == model.get_layer("decoder").count_params()


def test_korean_words_for_the_new_axes(invoke: Invoke, saved: dict[str, tuple[Path, Any]]) -> None:
    path, _ = saved["conv_lstm_2d"]
    result = invoke("inspect", str(path), "--batch", str(B), "--lang", "ko", "--weights")
    assert result.exit_code == 0, result.output
    assert "행" in result.stdout and "열" in result.stdout and "필터" in result.stdout
    assert "망각" in result.stdout  # the ConvLSTM's gates split in Korean


def test_next_frame_prediction(invoke: Invoke, tmp_path: Path) -> None:
    """keras.io's next-frame prediction with ConvLSTM2D, tiny: three ConvLSTM2D, BatchNorm, a Conv3D."""
    inp = keras.Input((None, 6, 6, 1))
    x = L.ConvLSTM2D(4, (5, 5), padding="same", return_sequences=True, activation="relu", name="c1")(inp)
    x = L.BatchNormalization(name="bn1")(x)
    x = L.ConvLSTM2D(4, (3, 3), padding="same", return_sequences=True, activation="relu", name="c2")(x)
    x = L.BatchNormalization(name="bn2")(x)
    x = L.ConvLSTM2D(4, (1, 1), padding="same", return_sequences=True, activation="relu", name="c3")(x)
    out = L.Conv3D(1, (3, 3, 3), activation="sigmoid", padding="same", name="frames")(x)
    model = keras.Model(inp, out)
    path = tmp_path / "next_frame.keras"
    model.save(path)
    code, data = run_json(invoke, str(path), "--batch", "2", "--window", "4")
    assert code == 0, [c for c in data["checks"] if not c["passed"]]
    by = {t["name"]: t for t in data["tensors"]}
    assert all("?" not in t["axes"] for t in data["tensors"]), data["tensors"]
    for name in ("c1", "c2", "c3"):
        assert by[f"{name}.output"]["shape"] == [2, 4, 6, 6, 4]
        assert by[f"{name}.hidden"]["shape"] == by[f"{name}.cell"]["shape"] == [2, 6, 6, 4]
        assert not by[f"{name}.hidden"]["returned"]
    assert by["frames.output"]["axes"] == ["batch", "time steps", "rows", "cols", "channels"]
    assert by["bn1.output"]["axes"] == ["batch", "time steps", "rows", "cols", "channels"]
    assert data["recurrent_layers"] == 3 and data["total_params"] == model.count_params()
    invariants = [c for c in data["checks"] if "== h" in c["name"]]
    assert len(invariants) == 3 and all(c["passed"] for c in invariants)
