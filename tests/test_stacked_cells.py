"""Several cells in one `keras.layers.RNN([...])` in a spec file (`cells = [...]`), Keras as the oracle.

The prediction is the layer math (each cell reads the units of the one below; the output is
the top cell's; each cell keeps its own h, c or h); the run builds `RNN([LSTMCell, GRUCell])`
and compares every tensor, the parameters and the weights, and checks exactly that the
output (its last step) is the top cell's h. The oracle is a Keras RNN the test builds itself
with the same cells, and `stacked_rnn_cells_test.py`'s own cases.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lstm_shapes.predict.stack import predict
from lstm_shapes.sources.specfile import load
from lstm_shapes.spec.stack import LayerSpec, StackSpec
from tests.conftest import Invoke

TWO_CELLS = """
[[case]]
name = "two cells"
batch = 2
window = 5
features = 3
layers = [{ cells = [{ units = 8 }, { cell = "gru", units = 4 }], return_sequences = true, return_state = true }, { units = 3 }]
"""


def _write(tmp_path: Path, text: str, name: str = "cells.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _check(invoke: Invoke, path: Path, *args: str) -> dict[str, Any]:
    result = invoke("check", str(path), "--json", *args)
    data: dict[str, Any] = json.loads(result.stdout)
    data["exit_code"] = result.exit_code
    return data


def _keras() -> Any:
    from lstm_shapes.observe.framework import import_keras

    return import_keras()


# --- pure: the spec file and the layer math ------------------------------------------------------


def test_the_spec_file_reads_cells_bottom_first(tmp_path: Path) -> None:
    (case,) = load(_write(tmp_path, TWO_CELLS))
    assert case.problem is None and case.spec is not None
    layer = case.spec.layers[0]
    assert [(c.cell.value, c.units) for c in layer.cells] == [("lstm", 8), ("gru", 4)]
    assert layer.units == 4 and layer.return_state  # the top cell's units; the layer's own settings
    assert case.spec.layer_names == ("rnn_1", "lstm_2")


def test_the_prediction_is_per_cell() -> None:
    cells = (LayerSpec(units=8), LayerSpec(units=4, cell="gru"))  # type: ignore[arg-type]
    spec = StackSpec(
        batch=2,
        window=5,
        features=3,
        layers=(LayerSpec(cells=cells, return_sequences=True, return_state=True),),
    )
    report = predict(spec)
    rows = {row.name: row.shape for row in report.tensors}
    assert rows == {
        "input": (2, 5, 3),
        "rnn_1.output": (2, 5, 4),
        "rnn_1[0].hidden": (2, 8),
        "rnn_1[0].cell": (2, 8),
        "rnn_1[1].hidden": (2, 4),
    }
    info = report.layer("rnn_1")
    assert info.kind == "RNN(LSTMCell, GRUCell)"
    # LSTM(8) reads 3 features, GRU(4) reads the LSTM's 8 units (reset_after: two biases).
    assert info.params == 4 * (8 * (3 + 8) + 8) + 3 * (4 * (8 + 4) + 2 * 4)
    assert [w.name for w in info.weights][:4] == [
        "[0]/kernel",
        "[0]/recurrent_kernel",
        "[0]/bias",
        "[1]/kernel",
    ]


@pytest.mark.parametrize(
    ("layer", "key"),
    [
        ("{ cells = [{ units = 8, return_state = true }] }", "stacked_cell_setting"),
        ("{ cells = [{ units = 8, bidirectional = true }] }", "stacked_cell_setting"),
        ("{ cells = [{ units = 8 }], units = 3 }", "stacked_layer_setting"),
        ('{ cells = [{ units = 8 }], activation = "relu" }', "stacked_layer_setting"),
        ('{ cells = [{ units = 8, cell = "conv-lstm-2d" }] }', "stacked_conv_cell"),
        ("{ cells = [] }", "stacked_cells_list"),
        ("{ cells = [3, 4] }", "stacked_cells_list"),
        ('{ cells = [{ cell = "gru" }] }', "spec_layer_units"),
    ],
)
def test_a_setting_in_the_wrong_place_is_refused_with_its_reason(
    tmp_path: Path, layer: str, key: str
) -> None:
    (case,) = load(_write(tmp_path, f'[[case]]\nname = "x"\nlayers = [{layer}]\n'))
    assert case.problem is not None
    assert case.problem.error.key == key


def test_the_refusals_are_said_in_korean(tmp_path: Path, invoke: Invoke) -> None:
    path = _write(tmp_path, '[[case]]\nname = "x"\nlayers = [{ cells = [{ units = 8, stateful = true }] }]\n')
    result = invoke("check", str(path), "--no-run", "--lang", "ko")
    assert result.exit_code == 2
    assert "셀이 아니라 RNN 층의 설정" in result.output


def test_no_run_imports_no_framework(tmp_path: Path) -> None:
    """A fresh process: --no-run of a spec file with several cells in one RNN imports no framework."""
    from tests.test_imports import probe, run_cli

    path = _write(tmp_path, TWO_CELLS)
    report, done = probe(run_cli("check", str(path), "--no-run", "--json"))
    assert report["code"] == 0, done.stderr
    assert report["attempts"] == [] and report["loaded"] == []
    assert '"rnn_1[1].hidden"' in done.stdout


def test_no_run_predicts_without_a_framework(tmp_path: Path, invoke: Invoke) -> None:
    data = _check(invoke, _write(tmp_path, TWO_CELLS), "--no-run")
    assert data["exit_code"] == 0
    report = data["cases"][0]["report"]
    assert report["source"] == "predicted"
    assert [t["name"] for t in report["tensors"]][:5] == [
        "input",
        "rnn_1.output",
        "rnn_1[0].hidden",
        "rnn_1[0].cell",
        "rnn_1[1].hidden",
    ]
    assert report["layers"][0]["config"]["cells"][1]["cell"] == "gru"


# --- Keras as the oracle ----------------------------------------------------------------------------


def test_the_run_matches_a_keras_rnn_of_the_same_cells(tmp_path: Path, invoke: Invoke) -> None:
    data = _check(invoke, _write(tmp_path, TWO_CELLS))
    assert data["exit_code"] == 0, data["cases"][0]["detail"]
    report = data["cases"][0]["report"]
    keras = _keras()
    layer = keras.layers.RNN(
        [keras.layers.LSTMCell(8), keras.layers.GRUCell(4)], return_sequences=True, return_state=True
    )
    flat = keras.tree.flatten(layer(np.zeros((2, 5, 3), "float32")))
    rnn_rows = [t for t in report["tensors"] if t["layer"].startswith("rnn_1")]
    assert [tuple(t["shape"]) for t in rnn_rows] == [tuple(t.shape) for t in flat]
    rnn = report["layers"][0]
    assert rnn["params"] == layer.count_params()
    assert [tuple(w["shape"]) for w in rnn["weights"]] == [tuple(w.shape) for w in layer.weights]
    checks = {c["name"]: c for c in report["checks"]}
    top = "rnn_1: output[:, -1, :] == [1].h, the top cell's h"
    assert checks[top]["passed"] and checks[top]["detail"] == "exactly equal"


BIDIRECTIONAL_AND_STATEFUL = """
[defaults]
batch = 2
window = 4
features = 3

[[case]]
name = "bidirectional concat"
layers = [{ cells = [{ units = 4, cell = "simple-rnn" }, { units = 3 }], return_sequences = true, return_state = true, bidirectional = true }]

[[case]]
name = "stateful, backwards"
batches = 2
layers = [{ cells = [{ units = 3, cell = "gru" }, { units = 2 }], return_state = true, stateful = true, go_backwards = true }]

[[case]]
name = "masked"
batch = 3
mask_value = 0.0
lengths = [4, 2, 1]
layers = [{ cells = [{ units = 4 }, { cell = "gru", units = 3 }], return_sequences = true, return_state = true }]
"""


def test_bidirectional_stateful_and_masks_are_honoured(tmp_path: Path, invoke: Invoke) -> None:
    data = _check(invoke, _write(tmp_path, BIDIRECTIONAL_AND_STATEFUL))
    assert data["exit_code"] == 0, [c["detail"] for c in data["cases"]]
    bidirectional, stateful, masked = (c["report"] for c in data["cases"])
    keras = _keras()
    oracle = keras.layers.Bidirectional(
        keras.layers.RNN(
            [keras.layers.SimpleRNNCell(4), keras.layers.LSTMCell(3)],
            return_sequences=True,
            return_state=True,
        )
    )
    flat = keras.tree.flatten(oracle(np.zeros((2, 4, 3), "float32")))
    rows = [t for t in bidirectional["tensors"] if t["layer"].startswith("rnn_1")]
    assert [tuple(t["shape"]) for t in rows] == [tuple(t.shape) for t in flat]
    assert [t["name"] for t in rows][1:3] == ["rnn_1[0].forward_hidden", "rnn_1[1].forward_hidden"]
    assert bidirectional["layers"][0]["params"] == oracle.count_params()
    names = [c["name"] for c in bidirectional["checks"]]
    assert "rnn_1: output[:, -1, :3] == forward h" in names
    carried = stateful["stateful"]["carried"][0]
    assert carried["states"] == ["[0] h", "[1] h", "[1] c"]
    assert carried["fresh_initial_state_diff"] == 0.0
    assert all(c["passed"] for c in stateful["checks"])
    # Under a mask, each sample's top-cell h is the output at its own last valid step.
    names = [c["name"] for c in masked["checks"]]
    assert "rnn_1: h == output at each sample's last valid step" in names
    assert all(c["passed"] for c in masked["checks"])


# The built-in cells of keras/src/layers/rnn/stacked_rnn_cells_test.py (test_basics,
# test_return_state_stacked_lstm_cell), written as spec files: input (2, 3, 4) or (2, 3, 5).
SUITE = """
[defaults]
batch = 2
window = 3
features = 4

[[case]]
name = "SimpleRNNCell 3, 4, 5 with dropout"
layers = [{ cells = [{ cell = "simple-rnn", units = 3, dropout = 0.1, recurrent_dropout = 0.1 }, { cell = "simple-rnn", units = 4, dropout = 0.1, recurrent_dropout = 0.1 }, { cell = "simple-rnn", units = 5, dropout = 0.1, recurrent_dropout = 0.1 }], return_sequences = true }]
expect = { "rnn_1.output" = [2, 3, 5] }

[[case]]
name = "GRUCell 3, 4, 5 with dropout"
layers = [{ cells = [{ cell = "gru", units = 3, dropout = 0.1, recurrent_dropout = 0.1 }, { cell = "gru", units = 4, dropout = 0.1, recurrent_dropout = 0.1 }, { cell = "gru", units = 5, dropout = 0.1, recurrent_dropout = 0.1 }], return_sequences = true }]
expect = { "rnn_1.output" = [2, 3, 5] }

[[case]]
name = "LSTMCell 10, 10 returning states"
features = 5
layers = [{ cells = [{ units = 10 }, { units = 10 }], return_state = true }]
expect = { "rnn_1.output" = [2, 10], "rnn_1[0].hidden" = [2, 10], "rnn_1[1].cell" = [2, 10] }
"""


def test_the_keras_suite_cases_built_from_a_spec_file(tmp_path: Path, invoke: Invoke) -> None:
    data = _check(invoke, _write(tmp_path, SUITE))
    assert data["exit_code"] == 0, [c["detail"] for c in data["cases"]]
    keras = _keras()
    L = keras.layers
    oracles = [
        (L.RNN([L.SimpleRNNCell(n) for n in (3, 4, 5)], return_sequences=True), (2, 3, 4)),
        (L.RNN([L.GRUCell(n) for n in (3, 4, 5)], return_sequences=True), (2, 3, 4)),
        (L.RNN([L.LSTMCell(10), L.LSTMCell(10)], return_state=True), (2, 3, 5)),
    ]
    for case, (oracle, shape) in zip(data["cases"], oracles, strict=True):
        flat = keras.tree.flatten(oracle(np.zeros(shape, "float32")))
        rows = [t for t in case["report"]["tensors"] if t["layer"].startswith("rnn_1")]
        assert [tuple(t["shape"]) for t in rows] == [tuple(t.shape) for t in flat], case["case"]
        assert case["report"]["layers"][0]["params"] == oracle.count_params(), case["case"]
        # Keras's own count: 3 weights per cell (kernel, recurrent_kernel, bias).
        assert len(case["report"]["layers"][0]["weights"]) == len(oracle.trainable_weights)


# --- the flags: --cells ------------------------------------------------------------------------------


def _main_json(invoke: Invoke, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke(*args, "--json")
    return result.exit_code, json.loads(result.stdout)


def test_the_cells_flag_builds_the_same_layer_as_the_spec_file(tmp_path: Path, invoke: Invoke) -> None:
    args = ("--cells", "lstm:8,gru:4", "--units", "3")
    code, error = _main_json(invoke, *args, "--no-run")
    assert code == 2 and error["error"]["key"] == "cells_with_units"
    code, flags = _main_json(
        invoke,
        "--cells",
        "lstm:8,gru:4",
        "--cells",
        "lstm:3",
        "--batch",
        "2",
        "--window",
        "5",
        "--features",
        "3",
        "--return-state",
        "--no-run",
    )
    assert code == 0
    spec_file = _check(
        invoke,
        _write(
            tmp_path, TWO_CELLS.replace("{ units = 3 }", "{ cells = [{ units = 3 }], return_state = true }")
        ),
        "--no-run",
    )
    from_file = spec_file["cases"][0]["report"]
    assert [(t["name"], t["shape"]) for t in flags["tensors"]] == [
        (t["name"], t["shape"]) for t in from_file["tensors"]
    ]
    assert flags["total_params"] == from_file["total_params"]


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("--cells", "lstm8"), "cells_flag_form"),
        (("--cells", "lstm:8", "--cell", "gru"), "cells_with_cell"),
        (("--cells", "lstm:8,conv-lstm-2d:3"), "stacked_conv_cell"),
        (("--cells", "simple-rnn:8", "--recurrent-activation", "relu"), "not_a_setting_of_the_cell"),
    ],
)
def test_the_cells_flag_refuses_with_a_reason(invoke: Invoke, args: tuple[str, ...], key: str) -> None:
    code, error = _main_json(invoke, *args, "--no-run")
    assert code == 2 and error["error"]["key"] == key


def test_the_cells_flag_with_compare_weights_and_explain(invoke: Invoke) -> None:
    base = ("--cells", "lstm:4,gru:2", "--batch", "2", "--window", "3", "--features", "2")
    code, compared = _main_json(invoke, *base, "--compare", "return-state")
    assert code == 0 and compared["ok"]
    off, on = ([t["name"] for t in v["report"]["tensors"]] for v in compared["variants"])
    assert off == ["input", "rnn_1.output"]
    assert on == ["input", "rnn_1.output", "rnn_1[0].hidden", "rnn_1[0].cell", "rnn_1[1].hidden"]
    result = invoke(*base, "--return-state", "--weights", "--explain", "--diagram", "--lang", "ko")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "[1]/recurrent_kernel" in text and "rnn_1[1]" in text
    assert "4 × (4 × (2 + 4) + 4) + 3 × (2 × (4 + 2) + 2 × 2)" in text


def test_the_docs_example_passes_in_keras(tmp_path: Path, invoke: Invoke) -> None:
    page = (Path(__file__).parent.parent / "docs" / "layers.md").read_text()
    section = page.split("## Several cells in one RNN", 1)[1].split("\n## ", 1)[0]
    toml = section.split("```toml\n", 1)[1].split("```", 1)[0]
    data = _check(invoke, _write(tmp_path, toml))
    assert data["exit_code"] == 0, data["cases"][0]["detail"]
    assert data["cases"][0]["report"]["layers"][0]["params"] == 552


def test_a_later_layer_is_still_located_by_its_line(tmp_path: Path) -> None:
    """The cells' own inline tables do not shift which line a later layer's problem points at."""
    text = (
        '[[case]]\nname = "x"\nlayers = [\n'
        '  { cells = [{ units = 8 }, { cell = "gru", units = 4 }], return_sequences = true },\n'
        "  { units = 3 },\n"
        "  { units = 0 },\n"
        "]\n"
    )
    (case,) = load(_write(tmp_path, text))
    assert case.problem is not None and case.problem.line == 6


def test_the_api_spelling_in_the_docs() -> None:
    """docs/api.md's spelling of several cells in one RNN, predicted without a framework."""
    layer = LayerSpec(cells=(LayerSpec(8), LayerSpec(4, cell="gru")), return_state=True)  # type: ignore[arg-type]
    report = predict(StackSpec(batch=2, window=3, features=1, layers=(layer,)))
    assert [row.name for row in report.tensors] == [
        "input",
        "rnn_1.output",
        "rnn_1[0].hidden",
        "rnn_1[0].cell",
        "rnn_1[1].hidden",
    ]
