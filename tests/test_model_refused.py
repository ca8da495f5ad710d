"""A model Keras refuses to call: the table up to the last layer that worked, the refused layer,
Keras's own message and a fix naming the layer to change.

The models are real users' reports, shrunk: stacking LSTMs without return_sequences
(stackoverflow.com/questions/40331510), a Flatten before a recurrent layer, a Dense on an input
with no time axis, and an Embedding fed a 3-D input (keras-team/tf-keras#440, "expected ndim=3,
found ndim=4"). Keras itself raises each refusal here; the tool must say where and why.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke

FACTORIES = """
import keras
from keras import layers


def stacked():
    # stackoverflow.com/questions/40331510: the Keras 2 spelling input_shape= on the first layer.
    return keras.Sequential([layers.LSTM(8, input_shape=(10, 3), name="encoder"), layers.LSTM(4, name="decoder")])


def flattened():
    return keras.Sequential(
        [keras.Input((10, 3)), layers.Conv1D(4, 3, name="conv"), layers.Flatten(name="flatten"), layers.GRU(4, name="gru")]
    )


def dense_first():
    prices = keras.Input((6,), name="prices")
    x = layers.Dense(8, name="embed")(prices)
    return keras.Model(prices, layers.LSTM(4, name="lstm")(x))


def embedded_3d():
    # keras-team/tf-keras#440: token ids given a third axis, so the Embedding's output is 4-D.
    ids = keras.Input((6, 5), dtype="int32", name="ids")
    x = layers.Embedding(10, 4, name="embedding")(ids)
    return keras.Model(ids, layers.LSTM(3, name="lstm")(x))


def backward_narrower():
    # Keras's symbolic shape of this Bidirectional is 5 + 5 wide, so "head" is built for 10 and
    # then gets the 5 + 2 the layer really returns.
    x = keras.Input((4, 3), name="x")
    both = layers.Bidirectional(
        layers.LSTM(5), backward_layer=layers.GRU(2, go_backwards=True), name="both"
    )(x)
    return keras.Model(x, layers.Dense(1, name="head")(both))
"""


@pytest.fixture(scope="module")
def factories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("refused") / "factories.py"
    path.write_text(FACTORIES)
    return path


def partial_of(invoke: Invoke, model: str, *args: str) -> dict[str, Any]:
    result = invoke("inspect", model, "--unsafe", *args, "--json")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    doc: dict[str, Any] = json.loads(result.stdout)["error"]
    assert doc["code"] == "invalid_input" and doc["key"] == "model_layer_failed"
    assert "Keras refused the model at" in result.stderr
    partial: dict[str, Any] = doc["partial"]
    return partial


@pytest.mark.parametrize(
    ("factory", "worked", "failing", "got", "needs", "fix_key", "names"),
    [
        ("stacked", ["encoder"], "decoder", [None, 8], "ndim=3", "partial_fix_sequences", ["encoder"]),
        ("flattened", ["conv", "flatten"], "gru", [None, 32], "ndim=3", "partial_fix_dropped", ["flatten"]),
        (
            "dense_first",
            ["embed"],
            "lstm",
            [None, 8],
            "ndim=3",
            "partial_fix_input_dense",
            ["prices", "embed"],
        ),
        ("embedded_3d", ["embedding"], "lstm", [None, 6, 5, 4], "ndim=3", "partial_fix_rank", ["lstm"]),
        (
            "backward_narrower",
            ["both"],
            "head",
            [32, 7],
            "shape[-1]=10",
            "partial_fix_bidirectional_width",
            ["both"],
        ),
    ],
)
def test_refused_factories_give_a_partial_table(
    invoke: Invoke,
    factories: Path,
    factory: str,
    worked: list[str],
    failing: str,
    got: list[int | None],
    needs: str,
    fix_key: str,
    names: list[str],
) -> None:
    partial = partial_of(invoke, f"{factories}:{factory}")
    assert [layer["name"] for layer in partial["layers"]] == worked
    refused = partial["failing"]
    assert (refused["name"], refused["input_shape"], refused["needs"]) == (failing, got, needs)
    assert refused["fix_key"] == fix_key
    for name in names:
        assert name in refused["fix"]
    assert "expected ndim=" in refused["keras_said"] or "expected axis -1" in refused["keras_said"]


def test_a_narrower_backward_layer_is_said_in_korean(invoke: Invoke, factories: Path) -> None:
    from lstm_shapes.locales import Phrase, said, words

    result = invoke("inspect", f"{factories}:backward_narrower", "--unsafe", "--lang", "ko")
    assert result.exit_code == 2, result.output
    fix = Phrase("partial_fix_bidirectional_width", layer="both", want=10, got=7, failing="head")
    assert said(fix, words("ko")) != str(fix)
    assert " ".join(said(fix, words("ko")).split()) in " ".join(result.stdout.split())


def test_the_text_table_and_korean(invoke: Invoke, factories: Path) -> None:
    result = invoke("inspect", f"{factories}:stacked", "--unsafe")
    assert result.exit_code == 2
    assert "encoder" in result.stdout and "✗ refused: got (None, 8), needs ndim=3" in result.stdout
    assert "set return_sequences=True on encoder" in result.stdout
    korean = invoke("inspect", f"{factories}:stacked", "--unsafe", "--lang", "ko")
    assert korean.exit_code == 2 and "return_sequences=True를 두세요" in korean.stdout
    assert "Keras가 모델을 decoder(LSTM)에서 거부했습니다" in korean.stderr


@pytest.fixture(scope="module")
def broken_saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small saved model whose config a hand edit broke: the lower LSTM no longer returns sequences."""
    from lstm_shapes.observe.framework import import_keras

    keras = import_keras(None)
    folder = tmp_path_factory.mktemp("broken")
    good = folder / "good.keras"
    keras.Sequential(
        [
            keras.Input((10, 3)),
            keras.layers.LSTM(8, return_sequences=True, name="encoder"),
            keras.layers.LSTM(4, name="decoder"),
            keras.layers.Dense(1, name="out"),
        ]
    ).save(good)
    with zipfile.ZipFile(good) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(files["config.json"])
    for layer in config["config"]["layers"]:
        if layer["config"].get("name") == "encoder":
            layer["config"]["return_sequences"] = False
    files["config.json"] = json.dumps(config).encode()
    broken = folder / "broken.keras"
    with zipfile.ZipFile(broken, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return broken


def test_a_saved_model_keras_cannot_rebuild(invoke: Invoke, broken_saved: Path) -> None:
    result = invoke("inspect", str(broken_saved), "--json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    partial = json.loads(result.stdout)["error"]["partial"]
    assert partial["input"]["shape"] == [None, 10, 3]
    assert [layer["name"] for layer in partial["layers"]] == ["encoder"]
    assert partial["layers"][0]["shape"] == [None, 8] and partial["layers"][0]["params"] == 4 * (
        8 * (3 + 8) + 8
    )
    assert (
        partial["failing"]["name"] == "decoder" and partial["failing"]["fix_key"] == "partial_fix_sequences"
    )
