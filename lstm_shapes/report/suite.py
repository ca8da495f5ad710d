"""Run the cases of spec files in one process, with one framework import, for `check`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import ExitCode, InvalidSpec, LstmShapesError
from lstm_shapes.locales import Phrase, spoken
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.report.types import Check, StackReport
from lstm_shapes.sources.specfile import Case, location

if TYPE_CHECKING:
    from lstm_shapes.report.saved import ModelReport


class Status(str, Enum):
    PASSED = "passed"
    FAILED = "failed"  # a check failed: an expectation, an invariant, or predict != Keras
    INVALID = "invalid"  # the file or the stack cannot be built
    ERROR = "error"  # the environment cannot run it (no GPU, no backend)


# The exit code of a whole run is that of its worst case.
_EXIT = {
    Status.PASSED: ExitCode.OK,
    Status.FAILED: ExitCode.CHECK_FAILED,
    Status.ERROR: ExitCode.ENVIRONMENT,
    Status.INVALID: ExitCode.INVALID_INPUT,
}
_SEVERITY = [Status.PASSED, Status.FAILED, Status.ERROR, Status.INVALID]


@dataclass(frozen=True)
class CaseResult:
    case: Case
    status: Status
    detail: str
    seconds: float
    report: StackReport | None = None
    # A `model = "..."` case's report (report/saved.py).
    model_report: ModelReport | None = None
    # What refused an invalid case (or stopped one that could not run): its key and values.
    error: LstmShapesError | None = None

    @property
    def line(self) -> int:
        """The line to look at: the problem's when there is one, else the case's."""
        return self.case.problem.line if self.case.problem else self.case.line

    @property
    def where(self) -> str:
        """'cases.toml:12': the one way a case's location is written."""
        return location(self.case.file, self.line)


def _failure(checks: Sequence[Check]) -> str:
    failed = [Phrase("check_failed", name=c.name, detail=c.detail) for c in checks if not c.passed]
    return Phrase("problems", items=failed)


def _rejected(case: Case, message: str, seconds: float) -> CaseResult:
    """A case with `expect_error` passes when it is refused with that text (in English)."""
    assert case.expect_error is not None
    if case.expect_error.lower() in message.lower():
        return CaseResult(
            case, Status.PASSED, Phrase("rejected_as_expected", text=case.expect_error), seconds
        )
    detail = Phrase("rejected_lacks", text=case.expect_error, message=message)
    return CaseResult(case, Status.FAILED, detail, seconds)


def run_case(case: Case, run: bool) -> CaseResult:
    """Inspect one case; every outcome, even an error, becomes a result."""
    if case.problem is not None:
        if case.spec is None and case.expect_error is not None:
            return _rejected(case, spoken(case.problem.error), 0.0)
        problem = case.problem.error
        return CaseResult(case, Status.INVALID, spoken(problem, hint=False), 0.0, error=problem)
    if case.model is not None:
        return run_model_case(case, run)
    assert case.spec is not None
    start = time.perf_counter()
    try:
        if case.data is None:
            report = inspect_stack(case.spec, run=run and case.run, expect=case.expect)
        else:
            from lstm_shapes.sources.data import DataOptions

            report = inspect_stack(
                case.spec,
                run=run and case.run,
                expect=case.expect,
                data=case.data,
                data_options=DataOptions(columns=case.columns, target=case.target),
            )
    except LstmShapesError as error:
        return _refused(case, error, time.perf_counter() - start)
    what = Phrase("shapes_predicted" if report.observed is None else "shapes_observed")
    return _judged(case, report.checks, what, time.perf_counter() - start, report=report)


def _refused(case: Case, error: LstmShapesError, seconds: float) -> CaseResult:
    """A case that stopped with an error: passed when `expect_error` asked for it, else its error."""
    message = spoken(error)
    if case.expect_error is not None and error.exit_code is ExitCode.INVALID_INPUT:
        return _rejected(case, message, seconds)
    if isinstance(error, InvalidSpec) and error.field == "expect":
        message = Phrase("at_line", line=case.expect_line, text=message)
    status = Status.ERROR if error.exit_code is ExitCode.ENVIRONMENT else Status.INVALID
    return CaseResult(case, status, message, seconds, error=error)


def _judged(case: Case, checks: Sequence[Check], what: Phrase, seconds: float, **outcome: Any) -> CaseResult:
    """A case that built (a stack or a model): its checks judged, or its `expect_error` missed."""
    if case.expect_error is not None:
        detail = Phrase("built_anyway", text=case.expect_error)
        return CaseResult(case, Status.FAILED, detail, seconds, **outcome)
    if not all(c.passed for c in checks):
        return CaseResult(case, Status.FAILED, _failure(checks), seconds, **outcome)
    pinned = sum(1 for c in checks if c.name.startswith("expect "))
    detail = Phrase("case_passed", count=len(checks), what=what, pinned=pinned)
    return CaseResult(case, Status.PASSED, detail, seconds, **outcome)


def run_cases(
    cases: Iterable[Case],
    run: bool,
    on_result: Callable[[CaseResult], None] | None = None,
    backend: str | None = None,
) -> list[CaseResult]:
    """Every case in this process, on `backend` (default: the process's), Keras imported once."""
    cases = list(cases)
    if run and any(c.spec is not None and c.run for c in cases):
        from lstm_shapes.observe.framework import import_keras

        import_keras(backend)  # once, up front, so no case's time includes it
    results = []
    for case in cases:
        result = run_case(case, run)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def exit_code(results: Iterable[CaseResult]) -> ExitCode:
    worst = max((r.status for r in results), key=_SEVERITY.index, default=Status.PASSED)
    return _EXIT[worst]


def run_model_case(case: Case, run: bool) -> CaseResult:
    """A `model = "..."` case: the saved model inspected as `lstm-shapes inspect` does, its checks judged."""
    from lstm_shapes.report.saved import inspect_model
    from lstm_shapes.sources.data import DataOptions
    from lstm_shapes.sources.saved import parse_source

    assert case.spec is not None and case.model is not None
    if not run:
        return CaseResult(case, Status.INVALID, Phrase("model_case_no_run"), 0.0)
    spec = case.spec
    start = time.perf_counter()
    try:
        data = {}
        if case.data is not None:
            options = DataOptions(columns=case.columns, target=case.target)
            data = {"data": case.data, "data_options": options, "window_given": case.window_given}
        report = inspect_model(
            parse_source(case.model),
            batch=spec.batch,
            window=spec.window,
            seed=spec.seed,
            device=spec.device,
            expect=case.expect,
            **data,  # type: ignore[arg-type]
        )
    except LstmShapesError as error:
        return _refused(case, error, time.perf_counter() - start)
    what = Phrase("shapes_model")
    return _judged(case, report.checks, what, time.perf_counter() - start, model_report=report)
