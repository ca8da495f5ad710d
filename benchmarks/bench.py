"""Side-by-side benchmarks: every figure is a ratio of two commands measured in one run.

    python benchmarks/bench.py            # all benchmarks, 5 rounds each
    python benchmarks/bench.py canonical --rounds 9

The two commands of a pair run alternately, round after round, so drift in the
machine's load hits both sides alike; the ratio is of the medians. Peak memory is
the child's maximum resident set size, read from wait4.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
CLI = [PY, "-m", "lstm_shapes"]
CANONICAL = ["--batch", "32", "--window", "25", "--units", "20", "--return-sequences"]


@dataclass
class Sample:
    seconds: float
    peak_mib: float


def run_once(cmd: list[str]) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{stderr}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


@dataclass
class Pair:
    name: str
    ours: list[str]
    base: list[str]
    goal: str
    meets: Callable[[float, float], bool]


def measure(pair: Pair, rounds: int) -> bool:
    run_once(pair.ours), run_once(pair.base)  # warm the page cache for both
    ours: list[Sample] = []
    base: list[Sample] = []
    for _ in range(rounds):
        ours.append(run_once(pair.ours))
        base.append(run_once(pair.base))
    t_ours = statistics.median(s.seconds for s in ours)
    t_base = statistics.median(s.seconds for s in base)
    m_ours = statistics.median(s.peak_mib for s in ours)
    m_base = statistics.median(s.peak_mib for s in base)
    time_ratio, mem_ratio = t_ours / t_base, m_ours / m_base
    ok = pair.meets(time_ratio, mem_ratio)
    print(f"{pair.name}: {pair.goal}")
    print(f"  ours     {t_ours:7.3f} s  {m_ours:8.1f} MiB   {' '.join(pair.ours[2:])}")
    print(f"  baseline {t_base:7.3f} s  {m_base:8.1f} MiB   {' '.join(pair.base[1:])}")
    print(f"  ratio    time {time_ratio:.3f}   memory {mem_ratio:.3f}   {'OK' if ok else 'MISSED'}")
    return ok


PAIRS = {
    "canonical": Pair(
        "canonical",
        CLI + CANONICAL,
        [PY, str(HERE / "seed_canonical.py")],
        "the canonical call against the seed's own code: at most 1.10 in time and memory",
        lambda t, m: t <= 1.10 and m <= 1.10,
    ),
    "help": Pair(
        "help",
        [*CLI, "--help"],
        [PY, "-c", "import typer, rich"],
        "lstm-shapes --help against importing typer and rich: at most 1.5 in time",
        lambda t, m: t <= 1.5,
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", choices=[*PAIRS, []], help="benchmarks to run (default: all)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores, {args.rounds} rounds each\n")
    results = [measure(PAIRS[name], args.rounds) for name in (args.names or PAIRS)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
