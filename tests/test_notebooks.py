"""The tour notebooks, executed end to end with a real kernel; each scenario's shapes in its output."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

EXAMPLES = Path(__file__).parent.parent / "examples"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ROOT = str(Path(__file__).parent.parent)

# The magic's arguments in each cell -> what its output must show (the tutorial's shapes).
EXPECTED = {
    "--units 20 --diagram": ["output   (32, 20)", "lstm_1 · LSTM(20) · output (32, 20)"],
    "--batch 32 --window 25 --units 20 --return-sequences --diagram": [
        "output   (32, 25, 20)",
        "lstm_1 · LSTM(20) · output (32, 25, 20)",
    ],
    "--units 20 --head dense --diagram": ["head · Dense(10) · (32, 10)"],
    "--units 20 --return-sequences --head dense --diagram": ["head · Dense(10) · (32, 25, 10)"],
    "--units 20 --return-sequences --head time-distributed --diagram": [
        "head · TimeDistributed(Dense(10)) · (32, 25, 10)"
    ],
    "--units 20 --head time-distributed --no-run": ["TimeDistributed"],
    "--units 20 --return-sequences --return-state --diagram": [
        "output (32, 25, 20) · h (32, 20) · c (32, 20)",
        "─▶ h, c",
    ],
}


def output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return ANSI.sub("", "".join(parts))


# Each tour starts a Jupyter kernel that imports Keras (7-11 s): they run with the slow tests.
@pytest.mark.slow
@pytest.mark.parametrize("name", ["tour.ipynb", "tour.ko.ipynb"])
def test_notebook_runs_and_shows_the_shapes(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel imports this checkout's lstm_shapes, speaks the notebook's language, no colour codes.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")])))
    for variable in ("LANG", "LC_ALL", "LC_MESSAGES", "COLUMNS"):
        monkeypatch.delenv(variable, raising=False)
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
    ).execute()
    seen = set()
    korean = name.endswith(".ko.ipynb")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        text = output_text(cell)
        source = cell.source
        assert "Traceback" not in text, text
        if source.startswith("%lstm_shapes "):
            args = source.removeprefix("%lstm_shapes ").removesuffix(" --lang ko")
            for expected in EXPECTED[args]:
                assert expected in text, (source, text)
            if args.endswith("--diagram"):
                assert ("타임스텝으로 펼친 모습" if korean else "Unrolled over 25 time steps") in text
            if "--no-run" not in args:
                assert "✓" in text, text
            seen.add(args)
        elif source.startswith("%%lstm_shapes"):
            assert "passed" in text and "cell.toml" in text, text
            seen.add("cell")
        elif "inspect_stack" in source:
            assert "(32, 25, 20)" in text and "✓" in text, text
            html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
            assert "(32, 25, 20)" in html
            seen.add("api")
    assert seen == {*EXPECTED, "cell", "api"}
