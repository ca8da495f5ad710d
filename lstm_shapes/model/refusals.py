"""Refusals worded by the English locale, keeping their key and values for other languages.

Every module of `model` raises through these two, so a message is written once, in the locales.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from lstm_shapes.errors import EnvironmentProblem, InvalidSpec
from lstm_shapes.locales import fill
from lstm_shapes.locales.en import WORDS as ENGLISH


def invalid(field: str | None, key: str, *, hint_key: str | None = None, **values: object) -> InvalidSpec:
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


def environment(key: str, *, hint_key: str | None = None, **values: object) -> EnvironmentProblem:
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


def closest(given: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The valid choice a mistyped one most likely meant, if any: the one place that guesses."""
    close = difflib.get_close_matches(given, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def unknown(
    field: str | None,
    key: str,
    given: str,
    choices: Sequence[str],
    *,
    named: str = "value",
    cutoff: float = 0.6,
    **extra: object,
) -> InvalidSpec:
    """An unknown choice refused: `key` with the valid ones, or `key`_guess with "did you mean"."""
    guess = closest(given, choices, cutoff)
    values: dict[str, Any] = {named: given, "valid": ", ".join(choices), **extra}
    if guess is None:
        return invalid(field, key, **values)
    return invalid(field, f"{key}_guess", guess=guess, **values)


def refield(error: InvalidSpec, field: str) -> InvalidSpec:
    """The same refusal, said of another field (`units` inside `layers[1]` is `layers[1].units`)."""
    return InvalidSpec(
        field, error.problem, error.hint, key=error.key, values=error.values, hint_key=error.hint_key
    )


__all__ = ["closest", "environment", "invalid", "refield", "unknown"]
