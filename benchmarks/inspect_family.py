"""inspect on a model of 20 recurrent layers of mixed kinds, against loading it and calling it once.

    python benchmarks/inspect_family.py [ROUNDS]

The model mixes every kind `lstm_shapes.kinds` describes: LSTM, GRU, SimpleRNN, RNN over a
cell and over a list of cells, StackedRNNCells, Bidirectional (with a backward layer of
another kind too), ConvLSTM2D, and TimeDistributed around LSTM and GRU. Most layers do not
return their states, so inspect probes each with a return_state copy: that is the cost
measured. Both sides run as whole processes, alternating; the ratio of the medians is
printed (the goal: at most 1.2).
"""

from __future__ import annotations

import sys

from inspect_model import side_by_side  # the same loop: benchmarks/ is this script's path

BARE = """
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras, numpy as np
model = keras.saving.load_model(sys.argv[1], compile=False)
rng = np.random.default_rng(0)
model([rng.uniform(size=s).astype("float32") for s in ((32, 25, 3), (32, 25, 4, 4, 2), (32, 5, 3, 2))])
"""

MAKE = """
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
L = keras.layers
seq = keras.Input((None, 3))
x = L.LSTM(8, return_sequences=True)(seq)
x = L.GRU(8, return_sequences=True)(x)
x = L.SimpleRNN(8, return_sequences=True)(x)
x = L.RNN(L.LSTMCell(8), return_sequences=True)(x)
x = L.RNN([L.GRUCell(8), L.SimpleRNNCell(6)], return_sequences=True)(x)
x = L.RNN(L.StackedRNNCells([L.LSTMCell(6), L.LSTMCell(6)]), return_sequences=True)(x)
x = L.Bidirectional(L.LSTM(4, return_sequences=True))(x)
x = L.Bidirectional(L.GRU(4, return_sequences=True), merge_mode="sum")(x)
x = L.Bidirectional(
    L.LSTM(4, return_sequences=True), backward_layer=L.GRU(4, return_sequences=True, go_backwards=True)
)(x)
x = L.LSTM(8, return_sequences=True, go_backwards=True)(x)
x = L.GRU(8, return_sequences=True, reset_after=False)(x)
x = L.SimpleRNN(8, return_sequences=True)(x)
x = L.Bidirectional(L.RNN(L.GRUCell(4), return_sequences=True))(x)
out_seq = L.LSTM(4)(x)
video = keras.Input((None, 4, 4, 2))
v = L.ConvLSTM2D(3, 3, padding="same", return_sequences=True)(video)
v = L.ConvLSTM2D(3, 3, padding="same", return_sequences=True)(v)
out_video = L.ConvLSTM2D(2, 3)(v)
grid = keras.Input((5, 3, 2))
g = L.TimeDistributed(L.LSTM(4, return_sequences=True))(grid)
g = L.TimeDistributed(L.GRU(3))(g)
out_grid = L.LSTM(4)(g)
model = keras.Model([seq, video, grid], [out_seq, out_video, out_grid])
assert sum(isinstance(l, (L.RNN, L.Bidirectional, L.TimeDistributed)) for l in model.layers) == 20
model.save(sys.argv[1])
"""


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    side_by_side(MAKE, BARE, " (20 recurrent layers)", rounds)


if __name__ == "__main__":
    main()
