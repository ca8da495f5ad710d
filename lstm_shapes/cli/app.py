"""The commands: each one parses every flag into one request, calls the library, and emits.

Kept thin on purpose: what it knows about recurrent layers lives in `spec`, `kinds` and
`predict`; the framework is imported only when a stack is really run, never for
--help or bad input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

from lstm_shapes.cli import flags as o
from lstm_shapes.cli.output import flag_of, guarded
from lstm_shapes.cli.sections import SectionedHelp, later
from lstm_shapes.locales import default_language, words

if TYPE_CHECKING:
    from lstm_shapes.locales import Words

__all__ = ["app", "flag_of", "main"]


app = typer.Typer(
    cls=SectionedHelp,
    name="lstm-shapes",
    help=(
        "Build a Keras recurrent stack (LSTM, GRU, SimpleRNN or ConvLSTM), run it on a random batch, and show "
        "every tensor's shape, what each axis means and the parameter counts: predicted from the "
        "layer math, then checked against Keras."
    ),
    add_completion=True,  # --install-completion, --show-completion: no import on a normal start
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
@o.command(o.MainFlags)
def main_command(ctx: typer.Context, flags: o.MainFlags) -> None:
    """Show the shapes of a Keras recurrent stack, e.g. lstm-shapes --batch 32 --window 25 --units 20 --return-sequences"""
    if ctx.invoked_subcommand is not None:
        return
    from lstm_shapes.cli.requests import parse_main

    said, out = speaking(flags.output), flags.output
    request = guarded(out.traceback, lambda: parse_main(flags), said, out.json_errors)
    from lstm_shapes.cli import actions  # after the parse: an input error answers without it

    guarded(out.traceback, lambda: actions.main(request), said, out.json_errors)


def speaking(out: o.OutputFlags) -> Words:
    """The words every later message of the command is said in: --lang's, else the locale's.

    A bad --lang is itself refused in the locale's language. The words are passed on, never
    kept aside, so one in-process run's language cannot leak into the next.
    """
    from lstm_shapes.cli.requests import language

    return guarded(out.traceback, lambda: language(out.lang), words(default_language()), out.json_errors)


def _command_app() -> typer.Typer:
    """An app of one command, built into a click command by typer when the group first needs it
    (cli/sections.py): the group's settings, so it is the command `@app.command()` would add."""
    return typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


check_app = _command_app()
inspect_app = _command_app()
later("check", lambda: typer.main.get_command(check_app))
later("inspect", lambda: typer.main.get_command(inspect_app))


@check_app.command("check")
@o.command(o.CheckFlags)
def check(ctx: typer.Context, flags: o.CheckFlags) -> None:
    """Run the cases of TOML spec files and check their shapes.

    All cases of all FILES run in one process. Exit 0 when every case passes, 1 when a
    check fails, 2 when a file or case is invalid, 3 when the environment can't run it.
    """
    from lstm_shapes.cli.requests import parse_check

    said, out = speaking(flags.output), flags.output
    request = guarded(out.traceback, lambda: parse_check(flags), said, out.json_errors)
    from lstm_shapes.cli import actions

    guarded(out.traceback, lambda: actions.check(request), said, out.json_errors)


@inspect_app.command("inspect")
@o.command(o.InspectFlags)
def inspect_command(ctx: typer.Context, flags: o.InspectFlags) -> None:
    """Show a saved model's layers, every tensor observed beside Keras's own shape, and the states
    its recurrent layers keep. Loads with safe_mode: nothing from the file runs without --unsafe."""
    from lstm_shapes.cli.requests import parse_inspect

    said, out = speaking(flags.output), flags.output
    request = guarded(out.traceback, lambda: parse_inspect(flags), said, out.json_errors)
    from lstm_shapes.cli import actions

    guarded(out.traceback, lambda: actions.inspect(request), said, out.json_errors)


def main() -> NoReturn:
    """The app in this process, then stdout flushed here so a late write error is ours too.

    The console script is `lstm_shapes.serve.entry:main`: it asks the warm server first,
    adds the `server` commands, and calls this when nobody serves.
    """
    import sys

    from lstm_shapes.cli.output import last_resort

    try:
        try:
            app(prog_name="lstm-shapes")
        finally:
            if sys.stdout is not None:  # None: started with stdout closed
                sys.stdout.flush()
    except SystemExit as done:
        code = done.code
    except OSError as exc:
        code = last_resort(exc)
    raise SystemExit(code)
