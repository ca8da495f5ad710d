"""How a StackReport shows itself in a notebook, IPython and a Rich console: its table and diagram."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from lstm_shapes.locales import Words, default_language, words
from lstm_shapes.render.diagram import diagram
from lstm_shapes.render.table import checks_block, header, notes_block, run_block, shape_table
from lstm_shapes.report import types
from lstm_shapes.report.types import StackReport

WIDTH = 100


def _words() -> Words:
    return words(default_language())


def renderable(report: StackReport, width: int = WIDTH) -> Group:
    """What `lstm-shapes ... --diagram` prints: the header, the table, its notes, the checks, the diagram."""
    chosen = _words()
    parts: list[Table | Text] = [
        Text(header(report, chosen), style="bold"),
        shape_table(report, why_column=False, words=chosen),
        notes_block(report, chosen),
        Text(""),
        *run_block(report, chosen),
        checks_block(report, chosen),
        Text(""),
        diagram(report, chosen, width),
    ]
    return Group(*parts)


def _recorded(report: StackReport) -> Console:
    console = Console(file=io.StringIO(), width=WIDTH, record=True, highlight=False, force_jupyter=False)
    console.print(renderable(report))
    return console


def as_html(report: StackReport) -> str:
    return _recorded(report).export_html(inline_styles=True, code_format=HTML)


def as_text(report: StackReport) -> str:
    return _recorded(report).export_text().rstrip("\n")


HTML = (
    '<pre style="white-space: pre; overflow-x: auto; line-height: normal; '
    "font-family: Menlo, 'DejaVu Sans Mono', consolas, 'Courier New', monospace\">{code}</pre>"
)


def install() -> None:
    """Let every StackReport draw itself from now on."""
    types.DISPLAY.update(rich=renderable, html=as_html, text=as_text)
