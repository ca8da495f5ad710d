"""--svg and --html: what was printed, saved through Rich's own export; refused where nothing is drawn."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from lstm_shapes.locales import Phrase, Words
from lstm_shapes.spec.refusals import environment, invalid, os_reason

TITLE = "lstm-shapes"


def refuse_pictures(diagram: bool, svg: Path | None, html: Path | None, mode: str | None) -> None:
    """--diagram, --svg and --html draw one stack's table; `mode` (--json, --compare, ...) prints another thing."""
    if mode is None:
        return
    for flag, given in (("--diagram", diagram), ("--svg", svg is not None), ("--html", html is not None)):
        if given:
            raise invalid(None, "picture_refused", flag=flag, mode=mode)


def check_targets(svg: Path | None, html: Path | None, words: Words) -> None:
    """Refuse before the run a file that cannot be written: a folder, or one in a folder that is missing."""
    for path in (svg, html):
        if path is None:
            continue
        if path.is_dir() or not str(path):
            raise environment("cannot_write", path=str(path), reason=Phrase("os_directory"))
        if not path.parent.is_dir():
            raise environment("cannot_write", path=str(path), reason=Phrase("os_missing"))


def save_pictures(console: Console, svg: Path | None, html: Path | None, words: Words) -> None:
    """Write the record as SVG and/or HTML; a file that cannot be written is one line, exit 3."""
    for path, export in ((svg, "svg"), (html, "html")):
        if path is None:
            continue
        try:
            if export == "svg":
                text = console.export_svg(title=TITLE, clear=False)
            else:
                text = console.export_html(clear=False)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise environment("cannot_write", path=str(path), reason=os_reason(exc)) from exc
