"""What a host that runs the app inside its own process lends the commands, as click's `obj`.

A warm server's worker calls `app(args, obj=Host(spinner=..., children=...))`: the spinner
is drawn on the client's terminal, and a backend list's jobs go to the other backends'
warm workers. A plain run has no host and gets `Host()`: a local spinner, fresh processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from typer._click.globals import get_current_context


@dataclass(frozen=True)
class Host:
    # Shows the spinner's text on the client's terminal; None stops it.
    spinner: Callable[[str | None], None] | None = None
    # Runs one backend's job (backend, job file): its exit code, or None to run it in a fresh process.
    children: Callable[[str, str], int | None] | None = None


def current() -> Host:
    """The host of the command being run (click's `obj`), or the plain one."""
    context = get_current_context(silent=True)
    found = context.find_object(Host) if context is not None else None
    return found if found is not None else Host()
