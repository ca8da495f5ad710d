"""inspect MODEL against a bare script, both as whole processes, side by side.

    python benchmarks/inspect_model.py [ROUNDS]

The bare script imports Keras, calls keras.saving.load_model on the same .keras file and
calls the model once on a batch of the same shape: the least a user would do to see what a
saved model returns. Both are timed as whole processes, alternating, and the ratio of the
medians is printed (the goal: at most 1.2).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras, numpy as np
model = keras.saving.load_model(sys.argv[1], compile=False)
model(np.random.default_rng(0).uniform(size=(32, 25, 3)).astype("float32"))
"""

MAKE = """
import os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
L = keras.layers
m = keras.Sequential([keras.Input((None, 3)), L.LSTM(64, return_sequences=True), L.GRU(32), L.Dense(1)])
m.save(sys.argv[1])
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 1):  # 1: a check failed, which still costs the whole run
        raise SystemExit(f"{command[2:4]} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


def side_by_side(make: str, bare: str, what: str, rounds: int) -> None:
    """Save the model `make` writes, then time `inspect --json` on it against the `bare` script,
    alternating, after one untimed run that warms the file cache; print the medians and ratio."""
    os.environ["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as folder:
        model = str(Path(folder) / "bench.keras")
        subprocess.run([sys.executable, "-c", make, model], check=True, stderr=subprocess.DEVNULL)
        tool = [sys.executable, "-m", "lstm_shapes", "inspect", model, "--json"]
        plain = [sys.executable, "-c", bare, model]
        subprocess.run(tool, check=False, stdout=subprocess.DEVNULL)
        tool_times, bare_times = [], []
        for _ in range(rounds):
            bare_times.append(timed(plain))
            tool_times.append(timed(tool))
    t, b = statistics.median(tool_times), statistics.median(bare_times)
    print(f"bare load_model + one call: {b:.2f} s (median of {rounds})")
    print(f"lstm-shapes inspect --json{what}: {t:.2f} s (median of {rounds})")
    print(f"ratio: {t / b:.2f}x (goal: at most 1.2x)")


def main() -> None:
    side_by_side(MAKE, BARE, "", int(sys.argv[1]) if len(sys.argv) > 1 else 5)


if __name__ == "__main__":
    main()
