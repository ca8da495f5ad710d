"""The IPython extension in a real IPython shell, and the Python API's reports displaying themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from IPython.core.interactiveshell import InteractiveShell

import lstm_shapes
from lstm_shapes import LayerSpec, StackSpec

SPEC = """
[[case]]
name = "3 cell state and hidden state"
batch = 2
window = 3
expect = { output = "2,3,20", "lstm_1.hidden" = [2, 20] }
layers = [{ units = 20, return_sequences = true, return_state = true }]
"""


@pytest.fixture(scope="module")
def shell() -> Iterator[InteractiveShell]:
    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "lstm_shapes")
    yield ip
    InteractiveShell.clear_instance()


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def test_line_magic_prints_the_report_and_the_diagram(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    shell.run_cell("%lstm_shapes --batch 32 --window 25 --units 20 --return-sequences --diagram --no-run")
    out = capsys.readouterr().out
    assert "lstm_1 (LSTM)   output   (32, 25, 20)" in out
    assert "Unrolled over 25 time steps" in out
    assert "lstm_1 · LSTM(20) · output (32, 25, 20)" in out


def test_line_magic_runs_keras_in_the_kernel(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    shell.run_cell("%lstm_shapes --batch 2 --window 3 --units 4 --return-state")
    first = capsys.readouterr().out
    assert "keras" in sys.modules  # imported once, in this process, and kept for the next magic
    assert "✓ shapes match the prediction" in first
    assert "(2, 4)" in first
    shell.run_cell("%lstm_shapes --batch 2 --window 3 --units 5 --cell gru --lang ko")
    second = capsys.readouterr().out
    assert "(2, 5)" in second and "합계" in second


def test_line_magic_inspects_a_saved_model(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    """`%lstm_shapes inspect MODEL`: the saved model's kept states, in the kernel that made it."""
    import keras

    path = f"{tmp_path}/tiny.keras"
    model = keras.Sequential([keras.Input((5, 2)), keras.layers.LSTM(3, name="enc"), keras.layers.Dense(1)])
    model.save(path)
    shell.run_cell(f"%lstm_shapes inspect {path} --batch 2")
    out = capsys.readouterr().out
    assert "enc (LSTM)" in out and "(2, 3)" in out
    assert "h *" in out and "c *" in out  # kept inside, probed, not returned
    assert f"{model.count_params()}" in out
    assert "✗" not in out


def test_errors_are_messages_not_tracebacks(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    result = shell.run_cell("%lstm_shapes --units 0 --no-run")
    assert result.success
    captured = capsys.readouterr()
    assert captured.err == "Error: --units: must be at least 1, got 0\n"
    assert "Traceback" not in captured.out
    assert shell.run_cell("%lstm_shapes --no-such-flag").success
    assert "No such option: --no-such-flag" in capsys.readouterr().err


def test_cell_magic_runs_the_cell_as_a_spec_file(
    shell: InteractiveShell, capsys: pytest.CaptureFixture[str]
) -> None:
    shell.run_cell(f"%%lstm_shapes --no-run\n{SPEC}")
    out = capsys.readouterr().out
    assert "cell.toml" in out and "passed" in out
    shell.run_cell("%%lstm_shapes --no-run\n[[case]]\nname = 'x'\nlayers = [{ units = 0 }]\n")
    captured = capsys.readouterr()
    assert "invalid" in captured.out
    assert "cell.toml:" in captured.err and "must be at least 1" in captured.err


def test_reports_display_themselves(shell: InteractiveShell) -> None:
    report = lstm_shapes.inspect_stack(StackSpec(layers=(LayerSpec(20, return_sequences=True),)), run=False)
    data, _ = shell.display_formatter.format(report)
    assert "(32, 25, 20)" in data["text/plain"]
    assert "Unrolled over 25 time steps" in data["text/plain"]
    html = data["text/html"]
    assert html.startswith("<pre") and "(32, 25, 20)" in html and "■" in html


def test_rich_print_draws_at_the_console_width() -> None:
    from rich.console import Console

    report = lstm_shapes.inspect_stack(StackSpec(layers=(LayerSpec(20),)), run=False)
    console = Console(width=80, record=True, no_color=True)
    with console.capture() as captured:
        console.print(report)
    text = captured.get()
    assert "(32, 20)" in text and "Unrolled over 25 time steps" in text
    assert max(len(line) for line in text.splitlines()) <= 80
