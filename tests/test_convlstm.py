"""Built ConvLSTM1D/2D/3D stacks: predicted by the convolution arithmetic, checked against Keras.

The prediction never imports a framework (`--no-run`); the run builds the stack in Keras and
compares every tensor. The oracle here is Keras's own layer: `compute_output_shape` of a
ConvLSTM made by the test with the same arguments, and its `count_params()`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lstm_shapes.kinds import conv_output_size
from lstm_shapes.predict.stack import predict
from lstm_shapes.sources.specfile import load
from lstm_shapes.spec.stack import LayerSpec, StackSpec
from tests.conftest import Invoke
from tests.test_imports import probe, run_cli

# (cell flag, --spatial, layer arguments as Keras names them)
CASES: dict[str, tuple[str, tuple[int, ...], dict[str, Any]]] = {
    "1d_valid": ("conv-lstm-1d", (7,), {"kernel_size": (3,)}),
    "1d_same_strided": ("conv-lstm-1d", (7,), {"kernel_size": (2,), "strides": (2,), "padding": "same"}),
    "2d_valid": ("conv-lstm-2d", (6, 5), {"kernel_size": (3, 2)}),
    "2d_dilated": ("conv-lstm-2d", (9, 7), {"kernel_size": (3, 2), "dilation_rate": (2, 1)}),
    "2d_strided": ("conv-lstm-2d", (9, 6), {"kernel_size": (2, 2), "strides": (2, 1), "padding": "valid"}),
    "3d_same": ("conv-lstm-3d", (3, 4, 4), {"kernel_size": (2, 2, 2), "padding": "same"}),
}


def _flag(value: tuple[int, ...]) -> str:
    return ",".join(str(v) for v in value)


def _args(settings: dict[str, Any]) -> list[str]:
    names = {
        "kernel_size": "--cell-kernel-size",
        "strides": "--cell-strides",
        "dilation_rate": "--cell-dilation-rate",
    }
    found = []
    for key, value in settings.items():
        if key == "padding":
            found += ["--cell-padding", value]
        else:
            found += [names[key], _flag(value)]
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_prediction_is_the_convolution_arithmetic(case: str) -> None:
    """Pure: every output axis from floor((n - d(k-1) - 1) / s) + 1 or ceil(n / s)."""
    cell, spatial, settings = CASES[case]
    spec = StackSpec(
        batch=2,
        window=3,
        features=2,
        spatial=spatial,
        layers=(LayerSpec(units=4, cell=cell, return_sequences=True, return_state=True, **settings),),
    )
    report = predict(spec)
    padding = settings.get("padding", "valid")
    rank = len(spatial)
    frame = tuple(
        conv_output_size(
            n,
            settings["kernel_size"][i],
            settings.get("strides", (1,) * rank)[i],
            padding,
            settings.get("dilation_rate", (1,) * rank)[i],
        )
        for i, n in enumerate(spatial)
    )
    name = spec.layer_names[0]
    assert report.tensor(f"{name}.output").shape == (2, 3, *frame, 4)
    assert report.tensor(f"{name}.hidden").shape == (2, *frame, 4)
    assert report.tensor("input").shape == (2, 3, *spatial, 2)
    volume = 1
    for k in settings["kernel_size"]:
        volume *= k
    assert report.layer(name).params == 4 * (volume * 2 * 4 + volume * 4 * 4 + 4)


@pytest.mark.parametrize("case", sorted(CASES))
def test_run_agrees_with_keras(invoke: Invoke, case: str) -> None:
    from lstm_shapes.observe.framework import import_keras

    keras = import_keras()
    cell, spatial, settings = CASES[case]
    layer_class = getattr(keras.layers, f"ConvLSTM{len(spatial)}D")
    result = invoke(
        "--cell", cell, "--spatial", _flag(spatial), "--features", "2", "--batch", "2", "--window", "3",
        "--units", "4", "--units", "3", "--return-sequences", "--return-state", *_args(settings), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    tensors = {t["name"]: t for t in data["tensors"]}
    shape: tuple[int | None, ...] = (2, 3, *spatial, 2)
    for i, filters in enumerate((4, 3), 1):
        oracle = layer_class(filters, return_sequences=True, return_state=True, **settings)
        out, h, _ = oracle.compute_output_shape(shape)
        name = f"{cell.replace('-', '_')}_{i}"
        assert tensors[f"{name}.output"]["shape"] == list(out)
        assert tensors[f"{name}.hidden"]["shape"] == list(h) == tensors[f"{name}.cell"]["shape"]
        oracle.build(shape)
        layer = next(info for info in data["layers"] if info["name"] == name)
        assert layer["params"] == oracle.count_params()
        assert tensors[f"{name}.output"]["axes"][:2] == ["batch", "time steps"]
        assert tensors[f"{name}.output"]["axes"][-1] == "filters"
        shape = out
    names = [c["name"] for c in data["checks"]]
    assert all(c["passed"] for c in data["checks"]), data["checks"]
    assert sum("== h" in n for n in names) == 2  # output[:, -1] == h, exactly, for each layer


def test_spec_file_convlstm_case(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "frames.toml"
    path.write_text(
        "[[case]]\n"
        'name = "next frame"\n'
        "batch = 2\nwindow = 3\nfeatures = 1\nspatial = [6, 6]\n"
        'expect = { "conv_lstm_2d_2.output" = "2,3,6,6,2", "conv_lstm_2d_2.h" = "2,6,6,2" }\n'
        "[[case.layers]]\n"
        'units = 3\ncell = "conv-lstm-2d"\nkernel_size = [3, 3]\npadding = "same"\nreturn_sequences = true\n'
        "[[case.layers]]\n"
        'units = 2\ncell = "conv-lstm-2d"\nkernel_size = 1\nreturn_sequences = true\nreturn_state = true\n'
    )
    (case,) = load(path)
    assert case.spec is not None and case.spec.spatial == (6, 6)
    assert case.spec.layers[0].kernel_size == (3, 3) and case.spec.layers[1].kernel_size == (1, 1)
    result = invoke("check", str(path), "--json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["--cell", "conv-lstm-2d", "--spatial", "6"], "spatial_rank"),
        (["--cell", "conv-lstm-2d"], "spatial_missing"),
        (["--spatial", "6,6"], "spatial_without_conv"),
        (["--cell", "conv-lstm-1d", "--spatial", "4", "--cell-kernel-size", "5"], "conv_too_small"),
        (["--cell", "conv-lstm-1d", "--spatial", "4", "--cell-padding", "causal"], "unknown"),
        (["--cell", "conv-lstm-1d", "--spatial", "4", "--bidirectional"], "conv_bidirectional"),
        (["--cell", "conv-lstm-1d", "--spatial", "4", "--unroll"], "conv_no_unroll"),
        (["--cell", "conv-lstm-2d", "--spatial", "6,6", "--cell-kernel-size", "3,3,3"], "conv_rank"),
        (
            ["--cell", "conv-lstm-1d", "--spatial", "9", "--cell-strides", "2", "--cell-dilation-rate", "2"],
            "conv_strides_dilation",
        ),
        (["--cell", "conv-lstm-1d", "--spatial", "4", "--conv-filters", "3"], "conv_lstm_front"),
        (["--cell-kernel-size", "3"], "not_a_setting_of_the_cell"),
    ],
)
def test_refusals_say_why_in_both_languages(invoke: Invoke, args: list[str], key: str) -> None:
    from lstm_shapes.locales import words

    english = invoke(*args, "--no-run")
    assert english.exit_code == 2, english.output
    flag = next((a for a in reversed(args) if a.startswith("--cell-")), None)
    if flag is not None and key != "conv_lstm_front":
        assert english.output.startswith(f"Error: {flag}"), english.output  # the flag the user typed
    korean = invoke(*args, "--no-run", "--lang", "ko")
    assert korean.exit_code == 2
    assert key in words("en").errors and key in words("ko").errors
    assert english.output != korean.output


def test_mixing_dense_and_convlstm_is_refused() -> None:
    from lstm_shapes.errors import InvalidSpec

    with pytest.raises(InvalidSpec) as caught:
        StackSpec(
            spatial=(4,),
            layers=(LayerSpec(units=2, cell="conv-lstm-1d", return_sequences=True), LayerSpec(units=2)),
        )
    assert caught.value.key == "conv_mixed"


def test_no_run_of_a_convlstm_stack_imports_no_framework() -> None:
    args = ("--cell", "conv-lstm-3d", "--spatial", "3,4,4", "--units", "2", "--no-run", "--json", "--explain")
    report, done = probe(run_cli(*args))
    assert report["code"] == 0, done.stderr
    assert report["attempts"] == [] and report["loaded"] == []
    assert '"conv_lstm_3d_1.output"' in done.stdout


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explain_says_a_convlstms_own_numbers(lang: str) -> None:
    """Every ConvLSTM paragraph is said, with this stack's numbers, and its formula works out."""
    from lstm_shapes.locales import words
    from lstm_shapes.render.explain import explain
    from lstm_shapes.report.pipeline import inspect_stack

    said = words(lang)
    stacks = [
        StackSpec(
            batch=2,
            window=3,
            features=2,
            spatial=(6, 5),
            layers=(
                LayerSpec(
                    units=4, cell="conv-lstm-2d", kernel_size=(3, 2), return_sequences=True, return_state=True
                ),
                LayerSpec(units=3, cell="conv-lstm-2d", kernel_size=1, return_state=True),
            ),
        )
    ]
    text = " ".join(p for spec in stacks for p in explain(inspect_stack(spec, run=False), said))
    for key in ("sequences_convlstm", "last_convlstm", "params_convlstm", "states_convlstm"):
        template = said.paragraphs[key]
        literal = template.split("{")[0].strip(" .:,") or template.split("}")[1].split("{")[0].strip(" .:,")
        assert literal in text, key
    assert "(2, 3, 4, 4, 4)" in text and "4 × 4" in text  # the first layer's output and frame
    assert "4 × (6 × 4 × (2 + 4) + 4) = 592" in text  # 4 gates × (k·U·(F + U) + U), k = 3 × 2
    assert predict(stacks[0]).layer("conv_lstm_2d_1").params == 4 * (6 * 4 * (2 + 4) + 4)


def test_data_with_a_convlstm_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    """A table's rows are steps of features, not frames: refused with the reason, in both languages."""
    table = tmp_path / "rows.csv"
    table.write_text("a,b\n" + "".join(f"{i},{i + 1}\n" for i in range(40)))
    args = ("--cell", "conv-lstm-1d", "--spatial", "4", "--data", str(table), "--no-run")
    result = invoke(*args, "--json")
    assert result.exit_code == 2, result.output
    korean = invoke(*args, "--lang", "ko")
    assert korean.exit_code == 2 and "프레임" in korean.output


def test_why_notes_say_frames_and_filters(invoke: Invoke) -> None:
    result = invoke(
        "--cell", "conv-lstm-2d", "--spatial", "6,5", "--features", "3", "--units", "2", "--no-run", "--json"
    )
    assert result.exit_code == 0, result.output
    notes = {t["name"]: t["note"] for t in json.loads(result.stdout)["tensors"]}
    assert "6 × 5 positions × 3 channels" in notes["input"]
    assert "2 filters" in notes["conv_lstm_2d_1.output"]


@pytest.mark.parametrize(
    ("padding", "strides", "dilation", "after", "rule"),
    [
        ("valid", 1, 1, "14 × 12", "n − k + 1"),
        ("valid", 2, 1, "7 × 6", "⌊(n − k) / s⌋ + 1"),
        ("same", 1, 1, "16 × 14", "n"),
        ("same", 2, 1, "8 × 7", "⌈n / s⌉"),
        ("valid", 1, 2, "12 × 10", "n − d·(k − 1)"),
    ],
)
def test_the_reading_says_the_input_frames_and_works_out_each_frame(
    padding: str, strides: int, dilation: int, after: str, rule: str
) -> None:
    """The input paragraph speaks of frames and channels, and each layer's frame is worked out
    with the rule its padding, strides and dilation give; the numbers are the layer math's."""
    from lstm_shapes.render.explain import reading
    from lstm_shapes.report.pipeline import inspect_stack

    spec = StackSpec(
        batch=2,
        window=3,
        features=2,
        spatial=(16, 14),
        layers=(
            LayerSpec(units=4, cell="conv-lstm-2d", padding=padding, strides=strides, dilation_rate=dilation),
        ),
    )
    said = reading(inspect_stack(spec, run=False))
    from lstm_shapes.locales import JOINED

    assert said[0].key == "paragraph:input_convlstm"
    assert (said[0].values["frame"], said[0].values["features"]) == ("16 × 14", 2)
    parts = said[1].values["parts"] if said[1].key == JOINED else [said[1]]
    (frame,) = [p for p in parts if getattr(p, "key", "") == "paragraph:frame_convlstm"]
    assert (frame.values["before"], frame.values["after"], frame.values["rule"]) == ("16 × 14", after, rule)
    rows, cols = (int(d) for d in after.split(" × "))
    assert predict(spec).tensors[-1].shape[1:3] == (rows, cols)
