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
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from lstm_shapes.errors import ExitCode, InvalidSpec, LstmShapesError, plain_values
from lstm_shapes.locales import Phrase, Words, default_language, fill, said, say, words
from lstm_shapes.spec.refusals import environment, os_reason

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

T = TypeVar("T")


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
    if name in CELL_CONVOLUTION:  # a ConvLSTM's: --cell-kernel-size (--padding is the mask's)
        name = "cell_" + name.removeprefix("cell_")
    return "--" + name.replace("_", "-")


CELL_CONVOLUTION = ("kernel_size", "strides", "dilation_rate", "cell_padding")


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


def error_document(code: str, exit_code: int, problem: str, hint: str | None, **more: object) -> str:
    """`--format json`'s refusal: `{"error": {"code", "message", "hint", "exit_code", ...}}`."""
    import json

    body = {"code": code, "message": problem, "hint": hint, "exit_code": exit_code, **more}
    return json.dumps({"error": body}, indent=2, ensure_ascii=False)


def report_error(error: LstmShapesError, words: Words, json_errors: bool = False) -> int:
    """The error's lines on stderr in `words`' language; with `json_errors`, its document on stdout as well."""
    text, hint = message(error, words)
    lines = f"{words.errors.get('error', 'Error')}: {text}" + (f"\n{hint}" if hint else "")
    try:
        write(lines, err=True)
        if json_errors:
            more: dict[str, object] = {"key": error.key, "values": plain_values(error.values)}
            if isinstance(error, InvalidSpec) and error.field:
                more.update(flag=flag_of(error.field), field=error.field)
            cause = getattr(error, "error", None)  # a backend's process: its own error
            if isinstance(cause, LstmShapesError):
                more.update(
                    backend=getattr(error, "backend", None),
                    cause=cause.code,
                    key=cause.key,
                    values=plain_values(cause.values),
                )
            more.update(error.details)
            write(error_document(error.code, int(error.exit_code), say(error, words)[0], hint, **more))
    except OutputClosed:
        pass
    except OutputFailed:
        # The refusal could not be said (stderr full): the environment failed, as for stdout.
        return int(ExitCode.ENVIRONMENT)
    return int(error.exit_code)


def report_bug(exc: BaseException, words: Words, json_errors: bool = False) -> int:
    """A bug of ours: the traceback to a file, its path said in one line, exit 70."""
    path = save_traceback(exc)
    problem = fill(words.errors["bug"], error=type(exc).__name__, path=path)
    hint = words.errors["bug_hint"]
    with contextlib.suppress(OutputClosed, OutputFailed):
        write(f"{words.errors.get('error', 'Error')}: {problem}\n{hint}", err=True)
        if json_errors:
            write(error_document("internal_error", int(ExitCode.BUG), problem, hint, traceback_file=path))
    return int(ExitCode.BUG)


def save_traceback(exc: BaseException) -> str:
    """Write the traceback (with the version and the arguments) where the user can attach it to a report."""
    import tempfile
    import time
    import traceback

    from lstm_shapes.version import __version__

    text = f"lstm-shapes {__version__}\nargs: {sys.argv[1:]!r}\n\n" + "".join(
        traceback.format_exception(type(exc), exc, exc.__traceback__)
    )
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        handle, path = tempfile.mkstemp(prefix=f"lstm-shapes-bug-{stamp}-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
    except OSError:
        return "(unsaved: " + traceback.format_exception_only(type(exc), exc)[-1].strip() + ")"
    return path


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's last flush cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def guarded(traceback: bool, action: Callable[[], T], words: Words, json_errors: bool = False) -> T:
    """Run `action`; our errors, Ctrl-C and write errors become messages in `words`' language and exit codes.

    With `json_errors` (--json, --format json) a refusal is also a JSON document on stdout.
    Anything else raised is a bug of ours: exit 70, its traceback saved to a file.
    """
    import typer._click as click

    try:
        return action()
    except LstmShapesError as error:
        if traceback:
            raise
        raise typer.Exit(report_error(error, words, json_errors)) from None
    except KeyboardInterrupt:
        if traceback:
            raise
        interrupted = words.errors.get("interrupted", "Interrupted.")
        with contextlib.suppress(OutputClosed, OutputFailed):
            write(interrupted, err=True)
            if json_errors:
                write(error_document("interrupted", int(ExitCode.INTERRUPTED), interrupted, None))
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except OutputClosed:
        _silence_stdout()
        raise typer.Exit(int(ExitCode.PIPE_CLOSED)) from None
    except OutputFailed as failure:
        _say_write_failure(failure.stream, failure.error, words)
        raise typer.Exit(int(ExitCode.ENVIRONMENT)) from None
    except (typer.Exit, typer.Abort, click.exceptions.ClickException):
        raise  # typer's and Click's own outcomes
    except Exception as exc:
        if traceback:
            raise
        raise typer.Exit(report_bug(exc, words, json_errors)) from None


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


@contextlib.contextmanager
def spinner(enabled: bool, words: Words) -> Iterator[Callable[[str], None] | None]:
    """A Rich spinner on stderr naming the step in progress in `words`' language, only when stderr is a terminal.

    It writes to a duplicate of the terminal's descriptor, because descriptor 2 itself
    is pointed at /dev/null while TensorFlow loads (see `observe.framework.quiet_native_stderr`).
    Under a warm server (a host with a spinner) the client's terminal draws it.
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from lstm_shapes.cli.host import current

    remote = current().spinner
    if remote is not None:
        remote(Phrase("step_starting").say(words))
        try:
            yield lambda step: remote(f"{said(step, words)}…")
        finally:
            remote(None)
        return
    from rich.console import Console

    with os.fdopen(os.dup(sys.stderr.fileno()), "w") as terminal:
        status_console = Console(file=terminal)
        with status_console.status("…", spinner="dots") as status:
            yield lambda step: status.update(f"{said(step, words)}…")
