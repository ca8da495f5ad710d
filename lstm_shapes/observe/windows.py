"""Keras's own windows of the user's data, and one real training step on a copy of the model.

`keras.utils.timeseries_dataset_from_array` makes the windows exactly as `model.fit`
would get them; only the first batch is ever materialised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.model.spec import StackSpec
from lstm_shapes.observe.build import build_steps
from lstm_shapes.observe.framework import import_keras, quiet_native_stderr

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.predict.windows import WindowPlan


@dataclass(frozen=True)
class KerasWindows:
    """What Keras's windowing produced: the batch count and the first batch."""

    batches: int
    x: np.ndarray
    y: np.ndarray | None


def keras_windows(
    values: np.ndarray, targets: np.ndarray | None, plan: WindowPlan, backend: str | None = None
) -> KerasWindows:
    """The dataset `model.fit` would get for these rows; per-step targets are windowed alike."""
    import numpy as np

    if plan.prewindowed:
        first = values[: plan.batch]
        y = None if targets is None else targets[: plan.batch]
        return KerasWindows(plan.batches, first, y)
    keras = import_keras(backend)
    make = keras.utils.timeseries_dataset_from_array
    common = dict(
        sequence_length=plan.window,
        sequence_stride=plan.stride,
        sampling_rate=plan.rate,
        batch_size=plan.batch,
        shuffle=False,
    )
    horizon = plan.horizon
    with quiet_native_stderr():
        if targets is None:
            dataset = make(values, None, **common)
        elif plan.per_step:
            rows = values.shape[0] - horizon
            xs = make(values[:rows], None, **common)
            ys = make(targets[horizon:], None, **common)
            dataset = type(xs).zip((xs, ys))
        else:
            dataset = make(values, targets[(plan.window - 1) * plan.rate + horizon :], **common)
        batches = int(dataset.cardinality())
        first = next(iter(dataset))
    if isinstance(first, tuple):
        return KerasWindows(batches, np.asarray(first[0]), np.asarray(first[1]))
    return KerasWindows(batches, np.asarray(first), None)


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
    import numpy as np

    keras = import_keras(backend)
    base = keras.losses.get(loss)
    seen: dict[str, tuple[int, ...]] = {}

    def watched(y_true: Any, y_pred: Any) -> Any:
        # Keras has already squeezed or expanded a trailing 1 (LossFunctionWrapper) by now.
        seen["y"] = tuple(int(d) for d in y_true.shape)
        seen["out"] = tuple(int(d) for d in y_pred.shape)
        return base(y_true, y_pred)

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
            model.compile(optimizer="sgd", loss=watched, run_eagerly=True)
            value = model.train_on_batch(x, y)
    except Exception as exc:
        text = str(exc).strip()
        line = text.splitlines()[0] if text else type(exc).__name__
        return TrainingStep(
            False, None, seen.get("y"), seen.get("out"), f"{type(exc).__name__}: {line[:300]}"
        )
    number = float(np.asarray(value).reshape(-1)[0])
    return TrainingStep(
        True, number, seen.get("y"), seen.get("out"), f"train_on_batch accepted it (loss {number:.4g})"
    )
