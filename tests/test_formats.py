"""--format table|json|markdown|github, and --format json's error documents, through the one runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.locales import words
from lstm_shapes.render.formats import annotation

STACK = ("--no-run", "--units", "3", "--window", "5", "--batch", "2")


def markdown_rows(text: str) -> list[list[str]]:
    """The cells of a Markdown table's rows, header first, the separator left out."""
    rows = [line.strip("|").split(" | ") for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows]


def test_format_json_is_json(invoke: Invoke) -> None:
    by_flag, by_format = invoke(*STACK, "--json"), invoke(*STACK, "--format", "json")
    assert by_flag.exit_code == by_format.exit_code == 0
    assert by_flag.stdout == by_format.stdout
    assert json.loads(by_format.stdout)["ok"] is True


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_markdown_is_the_json_document_as_a_table(invoke: Invoke, lang: str) -> None:
    document = json.loads(invoke(*STACK, "--json").stdout)
    result = invoke(*STACK, "--format", "markdown", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    header, *rows = markdown_rows(result.stdout)
    h = words(lang).headings
    assert header == [h["layer"], h["tensor"], h["shape"], h["axes"]]
    assert [row[0] for row in rows] == [t["layer"] for t in document["tensors"]]
    assert [row[2] for row in rows] == [f"`{tuple(t['shape'])}`" for t in document["tensors"]]
    assert f"{document['total_params']:,}" in result.stdout


def test_github_annotates_each_failing_check(invoke: Invoke) -> None:
    result = invoke(*STACK, "--expect", "output=2,4", "--format", "github")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith("::error title=lstm-shapes::expect lstm_1.output: ")


def test_github_passing_is_one_notice(invoke: Invoke) -> None:
    result = invoke(*STACK, "--expect", "output=2,3", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["::notice title=lstm-shapes::1 of 1 check passed"]


CASES = """\
[[case]]
name = "good"
layers = [{ units = 2 }]
expect = { output = "32,2" }

[[case]]
name = "wrong, really"
layers = [{ units = 2 }]
expect = { output = "32,3" }
"""


def test_check_github_points_at_the_case_line(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(CASES, encoding="utf-8")
    cases = json.loads(invoke("check", "--no-run", "--json", str(path)).stdout)["cases"]
    result = invoke("check", "--no-run", "--format", "github", str(path))
    assert result.exit_code == 1
    failed = next(c for c in cases if c["status"] == "failed")
    file = str(path).replace(":", "%3A").replace(",", "%2C")
    assert result.stdout.splitlines()[0].startswith(
        f"::error file={file},line={failed['line']},title=lstm-shapes%3A wrong%2C really::wrong, really: "
    )
    assert failed["line"] == 7  # the case's name = line, as check --json says


def test_check_markdown_has_a_row_per_case(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(CASES, encoding="utf-8")
    result = invoke("check", "--no-run", "--format", "markdown", str(path))
    assert result.exit_code == 1
    _, *rows = markdown_rows(result.stdout)
    assert [row[1] for row in rows] == ["good", "wrong, really"]


def test_annotation_escapes_what_the_runner_reads() -> None:
    line = annotation("error", "50%\nnext", file="a,b:c.toml", line=3)
    assert line == "::error file=a%2Cb%3Ac.toml,line=3::50%25%0Anext"


# --- refusals: a JSON document on stdout under --format json / --json, the exit code unchanged -------
@pytest.mark.parametrize(
    ("args", "code", "key", "exit_code"),
    [
        (("--no-run", "--conv-strides", "2"), "invalid_input", "conv_needs_filters", 2),
        (("--no-run", "--json", "--format", "markdown"), "invalid_input", "json_and_format", 2),
        (("--no-run", "--lang", "xx"), "invalid_input", "unknown", 2),
        (("--no-run", "--units", "0"), "invalid_input", "at_least", 2),
        (("--no-run", "--bogus"), "usage", None, 2),
        (("check", "--no-run", "--backend", "jax", "x.toml"), "invalid_input", "flag_not_in_mode", 2),
    ],
)
def test_refusals_are_json_documents(
    invoke: Invoke, args: tuple[str, ...], code: str, key: str | None, exit_code: int
) -> None:
    for chosen in (("--format", "json"), ("--json",)):
        if "--json" in args and chosen == ("--json",):
            continue
        at = 1 if args[0] == "check" else 0
        result = invoke(*args[: at + 1], *chosen, *args[at + 1 :])
        assert result.exit_code == exit_code
        error = json.loads(result.stdout)["error"]
        assert error["code"] == code
        assert error["exit_code"] == exit_code
        assert error["message"]
        if key is not None:
            assert error["key"] == key


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--format", "markdown", "--compare", "bidirectional"), "--format"),
        (("--format", "github", "--explain"), "--explain"),
        (("--format", "markdown", "--weights"), "--weights"),
        (("--format", "markdown", "--diagram"), "--diagram"),
    ],
)
def test_what_a_format_cannot_show_is_refused(invoke: Invoke, args: tuple[str, ...], flag: str) -> None:
    result = invoke("--no-run", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {flag}")


def test_a_refusal_names_its_flag(invoke: Invoke) -> None:
    result = invoke("--no-run", "--format", "json", "--conv-filters", "2", "--conv-dilation-rate", "0")
    error = json.loads(result.stdout)["error"]
    assert (error["flag"], error["key"]) == ("--conv-dilation-rate", "at_least")


def test_the_error_document_speaks_the_users_language(invoke: Invoke) -> None:
    result = invoke("--no-run", "--format", "json", "--lang", "ko", "--conv-strides", "2")
    error = json.loads(result.stdout)["error"]
    assert error["key"] == "conv_needs_filters"
    assert error["message"] == words("ko").errors["conv_needs_filters"]
