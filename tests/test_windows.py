"""The window math against Keras's own `timeseries_dataset_from_array`, over random settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.predict.windows import LossName, WindowPlan, loss_verdict, plan_windows
from lstm_shapes.spec.stack import StackSpec

keras = pytest.importorskip("keras")
from lstm_shapes.observe import windows  # noqa: E402  (after Keras is known to be there)


def keras_windows(rows: int, window: int, stride: int, rate: int, horizon: int | None, batch: int):
    """Keras's windows of a table whose value is its row number, and the targets' rows."""
    data = np.arange(rows, dtype="float32")[:, None]
    targets = None if horizon is None else data[(window - 1) * rate + horizon :, 0]
    dataset = keras.utils.timeseries_dataset_from_array(
        data,
        targets,
        sequence_length=window,
        sequence_stride=stride,
        sampling_rate=rate,
        batch_size=batch,
        shuffle=False,
    )
    xs, ys, sizes = [], [], []
    for item in dataset:
        x = np.asarray(item[0] if horizon is not None else item)
        xs.append(x[..., 0])
        sizes.append(x.shape[0])
        if horizon is not None:
            ys.append(np.asarray(item[1]))
    return xs, ys, sizes


@settings(max_examples=60)
@given(
    rows=st.integers(1, 60),
    window=st.integers(1, 12),
    stride=st.integers(1, 5),
    rate=st.integers(1, 4),
    horizon=st.none() | st.integers(0, 4),
    batch=st.integers(1, 9),
)
def test_formula_gives_keras_windows_and_rows(rows, window, stride, rate, horizon, batch) -> None:
    try:
        plan = plan_windows(
            rows,
            window,
            1,
            stride=stride,
            rate=rate,
            horizon=horizon or 0,
            batch=batch,
            targets=0 if horizon is None else 1,
        )
    except InvalidSpec:
        plan = None
    if plan is None:
        # Too few rows: Keras gives no window at all (or refuses).
        try:
            _, _, sizes = keras_windows(rows, window, stride, rate, horizon, batch)
        except ValueError:
            return
        assert sum(sizes) == 0
        return
    xs, ys, sizes = keras_windows(rows, window, stride, rate, horizon, batch)
    assert sum(sizes) == plan.samples
    assert len(sizes) == plan.batches
    assert sizes[-1] == plan.last_batch
    windows = np.concatenate(xs)
    # Every sample of every batch: the rows the plan says it covers, and its target's row.
    expected = np.array(
        [range(plan.rows_of(i)[0], plan.rows_of(i)[1] + 1, rate) for i in range(plan.samples)]
    )
    assert np.array_equal(windows, expected.reshape(windows.shape))
    if horizon is not None:
        targets = np.concatenate(ys)
        assert np.array_equal(targets, [plan.target_row(i) for i in range(plan.samples)])


def reference(values: np.ndarray, targets: np.ndarray | None, plan: WindowPlan) -> list[tuple]:
    """Every batch of the whole table, from timeseries_dataset_from_array as a user would call it."""
    make = keras.utils.timeseries_dataset_from_array
    common = dict(
        sequence_length=plan.window,
        sequence_stride=plan.stride,
        sampling_rate=plan.rate,
        batch_size=plan.batch,
        shuffle=False,
    )
    h = plan.horizon
    if targets is None:
        dataset = make(values, None, **common)
    elif plan.per_step:  # the target of each step is h rows after it
        dataset = zip(
            make(values[: len(values) - h], None, **common), make(targets[h:], None, **common), strict=True
        )
    else:  # Keras's own example: targets[i] belongs to the window that starts at row i
        dataset = make(values, targets[(plan.window - 1) * plan.rate + h :], **common)
    return [
        tuple(np.asarray(part) for part in item) if isinstance(item, tuple) else (np.asarray(item),)
        for item in dataset
    ]


def check_every_sample(values: np.ndarray, targets: np.ndarray | None, plan: WindowPlan) -> None:
    """Keras's X and y, sample by sample, against the plan's rows; the tool's batches against Keras's."""
    batches = reference(values, targets, plan)
    x = np.concatenate([b[0] for b in batches])
    assert len(batches) == plan.batches and x.shape == plan.x_shape
    for i in range(plan.samples):
        first, last = plan.rows_of(i)
        assert np.array_equal(x[i], values[first : last + 1 : plan.rate])
    if targets is not None:
        y = np.concatenate([b[1] for b in batches])
        assert y.shape == plan.y_shape
        for i in range(plan.samples):
            first, last = plan.rows_of(i)
            if plan.per_step:
                assert np.array_equal(
                    y[i], targets[first + plan.horizon : last + plan.horizon + 1 : plan.rate]
                )
            else:
                assert np.array_equal(y[i], targets[plan.target_row(i)])
    # What the tool feeds the model: Keras on just the rows of the first and the last batch.
    tool = windows.keras_windows(values, targets, plan)
    assert tool.batches == plan.batches
    assert np.array_equal(tool.x, batches[0][0])
    assert tool.last_x == batches[-1][0].shape
    if targets is not None:
        assert tool.y is not None and np.array_equal(tool.y, batches[0][1])
        assert tool.last_y == batches[-1][1].shape


@settings(max_examples=25)
@given(
    rows=st.integers(2, 50),
    features=st.integers(1, 3),
    targets=st.integers(0, 2),
    window=st.integers(1, 9),
    stride=st.integers(1, 5),
    rate=st.integers(1, 4),
    horizon=st.integers(0, 4),
    batch=st.integers(1, 8),
    per_step=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_x_and_y_equal_keras_sample_by_sample(
    rows, features, targets, window, stride, rate, horizon, batch, per_step, seed
) -> None:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(rows, features)).astype("float32")
    y = rng.normal(size=(rows, targets)).astype("float32") if targets else None
    try:
        plan = plan_windows(
            rows,
            window,
            features,
            stride=stride,
            rate=rate,
            horizon=horizon if targets else 0,
            batch=batch,
            targets=targets,
            per_step=per_step and bool(targets),
        )
    except InvalidSpec:
        return  # too few rows: the formula test above checks Keras agrees
    check_every_sample(values, y, plan)


WEATHER = Path(__file__).resolve().parent.parent / "examples" / "seattle-weather.csv"


# (columns, targets, window, stride, sampling rate, horizon, batch, target steps): settings
# nobody would pick to make it easy, on a real series (Seattle's weather, 1,461 days).
WEATHER_CASES = [
    (None, ("temp_max",), 14, 3, 2, 5, 64, "last"),
    (("temp_min", "wind"), ("temp_max", "temp_min"), 30, 7, 1, 3, 50, "all"),
    (("precipitation",), ("precipitation",), 10, 2, 3, 2, 33, "all"),
    (None, (), 7, 1, 4, 0, 100, "last"),
    (("wind", "temp_max"), ("wind",), 365, 11, 1, 0, 7, "last"),
]


@pytest.mark.parametrize(
    ("columns", "target", "window", "stride", "rate", "horizon", "batch", "steps"), WEATHER_CASES
)
def test_a_real_series_equals_keras_sample_by_sample(
    columns, target, window, stride, rate, horizon, batch, steps
) -> None:
    import pandas as pd

    from lstm_shapes.report.data import choose_steps, prepare
    from lstm_shapes.sources.data import DataOptions

    options = DataOptions(
        columns=columns, target=target, horizon=horizon, stride=stride, sampling_rate=rate, target_steps=steps
    )
    spec = StackSpec(window=window, batch=batch)
    spec, table, plan, _, _ = prepare(spec, WEATHER, options)
    plan, _ = choose_steps(plan, table, (batch, 1), options)
    frame = pd.read_csv(WEATHER)  # read apart from the tool
    used = list(columns or ("precipitation", "temp_max", "temp_min", "wind"))
    values = frame[used].to_numpy("float32")
    y = frame[list(target)].to_numpy("float32") if target else None
    assert np.array_equal(table.values, values)
    assert plan.samples == (len(frame) - (window - 1) * rate - 1 - (horizon if target else 0)) // stride + 1
    assert table.label(plan.rows_of(plan.samples - 1)[0]) == frame["date"][plan.rows_of(plan.samples - 1)[0]]
    check_every_sample(values, y, plan)


def test_loss_rule_catches_what_keras_broadcasts() -> None:
    assert not loss_verdict((32, 1), (32, 25, 1), LossName.MSE).passed
    assert not loss_verdict((32, 1), (32, 10), LossName.MSE).passed
    assert loss_verdict((32, 25, 1), (32, 25, 1), LossName.MSE).passed
    assert loss_verdict((32,), (32, 1), LossName.MAE).passed  # Keras expands a rank-1 y: same numbers
    assert loss_verdict((32, 1), (32, 10), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 9, True)).passed
    assert not loss_verdict((32, 1), (32, 10), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 10, True)).passed
    assert not loss_verdict((32, 1), (32, 10), LossName.CATEGORICAL_CROSSENTROPY).passed
