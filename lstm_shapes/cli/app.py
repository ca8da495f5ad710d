"""The command line: flags -> StackSpec -> inspect -> render -> exit code.

Kept thin on purpose; everything it knows about LSTMs lives in `spec` and `predict`.
Keras is imported only when a stack is really run, never for --help or bad input.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import sys
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer
import typer._click as click
from typer.core import TyperGroup

from lstm_shapes.errors import EnvironmentProblem, ExitCode, InvalidSpec, LstmShapesError
from lstm_shapes.locales import Words, say
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.model.masking import sequence_fields
from lstm_shapes.model.spec import (
    CellKind,
    ConvSpec,
    DeviceChoice,
    HeadKind,
    HeadSpec,
    LayerSpec,
    MergeMode,
    Padding,
    StackSpec,
    invalid,
)
from lstm_shapes.version import __version__

if TYPE_CHECKING:
    from lstm_shapes.model.backend import BackendChoice


class SectionedHelp(TyperGroup):
    """Plain help, grouped by `rich_help_panel` into sections.

    Typer's Rich help imports rich.markdown and lays out panels: 0.3 s before the
    first line. Click's plain formatter prints the same text in a third of that.
    """

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None:
                title = getattr(param, "rich_help_panel", None) or "Options"
                sections.setdefault(title, []).append(record)
        for title, rows in sections.items():
            with formatter.section(title):
                formatter.write_dl(rows)
        self.format_commands(ctx, formatter)


app = typer.Typer(
    cls=SectionedHelp,
    name="lstm-shapes",
    help=(
        "Build a Keras LSTM stack, run it on a random batch, and show every tensor's shape, "
        "what each axis means and the parameter counts: predicted from the layer math, "
        "then checked against Keras."
    ),
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# Past this many time steps (summed over layers) the run warns that it will be slow:
# on a CPU each step of the loop costs about 2-4 ms in eager mode.
LONG_LOOP = 20_000

STACK = "Stack"
HYPER = "LSTM hyperparameters (Keras names and defaults)"
RUN = "Run and output"
EXPLAIN = "Explain"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lstm-shapes {__version__}")
        raise typer.Exit()


def fail(error: LstmShapesError, flag_style: bool = True) -> NoReturn:
    """The one place a user-facing error becomes text on stderr and an exit code."""
    message, hint = error.message, error.hint
    errors = SPEAKING.get().errors
    if isinstance(error, InvalidSpec):
        problem, hint = say(error, SPEAKING.get())
        if flag_style and error.field:
            message = f"{flag_of(error.field)}: {problem}"
        elif error.field:
            message = f"{error.field}: {problem}"
        else:
            message = problem
    typer.echo(f"{errors.get('error', 'Error')}: {message}", err=True)
    if hint:
        typer.echo(hint, err=True)
    raise typer.Exit(int(error.exit_code))


# The language errors are said in: English until --lang (or the locale) has been read.
SPEAKING: ContextVar[Words] = ContextVar("SPEAKING", default=ENGLISH)


def flag_of(field: str) -> str:
    """The flag that sets a spec field: 'gru_2.dropout' -> --dropout, 'conv.strides' -> --conv-strides."""
    parts = field.split(".")
    name = "-".join(parts) if parts[0] in ("conv", "head") else parts[-1]
    return "--" + name.replace("_", "-")


T = TypeVar("T")


@contextlib.contextmanager
def spinner(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A Rich spinner on stderr naming the step in progress, only when stderr is a terminal.

    It writes to a duplicate of the terminal's descriptor, because descriptor 2 itself
    is pointed at /dev/null while TensorFlow loads (see `observe.quiet_native_stderr`).
    """
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with os.fdopen(os.dup(sys.stderr.fileno()), "w") as terminal:
        console = Console(file=terminal)
        with console.status("Starting", spinner="dots") as status:
            yield lambda step: status.update(f"{step}…")


def guarded(traceback: bool, action: Callable[[], T]) -> T:
    """Run `action`, turning our errors and Ctrl-C into messages and exit codes."""
    try:
        return action()
    except LstmShapesError as error:
        if traceback:
            raise
        fail(error)
    except KeyboardInterrupt:
        if traceback:
            raise
        typer.echo("Interrupted.", err=True)
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


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


@app.callback(invoke_without_command=True)
def main_command(
    ctx: typer.Context,
    batch: Annotated[int, typer.Option(help="Samples per batch (axis 0).", rich_help_panel=STACK)] = 32,
    window: Annotated[
        int,
        typer.Option(
            "--window", "--timesteps", help="Time steps per sample (axis 1).", rich_help_panel=STACK
        ),
    ] = 25,
    features: Annotated[
        int, typer.Option(help="Features per time step (axis 2).", rich_help_panel=STACK)
    ] = 1,
    units: Annotated[
        list[int] | None,
        typer.Option(
            help="Units of one LSTM layer (20 if not given); repeat for a stack, bottom first.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    cell: Annotated[
        CellKind, typer.Option(help="The recurrent layer: LSTM, GRU or SimpleRNN.", rich_help_panel=STACK)
    ] = CellKind.LSTM,
    bidirectional: Annotated[
        bool,
        typer.Option(
            "--bidirectional",
            help="Wrap every layer in Bidirectional (forward and backward).",
            rich_help_panel=STACK,
        ),
    ] = False,
    merge_mode: Annotated[
        MergeMode | None,
        typer.Option(
            help="How Bidirectional merges its directions; none keeps both.  [default: concat]",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    conv_filters: Annotated[
        int | None,
        typer.Option(help="Put a Conv1D with this many filters before the stack.", rich_help_panel=STACK),
    ] = None,
    conv_kernel_size: Annotated[
        int | None,
        typer.Option(
            help="The Conv1D's kernel length in time steps.  [default: 3]",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    conv_strides: Annotated[
        int | None,
        typer.Option(help="The Conv1D's stride.  [default: 1]", show_default=False, rich_help_panel=STACK),
    ] = None,
    conv_padding: Annotated[
        Padding | None,
        typer.Option(
            help="The Conv1D's padding.  [default: valid]", show_default=False, rich_help_panel=STACK
        ),
    ] = None,
    return_sequences: Annotated[
        bool,
        typer.Option(
            help="Top layer returns every time step (lower layers always do).", rich_help_panel=STACK
        ),
    ] = False,
    return_state: Annotated[
        bool,
        typer.Option("--return-state", help="Every layer also returns its h and c.", rich_help_panel=STACK),
    ] = False,
    head: Annotated[
        HeadKind, typer.Option(help="Layer on top of the stack.", rich_help_panel=STACK)
    ] = HeadKind.NONE,
    head_units: Annotated[int, typer.Option(help="Units of the head's Dense.", rich_help_panel=STACK)] = 10,
    activation: Annotated[
        str, typer.Option(help="Activation of the cell and output (tanh, relu, ...).", rich_help_panel=HYPER)
    ] = "tanh",
    recurrent_activation: Annotated[
        str | None,
        typer.Option(
            help="Activation of the gates (sigmoid, hard_sigmoid, ...); LSTM and GRU.  [default: sigmoid]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = None,
    use_bias: Annotated[bool, typer.Option(help="Add a bias vector.", rich_help_panel=HYPER)] = True,
    kernel_initializer: Annotated[
        str, typer.Option(help="Initializer of the input kernel.", rich_help_panel=HYPER)
    ] = "glorot_uniform",
    recurrent_initializer: Annotated[
        str, typer.Option(help="Initializer of the recurrent kernel.", rich_help_panel=HYPER)
    ] = "orthogonal",
    bias_initializer: Annotated[
        str, typer.Option(help="Initializer of the bias.", rich_help_panel=HYPER)
    ] = "zeros",
    unit_forget_bias: Annotated[
        bool | None,
        typer.Option(
            help="Add 1 to the forget gate's bias at initialization; LSTM only.  [default: on]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = None,
    reset_after: Annotated[
        bool | None,
        typer.Option(
            help="Apply the reset gate after the recurrent product (two biases); GRU only.  [default: on]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = None,
    kernel_regularizer: Annotated[
        str, typer.Option(help="l1, l2, l1l2, orthogonal_regularizer or none.", rich_help_panel=HYPER)
    ] = "none",
    recurrent_regularizer: Annotated[
        str, typer.Option(help="l1, l2, l1l2, orthogonal_regularizer or none.", rich_help_panel=HYPER)
    ] = "none",
    bias_regularizer: Annotated[
        str, typer.Option(help="l1, l2, l1l2 or none.", rich_help_panel=HYPER)
    ] = "none",
    activity_regularizer: Annotated[
        str, typer.Option(help="On the layer's output: l1, l2, l1l2 or none.", rich_help_panel=HYPER)
    ] = "none",
    kernel_constraint: Annotated[
        str, typer.Option(help="max_norm, min_max_norm, non_neg, unit_norm or none.", rich_help_panel=HYPER)
    ] = "none",
    recurrent_constraint: Annotated[
        str, typer.Option(help="max_norm, min_max_norm, non_neg, unit_norm or none.", rich_help_panel=HYPER)
    ] = "none",
    bias_constraint: Annotated[
        str, typer.Option(help="max_norm, min_max_norm, non_neg, unit_norm or none.", rich_help_panel=HYPER)
    ] = "none",
    dropout: Annotated[
        float,
        typer.Option(help="Fraction of inputs dropped while training, in [0, 1).", rich_help_panel=HYPER),
    ] = 0.0,
    recurrent_dropout: Annotated[
        float, typer.Option(help="Fraction of h dropped while training, in [0, 1).", rich_help_panel=HYPER)
    ] = 0.0,
    implementation: Annotated[
        int | None,
        typer.Option(
            help="1: one small matrix product per gate; 2: all gates at once; LSTM and GRU.  [default: 2]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = None,
    go_backwards: Annotated[
        bool, typer.Option("--go-backwards", help="Read the sequence from the end.", rich_help_panel=HYPER)
    ] = False,
    stateful: Annotated[
        bool,
        typer.Option(
            "--stateful", help="Keep states across batches (fixes the batch size).", rich_help_panel=HYPER
        ),
    ] = False,
    unroll: Annotated[
        bool,
        typer.Option(
            "--unroll", help="Unroll the time loop instead of a symbolic loop.", rich_help_panel=HYPER
        ),
    ] = False,
    device: Annotated[
        DeviceChoice,
        typer.Option(
            help="Where to compute; auto takes a GPU when TensorFlow sees one.", rich_help_panel=RUN
        ),
    ] = DeviceChoice.AUTO,
    seed: Annotated[
        int,
        typer.Option(
            help="Seeds the batch and the weights; the same seed, the same numbers.", rich_help_panel=RUN
        ),
    ] = 0,
    json_output: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON document instead of the table.", rich_help_panel=RUN),
    ] = False,
    weights: Annotated[
        bool,
        typer.Option(
            "--weights",
            help="Also list every weight tensor, its gates and the parameter count written out.",
            rich_help_panel=EXPLAIN,
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="After the table, a guided reading of this stack's shapes.",
            rich_help_panel=EXPLAIN,
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            metavar="en|ko",
            help="Language of the table, the reading and the messages.  [default: ko when LANG starts with ko]",
            show_default=False,
            rich_help_panel=EXPLAIN,
        ),
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option(
            metavar="FLAG,...",
            help="Run the stack once per combination of these on/off flags and show the shapes side by side.",
            show_default=False,
            rich_help_panel=EXPLAIN,
        ),
    ] = None,
    traceback: Annotated[
        bool,
        typer.Option(
            "--traceback",
            help="Re-raise errors with a Python traceback (for debugging).",
            rich_help_panel=RUN,
        ),
    ] = False,
    expect: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TENSOR=SHAPE",
            help="Pin a shape, e.g. output=32,25,20 or lstm_1.hidden=32,_ (_ or * is any size); repeatable.",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None,
    no_run: Annotated[
        bool,
        typer.Option(
            "--no-run",
            help="Predict the shapes only: no framework import, instant.",
            rich_help_panel=RUN,
        ),
    ] = False,
    max_memory: Annotated[
        str | None,
        typer.Option(
            metavar="SIZE",
            help="Refuse a run estimated to need more, e.g. 2GiB (default: the memory available).",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option(
            metavar="NAME[,NAME...]",
            help="Keras backend: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow). "
            "A comma list, or all, runs each in its own process on the same weights and batch, and compares.",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None,
    time_forward: Annotated[
        bool,
        typer.Option(
            "--time", help="Time the forward pass: the median of several warm calls.", rich_help_panel=RUN
        ),
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
    embedding_vocab: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Input token ids 0 to N - 1, (batch, window), through Embedding(N, D) before the stack.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    embedding_dim: Annotated[
        int | None,
        typer.Option(
            metavar="D",
            help="The Embedding's vector size, the features the stack reads.  [default: 8]",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    mask_zero: Annotated[
        bool,
        typer.Option(
            "--mask-zero", help="Token id 0 is padding: the Embedding masks it.", rich_help_panel=STACK
        ),
    ] = False,
    mask_value: Annotated[
        float | None,
        typer.Option(
            metavar="V",
            help="Float input: put Masking(V) first; steps whose features all equal V are masked.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    lengths: Annotated[
        str | None,
        typer.Option(
            metavar="L1,L2,...|random",
            help="One valid length per sample (or random, from --seed); the rest is padding.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
    padding: Annotated[
        str | None,
        typer.Option(
            metavar="pre|post",
            help="Where the padding goes, as pad_sequences: pre (its default) or post.  [default: pre]",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None,
) -> None:
    """Show the shapes of a Keras LSTM stack, e.g. lstm-shapes --batch 32 --window 25 --units 20 --return-sequences"""
    SPEAKING.set(ENGLISH)  # until --lang is read: a previous in-process run must not leak
    if ctx.invoked_subcommand is not None:
        return

    def build(overrides: dict[str, bool] | None = None) -> StackSpec:
        """The spec these flags describe; `overrides` replaces some on/off flags (for --compare)."""
        sizes = units or [20]
        top = len(sizes) - 1
        settings: dict[str, object] = dict(
            return_state=return_state,
            cell=cell,
            reset_after=reset_after,
            bidirectional=bidirectional,
            merge_mode=merge_mode,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            implementation=implementation,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
        )
        top_sequences = return_sequences
        for flag, value in (overrides or {}).items():
            if flag == "return-sequences":
                top_sequences = value
            else:
                settings[flag.replace("-", "_")] = value
        if (overrides or {}).get("bidirectional") is False:
            settings["merge_mode"] = None  # --compare turned Bidirectional off: nothing to merge
        layers = tuple(
            LayerSpec(
                units=n,
                return_sequences=top_sequences if i == top else True,
                **settings,  # type: ignore[arg-type]
            )
            for i, n in enumerate(sizes)
        )
        return StackSpec(
            batch=batch,
            window=window,
            features=features,
            layers=layers,
            head=HeadSpec(head, head_units),
            device=device,
            seed=seed,
            conv=conv_from_flags(conv_filters, conv_kernel_size, conv_strides, conv_padding),
            **sequence_fields(embedding_vocab, embedding_dim, mask_zero, mask_value, lengths, padding),  # type: ignore[arg-type]
        )

    words = guarded(traceback, lambda: language(lang))
    SPEAKING.set(words)
    if compare is not None:
        run_comparison(
            build, compare, no_run=no_run, json_output=json_output, words=words, traceback=traceback
        )
    spec = guarded(traceback, build)

    from lstm_shapes.predict.memory import parse_size
    from lstm_shapes.report.pipeline import inspect_stack

    budget = guarded(traceback, lambda: None if max_memory is None else parse_size(max_memory))
    from lstm_shapes.model import backend as backends

    choice = guarded(traceback, lambda: backends.parse_backends(backend, resolve_all=not no_run))
    if choice.several and not no_run:
        run_on_backends(spec, choice, expect or [], budget, time_forward, json_output, traceback)
    options = backends.RunOptions(backend=choice.backends[0], time=time_forward)
    if not no_run:
        guarded(traceback, lambda: backends.require_installed(choice.backends))
    steps = spec.steps * sum(2 if layer.bidirectional else 1 for layer in spec.layers)
    if not no_run and steps >= LONG_LOOP:
        typer.echo(
            f"Note: {steps:,} recurrent steps run one after another; this may take minutes. "
            "--no-run shows the shapes at once.",
            err=True,
        )
    with spinner(enabled=not json_output and not no_run) as progress:
        report = guarded(
            traceback,
            lambda: inspect_stack(
                spec,
                run=not no_run,
                expect=expect or (),
                max_memory=budget,
                progress=progress,
                options=options,
            ),
        )
    if json_output:
        from lstm_shapes.render.table import to_json

        typer.echo(to_json(report))
    else:
        from rich.console import Console

        from lstm_shapes.render.table import print_table

        print_table(report, Console(highlight=False), words, weights=weights, explanation=explain)
    raise typer.Exit(int(ExitCode.OK if report.ok else ExitCode.CHECK_FAILED))


def use_backend(text: str) -> None:
    """check --backend: one backend for every case; all cases share this process's Keras."""
    from lstm_shapes.model import backend as backends
    from lstm_shapes.observe.backends import select as select_backend

    choice = backends.parse_backends(text, resolve_all=False)
    if len(choice.backends) != 1:
        raise InvalidSpec(
            "backend",
            "check runs every case on one backend, in one process",
            "Run check once per backend: lstm-shapes check --backend jax FILE...",
        )
    backends.require_installed(choice.backends)
    select_backend(choice.backends[0])


def run_on_backends(
    spec: StackSpec,
    choice: BackendChoice,
    expect: list[str],
    budget: int | None,
    time_forward: bool,
    json_output: bool,
    traceback: bool,
) -> NoReturn:
    """--backend a,b,c: the stack on each backend in its own process, compared; exit 1 on disagreement."""
    from lstm_shapes.render import table as render
    from lstm_shapes.report.multi import run_backends

    with spinner(enabled=not json_output) as progress:
        report = guarded(
            traceback,
            lambda: run_backends(
                spec, choice, expect=expect, max_memory=budget, time=time_forward, progress=progress
            ),
        )
    if json_output:
        typer.echo(render.multi_json(report))
    else:
        from rich.console import Console

        Console(highlight=False).print(render.multi_table(report))
    raise typer.Exit(int(ExitCode.OK if report.ok else ExitCode.CHECK_FAILED))


def language(lang: str | None) -> Words:
    """The words for --lang, or for the user's locale when it is not given."""
    from lstm_shapes.locales import LANGUAGES, default_language, words

    chosen = default_language() if lang is None else lang.strip().lower()
    if chosen not in LANGUAGES:
        close = difflib.get_close_matches(chosen, LANGUAGES, n=1)
        if close:
            raise invalid("lang", "unknown_guess", value=lang, guess=close[0], valid=", ".join(LANGUAGES))
        raise invalid("lang", "unknown", value=lang, valid=", ".join(LANGUAGES))
    return words(chosen)


def run_comparison(
    build: Callable[[dict[str, bool]], StackSpec],
    flags_text: str,
    *,
    no_run: bool,
    json_output: bool,
    words: Words,
    traceback: bool,
) -> NoReturn:
    """--compare: every combination of the flags, side by side; exit 1 if a run failed a check."""
    from lstm_shapes.report.compare import compare, parse_flags

    flags = guarded(traceback, lambda: parse_flags(flags_text))
    with spinner(enabled=not json_output and not no_run) as progress:
        variants = guarded(traceback, lambda: compare(build, flags, run=not no_run, progress=progress))
    from lstm_shapes.render import table as render

    if json_output:
        typer.echo(render.compare_json(variants, flags))
    else:
        from rich.console import Console

        Console(highlight=False).print(render.compare_table(variants, words))
    if all(v.report is None for v in variants):
        first = variants[0].error
        reason = render.refusal(first, words) if first is not None else ""
        fail(invalid(None, "all_refused", reason=reason))
    ok = all(v.status != "failed" for v in variants)
    raise typer.Exit(int(ExitCode.OK if ok else ExitCode.CHECK_FAILED))


@app.command()
def check(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="TOML spec files of named cases (schema in the README).",
            show_default=False,
            metavar="FILE...",
        ),
    ],
    no_run: Annotated[
        bool, typer.Option("--no-run", help="Check the predicted shapes only: no framework import.")
    ] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON document, with a report per case.")
    ] = False,
    junit: Annotated[
        Path | None,
        typer.Option(help="Also write a JUnit XML file for CI test views.", metavar="FILE", dir_okay=False),
    ] = None,
    traceback: Annotated[bool, typer.Option("--traceback", help="Re-raise errors with a traceback.")] = False,
    backend: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Keras backend for every case: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run the cases of TOML spec files and check their shapes.

    All cases of all FILES run in one process. Exit 0 when every case passes, 1 when a
    check fails, 2 when a file or case is invalid, 3 when the environment can't run it.
    """
    from lstm_shapes.report.suite import Status, exit_code, run_cases
    from lstm_shapes.sources.specfile import FILE_CASE, load

    if backend is not None and not no_run:
        guarded(traceback, lambda: use_backend(backend))
    cases = [case for path in files for case in load(path)]
    results = guarded(traceback, lambda: run_cases(cases, run=not no_run))
    for result in results:
        if result.status in (Status.INVALID, Status.ERROR):
            problem = result.case.problem
            where = f"{result.case.file}:{result.line}" if result.line else result.case.file
            who = "" if result.case.name == FILE_CASE else f" case {result.case.name!r}:"
            typer.echo(f"Error: {where}:{who} {result.detail}", err=True)
            if problem is not None and problem.hint:
                typer.echo(f"  {problem.hint}", err=True)
    if junit is not None:
        from lstm_shapes.render.junit import write_junit

        try:
            write_junit(results, junit)
        except OSError as exc:
            fail(EnvironmentProblem(f"cannot write the JUnit file {junit}: {exc.strerror or exc}"))
    from lstm_shapes.render import table as render

    if json_output:
        typer.echo(render.suite_json(results))
    else:
        from rich.console import Console

        Console(highlight=False).print(render.suite_table(results, no_run))
    raise typer.Exit(int(exit_code(results)))


def main() -> None:
    app(prog_name="lstm-shapes")
