"""One stack on several Keras backends, each in its own process, checked against each other.

Keras picks its backend once per process, so `--backend tensorflow,jax,torch` starts
`python -m lstm_shapes.report.child JOB` once per backend. The first one builds the
stack from the seed and saves its input batch, every layer's weights and every output
tensor to an .npz file; the others load that batch and those weights (`layer.build`,
then `layer.set_weights`) and save their outputs. This process never imports a
framework: it reads the children's typed results (`report.wire`) and arrays, and compares.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import ExitCode, LstmShapesError
from lstm_shapes.locales import Phrase
from lstm_shapes.predict.stack import predict
from lstm_shapes.report import wire
from lstm_shapes.report.types import Check, StackReport
from lstm_shapes.spec.backend_choice import CUDNN, LABEL, BackendChoice, RunOptions, require_installed
from lstm_shapes.spec.refusals import environment
from lstm_shapes.spec.shapes import ShapeReport
from lstm_shapes.spec.stack import StackSpec

if TYPE_CHECKING:
    import numpy as np

# Largest absolute difference allowed between two backends, times max(1, largest |value|)
# of the tensor. float32 on the CPU, generic or backend loop against either: measured at
# most 5.1e-7 (benchmarks/tolerance.py); cuDNN reorders and fuses the gate arithmetic,
# so a backend that ran cuDNN is allowed ten times as much as Keras's own tests allow it.
TOLERANCE = 1e-5
CUDNN_TOLERANCE = 1e-4


class BackendFailed(LstmShapesError):
    """A backend's own process refused the stack or could not run it: its error, its exit code."""

    code = "backend_failed"

    def __init__(self, backend: str, error: LstmShapesError) -> None:
        super().__init__(f"on {backend}: {error.message}", error.hint)
        self.backend = backend
        self.error = error
        self.exit_code = error.exit_code


@dataclass(frozen=True)
class Job:
    """What one child process runs: the stack, its checks, and where its arrays and result go."""

    spec: StackSpec
    expect: tuple[str, ...]
    max_memory: int | None
    options: RunOptions
    result: str = ""

    def to_data(self) -> dict[str, Any]:
        return {
            "version": wire.VERSION,
            "spec": wire.plain(self.spec),
            "expect": list(self.expect),
            "max_memory": self.max_memory,
            "options": wire.plain(self.options),
            "result": self.result,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Job:
        if data.get("version") != wire.VERSION:
            raise wire.WireError(f"a job that is not {wire.VERSION}")
        return cls(
            wire.spec_from_data(data["spec"]),
            tuple(data["expect"]),
            data["max_memory"],
            wire.options_from_data(data["options"]),
            str(data["result"]),
        )


# --- the parent: run every backend, then compare ---------------------------------------------------------


@dataclass(frozen=True)
class BackendRun:
    """One backend's child: its JSON report and its output tensors."""

    backend: str
    report: StackReport
    arrays: dict[str, np.ndarray]

    @property
    def used_cudnn(self) -> bool:
        run = self.report.run
        return run is not None and any(path.path == CUDNN for path in run.kernel_paths)


@dataclass(frozen=True)
class TensorComparison:
    """One tensor on every backend: its shape, and how far it is from the first backend's."""

    name: str
    predicted: tuple[int, ...]
    shapes: dict[str, tuple[int, ...] | None]
    # Largest absolute difference against the first backend (None: shapes differ or missing).
    differences: dict[str, float | None]


@dataclass(frozen=True)
class MultiReport:
    spec: StackSpec
    predicted: ShapeReport
    runs: tuple[BackendRun, ...]
    skipped: tuple[str, ...]
    tensors: tuple[TensorComparison, ...]
    # The tolerance each backend after the first was held to.
    tolerances: dict[str, float]
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def reference(self) -> str:
        return self.runs[0].backend


# Who runs one backend's job, given the backend and the job file: it returns the child's exit
# code, or None where it cannot (then the job runs in a fresh `python -m lstm_shapes.report.child`
# process). A warm server's worker passes one that hands each job to that backend's warm worker.
ChildRunner = Callable[[str, str], int | None]


def _child_env(backend: str) -> dict[str, str]:
    env = dict(os.environ)
    env["KERAS_BACKEND"] = backend
    return env


def _run_child(job: Job, folder: Path, index: int, runner: ChildRunner | None = None) -> StackReport:
    """Run one backend's child; its typed report, or its typed error raised with its exit code."""
    backend = job.options.backend
    assert backend is not None
    path = folder / f"job-{index}-{backend}.json"
    result = folder / f"result-{index}-{backend}.json"
    job = replace(job, result=str(result))
    path.write_text(json.dumps(job.to_data()), encoding="utf-8")
    code = None if runner is None else runner(backend, str(path))
    if code is None:
        code = subprocess.run(
            [sys.executable, "-m", "lstm_shapes.report.child", str(path)],
            capture_output=True,
            text=True,
            env=_child_env(backend),
            check=False,
        ).returncode
    if code == ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    try:
        outcome = wire.result_from_data(json.loads(result.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        # No result at all: the child died before it could write one (a crash, a kill).
        raise environment("child_died", backend=backend, code=code, reason=str(exc)) from exc
    if isinstance(outcome, LstmShapesError):
        raise BackendFailed(backend, outcome)
    return outcome


def _load_outputs(path: Path) -> dict[str, np.ndarray]:
    import numpy as np

    with np.load(path) as data:
        arrays = {key.removeprefix("out/"): data[key] for key in data.files if key.startswith("out/")}
        arrays["input"] = data["input"]
    return arrays


def largest_difference(left: np.ndarray, right: np.ndarray) -> float:
    """max |left - right|, with NaN equal to NaN and NaN against a number infinitely far."""
    import numpy as np

    if left.size == 0:
        return 0.0
    with np.errstate(all="ignore"):
        left64, right64 = left.astype("float64"), right.astype("float64")
        nan_left, nan_right = np.isnan(left64), np.isnan(right64)
        if (nan_left != nan_right).any():
            return float("inf")
        both = ~nan_left
        if not both.any():
            return 0.0
        diff = np.abs(left64[both] - right64[both])
        # inf - inf is NaN: equal infinities agree, others are infinitely far apart.
        same_inf = np.isinf(left64[both]) & (left64[both] == right64[both])
        diff = np.where(same_inf, 0.0, diff)
        return float(np.nanmax(np.where(np.isnan(diff), np.inf, diff)))


def _scale(values: np.ndarray) -> float:
    import numpy as np

    finite = values[np.isfinite(values)] if values.size else values
    return max(1.0, float(np.abs(finite).max())) if finite.size else 1.0


def compare_runs(spec: StackSpec, runs: Sequence[BackendRun], skipped: tuple[str, ...] = ()) -> MultiReport:
    """Each backend's own checks, and each backend's tensors against the first one's."""
    predicted = predict(spec)
    first = runs[0]
    tolerances = {
        run.backend: CUDNN_TOLERANCE if run.used_cudnn or first.used_cudnn else TOLERANCE for run in runs[1:]
    }
    tensors = []
    worst: dict[str, tuple[float, str]] = {run.backend: (0.0, "") for run in runs[1:]}
    problems: dict[str, list[str]] = {run.backend: [] for run in runs[1:]}
    for row in predicted.tensors:
        name = row.name
        shapes: dict[str, tuple[int, ...] | None] = {}
        differences: dict[str, float | None] = {}
        ref = first.arrays.get(name)
        for run in runs:
            array = run.arrays.get(name)
            shapes[run.backend] = None if array is None else tuple(int(d) for d in array.shape)
            if run is first:
                continue
            if array is None or ref is None or array.shape != ref.shape:
                differences[run.backend] = None
                problems[run.backend].append(
                    Phrase(
                        "agreement_shape",
                        tensor=name,
                        shape=str(shapes[run.backend]),
                        other=str(shapes[first.backend]),
                        first=first.backend,
                    )
                )
                continue
            diff = largest_difference(ref, array)
            differences[run.backend] = diff
            allowed = tolerances[run.backend] * _scale(ref)
            if diff > allowed:
                problems[run.backend].append(
                    Phrase("agreement_beyond", tensor=name, diff=diff, allowed=allowed)
                )
            if diff >= worst[run.backend][0]:
                worst[run.backend] = (diff, name)
        tensors.append(TensorComparison(name, row.shape, shapes, differences))
    checks: list[Check] = []
    for run in runs:
        for check in run.report.checks:
            checks.append(
                Check(Phrase("on_backend", backend=run.backend, check=check.name), check.passed, check.detail)
            )
    for run in runs[1:]:
        tol = tolerances[run.backend]
        bad = problems[run.backend]
        diff, where = worst[run.backend]
        if bad:
            detail = Phrase("agreement_failed", tolerance=tol, items=bad)
        else:
            detail = Phrase("agreement_ok", diff=diff, tensor=where, tolerance=tol)
        checks.append(Check(Phrase("agrees_with", backend=run.backend, first=first.backend), not bad, detail))
    return MultiReport(spec, predicted, tuple(runs), skipped, tuple(tensors), tolerances, tuple(checks))


def run_backends(
    spec: StackSpec,
    choice: BackendChoice,
    *,
    expect: Sequence[str] = (),
    max_memory: int | None = None,
    time: bool = False,
    progress: Callable[[str], None] | None = None,
    runner: ChildRunner | None = None,
) -> MultiReport:
    """Run `spec` on every backend of `choice`, one process each, on the first one's numbers."""
    say = progress or (lambda step: None)
    require_installed(choice.backends)
    if not choice.backends:
        raise environment("no_backend_installed")
    runs = []
    with tempfile.TemporaryDirectory(prefix="lstm-shapes-") as tmp:
        folder = Path(tmp)
        first_arrays: str | None = None
        for index, backend in enumerate(choice.backends):
            say(Phrase("step_backend", backend=LABEL[backend], index=index + 1, count=len(choice.backends)))
            arrays = str(folder / f"{backend}.npz")
            options = RunOptions(backend=backend, time=time, save_arrays=arrays, load_arrays=first_arrays)
            report = _run_child(Job(spec, tuple(expect), max_memory, options), folder, index, runner)
            runs.append(BackendRun(backend, report, _load_outputs(Path(arrays))))
            first_arrays = first_arrays or arrays
    return compare_runs(spec, runs, choice.skipped)
