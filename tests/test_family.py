"""The recurrent family: GRU, SimpleRNN, Bidirectional in every merge mode, a Conv1D front end.

Exact numbers from the layer math first (pure), then the prediction against Keras over random
mixed stacks, each state invariant evaluated and shown to catch a wrong value, the command
line and spec files for the judged scenario ("GRU over a bidirectional LSTM over a Conv1D"),
every refusal, and the one combination Keras 3.15 cannot build (stateful Bidirectional that
returns its states). Keras is imported once for the process; every tensor here is tiny.
"""

from __future__ import annotations

import json
import math
import os
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PLAIN_ENV, family_stacks, run_cli, table_rows
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from typer.testing import Result

from lstm_shapes.cli.app import flag_of
from lstm_shapes.errors import InvalidSpec
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.observe.framework import import_keras
from lstm_shapes.observe.stack import observe
from lstm_shapes.predict.stack import predict
from lstm_shapes.render.explain import row_notes
from lstm_shapes.report.checks import state_invariants
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.report.types import Check
from lstm_shapes.spec.shapes import BATCH, BOTH_UNITS, FEATURES, FILTERS, TIME, UNITS, Role, WeightShape
from lstm_shapes.spec.stack import (
    CELL_DEFAULTS,
    CellKind,
    ConvSpec,
    DeviceChoice,
    HeadKind,
    HeadSpec,
    LayerSpec,
    MergeMode,
    Padding,
    StackSpec,
)
from lstm_shapes.spec.topology import output_roles

# Below the width of the "Why" column and wide enough that no cell wraps.
TABLE_ENV = {**PLAIN_ENV, "COLUMNS": "110"}
MERGED = ("sum", "mul", "ave")
GATES = {CellKind.LSTM: 4, CellKind.GRU: 3, CellKind.SIMPLE_RNN: 1}


def note_of(spec: StackSpec, tensor: str) -> str:
    """The English "Why" note of one tensor, as the table and the JSON print it."""
    rows = list(predict(spec).tensors)
    notes = row_notes(spec, rows, ENGLISH)
    return dict(zip([row.name for row in rows], notes, strict=True))[tensor]


def invoke(*args: str | Path, env: dict[str, str | None] | None = None) -> Result:
    """`lstm-shapes ARGS...` in this process; our exits are SystemExit, never a traceback."""
    result = run_cli(*args, env=env or TABLE_ENV, strict=True)
    assert "Traceback" not in result.output
    return result


def json_run(*args: str | Path) -> dict[str, Any]:
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def shapes_of(data: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    return {t["name"]: tuple(t["shape"]) for t in data["tensors"]}


def refused(args: tuple[str, ...], stderr: str) -> None:
    """The command line is refused: exit 2, nothing on stdout, exactly `stderr`."""
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == stderr


def write(tmp_path: Path, text: str, name: str = "family.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def tiny(*layers: LayerSpec, **stack: Any) -> StackSpec:
    """Batch 2, window 3, 2 features, on the CPU."""
    settings: dict[str, Any] = {"batch": 2, "window": 3, "features": 2, "device": DeviceChoice.CPU}
    return StackSpec(layers=layers, **{**settings, **stack})


# --- the spec: cells, wrapping, names ---------------------------------------------------------


def test_cells_accept_their_string_values() -> None:
    assert LayerSpec(cell="gru").cell is CellKind.GRU  # type: ignore[arg-type]
    assert LayerSpec(cell="simple-rnn").cell is CellKind.SIMPLE_RNN  # type: ignore[arg-type]
    layer = LayerSpec(bidirectional=True, merge_mode="none")  # type: ignore[arg-type]
    assert layer.merge_mode is MergeMode.NONE
    assert ConvSpec(4, padding="causal").padding is Padding.CAUSAL  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("settings", "field", "key", "values"),
    [
        (
            {"cell": "bogus"},
            "cell",
            "unknown",
            {"value": "bogus", "valid": "lstm, gru, simple-rnn, conv-lstm-1d, conv-lstm-2d, conv-lstm-3d"},
        ),
        (
            {"bidirectional": True, "merge_mode": "avg"},
            "merge_mode",
            "unknown_guess",
            {"value": "avg", "guess": "ave", "valid": "concat, sum, mul, ave, none"},
        ),
        ({"cell": "gru", "reset_after": 1}, "reset_after", "true_or_false", {"value": 1}),
    ],
)
def test_unknown_family_values_are_refused(
    settings: dict[str, Any], field: str, key: str, values: dict[str, Any]
) -> None:
    with pytest.raises(InvalidSpec) as info:
        LayerSpec(**settings)
    assert (info.value.field, info.value.key, info.value.values) == (field, key, values)


@pytest.mark.parametrize(
    ("settings", "setting", "cell", "owners"),
    [
        ({"cell": "gru", "unit_forget_bias": True}, "unit_forget_bias", "GRU", ("LSTM",)),
        ({"cell": "simple-rnn", "unit_forget_bias": False}, "unit_forget_bias", "SimpleRNN", ("LSTM",)),
        ({"reset_after": True}, "reset_after", "LSTM", ("GRU",)),
        (
            {"cell": "simple-rnn", "recurrent_activation": "sigmoid"},
            "recurrent_activation",
            "SimpleRNN",
            ("LSTM", "GRU"),
        ),
        ({"cell": "simple-rnn", "implementation": 2}, "implementation", "SimpleRNN", ("LSTM", "GRU")),
    ],
)
def test_a_setting_the_cell_lacks_is_refused_not_ignored(
    settings: dict[str, Any], setting: str, cell: str, owners: tuple[str, ...]
) -> None:
    """Refused by key with the cell, the setting and the cells that own it (the words say it)."""
    with pytest.raises(InvalidSpec) as info:
        LayerSpec(**settings)
    error = info.value
    assert (error.field, error.key) == (setting, "not_a_setting_of_the_cell")
    assert (error.values["cell"], error.values["setting"], error.values["cells"]) == (cell, setting, owners)
    assert error.values["owner"] == owners[0].lower()  # the hint's `cell ...` names a cell that has it


def test_merge_mode_without_bidirectional_is_refused() -> None:
    with pytest.raises(InvalidSpec) as info:
        LayerSpec(merge_mode="sum")  # type: ignore[arg-type]
    assert (info.value.field, info.value.key) == ("merge_mode", "merge_without_bidirectional")


def test_keras_config_holds_only_the_cells_own_arguments() -> None:
    lstm, gru, rnn = (LayerSpec(3, cell=c) for c in (CellKind.LSTM, CellKind.GRU, CellKind.SIMPLE_RNN))
    assert "reset_after" not in lstm.keras_config()
    assert lstm.keras_config()["unit_forget_bias"] is True
    gru_config = gru.keras_config()
    assert "unit_forget_bias" not in gru_config
    assert (gru_config["reset_after"], gru_config["recurrent_activation"], gru_config["implementation"]) == (
        True,
        "sigmoid",
        2,
    )
    rnn_config = rnn.keras_config()
    for name in CELL_DEFAULTS:
        assert name not in rnn_config, name
    assert len(rnn_config) == 20
    assert len(lstm.keras_config()) == len(gru_config) == 23
    for config in (lstm.keras_config(), gru_config, rnn_config):
        assert not {"cell", "bidirectional", "merge_mode"} & set(config)
    assert LayerSpec(3, cell="gru", reset_after=False).keras_config()["reset_after"] is False  # type: ignore[arg-type]


def test_describe_adds_the_cell_and_the_wrapping() -> None:
    layer = LayerSpec(3, cell="gru", bidirectional=True)  # type: ignore[arg-type]
    described = layer.describe()
    assert next(iter(described)) == "cell"
    assert list(described)[-2:] == ["bidirectional", "merge_mode"]
    assert described == {"cell": "gru", **layer.keras_config(), "bidirectional": True, "merge_mode": "concat"}
    merged = LayerSpec(bidirectional=True, merge_mode=MergeMode.AVE).describe()
    assert merged["merge_mode"] == "ave"
    assert LayerSpec().describe()["merge_mode"] is None


@pytest.mark.parametrize(
    ("bidirectional", "merge_mode", "merge", "width"),
    [
        (False, None, None, 5),
        (True, None, MergeMode.CONCAT, 10),
        (True, MergeMode.CONCAT, MergeMode.CONCAT, 10),
        (True, MergeMode.SUM, MergeMode.SUM, 5),
        (True, MergeMode.MUL, MergeMode.MUL, 5),
        (True, MergeMode.AVE, MergeMode.AVE, 5),
        (True, MergeMode.NONE, MergeMode.NONE, 5),
    ],
)
def test_merge_in_effect_and_output_width(
    bidirectional: bool, merge_mode: MergeMode | None, merge: MergeMode | None, width: int
) -> None:
    layer = LayerSpec(5, bidirectional=bidirectional, merge_mode=merge_mode)
    assert layer.merge is merge
    assert layer.width == width


def test_layer_names_carry_the_cell_and_the_position() -> None:
    spec = StackSpec(
        layers=(
            LayerSpec(return_sequences=True),
            LayerSpec(cell=CellKind.GRU, return_sequences=True, bidirectional=True),
            LayerSpec(cell=CellKind.SIMPLE_RNN),
        ),
        conv=ConvSpec(4),
    )
    assert spec.layer_names == ("lstm_1", "gru_2", "simple_rnn_3")
    assert [info.name for info in predict(spec).layers] == ["conv1d", "lstm_1", "gru_2", "simple_rnn_3"]


@pytest.mark.parametrize(
    ("field", "flag"),
    [
        ("gru_2.merge_mode", "--merge-mode"),
        ("lstm_1.return_sequences", "--return-sequences"),
        ("conv.kernel_size", "--conv-kernel-size"),
        ("conv.filters", "--conv-filters"),
        ("head.units", "--head-units"),
        ("head", "--head"),
        ("reset_after", "--reset-after"),
        ("unit_forget_bias", "--unit-forget-bias"),
    ],
)
def test_flag_of_maps_fields_to_flags(field: str, flag: str) -> None:
    assert flag_of(field) == flag


@pytest.mark.parametrize(
    ("conv", "field", "problem"),
    [
        ({"filters": 0}, "conv.filters", "must be at least 1, got 0"),
        ({"filters": 4, "kernel_size": 0}, "conv.kernel_size", "must be at least 1, got 0"),
        ({"filters": 4, "strides": True}, "conv.strides", "must be a whole number, got True"),
        (
            {"filters": 4, "padding": "full"},
            "conv.padding",
            "unknown value 'full'. Valid values: valid, same, causal.",
        ),
    ],
)
def test_conv_values_are_checked(conv: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(InvalidSpec) as info:
        ConvSpec(**conv)
    assert (info.value.field, info.value.problem) == (field, problem)


def stack_error(**settings: Any) -> InvalidSpec:
    with pytest.raises(InvalidSpec) as info:
        StackSpec(**settings)
    return info.value


def test_valid_kernel_longer_than_the_window_is_refused() -> None:
    error = stack_error(window=4, conv=ConvSpec(2, kernel_size=5))
    assert (error.field, error.key, error.values) == (
        "conv.kernel_size",
        "kernel_too_long",
        {"kernel": 5, "window": 4},
    )
    assert StackSpec(window=4, conv=ConvSpec(2, kernel_size=4)).steps == 1
    for padding in (Padding.SAME, Padding.CAUSAL):
        assert StackSpec(window=4, conv=ConvSpec(2, kernel_size=5, padding=padding)).steps == 4


@pytest.mark.parametrize(
    ("stack", "key", "above"),
    [
        ({"head": HeadSpec("dense")}, "merge_none_under_head", "head"),
        ({"head": HeadSpec("time-distributed")}, "merge_none_under_head", "head"),
        ({"more": LayerSpec(2, cell=CellKind.GRU)}, "merge_none_under_layer", "gru_2"),
    ],
)
def test_merge_none_must_be_the_top_output(stack: dict[str, Any], key: str, above: str) -> None:
    layer = LayerSpec(3, return_sequences=True, bidirectional=True, merge_mode=MergeMode.NONE)
    more = stack.pop("more", None)
    error = stack_error(layers=(layer, more) if more else (layer,), **stack)
    assert (error.field, error.key, error.values) == (
        "lstm_1.merge_mode",
        key,
        {"name": "lstm_1", "above": above},
    )


def test_lower_layer_without_sequences_names_the_cell_above() -> None:
    error = stack_error(layers=(LayerSpec(3, cell=CellKind.SIMPLE_RNN), LayerSpec(2, cell=CellKind.GRU)))
    assert (error.field, error.key) == ("simple_rnn_1.return_sequences", "lower_layer_flat")
    assert error.values == {"name": "simple_rnn_1", "above": "gru_2"}


def test_time_distributed_needs_a_sequence_from_a_bidirectional_layer_too() -> None:
    error = stack_error(layers=(LayerSpec(3, bidirectional=True),), head=HeadSpec("time-distributed"))
    assert (error.field, error.key, error.values) == ("head", "time_distributed_2d", {"name": "lstm_1"})


# --- predict: exact numbers -------------------------------------------------------------------


def one_layer(**layer: Any) -> StackSpec:
    """The tutorial's (32, 25, 1) batch under one layer of 20 units."""
    return StackSpec(layers=(LayerSpec(20, **layer),))


def test_gru_20_with_reset_after() -> None:
    report = predict(one_layer(cell=CellKind.GRU))
    gru = report.layer("gru_1")
    assert gru.kind == "GRU"
    # 3 gates x (20 x (1 + 20) kernel and recurrent kernel + 2 x 20 biases)
    assert gru.params == 3 * (20 * (1 + 20) + 2 * 20) == 1_380
    assert gru.weights == (
        WeightShape("kernel", (1, 60)),
        WeightShape("recurrent_kernel", (20, 60)),
        WeightShape("bias", (2, 60)),
    )
    assert report.tensor("gru_1.output").shape == (32, 20)
    assert gru.config["reset_after"] is True


def test_gru_20_without_reset_after() -> None:
    gru = predict(one_layer(cell=CellKind.GRU, reset_after=False)).layer("gru_1")
    assert gru.params == 1_320
    assert gru.weights[-1] == WeightShape("bias", (60,))
    assert gru.config["reset_after"] is False


def test_gru_without_bias_has_no_bias_either_way() -> None:
    for reset_after in (True, False):
        gru = predict(one_layer(cell=CellKind.GRU, use_bias=False, reset_after=reset_after)).layer("gru_1")
        assert gru.params == 1_260
        assert [w.name for w in gru.weights] == ["kernel", "recurrent_kernel"]


def test_simple_rnn_20() -> None:
    report = predict(one_layer(cell=CellKind.SIMPLE_RNN, return_state=True))
    rnn = report.layer("simple_rnn_1")
    assert rnn.kind == "SimpleRNN"
    assert rnn.params == 440
    assert rnn.weights == (
        WeightShape("kernel", (1, 20)),
        WeightShape("recurrent_kernel", (20, 20)),
        WeightShape("bias", (20,)),
    )
    # one state, h: no cell row
    assert [row.name for row in report.tensors] == ["input", "simple_rnn_1.output", "simple_rnn_1.hidden"]


def test_bidirectional_lstm_20_concat() -> None:
    spec = one_layer(bidirectional=True, return_sequences=True)
    report = predict(spec)
    lstm = report.layer("lstm_1")
    assert lstm.kind == "Bidirectional(LSTM)"
    assert lstm.params == 3_520
    assert lstm.weights == (
        WeightShape("forward/kernel", (1, 80)),
        WeightShape("forward/recurrent_kernel", (20, 80)),
        WeightShape("forward/bias", (80,)),
        WeightShape("backward/kernel", (1, 80)),
        WeightShape("backward/recurrent_kernel", (20, 80)),
        WeightShape("backward/bias", (80,)),
    )
    out = report.tensor("lstm_1.output")
    assert out.shape == (32, 25, 40)
    assert out.axes == (BATCH, TIME, BOTH_UNITS)
    assert out.axes[-1] == "2 × units"
    assert note_of(spec, "lstm_1.output") == (
        "return_sequences=True: 20 units at each of the 25 steps; forward and backward side by side: 2 × 20 = 40"
    )


@pytest.mark.parametrize("merge", MERGED)
def test_bidirectional_merged_keeps_the_width(merge: str) -> None:
    spec = one_layer(bidirectional=True, merge_mode=merge)
    report = predict(spec)
    out = report.tensor("lstm_1.output")
    assert out.shape == (32, 20)
    assert out.axes == (BATCH, UNITS)
    assert note_of(spec, "lstm_1.output") == (
        f"return_sequences=False: 20 units at the last of input's 25 steps; forward and backward merged by {merge}"
    )
    assert report.layer("lstm_1").params == 3_520


def test_the_layer_above_a_concat_sees_twice_the_units() -> None:
    spec = StackSpec(
        layers=(
            LayerSpec(20, return_sequences=True, bidirectional=True),
            LayerSpec(10, cell=CellKind.GRU),
        )
    )
    gru = predict(spec).layer("gru_2")
    assert gru.weights[0] == WeightShape("kernel", (40, 30))
    assert gru.params == 3 * (10 * (40 + 10) + 2 * 10) == 1_560


def test_conv1d_16_3_on_the_tutorial_batch() -> None:
    spec = StackSpec(conv=ConvSpec(16, 3), layers=(LayerSpec(20),))
    report = predict(spec)
    conv = report.layer("conv1d")
    assert conv.kind == "Conv1D"
    assert conv.params == 64
    assert conv.weights == (WeightShape("kernel", (3, 1, 16)), WeightShape("bias", (16,)))
    assert conv.config == {
        "filters": 16,
        "kernel_size": 3,
        "strides": 1,
        "padding": "valid",
        "dilation_rate": 1,
    }
    out = report.tensor("conv1d.output")
    assert out.shape == (32, 23, 16)
    assert out.axes == (BATCH, TIME, FILTERS)
    assert "25 - 3 + 1 = 23" in note_of(spec, "conv1d.output")
    assert note_of(spec, "conv1d.output") == "25 - 3 + 1 = 23 time steps, 16 filters each"
    lstm = report.layer("lstm_1")
    assert lstm.weights[0] == WeightShape("kernel", (16, 80))
    assert lstm.params == 4 * (20 * (16 + 20) + 20) == 2_960
    assert note_of(spec, "lstm_1.output") == (
        "return_sequences=False: 20 units at the last of conv1d's 23 steps"
    )
    assert report.total_params == 3_024
    assert [row.name for row in report.tensors] == ["input", "conv1d.output", "lstm_1.output"]
    assert report.tensor("input").axes == (BATCH, TIME, FEATURES)


@pytest.mark.parametrize(
    ("padding", "strides", "steps", "note"),
    [
        (Padding.VALID, 1, 23, "25 - 3 + 1 = 23 time steps, 16 filters each"),
        (Padding.VALID, 2, 12, "(25 - 3) // 2 + 1 = 12 time steps, 16 filters each"),
        (Padding.SAME, 1, 25, "same padding keeps 25 time steps, 16 filters each"),
        (Padding.SAME, 2, 13, "same padding: ceil(25 / 2) = 13 time steps, 16 filters each"),
        (Padding.CAUSAL, 1, 25, "causal padding keeps 25 time steps, 16 filters each"),
        (Padding.CAUSAL, 2, 13, "causal padding: ceil(25 / 2) = 13 time steps, 16 filters each"),
        (Padding.VALID, 3, 8, "(25 - 3) // 3 + 1 = 8 time steps, 16 filters each"),
        (Padding.SAME, 3, 9, "same padding: ceil(25 / 3) = 9 time steps, 16 filters each"),
    ],
)
def test_conv_steps_by_padding_and_stride(padding: Padding, strides: int, steps: int, note: str) -> None:
    spec = StackSpec(conv=ConvSpec(16, 3, strides, padding), layers=(LayerSpec(20, return_sequences=True),))
    assert spec.steps == steps
    report = predict(spec)
    assert report.tensor("conv1d.output").shape == (32, steps, 16)
    assert note_of(spec, "conv1d.output") == note
    assert report.tensor("lstm_1.output").shape == (32, steps, 20)
    assert report.layer("conv1d").params == 64  # the padding and stride change no weight


@pytest.mark.parametrize(
    ("layer", "roles"),
    [
        (LayerSpec(), (Role.OUTPUT,)),
        (LayerSpec(return_state=True), (Role.OUTPUT, Role.HIDDEN, Role.CELL)),
        (LayerSpec(cell=CellKind.GRU, return_state=True), (Role.OUTPUT, Role.HIDDEN)),
        (LayerSpec(cell=CellKind.SIMPLE_RNN, return_state=True), (Role.OUTPUT, Role.HIDDEN)),
        (LayerSpec(bidirectional=True), (Role.OUTPUT,)),
        (
            LayerSpec(bidirectional=True, merge_mode=MergeMode.NONE),
            (Role.FORWARD_OUTPUT, Role.BACKWARD_OUTPUT),
        ),
        (
            LayerSpec(bidirectional=True, return_state=True),
            (Role.OUTPUT, Role.FORWARD_HIDDEN, Role.FORWARD_CELL, Role.BACKWARD_HIDDEN, Role.BACKWARD_CELL),
        ),
        (
            LayerSpec(cell=CellKind.GRU, bidirectional=True, merge_mode=MergeMode.NONE, return_state=True),
            (Role.FORWARD_OUTPUT, Role.BACKWARD_OUTPUT, Role.FORWARD_HIDDEN, Role.BACKWARD_HIDDEN),
        ),
    ],
)
def test_output_roles_in_kerass_order(layer: LayerSpec, roles: tuple[Role, ...]) -> None:
    assert output_roles(layer) == roles


# --- rows of a Bidirectional LSTM with return_state, in each merge mode ------------------------

STATE_ROWS = [
    ("lstm_1.forward_hidden", "forward_hidden", [4, 3], ["batch", "units"]),
    ("lstm_1.forward_cell", "forward_cell", [4, 3], ["batch", "units"]),
    ("lstm_1.backward_hidden", "backward_hidden", [4, 3], ["batch", "units"]),
    ("lstm_1.backward_cell", "backward_cell", [4, 3], ["batch", "units"]),
]
OUTPUT_ROWS = {
    "concat": [("lstm_1.output", "output", [4, 5, 6], ["batch", "time steps", "2 × units"])],
    "sum": [("lstm_1.output", "output", [4, 5, 3], ["batch", "time steps", "units"])],
    "mul": [("lstm_1.output", "output", [4, 5, 3], ["batch", "time steps", "units"])],
    "ave": [("lstm_1.output", "output", [4, 5, 3], ["batch", "time steps", "units"])],
    "none": [
        ("lstm_1.forward_output", "forward_output", [4, 5, 3], ["batch", "time steps", "units"]),
        ("lstm_1.backward_output", "backward_output", [4, 5, 3], ["batch", "time steps", "units"]),
    ],
}
BIDI_ARGS = ("--batch", "4", "--window", "5", "--features", "2", "--units", "3", "--bidirectional")
BIDI_ARGS += ("--return-sequences", "--return-state")


@pytest.mark.parametrize("merge", list(OUTPUT_ROWS))
def test_json_rows_of_a_bidirectional_lstm_with_states(merge: str) -> None:
    data = json_run(*BIDI_ARGS, "--merge-mode", merge)
    assert data["ok"] is True
    assert data["source"] == "observed"
    rows = [(t["name"], t["role"], t["shape"], t["axes"]) for t in data["tensors"]]
    input_row = ("input", "input", [4, 5, 2], ["batch", "time steps", "features"])
    assert rows == [input_row, *OUTPUT_ROWS[merge], *STATE_ROWS]
    for tensor in data["tensors"]:
        assert tensor["shape"] == tensor["predicted_shape"], tensor["name"]
        assert tensor["layer"] == ("input" if tensor["name"] == "input" else "lstm_1")
    (layer,) = data["layers"]
    assert (layer["name"], layer["kind"], layer["params"]) == ("lstm_1", "Bidirectional(LSTM)", 144)
    assert layer["config"]["merge_mode"] == merge
    assert layer["config"]["bidirectional"] is True
    assert layer["config"]["cell"] == "lstm"
    assert [w["name"] for w in layer["weights"]] == [
        f"{d}/{w}" for d in ("forward", "backward") for w in ("kernel", "recurrent_kernel", "bias")
    ]
    assert data["total_params"] == 144


TABLE_OUTPUTS = {
    "concat": [
        ["lstm_1 (Bidirectional(LSTM))", "output", "(4, 5, 6)", "batch × time steps × 2 × units", "144"]
    ],
    "sum": [["lstm_1 (Bidirectional(LSTM))", "output", "(4, 5, 3)", "batch × time steps × units", "144"]],
    "none": [
        ["lstm_1 (Bidirectional(LSTM))", "output →", "(4, 5, 3)", "batch × time steps × units", "144"],
        ["output ←", "(4, 5, 3)", "batch × time steps × units"],
    ],
}


@pytest.mark.parametrize("merge", list(TABLE_OUTPUTS))
def test_table_rows_of_a_bidirectional_lstm_with_states(merge: str) -> None:
    result = invoke(*BIDI_ARGS, "--merge-mode", merge, "--no-run")
    assert result.exit_code == 0, result.output
    body, footer = table_rows(result.stdout)
    assert body == [
        ["input", "x", "(4, 5, 2)", "batch × time steps × features"],
        *TABLE_OUTPUTS[merge],
        ["h →", "(4, 3)", "batch × units"],
        ["c →", "(4, 3)", "batch × units"],
        ["h ←", "(4, 3)", "batch × units"],
        ["c ←", "(4, 3)", "batch × units"],
    ]
    assert footer == ["Total", "144"]


def test_short_names_of_the_bidirectional_states_can_be_pinned() -> None:
    data = json_run(
        *BIDI_ARGS,
        "--merge-mode",
        "none",
        "--no-run",
        "--expect",
        "forward_h=4,3",
        "--expect",
        "lstm_1.backward_c=4,_",
        "--expect",
        "forward_output=4,5,3",
    )
    assert [(c["name"], c["passed"]) for c in data["checks"]] == [
        ("expect lstm_1.forward_hidden", True),
        ("expect lstm_1.backward_cell", True),
        ("expect lstm_1.forward_output", True),
    ]


# --- agreement with Keras over random mixed stacks ---------------------------------------------


def invariants_expected(layer: LayerSpec) -> int:
    """How many state checks a layer gets (see report._state_pairs), from the rules alone."""
    if not layer.return_state:
        return 0
    if not layer.bidirectional:
        return 1
    if layer.merge in (MergeMode.CONCAT, MergeMode.NONE):
        return 2
    return 0 if layer.return_sequences else 1


def params_by_formula(spec: StackSpec) -> list[int]:
    """Each layer's parameter count, computed here without `predict`."""
    counts = []
    features, steps = spec.features, spec.window
    if spec.conv is not None:
        conv = spec.conv
        counts.append(conv.kernel_size * features * conv.filters + conv.filters)
        if conv.padding is Padding.VALID:
            span = (conv.kernel_size - 1) * conv.dilation_rate + 1  # a dilated kernel spans more steps
            steps = math.floor((steps - span) / conv.strides) + 1
        else:
            steps = math.ceil(steps / conv.strides)
        assert steps == spec.steps
        features = conv.filters
    for layer in spec.layers:
        g, u = GATES[layer.cell], layer.units
        bias = 0
        if layer.use_bias:
            two = layer.cell is CellKind.GRU and layer.reset_after is not False
            bias = 2 * g * u if two else g * u
        per_direction = g * u * (features + u) + bias
        counts.append(per_direction * (2 if layer.bidirectional else 1))
        features = 2 * u if layer.bidirectional and layer.merge_mode in (None, MergeMode.CONCAT) else u
    if spec.head.kind is HeadKind.FLATTEN:  # Flatten then Dense: every step's units are inputs
        counts.append(spec.steps * features * spec.head.units + spec.head.units)
    elif spec.head.kind is not HeadKind.NONE:
        counts.append(features * spec.head.units + spec.head.units)
    return counts


@hypothesis_settings(max_examples=60, deadline=None)
@given(family_stacks())
def test_prediction_equals_keras_for_mixed_stacks(spec: StackSpec) -> None:
    report = inspect_stack(spec)
    assert report.observed is not None
    failed = [check for check in report.checks if not check.passed]
    assert not failed
    assert report.ok
    assert [check.name for check in report.checks[:2]] == [
        "shapes match the prediction",
        "parameters match the prediction",
    ]
    assert len(report.checks) == 2 + sum(invariants_expected(layer) for layer in spec.layers)
    assert all(check.detail == "exactly equal" for check in report.checks[2:])
    predicted = [(row.name, row.shape) for row in report.predicted.tensors]
    observed = [(row.name, row.shape) for row in report.observed.tensors]
    assert observed == predicted
    assert [(i.name, i.kind, i.params, i.weights) for i in report.observed.layers] == [
        (i.name, i.kind, i.params, i.weights) for i in report.predicted.layers
    ]
    assert [info.params for info in report.predicted.layers] == params_by_formula(spec)
    assert report.observed.total_params == report.predicted.total_params
    assert report.run is not None
    assert report.run.device == "CPU:0"


@given(family_stacks())
def test_rows_follow_the_flags_for_mixed_stacks(spec: StackSpec) -> None:
    """Pure: the tensor rows, their shapes and axes, from the spec's rules alone."""
    report = predict(spec)
    b, t = spec.batch, spec.steps
    expected: list[tuple[str, tuple[int, ...]]] = [("input", spec.input_shape)]
    if spec.conv is not None:
        expected.append(("conv1d.output", (b, t, spec.conv.filters)))
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        u = layer.units
        width = 2 * u if layer.merge is MergeMode.CONCAT else u
        out = (b, t, width) if layer.return_sequences else (b, width)
        half = (b, t, u) if layer.return_sequences else (b, u)
        if layer.merge is MergeMode.NONE:
            expected += [(f"{name}.forward_output", half), (f"{name}.backward_output", half)]
        else:
            expected.append((f"{name}.output", out))
        if layer.return_state:
            states = ["hidden", "cell"][: 2 if layer.cell is CellKind.LSTM else 1]
            if layer.bidirectional:
                states = [f"{d}_{s}" for d in ("forward", "backward") for s in states]
            expected += [(f"{name}.{s}", (b, u)) for s in states]
    if spec.head.kind is HeadKind.FLATTEN:
        expected.append(("head.output", (b, spec.head.units)))
    elif spec.head.kind is not HeadKind.NONE:
        expected.append(("head.output", (*out[:-1], spec.head.units)))
    assert [(row.name, row.shape) for row in report.tensors] == expected
    for row in report.tensors:
        assert len(row.axes) == len(row.shape), row.name
        assert row.axes[0] == BATCH
    assert [info.params for info in report.layers] == params_by_formula(spec)


# --- every state invariant is evaluated, and passes ---------------------------------------------


def with_states(**settings: Any) -> LayerSpec:
    """Three units that return their states; an LSTM unless `cell` says otherwise."""
    return LayerSpec(3, return_state=True, **settings)


INVARIANTS = [
    ("lstm", with_states(return_sequences=True), ["lstm_1: output[:, -1, :] == h"]),
    ("lstm last step", with_states(), ["lstm_1: output == h"]),
    ("gru", with_states(cell=CellKind.GRU, return_sequences=True), ["gru_1: output[:, -1, :] == h"]),
    ("gru last step", with_states(cell=CellKind.GRU), ["gru_1: output == h"]),
    (
        "gru without reset_after",
        with_states(cell=CellKind.GRU, reset_after=False, return_sequences=True),
        ["gru_1: output[:, -1, :] == h"],
    ),
    (
        "simple-rnn",
        with_states(cell=CellKind.SIMPLE_RNN, return_sequences=True),
        ["simple_rnn_1: output[:, -1, :] == h"],
    ),
    ("simple-rnn last step", with_states(cell=CellKind.SIMPLE_RNN), ["simple_rnn_1: output == h"]),
    (
        "go_backwards",
        with_states(go_backwards=True, return_sequences=True),
        ["lstm_1: output[:, -1, :] == h"],
    ),
    ("go_backwards last step", with_states(go_backwards=True), ["lstm_1: output == h"]),
    (
        "gru go_backwards",
        with_states(cell=CellKind.GRU, go_backwards=True, return_sequences=True),
        ["gru_1: output[:, -1, :] == h"],
    ),
    (
        "concat",
        with_states(bidirectional=True, return_sequences=True),
        ["lstm_1: output[:, -1, :3] == forward h", "lstm_1: output[:, 0, 3:] == backward h"],
    ),
    (
        "concat last step",
        with_states(bidirectional=True),
        ["lstm_1: output[:, :3] == forward h", "lstm_1: output[:, 3:] == backward h"],
    ),
    (
        "concat go_backwards",
        with_states(bidirectional=True, go_backwards=True, return_sequences=True),
        ["lstm_1: output[:, -1, :3] == forward h", "lstm_1: output[:, 0, 3:] == backward h"],
    ),
    (
        "gru concat",
        with_states(cell=CellKind.GRU, bidirectional=True, return_sequences=True),
        ["gru_1: output[:, -1, :3] == forward h", "gru_1: output[:, 0, 3:] == backward h"],
    ),
    (
        "simple-rnn concat last step",
        with_states(cell=CellKind.SIMPLE_RNN, bidirectional=True),
        ["simple_rnn_1: output[:, :3] == forward h", "simple_rnn_1: output[:, 3:] == backward h"],
    ),
    (
        "none",
        with_states(bidirectional=True, merge_mode=MergeMode.NONE, return_sequences=True),
        [
            "lstm_1: forward_output[:, -1, :] == forward h",
            "lstm_1: backward_output[:, 0, :] == backward h",
        ],
    ),
    (
        "none last step",
        with_states(bidirectional=True, merge_mode=MergeMode.NONE),
        ["lstm_1: forward_output == forward h", "lstm_1: backward_output == backward h"],
    ),
    (
        "gru none",
        with_states(cell=CellKind.GRU, bidirectional=True, merge_mode=MergeMode.NONE, return_sequences=True),
        [
            "gru_1: forward_output[:, -1, :] == forward h",
            "gru_1: backward_output[:, 0, :] == backward h",
        ],
    ),
    *(
        (
            f"{merge} last step",
            with_states(bidirectional=True, merge_mode=MergeMode(merge)),
            [f"lstm_1: output == {merge} of forward h and backward h"],
        )
        for merge in MERGED
    ),
    (
        "gru ave last step",
        with_states(cell=CellKind.GRU, bidirectional=True, merge_mode=MergeMode.AVE),
        ["gru_1: output == ave of forward h and backward h"],
    ),
    # A merged sequence mixes both directions at every step: nothing to compare with.
    *(
        (
            f"{merge} sequence",
            with_states(bidirectional=True, merge_mode=MergeMode(merge), return_sequences=True),
            [],
        )
        for merge in MERGED
    ),
]


@pytest.mark.parametrize(
    ("layer", "names"), [(layer, names) for _, layer, names in INVARIANTS], ids=[i for i, _, _ in INVARIANTS]
)
def test_each_state_invariant_is_evaluated_and_holds(layer: LayerSpec, names: list[str]) -> None:
    report = inspect_stack(tiny(layer))
    assert [(c.name, c.passed, c.detail) for c in report.checks] == [
        ("shapes match the prediction", True, f"all {len(report.predicted.tensors)} tensors"),
        ("parameters match the prediction", True, f"{report.predicted.total_params:,} in 1 layer"),
        *((name, True, "exactly equal") for name in names),
    ]


def test_invariants_of_a_mixed_stack_are_named_per_layer() -> None:
    spec = tiny(
        LayerSpec(3, return_sequences=True, return_state=True, bidirectional=True),
        LayerSpec(2, cell=CellKind.GRU, return_state=True),
        conv=ConvSpec(4, 2),
        head=HeadSpec("dense", 2),
    )
    report = inspect_stack(spec)
    assert report.ok
    assert [c.name for c in report.checks[2:]] == [
        "lstm_1: output[:, -1, :3] == forward h",
        "lstm_1: output[:, 0, 3:] == backward h",
        "gru_2: output == h",
    ]


# --- the invariants catch a wrong value ---------------------------------------------------------


def tampered(values: dict[str, np.ndarray], name: str, change: Any) -> dict[str, np.ndarray]:
    copy = {key: value.copy() for key, value in values.items()}
    copy[name] = change(copy[name])
    return copy


def plus_one_at_origin(array: np.ndarray) -> np.ndarray:
    array[(0,) * array.ndim] += 1.0
    return array


def failed(checks: list[Check]) -> list[str]:
    return [c.name for c in checks if not c.passed]


@pytest.mark.parametrize(
    ("layer", "tensor", "wrong"),
    [
        (with_states(return_sequences=True), "lstm_1.hidden", "lstm_1: output[:, -1, :] == h"),
        (with_states(cell=CellKind.GRU), "gru_1.output", "gru_1: output == h"),
        (
            with_states(cell=CellKind.SIMPLE_RNN, return_sequences=True),
            "simple_rnn_1.hidden",
            "simple_rnn_1: output[:, -1, :] == h",
        ),
        (
            with_states(bidirectional=True, return_sequences=True),
            "lstm_1.forward_hidden",
            "lstm_1: output[:, -1, :3] == forward h",
        ),
        (
            with_states(bidirectional=True, return_sequences=True),
            "lstm_1.backward_hidden",
            "lstm_1: output[:, 0, 3:] == backward h",
        ),
        (with_states(bidirectional=True), "lstm_1.backward_hidden", "lstm_1: output[:, 3:] == backward h"),
        (
            with_states(bidirectional=True, merge_mode=MergeMode.NONE, return_sequences=True),
            "lstm_1.backward_hidden",
            "lstm_1: backward_output[:, 0, :] == backward h",
        ),
        (
            with_states(bidirectional=True, merge_mode=MergeMode.NONE),
            "lstm_1.forward_output",
            "lstm_1: forward_output == forward h",
        ),
        *(
            (
                with_states(bidirectional=True, merge_mode=MergeMode(m)),
                "lstm_1.output",
                f"lstm_1: output == {m} of forward h and backward h",
            )
            for m in MERGED
        ),
    ],
)
def test_a_tampered_value_fails_its_invariant(layer: LayerSpec, tensor: str, wrong: str) -> None:
    spec = tiny(layer)
    values = observe(spec).values
    honest = state_invariants(spec, values)
    assert honest and all(c.passed for c in honest)
    assert wrong in [c.name for c in honest]
    checks = state_invariants(spec, tampered(values, tensor, plus_one_at_origin))
    assert failed(checks) == [wrong]
    (check,) = (c for c in checks if c.name == wrong)
    assert check.detail == "largest difference 1"


def test_the_backward_h_is_not_at_the_last_step() -> None:
    """Comparing the backward h with the last step of the output would be wrong: the check is exact."""
    spec = tiny(with_states(bidirectional=True, return_sequences=True))
    values = observe(spec).values
    out = values["lstm_1.output"]
    assert np.array_equal(out[:, 0, 3:], values["lstm_1.backward_hidden"])
    assert not np.array_equal(out[:, -1, 3:], values["lstm_1.backward_hidden"])
    swapped = tampered(values, "lstm_1.output", lambda a: a[:, ::-1, :].copy())
    assert failed(state_invariants(spec, swapped)) == [
        "lstm_1: output[:, -1, :3] == forward h",
        "lstm_1: output[:, 0, 3:] == backward h",
    ]


def test_a_state_of_the_wrong_shape_fails_with_the_shapes() -> None:
    spec = tiny(with_states(cell=CellKind.GRU))
    values = tampered(observe(spec).values, "gru_1.hidden", lambda a: a[:, :2])
    (check,) = state_invariants(spec, values)
    assert check == Check("gru_1: output == h", False, "shapes differ: (2, 3) vs (2, 2)")


# --- the command line: GRU over a bidirectional LSTM over a Conv1D ------------------------------

STATE_NAMES = ("forward_hidden", "forward_cell", "backward_hidden", "backward_cell")
SCENARIO_ARGS = ("--batch", "2", "--window", "6", "--features", "3", "--conv-filters", "8")
SCENARIO_ARGS += ("--conv-kernel-size", "3", "--bidirectional", "--units", "4", "--units", "3")


@pytest.mark.parametrize("states", [False, True], ids=["no states", "states"])
@pytest.mark.parametrize("merge", ["concat", *MERGED])
def test_flags_two_bidirectional_layers_over_a_conv1d(merge: str, states: bool) -> None:
    """The flags give every layer the same cell and wrapping: Bidirectional(LSTM) twice here."""
    data = json_run(*SCENARIO_ARGS, "--merge-mode", merge, *(["--return-state"] if states else []))
    assert data["ok"] is True
    width = 8 if merge == "concat" else 4
    top = 6 if merge == "concat" else 3
    expected = {
        "input": (2, 6, 3),
        "conv1d.output": (2, 4, 8),
        "lstm_1.output": (2, 4, width),
        **({f"lstm_1.{s}": (2, 4) for s in STATE_NAMES} if states else {}),
        "lstm_2.output": (2, top),
        **({f"lstm_2.{s}": (2, 3) for s in STATE_NAMES} if states else {}),
    }
    assert shapes_of(data) == expected
    assert list(shapes_of(data)) == list(expected)
    # conv 3*3*8+8; lstm_1 2*4*(4*(8+4)+4); lstm_2 2*4*(3*(w+3)+3)
    lstm_2 = 2 * 4 * (3 * (width + 3) + 3)
    assert [(layer["name"], layer["kind"], layer["params"]) for layer in data["layers"]] == [
        ("conv1d", "Conv1D", 80),
        ("lstm_1", "Bidirectional(LSTM)", 416),
        ("lstm_2", "Bidirectional(LSTM)", lstm_2),
    ]
    assert data["total_params"] == 80 + 416 + lstm_2
    invariants = [c["name"] for c in data["checks"][2:]]
    if not states:
        assert invariants == []
    elif merge == "concat":
        assert invariants == [
            "lstm_1: output[:, -1, :4] == forward h",
            "lstm_1: output[:, 0, 4:] == backward h",
            "lstm_2: output[:, :3] == forward h",
            "lstm_2: output[:, 3:] == backward h",
        ]
    else:  # lstm_1 merges a sequence: no invariant; lstm_2 merges the last step
        assert invariants == [f"lstm_2: output == {merge} of forward h and backward h"]
    assert all(c["passed"] for c in data["checks"])


@pytest.mark.parametrize("states", [False, True], ids=["no states", "states"])
def test_flags_merge_none_on_the_top_layer_over_a_conv1d(states: bool) -> None:
    args = (
        "--batch",
        "2",
        "--window",
        "6",
        "--features",
        "3",
        "--conv-filters",
        "8",
        "--conv-kernel-size",
        "3",
    )
    data = json_run(
        *args,
        "--cell",
        "gru",
        "--bidirectional",
        "--merge-mode",
        "none",
        "--units",
        "4",
        "--return-sequences",
        *(["--return-state"] if states else []),
    )
    assert data["ok"] is True
    gru_states = {"gru_1.forward_hidden": (2, 4), "gru_1.backward_hidden": (2, 4)} if states else {}
    assert shapes_of(data) == {
        "input": (2, 6, 3),
        "conv1d.output": (2, 4, 8),
        "gru_1.forward_output": (2, 4, 4),
        "gru_1.backward_output": (2, 4, 4),
        **gru_states,
    }
    # 2 directions x 3 gates x (4 x (8 + 4) + 2 x 4)
    assert [layer["params"] for layer in data["layers"]] == [80, 336]
    assert data["layers"][1]["weights"][2] == {"name": "forward/bias", "shape": [2, 12]}
    assert data["layers"][1]["config"]["reset_after"] is True
    assert [c["name"] for c in data["checks"][2:]] == (
        ["gru_1: forward_output[:, -1, :] == forward h", "gru_1: backward_output[:, 0, :] == backward h"]
        if states
        else []
    )


def test_flags_gru_without_reset_after_has_one_bias() -> None:
    data = json_run("--batch", "2", "--window", "3", "--units", "4", "--cell", "gru", "--no-reset-after")
    (layer,) = data["layers"]
    assert layer["kind"] == "GRU"
    assert layer["params"] == 3 * (4 * (1 + 4) + 4) == 72
    assert layer["weights"][-1] == {"name": "bias", "shape": [12]}
    assert layer["config"]["reset_after"] is False
    assert "unit_forget_bias" not in layer["config"]


def test_flags_simple_rnn_config_has_no_gate_settings() -> None:
    data = json_run("--batch", "2", "--window", "3", "--units", "4", "--cell", "simple-rnn", "--no-run")
    config = data["layers"][0]["config"]
    assert (config["cell"], data["layers"][0]["kind"], data["layers"][0]["params"]) == (
        "simple-rnn",
        "SimpleRNN",
        24,
    )
    for name in ("recurrent_activation", "implementation", "unit_forget_bias", "reset_after"):
        assert name not in config


@pytest.mark.parametrize("padding", ["same", "causal"])
def test_a_long_kernel_works_with_same_or_causal_padding(padding: str) -> None:
    data = json_run(
        "--batch", "2", "--window", "4", "--units", "2", "--conv-filters", "2",
        "--conv-kernel-size", "6", "--conv-padding", padding, "--return-sequences",
    )  # fmt: skip
    assert data["ok"] is True
    assert shapes_of(data) == {"input": (2, 4, 1), "conv1d.output": (2, 4, 2), "lstm_1.output": (2, 4, 2)}
    assert data["layers"][0]["weights"] == [
        {"name": "kernel", "shape": [6, 1, 2]},
        {"name": "bias", "shape": [2]},
    ]
    assert data["layers"][0]["config"]["padding"] == padding


def test_conv_strides_shorten_the_sequence_in_keras_too() -> None:
    for padding, steps in (("valid", 3), ("same", 4), ("causal", 4)):
        data = json_run(
            "--batch", "1", "--window", "7", "--units", "2", "--conv-filters", "2",
            "--conv-kernel-size", "2", "--conv-strides", "2", "--conv-padding", padding,
        )  # fmt: skip
        assert data["ok"] is True
        assert shapes_of(data)["conv1d.output"] == (1, steps, 2), padding


# The judged scenario as a spec file: the flags cannot mix cells, a file can.
SCENARIO_FILE = """\
[defaults]
batch = 2
window = 6
features = 3
conv = {{ filters = 8, kernel_size = 3 }}
head = {{ kind = "dense", units = 2 }}
{cases}
[[case]]
name = "merge none under a GRU"
expect_error = "gives two outputs (forward and backward), but gru_2 takes one tensor"
[[case.layers]]
units = 4
bidirectional = true
merge_mode = "none"
return_sequences = true
[[case.layers]]
cell = "gru"
units = 3
"""
SCENARIO_CASE = """
[[case]]
name = "{merge}, states {states}"
[[case.layers]]
units = 4
bidirectional = true
merge_mode = "{merge}"
return_sequences = true
return_state = {states}
[[case.layers]]
cell = "gru"
units = 3
return_state = {states}
"""


def test_spec_file_gru_over_a_bidirectional_lstm_over_a_conv1d(tmp_path: Path) -> None:
    cases = "".join(
        SCENARIO_CASE.format(merge=merge, states=states)
        for merge in ("concat", *MERGED)
        for states in ("false", "true")
    )
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO_FILE.format(cases=cases), encoding="utf-8")
    result = invoke("check", path, "--json")
    assert result.stderr == ""
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert document["source"] == "observed"
    reports = {case["case"]: case for case in document["cases"]}
    assert list(reports) == [
        *(f"{m}, states {s}" for m in ("concat", *MERGED) for s in ("false", "true")),
        "merge none under a GRU",
    ]
    refused_case = reports.pop("merge none under a GRU")
    assert refused_case["status"] == "passed"
    assert refused_case["report"] is None
    for name, case in reports.items():
        merge, states = name.split(", states ")[0], name.endswith("true")
        assert case["status"] == "passed", case["detail"]
        data = case["report"]
        assert data["ok"] is True
        width = 8 if merge == "concat" else 4
        expected = {
            "input": (2, 6, 3),
            "conv1d.output": (2, 4, 8),
            "lstm_1.output": (2, 4, width),
            **({f"lstm_1.{s}": (2, 4) for s in STATE_NAMES} if states else {}),
            "gru_2.output": (2, 3),
            **({"gru_2.hidden": (2, 3)} if states else {}),
            "head.output": (2, 2),
        }
        assert shapes_of(data) == expected, name
        assert list(shapes_of(data)) == list(expected), name
        # conv 3*3*8+8; Bidirectional(LSTM(4)) on 8: 2*4*(4*(8+4)+4); GRU(3) on w: 3*(3*(w+3)+2*3); Dense 3->2
        gru = 3 * (3 * (width + 3) + 2 * 3)
        assert [(layer["name"], layer["kind"], layer["params"]) for layer in data["layers"]] == [
            ("conv1d", "Conv1D", 80),
            ("lstm_1", "Bidirectional(LSTM)", 416),
            ("gru_2", "GRU", gru),
            ("head", "Dense", 8),
        ], name
        assert gru == (117 if merge == "concat" else 81)
        assert data["total_params"] == 80 + 416 + gru + 8
        assert data["layers"][2]["weights"] == [
            {"name": "kernel", "shape": [width, 9]},
            {"name": "recurrent_kernel", "shape": [3, 9]},
            {"name": "bias", "shape": [2, 9]},
        ]
        assert data["layers"][1]["config"]["merge_mode"] == merge
        assert data["layers"][2]["config"]["cell"] == "gru"
        invariants = [c["name"] for c in data["checks"][2:]]
        if not states:
            assert invariants == [], name
        elif merge == "concat":
            assert invariants == [
                "lstm_1: output[:, -1, :4] == forward h",
                "lstm_1: output[:, 0, 4:] == backward h",
                "gru_2: output == h",
            ]
        else:
            assert invariants == ["gru_2: output == h"], name


def test_the_family_example_file_passes() -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "family.toml"
    result = invoke("check", example, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [case["status"] for case in document["cases"]] == ["passed"] * 6


# --- refusals on the command line: exit 2, the refusal's key and values, no traceback -------------
# How each reads is kept by tests/golden/family-refusals.out (UPDATE_GOLDEN=1 rewrites it).

GOLDEN_REFUSALS = Path(__file__).parent / "golden" / "family-refusals.out"
OUR_FLAG_ERRORS = [  # (flags, the flag named, the refusal's key, values it holds)
    (("--cell", "gru", "--unit-forget-bias"), "--unit-forget-bias", "not_a_setting_of_the_cell", {"cell": "GRU", "cells": ["LSTM"]}),
    (("--cell", "simple-rnn", "--no-unit-forget-bias"), "--unit-forget-bias", "not_a_setting_of_the_cell", {"cell": "SimpleRNN", "cells": ["LSTM"]}),
    (("--cell", "lstm", "--reset-after"), "--reset-after", "not_a_setting_of_the_cell", {"cell": "LSTM", "cells": ["GRU"]}),
    (("--no-reset-after",), "--reset-after", "not_a_setting_of_the_cell", {"cell": "LSTM", "cells": ["GRU"]}),
    (("--cell", "simple-rnn", "--recurrent-activation", "sigmoid"), "--recurrent-activation", "not_a_setting_of_the_cell", {"cell": "SimpleRNN", "cells": ["LSTM", "GRU"]}),
    (("--cell", "simple-rnn", "--implementation", "2"), "--implementation", "not_a_setting_of_the_cell", {"cell": "SimpleRNN", "cells": ["LSTM", "GRU"]}),
    (("--merge-mode", "sum"), "--merge-mode", "merge_without_bidirectional", {}),
    (("--bidirectional", "--merge-mode", "none", "--head", "dense"), "--merge-mode", "merge_none_under_head", {"name": "lstm_1"}),
    (("--bidirectional", "--merge-mode", "none", "--head", "time-distributed", "--return-sequences"), "--merge-mode", "merge_none_under_head", {"name": "lstm_1"}),
    (("--bidirectional", "--merge-mode", "none", "--units", "3", "--units", "2"), "--merge-mode", "merge_none_under_layer", {"name": "lstm_1", "above": "lstm_2"}),
    (("--conv-kernel-size", "3"), "--conv-kernel-size", "conv_needs_filters", {}),
    (("--conv-strides", "2"), "--conv-strides", "conv_needs_filters", {}),
    (("--conv-padding", "same"), "--conv-padding", "conv_needs_filters", {}),
    (("--conv-filters", "4", "--conv-kernel-size", "4"), "--conv-kernel-size", "kernel_too_long", {"kernel": 4, "window": 3}),
    (("--conv-filters", "0"), "--conv-filters", "at_least", {"minimum": 1, "value": 0}),
    (("--conv-filters", "4", "--conv-kernel-size", "0"), "--conv-kernel-size", "at_least", {"minimum": 1, "value": 0}),
    (("--conv-filters", "4", "--conv-strides", "-1"), "--conv-strides", "at_least", {"minimum": 1, "value": -1}),
]  # fmt: skip
# Values click refuses before our code runs: the option it names.
CLICK_FLAG_ERRORS = [
    (("--cell", "bogus"), "--cell"),
    (("--merge-mode", "bogus"), "--merge-mode"),
    (("--conv-padding", "bogus"), "--conv-padding"),
]
SMALL = ("--batch", "2", "--window", "3")


def refusal(*args: str) -> dict[str, Any]:
    """The command line's refusal as `--json` documents it: exit 2."""
    result = invoke(*args, "--json")
    assert result.exit_code == 2, result.output
    error: dict[str, Any] = json.loads(result.stdout)["error"]
    return error


@pytest.mark.parametrize(
    ("args", "flag", "key", "values"), OUR_FLAG_ERRORS, ids=[" ".join(e[0]) for e in OUR_FLAG_ERRORS]
)
def test_impossible_flags_are_refused(
    args: tuple[str, ...], flag: str, key: str, values: dict[str, Any]
) -> None:
    error = refusal(*SMALL, *args)
    assert (error["flag"], error["key"]) == (flag, key)
    assert {name: error["values"][name] for name in values} == values
    result = invoke(*SMALL, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    hint = f"{error['hint']}\n" if error["hint"] else ""
    assert result.stderr == f"Error: {flag}: {error['message']}\n{hint}"  # the document's own words
    # --no-run gives the same refusal: it is spec validation, not something Keras said.
    assert refusal(*SMALL, *args, "--no-run") == error


@pytest.mark.parametrize(("args", "flag"), CLICK_FLAG_ERRORS, ids=[" ".join(e[0]) for e in CLICK_FLAG_ERRORS])
def test_values_click_refuses_name_their_option(args: tuple[str, ...], flag: str) -> None:
    result = invoke(*SMALL, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert f"'{flag}'" in result.stderr and "Traceback" not in result.stderr


def test_refusals_read_as_before(tmp_path: Path) -> None:
    """How every refusal here reads, flags and spec files alike."""
    said = []
    for args, *_ in [*OUR_FLAG_ERRORS, *CLICK_FLAG_ERRORS]:
        said.append(f"$ {' '.join(('lstm-shapes', *SMALL, *args))}\n{invoke(*SMALL, *args).stderr}")
    for text, _, case, *_ in SPEC_ERRORS:
        path = write(tmp_path, text)
        stderr = invoke("check", path, "--no-run").stderr.replace(str(path), path.name)
        said.append(f"$ lstm-shapes check family.toml --no-run  # case {case!r}\n{stderr}")
    text = "\n".join(said)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_REFUSALS.write_text(text, encoding="utf-8")
    assert text == GOLDEN_REFUSALS.read_text(encoding="utf-8")


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_the_cells_own_settings_are_accepted(cell: str) -> None:
    own = ["--unit-forget-bias"] if cell == "lstm" else ["--no-reset-after"]
    data = json_run(
        "--batch", "1", "--window", "2", "--units", "2", "--cell", cell, *own,
        "--recurrent-activation", "hard_sigmoid", "--implementation", "1",
    )  # fmt: skip
    config = data["layers"][0]["config"]
    assert (config["recurrent_activation"], config["implementation"]) == ("hard_sigmoid", 1)
    assert data["ok"] is True


# --- refusals in spec files: file:line, case, the refusal's key and field ---------------------------

SPEC_ERRORS = [  # (file, the line said, case, the refusal's key, its field)
    (
        """\
        [[case]]
        name = "forget"
        [[case.layers]]
        cell = "gru"
        units = 3
        unit_forget_bias = true
                """,
        6,
        "forget",
        "not_a_setting_of_the_cell",
        "layers[0].unit_forget_bias",
    ),
    (
        """\
        [[case]]
        name = "reset"
        layers = [{ units = 3, reset_after = false }]
                """,
        3,
        "reset",
        "not_a_setting_of_the_cell",
        "layers[0].reset_after",
    ),
    (
        """\
        [[case]]
        name = "rnn gates"
        [[case.layers]]
        units = 3
        cell = "simple-rnn"
        recurrent_activation = "sigmoid"
                """,
        6,
        "rnn gates",
        "not_a_setting_of_the_cell",
        "layers[0].recurrent_activation",
    ),
    (
        """\
        [[case]]
        name = "merge alone"
        [[case.layers]]
        units = 3
        merge_mode = "sum"
                """,
        5,
        "merge alone",
        "merge_without_bidirectional",
        "layers[0].merge_mode",
    ),
    (
        """\
        [[case]]
        name = "none under gru"
        [[case.layers]]
        units = 3
        bidirectional = true
        return_sequences = true
        merge_mode = "none"
        [[case.layers]]
        cell = "gru"
        units = 2
                """,
        7,
        "none under gru",
        "merge_none_under_layer",
        "lstm_1.merge_mode",
    ),
    (
        """\
        [[case]]
        name = "none under head"
        head = "dense"
        [[case.layers]]
        cell = "gru"
        units = 3
        bidirectional = true
        merge_mode = "none"
                """,
        8,
        "none under head",
        "merge_none_under_head",
        "gru_1.merge_mode",
    ),
    (
        """\
        [[case]]
        name = "no sequence"
        [[case.layers]]
        cell = "simple-rnn"
        units = 3
        return_sequences = false
        [[case.layers]]
        cell = "gru"
        units = 2
                """,
        6,
        "no sequence",
        "lower_layer_flat",
        "simple_rnn_1.return_sequences",
    ),
    (
        """\
        [[case]]
        name = "long kernel"
        window = 4
        conv = { filters = 4, kernel_size = 9 }
        layers = [{ units = 3 }]
                """,
        4,
        "long kernel",
        "kernel_too_long",
        "conv.kernel_size",
    ),
    (
        """\
        [defaults]
        window = 4

        [[case]]
        name = "long kernel table"
        [case.conv]
        filters = 4
        kernel_size = 9
        [[case.layers]]
        units = 3
                """,
        8,
        "long kernel table",
        "kernel_too_long",
        "conv.kernel_size",
    ),
    (
        """\
        [[case]]
        name = "filters"
        conv = { filters = 0 }
        layers = [{ units = 3 }]
                """,
        3,
        "filters",
        "at_least",
        "conv.filters",
    ),
    (
        """\
        [[case]]
        name = "no filters"
        conv = { kernel_size = 2 }
        layers = [{ units = 3 }]
                """,
        3,
        "no filters",
        "spec_conv_filters",
        "conv.filters",
    ),
    (
        """\
        [[case]]
        name = "padding"
        layers = [{ units = 3 }]
        conv = { filters = 2, padding = "full" }
                """,
        4,
        "padding",
        "unknown",
        "conv.padding",
    ),
    (
        """\
        [[case]]
        name = "conv key"
        conv = { filters = 2, kernal_size = 2 }
        layers = [{ units = 3 }]
                """,
        3,
        "conv key",
        "spec_unknown_key_guess",
        "conv.kernal_size",
    ),
    (
        """\
        [[case]]
        name = "cell"
        [[case.layers]]
        units = 3
        cell = "bogus"
                """,
        5,
        "cell",
        "unknown",
        "layers[0].cell",
    ),
    (
        """\
        [[case]]
        name = "merge"
        [[case.layers]]
        units = 3
        bidirectional = true
        merge_mode = "bogus"
                """,
        6,
        "merge",
        "unknown",
        "layers[0].merge_mode",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "case", "key", "field"), SPEC_ERRORS, ids=[e[2] for e in SPEC_ERRORS]
)
def test_impossible_spec_file_cases_are_located(
    tmp_path: Path, text: str, line: int, case: str, key: str, field: str
) -> None:
    path = write(tmp_path, text)
    result = invoke("check", path, "--no-run", "--json")
    assert result.exit_code == 2, result.output
    (found,) = [c for c in json.loads(result.stdout)["cases"] if c["case"] == case]
    assert (found["status"], found["line"]) == ("invalid", line)
    assert (found["error"]["key"], found["error"]["field"]) == (key, field)
    said = invoke("check", path, "--no-run")
    assert said.stderr.startswith(f"Error: {path}:{line}: case {case!r}: {field}: ")


# --- stateful Bidirectional that returns its states: Keras 3.15 cannot build it -------------------
#
# keras/src/layers/rnn/bidirectional.py, Bidirectional.compute_mask:
#     state_mask = (None for _ in self.states)     # a generator
#     return (output_mask,) + state_mask * 2       # TypeError
# `self.states` is only set on stateful layers, so every stateful=True, return_state=True
# Bidirectional fails, whatever the cell, merge mode, go_backwards, unroll or return_sequences.

KERAS_STATEFUL_ERROR = "unsupported operand type(s) for *: 'generator' and 'int'"


@pytest.mark.parametrize("cell", ["LSTM", "GRU", "SimpleRNN"])
def test_keras_cannot_build_a_stateful_bidirectional_that_returns_states(cell: str) -> None:
    """A canary: when Keras fixes this, drop the validation rule that works around it."""
    keras = import_keras()
    x = np.zeros((2, 3, 2), dtype="float32")
    layer_class = getattr(keras.layers, cell)
    with pytest.raises(TypeError) as info:
        keras.layers.Bidirectional(layer_class(2, stateful=True, return_state=True))(x)
    assert str(info.value) == KERAS_STATEFUL_ERROR
    # Either setting alone is fine.
    keras.layers.Bidirectional(layer_class(2, stateful=True))(x)
    keras.layers.Bidirectional(layer_class(2, return_state=True))(x)


STATEFUL_BIDI = ("--batch", "2", "--window", "3", "--units", "2", "--bidirectional", "--stateful")


@pytest.mark.parametrize(
    "extra",
    [
        ("--return-state",),
        ("--return-state", "--go-backwards"),
        ("--return-state", "--cell", "gru"),
        ("--return-state", "--cell", "simple-rnn", "--return-sequences", "--merge-mode", "none"),
        ("--return-state", "--merge-mode", "sum", "--unroll"),
    ],
    ids=["lstm", "go_backwards", "gru", "simple-rnn merge none", "sum unroll"],
)
def test_stateful_bidirectional_with_states_exits_2_without_a_traceback(extra: tuple[str, ...]) -> None:
    result = invoke(*STATEFUL_BIDI, *extra)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.splitlines()) <= 2


def test_stateful_bidirectional_without_states_runs() -> None:
    data = json_run(*STATEFUL_BIDI, "--return-sequences")
    assert data["ok"] is True
    assert shapes_of(data)["lstm_1.output"] == (2, 3, 4)


@pytest.mark.parametrize("cell", ["lstm", "gru", "simple-rnn"])
def test_stateful_bidirectional_with_states_is_refused_with_a_clear_message(cell: str) -> None:
    with pytest.raises(InvalidSpec) as info:
        StackSpec(layers=(LayerSpec(2, cell=cell, bidirectional=True, stateful=True, return_state=True),))  # type: ignore[arg-type]
    assert "stateful" in str(info.value)
    assert "return_state" in str(info.value)
    result = invoke(*STATEFUL_BIDI, "--cell", cell, "--return-state", "--no-run")
    assert result.exit_code == 2
    assert "stateful" in result.stderr
    assert "Keras rejected" not in result.stderr


def test_stateful_bidirectional_with_states_in_a_spec_file_is_an_invalid_case(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[case]]
        name = "stateful states"
        batch = 2
        window = 3
        [[case.layers]]
        cell = "gru"
        units = 2
        bidirectional = true
        stateful = true
        return_state = true
        """,
    )
    result = invoke("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:")
    assert "case 'stateful states':" in result.stderr
