"""Every script in benchmarks/ still runs, on tiny sizes: a broken benchmark fails the suite.

Each script is run as a user would run it, in a fresh process, with the arguments below
that make it quick; goals are not judged here (a loaded machine would make that a
lottery), only that every command a benchmark times still works. A new script must say
here how it runs small.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"

SMOKE: dict[str, list[str]] = {
    "bench.py": ["--smoke"],
    "phases.py": ["--tiny"],
    "server.py": ["--smoke", "--rounds", "1", "--calls", "2", "--memory", "0"],
    "overhead.py": ["--size", "tiny", "--rounds", "1"],
    "bare_forward.py": ["tensorflow", "cpu", "2", "3", "2", "2", "1"],
    "tolerance.py": ["--stacks", "1"],
    "inspect_model.py": ["1"],
    "inspect_family.py": ["1"],
    "data_read.py": ["200", "1"],
    "seed_canonical.py": [],
    "seed_torch.py": [],
    "seed_jax.py": [],
}


def scripts() -> list[str]:
    return sorted(path.name for path in BENCHMARKS.glob("*.py"))


def test_every_benchmark_says_how_it_runs_small() -> None:
    assert sorted(SMOKE) == scripts()


@pytest.mark.slow
@pytest.mark.parametrize("name", scripts())
def test_the_benchmark_runs(name: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LSTM_SHAPES_SERVER", "KERAS_BACKEND")}
    env["PYTHONPATH"] = str(ROOT)
    env["XDG_RUNTIME_DIR"] = str(tmp_path)  # no warm server of the developer's answers
    os.chmod(tmp_path, 0o700)
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *SMOKE.get(name, [])],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}"
