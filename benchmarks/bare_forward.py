"""The baseline for benchmarks/overhead.py: Keras alone, running one LSTM's forward pass.

    python benchmarks/bare_forward.py BACKEND DEVICE BATCH WINDOW FEATURES UNITS CALLS

What a user would write without lstm-shapes: pick the backend, build
LSTM(units, return_sequences=True, return_state=True) on the device, call it once
(the warm-up, which also builds it), then time CALLS more calls, waiting for the
device each time. Prints one JSON line: the median, and the device of the output.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time


def main() -> None:
    backend, device = sys.argv[1], sys.argv[2]
    batch, window, features, units, calls = (int(a) for a in sys.argv[3:8])
    os.environ["KERAS_BACKEND"] = backend
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import numpy as np

    scope = "gpu:0" if device == "gpu" else ("cpu" if backend == "torch" else "cpu:0")

    def sync(outputs: list[object]) -> None:
        if backend == "jax":
            import jax

            jax.block_until_ready(outputs)
        elif backend == "torch":
            import torch

            if torch.cuda.is_available():
                torch.cuda.synchronize()
        else:
            import tensorflow as tf

            tf.test.experimental.sync_devices()

    grad = contextlib_null()
    if backend == "torch":
        import torch

        grad = torch.no_grad()  # a forward pass needs no autograd record
    x_np = np.random.default_rng(0).uniform(size=(batch, window, features)).astype("float32")
    with keras.device(scope), grad:
        layer = keras.layers.LSTM(units, return_sequences=True, return_state=True)
        x = keras.ops.convert_to_tensor(x_np)
        out = layer(x, training=False)
        sync(list(out))
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            out = layer(x, training=False)
            sync(list(out))
            times.append(time.perf_counter() - start)
    print(
        json.dumps(
            {"forward_seconds": statistics.median(times), "calls": calls, "device": str(out[0].device)}
        )
    )


class contextlib_null:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


if __name__ == "__main__":
    main()
