"""The data block printed before the shape table, and the JSON `data` object; computes nothing."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from lstm_shapes.locales import Words, fill
from lstm_shapes.spec.shapes import fmt_shape


def _span(data: Any, first: int, last: int) -> str:
    a, b = data.table.label(first), data.table.label(last)
    return "" if a is None else f" ({a} … {b})"


def sample_line(data: Any, index: int, words: Words) -> str:
    h, plan, table = words.headings, data.plan, data.table
    if plan.prewindowed:
        return fill(h["data_sample_given"], index=index)
    first, last = plan.rows_of(index)
    line = fill(h["data_sample"], index=index, first=first, last=last, span=_span(data, first, last))
    if table.targets is not None:
        row = plan.target_row(index)
        label = table.label(row)
        line += fill(
            h["data_target"],
            names=", ".join(table.target_names),
            row=row,
            label="" if label is None else f" ({label})",
        )
    return line


def wide_lines(table: Any, words: Words) -> list[str]:
    """The wide layout: which of a row's columns went to which step, with the first sample's values."""
    if table.wide_columns is None:
        return []
    h = words.headings
    window, features = len(table.wide_columns), len(table.wide_columns[0])
    lines = [fill(h["data_wide"], window=window, features=features)]
    shown = list(range(window)) if window <= 6 else [0, 1, 2, window - 1]
    for step in shown:
        if window > 6 and step == window - 1:
            lines.append(fill(h["data_wide_more"], first=3, last=window - 2))
        cells = ", ".join(
            f"{name} = {value:g}"
            for name, value in zip(table.wide_columns[step], table.wide_first[step], strict=True)
        )
        lines.append(fill(h["data_wide_step"], step=step, cells=cells))
    return lines


def input_line(report: Any, words: Words) -> str:
    data = report.data
    last = (
        data.plan.rows_of(data.plan.first_batch - 1)[1]
        if not data.plan.prewindowed
        else data.plan.first_batch - 1
    )
    return fill(
        words.headings["data_input_given" if data.plan.prewindowed else "data_input"],
        shape=fmt_shape(report.spec.input_shape),
        source=data.table.source,
        first=0,
        last=last,
    )


def batches_line(batches: int, batch: int, last: int, words: Words) -> str:
    """'batches: 1 of 8 samples (fewer than --batch 32)', 'batches: 4 of 32', or '... the last of 8'."""
    h = words.headings
    if batches == 1:
        key = "data_batch_one_short" if last < batch else "data_batch_one"
        return fill(h[key], last=last, batch=batch)
    key = "data_batches_even" if last == batch else "data_batches"
    return fill(h[key], batches=f"{batches:,}", batch=batch, last=last)


def data_block(report: Any, words: Words, shared: bool = False) -> Text:
    """Rows × columns, the window count as a formula, batches, X and y, first and last samples.

    `shared`: the block is printed once for several stacks (--compare), so what depends on the
    stack (the targets' steps, the stateful note) is left to `variant_lines`.
    """
    data, h = report.data, words.headings
    table, plan = data.table, data.plan
    lines = [
        fill(
            h["data_title_windows" if plan.prewindowed else "data_title"],
            source=table.source,
            rows=f"{table.rows:,}",
            window=plan.window,
            features=table.features,
            columns=", ".join(table.columns),
        )
    ]
    if table.skipped:
        lines.append(fill(h["data_skipped"], columns=", ".join(table.skipped)))
    if table.label_column:
        lines.append(fill(h["data_labels"], column=table.label_column))
    lines += wide_lines(table, words)
    horizon = f", horizon {plan.horizon}" if plan.targets else ""
    if not plan.prewindowed:  # a 3-D array is its own windows: the title says so, nothing was windowed
        lines.append(
            fill(
                h["data_windows"],
                formula=plan.formula(),
                window=plan.window,
                stride=plan.stride,
                rate=plan.rate,
                horizon=horizon,
            )
        )
    lines.append(batches_line(plan.batches, data.asked_batch, plan.last_batch, words))
    y = (
        plan.y_shape
        if not plan.prewindowed or table.targets is None
        else (plan.samples, *table.targets.shape[1:])
    )
    if not shared:
        lines.append(fill(h["data_shapes"], x=fmt_shape(plan.x_shape), y="—" if y is None else fmt_shape(y)))
    if table.targets is not None and not shared:
        which = "all" if plan.per_step else "last"
        lines.append(
            fill(h[f"data_steps_{data.per_step_reason}"], output=fmt_shape(data.output_shape), which=which)
        )
    lines.append(sample_line(data, 0, words))
    if plan.samples > 1:
        lines.append(sample_line(data, plan.samples - 1, words))
    for name, (low, high) in zip(table.columns, table.ranges, strict=False):
        lines.append("  " + fill(h["data_ranges"], column=name, low=low, high=high))
    if data.unscaled:
        lines.append(fill(h["data_unscaled"], columns=", ".join(data.unscaled)))
    if table.missing:
        lines.append(fill(h["data_missing"], count=f"{table.missing:,}"))
    if data.stateful_fix and not shared:
        fix = " or --batch ".join(str(n) for n in data.stateful_fix)
        lines.append(
            fill(h["data_stateful"], last=plan.last_batch, batch=plan.batch, fix=fix, samples=plan.samples)
        )
    return Text("\n".join(lines) + "\n")


def explain_data(report: Any, words: Words) -> list[str]:
    data, h = report.data, words.headings
    plan = data.plan
    text = [
        fill(
            h["data_explain_windows"],
            rows=f"{plan.rows:,}",
            window=plan.window,
            features=plan.features,
            stride=plan.stride,
            horizon=plan.horizon,
            target=fill(h["data_explain_target"], horizon=plan.horizon) if plan.targets else "",
            samples=f"{plan.samples:,}",
            x=fmt_shape(plan.x_shape),
        )
    ]
    if data.table.targets is not None:
        text.append(h["data_explain_targets"])
    return text


def data_json(report: Any) -> dict[str, Any]:
    data = report.data
    table, plan, v = data.table, data.plan, data.verdict

    def sample(i: int) -> dict[str, Any]:
        if plan.prewindowed:
            return {"index": i}
        first, last = plan.rows_of(i)
        out: dict[str, Any] = {
            "index": i,
            "first_row": first,
            "last_row": last,
            "first_label": table.label(first),
            "last_label": table.label(last),
        }
        if table.targets is not None:
            out["target_row"] = plan.target_row(i)
            out["target_label"] = table.label(plan.target_row(i))
        return out

    y = (
        plan.y_shape
        if not plan.prewindowed or table.targets is None
        else [plan.samples, *table.targets.shape[1:]]
    )
    return {
        "source": table.source,
        "rows": table.rows,
        "columns": list(table.columns),
        "skipped_columns": list(table.skipped),
        "label_column": table.label_column,
        "targets": list(table.target_names),
        "window": plan.window,
        "stride": plan.stride,
        "sampling_rate": plan.rate,
        "horizon": plan.horizon,
        "prewindowed": plan.prewindowed,
        "layout": "long" if table.wide_columns is None else "wide",
        "wide_columns": None if table.wide_columns is None else [list(c) for c in table.wide_columns],
        "wide_first_sample": None if table.wide_first is None else [list(v) for v in table.wide_first],
        "samples": plan.samples,
        "samples_formula": plan.formula(),
        "batch_size": data.asked_batch,
        "batches": plan.batches,
        "last_batch": plan.last_batch,
        "x_shape": list(plan.x_shape),
        "y_shape": None if y is None else list(y),
        "target_steps": "all" if plan.per_step else "last",
        "target_steps_reason": data.per_step_reason,
        "output_shape": list(data.output_shape),
        "first_sample": sample(0),
        "last_sample": sample(plan.samples - 1),
        "ranges": {
            n: {"min": lo, "max": hi} for n, (lo, hi) in zip(table.columns, table.ranges, strict=False)
        },
        "unscaled_columns": list(data.unscaled),
        "missing_cells": table.missing,
        "stateful_batch_fix": None if data.stateful_fix is None else list(data.stateful_fix),
        "loss": data.loss.value,
        "targets_check": None
        if v is None
        else {
            "passed": v.passed,
            "outcome": v.outcome.value,
            "y_seen": list(v.y_seen),
            "output_seen": list(v.out_seen),
            "reason": v.reason,
            "fix": v.fix,
        },
        "keras": None
        if data.keras_batches is None
        else {
            "batches": data.keras_batches,
            "first_x_shape": list(data.keras_x or ()),
            "first_y_shape": None if data.keras_y is None else list(data.keras_y),
            "last_x_shape": None if data.keras_last_x is None else list(data.keras_last_x),
            "last_y_shape": None if data.keras_last_y is None else list(data.keras_last_y),
            "training_step_clean": data.keras_accepted,
            "training_step_outcome": None if data.keras_outcome is None else data.keras_outcome.value,
            "training_step_said": data.keras_said,
        },
    }


def _shapes_and_steps(data: Any, words: Words) -> str:
    h, plan, table = words.headings, data.plan, data.table
    y = (
        plan.y_shape
        if not plan.prewindowed or table.targets is None
        else (plan.samples, *table.targets.shape[1:])
    )
    line = fill(h["data_shapes"], x=fmt_shape(plan.x_shape), y="—" if y is None else fmt_shape(y))
    if table.targets is not None:
        which = "all" if plan.per_step else "last"
        line += "; " + fill(
            h[f"data_steps_{data.per_step_reason}"], output=fmt_shape(data.output_shape), which=which
        )
    return line


def compare_data(variants: Any, words: Words) -> tuple[list[Text], list[Text]]:
    """--compare --data: the data block once (before the table), and each combination's X, y
    and targets' steps (after it, numbered as the table's columns); empty without data."""
    h = words.headings
    first = next((v.report for v in variants if v.report is not None and v.report.data is not None), None)
    if first is None:
        return [], []
    block = data_block(first, words, shared=True)
    block.append(input_line(first, words) + "\n")
    lines = []
    for i, variant in enumerate(variants, 1):
        data = None if variant.report is None else variant.report.data
        if data is None:
            continue
        lines.append(Text(f"[{i}] " + _shapes_and_steps(data, words)))
        if data.stateful_fix:
            fix = " or --batch ".join(str(n) for n in data.stateful_fix)
            lines.append(
                Text(
                    f"[{i}] "
                    + fill(
                        h["data_stateful"],
                        last=data.plan.last_batch,
                        batch=data.plan.batch,
                        fix=fix,
                        samples=data.plan.samples,
                    )
                )
            )
    return [block], lines
