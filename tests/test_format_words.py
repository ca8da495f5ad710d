"""`--format markdown|github` speak the user's language; `--format json` stays English.

Every word markdown and github print comes from the words of `--lang` (or the locale): the
headings, the check lines' names and details, a case's status and detail, the summary and the
guided reading. The checks are read from the report itself (their keyed Phrases), so the
expected lines are the catalogue's, never typed here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Invoke
from said import flat, from_keyed

from lstm_shapes.locales import Phrase, Words, words
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.locales.ko import WORDS as KOREAN
from lstm_shapes.predict.stack import predict
from lstm_shapes.render.formats import OutputFormat, annotation, render_document
from lstm_shapes.render.table import to_document
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.spec.expect import parse_expectation, resolve
from lstm_shapes.spec.stack import LayerSpec, StackSpec

HANGUL = re.compile(r"[\uac00-\ud7a3]")
SPEC = StackSpec(batch=2, window=3, layers=(LayerSpec(units=4),))
EXPECT = ("lstm_1.output=(2,4)", "lstm_1.output=(2,5)")  # one passes, one fails
FLAGS = ("--no-run", "--batch", "2", "--window", "3", "--units", "4", *(f"--expect={e}" for e in EXPECT))


def document() -> dict[str, object]:
    expect = resolve([parse_expectation(e) for e in EXPECT], predict(SPEC))
    return to_document(inspect_stack(SPEC, run=False, expect=expect), explanation=True)


@pytest.mark.parametrize("said", [ENGLISH, KOREAN], ids=["en", "ko"])
def test_markdown_says_checks_and_reading_in_the_language(said: Words) -> None:
    doc = document()
    text = render_document(OutputFormat.MARKDOWN, doc, said)
    checks = doc["checks"]
    assert isinstance(checks, list) and len(checks) == 2
    lines = [line for line in text.splitlines() if line.startswith(("- ✅", "- ❌"))]
    assert lines == [
        f"- {'✅' if c['passed'] else '❌'} {Phrase.say(c['name'], said)}: {Phrase.say(c['detail'], said)}"
        for c in checks
    ]
    explanation = doc["explanation"]
    assert isinstance(explanation, list)
    for paragraph in explanation:
        assert paragraph.say(said) in text
    if said is KOREAN:  # nothing of it left in English
        assert all(HANGUL.search(line) for line in lines)
        failed = next(c for c in checks if not c["passed"])
        assert str(failed["name"]) not in text and str(failed["detail"]) not in text
        assert not any(str(paragraph) in text for paragraph in explanation)


@pytest.mark.parametrize("said", [ENGLISH, KOREAN], ids=["en", "ko"])
def test_github_says_failing_checks_and_summary_in_the_language(said: Words) -> None:
    doc = document()
    text = render_document(OutputFormat.GITHUB, doc, said)
    checks = doc["checks"]
    assert isinstance(checks, list)
    failed = next(c for c in checks if not c["passed"])
    message = f"{Phrase.say(failed['name'], said)}: {Phrase.say(failed['detail'], said)}"
    summary = Phrase("github_checks", passed=1, total=2).say(said)
    assert text.splitlines() == [annotation("error", message, title="lstm-shapes"), summary]


def test_the_command_line_markdown_and_github_follow_lang(invoke: Invoke) -> None:
    """The same through the command line: --lang ko and the Korean locale; --json stays English."""
    english = json.loads(invoke(*FLAGS, "--json", "--explain").stdout)
    for how in (("--lang", "ko"), ()):
        env = {} if how else {"LANG": "ko_KR.UTF-8"}
        markdown = invoke(*FLAGS, "--format", "markdown", "--explain", *how, env=env)
        assert markdown.exit_code == 1, markdown.output
        for paragraph in english["reading"]:
            assert from_keyed(paragraph).say(KOREAN) in markdown.stdout
        assert not any(p in markdown.stdout for p in english["explanation"])
        github = invoke(*FLAGS, "--format", "github", *how, env=env)
        assert github.exit_code == 1
        errors = [line for line in github.stdout.splitlines() if line.startswith("::error ")]
        assert len(errors) == 1 and HANGUL.search(errors[0]), errors
        assert github.stdout.splitlines()[-1] == Phrase("github_checks", passed=1, total=2).say(KOREAN)
        documented = invoke(*FLAGS, "--json", "--explain", *how, env=env)
        assert json.loads(documented.stdout) == english


CASES = """\
[[case]]
name = "good"
batch = 2
window = 3
layers = [{ units = 2 }]
expect = { output = "2,2" }

[[case]]
name = "wrong"
batch = 2
window = 3
layers = [{ units = 2 }]
expect = { output = "2,3" }
"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_check_says_statuses_and_details_in_the_language(invoke: Invoke, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "cases.toml"
    path.write_text(CASES, encoding="utf-8")
    cases = json.loads(invoke("check", "--no-run", "--json", str(path)).stdout)["cases"]
    said = words(lang)
    markdown = invoke("check", "--no-run", "--format", "markdown", "--lang", lang, str(path))
    assert markdown.exit_code == 1
    rows = [line.strip("|").split(" | ") for line in markdown.stdout.splitlines() if line.startswith("| ")]
    header, *cells = [[cell.strip() for cell in row] for row in rows]
    keys = ("suite_file", "suite_case", "suite_status", "suite_detail")
    assert header == [Phrase(key).say(said) for key in keys]
    assert [row[2] for row in cells] == [Phrase(f"status_{c['status']}").say(said) for c in cases]
    github = invoke("check", "--no-run", "--format", "github", "--lang", lang, str(path))
    (error,) = [line for line in github.stdout.splitlines() if line.startswith("::error ")]
    failed = Phrase("status_failed").say(said)
    assert f"::wrong: {failed}: " in error
    assert github.stdout.splitlines()[-1] == Phrase("github_cases", passed=1, total=2).say(said)
    english_detail = next(c["detail"] for c in cases if c["status"] == "failed")
    if lang == "ko":
        assert english_detail not in flat(markdown.stdout) and english_detail not in error
        assert HANGUL.search(cells[1][3]) and HANGUL.search(error.split("::")[-1])
    else:
        assert english_detail in error


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_markdown_names_tensors_as_the_table_does(invoke: Invoke, lang: str) -> None:
    """x, output, h, c in every language: symbols, not the English words 'input', 'hidden', 'cell'."""
    args = ("--no-run", "--batch", "2", "--window", "3", "--units", "4", "--return-state", "--lang", lang)
    result = invoke(*args, "--format", "markdown")
    assert result.exit_code == 0, result.output
    rows = [line.strip("|").split(" | ") for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [row[1].strip() for row in rows[1:]] == ["x", "output", "h", "c"]
