"""The axes of the layers around a recurrent one, as the layers themselves say them.

A CNN-LSTM over video frames (TimeDistributed(Conv2D), MaxPooling2D, Flatten, then an LSTM:
the usual answer to "how do I feed images to an LSTM"), a CRNN that reshapes a Conv2D's map
into a sequence, and a Conv1D front end. Each model is built and called by Keras; the shapes
are Keras's, and every axis is named by the layer's class (channels last), never `features`
four times over and never `?` where the layer says what it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

FACTORIES = """
import keras
from keras import layers


def cnn_lstm():
    frames = keras.Input((3, 8, 8, 2), name="frames")
    x = layers.TimeDistributed(layers.Conv2D(4, 3), name="conv")(frames)
    x = layers.TimeDistributed(layers.MaxPooling2D(), name="pool")(x)
    x = layers.TimeDistributed(layers.Flatten(), name="flat")(x)
    x = layers.LSTM(5, name="lstm")(x)
    return keras.Model(frames, layers.Dense(2, name="head")(x))


def crnn():
    image = keras.Input((10, 6, 1), name="image")
    x = layers.Conv2D(3, 3, name="conv")(image)
    x = layers.Reshape((8, 12), name="columns")(x)
    x = layers.GRU(4, name="gru")(x)
    return keras.Model(image, x)


def conv1d_front():
    series = keras.Input((12, 2), name="series")
    x = layers.Conv1D(4, 3, name="conv")(series)
    x = layers.GlobalAveragePooling1D(name="pool")(x)
    return keras.Model(series, layers.RepeatVector(3, name="again")(x))
"""

TIME_FRAME = ["batch", "time steps", "rows", "cols", "channels"]


@pytest.fixture(scope="module")
def factories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plain") / "models.py"
    path.write_text(FACTORIES)
    return path


def axes_of(invoke: Invoke, model: str) -> dict[str, tuple[list[int], list[str]]]:
    result = invoke("inspect", model, "--unsafe", "--batch", "2", "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return {t["name"]: (t["shape"], t["axes"]) for t in data["tensors"]}


def test_a_cnn_lstm_reads_frames(invoke: Invoke, factories: Path) -> None:
    seen = axes_of(invoke, f"{factories}:cnn_lstm")
    assert seen["frames"] == ([2, 3, 8, 8, 2], TIME_FRAME)
    assert seen["conv.output"] == ([2, 3, 6, 6, 4], TIME_FRAME)
    assert seen["pool.output"] == ([2, 3, 3, 3, 4], TIME_FRAME)
    assert seen["flat.output"] == ([2, 3, 36], ["batch", "time steps", "features"])
    assert seen["lstm.output"] == ([2, 5], ["batch", "units"])


def test_a_crnn_reads_an_image_then_columns(invoke: Invoke, factories: Path) -> None:
    seen = axes_of(invoke, f"{factories}:crnn")
    assert seen["image"] == ([2, 10, 6, 1], ["batch", "rows", "cols", "channels"])
    assert seen["conv.output"] == ([2, 8, 4, 3], ["batch", "rows", "cols", "channels"])
    assert seen["columns.output"] == ([2, 8, 12], ["batch", "time steps", "features"])


def test_a_conv1d_front_keeps_time_and_pools_it_away(invoke: Invoke, factories: Path) -> None:
    seen = axes_of(invoke, f"{factories}:conv1d_front")
    assert seen["conv.output"] == ([2, 10, 4], ["batch", "time steps", "channels"])
    assert seen["pool.output"] == ([2, 4], ["batch", "channels"])
    assert seen["again.output"] == ([2, 3, 4], ["batch", "time steps", "features"])
