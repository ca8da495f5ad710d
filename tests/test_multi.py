"""--backend a,b,c: one stack on several backends, each in its own process, compared.

One real run over every installed backend (a framework import per backend, 15-20 s in
all); the comparison itself is tested on made-up arrays, without a framework.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from conftest import stack_specs
from hypothesis import given
from rich.console import Console

from lstm_shapes.errors import EnvironmentProblem, ExitCode, InvalidSpec
from lstm_shapes.locales import words
from lstm_shapes.predict.stack import predict
from lstm_shapes.render.multi import multi_json, multi_table
from lstm_shapes.report import wire
from lstm_shapes.report.multi import (
    CUDNN_TOLERANCE,
    TOLERANCE,
    BackendRun,
    Job,
    compare_runs,
    largest_difference,
)
from lstm_shapes.report.types import Check, StackReport
from lstm_shapes.spec import backend_choice as backends
from lstm_shapes.spec.backend_choice import KernelPath, RunInfo, RunOptions
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.stack import LayerSpec, StackSpec

SPEC = StackSpec(batch=2, window=3, layers=(LayerSpec(2, return_sequences=True, return_state=True),))
NAMES = ("input", "lstm_1.output", "lstm_1.hidden", "lstm_1.cell")


@given(stack_specs())
def test_a_spec_survives_the_trip_to_a_child(spec: StackSpec) -> None:
    assert wire.spec_from_data(json.loads(json.dumps(wire.plain(spec)))) == spec


def test_a_job_survives_the_trip_to_a_child() -> None:
    job = Job(SPEC, ("output=2,3,2",), 10**9, RunOptions("jax", True, "/tmp/a.npz", None))
    assert Job.from_data(json.loads(json.dumps(job.to_data()))) == job


def test_largest_difference() -> None:
    a = np.array([1.0, np.nan, np.inf, -2.0], dtype="float32")
    assert largest_difference(a, a.copy()) == 0.0
    assert largest_difference(a, np.array([1.5, np.nan, np.inf, -2.0], dtype="float32")) == 0.5
    assert largest_difference(a, np.array([1.0, 0.0, np.inf, -2.0], dtype="float32")) == float("inf")
    assert largest_difference(np.zeros((0, 2)), np.zeros((0, 2))) == 0.0


def fake_run(backend: str, offset: float = 0.0, path: str = "generic loop", shape: Any = None) -> BackendRun:
    rng = np.random.default_rng(0)
    shapes = {"input": (2, 3, 1), "lstm_1.output": (2, 3, 2), "lstm_1.hidden": (2, 2), "lstm_1.cell": (2, 2)}
    arrays = {name: rng.uniform(size=s).astype("float32") for name, s in shapes.items()}
    arrays["lstm_1.cell"] = arrays["lstm_1.cell"] + offset
    if shape is not None:
        arrays["lstm_1.hidden"] = np.zeros(shape, "float32")
    run = RunInfo(backend, "1.0", "3.x", "CPU:0", (KernelPath("lstm_1", path, (), True),), 0.01, 3)
    checks = (Check("shapes match the prediction", True, "all 4 tensors"),)
    report = StackReport(SPEC, predict(SPEC), predict(SPEC), run, checks)
    return BackendRun(backend, report, arrays)


def test_backends_that_agree_pass() -> None:
    report = compare_runs(SPEC, [fake_run("tensorflow"), fake_run("jax", 3e-6), fake_run("torch")])
    assert report.ok
    assert [row.name for row in report.tensors] == list(NAMES)
    assert report.tolerances == {"jax": TOLERANCE, "torch": TOLERANCE}
    (cell,) = [row for row in report.tensors if row.name == "lstm_1.cell"]
    assert cell.differences["jax"] == pytest.approx(3e-6, rel=0.1)
    assert cell.differences["torch"] == 0.0
    assert [c.name for c in report.checks][-2:] == [
        "jax agrees with tensorflow",
        "torch agrees with tensorflow",
    ]


def test_a_difference_beyond_the_tolerance_fails() -> None:
    report = compare_runs(SPEC, [fake_run("tensorflow"), fake_run("jax", 5e-5)])
    assert not report.ok
    (check,) = [c for c in report.checks if not c.passed]
    assert check.name == "jax agrees with tensorflow"
    assert "lstm_1.cell" in check.detail


def test_cudnn_earns_a_wider_tolerance() -> None:
    report = compare_runs(SPEC, [fake_run("tensorflow"), fake_run("torch", 5e-5, path="cudnn")])
    assert report.tolerances == {"torch": CUDNN_TOLERANCE}
    assert report.ok


def test_a_shape_that_differs_fails() -> None:
    report = compare_runs(SPEC, [fake_run("tensorflow"), fake_run("jax", shape=(2, 3))])
    assert not report.ok
    assert "lstm_1.hidden: shape (2, 3) against (2, 2) on tensorflow" in report.checks[-1].detail


def test_three_backends_fit_80_columns_uncut() -> None:
    runs = [fake_run("tensorflow"), fake_run("jax", 4.5e-8), fake_run("torch", 1.5e-8)]
    console = Console(width=80, record=True, color_system=None)
    console.print(multi_table(compare_runs(SPEC, runs), words("en")))
    text = console.export_text()
    assert "…" not in text
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    for name in NAMES:
        assert name in text
    assert "|jax - tensorflow|" in text and "|torch - tensorflow|" in text
    assert "6.0e-08" in text and "3.0e-08" in text  # the numbers in full, not "6.0e-…"


def test_rendering_side_by_side() -> None:
    report = compare_runs(SPEC, [fake_run("tensorflow"), fake_run("jax", 2e-6)], skipped=("torch",))
    console = Console(width=160, record=True, color_system=None)
    console.print(multi_table(report, words("en")))
    text = console.export_text()
    assert "Keras 3.x on 2 backends, each in its own process, all on tensorflow's weights" in text
    assert "lstm_1: generic loop" in text
    assert "|jax - tensorflow|" in text and "2.0e-06" in text
    assert "Skipped torch, not installed: pip install 'lstm-shapes[torch]'" in text
    data = json.loads(multi_json(report))
    assert data["backends"] == ["tensorflow", "jax"]
    assert data["skipped"] == ["torch"]
    assert data["tolerance"] == {"jax": TOLERANCE}
    assert [t["name"] for t in data["tensors"]] == list(NAMES)
    assert data["tensors"][0]["max_abs_diff"] == {"jax": 0.0}


# --- the real thing --------------------------------------------------------------------------------------

CLI = [sys.executable, "-m", "lstm_shapes", "--batch", "2", "--window", "3", "--units", "2"]
INSTALLED = [b for b in backends.BACKENDS if backends.installed(b)]


@pytest.mark.skipif(len(INSTALLED) < 2, reason="fewer than two backends installed")
def test_every_installed_backend_agrees() -> None:
    done = subprocess.run(
        [*CLI, "--return-sequences", "--return-state", "--device", "cpu", "--backend", "all", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "LSTM_SHAPES_DEBUG")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert data["ok"] is True
    assert data["backends"] == INSTALLED
    assert [run["backend"] for run in data["runs"]] == INSTALLED
    assert {run["device"] for run in data["runs"]} == {"CPU:0"}
    for tensor in data["tensors"]:
        assert all(shape == tensor["predicted_shape"] for shape in tensor["shapes"].values())
        for diff in tensor["max_abs_diff"].values():
            assert diff <= TOLERANCE
    # The input batch and the weights are the first backend's: the batch agrees exactly.
    assert all(d == 0 for d in data["tensors"][0]["max_abs_diff"].values())


def test_a_report_survives_the_trip_from_a_child() -> None:
    """The child's result is typed data: the parent gets back the very report the child made."""
    jsonschema = pytest.importorskip("jsonschema")
    report = fake_run("jax").report
    data = json.loads(json.dumps(wire.result_data(report, None, ExitCode.OK)))
    jsonschema.validate(data, wire.RESULT_SCHEMA)
    assert wire.result_from_data(data) == report


def test_a_childs_error_keeps_its_kind_key_and_exit_code() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    error = invalid("units", "at_least", minimum=1, value=0)
    data = json.loads(json.dumps(wire.result_data(None, error, ExitCode.INVALID_INPUT)))
    jsonschema.validate(data, wire.RESULT_SCHEMA)
    back = wire.result_from_data(data)
    assert isinstance(back, InvalidSpec)
    assert (back.key, back.values, back.field, back.exit_code) == (
        "at_least",
        {"minimum": 1, "value": 0},
        "units",
        2,
    )
    env = wire.result_from_data(
        wire.result_data(None, EnvironmentProblem("no GPU", "install one"), ExitCode.ENVIRONMENT)
    )
    assert isinstance(env, EnvironmentProblem)
    assert (env.message, env.hint, env.exit_code) == ("no GPU", "install one", 3)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"version": "lstm-shapes-child/0", "exit_code": 0},
        {"version": wire.VERSION, "exit_code": 7, "report": {}},
        {"version": wire.VERSION, "exit_code": 0},
        {"version": wire.VERSION, "exit_code": 0, "report": {"spec": {}}},
    ],
)
def test_a_result_of_another_format_is_refused(data: Any) -> None:
    with pytest.raises(wire.WireError):
        wire.result_from_data(data)
