"""`inspect MODEL`'s flags, parsed and checked into one request before anything is loaded.

The same rule as the main command's (cli/flags.py): every flag is read and validated here,
a bad value or a missing file is refused before a framework is imported, and the command
then only calls and emits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from lstm_shapes.cli.flags import Output, data_settings, language
from lstm_shapes.model.backend import parse_backends, require_installed
from lstm_shapes.model.expect import Expectation, parse_expectation
from lstm_shapes.model.refusals import invalid
from lstm_shapes.model.spec import DeviceChoice, _check_int
from lstm_shapes.predict.memory import parse_size
from lstm_shapes.sources.saved import ModelSource, SourceKind, parse_imports, parse_source


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


def parse_inspect(params: Mapping[str, Any], given: frozenset[str]) -> InspectRequest:
    """The inspect command's flags as one checked request; raises the first problem found."""
    output = Output(
        language(params["lang"]),
        json=params["json_output"],
        weights=params["weights"],
        explain=params["explain"],
        traceback=params["traceback"],
    )
    _check_int("batch", params["batch"])
    _check_int("window", params["window"])
    expect = tuple(parse_expectation(text) for text in params["expect"] or ())
    choice = parse_backends(params["backend"], resolve_all=False)
    if choice.several:
        raise invalid("backend", "model_backends")
    budget = None if params["max_memory"] is None else parse_size(params["max_memory"])
    data = data_settings(params, given)
    data.pop("features_given", None)  # a model fixes its features: --features is not an inspect flag
    if data and "seed" in given:
        raise invalid("seed", "flag_not_in_mode", mode="--data")  # it seeds only the random batch
    source = parse_source(params["model"])  # a missing or wrong file: before looking for a framework
    imports = parse_imports(params.get("custom_objects") or ())
    if imports:
        if source.kind is SourceKind.FACTORY:  # the factory's own file imports what it needs
            raise invalid("custom_objects", "flag_not_in_mode", mode="FILE.py:FUNCTION")
        source = replace(source, imports=imports)
    require_installed(choice.backends)
    return InspectRequest(
        output,
        source,
        params["batch"],
        params["window"],
        params["seed"],
        params["device"],
        params["unsafe"],
        expect,
        budget,
        choice.backends[0],
        params["time_forward"],
        data,
        frozenset(given & {"batch", "window"}),
    )
