"""The command line's values, parsed and checked all at once into one request, before anything runs.

Every flag is read here, in every mode: a flag that means nothing in the mode it is
given in (`--time` with `--no-run`, `--weights` with `--compare`, ...) is refused with
the reason, never dropped. The command functions then only call and emit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from lstm_shapes.locales import LANGUAGES, Words, default_language, words
from lstm_shapes.model.backend import BackendChoice, parse_backends, require_installed
from lstm_shapes.model.expect import Expectation, parse_expectation, resolve
from lstm_shapes.model.masking import COMPARED, check_compared, compared_fields, sequence_fields
from lstm_shapes.model.refusals import closest, environment, invalid
from lstm_shapes.model.spec import ConvSpec, DeviceChoice, HeadKind, HeadSpec, LayerSpec, Padding, StackSpec
from lstm_shapes.predict.memory import parse_size
from lstm_shapes.predict.stack import predict
from lstm_shapes.report.compare import parse_flags

# The LayerSpec fields that flags set for every layer (units and return_sequences are per layer).
LAYER_FLAGS = tuple(f.name for f in fields(LayerSpec) if f.name not in ("units", "return_sequences"))
DEFAULT_UNITS = 20
DEFAULT_HEAD_UNITS = 10


@dataclass(frozen=True)
class Output:
    """How to say the answer: the language, JSON or the table, and what to add to the table."""

    words: Words
    json: bool = False
    weights: bool = False
    explain: bool = False
    traceback: bool = False
    # --diagram, and the files --svg and --html save what was printed to.
    diagram: bool = False
    svg: Path | None = None
    html: Path | None = None


@dataclass(frozen=True)
class FlagStack:
    """The stack the flags describe; `spec(overrides)` is it with some on/off flags changed."""

    batch: int
    window: int
    features: int
    units: tuple[int, ...]
    return_sequences: bool
    layer: Mapping[str, Any]
    head: HeadKind
    head_units: int
    device: DeviceChoice
    seed: int
    conv: ConvSpec | None
    # Embedding, Masking, lengths and padding (model/masking.py), as StackSpec's fields.
    sequences: Mapping[str, Any] = field(default_factory=dict)

    def spec(self, overrides: Mapping[str, bool] | None = None) -> StackSpec:
        settings = dict(self.layer)
        top_sequences = self.return_sequences
        for flag, value in (overrides or {}).items():
            if flag == "return-sequences":
                top_sequences = value
            elif flag in COMPARED:
                continue  # the input's mask and padding: compared_fields, below
            else:
                settings[flag.replace("-", "_")] = value
        if (overrides or {}).get("bidirectional") is False:
            settings["merge_mode"] = None  # --compare turned Bidirectional off: nothing to merge
        top = len(self.units) - 1
        layers = tuple(
            LayerSpec(units=n, return_sequences=top_sequences if i == top else True, **settings)
            for i, n in enumerate(self.units)
        )
        return StackSpec(
            batch=self.batch,
            window=self.window,
            features=self.features,
            layers=layers,
            head=HeadSpec(self.head, self.head_units),
            device=self.device,
            seed=self.seed,
            conv=self.conv,
            **compared_fields(self.sequences, overrides or {}),
        )


@dataclass(frozen=True)
class MainRequest:
    """Everything the main command was asked, checked: one value, then one dispatch."""

    output: Output
    stack: FlagStack
    # The stack itself; None with --compare, where each combination is built (or refused) apart.
    spec: StackSpec | None
    run: bool
    expect: tuple[Expectation, ...]
    budget: int | None
    backends: BackendChoice
    time: bool
    # --compare: the on/off flags to vary, or None.
    compare: tuple[str, ...] | None = None
    # --backend or --device given with --no-run: predict the kernel paths they would take.
    plan: bool = False
    # --data and its settings, as inspect_stack's keyword arguments; empty without --data.
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckRequest:
    output: Output
    files: tuple[Path, ...]
    run: bool
    junit: Path | None
    backend: str | None = None


def language(lang: str | None) -> Words:
    """The words for --lang, or for the user's locale when it is not given."""
    chosen = default_language() if lang is None else lang.strip().lower()
    if chosen not in LANGUAGES:
        guess = closest(chosen, LANGUAGES)
        if guess is not None:
            raise invalid("lang", "unknown_guess", value=lang, guess=guess, valid=", ".join(LANGUAGES))
        raise invalid("lang", "unknown", value=lang, valid=", ".join(LANGUAGES))
    return words(chosen)


def conv_from_flags(
    filters: int | None, kernel_size: int | None, strides: int | None, padding: Padding | None
) -> ConvSpec | None:
    """The Conv1D front end, or None; its other flags mean nothing without --conv-filters."""
    if filters is None:
        given = {"kernel_size": kernel_size, "strides": strides, "padding": padding}
        for name, value in given.items():
            if value is not None:
                raise invalid(f"conv.{name}", "conv_needs_filters")
        return None
    return ConvSpec(
        filters,
        3 if kernel_size is None else kernel_size,
        1 if strides is None else strides,
        padding or Padding.VALID,
    )


def stack_from_flags(params: Mapping[str, Any]) -> FlagStack:
    head: HeadKind = params["head"]
    head_units = params["head_units"]
    return FlagStack(
        batch=params["batch"],
        window=params["window"],
        features=params["features"],
        units=tuple(params["units"] or (DEFAULT_UNITS,)),
        return_sequences=params["return_sequences"],
        layer={name: params[name] for name in LAYER_FLAGS},
        head=head,
        head_units=DEFAULT_HEAD_UNITS if head_units is None else head_units,
        device=params["device"],
        seed=params["seed"],
        conv=conv_from_flags(
            params["conv_filters"], params["conv_kernel_size"], params["conv_strides"], params["conv_padding"]
        ),
        sequences=sequence_fields(
            params["embedding_vocab"],
            params["embedding_dim"],
            params["mask_zero"],
            params["mask_value"],
            params["lengths"],
            params["padding"],
        ),
    )


def _refuse_with(flag: str, given: bool, mode: str) -> None:
    if given:
        raise invalid(flag, "flag_not_in_mode", mode=mode)


def parse_main(params: Mapping[str, Any], given: frozenset[str]) -> MainRequest:
    """The main command's flags as one checked request; raises the first problem found.

    `given` names the parameters the user set (not defaults), for the flags whose
    meaning depends on the mode.
    """
    output = Output(
        language(params["lang"]),
        json=params["json_output"],
        weights=params["weights"],
        explain=params["explain"],
        traceback=params["traceback"],
        diagram=params["diagram"],
        svg=params["svg"],
        html=params["html"],
    )
    run = not params["no_run"]
    stack = stack_from_flags(params)
    if params["head_units"] is not None:
        HeadSpec(stack.head, stack.head_units)  # its value first: --head-units 0 is wrong either way
        if stack.head is HeadKind.NONE:
            raise invalid("head_units", "head_units_need_head", units=stack.head_units)
    compared = None if params["compare"] is None else parse_flags(params["compare"])
    if compared is None:
        spec = stack.spec()
    else:
        for flag in compared:
            if flag.replace("-", "_") in given:
                key = "compare_padding_given" if flag == "padding" else "compare_flag_given"
                raise invalid("compare", key, flag=flag)
        for name, flag in (
            ("weights", "weights"),
            ("explain", "explain"),
            ("time_forward", "time"),
            ("expect", "expect"),
        ):
            _refuse_with(flag, name in given, "--compare")
        check_compared(compared, stack.sequences)
        spec = None
    budget = None if params["max_memory"] is None else parse_size(params["max_memory"])
    choice = parse_backends(params["backend"], resolve_all=run)
    if compared is not None and choice.several:
        raise invalid("backend", "compare_one_backend")
    from lstm_shapes.cli.pictures import check_targets, refuse_pictures

    several = run and choice.several
    # One picture of one run: with several backends there are several runs, or (--no-run) several plans.
    pictures_several = choice.several
    mode = "--json" if output.json else "--compare" if compared is not None else None
    refuse_pictures(
        output.diagram,
        output.svg,
        output.html,
        mode or (f"--backend {params['backend']}" if pictures_several else None),
    )
    check_targets(output.svg, output.html, output.words)
    if not run:
        _refuse_with("time", params["time_forward"], "--no-run")
    expectations = tuple(parse_expectation(text) for text in params["expect"] or ())
    if spec is not None:
        expectations = resolve(expectations, predict(spec))
    if run:
        require_installed(choice.backends)
        if not choice.backends:
            raise environment("no_backend_installed")
    plan = not run and ("backend" in given or "device" in given)
    data = data_settings(params, given)
    if not run and not data:  # nothing is computed or read: there is no peak to guard
        _refuse_with("max_memory", budget is not None, "--no-run")
    if data and several:
        raise invalid("data", "data_with_backends", backends=params["backend"], first=choice.backends[0])
    return MainRequest(
        output, stack, spec, run, expectations, budget, choice, params["time_forward"], compared, plan, data
    )


DATA_FLAGS = (
    "columns",
    "target",
    "horizon",
    "stride",
    "sampling_rate",
    "target_steps",
    "loss",
    "allow_missing",
)


def data_settings(params: Mapping[str, Any], given: frozenset[str]) -> dict[str, Any]:
    """inspect_stack's keyword arguments for --data; its flags without --data are refused."""
    if params["data"] is None:
        for name in DATA_FLAGS:
            if name in given:
                raise invalid(None, "data_flag_needs_data", flag="--" + name.replace("_", "-"))
        return {}
    from lstm_shapes.sources.data import DataOptions

    def split(text: str | None) -> tuple[str, ...] | None:
        return None if text is None else tuple(part.strip() for part in text.split(",") if part.strip())

    options = DataOptions(
        columns=split(params["columns"]),
        target=split(params["target"]) or (),
        horizon=params["horizon"],
        stride=params["stride"],
        sampling_rate=params["sampling_rate"],
        target_steps=None if params["target_steps"] is None else params["target_steps"].strip().lower(),
        loss=params["loss"].strip().lower(),
        allow_missing=params["allow_missing"],
    )
    return {
        "data": params["data"],
        "data_options": options,
        "features_given": "features" in given,
        "window_given": "window" in given,
    }


def parse_check(params: Mapping[str, Any]) -> CheckRequest:
    output = Output(language(params["lang"]), json=params["json_output"], traceback=params["traceback"])
    run = not params["no_run"]
    backend = params["backend"]
    if backend is not None:
        _refuse_with("backend", not run, "--no-run")
        choice = parse_backends(backend, resolve_all=False)
        if len(choice.backends) != 1:
            raise invalid("backend", "check_one_backend")
        backend = choice.backends[0]
        if run:
            require_installed(choice.backends)
    junit: Path | None = params["junit"]
    if junit is not None:
        folder = junit.parent if str(junit.parent) else Path(".")
        if not folder.is_dir():
            raise environment("junit_no_folder", path=str(junit), folder=str(folder))
    return CheckRequest(output, tuple(params["files"]), run, junit, backend)
