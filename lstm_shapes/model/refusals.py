"""Refusals worded by the English locale, keeping their key and values for other languages.

Every module of `model` raises through these two, so a message is written once, in the locales.
"""

from __future__ import annotations

from lstm_shapes.errors import EnvironmentProblem, InvalidSpec
from lstm_shapes.locales import fill
from lstm_shapes.locales.en import WORDS as ENGLISH


def invalid(field: str | None, key: str, hint_key: str | None = None, **values: object) -> InvalidSpec:
    """An InvalidSpec worded by the English locale, keeping its key and numbers for other languages."""
    errors = ENGLISH.errors
    hint = errors.get(hint_key or f"{key}_hint")
    return InvalidSpec(
        field,
        fill(errors[key], **values),
        None if hint is None else fill(hint, **values),
        key=key,
        values=values,
        hint_key=hint_key,
    )


def environment(key: str, hint_key: str | None = None, **values: object) -> EnvironmentProblem:
    """An EnvironmentProblem worded by the English locale, like `invalid`."""
    errors = ENGLISH.errors
    hint = errors.get(hint_key or f"{key}_hint")
    return EnvironmentProblem(
        fill(errors[key], **values),
        None if hint is None else fill(hint, **values),
        key=key,
        values=values,
        hint_key=hint_key,
    )


__all__ = ["environment", "invalid"]
