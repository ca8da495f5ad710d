"""--backend, --device and --time on every backend, and the kernel-path rules.

Keras takes one backend per process, and this test process has TensorFlow's: JAX and
PyTorch run in one small subprocess each (a framework import costs 3-6 s), which
checks many layer kinds at once. Backends that are not installed skip; GPU checks skip
where no NVIDIA GPU is visible.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from conftest import Invoke

from lstm_shapes.errors import EnvironmentProblem, InvalidSpec
from lstm_shapes.observe.runtime import no_gpu
from lstm_shapes.predict.kernels import predict_kernel_path
from lstm_shapes.spec import backend_choice as backends
from lstm_shapes.spec.backend_choice import BACKEND_LOOP, CUDNN, GENERIC, KernelPath, parse_backends
from lstm_shapes.spec.stack import CellKind, LayerSpec

TINY = ("--batch", "2", "--window", "3", "--units", "2")
CANONICAL = [sys.executable, "-m", "lstm_shapes", "--batch", "32", "--window", "25", "--units", "20"]
CANONICAL += ["--return-sequences"]
HAS_GPU = shutil.which("nvidia-smi") is not None
needs_gpu = pytest.mark.skipif(not HAS_GPU, reason="no NVIDIA GPU on this machine")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("KERAS_BACKEND", "LSTM_SHAPES_DEBUG")}


def needs(backend: str) -> Any:
    return pytest.mark.skipif(not backends.installed(backend), reason=f"{backend} is not installed")


# --- choosing backends: pure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jax", ("jax",)),
        ("tensorflow,jax,torch", ("tensorflow", "jax", "torch")),
        (" Torch , jax ", ("torch", "jax")),
    ],
)
def test_backend_lists(text: str, expected: tuple[str, ...]) -> None:
    assert parse_backends(text).backends == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tpu", "unknown backend 'tpu'. Valid values: tensorflow, jax, torch"),
        ("tensorflw", "did you mean 'tensorflow'?"),
        (",", "',' has an empty name"),
        ("jax,", "has an empty name"),
        ("tensorflow,tensorflow", "tensorflow is named more than once"),
        ("all,jax", "all cannot be combined with other names"),
    ],
)
def test_bad_backend_lists_are_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidSpec) as error:
        parse_backends(text)
    assert message in error.value.message


def test_default_backend_is_keras_backend_else_tensorflow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    assert parse_backends(None).backends == ("tensorflow",)
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert parse_backends(None).backends == ("torch",)
    monkeypatch.setenv("KERAS_BACKEND", "numpy")
    with pytest.raises(InvalidSpec, match="KERAS_BACKEND='numpy' is not a backend"):
        parse_backends(None)


def test_all_skips_what_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backends, "installed", lambda name: name != "jax")
    choice = parse_backends("all")
    assert (choice.backends, choice.skipped) == (("tensorflow", "torch"), ("jax",))
    # --no-run never looks for packages.
    assert parse_backends("all", resolve_all=False).backends == backends.BACKENDS


# --- the CLI: refusals before anything runs --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (("--backend", "tpu"), 2, "Error: --backend: unknown backend 'tpu'."),
        (("--backend", ","), 2, "Error: --backend: ',' has an empty name."),
        (("--backend", "tensorflow,tensorflow"), 2, "Error: --backend: tensorflow is named more than once\n"),
        (
            ("--backend", "jax"),
            3,
            "Error: --backend jax: JAX is not installed\nInstall it with: pip install 'lstm-shapes[jax]'",
        ),
        (
            ("--backend", "tensorflow,torch"),
            3,
            "Error: --backend torch: PyTorch is not installed\nInstall it with: pip install 'lstm-shapes[torch]'",
        ),
    ],
)
def test_backend_refusals(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int, stderr: str
) -> None:
    monkeypatch.setattr(backends, "installed", lambda name: name == "tensorflow")
    result = invoke(*TINY, *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_no_run_needs_no_backend_installed(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backends, "installed", lambda name: False)
    result = invoke(*TINY, "--backend", "jax,torch", "--no-run", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["backend"] is None


def test_another_backend_in_a_process_that_has_tensorflow(invoke: Invoke) -> None:
    from lstm_shapes.observe.framework import import_keras

    if import_keras().config.backend() != "tensorflow":
        pytest.skip("this test process runs Keras on another backend")
    result = invoke(*TINY, "--backend", "jax")
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(
        "Error: Keras was already loaded with the tensorflow backend in this process, so it cannot run on jax\n"
    )


def test_check_takes_one_backend(invoke: Invoke) -> None:
    result = invoke("check", "--backend", "jax,torch", "examples/seed.toml")
    assert result.exit_code == 2
    assert "check runs every case on one backend" in result.stderr


# --- the kernel-path rules: pure ---------------------------------------------------------------------------


def path(
    cell: str = "lstm", backend: str = "tensorflow", gpu: bool = False, gpus: int = 0, **settings: Any
) -> KernelPath:
    return predict_kernel_path("x", LayerSpec(4, cell=CellKind(cell), **settings), backend, gpu, gpus)


@pytest.mark.parametrize("backend", backends.BACKENDS)
def test_default_lstm_takes_cudnn_on_a_gpu(backend: str) -> None:
    assert path(backend=backend, gpu=True, gpus=1) == KernelPath("x", CUDNN)


@pytest.mark.parametrize(
    ("backend", "cell", "settings", "expected"),
    [
        ("tensorflow", "lstm", {}, (GENERIC, ("no GPU",))),
        ("jax", "lstm", {}, (GENERIC, ("no GPU",))),
        ("torch", "lstm", {}, (BACKEND_LOOP, ("no GPU",))),
        ("tensorflow", "gru", {}, (GENERIC, ("no GPU",))),
        ("jax", "gru", {}, (BACKEND_LOOP, ("JAX has no cuDNN GRU",))),
        ("torch", "gru", {}, (BACKEND_LOOP, ("no GPU",))),
        ("torch", "gru", {"reset_after": False}, (GENERIC, ("reset_after is off",))),
        ("jax", "gru", {"unroll": True}, (GENERIC, ("unroll",))),
        ("torch", "lstm", {"unroll": True}, (BACKEND_LOOP, ("unroll", "no GPU"))),
        ("jax", "simple-rnn", {}, (GENERIC, ("SimpleRNN has no fused kernel",))),
    ],
)
def test_cpu_paths(
    backend: str, cell: str, settings: dict[str, Any], expected: tuple[str, tuple[str, ...]]
) -> None:
    found = path(cell, backend, **settings)
    assert (found.path, found.reasons) == expected
    assert not found.fast


@pytest.mark.parametrize("backend", backends.BACKENDS)
@pytest.mark.parametrize(
    ("cell", "settings", "reason"),
    [
        ("lstm", {"recurrent_dropout": 0.1}, "recurrent_dropout > 0"),
        ("lstm", {"activation": "relu"}, "activation is relu"),
        ("gru", {"recurrent_activation": "hard_sigmoid"}, "recurrent_activation is hard_sigmoid"),
        ("lstm", {"use_bias": False}, "use_bias is off"),
        ("simple-rnn", {}, "SimpleRNN has no fused kernel"),
    ],
)
def test_what_keeps_a_gpu_off_cudnn(backend: str, cell: str, settings: dict[str, Any], reason: str) -> None:
    found = path(cell, backend, gpu=True, gpus=1, **settings)
    assert not found.fast
    if not (backend == "jax" and cell == "gru"):  # JAX's GRU is never cuDNN; its reason says so
        assert reason in found.reasons


def test_cpu_placement_beside_a_gpu_says_so() -> None:
    assert path(gpus=1).reasons == ("device is CPU",)
    assert path(backend="tensorflow", gpu=True, gpus=1, cell="gru", reset_after=False).reasons == (
        "reset_after is off",
    )


# --- really running: TensorFlow here, JAX and PyTorch in a subprocess each -------------------------------


def test_tensorflow_time_device_and_kernel_path(invoke: Invoke) -> None:
    result = invoke(*TINY, "--return-state", "--backend", "tensorflow", "--device", "cpu", "--time", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["backend"], data["device"], data["ok"]) == ("tensorflow", "CPU:0", True)
    assert data["forward_seconds"] > 0
    assert 3 <= data["forward_calls"] <= 9
    assert data["layers"][0]["kernel_path"] == {
        "fast": False,
        "path": "generic loop",
        "reasons": ["device is CPU" if HAS_GPU else "no GPU"],
        "confirmed": True,
    }


def test_the_table_shows_time_and_kernel_path(invoke: Invoke) -> None:
    result = invoke(*TINY, "--device", "cpu", "--time", "--cell", "simple-rnn", env={"COLUMNS": "150"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].startswith("forward pass ")
    assert "median of" in lines[2] and lines[2].endswith("on tensorflow, CPU:0")
    assert (
        "simple_rnn_1 kernel path: generic loop, not cuDNN: SimpleRNN has no fused kernel (confirmed)"
        in lines
    )


# Run in a fresh interpreter on one backend: several layer kinds, their kernel paths
# against the rules, --time, and --device gpu where the backend sees no GPU.
PROBE = textwrap.dedent(
    """
    import json, sys
    from lstm_shapes.spec.backend_choice import RunOptions
    from lstm_shapes.errors import EnvironmentProblem
    from lstm_shapes.report.pipeline import inspect_stack
    from lstm_shapes.spec.stack import HeadKind, HeadSpec, LayerSpec, StackSpec

    backend = sys.argv[1]
    layers = (
        LayerSpec(2, return_sequences=True, return_state=True),
        LayerSpec(2, cell="gru", return_sequences=True, return_state=True, bidirectional=True),
        LayerSpec(2, cell="gru", reset_after=False, return_sequences=True),
        LayerSpec(2, recurrent_dropout=0.2, return_sequences=True),
        LayerSpec(2, cell="simple-rnn", return_state=True),
    )
    spec = StackSpec(batch=2, window=3, layers=layers, head=HeadSpec(HeadKind.DENSE, 2), device="cpu")
    report = inspect_stack(spec, options=RunOptions(backend=backend, time=True))
    out = {
        "ok": report.ok,
        "failed": [c.name + ": " + c.detail for c in report.checks if not c.passed],
        "backend": report.run.backend,
        "device": report.run.device,
        "paths": [[p.layer, p.path, list(p.reasons), p.confirmed] for p in report.run.kernel_paths],
        "seconds": report.run.forward_seconds,
        "calls": report.run.forward_calls,
    }
    try:
        inspect_stack(StackSpec(batch=1, window=1, layers=(LayerSpec(1),), device="gpu"), options=RunOptions(backend=backend))
        out["gpu"] = None
    except EnvironmentProblem as problem:
        out["gpu"] = [problem.message, problem.hint]
    print(json.dumps(out))
    """
)

EXPECTED_CPU_PATHS = {
    "jax": [
        ["lstm_1", GENERIC, ["no GPU"], True],
        ["gru_2", BACKEND_LOOP, ["JAX has no cuDNN GRU"], True],
        ["gru_3", GENERIC, ["reset_after is off"], True],
        ["lstm_4", GENERIC, ["recurrent_dropout > 0"], True],
        ["simple_rnn_5", GENERIC, ["SimpleRNN has no fused kernel"], True],
    ],
    "torch": [
        ["lstm_1", BACKEND_LOOP, ["no GPU"], True],
        ["gru_2", BACKEND_LOOP, ["no GPU"], True],
        ["gru_3", GENERIC, ["reset_after is off"], True],
        ["lstm_4", GENERIC, ["recurrent_dropout > 0"], True],
        ["simple_rnn_5", GENERIC, ["SimpleRNN has no fused kernel"], True],
    ],
}
NO_GPU = {
    "jax": "--device gpu was asked for, but JAX sees no GPU on this machine",
    "torch": "--device gpu was asked for, but this PyTorch",
}


@pytest.mark.slow  # a fresh process importing jax or torch (13-20 s); test_multi runs both every day
@pytest.mark.parametrize("backend", [pytest.param(b, marks=needs(b)) for b in ("jax", "torch")])
def test_a_stack_on_another_backend(backend: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, backend],
        capture_output=True,
        text=True,
        timeout=180,
        env=clean_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.strip().splitlines()[-1])
    assert data["ok"], data["failed"]
    assert (data["backend"], data["device"]) == (backend, "CPU:0")
    if HAS_GPU:
        assert [p[:2] for p in data["paths"]] == [p[:2] for p in EXPECTED_CPU_PATHS[backend]]
    else:
        assert data["paths"] == EXPECTED_CPU_PATHS[backend]
        assert data["gpu"][0].startswith(NO_GPU[backend])
    assert data["seconds"] > 0 and data["calls"] >= 3


# --- on a GPU ------------------------------------------------------------------------------------------


@needs_gpu
@pytest.mark.parametrize("backend", [pytest.param(b, marks=needs(b)) for b in backends.BACKENDS])
def test_the_canonical_call_on_the_gpu(backend: str) -> None:
    done = subprocess.run(
        [*CANONICAL, "--return-state", "--device", "gpu", "--backend", backend, "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=clean_env(),
        check=False,
    )
    if done.returncode == 3:
        pytest.skip(f"{backend} sees no GPU: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["device"].startswith("GPU:")
    assert data["layers"][0]["kernel_path"]["path"] == CUDNN


def test_missing_gpu_message_for_tensorflow_is_unchanged() -> None:
    problem = no_gpu("tensorflow")
    assert isinstance(problem, EnvironmentProblem)
    assert problem.message == "--device gpu was asked for, but TensorFlow sees no GPU on this machine"
