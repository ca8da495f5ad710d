"""Click's own usage errors (`--units abc`, an unknown flag) in the house style and the user's language.

Like every refusal of ours: `Error: ...` on one line, naming the nearest flag or the valid
values, then one line saying where to look; flag names and values stay as they are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import typer
import typer._click as click

from lstm_shapes.errors import ExitCode

if TYPE_CHECKING:
    from lstm_shapes.locales import Words

# Every start passes through `run`; the locales and these patterns (compiled by `re` on first
# use, and cached there) are needed only once Click has refused the command line.
# Click's messages that carry a value, and the locale key that says each.
_PATTERNS = (
    (r"(?P<value>.*) is not a valid int(?:eger)?\.?$", "click_not_integer"),
    (r"(?P<value>.*) is not a valid float\.?$", "click_not_float"),
    (r"(?P<value>.*) is not a valid boolean\.?$", "click_not_boolean"),
    (r"(?P<value>.*) is not one of (?P<choices>.*)\.$", "click_not_one_of"),
    (r"(?P<value>.*) is not in the range (?P<range>.*)\.$", "click_out_of_range"),
)
_OPTION_NEEDS_VALUE = r"Option '(?P<option>[^']+)' requires an argument\.?$"
_EXTRA = r"Got unexpected extra arguments? \((?P<args>.*)\)$"
_NO_COMMAND = r"No such command '(?P<command>.*)'\.?$"


def language_of(args: Sequence[str]) -> str:
    """--lang from the raw arguments (they could not be parsed), else the locale's language."""
    from lstm_shapes.locales import LANGUAGES, default_language

    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1].strip().lower()
            return value if value in LANGUAGES else default_language()
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1].strip().lower()
            return value if value in LANGUAGES else default_language()
    return default_language()


def json_wanted(args: Sequence[str]) -> bool:
    """--json or --format json among the raw arguments (they could not be parsed)."""
    for i, arg in enumerate(args):
        if (
            arg == "--json"
            or arg == "--format=json"
            or (arg == "--format" and args[i + 1 : i + 2] == ["json"])
        ):
            return True
    return False


def _value_message(message: str, w: Words) -> str:
    from lstm_shapes.locales import fill

    for pattern, key in _PATTERNS:
        found = re.match(pattern, message)
        if found and key in w.errors:
            return fill(w.errors[key], **found.groupdict())
    return message


def nearest_option(error: click.exceptions.NoSuchOption) -> str | None:
    """The one flag closest to what was typed: `--unitz` -> `--units`, not a list to choose from."""
    import difflib

    ctx = error.ctx
    names = list(error.possibilities or [])
    if ctx is not None:
        names += [
            name for param in ctx.command.get_params(ctx) for name in param.opts if name.startswith("--")
        ]
    found = difflib.get_close_matches(error.option_name, sorted(set(names)), n=1, cutoff=0.6)
    return found[0] if found else None


def nearest_choice(error: click.exceptions.BadParameter) -> str | None:
    """The valid value closest to a mistyped choice: `--head denze` -> 'dense'."""
    import difflib

    choices = getattr(getattr(error.param, "type", None), "choices", None)
    typed = re.match(r"'(?P<value>.*)' is not one of", error.message)
    if not choices or typed is None:
        return None
    found = difflib.get_close_matches(typed.group("value"), [str(c) for c in choices], n=1, cutoff=0.6)
    return found[0] if found else None


def localized(error: click.exceptions.ClickException, w: Words) -> str:
    """The error's one line, in `w`'s language (English: Click's own line)."""
    from lstm_shapes.locales import fill

    e = w.errors
    if isinstance(error, click.exceptions.NoSuchOption):
        text = fill(e["click_no_such_option"], option=error.option_name)
        nearest = nearest_option(error)
        if nearest:
            text += " " + fill(e["click_did_you_mean"], options=nearest)
        return text
    if isinstance(error, click.exceptions.MissingParameter):
        hint = error.param.get_error_hint(error.ctx) if error.param is not None and error.ctx else ""
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        return fill(e["click_missing"], name=hint, kind=kind)
    if isinstance(error, click.exceptions.BadParameter):
        param, ctx = error.param, error.ctx
        hints: Any = error.param_hint or (param.get_error_hint(ctx) if param is not None and ctx else "")
        name = " / ".join(hints) if isinstance(hints, (list, tuple)) else str(hints)
        text = fill(e["click_bad_value"], name=name, problem=_value_message(error.message, w))
        nearest = nearest_choice(error)
        return text + (" " + fill(e["click_nearest_value"], value=f"'{nearest}'") if nearest else "")
    needs = re.match(_OPTION_NEEDS_VALUE, error.message)
    if needs:
        return fill(e["click_needs_value"], option=needs.group("option"))
    extra = re.match(_EXTRA, error.message)
    if extra:
        return fill(e["click_extra"], args=extra.group("args"))
    missing = re.match(_NO_COMMAND, error.message)
    if missing:
        return fill(e["click_no_command"], command=missing.group("command"))
    return error.format_message()


def usage_line(usage: str, w: Words) -> str:
    """Click's 'Usage: lstm-shapes [OPTIONS] ...' with its words in `w`'s language."""
    for english, key in (
        ("Usage:", "click_usage"),
        ("[OPTIONS]", "click_options"),
        ("COMMAND", "click_command"),
        ("[ARGS]", "click_args"),
    ):
        usage = usage.replace(english, w.errors.get(key, english))
    return usage


def show(error: click.exceptions.ClickException, lang: str) -> None:
    """Two lines on stderr: the error with the nearest flag or the valid values, then where to look."""
    from lstm_shapes.locales import fill, words

    w = words(lang)
    ctx = getattr(error, "ctx", None)
    lines = [f"{w.errors['error']}: {localized(error, w)}"]
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        lines.append(
            fill(w.errors["click_try_help"], command=f"{ctx.command_path} {ctx.help_option_names[0]}")
        )
    click.echo("\n".join(lines), file=sys.stderr)


def run(main: Callable[..., Any], args: Sequence[str] | None, kwargs: dict[str, Any]) -> Any:
    """Click's standalone mode, but with usage errors said in the user's language."""
    if not kwargs.pop("standalone_mode", True):
        return main(args, standalone_mode=False, **kwargs)
    arguments = list(sys.argv[1:] if args is None else args)
    try:
        code = main(args, standalone_mode=False, **kwargs)
    except SystemExit:
        # Click's own writes (--help, --version) on a closed pipe: it wraps stdout and exits 1.
        if isinstance(sys.stdout, click.utils.PacifyFlushWrapper):
            sys.exit(int(ExitCode.PIPE_CLOSED))
        raise
    except click.exceptions.ClickException as error:
        lang = language_of(arguments)
        show(error, lang)
        if json_wanted(arguments):
            from lstm_shapes.cli.output import error_document
            from lstm_shapes.locales import words

            said = error.format_message() if lang == "en" else localized(error, words(lang))
            click.echo(error_document("usage", error.exit_code, said, None))
        sys.exit(error.exit_code)
    except typer.Abort:
        click.echo("Aborted!", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
