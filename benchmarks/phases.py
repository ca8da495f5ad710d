"""Where the time of one real run goes, phase by phase: cold in one process, then served.

    python benchmarks/phases.py           # the canonical call, cold and served
    python benchmarks/phases.py --tiny    # a one-unit stack (the suite's smoke run)

Cold phases: importing our CLI, building and validating the spec and the prediction,
importing Keras and the framework, building the layers and calling them on the batch,
rendering the table. Only the first two and the last are ours to cut.

Served phases, from the client's side, against a server this script starts in a private
runtime folder (and stops): importing the light client, finding the server, connecting,
the worker's run until the result arrives, writing it out.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import subprocess
import sys
import tempfile
import time

CANONICAL = ["--batch", "32", "--window", "25", "--units", "20", "--return-sequences"]
TINY = ["--batch", "1", "--window", "2", "--units", "1", "--device", "cpu"]


def show(title: str, marks: list[tuple[str, float]]) -> None:
    print(title)
    total = marks[-1][1] - marks[0][1]
    for (_, before), (name, after) in itertools.pairwise(marks):
        took = after - before
        print(f"{took:7.3f} s  {100 * took / total:5.1f} %  {name}")
    print(f"{total:7.3f} s  total\n")


def cold(argv: list[str]) -> None:
    marks = [("start", time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    from lstm_shapes.cli.app import app

    mark("import lstm_shapes.cli.app (typer, our modules)")
    from typer.testing import CliRunner

    spec_json = CliRunner().invoke(app, [*argv, "--no-run", "--json"])
    assert spec_json.exit_code == 0, spec_json.output
    mark("parse flags, validate, predict (--no-run --json)")
    from lstm_shapes.observe.framework import import_keras

    import_keras()
    mark("import Keras and TensorFlow")
    from lstm_shapes.report.pipeline import inspect_stack
    from lstm_shapes.spec.stack import LayerSpec, StackSpec

    units = int(argv[argv.index("--units") + 1])
    batch, window = int(argv[argv.index("--batch") + 1]), int(argv[argv.index("--window") + 1])
    stack = StackSpec(batch=batch, window=window, layers=(LayerSpec(units, return_sequences=True),))
    report = inspect_stack(stack)
    mark("build the layers, run the batch, check")
    from rich.console import Console

    from lstm_shapes.locales import words
    from lstm_shapes.render.table import print_table

    print_table(report, Console(file=io.StringIO(), width=100), words("en"))
    mark("render the table")
    show("cold, in this process:", marks)


def served(argv: list[str]) -> None:
    """The served phases, timed in a fresh client process against a warm server."""
    folder = tempfile.mkdtemp(prefix="lstm-shapes-phases-run-")
    os.chmod(folder, 0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": folder, "NO_COLOR": "1"}
    env.pop("LSTM_SHAPES_SERVER", None)
    cli = [sys.executable, "-m", "lstm_shapes"]
    subprocess.run([*cli, "server", "start", "--idle", "5"], env=env, check=True, capture_output=True)
    try:
        subprocess.run([*cli, *argv], env=env, check=True, capture_output=True)  # the worker's lazy imports
        probe = f"""
import io, sys, time
start = time.perf_counter()
marks = []
def mark(name):
    marks.append((name, time.perf_counter()))
from lstm_shapes.serve import client, framing, place, protocol
mark("import the light client (and its wire)")
folder = place.runtime_dir()
assert place.private(place.socket_path(folder), __import__("stat").S_ISSOCK) == "ok"
mark("find this environment's server")
sock = place.connect(place.socket_path(folder))
mark("connect")
framing.send_line(sock, protocol.build_request({argv!r}))
reply = None
for message in framing.lines(sock):
    if "result" in message:
        reply = message["result"]
        break
mark("the worker runs it, the result arrives")
import base64
out = base64.b64decode(reply["stdout"])
assert reply["code"] == 0 and out, reply
mark("decode and write the output")
print(repr([("start", start), *marks]))
"""
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
        )
        marks = eval(done.stdout.strip().splitlines()[-1])
        show("served, from a fresh client process (after the interpreter's start):", marks)
    finally:
        subprocess.run([*cli, "server", "stop"], env=env, check=False, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tiny", action="store_true", help="a one-unit stack instead of the canonical call")
    parser.add_argument("--cold-only", action="store_true", help="skip the served run (no server started)")
    args = parser.parse_args()
    argv = TINY if args.tiny else CANONICAL
    cold(argv)
    if not args.cold_only:
        served(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
