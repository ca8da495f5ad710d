"""The app's group: plain help in sections, and Click's usage errors in the user's language.

Apart from the app so that a help screen can be laid out without importing the flags
(serve/help_screens.py builds the screens from a checked snapshot of the parameters).
"""

from __future__ import annotations

from typing import Any

import typer._click as click
from typer.core import TyperGroup


class SectionedHelp(TyperGroup):
    """Plain help, grouped by `rich_help_panel` into sections; Click's errors in the user's language.

    Typer's Rich help imports rich.markdown and lays out panels: 0.3 s before the
    first line. Click's plain formatter prints the same text in a third of that.
    """

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
