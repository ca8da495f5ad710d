"""--data on a 1,000,000-row, 8-column CSV: reading time and peak memory against pandas.read_csv.

Each measurement runs in its own interpreter (peak RSS is per process), side by side in one run:
  1. pandas.read_csv(file) alone (the baseline);
  2. lstm_shapes.sources.data.load(file) (what --data does to read it);
  3. `lstm-shapes --no-run --data file` end to end (no framework import).
Prints seconds, peak RSS and the ratios to the baseline. Usage: python benchmarks/data_read.py [ROWS]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import json, resource, sys, time
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak": peak}}))
"""

BASE = "import numpy, pandas\n"  # both sides pay for importing pandas before the clock starts


def measure(body: str, setup: str = BASE) -> dict[str, float]:
    code = setup + MEASURE.format(body=body)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        rng = np.random.default_rng(0)
        values = rng.normal(size=(rows, 8)).astype("float32")
        header = ",".join(f"c{i}" for i in range(8))
        np.savetxt(path, values, delimiter=",", header=header, comments="", fmt="%.6g")
        size = path.stat().st_size
        data_bytes = rows * 8 * 4
        print(
            f"{rows:,} rows × 8 columns, {size / 2**20:.1f} MiB on disk, {data_bytes / 2**20:.1f} MiB as float32"
        )
        baseline = measure(f"import pandas; pandas.read_csv({str(path)!r})")
        ours = measure(
            f"from lstm_shapes.sources.data import DataOptions, load\nload({str(path)!r}, DataOptions())",
            setup=BASE + "import lstm_shapes.sources.data\n",
        )
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "lstm_shapes", "--data", str(path), "--no-run", "--json"],
            capture_output=True,
            cwd=ROOT,
            check=True,
        )
        no_run = time.perf_counter() - start
        empty = measure("pass")
    print(f"{'':28}{'seconds':>10}{'peak MiB':>10}{'× time':>9}{'× peak':>9}")
    for name, m in (("pandas.read_csv", baseline), ("lstm_shapes load", ours)):
        print(
            f"{name:28}{m['seconds']:10.2f}{m['peak'] / 2**20:10.0f}"
            f"{m['seconds'] / baseline['seconds']:9.2f}{m['peak'] / baseline['peak']:9.2f}"
        )
    extra = (ours["peak"] - empty["peak"]) / data_bytes
    print(f"load's memory above a bare interpreter: {extra:.1f}× the data's float32 size")
    print(
        f"lstm-shapes --no-run --data, whole process: {no_run:.2f} s ({no_run / baseline['seconds']:.2f}× read_csv alone)"
    )


if __name__ == "__main__":
    main()
