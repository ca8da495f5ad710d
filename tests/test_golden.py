"""The rendered table: golden files for the canonical call, and invariants over any table.

Regenerate the golden files after an intended change of the layout with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import Invoke, stack_specs
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from lstm_shapes.locales import words
from lstm_shapes.render.table import print_table
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.spec.stack import StackSpec

GOLDEN = Path(__file__).parent / "golden"
CANONICAL = ("--batch", "32", "--window", "25", "--units", "20", "--return-sequences")
VERSIONS = re.compile(r"^Keras \S+ · tensorflow \S+ · ")
# The layout is the same wherever it ran; a machine with a GPU computes there by default.
GPU = re.compile(r"computed on GPU:\d+$")
# Which kernel ran depends on the machine (cuDNN on a GPU, a loop on a CPU): the golden keeps the
# layout of the line, not the verdict; tests/test_backends.py checks the verdicts.
KERNEL_PATH = re.compile(r"^(lstm_\d+ kernel path: ).*$")


def normalize(text: str) -> str:
    """Library versions out of the header, trailing padding off every line."""
    # The kernel path's words depend on the machine, and at 60 columns so does where they wrap.
    text = re.sub(r"(?ms)^(lstm_\d+ kernel path: ).*?(?=\n\n)", r"\1<the path on this machine>", text)
    lines = [line.rstrip() for line in text.splitlines()]
    assert VERSIONS.match(lines[0]), lines[0]
    lines[0] = GPU.sub("computed on CPU:0", VERSIONS.sub("Keras X.Y.Z · tensorflow X.Y.Z · ", lines[0]))
    lines = [KERNEL_PATH.sub(r"\1<the path on this machine>", line) for line in lines]
    return "\n".join(lines).rstrip("\n") + "\n"


@pytest.mark.parametrize("width", [120, 80, 60])
def test_canonical_table(invoke: Invoke, width: int) -> None:
    result = invoke(*CANONICAL, env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    got = normalize(result.stdout)
    path = GOLDEN / f"canonical-{width}.out"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_normalize_hides_only_the_versions() -> None:
    text = "Keras 3.15.1 · tensorflow 2.21.0 · computed on CPU:0  \nrow 1,760   \n"
    assert normalize(text) == "Keras X.Y.Z · tensorflow X.Y.Z · computed on CPU:0\nrow 1,760\n"
    gpu = "Keras 3.16.0rc1 · tensorflow 2.22.0 · computed on GPU:0\n"
    assert normalize(gpu) == "Keras X.Y.Z · tensorflow X.Y.Z · computed on CPU:0\n"


# --- invariants over the rendered table -------------------------------------------------------


def params_column(text: str) -> tuple[list[int], int]:
    """The numbers in the Params column, top to bottom, and the Total footer's number.

    Params is right-aligned, so each number ends exactly where the header "Params" ends.
    """
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if re.search(r"\bParams\b", line))
    end = lines[head].index("Params") + len("Params")
    footer = next(i for i, line in enumerate(lines) if line.strip().startswith("Total"))
    number = re.compile(r"(?<=\s)(\d[\d,]*)$")
    cells = []
    for line in lines[head + 2 : footer]:
        match = number.search(line[:end])
        if match:
            cells.append(int(match.group(1).replace(",", "")))
    total = number.search(lines[footer][:end])
    assert total is not None, lines[footer]
    return cells, int(total.group(1).replace(",", ""))


def render(spec: StackSpec, width: int, *, run: bool) -> str:
    console = Console(width=width, no_color=True, force_terminal=False, highlight=False, record=True)
    with console.capture() as captured:
        print_table(inspect_stack(spec, run=run), console, words("en"))
    return captured.get()


@given(stack_specs(), st.sampled_from([80, 120, 160]))
def test_params_add_up_to_the_total(spec: StackSpec, width: int) -> None:
    text = render(spec, width, run=False)
    cells, total = params_column(text)
    report = inspect_stack(spec, run=False)
    assert cells == [info.params for info in report.predicted.layers]
    assert sum(cells) == total
    assert total == report.predicted.total_params


def test_params_add_up_in_an_observed_run(invoke: Invoke) -> None:
    args = ("--batch", "2", "--window", "3", "--features", "2", "--units", "4", "--units", "3")
    flags = (*args, "--return-sequences", "--return-state", "--head", "time-distributed", "--head-units", "5")
    for width in ("80", "120"):
        result = invoke(*flags, env={"COLUMNS": width})
        assert result.exit_code == 0, result.output
        cells, total = params_column(result.stdout)
        # 4*(4*(2+4)+4), 4*(3*(4+3)+3), 3*5+5
        assert cells == [112, 96, 20]
        assert total == 228


def test_narrow_console_moves_the_notes_under_the_table() -> None:
    from lstm_shapes.spec.stack import LayerSpec

    spec = StackSpec(batch=2, window=3, layers=(LayerSpec(units=2, return_sequences=True),))
    wide, narrow = render(spec, 120, run=False), render(spec, 80, run=False)
    note = "return_sequences=True: 2 units at each of the 3 steps"
    assert re.search(r"\bWhy\b", wide)
    assert not re.search(r"\bWhy\b", narrow)
    assert f"lstm_1.output: {note}" in narrow
    assert f"lstm_1.output: {note}" not in wide
    assert note in " ".join(wide.split())  # in the Why column, maybe wrapped
    assert "Shapes are predicted, not observed" in narrow
