"""A third language is its catalogue file: nothing else in the package names the languages.

A made-up language, `xx` (English with every template in ⟪ ⟫), is written to a folder of
its own and added to `lstm_shapes.locales`' path in a fresh interpreter, before the command
line is imported. `--help` offers it, the locale picks it, a refusal and a table speak it,
and an unknown `--lang` lists it among the valid ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from lstm_shapes.locales import LANGUAGES, default_language
from lstm_shapes.locales.en import WORDS as ENGLISH

CATALOGUE = '''
"""A made-up language for tests: English with every template in ⟪ ⟫."""
from dataclasses import fields, replace

from lstm_shapes.locales.en import WORDS as EN


def _wrapped(group):
    return {key: f"⟪{text}⟫" if isinstance(text, str) else text for key, text in group.items()}


WORDS = replace(EN, **{f.name: _wrapped(getattr(EN, f.name)) for f in fields(EN)})
'''

# Runs in the fresh interpreter: the catalogue's folder joins the package's path, then every
# command line of ARGS runs in-process; what each said comes back as one JSON document.
RUNNER = """
import json, sys
import lstm_shapes.locales as locales

locales.__path__.append(sys.argv[1])
locales.LANGUAGES = locales._catalogues()

from typer.testing import CliRunner
from lstm_shapes.cli.app import app

said = []
for args, env in json.loads(sys.argv[2]):
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "120", **env})
    said.append({"code": result.exit_code, "stdout": result.stdout, "stderr": result.stderr})
print(json.dumps({"languages": locales.LANGUAGES, "said": said}))
"""

NO_LOCALE = {"LANG": None, "LC_ALL": None, "LC_MESSAGES": None}


def in_a_third_language(tmp_path: Path, *runs: tuple[list[str], dict[str, Any]]) -> dict[str, Any]:
    (tmp_path / "xx.py").write_text(textwrap.dedent(CATALOGUE), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp_path), json.dumps(runs)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def xx(text: str) -> str:
    return f"⟪{text}⟫"


def test_a_third_language_is_its_catalogue_file(tmp_path: Path) -> None:
    table = ["--batch", "2", "--window", "3", "--units", "4", "--no-run"]
    found = in_a_third_language(
        tmp_path,
        (["--help"], NO_LOCALE),
        (["--lang", "xx", "--units", "0", "--no-run"], NO_LOCALE),
        (["--lang", "xx", *table], NO_LOCALE),
        (table, {**NO_LOCALE, "LANG": "xx_XX.UTF-8"}),
        (["--lang", "fr", *table], NO_LOCALE),
        (["--lang", "xx", "--format", "markdown", *table], NO_LOCALE),
    )
    assert found["languages"] == [*LANGUAGES, "xx"]
    help_, refusal, table_xx, by_locale, unknown, markdown = found["said"]

    # --help offers it: the choices shown are the catalogues.
    assert help_["code"] == 0
    lang_line = next(line for line in help_["stdout"].splitlines() if "--lang" in line)
    assert lang_line.split()[1] == "|".join([*LANGUAGES, "xx"])

    # A refusal is said in it, the word "Error" included.
    assert refusal["code"] == 2, refusal
    assert refusal["stderr"].startswith(xx(ENGLISH.errors["error"]) + ": --units: ⟪"), refusal["stderr"]

    # A table is said in it, whether --lang or the locale chose it.
    for said in (table_xx, by_locale):
        assert said["code"] == 0, said
        for heading in ("layer", "tensor", "shape", "axes", "why"):
            assert xx(ENGLISH.headings[heading]) in said["stdout"], (heading, said["stdout"])
        assert xx(ENGLISH.headings["predicted"]) in said["stdout"]

    # An unknown language names it among the valid ones.
    assert unknown["code"] == 2
    assert ", ".join([*LANGUAGES, "xx"]) in unknown["stderr"], unknown["stderr"]

    # So does a document: markdown's words are the language's too.
    assert markdown["code"] == 0, markdown
    assert xx(ENGLISH.headings["layer"]) in markdown["stdout"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_is_chosen_by_its_locale(lang: str) -> None:
    assert default_language({"LANG": f"{lang}_XX.UTF-8"}) == lang
