"""The commands: each one parses every flag into one request, calls the library, and emits.

Kept thin on purpose: what it knows about recurrent layers lives in `model` and
`predict`; the framework is imported only when a stack is really run, never for
--help or bad input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn

import typer
import typer._click as click
from typer.core import TyperGroup

from lstm_shapes.cli import options as o
from lstm_shapes.cli.output import SPEAKING, flag_of, guarded
from lstm_shapes.locales import default_language, words
from lstm_shapes.model.spec import CellKind, DeviceChoice, HeadKind

if TYPE_CHECKING:
    from lstm_shapes.cli.flags import CheckRequest, MainRequest

__all__ = ["app", "flag_of", "main"]


class SectionedHelp(TyperGroup):
    """Plain help, grouped by `rich_help_panel` into sections; Click's errors in the user's language.

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

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The command is optional: `lstm-shapes --units 20` runs the main command itself."""
        return ["[OPTIONS]", "[COMMAND [ARGS]...]"]

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        from lstm_shapes.cli import usage

        return usage.run(lambda a, *r, **k: super(SectionedHelp, self).main(a, *rest, *r, **k), args, kwargs)


app = typer.Typer(
    cls=SectionedHelp,
    name="lstm-shapes",
    help=(
        "Build a Keras recurrent stack (LSTM, GRU or SimpleRNN), run it on a random batch, and show "
        "every tensor's shape, what each axis means and the parameter counts: predicted from the "
        "layer math, then checked against Keras."
    ),
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# `lstm-shapes server start|stop|status` (cli/server.py imports no framework).
from lstm_shapes.cli.server import server_app  # noqa: E402

app.add_typer(server_app)


def given_params(ctx: click.Context) -> frozenset[str]:
    """The parameters the user set on the command line (or in the environment), not defaults."""
    sources = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    return frozenset(name for name in ctx.params if ctx.get_parameter_source(name) in sources)


@app.callback(invoke_without_command=True)
def main_command(
    ctx: typer.Context,
    batch: o.Batch = 32,
    window: o.Window = 25,
    features: o.Features = 1,
    units: o.Units = None,
    cell: o.Cell = CellKind.LSTM,
    bidirectional: o.Bidirectional = False,
    merge_mode: o.Merge = None,
    conv_filters: o.ConvFilters = None,
    conv_kernel_size: o.ConvKernelSize = None,
    conv_strides: o.ConvStrides = None,
    conv_padding: o.ConvPadding = None,
    return_sequences: o.ReturnSequences = False,
    return_state: o.ReturnState = False,
    head: o.Head = HeadKind.NONE,
    head_units: o.HeadUnits = None,
    embedding_vocab: o.EmbeddingVocab = None,
    embedding_dim: o.EmbeddingDim = None,
    mask_zero: o.MaskZero = False,
    mask_value: o.MaskValue = None,
    lengths: o.Lengths = None,
    padding: o.SequencePadding = None,
    activation: o.Activation = "tanh",
    recurrent_activation: o.RecurrentActivation = None,
    use_bias: o.UseBias = True,
    kernel_initializer: o.KernelInitializer = "glorot_uniform",
    recurrent_initializer: o.RecurrentInitializer = "orthogonal",
    bias_initializer: o.BiasInitializer = "zeros",
    unit_forget_bias: o.UnitForgetBias = None,
    reset_after: o.ResetAfter = None,
    kernel_regularizer: o.KernelRegularizer = "none",
    recurrent_regularizer: o.RecurrentRegularizer = "none",
    bias_regularizer: o.BiasRegularizer = "none",
    activity_regularizer: o.ActivityRegularizer = "none",
    kernel_constraint: o.KernelConstraint = "none",
    recurrent_constraint: o.RecurrentConstraint = "none",
    bias_constraint: o.BiasConstraint = "none",
    dropout: o.Dropout = 0.0,
    recurrent_dropout: o.RecurrentDropout = 0.0,
    implementation: o.Implementation = None,
    go_backwards: o.GoBackwards = False,
    stateful: o.Stateful = False,
    unroll: o.Unroll = False,
    device: o.Device = DeviceChoice.AUTO,
    seed: o.Seed = 0,
    json_output: o.Json = False,
    weights: o.Weights = False,
    explain: o.Explain = False,
    lang: o.Lang = None,
    compare: o.Compare = None,
    traceback: o.Traceback = False,
    expect: o.Expect = None,
    no_run: o.NoRun = False,
    max_memory: o.MaxMemory = None,
    backend: o.Backend = None,
    time_forward: o.Time = False,
    diagram: o.Diagram = False,
    svg: o.Svg = None,
    html: o.Html = None,
    data: o.Data = None,
    columns: o.Columns = None,
    target: o.Target = None,
    horizon: o.Horizon = 1,
    stride: o.Stride = 1,
    sampling_rate: o.SamplingRate = 1,
    target_steps: o.TargetSteps = None,
    loss: o.Loss = "mse",
    allow_missing: o.AllowMissing = False,
    version: o.Version = None,
) -> None:
    """Show the shapes of a Keras recurrent stack, e.g. lstm-shapes --batch 32 --window 25 --units 20 --return-sequences"""
    params = {name: value for name, value in locals().items() if name != "ctx"}
    # Until --lang is read, the locale's language (a bad --lang is refused in it); this also
    # keeps a previous in-process run's language from leaking.
    SPEAKING.set(words(default_language()))
    if ctx.invoked_subcommand is not None:
        return
    from lstm_shapes.cli import flags, run

    def parse() -> MainRequest:
        SPEAKING.set(flags.language(lang))  # first: every later message is said in it
        request: MainRequest = flags.parse_main(params, given_params(ctx))
        return request

    request = guarded(traceback, parse)
    guarded(traceback, lambda: run.main(request))


@app.command()
def check(
    ctx: typer.Context,
    files: o.SpecFiles,
    no_run: o.NoRun = False,
    json_output: o.Json = False,
    junit: o.JUnit = None,
    traceback: o.Traceback = False,
    backend: o.CheckBackend = None,
    lang: o.Lang = None,
) -> None:
    """Run the cases of TOML spec files and check their shapes.

    All cases of all FILES run in one process. Exit 0 when every case passes, 1 when a
    check fails, 2 when a file or case is invalid, 3 when the environment can't run it.
    """
    params = {name: value for name, value in locals().items() if name != "ctx"}
    from lstm_shapes.cli import flags, run

    def parse() -> CheckRequest:
        SPEAKING.set(flags.language(lang))
        request: CheckRequest = flags.parse_check(params)
        return request

    request = guarded(traceback, parse)
    guarded(traceback, lambda: run.check(request))


@app.command("inspect")
def inspect_command(
    ctx: typer.Context,
    model: o.ModelArg,
    batch: o.ModelBatch = 32,
    window: o.ModelWindow = 25,
    unsafe: o.Unsafe = False,
    custom_objects: o.CustomObjects = None,
    device: o.Device = DeviceChoice.AUTO,
    seed: o.ModelSeed = 0,
    json_output: o.Json = False,
    weights: o.Weights = False,
    explain: o.Explain = False,
    lang: o.Lang = None,
    expect: o.ModelExpect = None,
    backend: o.ModelBackend = None,
    time_forward: o.Time = False,
    max_memory: o.MaxMemory = None,
    data: o.Data = None,
    columns: o.Columns = None,
    target: o.Target = None,
    horizon: o.Horizon = 1,
    stride: o.Stride = 1,
    sampling_rate: o.SamplingRate = 1,
    target_steps: o.TargetSteps = None,
    loss: o.Loss = "mse",
    allow_missing: o.AllowMissing = False,
    traceback: o.Traceback = False,
) -> None:
    """Show a saved model's layers, every tensor observed beside Keras's own shape, and the states
    its recurrent layers keep. Loads with safe_mode: nothing from the file runs without --unsafe."""
    params = {name: value for name, value in locals().items() if name != "ctx"}
    from lstm_shapes.cli import flags, run
    from lstm_shapes.cli.inspect_request import InspectRequest, parse_inspect

    def parse() -> InspectRequest:
        SPEAKING.set(flags.language(lang))
        return parse_inspect(params, given_params(ctx))

    request = guarded(traceback, parse)
    guarded(traceback, lambda: run.inspect(request))


def main() -> NoReturn:
    """The console script: the app, then stdout flushed here so a late write error is ours too."""
    import sys

    # A warm server for this environment answers before typer parses anything (cli/client.py).
    from lstm_shapes.cli.client import served, without_flag
    from lstm_shapes.cli.output import last_resort

    answer = served(sys.argv[1:])
    if answer is not None:
        raise SystemExit(answer)
    sys.argv[1:] = without_flag(sys.argv[1:])
    try:
        try:
            app(prog_name="lstm-shapes")
        finally:
            sys.stdout.flush()
    except SystemExit as done:
        code = done.code
    except OSError as exc:
        code = last_resort(exc)
    raise SystemExit(code)
