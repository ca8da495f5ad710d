"""`--stateful --batches N` as checks: each boundary carried exactly, and reset_states() back to zeros."""

from __future__ import annotations

from lstm_shapes.locales import Phrase
from lstm_shapes.report.types import Check
from lstm_shapes.spec.stateful import StatefulRun


def stateful_checks(run: StatefulRun) -> list[Check]:
    checks = []
    for c in run.carried:
        label = Phrase("carried_check", layer=c.layer, batch=c.after + 1, previous=c.after)
        ok = c.start_equal and c.fresh_diff == 0.0
        if ok:
            detail = Phrase("carried_exactly", states=", ".join(c.states), size=c.size, diff=c.zero_diff)
        elif not c.start_equal:
            detail = Phrase("carried_not_kept", states=", ".join(c.states), previous=c.after)
        else:
            detail = Phrase("carried_differs", diff=c.fresh_diff)
        checks.append(Check(label, ok, detail))
    for r in run.resets:
        label = Phrase("reset_check", layer=r.layer)
        ok = r.zero and r.repeat_diff == 0.0
        detail = (
            Phrase("reset_exactly")
            if ok
            else Phrase("reset_not_zero")
            if not r.zero
            else Phrase("reset_differs", diff=r.repeat_diff)
        )
        checks.append(Check(label, ok, detail))
    return checks
