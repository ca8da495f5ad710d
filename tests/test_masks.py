"""Sequences of different lengths: token ids, masks, padding and what h is, on every backend.

The oracles are Keras's: each sample run alone with its padding cut off, and the
cases of Keras's own masking tests (tests/mask_oracle.py). TensorFlow runs in this
process; JAX and PyTorch in one subprocess each, started together as soon as the first
of these tests needs them, so that the three backends run side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.predict.kernels import MASK_LEFT, MASK_RIGHT, mask_kind, predict_kernel_path
from lstm_shapes.spec import backend_choice as backends
from lstm_shapes.spec.backend_choice import CUDNN, GENERIC
from lstm_shapes.spec.masking import EmbeddingSpec, PadSide, random_lengths, valid_steps
from lstm_shapes.spec.stack import LayerSpec, StackSpec

HERE = Path(__file__).parent
SMALL = ("--batch", "3", "--window", "4", "--units", "2")


# --- bad input: exit 2 with the reason, before any framework import ----------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--mask-value", "0", "--lengths", "4,-1,2"), "sample 1 has length -1"),
        (("--mask-value", "0", "--lengths", "4,5,2"), "longer than the window of 4"),
        (("--mask-value", "0", "--lengths", "4,2"), "gives 2 lengths for a batch of 3"),
        (("--mask-value", "0", "--lengths", "4,x,2"), "whole numbers separated by commas"),
        (("--mask-zero",), "there is no Embedding"),
        (("--embedding-vocab", "10", "--mask-value", "0"), "Masking works on float features"),
        (
            (
                "--embedding-vocab",
                "1",
            ),
            "must be at least 2",
        ),
        (("--embedding-vocab", "10", "--features", "3"), "must be 1 with token ids"),
        (
            (
                "--embedding-dim",
                "4",
            ),
            "needs --embedding-vocab",
        ),
        (("--lengths", "4,3,2"), "nothing masks the padding"),
        (("--embedding-vocab", "9", "--lengths", "4,3,2"), "does not mask it"),
        (("--mask-value", "0", "--padding", "post"), "no --lengths"),
        (("--mask-value", "0", "--lengths", "4,3,2", "--padding", "middle"), "unknown value 'middle'"),
        (("--mask-value", "0", "--conv-filters", "4", "--conv-kernel-size", "2"), "drops the mask"),
    ],
)
def test_bad_input_exits_2_with_the_reason(invoke: Invoke, args: tuple[str, ...], message: str) -> None:
    result = invoke(*SMALL, *args, "--no-run")
    assert result.exit_code == 2, result.output
    assert message in result.output.replace("\n", " ")
    assert "Traceback" not in result.output


def test_bad_input_in_korean(invoke: Invoke) -> None:
    result = invoke(*SMALL, "--mask-zero", "--lang", "ko", "--no-run")
    assert result.exit_code == 2
    assert "Embedding이 없어" in result.output


def test_validation_in_the_api() -> None:
    with pytest.raises(InvalidSpec):
        EmbeddingSpec(1)
    with pytest.raises(InvalidSpec):
        StackSpec(batch=2, window=3, mask_value=0.0, lengths=(3, 4))
    with pytest.raises(InvalidSpec):
        StackSpec(batch=2, window=3, mask_value=float("nan"))


# --- the prediction and the padded batch: pure -------------------------------------------------


def test_embedding_shapes_and_params_predicted(invoke: Invoke) -> None:
    result = invoke(
        *SMALL, "--embedding-vocab", "50", "--embedding-dim", "6", "--mask-zero", "--json", "--no-run"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    shapes = {t["name"]: t["shape"] for t in data["tensors"]}
    assert shapes["input"] == [3, 4]
    assert shapes["embedding.output"] == [3, 4, 6]
    layers = {layer["name"]: layer for layer in data["layers"]}
    assert layers["embedding"]["params"] == 50 * 6
    assert layers["embedding"]["weights"] == [{"name": "embeddings", "shape": [50, 6]}]
    # The LSTM reads the embedding's 6 features.
    assert layers["lstm_1"]["params"] == 4 * (2 * (6 + 2) + 2)
    assert data["input"]["dtype"] == "int32"


def test_random_lengths_are_seeded_and_within_the_window() -> None:
    first = random_lengths(40, 7, seed=3)
    assert first == random_lengths(40, 7, seed=3)
    assert first != random_lengths(40, 7, seed=4)
    assert all(1 <= n <= 7 for n in first)
    spec = StackSpec(batch=40, window=7, mask_value=0.0, lengths="random", seed=3)
    assert spec.lengths == first


def test_pre_and_post_padding_masks() -> None:
    assert valid_steps((2, 4), 4, PadSide.PRE) == [[False, False, True, True], [True] * 4]
    assert valid_steps((2, 4), 4, PadSide.POST) == [[True, True, False, False], [True] * 4]


def test_large_batch_lengths_are_summarized(invoke: Invoke) -> None:
    result = invoke("--batch", "40", "--window", "9", "--mask-value", "0", "--lengths", "random", "--no-run")
    assert result.exit_code == 0, result.output
    assert "lengths min 1, median" in result.output
    assert "padding pre with 0" in result.output


# --- kernel paths with masks: pure ---------------------------------------------------------------


def test_mask_kind() -> None:
    assert mask_kind(False, (2, 4), 4, pre=True) is None
    assert mask_kind(True, (2, 4), 4, pre=True) == MASK_LEFT
    assert mask_kind(True, (2, 4), 4, pre=False) == MASK_RIGHT
    assert mask_kind(True, (4, 4), 4, pre=True) == MASK_RIGHT  # nothing padded


def test_kernel_paths_with_masks() -> None:
    lstm = LayerSpec(4)
    # TensorFlow keeps cuDNN for a right-padded mask, and falls back for a left-padded one.
    assert predict_kernel_path("l", lstm, "tensorflow", True, 1, MASK_RIGHT).path == CUDNN
    left = predict_kernel_path("l", lstm, "tensorflow", True, 1, MASK_LEFT)
    assert left.path == GENERIC
    assert "right-padded" in left.describe()
    # JAX and PyTorch take no mask in their fused kernels.
    for backend in ("jax", "torch"):
        path = predict_kernel_path("l", lstm, backend, True, 1, MASK_RIGHT)
        assert path.path == GENERIC and "mask" in path.describe()
        assert (
            predict_kernel_path("g", LayerSpec(4, cell="gru"), backend, False, 0, MASK_RIGHT).path == GENERIC
        )  # type: ignore[arg-type]


# --- the real tensors: TensorFlow here, JAX and PyTorch in a subprocess each -------------------


def check_backend_results(data: dict[str, Any], backend: str) -> None:
    sys.path.insert(0, str(HERE))
    import mask_oracle

    combinations = mask_oracle.combinations(backend)
    assert [case["case"] for case in data["oracle"]] == [" ".join(c) for c in combinations]
    # Every rule's pair is there: each cell and each direction with both paddings, each cell
    # in each direction.
    for a, b in ((0, 1), (0, 2), (1, 2)):
        pairs = {(c[a], c[b]) for c in combinations}
        assert len(pairs) == len({c[a] for c in combinations}) * len({c[b] for c in combinations})
    for case in data["oracle"]:
        assert case["ok"], (backend, case)
        assert any("padded steps" in name for name in case["checks"]), case
        assert any("valid step" in name for name in case["checks"]), case
        # Against each sample run alone without padding: the same numbers to float32 rounding.
        assert case["unpadded_difference"] < 1e-5, (backend, case)
    for case in data["keras_tests"]:
        assert case["ok"], (backend, case)
        assert case["checks"] == 2
        if "matches_keras_numbers" in case:
            assert case["matches_keras_numbers"], (backend, case)
    # Keras's own masking tests with holes in the mask: its numbers, and the rule at the holes.
    assert len(data["keras_holes"]) == 3
    for case in data["keras_holes"]:
        assert case["matches_keras_numbers"], (backend, case)
        if "rule" in case:
            assert case["rule"] == "repeat" and case["rule_holds"], (backend, case)
    deviations = {row["case"]: row for row in data["deviations"]}
    if backend == "jax":
        # JAX's unrolled loop ignores zero_output_for_mask: the check names it.
        for row in deviations.values():
            assert not row["ok"]
            assert any("on jax" in f and "ignores zero_output_for_mask" in f for f in row["failed"]), row
    elif backend == "tensorflow":
        row = deviations["unroll bi pre"]
        assert not row["ok"]
        assert all("backward" in f and "on tensorflow" in f for f in row["failed"]), row
        # Post padding: what deviates there too is named, with the backend.
        row = deviations["unroll bi post"]
        assert row["failed"] and all("on tensorflow" in f for f in row["failed"]), row
    elif backend == "torch":
        # Keras 3.15.1's unrolled loop on PyTorch fails with a mask read backwards.
        for row in deviations.values():
            assert row.get("exit") == 2, row


OTHER_BACKENDS = ("jax", "torch")


@pytest.fixture(scope="module")
def other_runs(request: pytest.FixtureRequest) -> Iterator[dict[str, subprocess.Popen[str]]]:
    """tests/mask_oracle.py on JAX and on PyTorch, started at once, for the tests selected."""
    selected = {item.name for item in request.session.items}
    env = {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND",)}
    env["PYTHONPATH"] = str(HERE.parent)
    runs = {
        backend: subprocess.Popen(
            [sys.executable, str(HERE / "mask_oracle.py"), backend],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for backend in OTHER_BACKENDS
        if f"test_masked_stacks_on_other_backends[{backend}]" in selected and backends.installed(backend)
    }
    yield runs
    for run in runs.values():
        if run.poll() is None:
            run.kill()
        run.communicate()


def test_masked_stacks_on_tensorflow(other_runs: dict[str, subprocess.Popen[str]]) -> None:
    sys.path.insert(0, str(HERE))
    import mask_oracle

    from lstm_shapes.observe.framework import import_keras

    keras = import_keras()
    if keras.config.backend() != "tensorflow":
        pytest.skip("this process runs another backend")
    check_backend_results(mask_oracle.main("tensorflow"), "tensorflow")


@pytest.mark.slow
@pytest.mark.parametrize("backend", OTHER_BACKENDS)
def test_masked_stacks_on_other_backends(backend: str, other_runs: dict[str, subprocess.Popen[str]]) -> None:
    if not backends.installed(backend):
        pytest.skip(f"{backend} is not installed")
    stdout, stderr = other_runs[backend].communicate(timeout=600)
    assert other_runs[backend].returncode == 0, stderr[-3000:]
    check_backend_results(json.loads(stdout.strip().splitlines()[-1]), backend)


def test_table_says_what_padded_steps_hold(invoke: Invoke) -> None:
    result = invoke(
        *SMALL,
        "--embedding-vocab",
        "9",
        "--mask-zero",
        "--lengths",
        "4,2,1",
        "--padding",
        "post",
        "--return-sequences",
        "--return-state",
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "lengths 4, 2, 1, padding post with id 0" in text
    assert "lstm_1: padded steps repeat the last valid output" in text
    assert "h = the output at each sample's last valid step, not the last column" in text
    assert "✓ lstm_1: h == output at each sample's last valid step: exactly equal" in text
    assert "✓ embedding: Keras's mask == the lengths and padding" in text
