"""The stack unrolled over time (--diagram): invariants over random stacks, goldens, SVG and HTML.

Regenerate the goldens after an intended change of the picture with

    UPDATE_GOLDEN=1 python -m pytest tests/test_diagram.py

and review the diff of tests/golden/diagram-*.out before committing it.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import Invoke, family_stacks, stack_specs
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from lstm_shapes.locales import words
from lstm_shapes.render.diagram import LEAVES, STAYS, columns, diagram, layout
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.spec.shapes import fmt_shape
from lstm_shapes.spec.stack import HeadKind, HeadSpec, LayerSpec, StackSpec

GOLDEN = Path(__file__).parent / "golden"
CANONICAL = ("--batch", "32", "--window", "25", "--units", "20", "--return-sequences")
# The seed tutorial's scenarios (docs/tutorial.md, also in the README) and a mixed stack.
SCENARIOS = {
    "1-1": ("--units", "20"),
    "1-2": CANONICAL,
    "2-1": ("--units", "20", "--head", "dense"),
    "2-2": ("--units", "20", "--return-sequences", "--head", "dense"),
    "2-3": ("--units", "20", "--return-sequences", "--head", "time-distributed"),
    "3": ("--units", "20", "--return-sequences", "--return-state"),
    "mixed": (
        "--conv-filters", "16", "--cell", "gru", "--bidirectional", "--units", "8", "--units", "4",
        "--return-state", "--head", "dense",
    ),
    # Masks (issue 14): padded steps drawn for the shortest sample, post and pre.
    "masked-post": (
        "--batch", "4", "--window", "20", "--mask-value", "0", "--lengths", "20,11,4,15", "--padding", "post",
        "--units", "8", "--units", "4", "--return-state", "--head", "dense",
    ),
    "masked-pre": (
        "--batch", "3", "--window", "9", "--embedding-vocab", "50", "--mask-zero", "--lengths", "9,3,6",
        "--cell", "gru", "--units", "6", "--units", "4", "--return-sequences", "--bidirectional",
        "--units", "3",
    ),
}  # fmt: skip


def picture(stdout: str) -> str:
    """The diagram part of the output: from its title to the end, padding off."""
    lines = [line.rstrip() for line in stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Unrolled over"))
    return "\n".join(lines[start:]) + "\n"


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_golden(invoke: Invoke, name: str, width: int) -> None:
    result = invoke(*SCENARIOS[name], "--diagram", "--no-run", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width
    got = picture(result.stdout)
    path = GOLDEN / f"diagram-{name}-{width}.out"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def lanes(text: str) -> list[str]:
    """The rows of cells of the recurrent layers, the Conv1D and the head (not the legend)."""
    lines = text.splitlines()
    legend = max(i for i, line in enumerate(lines) if line.startswith(f"{LEAVES} "))
    return [line for line in lines[:legend] if (LEAVES in line or STAYS in line) and " · " not in line]


def expected_leaving(spec: StackSpec, fit: int) -> int:
    """■ the picture must hold: every drawn step of a sequence, one per direction otherwise."""
    drawn = sum(step is not None for step in columns(spec.steps, fit))
    total = 0
    for layer in spec.layers:
        directions = 2 if layer.bidirectional else 1
        total += directions * (drawn if layer.return_sequences else 1)
    if spec.conv is not None:
        total += drawn
    top = spec.layers[-1]
    if spec.head.kind is not HeadKind.NONE:
        if top.return_sequences:
            total += drawn
        else:  # the head reads the last step of each direction: one cell, two if they are at both ends
            total += 2 if top.bidirectional and spec.steps > 1 else 1
    return total


@given(
    family_stacks() | stack_specs(), st.integers(36, 200), st.integers(1, 5000), st.sampled_from(("en", "ko"))
)
def test_invariants_over_random_stacks(spec: StackSpec, width: int, window: int, lang: str) -> None:
    if spec.conv is None:  # a longer window too, where the middle is left out
        spec = StackSpec(window=window, layers=spec.layers, head=spec.head, batch=spec.batch)
    report = inspect_stack(spec, run=False)
    text = diagram(report, words(lang), width).plain
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    _, fit = layout(spec, width)
    cells = lanes(text)
    assert sum(line.count(LEAVES) for line in cells) == expected_leaving(spec, fit)
    # One row per direction of each recurrent layer, one for a Conv1D and one for a head.
    rows = sum(2 if layer.bidirectional else 1 for layer in spec.layers)
    rows += (spec.conv is not None) + (spec.head.kind is not HeadKind.NONE)
    assert len(cells) == rows
    # States leave at the end of each direction that returns them: ─▶ h at the right, h ◀─ at the left.
    leaving_states = sum(line.count("▶ h") + line.count("h, c ◀") + line.count("h ◀") for line in cells)
    assert leaving_states == sum(
        (2 if layer.bidirectional else 1) for layer in spec.layers if layer.return_state
    )
    # Every shape of the report is in the picture; the first and the last step are drawn.
    for row in report.predicted.tensors:
        assert fmt_shape(row.shape) in text
    steps = [line for line in lines if line.startswith("t ")]
    assert steps[-1].split()[1] == "1" and steps[-1].split()[-1] == str(spec.window)


def test_long_window_leaves_the_middle_out() -> None:
    spec = StackSpec(window=25, layers=(LayerSpec(20, return_sequences=True),))
    text = diagram(inspect_stack(spec, run=False), words("en"), width=80).plain
    numbers = next(line for line in text.splitlines() if line.startswith("t ")).split()[1:]
    assert numbers[:3] == ["1", "2", "3"] and numbers[-1] == "25" and "…" in numbers
    assert columns(3, 11) == (1, 2, 3)
    assert columns(25, 5) == (1, 2, None, 24, 25)


def test_go_backwards_leaves_at_the_first_step() -> None:
    spec = StackSpec(window=4, layers=(LayerSpec(3, go_backwards=True, return_state=True),))
    (row,) = lanes(diagram(inspect_stack(spec, run=False), words("en"), width=80).plain)
    assert row.split() == ["h,", "c", "◀─", "■", "◀─", "□", "◀─", "□", "◀─", "□"]


def test_observed_picture_is_the_predicted_one(invoke: Invoke) -> None:
    """After a real Keras run the shapes drawn are the observed ones; they agree with the prediction."""
    ran = invoke(*SCENARIOS["3"], "--batch", "2", "--window", "3", "--diagram")
    predicted = invoke(*SCENARIOS["3"], "--batch", "2", "--window", "3", "--diagram", "--no-run")
    assert ran.exit_code == 0, ran.output
    assert picture(ran.stdout) == picture(predicted.stdout)
    assert "output (2, 3, 20) · h (2, 20) · c (2, 20)" in picture(ran.stdout)


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    lines: dict[str, str] = {}
    for node in root.iter("{http://www.w3.org/2000/svg}text"):
        lines[node.get("y", "")] = lines.get(node.get("y", ""), "") + (node.text or "")
    return "\n".join(lines.values()).replace("\xa0", " ")


def test_svg_and_html_hold_what_was_printed(invoke: Invoke, tmp_path: Path) -> None:
    svg, html = tmp_path / "x.svg", tmp_path / "x.html"
    result = invoke(*CANONICAL, "--diagram", "--no-run", "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0, result.output
    text = svg_text(svg)
    for shape in ("(32, 25, 1)", "(32, 25, 20)"):
        assert shape in text
    assert "Unrolled over 25 time steps" in text
    assert "lstm_1 · LSTM(20) · output (32, 25, 20)" in text
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "(32, 25, 20)" in page and "Unrolled over 25 time steps" in page


def test_svg_in_korean(invoke: Invoke, tmp_path: Path) -> None:
    svg = tmp_path / "ko.svg"
    result = invoke(*CANONICAL, "--diagram", "--no-run", "--lang", "ko", "--svg", str(svg))
    assert result.exit_code == 0, result.output
    assert "25 타임스텝으로 펼친 모습" in svg_text(svg)


@pytest.mark.parametrize(
    ("extra", "mode"),
    [
        (("--json", "--diagram"), "--json"),
        (("--json", "--svg", "x.svg"), "--json"),
        (("--compare", "return-state", "--html", "x.html"), "--compare"),
        (("--backend", "tensorflow,jax", "--diagram"), "--backend tensorflow,jax"),
    ],
)
def test_refused_where_nothing_is_drawn(invoke: Invoke, extra: tuple[str, ...], mode: str) -> None:
    result = invoke("--units", "2", *extra)
    assert result.exit_code == 2, result.output
    if "--json" in extra:  # under --json a refusal is also its JSON document on stdout
        assert json.loads(result.stdout)["error"]["code"] == "invalid_input"
    else:
        assert result.stdout == ""
    assert f"and {mode} prints something else" in result.stderr
    assert not Path("x.svg").exists() and not Path("x.html").exists()


def test_a_file_that_cannot_be_written_is_one_line_and_exit_3(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "x.svg"
    result = invoke("--units", "2", "--no-run", "--svg", str(target))
    assert result.exit_code == 3
    assert result.stderr == f"Error: cannot write {target}: No such file or directory\n"
    assert result.stdout == ""  # refused before anything ran or printed
    unwritable = tmp_path / "read-only"
    unwritable.mkdir()
    unwritable.chmod(0o500)
    if not os.access(unwritable, os.W_OK):  # root can write anywhere
        late = invoke("--units", "2", "--no-run", "--svg", str(unwritable / "x.svg"))
        assert late.exit_code == 3
        assert late.stderr.startswith(f"Error: cannot write {unwritable / 'x.svg'}: ")
    korean = invoke("--units", "2", "--no-run", "--lang", "ko", "--html", str(target.with_suffix(".html")))
    assert korean.exit_code == 3
    assert korean.stderr.startswith(f"오류: {target.with_suffix('.html')}에 쓸 수 없습니다: ")
    assert len(korean.stderr.splitlines()) == 1


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_masked_rows_follow_keras_rule_for_the_shortest_sample(padding: str, bidirectional: bool) -> None:
    """The followed sample's cells, worked out here: one direction repeats (zeros before its
    first valid step), Bidirectional writes zeros; a flat top leaves at the last valid step."""
    from lstm_shapes.spec.masking import PadSide

    w, lengths = 7, (7, 3, 5)
    layers = (
        LayerSpec(3, return_sequences=True, bidirectional=bidirectional),
        LayerSpec(2),
    )
    spec = StackSpec(
        batch=3, window=w, mask_value=0.0, lengths=lengths, padding=PadSide(padding), layers=layers,
        head=HeadSpec(HeadKind.DENSE, 2),
    )  # fmt: skip
    text = diagram(inspect_stack(spec, run=False), words("en"), width=120).plain
    assert "drawn for sample 1, the shortest: 3 valid steps of 7, padded " + padding in text
    n = 3
    valid = list(range(w - n, w)) if padding == "pre" else list(range(n))
    lines = text.splitlines()
    rows = [line[12:].replace("─▶", " ").replace("◀─", " ").split() for line in lines]
    marks = [row[:w] for row, line in zip(rows, lines, strict=True) if line[12:13].strip() in tuple("■□=0·○")]
    # Top to bottom: lstm_2 (flat), lstm_1 (one or two directions), the input; the head's one
    # cell is not at the first column.
    flat, *first, inputs = marks
    assert inputs == ["○" if t in valid else "·" for t in range(w)]
    if bidirectional:
        assert len(first) == 2
        for lane in first:
            assert lane == ["■" if t in valid else "0" for t in range(w)]
    else:
        (lane,) = first
        if padding == "pre":
            assert lane == ["0"] * (w - n) + ["■"] * n
        else:
            assert lane == ["■"] * n + ["="] * (w - n)
    last = max(valid)
    assert flat == ["■" if t == last else "□" if t in valid else "·" for t in range(w)]
    head = next(line for line in lines if "■" in line)
    assert head.strip() == "■" and head.index("■") == 12 + 5 * last
