"""The IPython extension: `%load_ext lstm_shapes`, then `%lstm_shapes ARGS` or a `%%lstm_shapes` cell.

`%lstm_shapes --units 20 --return-sequences --diagram` runs the main command in the
kernel's own process and prints its report (Rich draws it as HTML in a notebook);
`%%lstm_shapes [check options]` runs the cell as a TOML spec file. The framework is
imported by the first run and stays imported, so the next magic is quick.
"""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path
from typing import Any

from typer._click.exceptions import ClickException
from typer.exceptions import Abort

from lstm_shapes.cli.app import app

CELL_FILE = "cell.toml"


def run_command(args: list[str]) -> int:
    """The main command on `args`, in this process; its exit code, never a SystemExit."""
    try:
        code = app(args, prog_name="lstm-shapes", standalone_mode=False)
    except ClickException as error:  # a usage error: the message the shell prints, no traceback
        error.show()
        return error.exit_code
    except Abort:
        return 130
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    return int(code or 0)


def lstm_shapes_magic(line: str, cell: str | None = None) -> None:
    """%lstm_shapes ARGS: the main command; %%lstm_shapes [OPTIONS]: the cell as a spec file."""
    args = shlex.split(line)
    if cell is None:
        run_command(args)
        return
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="lstm-shapes-") as folder:
        (Path(folder) / CELL_FILE).write_text(cell, encoding="utf-8")
        os.chdir(folder)  # so that messages and the table name the cell, not a temporary path
        try:
            run_command(["check", *args, CELL_FILE])
        finally:
            os.chdir(here)


def load_ipython_extension(ipython: Any) -> None:
    ipython.register_magic_function(lstm_shapes_magic, magic_kind="line_cell", magic_name="lstm_shapes")
