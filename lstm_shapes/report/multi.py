"""One stack on several Keras backends, each in its own process, checked against each other.

Keras picks its backend once per process, so `--backend tensorflow,jax,torch` starts
`python -m lstm_shapes.report.multi JOB` once per backend. The first one builds the
stack from the seed and saves its input batch, every layer's weights and every output
tensor to an .npz file; the others load that batch and those weights (`layer.build`,
then `layer.set_weights`) and save their outputs. This process never imports a
framework: it reads the children's JSON reports and arrays, and compares.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import EnvironmentProblem, ExitCode, LstmShapesError
from lstm_shapes.model.backend import CUDNN, INSTALL, LABEL, BackendChoice, RunOptions, require_installed
from lstm_shapes.model.masking import EmbeddingSpec
from lstm_shapes.model.shapes import ShapeReport
from lstm_shapes.model.spec import ConvSpec, HeadSpec, LayerSpec, StackSpec
from lstm_shapes.predict.stack import predict
from lstm_shapes.report.types import Check

if TYPE_CHECKING:
    import numpy as np

# Largest absolute difference allowed between two backends, times max(1, largest |value|)
# of the tensor. float32 on the CPU, generic or backend loop against either: measured at
# most 5.1e-7 (benchmarks/tolerance.py); cuDNN reorders and fuses the gate arithmetic,
# so a backend that ran cuDNN is allowed ten times as much as Keras's own tests allow it.
TOLERANCE = 1e-5
CUDNN_TOLERANCE = 1e-4


class BackendFailed(LstmShapesError):
    """A backend's own process refused the stack or could not run it; its exit code is kept."""

    def __init__(self, message: str, hint: str | None, code: ExitCode) -> None:
        super().__init__(message, hint)
        self.exit_code = code


# --- the job a child runs ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A spec as JSON data: dataclasses as dicts, enums as their values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def spec_to_data(spec: StackSpec) -> dict[str, Any]:
    data: dict[str, Any] = _plain(spec)
    return data


def spec_from_data(data: dict[str, Any]) -> StackSpec:
    """The inverse of `spec_to_data` (the spec classes accept their enums' values)."""
    settings = dict(data)
    settings["layers"] = tuple(LayerSpec(**layer) for layer in data["layers"])
    settings["head"] = HeadSpec(**data["head"])
    settings["conv"] = None if data["conv"] is None else ConvSpec(**data["conv"])
    if data.get("embedding") is not None:
        settings["embedding"] = EmbeddingSpec(**data["embedding"])
    if isinstance(data.get("lengths"), list):
        settings["lengths"] = tuple(data["lengths"])
    return StackSpec(**settings)


@dataclass(frozen=True)
class Job:
    """What one child process runs: the stack, its checks, and where its arrays go."""

    spec: StackSpec
    expect: tuple[str, ...]
    max_memory: int | None
    options: RunOptions

    def to_data(self) -> dict[str, Any]:
        return {
            "spec": spec_to_data(self.spec),
            "expect": list(self.expect),
            "max_memory": self.max_memory,
            "options": _plain(self.options),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Job:
        return cls(
            spec_from_data(data["spec"]),
            tuple(data["expect"]),
            data["max_memory"],
            RunOptions(**data["options"]),
        )


def run_job(path: Path) -> tuple[str, ExitCode]:
    """In the child: run the job in `path`; the JSON report and the exit code."""
    from lstm_shapes.render.table import to_json
    from lstm_shapes.report.pipeline import inspect_stack

    try:
        job = Job.from_data(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EnvironmentProblem(f"cannot read the job file {path}: {exc}") from exc
    report = inspect_stack(job.spec, expect=job.expect, max_memory=job.max_memory, options=job.options)
    return to_json(report), ExitCode.OK if report.ok else ExitCode.CHECK_FAILED


def child_main(argv: Sequence[str]) -> int:
    """`python -m lstm_shapes.report.multi JOB`: the JSON report on stdout, errors as the CLI words them."""
    if len(argv) != 1:
        print(
            "usage: python -m lstm_shapes.report.multi JOB (run by lstm-shapes --backend a,b,c)",
            file=sys.stderr,
        )
        return int(ExitCode.INVALID_INPUT)
    try:
        text, code = run_job(Path(argv[0]))
    except LstmShapesError as error:
        print(f"Error: {error.message}", file=sys.stderr)
        if error.hint:
            print(error.hint, file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    print(text)
    return int(code)


# --- the parent: run every backend, then compare ---------------------------------------------------------


@dataclass(frozen=True)
class BackendRun:
    """One backend's child: its JSON report and its output tensors."""

    backend: str
    report: dict[str, Any]
    arrays: dict[str, np.ndarray]

    @property
    def used_cudnn(self) -> bool:
        return any((layer.get("kernel_path") or {}).get("path") == CUDNN for layer in self.report["layers"])


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


def _child_env(backend: str) -> dict[str, str]:
    env = dict(os.environ)
    env["KERAS_BACKEND"] = backend
    return env


def _error_text(stderr: str) -> tuple[str, str | None]:
    """The child's 'Error: ...' message and its hint line."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.startswith("Error: "):
            hint = lines[i + 1] if i + 1 < len(lines) else None
            return line.removeprefix("Error: "), hint
    return (lines[-1] if lines else "no message"), None


def _run_child(job: Job, folder: Path, index: int) -> dict[str, Any]:
    backend = job.options.backend
    assert backend is not None
    path = folder / f"job-{index}-{backend}.json"
    path.write_text(json.dumps(job.to_data()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "lstm_shapes.report.multi", str(path)],
        capture_output=True,
        text=True,
        env=_child_env(backend),
        check=False,
    )
    if done.returncode == ExitCode.INTERRUPTED:
        raise KeyboardInterrupt
    if done.returncode in (ExitCode.OK, ExitCode.CHECK_FAILED):
        try:
            data: dict[str, Any] = json.loads(done.stdout)
            return data
        except ValueError:
            pass
    message, hint = _error_text(done.stderr)
    if done.returncode in (ExitCode.INVALID_INPUT, ExitCode.ENVIRONMENT):
        return_code = ExitCode(done.returncode)
        raise BackendFailed(f"on {backend}: {message}", hint, return_code)
    raise EnvironmentProblem(f"the run on {backend} failed (exit {done.returncode}): {message}")


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
                    f"{name}: shape {shapes[run.backend]} against {shapes[first.backend]} on {first.backend}"
                )
                continue
            diff = largest_difference(ref, array)
            differences[run.backend] = diff
            allowed = tolerances[run.backend] * _scale(ref)
            if diff > allowed:
                problems[run.backend].append(f"{name}: {diff:.3g} > {allowed:.3g}")
            if diff >= worst[run.backend][0]:
                worst[run.backend] = (diff, name)
        tensors.append(TensorComparison(name, row.shape, shapes, differences))
    checks: list[Check] = []
    for run in runs:
        for check in run.report["checks"]:
            checks.append(Check(f"{run.backend}: {check['name']}", check["passed"], check["detail"]))
    for run in runs[1:]:
        tol = tolerances[run.backend]
        bad = problems[run.backend]
        diff, where = worst[run.backend]
        if bad:
            detail = f"beyond the tolerance of {tol:.0e} × max(1, |value|): " + "; ".join(bad)
        else:
            detail = f"largest difference {diff:.2g} ({where}), tolerance {tol:.0e} × max(1, |value|)"
        checks.append(Check(f"{run.backend} agrees with {first.backend}", not bad, detail))
    return MultiReport(spec, predicted, tuple(runs), skipped, tuple(tensors), tolerances, tuple(checks))


def run_backends(
    spec: StackSpec,
    choice: BackendChoice,
    *,
    expect: Sequence[str] = (),
    max_memory: int | None = None,
    time: bool = False,
    progress: Callable[[str], None] | None = None,
) -> MultiReport:
    """Run `spec` on every backend of `choice`, one process each, on the first one's numbers."""
    say = progress or (lambda step: None)
    require_installed(choice.backends)
    if not choice.backends:
        raise EnvironmentProblem(
            "--backend all: no Keras backend is installed", f"Install one with: {INSTALL['tensorflow']}"
        )
    runs = []
    with tempfile.TemporaryDirectory(prefix="lstm-shapes-") as tmp:
        folder = Path(tmp)
        first_arrays: str | None = None
        for index, backend in enumerate(choice.backends):
            say(f"Running on {LABEL[backend]} ({index + 1} of {len(choice.backends)}), in its own process")
            arrays = str(folder / f"{backend}.npz")
            options = RunOptions(backend=backend, time=time, save_arrays=arrays, load_arrays=first_arrays)
            report = _run_child(Job(spec, tuple(expect), max_memory, options), folder, index)
            runs.append(BackendRun(backend, report, _load_outputs(Path(arrays))))
            first_arrays = first_arrays or arrays
    return compare_runs(spec, runs, choice.skipped)


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
