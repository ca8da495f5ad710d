"""The app's group: plain help in sections, commands built when used, Click's usage errors in the
user's language.

Apart from the app so that a help screen can be laid out without importing the flags
(serve/help_screens.py builds the screens from a checked snapshot of the parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

import typer._click as click
from typer.core import TyperGroup

# The group's commands, in the order they are listed, each with what builds it (typer's own
# get_command on the command's app): `later` adds one, `with_server` the server's group.
LATER: dict[str, Callable[[], click.Command]] = {}


def later(name: str, build: Callable[[], click.Command]) -> None:
    """Add the command `name` to the group, built by `build` the first time it is used."""
    LATER.setdefault(name, build)


class Commands(MutableMapping[str, click.Command]):
    """A group's commands, each built by typer only when it is asked for: a run of the main
    command never lays out the parameters of check, inspect and the server's commands."""

    def __init__(self, built: dict[str, click.Command], waiting: dict[str, Callable[[], click.Command]]):
        self._built = dict(built)
        self._waiting = waiting

    def _names(self) -> Iterable[str]:
        return [*self._built, *(name for name in self._waiting if name not in self._built)]

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._built:
            self._built[name] = self._waiting[name]()
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in self._waiting

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(list(self._names()))


class SectionedHelp(TyperGroup):
    """Plain help, grouped by `rich_help_panel` into sections; Click's errors in the user's language.

    Typer's Rich help imports rich.markdown and lays out panels: 0.3 s before the
    first line. Click's plain formatter prints the same text in a third of that.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = Commands(dict(self.commands), LATER)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """In the order they were added (as typer lists them), without building one."""
        return list(self.commands)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                title = getattr(param, "rich_help_panel", None) or "Options"
                sections.setdefault(title, []).append(record)
        for title, rows in sections.items():
            with formatter.section(title):
                formatter.write_dl(rows)
        self.format_commands(ctx, formatter)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The command is optional: `lstm-shapes --units 20` runs the main command itself."""
        return ["[OPTIONS]", "[COMMAND [ARGS]...]"]

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        from lstm_shapes.cli import usage

        return usage.run(lambda a, *r, **k: super(SectionedHelp, self).main(a, *rest, *r, **k), args, kwargs)
