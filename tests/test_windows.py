"""The window math against Keras's own `timeseries_dataset_from_array`, over random settings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.predict.windows import LossName, loss_verdict, plan_windows

keras = pytest.importorskip("keras")


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
    for i in (0, plan.samples - 1, plan.samples // 2):
        first, last = plan.rows_of(i)
        assert windows[i][0] == first and windows[i][-1] == last
        assert list(windows[i]) == list(range(first, last + 1, rate))
        if horizon is not None:
            assert np.concatenate(ys)[i] == plan.target_row(i)


def test_loss_rule_catches_what_keras_broadcasts() -> None:
    assert not loss_verdict((32, 1), (32, 25, 1), LossName.MSE).passed
    assert not loss_verdict((32, 1), (32, 10), LossName.MSE).passed
    assert loss_verdict((32, 25, 1), (32, 25, 1), LossName.MSE).passed
    assert loss_verdict((32,), (32, 1), LossName.MAE).passed  # Keras expands a rank-1 y: same numbers
    assert loss_verdict((32, 1), (32, 10), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 9, True)).passed
    assert not loss_verdict((32, 1), (32, 10), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 10, True)).passed
    assert not loss_verdict((32, 1), (32, 10), LossName.CATEGORICAL_CROSSENTROPY).passed
