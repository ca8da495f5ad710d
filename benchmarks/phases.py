"""Where the time of one real run goes, phase by phase, in one process.

    python benchmarks/phases.py     # the canonical call, phase by phase

Phases: importing our CLI, building and validating the spec and the prediction,
importing Keras and TensorFlow, building the layers and calling them on the batch,
and rendering the table. Only the first two and the last are ours to cut.
"""

from __future__ import annotations

import io
import itertools
import time

CANONICAL = ["--batch", "32", "--window", "25", "--units", "20", "--return-sequences"]


def main() -> None:
    marks = [("start", time.perf_counter())]

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    from lstm_shapes import cli

    mark("import lstm_shapes.cli (typer, our modules)")
    from typer.testing import CliRunner

    spec_json = CliRunner().invoke(cli.app, [*CANONICAL, "--no-run", "--json"])
    assert spec_json.exit_code == 0, spec_json.output
    mark("parse flags, validate, predict (--no-run --json)")
    from lstm_shapes.observe.framework import import_keras

    import_keras()
    mark("import Keras and TensorFlow")
    from lstm_shapes.model.spec import LayerSpec, StackSpec
    from lstm_shapes.report.pipeline import inspect_stack

    canonical = StackSpec(layers=(LayerSpec(20, return_sequences=True),))
    report = inspect_stack(canonical)
    mark("build the layers, run the batch, check")
    from rich.console import Console

    from lstm_shapes.locales import words
    from lstm_shapes.render.table import print_table

    print_table(report, Console(file=io.StringIO(), width=100), words("en"))
    mark("render the table")
    total = marks[-1][1] - marks[0][1]
    for (_, before), (name, after) in itertools.pairwise(marks):
        took = after - before
        print(f"{took:7.3f} s  {100 * took / total:5.1f} %  {name}")
    print(f"{total:7.3f} s  total")


if __name__ == "__main__":
    main()
