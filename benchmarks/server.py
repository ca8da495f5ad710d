"""The warm server against --no-server, side by side in one run, and its memory over many requests.

    python benchmarks/server.py              # all three ratios, 3 rounds each, and memory
    python benchmarks/server.py --rounds 5 --memory 500

Starts its own server in a temporary XDG_RUNTIME_DIR and stops it at the end. Goals (the
issue's): the canonical call at least 10x faster warm, twenty different invocations in a
shell loop at least 8x, `check` on a 20-case spec file at least 3x; memory after N varied
requests at most 1.3x what it was after the first 10.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import CANONICAL, CLI, ONE, TWENTY  # noqa: E402

ENV = {**os.environ, "XDG_RUNTIME_DIR": tempfile.mkdtemp(prefix="lstm-shapes-bench-run-"), "NO_COLOR": "1"}
TWENTY_CALLS = [
    f"--units {1 + i % 6} --window {2 + i % 5} --batch {1 + i % 3}"
    + (" --return-sequences" if i % 2 else "")
    + (" --cell gru" if i % 3 == 0 else "")
    + (" --head dense" if i % 4 == 1 else "")
    for i in range(20)
]


def wall(command: list[str] | str) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=ENV, shell=isinstance(command, str), check=True, capture_output=True)
    return time.perf_counter() - start


def loop(flag: str, calls: int = len(TWENTY_CALLS)) -> str:
    cli = " ".join(CLI)
    return "; ".join(f"{cli} {call} {flag}" for call in TWENTY_CALLS[:calls])


def compare(name: str, warm: list[str] | str, cold: list[str] | str, goal: float, rounds: int) -> bool:
    served, local = [], []
    for _ in range(rounds):
        served.append(wall(warm))
        local.append(wall(cold))
    ratio = statistics.median(local) / statistics.median(served)
    ok = ratio >= goal
    print(
        f"{name:<34} warm {statistics.median(served):7.3f} s   --no-server {statistics.median(local):7.3f} s"
        f"   {ratio:5.1f}x  (goal >= {goal:g}x) {'ok' if ok else 'MISSED'}"
    )
    return ok


def memory(requests: int) -> bool:
    def total() -> float:
        done = subprocess.run([*CLI, "server", "status", "--json"], env=ENV, capture_output=True, check=True)
        return float(json.loads(done.stdout)["memory_mib"])

    calls = [call.split() for call in TWENTY_CALLS]
    for i in range(requests):
        extra = ["--seed", str(i)] + (["--bidirectional"] if i % 5 == 0 else [])
        subprocess.run([*CLI, *calls[i % len(calls)], *extra], env=ENV, capture_output=True, check=True)
        if i + 1 == 10:
            after_ten = total()
    after_all = total()
    ratio = after_all / after_ten
    ok = ratio <= 1.3
    print(
        f"memory after 10 requests {after_ten:.0f} MiB, after {requests}: {after_all:.0f} MiB"
        f"   {ratio:.2f}x  (goal <= 1.3x) {'ok' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", type=int, default=500, metavar="REQUESTS")
    parser.add_argument("--calls", type=int, default=len(TWENTY_CALLS), help="invocations in the shell loop")
    parser.add_argument("--smoke", action="store_true", help="exit 0 whenever every command ran")
    args = parser.parse_args()
    subprocess.run([*CLI, "server", "start"], env=ENV, check=True)
    try:
        wall([*CLI, *CANONICAL])  # the page cache, for both sides
        results = [
            compare("canonical call", [*CLI, *CANONICAL], [*CLI, *CANONICAL, "--no-server"], 10, args.rounds),
            compare(
                f"{args.calls} invocations in a shell loop",
                loop("", args.calls),
                loop("--no-server", args.calls),
                8,
                max(1, args.rounds // 3),
            ),
            compare(
                "check, 1 case" if args.smoke else "check, 20 cases",
                [*CLI, "check", ONE if args.smoke else TWENTY],
                [*CLI, "check", ONE if args.smoke else TWENTY, "--no-server"],
                3,
                args.rounds,
            ),
            memory(args.memory) if args.memory else True,
        ]
    finally:
        subprocess.run([*CLI, "server", "stop"], env=ENV, check=False)
    return 0 if args.smoke or all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
