"""The seed tutorial's canonical call written for Keras on JAX: the baseline of --backend jax."""

import os

os.environ["KERAS_BACKEND"] = "jax"

import jax
from keras.layers import LSTM

x = jax.random.uniform(jax.random.PRNGKey(0), (32, 25, 1))
lstm = LSTM(20, return_sequences=True)
output_b = lstm(x)
print(output_b.shape)
