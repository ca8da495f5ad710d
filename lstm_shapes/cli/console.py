"""The console script's first step: `lstm-shapes --version` answered before anything loads.

`--version` alone is answered here from the installed packages' metadata (no typer, no
spec machinery, no framework), so it costs little more than starting Python; every other
command line, and a --version whose write fails, goes to the app (`cli.app.main`).
"""

from __future__ import annotations

import sys
from typing import NoReturn

from lstm_shapes.version import version_lines


def main() -> NoReturn:
    if sys.argv[1:] == ["--version"]:
        try:
            sys.stdout.write("\n".join(version_lines()) + "\n")
            sys.stdout.flush()
        except OSError:
            pass  # the app's own --version writes it again and says why it could not, exit 3
        else:
            raise SystemExit(0)
    from lstm_shapes.cli.app import main as app_main

    app_main()
