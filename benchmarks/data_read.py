"""--data on a 1,000,000-row, 8-column CSV: time and peak memory, side by side in one run.

Every measurement is its own interpreter (peak memory is per process), repeated (times: the
fastest run; memory: the median), the contenders interleaved so that a busy machine slows them alike:

  1. reading: `pandas.read_csv(file)` against `lstm_shapes.sources.data.load(file)`
     (pandas imported before the clock starts): time and peak memory, goal <= 1.5x each;
  2. `lstm-shapes --no-run --data file` against the same command without --data: what
     --data adds, against what reading the file costs a fresh interpreter (importing pandas
     and pandas.read_csv), goal <= 1.10x; and no framework imported;
  3. a full run (Keras) with --data against the same stack without it: the peak memory
     --data adds, in multiples of the data's float32 size, goal <= 3x (the windows,
     rows x window x features x 4 bytes, are never built).

Usage: python benchmarks/data_read.py [ROWS] [REPEATS]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ("keras", "tensorflow", "jax", "torch")

# Run at the end of every measured process: its peak memory and the frameworks it imported.
REPORT = f"""
import atexit, json, os, sys
def _report():
    peak = next(int(l.split()[1]) * 1024 for l in open('/proc/self/status') if l.startswith('VmHWM'))
    used = sorted({{m.split('.')[0] for m in sys.modules}} & set({FRAMEWORKS!r}))
    with open(os.environ['BENCH_REPORT'], 'w') as f:
        json.dump({{'peak': peak, 'frameworks': used}}, f)
atexit.register(_report)
"""

CLI = (
    REPORT
    + "import sys\nsys.argv = ['lstm-shapes', *sys.argv[1:]]\nfrom lstm_shapes.cli.app import main\nmain()\n"
)

READ = """
import time, numpy, pandas
{setup}
start = time.perf_counter()
{body}
print(time.perf_counter() - start)
"""


def process(code: str, *args: str, timed: bool = False) -> dict[str, float | list[str]]:
    """Run `code` in a fresh interpreter: wall seconds (and, if `timed`, the seconds it printed),
    peak memory and the frameworks it imported."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        env = {**os.environ, "BENCH_REPORT": report.name, "PYTHONPATH": str(ROOT)}
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env
        )
        wall = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"benchmark process failed ({done.returncode}):\n{done.stderr[-2000:]}")
        found = json.loads(Path(report.name).read_text())
    lines = done.stdout.strip().splitlines()
    inner = float(lines[-1]) if timed else wall
    return {"wall": wall, "seconds": inner, "peak": found["peak"], "frameworks": found["frameworks"]}


def typical(runs: list[dict[str, float | list[str]]], key: str) -> float:
    """Times: the fastest run (a busy machine only ever adds time); memory: the median."""
    values = [float(r[key]) for r in runs]  # type: ignore[arg-type]
    return min(values) if key in ("wall", "seconds") else statistics.median(values)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        rng = np.random.default_rng(0)
        values = rng.normal(size=(rows, 8)).astype("float32")
        header = ",".join(f"c{i}" for i in range(8))
        np.savetxt(path, values, delimiter=",", header=header, comments="", fmt="%.6g")
        data_bytes = rows * 8 * 4
        print(
            f"{rows:,} rows × 8 columns: {path.stat().st_size / 2**20:.1f} MiB on disk, "
            f"{data_bytes / 2**20:.1f} MiB as float32; the fastest of {repeats} runs each\n"
        )
        file = str(path)
        pandas_read = REPORT + READ.format(setup="", body=f"pandas.read_csv({file!r})")
        ours_read = REPORT + READ.format(
            setup="from lstm_shapes.sources.data import DataOptions, load",
            body=f"load({file!r}, DataOptions())",
        )
        fresh_read = REPORT + f"import numpy, pandas\npandas.read_csv({file!r})\nprint(0)\n"
        fresh_none = REPORT + "import numpy\nprint(0)\n"  # the plain command imports numpy too
        runs: dict[str, list[dict[str, float | list[str]]]] = {}
        for _ in range(repeats):
            for name, code, args in (
                ("pandas.read_csv", pandas_read, ()),
                ("lstm_shapes load", ours_read, ()),
                ("fresh: import pandas, read_csv", fresh_read, ()),
                ("fresh: import numpy", fresh_none, ()),
                ("lstm-shapes --no-run --data", CLI, ("--no-run", "--data", file)),
                ("lstm-shapes --no-run", CLI, ("--no-run", "--features", "8")),
            ):
                runs.setdefault(name, []).append(process(code, *args, timed=code is not CLI))
        full_plain = process(CLI, "--features", "8")
        full_data = process(CLI, "--data", file)

    base, ours = runs["pandas.read_csv"], runs["lstm_shapes load"]
    print("1. Reading the file (pandas imported before the clock)")
    print(f"   {'':22}{'seconds':>9}{'peak MiB':>10}{'× time':>8}{'× peak':>8}")
    for name, m in (("pandas.read_csv", base), ("lstm_shapes load", ours)):
        print(
            f"   {name:22}{typical(m, 'seconds'):9.2f}{typical(m, 'peak') / 2**20:10.0f}"
            f"{typical(m, 'seconds') / typical(base, 'seconds'):8.2f}{typical(m, 'peak') / typical(base, 'peak'):8.2f}"
        )
    print("   goal: at most 1.50× in time and in peak memory\n")

    reading = typical(runs["fresh: import pandas, read_csv"], "wall") - typical(
        runs["fresh: import numpy"], "wall"
    )
    with_data = typical(runs["lstm-shapes --no-run --data"], "wall")
    without = typical(runs["lstm-shapes --no-run"], "wall")
    imported = sorted({f for r in runs["lstm-shapes --no-run --data"] for f in r["frameworks"]})  # type: ignore[union-attr]
    print("2. lstm-shapes --no-run --data FILE, whole processes")
    print(
        f"   with --data {with_data:.2f} s, without {without:.2f} s: --data adds {with_data - without:.2f} s"
    )
    print(f"   reading the file in a fresh interpreter (import pandas + read_csv): {reading:.2f} s")
    print(f"   --data's cost / the reading's: {(with_data - without) / reading:.2f}× (goal: at most 1.10×)")
    print(f"   frameworks imported: {', '.join(imported) or 'none'} (goal: none)\n")

    extra = int(full_data["peak"]) - int(full_plain["peak"])  # type: ignore[call-overload]
    print("3. A full run (Keras), peak memory")
    print(
        f"   with --data {int(full_data['peak']) / 2**20:.0f} MiB, without {int(full_plain['peak']) / 2**20:.0f} MiB: "  # type: ignore[call-overload]
        f"--data adds {extra / 2**20:.0f} MiB = {extra / data_bytes:.2f}× the data's float32 size (goal: at most 3×)"
    )
    print(f"   (the windows would be {rows * 25 * 8 * 4 / 2**20:,.0f} MiB; they are never built)")


if __name__ == "__main__":
    main()
