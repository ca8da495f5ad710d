"""`lstm-shapes inspect MODEL`: saved models made with Keras here, read back, checked against Keras.

Every model is built by Keras in a temporary folder; the expected shapes, states and parameter
counts come from Keras itself (model.count_params(), layer.count_params(), a return_state layer
called by the test), never from the tool.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.observe.framework import import_keras
from tests.conftest import Invoke

keras = import_keras()
layers = keras.layers


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("models")
    made: dict[str, Any] = {}
    made["seq"] = keras.Sequential(
        [
            keras.Input((None, 3)),
            layers.LSTM(4, return_sequences=True, name="lstm"),
            layers.GRU(2, reset_after=False, name="gru"),
            layers.Dense(1, name="dense"),
        ]
    )
    enc_in = keras.Input((None, 3), name="enc_in")
    dec_in = keras.Input((None, 2), name="dec_in")
    _, h, c = layers.LSTM(5, return_state=True, name="encoder_lstm")(enc_in)
    seq = layers.LSTM(5, return_sequences=True, name="decoder_lstm")(dec_in, initial_state=[h, c])
    made["s2s"] = keras.Model([enc_in, dec_in], layers.Dense(2, name="out")(seq))
    tokens = keras.Input((None,), dtype="int64", name="tokens")
    x = layers.Embedding(30, 6, mask_zero=True, name="embed")(tokens)
    x = layers.Bidirectional(layers.LSTM(4), name="bi")(x)
    made["text"] = keras.Model(tokens, layers.Dense(1, name="score")(x))
    inner = keras.Sequential(
        [keras.Input((None, 3)), layers.SimpleRNN(3, return_sequences=True, name="rnn")], name="encoder"
    )
    outer_in = keras.Input((6, 3))
    made["nested"] = keras.Model(outer_in, layers.Dense(2)(inner(outer_in)))
    made["dense"] = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
    made["reshape"] = keras.Sequential([keras.Input((None, 3)), layers.Reshape((2, 6)), layers.LSTM(2)])
    paths = {}
    for name, model in made.items():
        paths[name] = folder / f"{name}.keras"
        model.save(paths[name])
    paths["seq_h5"] = folder / "seq.h5"
    made["seq"].save(paths["seq_h5"])
    return paths


def run_json(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke("inspect", *args, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def tensors(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in data["tensors"]}


def test_sequential_states_kept_inside(invoke: Invoke, models: dict[str, Path]) -> None:
    data = run_json(invoke, str(models["seq"]), "--batch", "3", "--window", "5")
    model = keras.saving.load_model(models["seq"], compile=False)
    x = np.random.default_rng(0).uniform(size=(3, 5, 3)).astype("float32")
    found = tensors(data)
    assert data["ok"] and data["total_params"] == model.count_params()
    assert found["lstm.output"]["shape"] == [3, 5, 4]
    assert found["lstm.hidden"]["shape"] == found["lstm.cell"]["shape"] == [3, 4]
    assert not found["lstm.hidden"]["returned"] and found["lstm.output"]["returned"]
    assert found["gru.hidden"]["shape"] == [3, 2] and "gru.cell" not in found
    assert found["dense.output"]["shape"] == list(model(x).shape)
    gru = {layer["name"]: layer for layer in data["layers"]}["gru"]
    assert gru["params"] == model.get_layer("gru").count_params() == 3 * (2 * (4 + 2) + 2)  # reset_after off
    # The GRU's h, read by Keras from a return_state copy the test builds itself.
    source = model.get_layer("gru")
    copy = layers.GRU(2, reset_after=False, return_state=True)
    copy.build((3, 5, 4))
    copy.set_weights(source.get_weights())
    _, h = copy(model.get_layer("lstm")(x))
    assert list(h.shape) == found["gru.hidden"]["shape"]
    names = [c["name"] for c in data["checks"]]
    assert "gru: a return_state copy gives the layer's own output" in names
    assert "gru: output == h" in names


def test_legacy_h5_matches_keras_file(invoke: Invoke, models: dict[str, Path]) -> None:
    keras_file = run_json(invoke, str(models["seq"]), "--batch", "2")
    h5 = run_json(invoke, str(models["seq_h5"]), "--batch", "2")
    strip = lambda d: [(t["role"], t["shape"]) for t in d["tensors"]]  # noqa: E731
    assert strip(keras_file) == strip(h5)
    assert keras_file["total_params"] == h5["total_params"]


def test_encoder_decoder_follows_initial_state(invoke: Invoke, models: dict[str, Path]) -> None:
    data = run_json(
        invoke, str(models["s2s"]), "--batch", "2", "--window", "4", "--expect", "encoder_lstm.h=_,5"
    )
    found = tensors(data)
    assert [i["name"] for i in data["inputs"]] == ["enc_in", "dec_in"]
    assert found["encoder_lstm.hidden"]["returned"] and found["encoder_lstm.hidden"]["symbolic_shape"] == [
        None,
        5,
    ]
    assert not found["decoder_lstm.cell"]["returned"]
    checks = {c["name"]: c for c in data["checks"]}
    # A copy called without the encoder's states would differ: equal means initial_state was followed.
    assert checks["decoder_lstm: a return_state copy gives the layer's own output"]["passed"]
    assert checks["expect encoder_lstm.hidden"]["passed"]
    model = keras.saving.load_model(models["s2s"], compile=False)
    assert data["total_params"] == model.count_params()


def test_text_classifier_mask_and_bidirectional(invoke: Invoke, models: dict[str, Path]) -> None:
    data = run_json(invoke, str(models["text"]), "--batch", "4", "--window", "6")
    tokens = data["inputs"][0]
    assert tokens["dtype"] == "int64" and tokens["vocabulary"] == 30 and tokens["shape"] == [4, 6]
    found = tensors(data)
    assert found["bi.output"]["shape"] == [4, 8]
    for role in ("forward_hidden", "forward_cell", "backward_hidden", "backward_cell"):
        assert found[f"bi.{role}"]["shape"] == [4, 4] and not found[f"bi.{role}"]["returned"]
    assert data["ok"], data["checks"]
    assert data["total_params"] == keras.saving.load_model(models["text"], compile=False).count_params()


def test_nested_model_paths(invoke: Invoke, models: dict[str, Path]) -> None:
    data = run_json(invoke, str(models["nested"]), "--batch", "2", "--expect", "rnn.h=2,3")
    found = tensors(data)
    assert found["encoder/rnn.output"]["shape"] == [2, 6, 3]
    assert found["encoder/rnn.hidden"]["shape"] == [2, 3]
    assert data["ok"]


def test_table_marks_kept_states(invoke: Invoke, models: dict[str, Path]) -> None:
    result = invoke("inspect", str(models["seq"]), "--batch", "2", "--window", "3", env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.output
    assert "h *" in result.stdout and "c *" in result.stdout
    assert "kept inside the layer, not returned" in result.stdout
    assert "(None, None, 4)" in result.stdout  # Keras's symbolic shape beside the observed one


def test_model_without_recurrent_layer_has_a_note(invoke: Invoke, models: dict[str, Path]) -> None:
    result = invoke("inspect", str(models["dense"]), "--batch", "2")
    assert result.exit_code == 0, result.output
    assert "no recurrent layer" in result.stdout


@pytest.mark.parametrize("maker", ["keras", "h5"])
def test_lambda_with_bytecode_is_refused_and_nothing_runs(invoke: Invoke, tmp_path: Path, maker: str) -> None:
    marker = tmp_path / "ran"
    function = eval(f"lambda x: (__import__('pathlib').Path({str(marker)!r}).touch(), x)[1]")
    model = keras.Sequential([keras.Input((4, 2)), layers.Lambda(function), layers.LSTM(2)])
    path = tmp_path / f"lam.{maker}"
    model.save(path)
    marker.unlink()  # building the model ran it once; the saved file holds its bytecode
    result = invoke("inspect", str(path))
    assert result.exit_code == 2
    assert "Lambda" in result.output and "--unsafe" in result.output
    assert not marker.exists()
    unsafe = invoke("inspect", str(path), "--unsafe", "--batch", "2")
    assert unsafe.exit_code == 0, unsafe.output
    assert marker.exists()  # the refusal was what kept it from running


def test_crafted_keras_config_naming_a_function_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    config = {
        "module": "keras",
        "class_name": "Sequential",
        "config": {
            "name": "crafted",
            "layers": [
                {
                    "module": "keras.layers",
                    "class_name": "Lambda",
                    "config": {
                        "name": "evil",
                        "function": {"module": "os", "class_name": "function", "config": "system"},
                        "arguments": {"command": f"touch {marker}"},
                    },
                }
            ],
        },
    }
    path = tmp_path / "crafted.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.15.1"}))
    result = invoke("inspect", str(path))
    assert result.exit_code == 2
    assert "Lambda layer 'evil'" in result.output and "Nothing from it was run" in result.output
    assert not marker.exists()


class Unregistered(keras.layers.Layer):  # type: ignore[misc]
    def call(self, x: Any) -> Any:
        return x


def test_unregistered_custom_layer_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "custom.keras"
    keras.Sequential([keras.Input((3, 2)), Unregistered(name="mine"), layers.LSTM(2)]).save(path)
    result = invoke("inspect", str(path))
    assert result.exit_code == 2
    assert "custom object Unregistered 'mine'" in result.output


def _write(tmp_path: Path, name: str, content: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def test_bad_files_exit_2(invoke: Invoke, tmp_path: Path, models: dict[str, Path]) -> None:
    zipped = tmp_path / "random.keras"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "hi")
    whole = models["seq"].read_bytes()
    cases = {
        str(tmp_path / "missing.keras"): "no such file",
        str(tmp_path): "is a folder",
        _write(tmp_path, "notes.txt", b"just text\n"): "neither a .keras archive nor an HDF5 file",
        str(zipped): "without config.json",
        _write(tmp_path, "cut.keras", whole[: len(whole) // 2]): "damaged",
        _write(tmp_path, "fake.h5", b"\x89HDF\r\n\x1a\nnot really"): "not a readable HDF5 file",
    }
    for argument, message in cases.items():
        result = invoke("inspect", argument)
        assert result.exit_code == 2, (argument, result.output)
        assert message in result.output, (argument, result.output)
        assert "Traceback" not in result.output


def test_factories(invoke: Invoke, tmp_path: Path) -> None:
    factory = tmp_path / "factory.py"
    factory.write_text(
        "import keras\n"
        "def build():\n"
        "    return keras.Sequential([keras.Input((None, 2)), keras.layers.GRU(3, name='g')])\n"
        "def boom():\n"
        "    raise ValueError('no data here')\n"
        "def not_model():\n"
        "    return 42\n"
    )
    data = run_json(invoke, f"{factory}:build", "--batch", "2", "--window", "3")
    assert tensors(data)["g.hidden"]["shape"] == [2, 3]
    raised = invoke("inspect", f"{factory}:boom")
    assert raised.exit_code == 2 and "ValueError: no data here" in raised.output
    wrong = invoke("inspect", f"{factory}:not_model")
    assert wrong.exit_code == 2 and "returned int, not a Keras model" in wrong.output
    missing = invoke("inspect", f"{factory}:nothing")
    assert missing.exit_code == 2 and "no 'nothing'" in missing.output


def test_batch_the_model_cannot_take(invoke: Invoke, models: dict[str, Path]) -> None:
    assert invoke("inspect", str(models["reshape"]), "--window", "4").exit_code == 0
    result = invoke("inspect", str(models["reshape"]), "--window", "5")
    assert result.exit_code == 2
    # The table up to the refused Reshape, and what the batch was (tests/test_model_refused.py).
    assert "cannot take what the batch" in result.output and "(32, 5, 3)" in result.output


def test_unknown_expect_name_lists_the_model_names(invoke: Invoke, models: dict[str, Path]) -> None:
    result = invoke("inspect", str(models["seq"]), "--expect", "nope.h=_,4")
    assert result.exit_code == 2
    assert "lstm.hidden" in result.output


def test_korean_errors(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("inspect", str(tmp_path / "x.keras"), "--lang", "ko")
    assert result.exit_code == 2 and "파일이 없습니다" in result.output


# --- property: a stack the tool builds, saved and inspected, reads back as the flags predict -------------

from hypothesis import Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lstm_shapes.observe.build import build_steps  # noqa: E402
from lstm_shapes.report.pipeline import inspect_stack  # noqa: E402
from lstm_shapes.report.saved import inspect_model  # noqa: E402
from lstm_shapes.sources.saved import parse_source  # noqa: E402
from lstm_shapes.spec.stack import StackSpec  # noqa: E402
from tests.conftest import family_stacks  # noqa: E402


@settings(max_examples=8, phases=[Phase.reuse, Phase.generate])
@given(spec=family_stacks(max_layers=2), salt=st.integers(0, 10**9))
def test_saved_stack_reads_back_as_predicted(
    tmp_path_factory: pytest.TempPathFactory, spec: StackSpec, salt: int
) -> None:
    steps = build_steps(keras, spec, {})
    x = inputs = keras.Input(batch_shape=spec.input_shape)
    outputs = []
    for step in steps:
        result = step.layer(x, training=False) if step.training else step.layer(x)
        result = list(result) if isinstance(result, (list, tuple)) else [result]
        outputs += result
        x = result[0]
    path = tmp_path_factory.mktemp("stack") / f"stack_{salt}.keras"
    keras.Model(inputs, outputs).save(path)
    saved = inspect_model(parse_source(str(path)), batch=spec.batch, window=spec.window, seed=spec.seed)
    predicted = inspect_stack(spec, run=False).predicted
    # --head flatten is a Sequential "head" of head_flatten and head_dense: the Dense's row is the head's.
    rename = {"head_dense": "head", "head/head_dense": "head"}
    seen = {
        f"{rename.get(t.row.layer, t.row.layer)}.{t.row.role.value}": t.row.shape
        for t in saved.tensors
        if t.row.role.value != "input" and not t.kept and t.row.layer != "head/head_flatten"
    }
    want = {row.name: row.shape for row in predicted.tensors if row.role.value != "input"}
    assert seen == want
    seen_layers = {
        rename.get(info.name, info.name): (info.params, info.weights)
        for info in saved.shapes.layers
        if info.name != "head/head_flatten"
    }
    assert seen_layers == {info.name: (info.params, info.weights) for info in predicted.layers}
    assert saved.count_params == predicted.total_params
    assert saved.ok, [c for c in saved.checks if not c.passed]
