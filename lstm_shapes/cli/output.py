"""The one funnel between the tool and the user's terminal: text out, errors as messages, exit codes.

Every command ends here. A user-facing error becomes one to three lines on stderr in
the user's language and its exit code; a write error on stdout or stderr (a full disk)
is one line and exit 3; a closed pipe (`lstm-shapes ... | head -1`) ends quietly with
its own code, 141, as a process killed by SIGPIPE would.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from lstm_shapes.errors import ExitCode, InvalidSpec, LstmShapesError
from lstm_shapes.locales import Phrase, Words, default_language, said, say, words
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.model.refusals import environment, os_reason

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

T = TypeVar("T")

# The language errors are said in: English until --lang (or the locale) has been read.
SPEAKING: ContextVar[Words] = ContextVar("SPEAKING", default=ENGLISH)


class OutputClosed(Exception):
    """stdout's reader went away (EPIPE): nothing more can be said there."""


class OutputFailed(Exception):
    """Writing to stdout or stderr failed (ENOSPC, EIO, ...)."""

    def __init__(self, stream: str, error: OSError) -> None:
        super().__init__(f"{stream}: {error.strerror or error}")
        self.stream = stream
        self.error = error


def flag_of(field: str) -> str:
    """The flag that sets a spec field: 'gru_2.dropout' -> --dropout, 'conv.strides' -> --conv-strides."""
    parts = field.split(".")
    name = "-".join(parts) if parts[0] in ("conv", "head") else parts[-1]
    return "--" + name.replace("_", "-")


def _raise_write_error(stream: str, exc: OSError) -> NoReturn:
    if exc.errno == errno.EPIPE or isinstance(exc, BrokenPipeError):
        raise OutputClosed from exc
    raise OutputFailed(stream, exc) from exc


@contextlib.contextmanager
def writing(stream: str = "stdout") -> Iterator[None]:
    """Turn a write error inside into our outcomes: a closed pipe, or a failed write (exit 3)."""
    try:
        yield
    except OSError as exc:
        _raise_write_error(stream, exc)


def write(text: str, *, err: bool = False) -> None:
    """One line (or block) of text, flushed at once so a write error surfaces here, not at exit."""
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()
    except OSError as exc:
        _raise_write_error("stderr" if err else "stdout", exc)


def console(**settings: object) -> Console:
    """A Rich console on stdout, as every renderer prints through.

    Rich ends the process with exit 1 on a closed pipe (`Console.on_broken_pipe`); ours
    hands it to the funnel, which ends with the closed pipe's own code.
    """
    from rich.console import Console

    class FunnelConsole(Console):
        def on_broken_pipe(self) -> None:
            raise OutputClosed

    return FunnelConsole(highlight=False, **settings)  # type: ignore[arg-type]


def show(*renderables: RenderableType, terminal: Console | None = None) -> None:
    """Print Rich renderables on stdout, flushed, with write errors turned into our outcomes."""
    target = terminal or console()
    with writing():
        for item in renderables:
            target.print(item)
        target.file.flush()


def message(error: LstmShapesError, words: Words) -> tuple[str, str | None]:
    """An error's message and hint in the user's language, with the flag that caused it."""
    problem, hint = say(error, words)
    if isinstance(error, InvalidSpec) and error.field:
        return f"{flag_of(error.field)}: {problem}", hint
    return problem, hint


def report_error(error: LstmShapesError) -> int:
    words = SPEAKING.get()
    text, hint = message(error, words)
    lines = f"{words.errors.get('error', 'Error')}: {text}" + (f"\n{hint}" if hint else "")
    try:
        write(lines, err=True)
    except OutputClosed:
        pass
    except OutputFailed:
        # The refusal could not be said (stderr full): the environment failed, as for stdout.
        return int(ExitCode.ENVIRONMENT)
    return int(error.exit_code)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's last flush cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def guarded(traceback: bool, action: Callable[[], T]) -> T:
    """Run `action`; our errors, Ctrl-C and write errors become messages and exit codes."""
    try:
        return action()
    except LstmShapesError as error:
        if traceback:
            raise
        raise typer.Exit(report_error(error)) from None
    except KeyboardInterrupt:
        if traceback:
            raise
        with contextlib.suppress(OutputClosed, OutputFailed):
            write(SPEAKING.get().errors.get("interrupted", "Interrupted."), err=True)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except OutputClosed:
        _silence_stdout()
        raise typer.Exit(int(ExitCode.PIPE_CLOSED)) from None
    except OutputFailed as failure:
        _say_write_failure(failure.stream, failure.error, SPEAKING.get())
        raise typer.Exit(int(ExitCode.ENVIRONMENT)) from None


def _say_write_failure(stream: str, exc: OSError, words: Words) -> None:
    """One line on the real stderr (which may be the stream that failed), then stdout silenced."""
    problem = environment("write_failed", stream=stream, reason=os_reason(exc))
    line = f"{words.errors['error']}: {say(problem, words)[0]}\n"
    with contextlib.suppress(OSError, ValueError, AttributeError):
        stderr: Any = sys.__stderr__
        stderr.write(line)
        stderr.flush()
    _silence_stdout()


def last_resort(exc: OSError) -> int:
    """A write error outside every command (Click's --help on a full disk): one line, never a traceback."""
    if exc.errno == errno.EPIPE or isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return int(ExitCode.PIPE_CLOSED)
    # Outside every command (--help is read before --lang): the locale's language.
    _say_write_failure("stdout", exc, words(default_language()))
    return int(ExitCode.ENVIRONMENT)


def finish(ok: bool) -> NoReturn:
    raise typer.Exit(int(ExitCode.OK if ok else ExitCode.CHECK_FAILED))


# Set by a warm server's worker (cli/worker.py): the spinner's text goes to the client's
# terminal, which draws it; None stops it.
REMOTE_SPINNER: ContextVar[Callable[[str | None], None] | None] = ContextVar("REMOTE_SPINNER", default=None)


@contextlib.contextmanager
def spinner(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A Rich spinner on stderr naming the step in progress, only when stderr is a terminal.

    It writes to a duplicate of the terminal's descriptor, because descriptor 2 itself
    is pointed at /dev/null while TensorFlow loads (see `observe.framework.quiet_native_stderr`).
    Under a warm server the client's terminal draws it.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    remote = REMOTE_SPINNER.get()
    if remote is not None:
        remote(Phrase("step_starting").say(SPEAKING.get()))
        try:
            yield lambda step: remote(f"{said(step, SPEAKING.get())}…")
        finally:
            remote(None)
        return
    from rich.console import Console

    with os.fdopen(os.dup(sys.stderr.fileno()), "w") as terminal:
        status_console = Console(file=terminal)
        with status_console.status("…", spinner="dots") as status:
            yield lambda step: status.update(f"{said(step, SPEAKING.get())}…")
