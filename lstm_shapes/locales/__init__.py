"""The words the tool speaks, one module per language: a third language is one more file.

Each module defines `WORDS`, a `Words`. Templates use `str.format` fields named
after the numbers they hold, so every sentence carries the stack's own numbers.
JSON output stays in English: it is for scripts.
"""

from __future__ import annotations

import importlib
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lstm_shapes.errors import InvalidSpec, LstmShapesError


def _catalogues() -> tuple[str, ...]:
    """One language per catalogue module in this folder (en.py, ko.py, ...), found without importing them."""
    import pkgutil

    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))


# A third language is its catalogue file: it is listed, offered by --lang and chosen by the locale.
LANGUAGES = _catalogues()


@dataclass(frozen=True)
class Words:
    """Everything language-specific: table headings, axis meanings, notes, explanations, errors."""

    # Table headings and labels.
    headings: dict[str, str]
    # Axis meanings, keyed by the English names in `lstm_shapes.spec.shapes`.
    axes: dict[str, str]
    # One-line notes for the "Why" column, keyed by note kind.
    notes: dict[str, str]
    # Guided-reading paragraphs (`--explain`), keyed by paragraph kind.
    paragraphs: dict[str, str]
    # Gate names for the --weights table, keyed by cell ("lstm", "gru").
    gates: dict[str, tuple[str, ...]]
    # Explanations of weight tensors for the --weights table.
    weights: dict[str, str]
    # Error messages, keyed by error kind; see `lstm_shapes.errors.InvalidSpec.key`.
    errors: dict[str, str]
    # Single words: merge modes (sum, mul, ave, concat).
    terms: dict[str, str]
    # Check lines, kernel-path reasons and other sentences built from parts (`Phrase`).
    phrases: dict[str, str] = field(default_factory=dict)

    def axis(self, name: str) -> str:
        return self.axes.get(name, name)


def say(error: LstmShapesError, words: Words) -> tuple[str, str | None]:
    """An error's problem (an InvalidSpec's without its field) and hint in the words' language.

    Falls back to the English words when the error has no key or the language lacks it.
    """
    template = words.errors.get(error.key or "")
    if template is None:
        return (error.problem if isinstance(error, InvalidSpec) else error.message), error.hint
    hint = words.errors.get(error.hint_key or f"{error.key}_hint")
    values = {name: _said(value, words) for name, value in error.values.items()}
    return fill(template, **values), None if hint is None else fill(hint, **values)


class Phrase(str):
    """A sentence to be said in the reader's language: a template key and the values it holds.

    It is a `str` whose text is its English, so JSON, JUnit, equality and joins see plain
    English; `said(text, words)` says it in another language. A value may itself be a
    Phrase (said in the same language) or a list of them (a template joins it with
    `{name:join:, }`), so a check's detail can be built from parts.
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Phrase:
        self = super().__new__(cls, _phrase_text(key, values, english()))
        self.key = key
        self.values = values
        return self

    def say(self, words: Words) -> str:
        return _phrase_text(self.key, self.values, words)

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # copy and pickle keep the phrase
        return (self.key,), self.values


def keyed(text: str) -> dict[str, Any] | str:
    """A Phrase as plain data, `{"key", "values"}` (values keyed the same way, all the way down),
    so a script or a test reads what was said without reading a language; other text as it is."""
    if not isinstance(text, Phrase):
        return text

    def plain(value: Any) -> Any:
        if isinstance(value, str):
            return keyed(value)
        if isinstance(value, (list, tuple)):
            return [plain(item) for item in value]
        return value

    return {"key": text.key, "values": {name: plain(value) for name, value in text.values.items()}}


def said(text: str, words: Words) -> str:
    """`text` in the words' language when it is a Phrase; any other text as it is."""
    return text.say(words) if isinstance(text, Phrase) else text


def spoken(error: LstmShapesError, hint: bool = True) -> str:
    """An error's message (with its field) and hint as one text: a Phrase when the error has a key.

    This is how a refusal travels inside another sentence (a `check` case's detail) and is
    still said in the reader's language.
    """
    if error.key is None:
        return with_hint(error.message, error.hint if hint else None)
    said: str = Phrase(f"error:{error.key}", **error.values)
    if isinstance(error, InvalidSpec) and error.field:
        said = Phrase("field_problem", field=error.field, problem=said)
    hint_key = error.hint_key or f"{error.key}_hint"
    if hint and hint_key in english().errors:
        said = Phrase("with_hint", message=said, hint=Phrase(f"error:{hint_key}", **error.values))
    return said


def with_hint(message: str, hint: str | None) -> str:
    """'message. hint': a message and its hint on one line."""
    if not hint:
        return message
    return f"{message}{'' if message.endswith(('.', '?', '!')) else '.'} {hint}"


# A Phrase's key names its template: "error:KEY", "paragraph:KEY", "note:KEY" and "term:KEY" in
# those groups of `Words`, any other key in `phrases`. JOINED is no language's: its parts, said
# one after another (a paragraph and the sentences added to it).
_GROUPS = {"error": "errors", "paragraph": "paragraphs", "note": "notes", "term": "terms"}
JOINED = "joined"


def _template(key: str, words: Words) -> str | None:
    if key == JOINED:
        return "{parts:join:}"
    group, _, name = key.partition(":")
    if name and group in _GROUPS:
        found: str | None = getattr(words, _GROUPS[group]).get(name)
        return found
    return words.phrases.get(key)


def joined(*parts: str) -> Phrase:
    """Sentences said one after another, each in the reader's language: `parts` of a paragraph
    (the empty ones left out; a single Phrase is itself)."""
    kept = [part for part in parts if part]
    if len(kept) == 1 and isinstance(kept[0], Phrase):
        return kept[0]
    return Phrase(JOINED, parts=kept)


def paragraph(key: str, /, **values: Any) -> Phrase:
    """A paragraph (or a part of one) of the guided reading: `words.paragraphs[key]` with `values`."""
    return Phrase(f"paragraph:{key}", **values)


def note(key: str, /, **values: Any) -> Phrase:
    """A note of the table's "Why" column: `words.notes[key]` with `values`."""
    return Phrase(f"note:{key}", **values)


def term(key: str) -> Phrase:
    """A single word (a merge mode): `words.terms[key]`."""
    return Phrase(f"term:{key}")


def has_paragraph(key: str) -> bool:
    """Whether the catalogues have this paragraph (a kind's own words, else the general ones)."""
    return key in english().paragraphs


def _phrase_text(key: str, values: Mapping[str, Any], words: Words) -> str:
    template = _template(key, words)
    if template is None:  # a language that lacks a phrase says it in English
        words = english()
        template = _template(key, words)
        if template is None:
            raise KeyError(f"no words for {key!r}")
    return fill(template, **{name: _said(value, words) for name, value in values.items()})


def _said(value: Any, words: Words) -> Any:
    if isinstance(value, Phrase):
        return value.say(words)
    if isinstance(value, (list, tuple)):
        return type(value)(_said(item, words) for item in value)
    return value


def english() -> Words:
    return words("en")


def words(lang: str) -> Words:
    module = importlib.import_module(f"lstm_shapes.locales.{lang}")
    found: Words = module.WORDS
    return found


def default_language(environ: dict[str, str] | None = None) -> str:
    """The language of the user's locale: LC_ALL, then LC_MESSAGES, then LANG; English otherwise."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            return next((lang for lang in LANGUAGES if value.lower().startswith(lang)), "en")
    return "en"


# Korean particles that change with the sound before them: written in a template as a
# format spec in their after-consonant form, e.g. "{window:은}" gives "25는" or "23은".
_PARTICLES = {"은": "는", "이": "가", "을": "를", "과": "와", "으로": "로", "이다": "다", "이나": "나"}
# Digits read with no final consonant (이 2, 사 4, 오 5, 구 9) and with ㄹ (일 1, 칠 7, 팔 8).
_OPEN_DIGITS = "2459"
_RIEUL_DIGITS = "178"
# The index of ㄹ among Hangul final consonants (을 -> 로 rather than 으로).
_RIEUL_FINAL = 8
# Words read with no final consonant (GRU: 지알유).
_OPEN_WORDS = ("GRU",)
# A Latin word's last letter read with no final consonant: a vowel (dense 덴스), or a consonant Korean
# reads with a vowel after it or none (head 헤드, decoder 디코더, class 클래스, max 맥스); g, k, l, m, n, p, t
# close the word (embedding 임베딩, lstm 엘에스티엠, input 인풋).
_OPEN_LETTERS = "aeiouwy" + "dfhrsvxz"


class _Formatter(string.Formatter):
    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in _PARTICLES:
            text = str(value)
            return text + particle(text, format_spec)
        if format_spec.startswith("plural:"):  # "{steps:plural:step|steps}": the word for the count
            one, _, other = format_spec.removeprefix("plural:").partition("|")
            return one if value == 1 else other
        if format_spec == "stop":  # "{message:stop}": a sentence that ends in a full stop
            text = str(value)
            return text if text.endswith((".", "?", "!")) else text + "."
        if format_spec.startswith("join:") and isinstance(value, (list, tuple)):
            return format_spec.removeprefix("join:").join(str(item) for item in value)
        return str(super().format_field(value, format_spec))


def particle(text: str, after_consonant: str) -> str:
    """The particle that follows `text` read aloud in Korean: '25' + 은 -> 는, '23' + 은 -> 은.

    Only the number at the end counts ("(32, 25, 10)" ends in 십); a Latin word is read by its
    last letter (_OPEN_LETTERS: dense 덴스, head 헤드, decoder 디코더; lstm 엘에스티엠, input 인풋).
    """
    digits = text.rstrip(")], ")
    if digits.endswith(_OPEN_WORDS):
        return _PARTICLES[after_consonant]
    if digits and "가" <= digits[-1] <= "힣":  # a Hangul syllable: look at its final consonant
        final = (ord(digits[-1]) - ord("가")) % 28
        if final == 0:
            return _PARTICLES[after_consonant]
        if after_consonant == "으로" and final == _RIEUL_FINAL:
            return "로"
        return after_consonant
    last = digits[-1:] if digits[-1:].isdigit() else ""
    if not last:
        open_letter = digits[-1:].isascii() and digits[-1:].lower() in tuple(_OPEN_LETTERS)
        return _PARTICLES[after_consonant] if open_letter else after_consonant
    if last == "0":  # 십, 백, 천, 만 all end in a consonant
        return after_consonant
    if last in _OPEN_DIGITS:
        return _PARTICLES[after_consonant]
    if after_consonant == "으로" and last in _RIEUL_DIGITS:
        return "로"
    return after_consonant


def fill(template: str, **values: object) -> str:
    """`template.format(**values)`, with Korean particles chosen by sound."""
    return _Formatter().format(template, **values)
