"""lstm-shapes' own overhead on a large stack's forward pass, against Keras alone.

    python benchmarks/overhead.py                         # tensorflow on the CPU, scaled down
    python benchmarks/overhead.py --backend torch --device gpu --size full
    python benchmarks/overhead.py --backend all --rounds 3

The large stack is one LSTM of 512 units over batch 1024, window 500, 32 features,
returning sequences and states. On a GPU that is a fraction of a second per pass; on
this project's 2-core CPU one pass takes tens of seconds, so `--size auto` (the
default) runs it in full on a GPU and at batch 128 on the CPU (`--size full` forces the
full stack anywhere).

Each round runs, one after the other in fresh processes:
  ours      lstm-shapes ... --backend B --device D --time --json
  baseline  benchmarks/bare_forward.py: Keras alone builds the same LSTM, calls it once
            to warm up, then times as many calls as lstm-shapes did.
and compares the medians of the forward pass (both wait for the device after each
call), and the whole command's wall time (ours also predicts, checks every tensor and
renders; both import the framework once). The goal: the forward pass through
lstm-shapes costs at most 1.20 times the bare one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
GOAL = 1.20
FULL = {"batch": 1024, "window": 500, "features": 32, "units": 512}
CPU_BATCH = 128
# The suite's smoke run: does the script still work end to end?
TINY = {"batch": 2, "window": 3, "features": 2, "units": 2}


def installed(backend: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(backend) is not None


def run(cmd: list[str]) -> tuple[dict[str, object], float]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    text = done.stdout.strip()
    # lstm-shapes prints one indented document; bare_forward.py one line after anything Keras said.
    data: dict[str, object] = json.loads(text if text.startswith("{\n") else text.splitlines()[-1])
    return data, wall


def measure(backend: str, device: str, size: dict[str, int], rounds: int) -> bool:
    flags = [
        "--batch", str(size["batch"]), "--window", str(size["window"]),
        "--features", str(size["features"]), "--units", str(size["units"]),
        "--return-sequences", "--return-state", "--max-memory", "100GiB",
    ]  # fmt: skip
    ours_cmd = [PY, "-m", "lstm_shapes", *flags, "--backend", backend, "--device", device, "--time", "--json"]
    ours_fwd, base_fwd, ours_wall, base_wall = [], [], [], []
    calls = 0
    for _ in range(rounds):
        data, wall = run(ours_cmd)
        calls = int(data["forward_calls"])  # type: ignore[call-overload]
        ours_fwd.append(float(data["forward_seconds"]))  # type: ignore[arg-type]
        ours_wall.append(wall)
        device_seen = data["device"]
        sizes = [str(size[k]) for k in ("batch", "window", "features", "units")]
        bare, wall = run([PY, str(HERE / "bare_forward.py"), backend, device, *sizes, str(calls)])
        base_fwd.append(float(bare["forward_seconds"]))  # type: ignore[arg-type]
        base_wall.append(wall)
    fwd = statistics.median(ours_fwd) / statistics.median(base_fwd)
    whole = statistics.median(ours_wall) / statistics.median(base_wall)
    ok = fwd <= GOAL
    shape = "x".join(str(size[k]) for k in ("batch", "window", "features", "units"))
    print(
        f"{backend} on {device_seen}, stack {shape} (batch x window x features x units), {calls} timed calls, {rounds} round(s)"
    )
    print(
        f"  forward   ours {statistics.median(ours_fwd):8.3f} s   bare Keras {statistics.median(base_fwd):8.3f} s   ratio {fwd:.3f}  {'OK' if ok else 'MISSED'} (goal <= {GOAL})"
    )
    print(
        f"  command   ours {statistics.median(ours_wall):8.3f} s   bare Keras {statistics.median(base_wall):8.3f} s   ratio {whole:.3f}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--backend", default="tensorflow", help="tensorflow, jax, torch or all (installed ones)"
    )
    parser.add_argument("--device", default="cpu", choices=["cpu", "gpu"])
    parser.add_argument("--size", default="auto", choices=["auto", "full", "cpu", "tiny"])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    names = (
        [b for b in ("tensorflow", "jax", "torch") if installed(b)]
        if args.backend == "all"
        else [args.backend]
    )
    size = dict(TINY if args.size == "tiny" else FULL)
    if args.size == "cpu" or (args.size == "auto" and args.device == "cpu"):
        size["batch"] = CPU_BATCH
    results = [measure(name, args.device, size, args.rounds) for name in names]
    # Tiny sizes only show that every command still runs (tests/test_benchmarks.py): a forward
    # pass of a few microseconds is all overhead, so its goal is not judged there.
    return 0 if args.size == "tiny" or all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
