"""The pipeline: spec -> predict -> (guard, observe) -> checks -> one StackReport."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lstm_shapes.locales import Phrase
from lstm_shapes.predict.kernels import predict_kernel_path
from lstm_shapes.predict.stack import predict
from lstm_shapes.report.checks import expectation_checks, observed_checks
from lstm_shapes.report.types import StackReport
from lstm_shapes.spec.backend_choice import Plan
from lstm_shapes.spec.expect import Expectation, parse_expectation, resolve
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.stack import DeviceChoice, StackSpec

if TYPE_CHECKING:
    from lstm_shapes.sources.data import DataOptions
    from lstm_shapes.spec.backend_choice import RunOptions


def inspect_stack(
    spec: StackSpec,
    *,
    run: bool = True,
    expect: Iterable[Expectation | str] = (),
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
    plan: Sequence[str] = (),
    data: Any = None,
    data_options: DataOptions | None = None,
    features_given: bool = False,
    window_given: bool = False,
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

    `data` (a CSV/TSV/.npy/.npz path, a NumPy array or a pandas DataFrame) replaces the
    random batch with the first batch of Keras's windows of it, read as `data_options`
    says; the report's `data` then holds the windows, the targets and the loss's check.
    `features_given`/`window_given` say the spec's numbers were asked for, not defaults:
    then a disagreeing file is refused instead of followed.
    """
    if data is not None:
        # The data reader (and numpy) only for --data: an input error or --help never loads it.
        from lstm_shapes.sources.data import DataOptions

        return _with_data(
            spec,
            data,
            data_options or DataOptions(),
            run,
            expect,
            max_memory,
            progress,
            options,
            features_given,
            window_given,
            plan,
        )
    predicted = predict(spec)
    wanted = resolve((parse_expectation(e) if isinstance(e, str) else e for e in expect), predicted)
    report = StackReport(spec, predicted, None, None, (), planned=tuple(planned_paths(spec, plan)))
    if run:
        from lstm_shapes.observe.stack import observe
        from lstm_shapes.predict.memory import guard

        guard(predicted, spec.batch, max_memory)
        observation = observe(spec, progress, options)
        checks = observed_checks(spec, predicted, observation, flat_only=spec.masked)
        if spec.masked:
            from lstm_shapes.report.masks import mask_invariants

            checks += mask_invariants(spec, observation.values, observation.run)
        if observation.stateful is not None:
            from lstm_shapes.report.stateful import stateful_checks

            checks += stateful_checks(observation.stateful)
        report = replace(
            report,
            observed=observation.report,
            run=observation.run,
            checks=tuple(checks),
            stateful=observation.stateful,
        )
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


def _with_data(
    spec: StackSpec,
    data: Any,
    data_options: DataOptions,
    run: bool,
    expect: Iterable[Expectation | str],
    max_memory: int | None,
    progress: Callable[[str], None] | None,
    options: RunOptions | None,
    features_given: bool,
    window_given: bool,
    backends: Sequence[str] = (),
) -> StackReport:
    """The stack on the user's data: windows and targets predicted, then (unless not `run`) Keras's."""
    from lstm_shapes.report import data as datas

    if spec.lengths is not None:  # Keras's windows of a table are whole: no sample is shorter
        raise invalid("lengths", "lengths_with_data", window=spec.window)
    datas.guard_file(data, max_memory)
    spec, table, plan, loss, _ = datas.prepare(
        spec, data, data_options, features_given=features_given, window_given=window_given
    )
    asked = spec.batch
    full = plan.samples // plan.batch
    if spec.batches > 1 and spec.batches > full:
        raise invalid(
            "batches",
            "batches_beyond_data",
            batches=spec.batches,
            full=full,
            samples=plan.samples,
            batch=plan.batch,
            fit=max(1, plan.samples // spec.batches),
        )
    spec = replace(spec, batch=plan.first_batch)
    output = datas.top_output(predict(spec))
    from lstm_shapes.sources.data import unscaled

    plan, why = datas.choose_steps(plan, table, output, data_options)
    summary = datas.DataReport(
        table,
        plan,
        output,
        why,
        loss,
        datas.verdict_for(
            plan,
            table,
            output,
            loss,
            None if options is None else options.backend,
            datas.stack_changes(spec),
        ),
        unscaled(table.ranges, table.columns),
        asked_batch=asked,
        stateful_fix=datas.stateful_fix(spec, plan),
    )
    predicted = predict(spec)
    wanted = resolve((parse_expectation(e) if isinstance(e, str) else e for e in expect), predicted)
    planned = tuple(planned_paths(spec, backends))
    report = StackReport(spec, predicted, None, None, (), data=summary, planned=planned)
    if run:
        from lstm_shapes.observe.stack import observe
        from lstm_shapes.observe.windows import keras_windows, train_once
        from lstm_shapes.predict.memory import guard

        guard(predicted, spec.batch, max_memory)
        backend = None if options is None else options.backend
        if progress is not None:
            progress(Phrase("step_windows"))
        windows = keras_windows(table.values, table.targets, plan, backend)
        more = None
        if spec.batches > 1:
            from lstm_shapes.observe.stateful import data_batches

            more = data_batches(table.values, plan, spec.batches)
        observation = observe(spec, progress, options, data_batch=windows.x, more_batches=more)
        checks = observed_checks(spec, predicted, observation)
        if observation.stateful is not None:
            from lstm_shapes.report.stateful import stateful_checks

            checks += stateful_checks(observation.stateful)
        summary = replace(
            summary,
            keras_batches=windows.batches,
            keras_x=tuple(int(d) for d in windows.x.shape),
            keras_y=None if windows.y is None else tuple(int(d) for d in windows.y.shape),
            keras_last_x=windows.last_x,
            keras_last_y=windows.last_y,
        )
        if windows.y is not None and summary.verdict is not None:
            if progress is not None:
                progress(Phrase("step_train"))
            step = train_once(spec, windows.x, windows.y, loss.value, backend)
            summary = replace(summary, **datas.judge_step(step, loss, windows.y))
        report = replace(
            report,
            observed=observation.report,
            run=observation.run,
            checks=tuple(checks),
            data=summary,
            stateful=observation.stateful,
        )
    checks_now = report.checks + tuple(datas.data_checks(summary))
    return replace(report, checks=checks_now + tuple(expectation_checks(report, wanted)))
