"""Refusals worded by the English locale, keeping their key and values for other languages.

Every module of `model` raises through these two, so a message is written once, in the locales.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Sequence
from typing import Any, TypeVar

from lstm_shapes.errors import EnvironmentProblem, InvalidSpec, KerasRejected, LstmShapesError
from lstm_shapes.locales import Phrase, fill
from lstm_shapes.locales.en import WORDS as ENGLISH

E = TypeVar("E", bound=LstmShapesError)


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
    return _worded(EnvironmentProblem, key, hint_key, values)


def rejected(key: str, *, hint_key: str | None = None, **values: object) -> KerasRejected:
    """Keras's own refusal (KerasRejected), worded by the English locale, like `invalid`."""
    return _worded(KerasRejected, key, hint_key, values)


def _worded(kind: type[E], key: str, hint_key: str | None, values: dict[str, object]) -> E:
    errors = ENGLISH.errors
    hint = errors.get(hint_key or f"{key}_hint")
    return kind(
        fill(errors[key], **values),
        None if hint is None else fill(hint, **values),
        key=key,
        values=values,
        hint_key=hint_key,
    )


def os_reason(exc: OSError) -> str:
    """Why the system refused a file, as a phrase (said in the user's language) when it is common."""
    known = {
        errno.ENOENT: "os_missing",
        errno.EISDIR: "os_directory",
        errno.EACCES: "os_denied",
        errno.ENOSPC: "os_full",
        errno.ENOTDIR: "os_not_directory",
        errno.EROFS: "os_read_only",
    }
    key = known.get(exc.errno or 0)
    return Phrase(key) if key else str(exc.strerror or exc)


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


__all__ = ["closest", "environment", "invalid", "os_reason", "refield", "rejected", "unknown"]
