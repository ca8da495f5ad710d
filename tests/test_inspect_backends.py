"""`inspect` on JAX and PyTorch (a fresh process each: Keras picks its backend once per process),
and its table in Korean.

The models are saved here by Keras on TensorFlow; a `.keras` file is backend-neutral, so the
other backends must read back the same tensors, states and parameter counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lstm_shapes.observe.framework import import_keras
from lstm_shapes.spec import backend_choice as backends
from tests.conftest import Invoke

keras = import_keras()
layers = keras.layers
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("backend_models")
    tokens = keras.Input((None,), dtype="int32", name="tokens")
    x = layers.Embedding(20, 4, mask_zero=True, name="embed")(tokens)
    x = layers.Bidirectional(layers.LSTM(3, return_sequences=True), name="bi")(x)
    x = layers.GRU(2, reset_after=False, name="gru")(x)
    paths = {"text": folder / "text.keras", "dense": folder / "dense.keras"}
    keras.Model(tokens, layers.Dense(1, name="score")(x)).save(paths["text"])
    keras.Sequential([keras.Input((3,)), layers.Dense(2, name="d")]).save(paths["dense"])
    return paths


def fresh(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "LSTM_SHAPES_DEBUG")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "lstm_shapes", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def shapes(data: dict[str, Any]) -> list[tuple[str, list[int], bool]]:
    return [(t["name"], t["shape"], t["returned"]) for t in data["tensors"]]


@pytest.mark.slow
@pytest.mark.parametrize(
    "backend",
    [
        pytest.param(b, marks=pytest.mark.skipif(not backends.installed(b), reason=f"{b} is not installed"))
        for b in ("jax", "torch")
    ],
)
def test_inspect_on_another_backend_reads_the_same_model(
    invoke: Invoke, saved: dict[str, Path], backend: str
) -> None:
    args = ("inspect", str(saved["text"]), "--batch", "3", "--window", "5", "--json")
    here = invoke(*args)
    assert here.exit_code == 0, here.output
    on_tf = json.loads(here.stdout)
    done = fresh(*args, "--backend", backend)
    assert done.returncode == 0, done.stderr
    other = json.loads(done.stdout)
    assert (other["backend"], on_tf["backend"]) == (backend, "tensorflow")
    assert other["ok"], [c for c in other["checks"] if not c["passed"]]
    assert shapes(other) == shapes(on_tf)
    assert (
        other["total_params"]
        == on_tf["total_params"]
        == keras.saving.load_model(saved["text"]).count_params()
    )
    names = {c["name"] for c in other["checks"]}
    assert "bi: a return_state copy gives the layer's own output" in names  # followed the mask there too
    assert "gru: output == h" in names


def test_one_backend_at_a_time_and_unknown_names(invoke: Invoke, saved: dict[str, Path]) -> None:
    several = invoke("inspect", str(saved["text"]), "--backend", "jax,torch")
    assert several.exit_code == 2 and "inspect runs one backend at a time" in several.output
    typo = invoke("inspect", str(saved["text"]), "--backend", "jaxx")
    assert typo.exit_code == 2 and "jax" in typo.output and "Traceback" not in typo.output
    loaded = invoke("inspect", str(saved["text"]), "--backend", "torch")  # this process holds TensorFlow
    assert loaded.exit_code == 3 and "already loaded with the tensorflow backend" in loaded.output


def test_korean_check_lines_and_notes(invoke: Invoke, saved: dict[str, Path]) -> None:
    result = invoke(
        "inspect",
        str(saved["text"]),
        "--batch",
        "2",
        "--window",
        "3",
        "--lang",
        "ko",
        "--expect",
        "gru.h=2,3",
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 1, result.output  # the pin is wrong: gru has 2 units
    out = result.stdout
    assert "✓ 관찰한 모양이 Keras의 기호 모양과 맞습니다: Keras가 모양을 알려 준 텐서" in out
    assert "✓ 파라미터를 더하면 model.count_params()와 같습니다" in out
    assert "✓ bi: return_state 사본이 층 자신의 출력과 같은 값을 냅니다: 정확히 같음" in out
    assert "✓ gru: output == h: 정확히 같음" in out
    assert "✗ 기대한 gru.hidden: 기대 (2, 3), 실제 (2, 2)" in out
    assert "층 안에만 있고 돌려주지 않는 상태" in out
    for english in ("observed shapes", "parameters add up", "exactly equal", "expected (2, 3)"):
        assert english not in out
    dense = invoke("inspect", str(saved["dense"]), "--batch", "2", "--lang", "ko")
    assert dense.exit_code == 0 and "순환 층" in dense.stdout and "no recurrent layer" not in dense.stdout
    assert "관찰한 모양이" in dense.stdout
