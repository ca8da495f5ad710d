"""The output formats as data: every format but the Rich table is one function of the JSON document.

`--format json` prints the document the command builds; `markdown` and `github` read the
same document, so a new format is one function here and one entry in `RENDERERS`, and
works for every command whose document it understands (a stack, a saved model, a check
run). Nothing here imports Rich or a framework: it runs after `--no-run` in no time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

from lstm_shapes.locales import Phrase, Words, said


class OutputFormat(str, Enum):
    """How the answer is printed on stdout (`--format`)."""

    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"


# The formats a document renderer draws; the table is the commands' own Rich renderer.
DOCUMENT_FORMATS = (OutputFormat.JSON, OutputFormat.MARKDOWN, OutputFormat.GITHUB)
# Documents the markdown and github renderers understand: a stack or a model (tensors), a check run (cases).
KNOWN = ("tensors", "cases")


def _cell(value: object) -> str:
    """A Markdown table cell: pipes escaped, one line."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _shape(shape: Sequence[object] | None) -> str:
    if shape is None:
        return ""
    inner = ", ".join("None" if s is None else str(s) for s in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def _axes(axes: Sequence[str], words: Words) -> str:
    return " × ".join(words.axes.get(a, a) for a in axes)


def _tensor(tensor: dict[str, Any]) -> str:
    """A tensor named as the table names it, by its role (x, output, h, c), the same in every language."""
    # Here, not at the top: the flags import this module for OutputFormat on every start.
    from lstm_shapes.render.labels import TENSOR_LABELS
    from lstm_shapes.spec.shapes import Role

    role = tensor.get("role")
    if role in {r.value for r in Role}:
        return TENSOR_LABELS[Role(role)]
    return str(tensor["name"]).rsplit(".", 1)[-1]


def _checks(document: dict[str, Any]) -> list[dict[str, Any]]:
    checks = document.get("checks") or []
    return [c for c in checks if isinstance(c, dict)]


def markdown(document: dict[str, Any], words: Words) -> str:
    """Tables a pull-request comment can hold: the tensors (or the cases), then the checks."""
    h = words.headings
    if "cases" in document:
        header = [Phrase(k).say(words) for k in ("suite_file", "suite_case", "suite_status", "suite_detail")]
        rows = [
            (
                f"{c['file']}:{c['line']}",
                c["case"],
                Phrase(f"status_{c['status']}").say(words),
                said(c["detail"], words),
            )
            for c in document["cases"]
        ]
        return "\n".join(_markdown_table(header, rows)) + "\n"
    rows = [
        (t["layer"], _tensor(t), f"`{_shape(t['shape'])}`", _axes(t["axes"], words))
        for t in document["tensors"]
    ]
    lines = _markdown_table([h["layer"], h["tensor"], h["shape"], h["axes"]], rows)
    lines += ["", f"**{h['params']}** ({h['total']}): {document['total_params']:,}"]
    checks = _checks(document)
    if checks:
        lines.append("")
        lines += [
            f"- {'✅' if c['passed'] else '❌'} {_cell(said(c['name'], words))}: {_cell(said(c['detail'], words))}"
            for c in checks
        ]
    explanation = document.get("explanation")
    if isinstance(explanation, list):
        lines += ["", *(said(p, words) for p in explanation)]
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    """A workflow command's message, as GitHub's runner reads it back."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **properties: object) -> str:
    """`::error file=F,line=L,title=T::message`: one workflow command line."""
    given = ",".join(f"{k}={_escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{level}{' ' + given if given else ''}::{_escape_data(message)}"


def github(document: dict[str, Any], words: Words) -> str:
    """Workflow annotations: an error for each failing check (at the spec file's case line), then a notice."""
    lines: list[str] = []
    if "cases" in document:
        cases = document["cases"]
        for c in cases:
            if c["status"] != "passed":
                status = Phrase(f"status_{c['status']}").say(words)
                lines.append(
                    annotation(
                        "error",
                        f"{c['case']}: {status}: {said(c['detail'], words)}",
                        file=c["file"],
                        line=c["line"],
                        title=f"lstm-shapes: {c['case']}",
                    )
                )
        passed = sum(c["status"] == "passed" for c in cases)
        summary = Phrase("github_cases", passed=passed, total=len(cases)).say(words)
    else:
        checks = _checks(document)
        for c in checks:
            if not c["passed"]:
                message = f"{said(c['name'], words)}: {said(c['detail'], words)}"
                lines.append(annotation("error", message, title="lstm-shapes"))
        passed = sum(bool(c["passed"]) for c in checks)
        key = "github_checks" if checks else "github_no_checks"
        summary = Phrase(key, passed=passed, total=len(checks)).say(words)
    # All passed: a notice the run's summary shows; else the errors above, and the count as a log line.
    lines.append(summary if lines else annotation("notice", summary, title="lstm-shapes"))
    return "\n".join(lines) + "\n"


RENDERERS: dict[OutputFormat, Callable[[dict[str, Any], Words], str]] = {
    OutputFormat.MARKDOWN: markdown,
    OutputFormat.GITHUB: github,
}


def render_document(fmt: OutputFormat, document: dict[str, Any], words: Words) -> str:
    """The one dispatch for documents: JSON as built (in English), the others read from it in `words`' language."""
    if fmt is OutputFormat.JSON:
        import json  # here: the flags import this module for OutputFormat, on every start

        return json.dumps(document, indent=2)
    return RENDERERS[fmt](document, words)
