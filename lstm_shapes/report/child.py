"""`python -m lstm_shapes.report.child JOB`: one backend's run for `--backend a,b,c`.

It reads the job (`report.wire`), runs the pipeline on this process's backend, and
writes a typed result file: the report, or the error that stopped it with its exit
code. Nothing on stdout or stderr is meant to be read by the parent.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lstm_shapes.errors import ExitCode, LstmShapesError
from lstm_shapes.report import wire
from lstm_shapes.report.multi import Job
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.report.types import StackReport
from lstm_shapes.spec.refusals import environment, os_reason


def _write(path: str, report: StackReport | None, error: LstmShapesError | None, code: ExitCode) -> None:
    Path(path).write_text(json.dumps(wire.result_data(report, error, code)), encoding="utf-8")


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print(
            "usage: python -m lstm_shapes.report.child JOB (run by lstm-shapes --backend a,b,c)",
            file=sys.stderr,
        )
        return int(ExitCode.INVALID_INPUT)
    try:
        job = Job.from_data(json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read the job file {argv[0]}: {exc}", file=sys.stderr)
        return int(ExitCode.ENVIRONMENT)
    try:
        report = inspect_stack(job.spec, expect=job.expect, max_memory=job.max_memory, options=job.options)
    except LstmShapesError as error:
        _write(job.result, None, error, error.exit_code)
        return int(error.exit_code)
    except KeyboardInterrupt:
        return int(ExitCode.INTERRUPTED)
    code = ExitCode.OK if report.ok else ExitCode.CHECK_FAILED
    try:
        _write(job.result, report, None, code)
    except OSError as exc:
        problem = environment("result_unwritable", path=str(job.result), reason=os_reason(exc))
        print(problem.message, file=sys.stderr)
        return int(ExitCode.ENVIRONMENT)
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
