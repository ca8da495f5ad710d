"""The user's data in the report: the table used, the windows, the targets, and the loss's check."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lstm_shapes.locales import Phrase
from lstm_shapes.predict.losses import Outcome, TimeChange, labels_of
from lstm_shapes.predict.memory import available_bytes, human
from lstm_shapes.predict.windows import (
    LossName,
    LossVerdict,
    TargetSteps,
    WindowPlan,
    check_keras_limits,
    loss_verdict,
    plan_windows,
)
from lstm_shapes.report.types import Check
from lstm_shapes.sources.data import LAYOUTS, DataOptions, DataTable, load, widen
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.shapes import CONV_NAME, Role, Shape, ShapeReport
from lstm_shapes.spec.stack import StackSpec

# Reading a CSV with pandas holds about this many bytes per byte of file at its peak.
READ_FACTOR = 3


@dataclass(frozen=True)
class DataReport:
    """Everything the data block and the JSON `data` object show."""

    table: DataTable
    plan: WindowPlan
    output_shape: Shape
    per_step_reason: str
    loss: LossName
    verdict: LossVerdict | None
    unscaled: tuple[str, ...]
    # Filled in by a run: Keras's batch count and first batch's shapes, and the training step.
    keras_batches: int | None = None
    keras_x: Shape | None = None
    keras_y: Shape | None = None
    keras_said: str | None = None
    keras_accepted: bool | None = None
    asked_batch: int = 32
    # A stateful stack whose last batch is short: batch sizes that divide the sample count.
    stateful_fix: tuple[int, ...] | None = None
    # Keras's last batch's shapes.
    keras_last_x: Shape | None = None
    keras_last_y: Shape | None = None
    # What the training step did: trained on matching shapes, trained on something else, or raised.
    keras_outcome: Outcome | None = None


def guard_file(data: Any, budget: int | None) -> None:
    """Refuse a file too large to read, from its size alone, before reading it."""
    if not isinstance(data, (str, Path)):
        return
    try:
        size = os.stat(data).st_size
    except OSError:
        return  # the reader says what is wrong with it
    room = budget if budget is not None else available_bytes()
    need = size * READ_FACTOR
    if room is not None and need > room:
        raise invalid(
            "data", "data_too_large", path=str(data), size=human(size), need=human(need), room=human(room)
        )


def top_output(predicted: ShapeReport) -> Shape:
    """The model's output: the first tensor of the last layer."""
    last = predicted.tensors[-1].layer
    return next(r.shape for r in predicted.tensors if r.layer == last and r.role is not Role.INPUT)


def read(data: Any, options: DataOptions) -> tuple[DataTable, LossName]:
    """The loss and --target-steps checked, then the table read (for a built stack or a saved model)."""
    try:
        loss = LossName(options.loss)
    except ValueError:
        raise invalid(
            "loss", "unknown", value=options.loss, valid=", ".join(m.value for m in LossName)
        ) from None
    if options.target_steps is not None and options.target_steps not in {s.value for s in TargetSteps}:
        raise invalid(
            "target_steps",
            "unknown",
            value=options.target_steps,
            valid=", ".join(s.value for s in TargetSteps),
        )
    if options.layout not in LAYOUTS:
        raise invalid("layout", "unknown", value=options.layout, valid=", ".join(LAYOUTS))
    table = load(data, options)
    return table, loss


def prepare(
    spec: StackSpec,
    data: Any,
    options: DataOptions,
    *,
    features_given: bool = False,
    window_given: bool = False,
) -> tuple[StackSpec, DataTable, WindowPlan, LossName, str]:
    """Read the data, fit the spec to it (features, window, first batch) and plan the windows."""
    if spec.spatial:  # a table's rows are steps of features, not frames: refused before reading it
        raise invalid("data", "data_convlstm", cell=spec.layers[0].cell.keras_name)
    table, loss = read(data, options)
    if options.layout == "wide":
        table = widen(table, spec.window if window_given else None, spec.features if features_given else None)
    if features_given and spec.features != table.features:
        raise invalid(
            "features",
            "data_features_disagree",
            found=table.features,
            columns=", ".join(table.columns),
            features=spec.features,
        )
    window = spec.window
    if table.prewindowed:
        found = int(table.values.shape[1])
        if window_given and window != found:
            raise invalid("window", "data_window_disagrees", path=table.source, found=found, window=window)
        window = found
    return (
        replace(spec, features=table.features, window=window),
        table,
        _plan(spec, table, options, window),
        loss,
        "",
    )


def _plan(spec: StackSpec, table: DataTable, options: DataOptions, window: int) -> WindowPlan:
    return plan_for(table, options, window, spec.batch)


def plan_for(table: DataTable, options: DataOptions, window: int, batch: int) -> WindowPlan:
    """The windows of `table` for an input of `window` steps, in batches of `batch`."""
    return plan_windows(
        table.rows,
        window,
        table.features,
        stride=options.stride,
        rate=options.sampling_rate,
        horizon=options.horizon,
        batch=batch,
        targets=0 if table.targets is None else int(table.targets.shape[-1]) if table.targets.ndim > 1 else 1,
        prewindowed=table.prewindowed,
    )


def choose_steps(
    plan: WindowPlan, table: DataTable, output: Shape, options: DataOptions
) -> tuple[WindowPlan, str]:
    """Per-step targets when the output is 3-D, else one per window; --target-steps overrides."""
    if table.prewindowed:
        per_step = table.targets is not None and table.targets.ndim == 3
        return replace(plan, per_step=per_step), "given"
    if options.target_steps is not None:
        chosen, why = replace(plan, per_step=options.target_steps == TargetSteps.ALL.value), "asked"
    else:
        chosen, why = (
            replace(plan, per_step=len(output) == 3),
            "output_3d" if len(output) == 3 else "output_2d",
        )
    check_keras_limits(chosen)
    return chosen, why


def stack_changes(spec: StackSpec) -> tuple[TimeChange, ...]:
    """The built stack's layers that change the time axis: only the Conv1D front end can."""
    conv = spec.conv
    if conv is None or conv.output_steps(spec.window) == spec.window:
        return ()
    how = Phrase("how_conv", kernel=conv.kernel_size, strides=conv.strides, padding=conv.padding.value)
    return (TimeChange(CONV_NAME, how, spec.window, conv.output_steps(spec.window)),)


def verdict_for(
    plan: WindowPlan,
    table: DataTable,
    output: Shape,
    loss: LossName,
    backend: str | None = None,
    changes: tuple[TimeChange, ...] = (),
) -> LossVerdict | None:
    """The loss's rule (predict/losses.py) on y's and the output's shapes, on the backend that will run."""
    if table.targets is None or plan.y_shape is None:
        return None
    from lstm_shapes.spec.backend_choice import default_backend

    batch = output[0]
    y = (batch, *plan.y_shape[1:]) if not table.prewindowed else (batch, *table.targets.shape[1:])
    labels = labels_of(table.targets) if loss is LossName.SPARSE_CATEGORICAL_CROSSENTROPY else None
    return loss_verdict(tuple(y), output, loss, labels, backend or default_backend(), plan.window, changes)


def data_checks(report: DataReport) -> list[Check]:
    checks: list[Check] = []
    v = report.verdict
    if v is not None:
        detail = (
            Phrase("targets_seen", y=str(v.y_seen), out=str(v.out_seen), loss=report.loss.value)
            if v.passed
            else Phrase("reason_fix", reason=v.reason, fix=v.fix)
        )
        checks.append(Check(Phrase("targets_fit"), v.passed, detail))
        if report.keras_outcome is not None:
            # The training step is the judge: a verdict Keras contradicts fails, naming both.
            agrees = report.keras_outcome is v.outcome
            said = report.keras_said or ""
            detail = (
                Phrase("outcome_agrees", outcome=Phrase(f"outcome_{v.outcome.value}"), said=said)
                if agrees
                else Phrase(
                    "outcome_differs",
                    ours=Phrase(f"outcome_{v.outcome.value}"),
                    keras=Phrase(f"outcome_{report.keras_outcome.value}"),
                    said=said,
                )
            )
            checks.append(Check(Phrase("training_step_agrees"), agrees, detail))
    if report.keras_batches is not None and not report.plan.prewindowed:
        # A 3-D array is already windows: Keras windowed nothing, so there is nothing to compare.
        plan = report.plan
        same = (
            report.keras_batches == plan.batches
            and report.keras_x == (plan.first_batch, *plan.x_shape[1:])
            and (report.keras_last_x is None or report.keras_last_x == (plan.last_batch, *plan.x_shape[1:]))
        )
        parts = [Phrase("windows_first", batches=report.keras_batches, x=str(report.keras_x))]
        if report.keras_y is not None:
            parts.append(Phrase("windows_y", y=str(report.keras_y)))
        if report.keras_last_x is not None:
            parts.append(Phrase("windows_last", x=str(report.keras_last_x)))
        checks.append(Check(Phrase("windows_match"), same, Phrase("list", items=parts)))
    return checks


def stateful_fix(spec: StackSpec, plan: WindowPlan) -> tuple[int, ...] | None:
    """For a stateful stack with a short last batch: the batch sizes nearest to it that divide the samples."""
    if not any(layer.stateful for layer in spec.layers) or plan.last_batch == plan.batch:
        return None
    n = plan.samples
    below = next(d for d in range(min(plan.batch, n), 0, -1) if n % d == 0)
    above = next((d for d in range(plan.batch + 1, min(n, 100 * plan.batch) + 1) if n % d == 0), None)
    return (below,) if above is None else (below, above)


def judge_step(step: Any, loss: LossName, y: Any = None) -> dict[str, Any]:
    """Keras's verdict, from what it did alone: it raised, it trained on what the loss rule calls
    matching (y_true and y_pred as the loss function received them), or it trained on something else.

    `y` is the batch of targets it trained on, for the sparse loss's labels (whole numbers in
    0 .. classes - 1); on JAX a label out of range trains without a word.
    """
    from lstm_shapes.predict.losses import RULES, Rule

    said = step.message
    if step.y_seen is not None and step.out_seen is not None:
        said = Phrase("loss_got", said=said, y=str(step.y_seen), out=str(step.out_seen))
    if not step.accepted:
        return {"keras_said": said, "keras_accepted": False, "keras_outcome": Outcome.RAISES}
    clean = step.y_seen is not None and step.out_seen is not None
    if clean:
        if RULES[loss][0] is Rule.SPARSE:
            want = step.out_seen[:-1]
            clean = step.y_seen in (want, (*want, 1))
            labels = None if y is None else labels_of(y)
            if clean and labels is not None:
                low, high, whole = labels
                clean = whole and low >= 0 and high < step.out_seen[-1]
        else:
            clean = step.y_seen == step.out_seen
    if not clean:
        said = Phrase("broadcast_quietly", said=said)
    return {
        "keras_said": said,
        "keras_accepted": clean,
        "keras_outcome": Outcome.MATCH if clean else Outcome.SILENT,
    }
