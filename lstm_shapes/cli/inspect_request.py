"""`inspect MODEL`'s flags, parsed and checked into one request before anything is loaded.

The same rule as the main command's (cli/requests.py): every flag is read and validated here,
a bad value or a missing file is refused before a framework is imported, and the command
then only calls and emits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from lstm_shapes.cli.requests import Output, data_settings, language, output_format, refuse_for_format
from lstm_shapes.predict.memory import parse_size
from lstm_shapes.sources.saved import ModelSource, SourceKind, parse_imports, parse_source
from lstm_shapes.spec.backend_choice import parse_backends, require_installed
from lstm_shapes.spec.expect import Expectation, parse_expectation
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.stack import DeviceChoice, _check_int

if TYPE_CHECKING:
    from lstm_shapes.cli.flags import InspectFlags


@dataclass(frozen=True)
class InspectRequest:
    """Everything `inspect` was asked, checked: the model's source, the batch, and how to answer."""

    output: Output
    source: ModelSource
    batch: int
    window: int
    seed: int
    device: DeviceChoice
    unsafe: bool
    expect: tuple[Expectation, ...]
    budget: int | None
    backend: str
    time: bool
    # --data and its settings, as inspect_model's keyword arguments; empty without --data.
    data: Mapping[str, Any] = field(default_factory=dict)
    # --batch and --window, when the user set them (refused if the model fixes those axes).
    given: frozenset[str] = frozenset()


def parse_inspect(flags: InspectFlags) -> InspectRequest:
    """The inspect command's flags as one checked request; raises the first problem found."""
    model, run, given = flags.model, flags.run, flags.given
    output = Output(
        language(flags.output.lang),
        format=output_format(flags.output, given),
        weights=run.weights,
        explain=run.explain,
        traceback=flags.output.traceback,
    )
    refuse_for_format(output, explained=False)
    _check_int("batch", model.batch)
    _check_int("window", model.window)
    expect = tuple(parse_expectation(text) for text in model.expect or ())
    choice = parse_backends(model.backend, resolve_all=False)
    if choice.several:
        raise invalid("backend", "model_backends")
    budget = None if run.max_memory is None else parse_size(run.max_memory)
    data = data_settings(flags.data, given)
    data.pop("features_given", None)  # a model fixes its features: --features is not an inspect flag
    if data and "seed" in given:
        raise invalid("seed", "flag_not_in_mode", mode="--data")  # it seeds only the random batch
    source = parse_source(model.model)  # a missing or wrong file: before looking for a framework
    imports = parse_imports(model.custom_objects or ())
    if imports:
        if source.kind is SourceKind.FACTORY:  # the factory's own file imports what it needs
            raise invalid("custom_objects", "flag_not_in_mode", mode="FILE.py:FUNCTION")
        source = replace(source, imports=imports)
    require_installed(choice.backends)
    return InspectRequest(
        output,
        source,
        model.batch,
        model.window,
        model.seed,
        run.device,
        model.unsafe,
        expect,
        budget,
        choice.backends[0],
        run.time_forward,
        data,
        frozenset(given & {"batch", "window"}),
    )
