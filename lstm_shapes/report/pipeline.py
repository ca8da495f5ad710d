"""The pipeline: spec -> predict -> (guard, observe) -> checks -> one StackReport."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from lstm_shapes.model.expect import Expectation, parse_expectation, resolve
from lstm_shapes.model.spec import StackSpec
from lstm_shapes.predict.stack import predict
from lstm_shapes.report.checks import compare, expectation_checks, state_invariants
from lstm_shapes.report.types import Check, StackReport

if TYPE_CHECKING:
    from lstm_shapes.model.backend import RunOptions


def inspect_stack(
    spec: StackSpec,
    *,
    run: bool = True,
    expect: Iterable[Expectation | str] = (),
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
) -> StackReport:
    """Predict every shape of `spec`; unless `run` is False, check it against Keras.

    `expect` pins shapes (`"output=32,25,20"` or `Expectation`s); unknown tensor
    names raise `InvalidSpec` before anything is run. A run that would not fit in
    `max_memory` bytes (default: the memory available) raises `EnvironmentProblem`
    before anything is built. `progress` hears each step's name as it starts.
    `options` picks the Keras backend and asks for the forward pass's time.

    >>> from lstm_shapes import LayerSpec, StackSpec, inspect_stack
    >>> report = inspect_stack(StackSpec(layers=(LayerSpec(20, return_sequences=True),)), run=False)
    >>> report.shape("output")
    (32, 25, 20)
    """
    predicted = predict(spec)
    wanted = resolve((parse_expectation(e) if isinstance(e, str) else e for e in expect), predicted)
    report = StackReport(spec, predicted, None, None, ())
    if run:
        from lstm_shapes.observe.run import observe
        from lstm_shapes.predict.memory import guard

        guard(predicted, spec.batch, max_memory)
        observation = observe(spec, progress, options)
        checks = compare(predicted, observation.report)
        if observation.problems:
            checks.append(
                Check("Keras returned the predicted tensors", False, "; ".join(observation.problems))
            )
        checks += state_invariants(spec, observation.values, flat_only=spec.masked)
        if spec.masked:
            from lstm_shapes.report.masks import mask_invariants

            checks += mask_invariants(spec, observation.values, observation.run)
        report = replace(report, observed=observation.report, run=observation.run, checks=tuple(checks))
    return replace(report, checks=report.checks + tuple(expectation_checks(report, wanted)))
