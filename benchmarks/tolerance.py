"""How far apart the backends' numbers are, to set the cross-backend tolerance on.

    python benchmarks/tolerance.py              # every installed backend, on the CPU
    python benchmarks/tolerance.py --device gpu

Runs a spread of stacks with `lstm-shapes --backend all --json` and prints, for each
stack and each backend against the first, the largest absolute difference of any
tensor, and that difference divided by max(1, largest |value|) of the tensor: the
number `lstm_shapes.report.multi` holds to its tolerance (1e-5; 1e-4 where cuDNN ran).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CLI = [sys.executable, "-m", "lstm_shapes"]
STACKS = [
    "--batch 32 --window 25 --units 20 --return-sequences --return-state",
    "--batch 16 --window 100 --features 8 --units 64 --units 32 --return-sequences --return-state --head dense",
    "--batch 16 --window 50 --features 4 --cell gru --units 32 --return-sequences --return-state",
    "--batch 16 --window 50 --features 4 --cell gru --no-reset-after --units 32 --return-sequences",
    "--batch 16 --window 50 --features 4 --cell simple-rnn --units 32 --return-sequences --return-state",
    "--batch 8 --window 40 --features 3 --bidirectional --units 16 --return-sequences --return-state",
    "--batch 8 --window 40 --features 3 --activation relu --units 16 --return-sequences --return-state",
    "--batch 8 --window 30 --conv-filters 8 --units 16 --go-backwards --return-state --head dense",
    "--batch 64 --window 200 --features 32 --units 128 --return-sequences --return-state",
]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu", choices=["cpu", "gpu", "auto"])
    parser.add_argument("--stacks", type=int, default=len(STACKS), help="only the first N stacks")
    args = parser.parse_args()
    worst_ratio = 0.0
    broken = 0
    for flags in STACKS[: args.stacks]:
        done = subprocess.run(
            [*CLI, *flags.split(), "--device", args.device, "--backend", "all", "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1):
            print(f"{flags}: exit {done.returncode}: {done.stderr.strip()}")
            broken += 1
            continue
        data = json.loads(done.stdout)
        first = data["reference"]
        parts = []
        for backend in data["backends"][1:]:
            diff = max(t["max_abs_diff"][backend] for t in data["tensors"])
            paths = {
                (layer.get("kernel_path") or {}).get("path")
                for run in data["runs"]
                if run["backend"] == backend
                for layer in run["layers"]
            } - {None}
            parts.append(f"{backend} vs {first}: {diff:.2e} ({', '.join(sorted(paths))})")
        failed = [c["name"] for c in data["checks"] if not c["passed"]]
        print(f"{flags}\n    " + "; ".join(parts) + (f"\n    FAILED: {failed}" if failed else ""))
        for check in data["checks"]:
            if check["name"].endswith(f"agrees with {first}"):
                text = check["detail"]
                if text.startswith("largest difference"):
                    worst_ratio = max(worst_ratio, float(text.split()[2]))
    print(f"\nlargest difference over all stacks: {worst_ratio:.2e}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
