"""Spec-file cases with `model = "path"`: `lstm-shapes check` inspects the saved model by its layer names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_shapes.observe.framework import import_keras
from tests.conftest import Invoke

keras = import_keras()
layers = keras.layers


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encoder-decoder saved beside the spec files that name it (paths are relative to them)."""
    where = tmp_path_factory.mktemp("check_models")
    enc_in, dec_in = keras.Input((None, 3), name="enc_in"), keras.Input((None, 2), name="dec_in")
    _, h, c = layers.LSTM(6, return_state=True, name="encoder_lstm")(enc_in)
    seq = layers.LSTM(6, return_sequences=True, name="decoder_lstm")(dec_in, initial_state=[h, c])
    (where / "models").mkdir()
    keras.Model([enc_in, dec_in], layers.Dense(2, name="out")(seq)).save(where / "models" / "s2s.keras")
    return where


def spec(folder: Path, text: str) -> str:
    path = folder / "cases.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_model_cases_pass_and_fail_by_layer_names(invoke: Invoke, folder: Path) -> None:
    path = spec(
        folder,
        '[defaults]\nmodel = "models/s2s.keras"\nbatch = 2\n\n'
        '[[case]]\nname = "states"\nwindow = 4\n'
        'expect = { "encoder_lstm.h" = "_,6", "decoder_lstm.c" = "2,6", "out" = "2,4,2" }\n\n'
        '[[case]]\nname = "wrong"\nexpect = { "encoder_lstm.h" = "_,256" }\n',
    )
    result = invoke("check", path, "--json")
    assert result.exit_code == 1, result.output
    cases = {c["case"]: c for c in json.loads(result.stdout)["cases"]}
    assert cases["states"]["status"] == "passed", cases["states"]["detail"]
    assert "3 pinned" in cases["states"]["detail"]
    report = cases["states"]["model_report"]
    model = keras.saving.load_model(folder / "models" / "s2s.keras", compile=False)
    assert report["total_params"] == model.count_params()
    shapes = {t["name"]: t["shape"] for t in report["tensors"]}
    assert shapes["decoder_lstm.cell"] == [2, 6] and shapes["out.output"] == [2, 4, 2]
    assert not next(t for t in report["tensors"] if t["name"] == "decoder_lstm.cell")["returned"]
    assert cases["wrong"]["status"] == "failed"
    assert "expected (_, 256), got (2, 6)" in cases["wrong"]["detail"]


def test_model_case_refusals(invoke: Invoke, folder: Path) -> None:
    path = spec(
        folder,
        '[[case]]\nname = "layers too"\nmodel = "models/s2s.keras"\n\n[[case.layers]]\nunits = 3\n\n'
        '[[case]]\nname = "unknown name"\nmodel = "models/s2s.keras"\nexpect = { "encoder.h" = "_,6" }\n\n'
        '[[case]]\nname = "missing"\nmodel = "models/none.keras"\n',
    )
    result = invoke("check", path)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "cases.toml:5: case 'layers too': layers means nothing with model = 'models/s2s.keras'" in text
    assert "no tensor named 'encoder.h' in this model" in text and "encoder_lstm.hidden" in text
    assert "none.keras: no such file" in text
    no_run = invoke("check", path, "--no-run")
    assert no_run.exit_code == 2 and "a model case runs the model" in " ".join(no_run.output.split())
