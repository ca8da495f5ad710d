"""`lstm-shapes check`: the table of cases, the problems on stderr, and the JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text

from lstm_shapes.errors import InvalidSpec, LstmShapesError, plain_values
from lstm_shapes.locales import Phrase, Words, said, say
from lstm_shapes.render.fit import Column, Layout, fitted
from lstm_shapes.render.table import to_json_data

if TYPE_CHECKING:
    from lstm_shapes.report.suite import CaseResult


_STATUS_STYLE = {"passed": "green", "failed": "bold red", "invalid": "bold yellow", "error": "bold magenta"}


def brief(detail: str, words: Words) -> str:
    """A detail without its list of valid values (stderr and JSON keep the whole text)."""
    cut = detail.find(words.phrases.get("valid_values_start", " Valid "))
    if cut < 0:
        return detail
    head = detail[:cut].rstrip(".;")
    return head if head.endswith("?") else head + "."


def observed_any(results: Sequence[CaseResult]) -> bool:
    """Whether Keras ran at least one case (else every shape is a prediction)."""
    return any(
        (r.report is not None and r.report.observed is not None) or r.model_report is not None
        for r in results
    )


def case_problems(results: Sequence[CaseResult], words: Words) -> list[str]:
    """The lines `check` says on stderr for each case that is invalid or could not run."""
    from lstm_shapes.report.suite import Status
    from lstm_shapes.sources.specfile import FILE_CASE

    lines = []
    for result in results:
        if result.status in (Status.INVALID, Status.ERROR):
            problem = result.case.problem
            where = result.where
            who = (
                ""
                if result.case.name == FILE_CASE
                else Phrase("case_where", name=result.case.name).say(words)
            )
            lines.append(f"{words.errors.get('error', 'Error')}: {where}:{who} {said(result.detail, words)}")
            hint = None if problem is None else say(problem.error, words)[1]
            if hint:
                lines.append(f"  {hint}")
    return lines


def suite_table(results: Sequence[CaseResult], no_run: bool, words: Words, width: int = 120) -> Group:
    """The `check` summary: one row per case; on a narrow console the details fold under it."""
    observed = "suite_observed" if observed_any(results) else "suite_nothing_run"
    what = "suite_no_run" if no_run else observed
    title = Phrase("suite_title", what=Phrase(what)).say(words)
    counts = {s: sum(r.status.value == s for r in results) for s in _STATUS_STYLE}
    caption = ", ".join(
        Phrase("suite_count", count=n, status=Phrase(f"status_{s}")).say(words)
        for s, n in counts.items()
        if n
    ) or Phrase("suite_no_cases").say(words)
    columns = [
        Column(Phrase("suite_file").say(words), [Text(r.where) for r in results], fold=3),
        Column(Phrase("suite_case").say(words), [Text(r.case.name) for r in results], wrap=True),
        Column(
            Phrase("suite_status").say(words),
            [
                Text(Phrase(f"status_{r.status.value}").say(words), style=_STATUS_STYLE[r.status.value])
                for r in results
            ],
        ),
        Column(
            Phrase("suite_detail").say(words),
            [Text(brief(said(r.detail, words), words)) for r in results],
            wrap=True,
            fold=1,
            comfort=DETAIL_COMFORT,
        ),
        Column(
            Phrase("suite_time").say(words),
            [Text(f"{r.seconds:.2f}s") for r in results],
            justify="right",
            fold=2,
        ),
    ]
    keys = [r.case.name for r in results]
    return fitted(Layout(columns, keys=keys, title=title, caption=caption), width)


# The detail keeps at least this width before it folds under the table.
DETAIL_COMFORT = 24


def suite_json(
    results: Sequence[CaseResult], extra: Callable[[CaseResult], dict[str, Any]] | None = None
) -> str:
    """`check --json`; `extra` adds keys to a case (a model case's report, from render/saved.py)."""
    return json.dumps(suite_document(results, extra), indent=2)


def _refusal(error: LstmShapesError) -> dict[str, Any]:
    """What refused a case, as the command line's error document says it: key, values, field."""
    field = error.field if isinstance(error, InvalidSpec) else None
    return {"key": error.key, "values": plain_values(error.values), "field": field}


def suite_document(
    results: Sequence[CaseResult], extra: Callable[[CaseResult], dict[str, Any]] | None = None
) -> dict[str, Any]:
    """`check`'s document, its sentences (a case's detail) still `Phrase`s."""
    cases = [
        {
            "file": r.case.file,
            "line": r.line,
            "case": r.case.name,
            "status": r.status.value,
            "detail": r.detail,
            "seconds": round(r.seconds, 4),
            "report": None if r.report is None else to_json_data(r.report),
            **({} if r.error is None else {"error": _refusal(r.error)}),
            **(extra(r) if extra is not None else {}),
        }
        for r in results
    ]
    ok = all(r.status.value == "passed" for r in results)
    return {"ok": ok, "source": "observed" if observed_any(results) else "predicted", "cases": cases}
