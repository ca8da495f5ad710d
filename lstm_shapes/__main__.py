import sys

from lstm_shapes.serve.entry import main


def _python_m() -> bool:
    """Whether this process is `python -m lstm_shapes` itself. Code that runs this module with
    `runpy.run_module(..., alter_sys=True)` also sees argv[0] set to this file, but its
    interpreter was started for something else: it gets SystemExit back, not a process ended."""
    started = list(getattr(sys, "orig_argv", ()))
    at = next((i for i, word in enumerate(started) if word == "-m"), None)
    return at is not None and started[at + 1 : at + 2] == ["lstm_shapes"] and sys.argv[0] == __file__


# `python -m lstm_shapes` ends the process fast once everything is written (serve/entry.py).
main(end_process=_python_m())
