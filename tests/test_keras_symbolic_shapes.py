"""Where Keras's own symbolic shape is wrong: a note, and the layer math checked against the real tensor.

`Bidirectional(LSTM(3), backward_layer=GRU(2))`: Keras's `compute_output_shape` (what
`layer.output.shape` and `model.summary()` show) assumes the backward layer as wide as the
forward one, 3 + 3 = 6, but the real call returns 3 + 2 = 5. `inspect` predicts each tensor's
last axis from the cells' own sizes, checks that against the real tensor, and says Keras's
disagreement as a note (en + ko), not as a failed check of ours. Keras itself is the oracle.
"""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.observe.framework import import_keras
from tests.conftest import Invoke

keras = import_keras()
L = keras.layers


def _model(merge: str | None) -> Any:
    x = keras.Input((4, 3))
    y = L.Bidirectional(
        L.LSTM(3, return_sequences=True),
        backward_layer=L.GRU(2, return_sequences=True, go_backwards=True),
        merge_mode=merge,
        name="bi",
    )(x)
    return keras.Model(x, y)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("symbolic")
    paths = {}
    for merge in ("concat", None):
        path = folder / f"bi_{merge}.keras"
        _model(merge).save(path)
        paths[str(merge)] = path
    return paths


def test_keras_symbolic_shape_really_disagrees_with_its_call() -> None:
    """The premise, from Keras itself: summary and layer.output say 6, the call returns 5."""
    model = _model("concat")
    layer = model.get_layer("bi")
    assert tuple(layer.output.shape) == (None, 4, 6)
    printed = io.StringIO()
    with redirect_stdout(printed):
        model.summary(print_fn=lambda line, **_: print(line))
    assert "(None, 4, 6)" in printed.getvalue()
    real = model(np.zeros((2, 4, 3), "float32"))
    assert tuple(real.shape) == (2, 4, 5)


def test_concat_is_checked_by_the_layer_math_and_keras_is_noted(
    invoke: Invoke, saved: dict[str, Path]
) -> None:
    result = invoke("inspect", str(saved["concat"]), "--batch", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (output,) = [t for t in data["tensors"] if t["name"] == "bi.output"]
    assert output["shape"] == [2, 4, 5] and output["symbolic_shape"] == [None, 4, 6]
    assert output["axes"][-1] == "forward + backward units"  # 3 + 2, not 2 × one width
    assert [(n["key"], n["tensor"]) for n in data["symbolic_notes"]] == [("model_note_symbolic", "bi.output")]
    checks = {c["name"]: c for c in data["checks"]}
    assert all(c["passed"] for c in data["checks"])
    assert (
        "bi.output: last axis 5"
        in checks["the layer math gives what ran where Keras's symbolic shape does not"]["detail"]
    )


def test_merge_none_notes_the_backward_output(invoke: Invoke, saved: dict[str, Path]) -> None:
    result = invoke("inspect", str(saved["None"]), "--batch", "2", "--json")
    data = json.loads(result.stdout)
    model = keras.saving.load_model(saved["None"])
    real = [tuple(t.shape) for t in model(np.zeros((2, 4, 3), "float32"))]
    rows = [t for t in data["tensors"] if t["role"] in ("forward_output", "backward_output")]
    assert [tuple(r["shape"]) for r in rows] == real == [(2, 4, 3), (2, 4, 2)]
    noted = {n["tensor"] for n in data["symbolic_notes"]}
    mismatched = {
        r["name"] for r in rows if r["symbolic_shape"] and r["symbolic_shape"][-1] != r["shape"][-1]
    }
    assert noted == mismatched  # every disagreement of Keras's is noted, and only those
    assert result.exit_code == 0, result.output


def test_the_note_is_said_in_korean(invoke: Invoke, saved: dict[str, Path]) -> None:
    result = invoke("inspect", str(saved["concat"]), "--batch", "2", "--lang", "ko")
    assert result.exit_code == 0
    assert "Keras의 기호 모양 (None, 4, 6)" in " ".join(result.output.split())


def test_a_real_disagreement_still_fails() -> None:
    """Where the layer math has no say (a layer of no cell), a mismatch stays a failed check."""
    from lstm_shapes.observe.saved import Tensor
    from lstm_shapes.report.saved import _by_layer_math
    from lstm_shapes.spec.shapes import Role

    assert not _by_layer_math(Tensor("", Role.OUTPUT, (2, 4, 5), (None, 4, 6), False, None))
    assert not _by_layer_math(Tensor("", Role.OUTPUT, (2, 4, 5), (None, 4, 6), False, None, size=6))
    assert _by_layer_math(Tensor("", Role.OUTPUT, (2, 4, 5), (None, 4, 6), False, None, size=5))
