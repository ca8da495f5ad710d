"""The console script `lstm-shapes`: this environment's warm server first, else the cli here.

Once the command is done (every output written and flushed, every file it wrote closed),
the process ends with `os._exit`: the interpreter's teardown after TensorFlow is loaded
costs about a second and does nothing the user can see. Only this entry point exits that
way (and `python -m lstm_shapes`, but not the same module run by `runpy.run_module` from
other code); the app itself (tests, the notebook magic, the worker) raises SystemExit as
any command does.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn


def exit_code(code: object) -> int:
    """What the interpreter makes of `sys.exit(code)`: None is 0, a number itself, anything
    else is printed on stderr and is 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"{code}\n")
    return 1


def leave(code: int) -> NoReturn:
    """Flush what Python and C still hold, then end the process without the teardown.

    A stream that cannot be flushed now (a closed pipe, a full disk) was already
    reported by the command's own funnel; teardown would only report it again.
    """
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    # A framework's native code may have written through C's stdio: flush it too (ctypes is
    # only there once a framework loaded it, and then the flush matters).
    if "ctypes" in sys.modules:
        try:
            import ctypes

            ctypes.CDLL(None).fflush(None)
        except (OSError, AttributeError):
            pass
    os._exit(code)


def main(end_process: bool = True) -> NoReturn:
    """The console script. With `end_process` False it raises SystemExit like any command, for a
    caller that catches it (`runpy.run_module` from a test or a notebook)."""
    done = leave if end_process else _raise
    if sys.argv[1:] == ["--version"] and sys.stdout is not None:  # None: stdout closed
        # Answered from the packages' metadata before typer or the client loads; a write that
        # fails goes on to the app's own --version, which says why and exits 3.
        from lstm_shapes.version import version_lines

        try:
            sys.stdout.write("\n".join(version_lines()) + "\n")
            sys.stdout.flush()
        except OSError:
            pass
        else:
            done(0)
    # A help screen, laid out from the checked snapshot of the parameters (serve/help_screens.py):
    # the flags and the spec are not imported; None when argv is anything else.
    from lstm_shapes.serve.help_screens import answer as help_screen

    shown = help_screen(sys.argv[1:])
    if shown is not None:
        done(shown)
    from lstm_shapes.serve.client import served, start_in_background, without_flag

    answer = served(sys.argv[1:])
    if answer is not None:
        done(answer)
    argv = list(sys.argv[1:])
    sys.argv[1:] = without_flag(argv)
    from lstm_shapes.cli.app import app
    from lstm_shapes.cli.app import main as in_process
    from lstm_shapes.serve.commands import with_server

    with_server(app)
    try:
        in_process()
    except SystemExit as ended:
        # LSTM_SHAPES_SERVER=auto: the next run is served (started once this one is written).
        with contextlib.suppress(OSError, ValueError):
            start_in_background(argv)
        if not end_process:
            raise
        leave(exit_code(ended.code))
    raise AssertionError("unreachable: the app always exits")


def _raise(code: int) -> NoReturn:
    raise SystemExit(code)
