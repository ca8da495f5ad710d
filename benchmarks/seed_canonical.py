"""The seed tutorial's own code for the canonical call (section 1-2): the baseline to beat."""

import tensorflow as tf
from tensorflow.keras.layers import LSTM

x = tf.random.uniform(shape=(32, 25, 1))
lstm = LSTM(20, return_sequences=True)
output_b = lstm(x)
print(output_b.shape)
