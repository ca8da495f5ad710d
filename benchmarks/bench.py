"""Side-by-side benchmarks: every figure is a ratio of two commands measured in one run.

    python benchmarks/bench.py            # all benchmarks, 5 rounds each
    python benchmarks/bench.py canonical torch jax --rounds 9
    python benchmarks/bench.py startup --rounds 21   # --help, --version, an input error, side by side
    python benchmarks/bench.py --smoke    # every pair once, tiny: does each still run?

The two commands of a pair run alternately, round after round, so drift in the
machine's load hits both sides alike; the ratio is of the medians. Peak memory is
the child's maximum resident set size, read from wait4. Our side is the console script as
pip writes it (`lstm_shapes.serve.entry:main`), run with no warm server (`--no-server`
is not needed: the benchmark's own runtime folder is empty).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
# The console script exactly as pip writes it for `lstm-shapes` (python -m adds runpy's
# start-up); written here so an older installed script cannot be what is measured.
_FOLDER = Path(tempfile.mkdtemp(prefix="lstm-shapes-bench-"))
_SCRIPT = _FOLDER / "lstm-shapes"
_SCRIPT.write_text(
    f"#!{PY}\nimport sys\nfrom lstm_shapes.serve.entry import main\n"
    "if __name__ == '__main__':\n    sys.exit(main())\n"
)
_SCRIPT.chmod(0o755)
CLI = [str(_SCRIPT)]
CANONICAL = ["--batch", "32", "--window", "25", "--units", "20", "--return-sequences"]
# No warm server of the user's may answer: a private, empty runtime folder for every command.
os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="lstm-shapes-bench-run-")
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)
os.environ.pop("LSTM_SHAPES_SERVER", None)


@dataclass
class Sample:
    seconds: float
    peak_mib: float


def run_once(cmd: list[str], expected: int = 0) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if code != expected:
        raise SystemExit(f"{' '.join(cmd)} exited {code}:\n{stderr}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


def shown(cmd: list[str]) -> str:
    """The command as a user would type it."""
    if cmd[: len(CLI)] == CLI:
        rest = cmd[len(CLI) :]
        return " ".join(["lstm-shapes", *(Path(a).name if a.endswith(".toml") else a for a in rest)])
    return " ".join(Path(a).name if a.endswith(".py") else a for a in cmd[1:])


@dataclass
class Pair:
    name: str
    ours: list[str]
    base: list[str]
    goal: str
    meets: Callable[[float, float], bool]
    # The exit code our command must end with (an input error ends with 2).
    code: int = 0


def measure(pair: Pair, rounds: int, warm: bool = True) -> bool:
    if warm:
        run_once(pair.ours, pair.code), run_once(pair.base)  # warm the page cache for both
    ours: list[Sample] = []
    base: list[Sample] = []
    for _ in range(rounds):
        ours.append(run_once(pair.ours, pair.code))
        base.append(run_once(pair.base))
    t_ours = statistics.median(s.seconds for s in ours)
    t_base = statistics.median(s.seconds for s in base)
    m_ours = statistics.median(s.peak_mib for s in ours)
    m_base = statistics.median(s.peak_mib for s in base)
    time_ratio, mem_ratio = t_ours / t_base, m_ours / m_base
    ok = pair.meets(time_ratio, mem_ratio)
    print(f"{pair.name}: {pair.goal}")
    print(f"  ours     {t_ours:7.3f} s  {m_ours:8.1f} MiB   {shown(pair.ours)}")
    print(f"  baseline {t_base:7.3f} s  {m_base:8.1f} MiB   {shown(pair.base)}")
    print(f"  ratio    time {time_ratio:.3f}   memory {mem_ratio:.3f}   {'OK' if ok else 'MISSED'}")
    print(
        f"  rounds   ours {' '.join(f'{s.seconds:.2f}' for s in ours)}   base {' '.join(f'{s.seconds:.2f}' for s in base)}"
    )
    return ok


def spec_file(cases: int) -> str:
    """A spec file of seed-sized cases (32 x 25 x 1, LSTM(20)) cycling through the seed's scenarios."""
    variants = [
        ('head = "none"', "return_sequences = false\nreturn_state = false", 'output = "32,20"'),
        ('head = "none"', "return_sequences = true\nreturn_state = false", 'output = "32,25,20"'),
        ('head = "dense"', "return_sequences = false\nreturn_state = false", 'head = "32,10"'),
        ('head = "dense"', "return_sequences = true\nreturn_state = false", 'head = "32,25,10"'),
        ('head = "time-distributed"', "return_sequences = true\nreturn_state = false", 'head = "32,25,10"'),
        ('head = "none"', "return_sequences = true\nreturn_state = true", 'hidden = "32,20"'),
    ]
    parts = []
    for i in range(cases):
        head, layer, expect = variants[i % len(variants)]
        parts.append(
            f'[[case]]\nname = "case {i + 1}"\nseed = {i}\n{head}\nexpect = {{ {expect} }}\n'
            f"[[case.layers]]\nunits = 20\n{layer}\n"
        )
    return "\n".join(parts)


def write_spec_files() -> tuple[str, str]:
    folder = Path(tempfile.mkdtemp(prefix="lstm-shapes-bench-"))
    one, twenty = folder / "one.toml", folder / "twenty.toml"
    one.write_text(spec_file(1))
    twenty.write_text(spec_file(20))
    return str(one), str(twenty)


ONE, TWENTY = write_spec_files()

TYPER_RICH = [PY, "-c", "import typer, rich"]


def backend_pair(backend: str) -> Pair:
    return Pair(
        backend,
        [*CLI, *CANONICAL, "--backend", backend],
        [PY, str(HERE / f"seed_{backend}.py")],
        f"--backend {backend} against the seed's script written for {backend}: at most 0.90 in time",
        lambda t, m: t <= 0.90,
    )


PAIRS = {
    "canonical": Pair(
        "canonical",
        CLI + CANONICAL,
        [PY, str(HERE / "seed_canonical.py")],
        "the canonical call against the seed's own code: at most 0.85 in time, 1.05 in memory",
        lambda t, m: t <= 0.85 and m <= 1.05,
    ),
    "torch": backend_pair("torch"),
    "jax": backend_pair("jax"),
    "specfile": Pair(
        "specfile",
        [*CLI, "check", TWENTY],
        [*CLI, "check", ONE],
        "a spec file of 20 cases against a file of one case: at most 1.5 in time",
        lambda t, m: t <= 1.5,
    ),
    "norun": Pair(
        "norun",
        [*CLI, "check", "--no-run", TWENTY],
        [*CLI, "check", TWENTY],
        "--no-run on the 20-case file against its real run: at most 1/20 = 0.05 in time",
        lambda t, m: t <= 0.05,
    ),
    "norun-main": Pair(
        "norun-main",
        [*CLI, *CANONICAL, "--no-run"],
        CLI + CANONICAL,
        "the canonical call with --no-run against its real run: at most 1/20 = 0.05 in time",
        lambda t, m: t <= 0.05,
    ),
    "help": Pair(
        "help",
        [*CLI, "--help"],
        TYPER_RICH,
        "lstm-shapes --help against importing typer and rich: at most 1.3 in time",
        lambda t, m: t <= 1.3,
    ),
    "version": Pair(
        "version",
        [*CLI, "--version"],
        TYPER_RICH,
        "lstm-shapes --version (Keras and backend versions read from metadata) against importing typer "
        "and rich: at most 1.3 in time",
        lambda t, m: t <= 1.3,
    ),
    "input-error": Pair(
        "input-error",
        [*CLI, "--batch", "0"],
        TYPER_RICH,
        "an input error (--batch 0, exit 2) against importing typer and rich: at most 1.3 in time",
        lambda t, m: t <= 1.3,
        code=2,
    ),
}


# The start-up goal: each of these at most 1.3 times `python -c "import typer, rich"`.
STARTUP_GOAL = 1.3
STARTUP = [
    ("--help", [*CLI, "--help"], 0),
    ("--version", [*CLI, "--version"], 0),
    ("input error (--units 0)", [*CLI, "--units", "0"], 2),
]


def startup(rounds: int, warm: bool = True) -> bool:
    """The three quick answers and `import typer, rich`, all four in every round (the order
    reversed every other round), so a change in the machine's load hits each alike; each ratio
    is of the medians."""
    commands = [("import typer, rich", TYPER_RICH, 0), *STARTUP]
    if warm:
        for _, cmd, code in commands:
            run_once(cmd, code)
    times: dict[str, list[float]] = {name: [] for name, _, _ in commands}
    for i in range(rounds):
        for name, cmd, code in commands if i % 2 == 0 else commands[::-1]:
            times[name].append(run_once(cmd, code).seconds)
    base = statistics.median(times["import typer, rich"])
    print(
        f"startup: --help, --version and an input error against importing typer and rich, "
        f"interleaved: at most {STARTUP_GOAL} in time each"
    )
    print(f"  baseline                  {base:7.3f} s   python -c 'import typer, rich'")
    ok = True
    for name, cmd, _ in STARTUP:
        median = statistics.median(times[name])
        ratio = median / base
        ok &= ratio <= STARTUP_GOAL
        verdict = "OK" if ratio <= STARTUP_GOAL else "MISSED"
        print(f"  {name:<25} {median:7.3f} s   ratio {ratio:.3f}  {verdict}   {shown(cmd)}")
    print(f"  rounds   {' | '.join(f'{n} ' + ' '.join(f'{t:.3f}' for t in ts) for n, ts in times.items())}")
    return ok


# Stacks whose peak memory is measured against the memory guard's estimate.
MEMORY_STACKS = [
    CANONICAL,
    ["--batch", "512", "--window", "200", "--units", "256", "--return-sequences"],
    ["--batch", "2048", "--window", "200", "--units", "256", "--return-sequences", "--return-state"],
    ["--batch", "64", "--window", "50", "--units", "1024", "--units", "1024", "--return-sequences"],
    ["--batch", "4096", "--window", "400", "--features", "64", "--units", "64", "--head", "dense"],
]


def memory_calibration(stacks: list[list[str]] = MEMORY_STACKS) -> bool:
    """The memory guard's estimate against the measured peak: it must not underestimate."""
    from lstm_shapes.predict.memory import human

    print("memory: the guard's estimate against the measured peak (must be >= 1.0, ideally < 1.5)")
    ok = True
    for flags in stacks:
        predicted = subprocess.run([*CLI, *flags, "--no-run", "--json"], capture_output=True, check=True)
        guess = json.loads(predicted.stdout)["estimated_peak_bytes"]
        peak = run_once([*CLI, *flags, "--json"]).peak_mib * 1024 * 1024
        ratio = guess / peak
        ok &= ratio >= 1.0
        print(f"  estimate {human(guess):>10}  peak {human(peak):>10}  ratio {ratio:.2f}   {' '.join(flags)}")
    return ok


def byte_compile() -> None:
    """Compile the package as `pip install` does, so an editable checkout (or a machine
    with PYTHONDONTWRITEBYTECODE) is not timed compiling our source on every start."""
    import lstm_shapes

    compileall.compile_dir(str(Path(lstm_shapes.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "names",
        nargs="*",
        choices=[*PAIRS, "startup", "memory", []],
        help="benchmarks to run (default: all)",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="one round, no warm-up, the smallest memory stack; exit 0 whenever every command ran",
    )
    args = parser.parse_args()
    byte_compile()
    rounds = 1 if args.smoke else args.rounds
    load = os.getloadavg()[0]
    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} cores, load {load:.1f}, {rounds} rounds each\n"
    )
    names = args.names or [*PAIRS, "startup", "memory"]
    results = []
    for name in names:
        if name == "memory":
            results.append(memory_calibration(MEMORY_STACKS[:1] if args.smoke else MEMORY_STACKS))
        elif name == "startup":
            results.append(startup(rounds, warm=not args.smoke))
        else:
            results.append(measure(PAIRS[name], rounds, warm=not args.smoke))
    return 0 if args.smoke or all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
