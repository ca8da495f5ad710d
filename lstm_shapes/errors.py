"""Exit codes and the one family of exceptions the CLI turns into messages."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the process tells its caller (the README lists them)."""

    OK = 0
    CHECK_FAILED = 1
    INVALID_INPUT = 2
    ENVIRONMENT = 3
    INTERRUPTED = 130


class LstmShapesError(Exception):
    """Base of every error a user can cause; carries its exit code and a hint."""

    exit_code: ExitCode = ExitCode.INVALID_INPUT

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


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
    ) -> None:
        super().__init__(f"{field}: {problem}" if field else problem, hint)
        self.field = field
        self.problem = problem
        # The message's entry in the locales' `errors` and the numbers in it, so a
        # front end can say it in another language.
        self.key = key
        self.values = values or {}


class EnvironmentProblem(LstmShapesError):
    """The machine cannot do what was asked (no GPU, a missing package)."""

    exit_code = ExitCode.ENVIRONMENT


class KerasRejected(LstmShapesError):
    """Keras itself refused to build or run the stack."""
