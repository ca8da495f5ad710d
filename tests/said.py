"""What the tool said, read as data: a Phrase's keys and values, and back.

`--json --explain`'s `reading` and an error document's `values` hold what a message says
without its language; these helpers walk that data and turn it back into Phrases a test
says in any language, so a test compares keys and values, never sentences typed twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lstm_shapes.locales import Phrase


def keyed_parts(node: Any) -> Iterator[dict[str, Any]]:
    """Every phrase said in a reading: the parts of a paragraph and the phrases inside values too."""
    if isinstance(node, list):
        for item in node:
            yield from keyed_parts(item)
    elif isinstance(node, dict):
        yield node
        for value in node["values"].values():
            yield from keyed_parts(value)


def from_keyed(node: Any) -> Any:
    """The reading's data back into a Phrase, to be said in a language."""
    if isinstance(node, dict):
        return Phrase(node["key"], **{name: from_keyed(value) for name, value in node["values"].items()})
    if isinstance(node, list):
        return [from_keyed(item) for item in node]
    return node


def flat(text: str) -> str:
    """Text with its wrapping undone: every run of whitespace one space."""
    return " ".join(text.split())
