"""Exit codes and the one family of exceptions the CLI turns into messages."""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """What the process tells its caller (docs/exit-codes-json.md lists them)."""

    OK = 0
    CHECK_FAILED = 1
    INVALID_INPUT = 2
    ENVIRONMENT = 3
    # A bug of ours (sysexits' EX_SOFTWARE): the traceback is saved to a file whose path is said.
    BUG = 70
    INTERRUPTED = 130
    # stdout's reader went away (`... | head -1`): what a shell reports for SIGPIPE.
    PIPE_CLOSED = 141


class LstmShapesError(Exception):
    """Base of every error a user can cause; carries its exit code and a hint.

    `key` names the message's entry in the locales' `errors` (and `key_hint` its hint),
    `values` the numbers and names in it, so the CLI can say it in the user's language;
    `message` and `hint` are the English words, for the API and for logs.
    """

    exit_code: ExitCode = ExitCode.INVALID_INPUT
    # The stable code of `--format json`'s error document (docs: "Error codes").
    code: str = "invalid_input"

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        key: str | None = None,
        values: dict[str, object] | None = None,
        hint_key: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.key = key
        self.values = values or {}
        # The hint's entry in the locales, when it is not `key` + "_hint".
        self.hint_key = hint_key
        # More of `--format json`'s error document, beside code, message and hint (inspect's
        # partial table of a model Keras refused).
        self.details: dict[str, object] = {}


class InvalidSpec(LstmShapesError):
    """A value or a stack that cannot be built.

    `field` names the setting in Keras terms (`dropout`, `layers[1].units`) so
    each front end (flags, spec files, the Python API) can say where it came from.
    """

    def __init__(
        self,
        field: str | None,
        problem: str,
        hint: str | None = None,
        *,
        key: str | None = None,
        values: dict[str, object] | None = None,
        hint_key: str | None = None,
    ) -> None:
        super().__init__(
            f"{field}: {problem}" if field else problem, hint, key=key, values=values, hint_key=hint_key
        )
        self.field = field
        self.problem = problem


class EnvironmentProblem(LstmShapesError):
    """The machine cannot do what was asked (no GPU, a missing package)."""

    exit_code = ExitCode.ENVIRONMENT
    code = "environment"


class KerasRejected(LstmShapesError):
    """Keras itself refused to build or run the stack."""

    code = "keras_rejected"


def plain_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """An error's values as JSON holds them: what fills each field of its message's template.

    Numbers and flags stay as they are; a sentence inside (a Phrase) is its English, as all JSON.
    """

    def plain(value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)  # JSON has no NaN or Infinity
        if value is None or isinstance(value, (bool, int, float)):
            return value
        if isinstance(value, (list, tuple)):
            return [plain(item) for item in value]
        return str(value)

    return {name: plain(value) for name, value in values.items()}
