"""The codes of --format json's error documents are the documented ones, and each error class has one."""

from __future__ import annotations

import re
from pathlib import Path

from lstm_shapes.errors import EnvironmentProblem, ExitCode, InvalidSpec, KerasRejected, LstmShapesError
from lstm_shapes.report.multi import BackendFailed

DOC = Path(__file__).resolve().parent.parent / "docs" / "formats.md"
# The codes the CLI itself writes (cli/output.py, cli/usage.py), beside the error classes'.
CLI_CODES = {"usage": 2, "internal_error": int(ExitCode.BUG), "interrupted": int(ExitCode.INTERRUPTED)}


def documented() -> dict[str, str]:
    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \|", DOC.read_text(encoding="utf-8"), re.M)
    return {code: exit.strip() for code, exit in rows}


def test_every_code_is_documented_with_its_exit_code() -> None:
    table = documented()
    classes = (LstmShapesError, InvalidSpec, KerasRejected, EnvironmentProblem)
    for cls in classes:
        assert table[cls.code] == str(int(cls.exit_code)), cls
    for code, exit_code in CLI_CODES.items():
        assert table[code] == str(exit_code)
    assert BackendFailed.code in table
    assert set(table) == {c.code for c in (*classes, BackendFailed)} | set(CLI_CODES)
