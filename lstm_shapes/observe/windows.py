"""Keras's own windows of the user's data, and one real training step on a copy of the model.

`keras.utils.timeseries_dataset_from_array` makes the windows exactly as `model.fit`
would get them; only the first batch is ever materialised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.locales import Phrase
from lstm_shapes.observe.build import build_steps
from lstm_shapes.observe.framework import import_keras, quiet_native_stderr
from lstm_shapes.spec.stack import StackSpec

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.predict.windows import WindowPlan


@dataclass(frozen=True)
class KerasWindows:
    """What Keras's windowing produced: the batch count, the first batch and the last batch's shape."""

    batches: int
    x: np.ndarray
    y: np.ndarray | None
    last_x: tuple[int, ...] | None = None
    last_y: tuple[int, ...] | None = None


def _dataset(make: Any, values: np.ndarray, targets: np.ndarray | None, plan: WindowPlan) -> Any:
    """`timeseries_dataset_from_array` on these rows, as the user would call it for model.fit."""
    common = dict(
        sequence_length=plan.window,
        sequence_stride=plan.stride,
        sampling_rate=plan.rate,
        batch_size=plan.batch,
        shuffle=False,
    )
    horizon = plan.horizon
    if targets is None:
        return make(values, None, **common)
    if plan.per_step:
        rows = values.shape[0] - horizon
        xs = make(values[:rows], None, **common)
        ys = make(targets[horizon:], None, **common)
        return type(xs).zip((xs, ys))
    return make(values, targets[(plan.window - 1) * plan.rate + horizon :], **common)


def _first(dataset: Any) -> tuple[Any, Any]:
    item = next(iter(dataset))
    return (item[0], item[1]) if isinstance(item, tuple) else (item, None)


def keras_windows(
    values: np.ndarray, targets: np.ndarray | None, plan: WindowPlan, backend: str | None = None
) -> KerasWindows:
    """The dataset `model.fit` would get for these rows; per-step targets are windowed alike.

    Keras's `from_tensors` copies the whole array it is given, twice over, so it is never given
    the whole table: the batch count comes from Keras on zero-width views of every row (the
    same length, no bytes), the first and the last batch from Keras on just the rows they
    cover. A window depends only on its own rows, so these are the very batches Keras would
    yield from the whole table (tests/test_windows.py checks that against the whole table).
    """
    import numpy as np

    if plan.prewindowed:
        first = values[: plan.batch]
        y = None if targets is None else targets[: plan.batch]
        last = values[(plan.batches - 1) * plan.batch :]
        return KerasWindows(
            plan.batches,
            first,
            y,
            tuple(int(d) for d in last.shape),
            None if targets is None else (last.shape[0], *targets.shape[1:]),
        )
    keras = import_keras(backend)
    make = keras.utils.timeseries_dataset_from_array
    # Keras refuses data no longer than the sampling rate or the stride.
    least = max(plan.rate, plan.stride) + 1 + (plan.horizon if plan.per_step else 0)
    # The rows the first batch's windows and targets reach.
    span = min(plan.rows, max((plan.batch - 1) * plan.stride + plan.reach, least))
    # The last batch's first row, or whole batches before it where that is too few rows.
    step = plan.batch * plan.stride
    last_start = (plan.batches - 1) * step
    while last_start > 0 and plan.rows - last_start < least:
        last_start -= step
    with quiet_native_stderr():
        empty = None if targets is None else targets[:, :0]
        batches = int(_dataset(make, values[:, :0], empty, plan).cardinality())
        head = None if targets is None else targets[:span]
        x, y = _first(_dataset(make, values[:span], head, plan))
        tail = None if targets is None else targets[last_start:]
        for item in _dataset(make, values[last_start:], tail, plan):
            last = item
        last_x, last_y = (last[0], last[1]) if isinstance(last, tuple) else (last, None)
    return KerasWindows(
        batches,
        np.asarray(x),
        None if y is None else np.asarray(y),
        tuple(int(d) for d in last_x.shape),
        None if last_y is None else tuple(int(d) for d in last_y.shape),
    )


@dataclass(frozen=True)
class TrainingStep:
    """What one `train_on_batch` did: accepted or refused, and the shapes the loss saw."""

    accepted: bool
    loss: float | None
    y_seen: tuple[int, ...] | None
    out_seen: tuple[int, ...] | None
    message: str


def train_once(
    spec: StackSpec, x: np.ndarray, y: np.ndarray, loss: str, backend: str | None = None
) -> TrainingStep:
    """One training step on a fresh copy of the stack, recording what the loss function received."""
    keras = import_keras(backend)
    try:
        with quiet_native_stderr():
            stateful = any(layer.stateful for layer in spec.layers)
            inputs = keras.Input(
                shape=(spec.window, spec.features), batch_size=x.shape[0] if stateful else None
            )
            h: Any = inputs
            for step in build_steps(keras, spec, {}):
                out = step.layer(h)
                h = out[0] if isinstance(out, (list, tuple)) else out
            model = keras.Model(inputs, h)
    except Exception as exc:
        return _refused(exc, {})
    return train_step(keras, model, x, y, loss)


def train_model(
    model: Any, x: np.ndarray, y: np.ndarray, loss: str, backend: str | None = None
) -> TrainingStep:
    """One training step on a copy of a user's model (same architecture, its own weights untouched)."""
    keras = import_keras(backend)
    try:
        with quiet_native_stderr():
            copy = keras.models.clone_model(model)
    except Exception as exc:
        return _refused(exc, {})
    return train_step(keras, copy, x, y, loss)


def _refused(exc: BaseException, seen: dict[str, tuple[int, ...]]) -> TrainingStep:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return TrainingStep(False, None, seen.get("y"), seen.get("out"), f"{type(exc).__name__}: {line[:300]}")


def train_step(keras: Any, model: Any, x: np.ndarray, y: np.ndarray, loss: str) -> TrainingStep:
    """`compile(loss=...)` and one `train_on_batch`, as `model.fit` would run it.

    The loss is Keras's own function, wrapped by Keras as any loss named in `compile` is
    (`LossFunctionWrapper`, which squeezes or expands a trailing 1 first); a watcher inside
    records the shapes the function itself received.
    """
    import numpy as np

    base = keras.losses.get(loss)
    seen: dict[str, tuple[int, ...]] = {}

    def watched(y_true: Any, y_pred: Any) -> Any:
        seen["y"] = tuple(int(d) for d in y_true.shape)
        seen["out"] = tuple(int(d) for d in y_pred.shape)
        return base(y_true, y_pred)

    try:
        with quiet_native_stderr():
            model.compile(optimizer="sgd", loss=watched, run_eagerly=True)
            value = model.train_on_batch(x, y)
    except Exception as exc:
        return _refused(exc, seen)
    number = float(np.asarray(value).reshape(-1)[0])
    return TrainingStep(
        True, number, seen.get("y"), seen.get("out"), Phrase("train_accepted", loss=f"{number:.4g}")
    )
