"""Windows and targets from a table of rows, and the loss's view of y against the output: pure math.

It mirrors `keras.utils.timeseries_dataset_from_array` (tests/test_windows.py checks it
against Keras over random settings): a window starting at row `start` holds rows
`start, start + rate, ..., start + (window - 1) * rate`; starts step by `stride`; the
target of a window is `horizon` rows after its last row (one per window) or, per step,
`horizon` rows after each of its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from lstm_shapes.predict.losses import LossName, LossVerdict, loss_verdict
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.shapes import Shape

__all__ = ["LossName", "LossVerdict", "TargetSteps", "WindowPlan", "loss_verdict", "plan_windows"]


class TargetSteps(str, Enum):
    """One target per window (the last step's) or one per time step."""

    LAST = "last"
    ALL = "all"


@dataclass(frozen=True)
class WindowPlan:
    """How many windows a table of `rows` rows gives, and which rows each one holds."""

    rows: int
    window: int
    features: int
    stride: int = 1
    rate: int = 1
    horizon: int = 1
    batch: int = 32
    targets: int = 0
    per_step: bool = False
    # A 3-D array that is already (samples, window, features): used as it is.
    prewindowed: bool = False

    @property
    def reach(self) -> int:
        """Rows a window and its target need: (window - 1) * rate + 1, plus the horizon."""
        return (self.window - 1) * self.rate + 1 + (self.horizon if self.targets else 0)

    @property
    def starts(self) -> int:
        """Rows a window may start at: rows - (window - 1) * rate - horizon (when there are targets)."""
        if self.prewindowed:
            return self.rows
        return self.rows - self.reach + 1

    @property
    def samples(self) -> int:
        if self.prewindowed:
            return self.rows
        return max(0, -(-self.starts // self.stride))

    @property
    def batches(self) -> int:
        return -(-self.samples // self.batch)

    @property
    def last_batch(self) -> int:
        return self.samples - (self.batches - 1) * self.batch

    @property
    def first_batch(self) -> int:
        return min(self.batch, self.samples)

    @property
    def x_shape(self) -> Shape:
        return (self.samples, self.window, self.features)

    @property
    def y_shape(self) -> Shape | None:
        if not self.targets:
            return None
        if self.per_step:
            return (self.samples, self.window, self.targets)
        return (self.samples, self.targets)

    def rows_of(self, sample: int) -> tuple[int, int]:
        """The first and the last row of a sample's window."""
        start = sample * self.stride
        return start, start + (self.window - 1) * self.rate

    def target_row(self, sample: int) -> int:
        """The row a window's (last) target comes from."""
        return self.rows_of(sample)[1] + self.horizon

    def formula(self) -> str:
        """The window count written out with its numbers."""
        if self.prewindowed:
            return f"{self.samples:,} (the array's first axis)"
        horizon = f" - {self.horizon}" if self.targets else ""
        rate = f" × {self.rate}" if self.rate != 1 else ""
        inner = f"{self.rows:,} - ({self.window} - 1){rate}{horizon} - 1"
        return f"({inner}) // {self.stride} + 1 = {self.samples:,}"


def plan_windows(
    rows: int,
    window: int,
    features: int,
    *,
    stride: int = 1,
    rate: int = 1,
    horizon: int = 1,
    batch: int = 32,
    targets: int = 0,
    per_step: bool = False,
    prewindowed: bool = False,
) -> WindowPlan:
    """The plan, or InvalidSpec when the table is too short for one window and its target."""
    for name, value, least in (("stride", stride, 1), ("sampling_rate", rate, 1), ("horizon", horizon, 0)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise invalid(name, "whole_number", value=value)
        if value < least:
            raise invalid(name, "at_least", minimum=least, value=value)
    plan = WindowPlan(rows, window, features, stride, rate, horizon, batch, targets, per_step, prewindowed)
    if plan.samples < 1:
        key = "data_too_few_rows_target" if targets else "data_too_few_rows_window"
        raise invalid("data", key, rows=rows, needed=plan.reach, window=window)
    check_keras_limits(plan)
    return plan


def check_keras_limits(plan: WindowPlan) -> None:
    """Keras's timeseries_dataset_from_array refuses a sampling rate or a stride not below its data's
    length: the rows, or, with per-step targets, the rows less the horizon (the arrays it is given)."""
    if plan.prewindowed:
        return
    rows = plan.rows - (plan.horizon if plan.per_step and plan.targets else 0)
    for name, value in (("sampling_rate", plan.rate), ("stride", plan.stride)):
        if value >= rows:
            raise invalid(name, "data_step_too_long", value=value, rows=rows)
