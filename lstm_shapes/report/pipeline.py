"""The pipeline: spec -> predict -> (guard, observe) -> checks -> one StackReport."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from lstm_shapes.model.backend import Plan
from lstm_shapes.model.expect import Expectation, parse_expectation, resolve
from lstm_shapes.model.spec import DeviceChoice, StackSpec
from lstm_shapes.predict.kernels import predict_kernel_path
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
    plan: Sequence[str] = (),
) -> StackReport:
    """Predict every shape of `spec`; unless `run` is False, check it against Keras.

    `expect` pins shapes (`"output=32,25,20"` or `Expectation`s); unknown tensor
    names raise `InvalidSpec` before anything is run. A run that would not fit in
    `max_memory` bytes (default: the memory available) raises `EnvironmentProblem`
    before anything is built. `progress` hears each step's name as it starts.
    `options` picks the Keras backend and asks for the forward pass's time. `plan` names
    backends to predict the kernel paths of, without running (`--no-run --backend ...`).

    >>> from lstm_shapes import LayerSpec, StackSpec, inspect_stack
    >>> report = inspect_stack(StackSpec(layers=(LayerSpec(20, return_sequences=True),)), run=False)
    >>> report.shape("output")
    (32, 25, 20)
    """
    predicted = predict(spec)
    wanted = resolve((parse_expectation(e) if isinstance(e, str) else e for e in expect), predicted)
    report = StackReport(spec, predicted, None, None, (), planned=tuple(planned_paths(spec, plan)))
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
        checks += state_invariants(spec, observation.values)
        report = replace(report, observed=observation.report, run=observation.run, checks=tuple(checks))
    return replace(report, checks=report.checks + tuple(expectation_checks(report, wanted)))


def planned_paths(spec: StackSpec, backends: Sequence[str]) -> Iterator[Plan]:
    """The kernel path each layer would take on each backend, by the rules alone.

    --device gpu is planned on a GPU; cpu and auto on the CPU (whether auto would find a
    GPU is only known by importing the backend, which --no-run never does).
    """
    gpu = spec.device is DeviceChoice.GPU
    for backend in backends:
        paths = tuple(
            predict_kernel_path(name, layer, backend, gpu, 1 if gpu or spec.device is DeviceChoice.CPU else 0)
            for name, layer in zip(spec.layer_names, spec.layers, strict=True)
        )
        yield Plan(backend, "GPU:0" if gpu else "CPU:0", paths)
