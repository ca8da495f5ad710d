"""Conv1D's dilation_rate: a flag, a spec-file key, predicted by the convolution arithmetic, checked by Keras."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.spec.stack import ConvSpec, LayerSpec, Padding, StackSpec


def conv_steps(report: dict[str, object]) -> list[int]:
    tensors = report["tensors"]
    assert isinstance(tensors, list)
    return next(t["predicted_shape"] for t in tensors if t["name"] == "conv1d.output")


@pytest.mark.parametrize("padding", list(Padding))
@pytest.mark.parametrize(("window", "kernel", "dilation"), [(7, 3, 2), (9, 2, 4), (5, 1, 3), (6, 3, 3)])
def test_output_steps_match_keras(padding: Padding, window: int, kernel: int, dilation: int) -> None:
    """Keras's own compute_output_shape is the oracle for every padding."""
    keras = pytest.importorskip("keras")
    spec = ConvSpec(2, kernel, 1, padding, dilation)
    layer = keras.layers.Conv1D(2, kernel, padding=padding.value, dilation_rate=dilation)
    if spec.output_steps(window) == 0:  # StackSpec refuses it (kernel_too_long), as Keras does
        with pytest.raises(ValueError, match="zero or negative"):
            layer.compute_output_shape((1, window, 3))
        return
    assert spec.output_steps(window) == layer.compute_output_shape((1, window, 3))[1]


def test_strides_with_dilation_is_refused_as_keras_does() -> None:
    keras = pytest.importorskip("keras")
    with pytest.raises(ValueError, match="dilation_rate"):
        keras.layers.Conv1D(2, 3, strides=2, dilation_rate=2)
    with pytest.raises(InvalidSpec) as caught:
        ConvSpec(2, 3, 2, Padding.VALID, 2)
    assert caught.value.key == "dilation_with_strides"
    assert caught.value.field == "conv.dilation_rate"


def test_a_kernel_spanning_more_than_the_window_is_refused() -> None:
    with pytest.raises(InvalidSpec) as caught:
        StackSpec(window=4, conv=ConvSpec(2, 3, dilation_rate=2), layers=(LayerSpec(3),))
    assert caught.value.key == "kernel_too_long"
    assert caught.value.values["kernel"] == 5


def test_the_flag_sets_the_spec_and_the_prediction(invoke: Invoke) -> None:
    result = invoke("--no-run", "--json", "--conv-filters", "4", "--conv-dilation-rate", "2", "--units", "3")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    conv = next(layer for layer in report["layers"] if layer["name"] == "conv1d")
    assert conv["config"]["dilation_rate"] == 2
    assert conv_steps(report) == [32, 25 - (3 - 1) * 2, 4]


@pytest.mark.parametrize(
    "args",
    [
        ("--conv-dilation-rate", "2"),  # no Conv1D to dilate
        ("--conv-filters", "4", "--conv-dilation-rate", "2", "--conv-strides", "2"),
        ("--conv-filters", "4", "--conv-dilation-rate", "0"),
    ],
)
def test_the_flag_is_refused_where_it_means_nothing(invoke: Invoke, args: tuple[str, ...]) -> None:
    result = invoke("--no-run", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --conv-dilation-rate: ")


def test_the_spec_file_key(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "dilated.toml"
    path.write_text(
        '[[case]]\nname = "dilated"\nwindow = 9\nconv = { filters = 2, kernel_size = 3, dilation_rate = 3 }\n'
        'layers = [{ units = 2 }]\nexpect = { "conv1d.output" = "32,3,2" }\n',
        encoding="utf-8",
    )
    result = invoke("check", "--no-run", "--json", str(path))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_keras_agrees_on_a_real_run(invoke: Invoke) -> None:
    pytest.importorskip("keras")
    args = (
        "--batch",
        "1",
        "--window",
        "7",
        "--units",
        "2",
        "--conv-filters",
        "2",
        "--conv-dilation-rate",
        "2",
    )
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert conv_steps(report) == [1, 3, 2]
    observed = next(t for t in report["tensors"] if t["name"] == "conv1d.output")
    assert observed["shape"] == [1, 3, 2]
