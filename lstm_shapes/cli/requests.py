"""The command line's values, parsed and checked all at once into one request, before anything runs.

Every flag is read here, in every mode: a flag that means nothing in the mode it is
given in (`--time` with `--no-run`, `--weights` with `--compare`, ...) is refused with
the reason, never dropped. The command functions then only call and emit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from lstm_shapes.cli.records import Record
from lstm_shapes.errors import InvalidSpec
from lstm_shapes.locales import LANGUAGES, Words, default_language, words
from lstm_shapes.render.formats import OutputFormat
from lstm_shapes.spec.masking import COMPARED, check_compared, compared_fields, sequence_fields
from lstm_shapes.spec.refusals import closest, environment, invalid, refield
from lstm_shapes.spec.stack import (
    LAYER_LEVEL,
    ConvSpec,
    DeviceChoice,
    HeadKind,
    HeadSpec,
    LayerSpec,
    StackSpec,
    _check_int,
)

if TYPE_CHECKING:
    from lstm_shapes.cli.flags import (
        CheckFlags,
        ConvFlags,
        DataFlags,
        InspectFlags,
        LayerFlags,
        MainFlags,
        OutputFlags,
    )
    from lstm_shapes.sources.saved import ModelSource
    from lstm_shapes.spec.backend_choice import BackendChoice
    from lstm_shapes.spec.expect import Expectation

# What only a request that passed the first checks needs (the prediction, the backends, the
# comparison's flags, sizes) is imported where it is used: an input error answers without it.

DEFAULT_UNITS = LayerSpec.units
# The requests are records (cli/records.py), not dataclasses: built on every start, an input
# error's included. An empty mapping that cannot change is their shared default.
NOTHING: Mapping[str, Any] = MappingProxyType({})


class Output(Record):
    """How to say the answer: the language, JSON or the table, and what to add to the table."""

    words: Words
    format: OutputFormat = OutputFormat.TABLE
    weights: bool = False
    explain: bool = False
    traceback: bool = False
    # --diagram, and the files --svg and --html save what was printed to.
    diagram: bool = False
    svg: Path | None = None
    html: Path | None = None

    @property
    def json(self) -> bool:
        return self.format is OutputFormat.JSON

    @property
    def table(self) -> bool:
        """The Rich table (and a spinner while it runs); every other format is a document."""
        return self.format is OutputFormat.TABLE


class FlagStack(Record):
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
    # A ConvLSTM's frames (--spatial), as given: StackSpec checks and reads it.
    spatial: str = ""
    # Embedding, Masking, lengths and padding (spec/masking.py), as StackSpec's fields.
    sequences: Mapping[str, Any] = NOTHING
    # --batches: consecutive batches through a stateful stack.
    batches: int = 1
    # --cells: each layer one RNN over several cells, as (cell, units) bottom first.
    cells: tuple[tuple[tuple[str, int], ...], ...] = ()

    def _layers(self, settings: dict[str, Any], top_sequences: bool) -> tuple[LayerSpec, ...]:
        """The recurrent layers: one per --units, or one RNN over several cells per --cells, whose
        cells take the cell settings and the layer the rest (return_state, bidirectional, ...)."""
        count = len(self.cells) or len(self.units)
        sequences = [top_sequences if i == count - 1 else True for i in range(count)]
        if not self.cells:
            return tuple(
                LayerSpec(units=n, return_sequences=seq, **settings)
                for n, seq in zip(self.units, sequences, strict=True)
            )
        own = {k: v for k, v in settings.items() if k in LAYER_LEVEL}
        each = {k: v for k, v in settings.items() if k not in LAYER_LEVEL and k != "cell"}
        try:
            return tuple(
                LayerSpec(
                    cells=tuple(LayerSpec(units=n, cell=cell, **each) for cell, n in group),  # type: ignore[arg-type]
                    return_sequences=seq,
                    **own,
                )
                for group, seq in zip(self.cells, sequences, strict=True)
            )
        except InvalidSpec as err:  # a cell's kind or units: said of --cells, where it was written
            if err.field in ("cell", "units") or (err.field or "").startswith("cells"):
                raise refield(err, "cells") from err
            raise

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
        layers = self._layers(settings, top_sequences)
        return StackSpec(
            batch=self.batch,
            window=self.window,
            features=self.features,
            layers=layers,
            head=HeadSpec(self.head, self.head_units),
            device=self.device,
            seed=self.seed,
            conv=self.conv,
            spatial=self.spatial,
            batches=self.batches,
            **compared_fields(self.sequences, overrides or {}),
        )


class MainRequest(Record):
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
    data: Mapping[str, Any] = NOTHING


class CheckRequest(Record):
    output: Output
    files: tuple[Path, ...]
    run: bool
    junit: Path | None
    backend: str | None = None


def output_format(flags: OutputFlags, given: frozenset[str]) -> OutputFormat:
    """--format, with --json as --format json; --json beside another --format is refused."""
    if flags.json_output:
        if "output_format" in given and flags.output_format is not OutputFormat.JSON:
            raise invalid("format", "json_and_format", format=flags.output_format.value)
        return OutputFormat.JSON
    return flags.output_format


def refuse_for_format(output: Output, explained: bool) -> None:
    """What markdown and github cannot show: --weights; --explain where the document has no reading."""
    if output.table or output.json:
        return
    mode = f"--format {output.format.value}"
    _refuse_with("weights", output.weights, mode)
    if output.format is OutputFormat.GITHUB or not explained:
        _refuse_with("explain", output.explain, mode)


def language(lang: str | None) -> Words:
    """The words for --lang, or for the user's locale when it is not given."""
    chosen = default_language() if lang is None else lang.strip().lower()
    if chosen not in LANGUAGES:
        guess = closest(chosen, LANGUAGES)
        if guess is not None:
            raise invalid("lang", "unknown_guess", value=lang, guess=guess, valid=", ".join(LANGUAGES))
        raise invalid("lang", "unknown", value=lang, valid=", ".join(LANGUAGES))
    return words(chosen)


def _layer_settings(layer: LayerFlags) -> dict[str, Any]:
    """LayerSpec's fields from the layer flags; --cell-padding is LayerSpec's padding (--padding is the mask's)."""
    settings = layer.as_dict()
    settings["padding"] = settings.pop("cell_padding")
    return settings


def conv_from_flags(conv: ConvFlags, given: frozenset[str]) -> ConvSpec | None:
    """The Conv1D front end, or None; its other flags mean nothing without --conv-filters."""
    if conv.conv_filters is None:
        for name, _ in conv.items():
            if name in given:
                raise invalid("conv." + name.removeprefix("conv_"), "conv_needs_filters")
        return None
    return ConvSpec(**conv.spec_fields())


def cells_from_flags(
    texts: list[str] | None, given: frozenset[str]
) -> tuple[tuple[tuple[str, int], ...], ...]:
    """--cells lstm:8,gru:4 (repeatable): each a layer of several cells, as (cell, units) pairs."""
    if not texts:
        return ()
    for other in ("units", "cell"):
        if other in given:
            raise invalid("cells", f"cells_with_{other}")
    layers = []
    for text in texts:
        found = []
        for part in text.split(","):
            cell, _, units = part.strip().partition(":")
            if not cell or not units.strip().isdigit():
                raise invalid("cells", "cells_flag_form", value=text)
            found.append((cell.strip(), int(units)))
        layers.append(tuple(found))
    return tuple(layers)


def stack_from_flags(flags: MainFlags) -> FlagStack:
    stack, sequences = flags.stack, flags.sequences
    return FlagStack(
        batch=stack.batch,
        window=stack.window,
        features=stack.features,
        units=tuple(stack.units or (DEFAULT_UNITS,)),
        cells=cells_from_flags(stack.cells, flags.given),
        return_sequences=stack.return_sequences,
        layer=_layer_settings(flags.layer),
        head=stack.head,
        head_units=stack.head_units,
        device=flags.run.device,
        seed=stack.seed,
        conv=conv_from_flags(flags.conv, flags.given),
        spatial=stack.spatial or "",
        batches=stack.batches,
        sequences=sequence_fields(
            sequences.embedding_vocab,
            sequences.embedding_dim,
            sequences.mask_zero,
            sequences.mask_value,
            sequences.lengths,
            sequences.padding,
        ),
    )


def _refuse_with(flag: str, given: bool, mode: str) -> None:
    if given:
        raise invalid(flag, "flag_not_in_mode", mode=mode)


def parse_main(flags: MainFlags) -> MainRequest:
    """The main command's flags as one checked request; raises the first problem found.

    `flags.given` names the parameters the user set (not defaults), for the flags whose
    meaning depends on the mode.
    """
    given, run_flags, pictures = flags.given, flags.run, flags.pictures
    output = Output(
        language(flags.output.lang),
        format=output_format(flags.output, given),
        weights=run_flags.weights,
        explain=run_flags.explain,
        traceback=flags.output.traceback,
        diagram=pictures.diagram,
        svg=pictures.svg,
        html=pictures.html,
    )
    run = not flags.stack.no_run
    stack = stack_from_flags(flags)
    if "head_units" in given:
        HeadSpec(stack.head, stack.head_units)  # its value first: --head-units 0 is wrong either way
        if stack.head is HeadKind.NONE:
            raise invalid("head_units", "head_units_need_head", units=stack.head_units)
    if flags.stack.compare is None:
        compared = None
    else:
        from lstm_shapes.report.compare import parse_flags

        compared = parse_flags(flags.stack.compare)
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
    from lstm_shapes.predict.memory import parse_size
    from lstm_shapes.spec.backend_choice import parse_backends, require_installed
    from lstm_shapes.spec.expect import parse_expectation, resolve

    budget = None if run_flags.max_memory is None else parse_size(run_flags.max_memory)
    backend = flags.stack.backend
    choice = parse_backends(backend, resolve_all=run)
    if compared is not None and choice.several:
        raise invalid("backend", "compare_one_backend")
    if "batches" in given and stack.batches > 1:
        if compared is not None:
            _refuse_with("batches", True, "--compare")
        if run and choice.several:
            raise invalid("batches", "batches_one_backend", backends=backend)
    from lstm_shapes.cli.pictures import check_targets, refuse_pictures

    several = run and choice.several
    if not output.table and not output.json:
        if compared is not None:
            raise invalid("format", "flag_not_in_mode", mode="--compare")
        if several:
            raise invalid("format", "flag_not_in_mode", mode=f"--backend {backend}")
    refuse_for_format(output, explained=True)
    table_only = None if output.table else "--json" if output.json else f"--format {output.format.value}"
    # One picture of one run: with several backends there are several runs, or (--no-run) several plans.
    mode = table_only or ("--compare" if compared is not None else None)
    refuse_pictures(
        output.diagram,
        output.svg,
        output.html,
        mode or (f"--backend {backend}" if choice.several else None),
    )
    check_targets(output.svg, output.html, output.words)
    if not run:
        _refuse_with("time", run_flags.time_forward, "--no-run")
    expectations = tuple(parse_expectation(text) for text in flags.stack.expect or ())
    if spec is not None:
        from lstm_shapes.predict.stack import predict

        expectations = resolve(expectations, predict(spec))
    if run:
        require_installed(choice.backends)
        if not choice.backends:
            raise environment("no_backend_installed")
    plan = not run and ("backend" in given or "device" in given)
    data = data_settings(flags.data, given)
    if not run and not data:  # nothing is computed or read: there is no peak to guard
        _refuse_with("max_memory", budget is not None, "--no-run")
    if data and several:
        raise invalid("data", "data_with_backends", backends=backend, first=choice.backends[0])
    return MainRequest(
        output, stack, spec, run, expectations, budget, choice, run_flags.time_forward, compared, plan, data
    )


def data_settings(data: DataFlags, given: frozenset[str]) -> dict[str, Any]:
    """inspect_stack's keyword arguments for --data; its flags without --data are refused."""
    if data.data is None:
        for name, _ in data.items():
            if name in given:
                raise invalid(None, "data_flag_needs_data", flag="--" + name.replace("_", "-"))
        return {}
    from lstm_shapes.sources.data import DataOptions

    def split(text: str | None) -> tuple[str, ...] | None:
        return None if text is None else tuple(part.strip() for part in text.split(",") if part.strip())

    options = DataOptions(
        columns=split(data.columns),
        target=split(data.target) or (),
        horizon=data.horizon,
        stride=data.stride,
        sampling_rate=data.sampling_rate,
        target_steps=None if data.target_steps is None else data.target_steps.strip().lower(),
        loss=data.loss.strip().lower(),
        allow_missing=data.allow_missing,
        layout=data.layout.strip().lower(),
    )
    return {
        "data": data.data,
        "data_options": options,
        "features_given": "features" in given,
        "window_given": "window" in given,
    }


def parse_check(flags: CheckFlags) -> CheckRequest:
    output = Output(
        language(flags.output.lang),
        format=output_format(flags.output, flags.given),
        traceback=flags.output.traceback,
    )
    run = not flags.check.no_run
    backend = flags.check.backend
    if backend is not None:
        from lstm_shapes.spec.backend_choice import parse_backends, require_installed

        _refuse_with("backend", not run, "--no-run")
        choice = parse_backends(backend, resolve_all=False)
        if len(choice.backends) != 1:
            raise invalid("backend", "check_one_backend")
        backend = choice.backends[0]
        if run:
            require_installed(choice.backends)
    junit = flags.check.junit
    if junit is not None:
        folder = junit.parent if str(junit.parent) else Path(".")
        if not folder.is_dir():
            raise environment("junit_no_folder", path=str(junit), folder=str(folder))
    return CheckRequest(output, tuple(flags.check.files), run, junit, backend)


class InspectRequest(Record):
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
    data: Mapping[str, Any] = NOTHING
    # --batch and --window, when the user set them (refused if the model fixes those axes).
    given: frozenset[str] = frozenset()


def parse_inspect(flags: InspectFlags) -> InspectRequest:
    """The inspect command's flags as one checked request; raises the first problem found.

    Read and checked before anything is loaded, as the main command's: a bad value or a
    missing file is refused before a framework is imported.
    """
    from lstm_shapes.predict.memory import parse_size
    from lstm_shapes.sources.saved import SourceKind, parse_imports, parse_source
    from lstm_shapes.spec.backend_choice import parse_backends, require_installed
    from lstm_shapes.spec.expect import parse_expectation

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
