"""The cases of Keras's own tests for the recurrent family, run through `inspect`, Keras as the oracle.

Harvested from keras-team/keras `keras/src/layers/rnn/`: `rnn_test.py` (one- and two-state
custom cells, state_size as int, list or tuple, go_backwards with unroll),
`stacked_rnn_cells_test.py` (stacks of custom and built-in cells, stacked LSTMCells
returning their states), `conv_lstm1d_test.py`, `conv_lstm2d_test.py`, `conv_lstm3d_test.py`
(same and valid padding, with and without sequences), `bidirectional_test.py` (merge modes,
a backward layer given) and `time_distributed_test.py` (around a recurrent layer here). The
sizes are Keras's own; the custom cells are written anew in a factory file with the same
state protocol. For each case the oracle is the layer built with `return_state=True`, given
the saved layer's weights and called by the test: its output and states, in Keras's order,
are the rows `inspect` must show, and `layer.count_params()` the parameters.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.observe.framework import import_keras
from tests.conftest import Invoke

keras = import_keras()
L = keras.layers

# 30 saved models, each inspected in-process: about 1.5 minutes on two busy cores.
pytestmark = pytest.mark.slow

# Cells that follow Keras's cell protocol and nothing else: one state, or two.
CELLS = """
import keras
from keras import ops


class OneState(keras.layers.Layer):
    def __init__(self, units, state_size=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = state_size if state_size else units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="w")
        self.u = self.add_weight(shape=(self.units, self.units), initializer="ones", name="u")

    def call(self, inputs, states):
        new = ops.matmul(inputs, self.w) + ops.matmul(states[0], self.u)
        return new, [new]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


class TwoStates(keras.layers.Layer):
    def __init__(self, units, state_size=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = state_size if state_size else [units, units]
        self.output_size = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="w")
        self.u1 = self.add_weight(shape=(self.units, self.units), initializer="ones", name="u1")
        self.u2 = self.add_weight(shape=(self.units, self.units), initializer="ones", name="u2")

    def call(self, inputs, states):
        x = ops.matmul(inputs, self.w)
        first = x + ops.matmul(states[0], self.u1)
        second = x + ops.matmul(states[0], self.u2)
        return first + second, [first, second]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


LAYERS = {
    "rnn_one_int": lambda rs: keras.layers.RNN(OneState(5, state_size=5), return_state=rs, name="layer"),
    "rnn_one_list": lambda rs: keras.layers.RNN(OneState(5, state_size=[5]), return_state=rs, name="layer"),
    "rnn_one_tuple": lambda rs: keras.layers.RNN(OneState(5, state_size=(5,)), return_state=rs, name="layer"),
    "rnn_one_sequences": lambda rs: keras.layers.RNN(
        OneState(5), return_sequences=True, return_state=rs, name="layer"
    ),
    "rnn_one_backwards_unrolled": lambda rs: keras.layers.RNN(
        OneState(5), go_backwards=True, unroll=True, return_state=rs, name="layer"
    ),
    "rnn_two_list": lambda rs: keras.layers.RNN(TwoStates(5, state_size=[5, 5]), return_state=rs, name="layer"),
    "rnn_two_tuple": lambda rs: keras.layers.RNN(TwoStates(5, state_size=(5, 5)), return_state=rs, name="layer"),
    "rnn_two_sequences": lambda rs: keras.layers.RNN(
        TwoStates(5), return_sequences=True, return_state=rs, name="layer"
    ),
    "stacked_one": lambda rs: keras.layers.RNN(
        [OneState(3), OneState(4), OneState(5)], return_state=rs, name="layer"
    ),
    "stacked_two_sequences": lambda rs: keras.layers.RNN(
        [TwoStates(3), TwoStates(4), TwoStates(5)], return_sequences=True, return_state=rs, name="layer"
    ),
}
"""

# name -> (the batch's shape, the layer made with or without return_state)
BUILT_IN: dict[str, tuple[tuple[int, ...], Callable[[bool], Any]]] = {
    "stacked_simple_rnn_cells": (
        (2, 3, 4),
        lambda rs: L.RNN(
            [L.SimpleRNNCell(n, dropout=0.1, recurrent_dropout=0.1) for n in (3, 4, 5)],
            return_sequences=True,
            return_state=rs,
            name="layer",
        ),
    ),
    "stacked_gru_cells": (
        (2, 3, 4),
        lambda rs: L.RNN(
            [L.GRUCell(n, dropout=0.1, recurrent_dropout=0.1) for n in (3, 4, 5)],
            return_sequences=True,
            return_state=rs,
            name="layer",
        ),
    ),
    "stacked_lstm_cells": (
        (2, 3, 4),
        lambda rs: L.RNN(
            [L.LSTMCell(n, dropout=0.1, recurrent_dropout=0.1) for n in (3, 4, 5)],
            return_sequences=True,
            return_state=rs,
            name="layer",
        ),
    ),
    "stacked_lstm_cells_states": (
        (2, 3, 5),
        lambda rs: L.RNN([L.LSTMCell(10), L.LSTMCell(10)], return_state=rs, name="layer"),
    ),
    "conv_lstm_1d_same": (
        (3, 2, 4, 3),
        lambda rs: L.ConvLSTM1D(5, 3, padding="same", return_state=rs, name="layer"),
    ),
    "conv_lstm_1d_valid": (
        (3, 2, 8, 3),
        lambda rs: L.ConvLSTM1D(5, 3, recurrent_dropout=0.5, return_state=rs, name="layer"),
    ),
    "conv_lstm_1d_sequences": (
        (3, 2, 8, 3),
        lambda rs: L.ConvLSTM1D(5, 3, return_sequences=True, return_state=rs, name="layer"),
    ),
    "conv_lstm_2d_same": (
        (3, 2, 4, 4, 3),
        lambda rs: L.ConvLSTM2D(5, 3, padding="same", return_state=rs, name="layer"),
    ),
    "conv_lstm_2d_valid": (
        (3, 2, 8, 8, 3),
        lambda rs: L.ConvLSTM2D(5, 3, recurrent_dropout=0.5, return_state=rs, name="layer"),
    ),
    "conv_lstm_2d_sequences": (
        (3, 2, 8, 8, 3),
        lambda rs: L.ConvLSTM2D(5, 3, return_sequences=True, return_state=rs, name="layer"),
    ),
    "conv_lstm_3d_same": (
        (3, 2, 4, 4, 4, 3),
        lambda rs: L.ConvLSTM3D(5, 3, padding="same", return_state=rs, name="layer"),
    ),
    "conv_lstm_3d_sequences": (
        (3, 2, 8, 8, 8, 3),
        lambda rs: L.ConvLSTM3D(5, 3, return_sequences=True, return_state=rs, name="layer"),
    ),
    "bidirectional_simple_rnn": (
        (3, 2, 4),
        lambda rs: L.Bidirectional(L.SimpleRNN(4, return_state=rs), name="layer"),
    ),
    "bidirectional_backward_given_sum": (
        (3, 2, 4),
        lambda rs: L.Bidirectional(
            L.SimpleRNN(4, return_state=rs),
            backward_layer=L.SimpleRNN(4, go_backwards=True, return_state=rs),
            merge_mode="sum",
            name="layer",
        ),
    ),
    **{
        f"bidirectional_lstm_{mode}": (
            (1, 2, 2),
            lambda rs, mode=mode: L.Bidirectional(
                L.LSTM(2, return_state=rs), merge_mode=None if mode == "none" else mode, name="layer"
            ),
        )
        for mode in ("ave", "concat", "mul", "sum", "none")
    },
    "time_distributed_gru": (
        (3, 2, 4, 3),
        lambda rs: L.TimeDistributed(L.GRU(2, return_sequences=True, return_state=rs), name="layer"),
    ),
}
CUSTOM = {
    "rnn_one_int": (3, 2, 4),
    "rnn_one_list": (3, 2, 4),
    "rnn_one_tuple": (3, 2, 4),
    "rnn_one_sequences": (3, 2, 4),
    "rnn_one_backwards_unrolled": (3, 2, 4),
    "rnn_two_list": (3, 2, 4),
    "rnn_two_tuple": (3, 2, 4),
    "rnn_two_sequences": (3, 2, 4),
    "stacked_one": (2, 3, 4),
    "stacked_two_sequences": (2, 3, 4),
}


def _oracle(make: Callable[[bool], Any], shape: tuple[int, ...], weights: list[Any]) -> list[tuple[int, ...]]:
    """Keras's own output and states for the case, in its order (TimeDistributed: per outer step)."""
    x = np.random.default_rng(0).uniform(size=shape).astype("float32")
    layer = make(True)
    if isinstance(layer, L.TimeDistributed):  # it cannot return states: run its layer per step, as it does
        inner = layer.layer
        inner(x[:, 0])
        inner.set_weights(weights)
        steps = [[np.asarray(t) for t in keras.tree.flatten(inner(x[:, i]))] for i in range(shape[1])]
        return [np.stack([s[k] for s in steps], axis=1).shape for k in range(len(steps[0]))]
    layer(x)
    layer.set_weights(weights)
    return [np.asarray(t).shape for t in keras.tree.flatten(layer(x))]


@pytest.fixture(scope="module")
def cells(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("suite")
    path = folder / "suite_cells.py"
    builders = "".join(
        f"\ndef build_{name}():\n    x = keras.Input({shape[1:]!r})\n    return keras.Model(x, LAYERS[{name!r}](False)(x))\n"
        for name, shape in CUSTOM.items()
    )
    path.write_text(CELLS + builders)
    spec = importlib.util.spec_from_file_location("suite_cells_oracle", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return path, module


def _inspect(invoke: Invoke, source: str, batch: int) -> dict[str, Any]:
    result = invoke("inspect", source, "--batch", str(batch), "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _compare(data: dict[str, Any], oracle: list[tuple[int, ...]], params: int) -> None:
    rows = [t for t in data["tensors"] if t["layer"].split("[")[0] == "layer"]
    assert [tuple(r["shape"]) for r in rows] == [tuple(s) for s in oracle]
    assert all("?" not in r["axes"] for r in rows), rows
    (layer,) = [info for info in data["layers"] if info["name"] == "layer"]
    assert layer["params"] == params
    assert data["recurrent_layers"] == 1
    assert all(check["passed"] for check in data["checks"]), data["checks"]


@pytest.mark.parametrize("case", sorted(BUILT_IN))
def test_keras_suite_built_in(invoke: Invoke, tmp_path: Path, case: str) -> None:
    shape, make = BUILT_IN[case]
    inp = keras.Input(shape[1:])
    layer = make(False)
    model = keras.Model(inp, layer(inp))
    path = tmp_path / f"{case}.keras"
    model.save(path)
    weights = (layer.layer if isinstance(layer, L.TimeDistributed) else layer).get_weights()
    data = _inspect(invoke, str(path), shape[0])
    _compare(data, _oracle(make, shape, weights), layer.count_params())


@pytest.mark.parametrize("case", sorted(CUSTOM))
def test_keras_suite_custom_cells(invoke: Invoke, cells: tuple[Path, Any], case: str) -> None:
    path, module = cells
    shape = CUSTOM[case]
    model = getattr(module, f"build_{case}")()
    layer = model.get_layer("layer")
    data = _inspect(invoke, f"{path}:build_{case}", shape[0])
    _compare(data, _oracle(module.LAYERS[case], shape, layer.get_weights()), layer.count_params())
    states = [t for t in data["tensors"] if t["role"] == "state"]
    assert states and all(t["axes"][0] == "batch" for t in states)
    assert not any("==" in c["name"] for c in data["checks"])  # a custom cell: no claim about h
