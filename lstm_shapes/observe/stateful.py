"""`--stateful --batches N`: run N consecutive batches and check what each layer carries across them.

Keras 3's RNN (keras/src/layers/rnn/rnn.py, `call`): a stateful layer starts from
`self.states` instead of zeros and assigns its final states back after the call;
`reset_state()` sets them to zeros. The check is exact: the stateful layer's output on
batch k+1 against a fresh, non-stateful copy with the same weights, given batch k's final
states as `initial_state` (both run the same kernel on the same device).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from lstm_shapes.observe.build import Step, flat_outputs
from lstm_shapes.predict.windows import WindowPlan
from lstm_shapes.spec.stack import SEED_LIMIT, StackSpec
from lstm_shapes.spec.stateful import Carried, Reset, StatefulRun


def _state_layers(layer: Any) -> list[Any]:
    if hasattr(layer, "forward_layer"):
        return [layer.forward_layer, layer.backward_layer]
    return [layer]


def _states(keras: Any, layer: Any) -> list[np.ndarray]:
    out = []
    for part in _state_layers(layer):
        for variable in flat_outputs(list(part.states or ())):  # several cells: nested per cell
            out.append(np.array(keras.ops.convert_to_numpy(variable.value)))
    return out


def state_names(step: Step) -> tuple[str, ...]:
    """The states a stateful layer carries, as its kind names them: h, c; by cell ('[1] h') when
    one RNN runs several cells; by direction ('forward h') when bidirectional."""
    spec = step.recurrent
    assert spec is not None
    one = spec.state_labels()
    if spec.bidirectional:
        return tuple(f"{side} {name}" for side in ("forward", "backward") for name in one)
    return one


def _reset(keras: Any, layer: Any) -> None:
    """`reset_states()`, state by state: Keras 3.15's own assigns to each entry of `self.states`,
    and an RNN over several cells keeps one list per cell there (a list has no `assign`)."""
    for part in _state_layers(layer):
        for variable in flat_outputs(list(part.states or ())):
            variable.assign(keras.ops.zeros_like(variable.value))


def _packed(step: Step, states: list[Any]) -> list[Any]:
    """`initial_state` as Keras takes it: flat for one cell, one list per cell when an RNN runs
    several ([[h0, c0], [h1]]), each direction's in turn."""
    spec = step.recurrent
    assert spec is not None
    if not spec.cells:
        return states
    sizes = [len(cell.cell.kind.states) for cell in spec.cells] * (2 if spec.bidirectional else 1)
    packed, at = [], 0
    for size in sizes:
        packed.append(states[at : at + size])
        at += size
    return packed


def _unstateful(config: Any) -> Any:
    if isinstance(config, dict):
        return {k: (False if k == "stateful" else _unstateful(v)) for k, v in config.items()}
    if isinstance(config, list):
        return [_unstateful(v) for v in config]
    return config


def _fresh(step: Step, x: Any) -> Any:
    """A non-stateful copy of the step's layer, built, with the same weights."""
    layer = step.layer
    copy = type(layer).from_config(_unstateful(layer.get_config()))
    copy.build(tuple(x.shape))
    copy.set_weights(layer.get_weights())
    return copy


def _numpy(keras: Any, result: Any) -> list[np.ndarray]:
    items = flat_outputs(result)
    return [np.array(keras.ops.convert_to_numpy(t)) for t in items]


def _diff(a: list[np.ndarray], b: list[np.ndarray]) -> float:
    if len(a) != len(b) or any(x.shape != y.shape for x, y in zip(a, b, strict=True)):
        return float("inf")
    return max((float(np.max(np.abs(x - y))) if x.size else 0.0) for x, y in zip(a, b, strict=True))


def random_batches(spec: StackSpec, count: int) -> list[np.ndarray]:
    """Batches 2 to count: the same kind of batch as the first, from seed + 1, seed + 2, ..."""
    from lstm_shapes.observe.sequences import make_batch

    return [make_batch(replace(spec, seed=(spec.seed + k) % SEED_LIMIT)) for k in range(1, count)]


def data_batches(values: np.ndarray, plan: WindowPlan, count: int) -> list[np.ndarray]:
    """Batches 2 to count of the windows of `values`, in Keras's order (window j starts at row j * stride)."""
    out = []
    for k in range(1, count):
        first = k * plan.batch
        if plan.prewindowed:
            out.append(values[first : first + plan.batch].astype("float32"))
            continue
        starts = np.arange(first, first + plan.batch) * plan.stride
        rows = starts[:, None] + np.arange(plan.window)[None, :] * plan.rate
        out.append(values[rows].astype("float32"))
    return out


def run_batches(
    keras: Any,
    spec: StackSpec,
    steps: list[Step],
    first: np.ndarray,
    first_values: dict[str, np.ndarray],
    more: list[np.ndarray],
    source: str,
    say: Callable[[str], None] | None = None,
) -> StatefulRun:
    """Run `more` after the first batch (already run), then reset_states() and batch 1 again."""
    stateful = [s for s in steps if s.recurrent is not None and s.recurrent.stateful]
    final = {s.name: _states(keras, s.layer) for s in stateful}
    carried: list[Carried] = []
    for k, batch in enumerate(more, start=1):
        x: Any = keras.ops.convert_to_tensor(batch)
        for step in steps:
            if step in stateful:
                start = _states(keras, step.layer)
                equal = len(start) == len(final[step.name]) and all(
                    np.array_equal(a, b) for a, b in zip(start, final[step.name], strict=True)
                )
                fresh = _fresh(step, x)
                given = _packed(step, [keras.ops.convert_to_tensor(s) for s in final[step.name]])
                with_states = _numpy(keras, fresh(x, initial_state=given, training=False))
                from_zeros = _numpy(keras, fresh(x, training=False))
                outputs = step(x)
                got = _numpy(keras, outputs)
                size = max((float(np.max(np.abs(s))) for s in final[step.name] if s.size), default=0.0)
                carried.append(
                    Carried(
                        step.name,
                        k,
                        state_names(step),
                        size,
                        equal,
                        _diff(got, with_states),
                        _diff(got, from_zeros),
                    )
                )
                final[step.name] = _states(keras, step.layer)
            else:
                outputs = step(x)
            x = outputs[0]
    resets = []
    for step in stateful:
        _reset(keras, step.layer)
    zeros = {s.name: all(not v.any() for v in _states(keras, s.layer)) for s in stateful}
    x = keras.ops.convert_to_tensor(first)
    for step in steps:
        outputs = step(x)
        if step in stateful:
            again = _numpy(keras, outputs)
            before = [first_values[label] for label in step.labels]
            resets.append(Reset(step.name, zeros[step.name], _diff(again, before)))
        x = outputs[0]
    return StatefulRun(len(more) + 1, spec.batch, tuple(carried), tuple(resets), source)
