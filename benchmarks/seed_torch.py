"""The seed tutorial's canonical call written for Keras on PyTorch: the baseline of --backend torch."""

import os

os.environ["KERAS_BACKEND"] = "torch"

import torch
from keras.layers import LSTM

x = torch.rand((32, 25, 1))
lstm = LSTM(20, return_sequences=True)
output_b = lstm(x)
print(output_b.shape)
