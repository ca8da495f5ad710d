"""Every flag, declared once: its type, default, help and panel in one field of one family.

A family is a frozen record (`Family`) of flags that travel together (the layer's hyperparameters,
the Conv1D, --data, the output); a command takes a few families (`MainFlags`, `InspectFlags`,
`CheckFlags`) and `command()` lays their fields out as typer's parameters, then hands the
command one typed object. Defaults come from the spec's dataclasses where the spec has one.

To add a flag:
1. add a field to the family it belongs to: `name: Annotated[T, typer.Option(help=...)] = default`;
2. take the default from the spec (`default(ConvSpec, "name")`) when the spec has the field;
3. a family whose fields mirror a spec's (LayerFlags, ConvFlags) reaches the spec by itself;
4. otherwise read `flags.<family>.<name>` where the request is parsed (cli/requests.py);
5. document it in one row of docs/flags.md (tests/test_docs.py checks) and test it through `invoke`;
6. refresh the help screens' snapshot: `python -m lstm_shapes.serve.help_screens` (the console
   script's `--help` is laid out from it; tests/test_help_screens.py fails until it matches).

Help text names LSTM only where only LSTM is meant; the recurrent layers are LSTM, GRU
and SimpleRNN, and what they return differs (LSTM: output, h, c; GRU and SimpleRNN: output, h).
"""

import inspect
from collections.abc import Callable
from dataclasses import MISSING
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_type_hints

import typer
import typer._click as click

from lstm_shapes.cli.records import Record
from lstm_shapes.locales import LANGUAGES
from lstm_shapes.render.formats import OutputFormat
from lstm_shapes.spec import identifiers as ids
from lstm_shapes.spec.stack import (
    CellKind,
    ConvSpec,
    DeviceChoice,
    HeadKind,
    HeadSpec,
    LayerSpec,
    MergeMode,
    Padding,
    StackSpec,
)
from lstm_shapes.version import BACKENDS, version_lines

STACK = "Stack"
HYPER = "Recurrent-layer hyperparameters (Keras names and defaults)"
RUN = "Run and output"
EXPLAIN = "Explain"
DATA = "Your data"

_REGULARIZERS = "l1, l2, l1l2, orthogonal_regularizer or none."
_CONSTRAINTS = "max_norm, min_max_norm, non_neg, unit_norm or none."


# --- shell completion of values that are words (an Enum's choices complete by themselves) --------------
def _words(values: Callable[[], tuple[str, ...]], comma: bool = False) -> Callable[[str], list[str]]:
    """Complete a value from `values()` (called only when the shell asks, so nothing is imported
    on a normal start); in a comma list, the next item (`--backend tensorflow,j` -> `tensorflow,jax`)."""

    def complete(incomplete: str) -> list[str]:
        done, _, typed = incomplete.rpartition(",") if comma else ("", "", incomplete)
        taken = set(done.split(",")) if done else set()
        return [done + "," * bool(done) + v for v in values() if v.startswith(typed) and v not in taken]

    return complete


def _backends_or_all() -> tuple[str, ...]:
    from lstm_shapes.spec.backend_choice import ALL

    return (*BACKENDS, ALL)


def _comparable() -> tuple[str, ...]:
    from lstm_shapes.report.compare import COMPARABLE

    return tuple(COMPARABLE)


def _losses() -> tuple[str, ...]:
    from lstm_shapes.predict.windows import LossName

    return tuple(loss.value for loss in LossName)


def default(spec: type[Any], name: str) -> Any:
    """A spec dataclass's own default for a field: the one place that default is written."""
    found = spec.__dataclass_fields__.get(name)
    if found is None:
        raise TypeError(f"{spec.__name__} has no field {name}")
    if found.default is MISSING:
        raise TypeError(f"{spec.__name__}.{name} has no default")
    return found.default


class Family(Record):
    """Flags that travel together, frozen once built: every annotated class attribute is one flag
    (its type and typer declaration in the annotation, its default as the value; none: required).
    A `Record`, not a dataclass: nothing is compiled for a family on every start."""


def _version(value: bool) -> None:
    if value:
        typer.echo("\n".join(version_lines()))
        raise typer.Exit()


# Flags more than one command takes, each written once here and named in their families.
NoRun = Annotated[
    bool,
    typer.Option(
        "--no-run", help="Predict the shapes only: no framework import, instant.", rich_help_panel=RUN
    ),
]


# --- the main command: the stack ------------------------------------------------------------------------
class StackFlags(Family):
    """The input, the stack's height, its top and head, and how the main command runs it."""

    batch: Annotated[int, typer.Option(help="Samples per batch (axis 0).", rich_help_panel=STACK)] = default(
        StackSpec, "batch"
    )
    window: Annotated[
        int,
        typer.Option(
            "--window", "--timesteps", help="Time steps per sample (axis 1).", rich_help_panel=STACK
        ),
    ] = default(StackSpec, "window")
    features: Annotated[int, typer.Option(help="Features per time step (axis 2).", rich_help_panel=STACK)] = (
        default(StackSpec, "features")
    )
    spatial: Annotated[
        str | None,
        typer.Option(
            help="A ConvLSTM's frames: rows, rows,cols or depth,rows,cols; --features is then their channels.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    units: Annotated[
        list[int] | None,
        typer.Option(
            help="Units of one recurrent layer (20 if not given); repeat for a stack, bottom first.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    cells: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CELL:UNITS,...",
            help="One keras.layers.RNN over several cells, bottom first, e.g. lstm:8,gru:4; repeat "
            "for a stack of such layers (instead of --units and --cell).",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    return_sequences: Annotated[
        bool,
        typer.Option(
            help="Top layer returns every time step (lower layers always do).", rich_help_panel=STACK
        ),
    ] = default(LayerSpec, "return_sequences")
    head: Annotated[
        HeadKind,
        typer.Option(
            help="Layer on top of the stack: a Dense, a Dense per step (TimeDistributed), or flatten: "
            "Flatten then Dense, with T × U × units + units parameters, on a sequence output only.",
            rich_help_panel=STACK,
        ),
    ] = default(HeadSpec, "kind")
    head_units: Annotated[
        int, typer.Option(help="Units of the head's Dense (needs --head).", rich_help_panel=STACK)
    ] = default(HeadSpec, "units")
    seed: Annotated[
        int,
        typer.Option(
            help="Seeds the batch and the weights; the same seed, the same numbers.", rich_help_panel=RUN
        ),
    ] = default(StackSpec, "seed")
    batches: Annotated[
        int,
        typer.Option(
            metavar="N",
            help="With --stateful: run N consecutive batches and show each layer carrying its states "
            "from one batch to the next, then what reset_states() does.",
            rich_help_panel=HYPER,
        ),
    ] = default(StackSpec, "batches")
    expect: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TENSOR=SHAPE",
            help="Pin a shape, e.g. output=32,25,20 or lstm_1.hidden=32,_ (_ or * is any size); repeatable.",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None
    no_run: NoRun = False
    backend: Annotated[
        str | None,
        typer.Option(
            metavar="NAME[,NAME...]",
            help="Keras backend: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow). "
            "A comma list, or all, runs each in its own process on the same weights and batch, and compares.",
            show_default=False,
            autocompletion=_words(_backends_or_all, comma=True),
            rich_help_panel=RUN,
        ),
    ] = None
    compare: Annotated[
        str | None,
        typer.Option(
            metavar="FLAG,...",
            help="Run the stack once per combination of these on/off flags and show the shapes side by side.",
            show_default=False,
            autocompletion=_words(_comparable, comma=True),
            rich_help_panel=EXPLAIN,
        ),
    ] = None
    version: Annotated[
        bool | None,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version, and those of Python, Keras and the backend it would use, and exit.",
        ),
    ] = None


class LayerFlags(Family):
    """Every recurrent layer's settings: exactly LayerSpec's fields but units, return_sequences and
    cells (those three are the stack's flags: --units, --return-sequences, --cells)."""

    cell: Annotated[
        CellKind,
        typer.Option(
            help="The recurrent layer: LSTM, GRU, SimpleRNN, or ConvLSTM1D/2D/3D over frames (with --spatial).",
            rich_help_panel=STACK,
        ),
    ] = default(LayerSpec, "cell")
    bidirectional: Annotated[
        bool,
        typer.Option(
            "--bidirectional",
            help="Wrap every layer in Bidirectional (forward and backward).",
            rich_help_panel=STACK,
        ),
    ] = default(LayerSpec, "bidirectional")
    merge_mode: Annotated[
        MergeMode | None,
        typer.Option(
            help="How Bidirectional merges its directions; none keeps both.  [default: concat]",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = default(LayerSpec, "merge_mode")
    return_state: Annotated[
        bool,
        typer.Option(
            "--return-state",
            help="Every layer also returns its final states: h and c for LSTM, h for GRU and SimpleRNN.",
            rich_help_panel=STACK,
        ),
    ] = default(LayerSpec, "return_state")
    activation: Annotated[
        str,
        typer.Option(
            help="Activation of the cell and output (tanh, relu, ...).",
            autocompletion=_words(lambda: ids.ACTIVATIONS),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "activation")
    recurrent_activation: Annotated[
        str | None,
        typer.Option(
            help="Activation of the gates (sigmoid, hard_sigmoid, ...); LSTM and GRU.  [default: sigmoid]",
            show_default=False,
            autocompletion=_words(lambda: ids.ACTIVATIONS),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "recurrent_activation")
    use_bias: Annotated[bool, typer.Option(help="Add a bias vector.", rich_help_panel=HYPER)] = default(
        LayerSpec, "use_bias"
    )
    kernel_initializer: Annotated[
        str,
        typer.Option(
            help="Initializer of the input kernel.",
            autocompletion=_words(lambda: ids.KERNEL_INITIALIZERS),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "kernel_initializer")
    recurrent_initializer: Annotated[
        str,
        typer.Option(
            help="Initializer of the recurrent kernel.",
            autocompletion=_words(lambda: ids.KERNEL_INITIALIZERS),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "recurrent_initializer")
    bias_initializer: Annotated[
        str,
        typer.Option(
            help="Initializer of the bias.",
            autocompletion=_words(lambda: ids.BIAS_INITIALIZERS),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "bias_initializer")
    unit_forget_bias: Annotated[
        bool | None,
        typer.Option(
            help="Add 1 to the forget gate's bias at initialization; LSTM only.  [default: on]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "unit_forget_bias")
    reset_after: Annotated[
        bool | None,
        typer.Option(
            help="Apply the reset gate after the recurrent product (two biases); GRU only.  [default: on]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "reset_after")
    kernel_regularizer: Annotated[
        str,
        typer.Option(
            help=_REGULARIZERS,
            autocompletion=_words(lambda: (ids.NONE, *ids.WEIGHT_REGULARIZERS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "kernel_regularizer")
    recurrent_regularizer: Annotated[
        str,
        typer.Option(
            help=_REGULARIZERS,
            autocompletion=_words(lambda: (ids.NONE, *ids.WEIGHT_REGULARIZERS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "recurrent_regularizer")
    bias_regularizer: Annotated[
        str,
        typer.Option(
            help="l1, l2, l1l2 or none.",
            autocompletion=_words(lambda: (ids.NONE, *ids.VECTOR_REGULARIZERS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "bias_regularizer")
    activity_regularizer: Annotated[
        str,
        typer.Option(
            help="On the layer's output: l1, l2, l1l2 or none.",
            autocompletion=_words(lambda: (ids.NONE, *ids.VECTOR_REGULARIZERS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "activity_regularizer")
    kernel_constraint: Annotated[
        str,
        typer.Option(
            help=_CONSTRAINTS,
            autocompletion=_words(lambda: (ids.NONE, *ids.CONSTRAINTS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "kernel_constraint")
    recurrent_constraint: Annotated[
        str,
        typer.Option(
            help=_CONSTRAINTS,
            autocompletion=_words(lambda: (ids.NONE, *ids.CONSTRAINTS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "recurrent_constraint")
    bias_constraint: Annotated[
        str,
        typer.Option(
            help=_CONSTRAINTS,
            autocompletion=_words(lambda: (ids.NONE, *ids.CONSTRAINTS)),
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "bias_constraint")
    dropout: Annotated[
        float,
        typer.Option(help="Fraction of inputs dropped while training, in [0, 1).", rich_help_panel=HYPER),
    ] = default(LayerSpec, "dropout")
    recurrent_dropout: Annotated[
        float, typer.Option(help="Fraction of h dropped while training, in [0, 1).", rich_help_panel=HYPER)
    ] = default(LayerSpec, "recurrent_dropout")
    implementation: Annotated[
        int | None,
        typer.Option(
            help="1: one small matrix product per gate; 2: all gates at once; LSTM and GRU.  [default: 2]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "implementation")
    go_backwards: Annotated[
        bool, typer.Option("--go-backwards", help="Read the sequence from the end.", rich_help_panel=HYPER)
    ] = default(LayerSpec, "go_backwards")
    stateful: Annotated[
        bool,
        typer.Option(
            "--stateful", help="Keep states across batches (fixes the batch size).", rich_help_panel=HYPER
        ),
    ] = default(LayerSpec, "stateful")
    unroll: Annotated[
        bool,
        typer.Option(
            "--unroll", help="Unroll the time loop instead of a symbolic loop.", rich_help_panel=HYPER
        ),
    ] = default(LayerSpec, "unroll")
    # A ConvLSTM's convolutions: Keras's names behind --cell- (--padding is the mask's).
    kernel_size: Annotated[
        str | None,
        typer.Option(
            "--cell-kernel-size",
            help="A ConvLSTM's kernel: one size for every axis, or one per axis (3,3).  [default: 3]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "kernel_size")
    strides: Annotated[
        str | None,
        typer.Option(
            "--cell-strides",
            help="A ConvLSTM's strides over its frames (one, or one per axis).  [default: 1]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "strides")
    cell_padding: Annotated[
        str | None,
        typer.Option(
            "--cell-padding",
            help="A ConvLSTM's padding: valid or same.  [default: valid]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "padding")
    dilation_rate: Annotated[
        str | None,
        typer.Option(
            "--cell-dilation-rate",
            help="A ConvLSTM's dilation (one, or one per axis).  [default: 1]",
            show_default=False,
            rich_help_panel=HYPER,
        ),
    ] = default(LayerSpec, "dilation_rate")


class ConvFlags(Family):
    """The Conv1D front end: `--conv-NAME` is ConvSpec's NAME; the others need --conv-filters."""

    conv_filters: Annotated[
        int | None,
        typer.Option(help="Put a Conv1D with this many filters before the stack.", rich_help_panel=STACK),
    ] = None
    conv_kernel_size: Annotated[
        int, typer.Option(help="The Conv1D's kernel length in time steps.", rich_help_panel=STACK)
    ] = default(ConvSpec, "kernel_size")
    conv_strides: Annotated[int, typer.Option(help="The Conv1D's stride.", rich_help_panel=STACK)] = default(
        ConvSpec, "strides"
    )
    conv_padding: Annotated[Padding, typer.Option(help="The Conv1D's padding.", rich_help_panel=STACK)] = (
        default(ConvSpec, "padding")
    )
    conv_dilation_rate: Annotated[
        int,
        typer.Option(
            help="The Conv1D's dilation: its kernel reads every D-th step (needs stride 1).",
            rich_help_panel=STACK,
        ),
    ] = default(ConvSpec, "dilation_rate")

    def spec_fields(self) -> dict[str, Any]:
        """ConvSpec's keyword arguments, by the flags' names less their `conv_`."""
        return {name.removeprefix("conv_"): value for name, value in self.items()}


class SequenceFlags(Family):
    """Sequences of different lengths: the Embedding, the mask, the lengths and the padding."""

    embedding_vocab: Annotated[
        int | None,
        typer.Option(
            metavar="N",
            help="Input token ids 0 to N - 1, (batch, window), through Embedding(N, D) before the stack.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    embedding_dim: Annotated[
        int | None,
        typer.Option(
            metavar="D",
            help="The Embedding's vector size, the features the stack reads.  [default: 8]",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    mask_zero: Annotated[
        bool,
        typer.Option(
            "--mask-zero", help="Token id 0 is padding: the Embedding masks it.", rich_help_panel=STACK
        ),
    ] = False
    mask_value: Annotated[
        float | None,
        typer.Option(
            metavar="V",
            help="Float input: put Masking(V) first; steps whose features all equal V are masked.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    lengths: Annotated[
        str | None,
        typer.Option(
            metavar="L1,L2,...|random",
            help="One valid length per sample (or random, from --seed); the rest is padding.",
            show_default=False,
            rich_help_panel=STACK,
        ),
    ] = None
    padding: Annotated[
        str | None,
        typer.Option(
            "--padding",
            metavar="pre|post",
            help="Where the padding goes, as pad_sequences: pre (its default) or post.  [default: pre]",
            show_default=False,
            autocompletion=_words(lambda: ("pre", "post")),
            rich_help_panel=STACK,
        ),
    ] = None


class PictureFlags(Family):
    """What the main command adds to the table, or saves it as."""

    diagram: Annotated[
        bool,
        typer.Option(
            "--diagram",
            help="After the table, the stack unrolled over time: which steps' outputs leave each layer.",
            rich_help_panel=EXPLAIN,
        ),
    ] = False
    svg: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Also save what was printed as an SVG picture.",
            dir_okay=False,
            rich_help_panel=RUN,
        ),
    ] = None
    html: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Also save what was printed as an HTML page.",
            dir_okay=False,
            rich_help_panel=RUN,
        ),
    ] = None


# --- shared by the main command and inspect ---------------------------------------------------------------
class RunFlags(Family):
    """Where and how a model runs, and what the table adds: the main command's and inspect's."""

    device: Annotated[
        DeviceChoice,
        typer.Option(
            help="Where to compute; auto takes a GPU when the backend (TensorFlow, JAX or PyTorch) sees one.",
            rich_help_panel=RUN,
        ),
    ] = default(StackSpec, "device")
    time_forward: Annotated[
        bool,
        typer.Option(
            "--time", help="Time the forward pass: the median of several warm calls.", rich_help_panel=RUN
        ),
    ] = False
    max_memory: Annotated[
        str | None,
        typer.Option(
            metavar="SIZE",
            help="Refuse a run estimated to need more, e.g. 2GiB (default: the memory available).",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None
    weights: Annotated[
        bool,
        typer.Option(
            "--weights",
            help="Also list every weight tensor, its gates and the parameter count written out.",
            rich_help_panel=EXPLAIN,
        ),
    ] = False
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="After the table, a guided reading of this stack's shapes.",
            rich_help_panel=EXPLAIN,
        ),
    ] = False


class DataFlags(Family):
    """--data and how its rows become windows and targets (sources/data.py's DataOptions)."""

    data: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Run on your own data: a CSV/TSV with a header row, a .npy (rows × features, or "
            "samples × window × features) or a .npz (x, y), windowed as Keras's timeseries_dataset_from_array does.",
            show_default=False,
            rich_help_panel=DATA,
        ),
    ] = None
    columns: Annotated[
        str | None,
        typer.Option(
            metavar="NAME,...",
            help="The feature columns, in order.  [default: every numeric column]",
            show_default=False,
            rich_help_panel=DATA,
        ),
    ] = None
    target: Annotated[
        str | None,
        typer.Option(
            metavar="NAME,...",
            help="The target columns (what the model should predict).",
            show_default=False,
            rich_help_panel=DATA,
        ),
    ] = None
    horizon: Annotated[
        int,
        typer.Option(help="A window's target is this many rows after its last row.", rich_help_panel=DATA),
    ] = 1
    stride: Annotated[
        int,
        typer.Option(
            help="Rows between the starts of two windows (Keras's sequence_stride).", rich_help_panel=DATA
        ),
    ] = 1
    sampling_rate: Annotated[
        int,
        typer.Option(
            help="Take every R-th row inside a window (Keras's sampling_rate).", rich_help_panel=DATA
        ),
    ] = 1
    target_steps: Annotated[
        str | None,
        typer.Option(
            metavar="last|all",
            help="One target per window (last) or per step (all).  [default: all when the output is 3-D]",
            show_default=False,
            autocompletion=_words(lambda: ("last", "all")),
            rich_help_panel=DATA,
        ),
    ] = None
    loss: Annotated[
        str,
        typer.Option(
            metavar="NAME",
            help="The loss whose rule the targets check uses, as keras.losses spells it: mse, mae, mape, "
            "msle, huber, log_cosh, binary_crossentropy, categorical_crossentropy, "
            "sparse_categorical_crossentropy, binary_focal_crossentropy, categorical_focal_crossentropy, "
            "kl_divergence, poisson, hinge, squared_hinge, categorical_hinge or cosine_similarity.",
            autocompletion=_words(_losses),
            rich_help_panel=DATA,
        ),
    ] = "mse"
    allow_missing: Annotated[
        bool,
        typer.Option(
            "--allow-missing",
            help="Keep empty, NaN and infinite cells (as NaN) instead of refusing.",
            rich_help_panel=DATA,
        ),
    ] = False
    layout: Annotated[
        str,
        typer.Option(
            metavar="long|wide",
            help="How the --data table holds samples: long, a row per time step, cut into windows; or wide, "
            "a row per sample of window × features columns, reshaped in row major order like NumPy's "
            "reshape(rows, window, features).",
            autocompletion=_words(lambda: ("long", "wide")),
            rich_help_panel=DATA,
        ),
    ] = "long"


# --- shared by every command ------------------------------------------------------------------------------
class OutputFlags(Family):
    """How the answer is said: JSON or the table, the language, a traceback for debugging."""

    json_output: Annotated[
        bool,
        typer.Option("--json", help="Print one JSON document instead of the table.", rich_help_panel=RUN),
    ] = False
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help="table; json (as --json); markdown: tables a pull-request comment can hold; "
            "github: workflow annotations for failing checks.",
            rich_help_panel=RUN,
        ),
    ] = OutputFormat.TABLE
    lang: Annotated[
        str | None,
        typer.Option(
            metavar="|".join(LANGUAGES),
            help="Language of the table, the reading and the messages.  "
            "[default: the locale's language when it is one of these, else en]",
            show_default=False,
            autocompletion=_words(lambda: LANGUAGES),
            rich_help_panel=EXPLAIN,
        ),
    ] = None
    traceback: Annotated[
        bool,
        typer.Option(
            "--traceback",
            help="Re-raise errors with a Python traceback (for debugging).",
            rich_help_panel=RUN,
        ),
    ] = False

    @property
    def json_errors(self) -> bool:
        """Whether a refusal is said as a JSON document on stdout (known before any flag is checked)."""
        return self.json_output or self.output_format is OutputFormat.JSON


# --- check FILE... ------------------------------------------------------------------------------------------
class SpecFileFlags(Family):
    """`check`'s own: the spec files, and how their cases run."""

    files: Annotated[
        list[Path],
        typer.Argument(
            help="TOML spec files of named cases (schema: docs/ci.md, Spec files).",
            show_default=False,
            metavar="FILE...",
        ),
    ]
    no_run: NoRun = False
    junit: Annotated[
        Path | None,
        typer.Option(help="Also write a JUnit XML file for CI test views.", metavar="FILE", dir_okay=False),
    ] = None
    backend: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Keras backend for every case: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow).",
            show_default=False,
            autocompletion=_words(lambda: BACKENDS),
            rich_help_panel=RUN,
        ),
    ] = None


# --- inspect MODEL -----------------------------------------------------------------------------------------
class ModelFlags(Family):
    """`inspect`'s own: the model, the batch where it leaves it open, and how it is loaded."""

    model: Annotated[
        str,
        typer.Argument(
            help="A .keras or .h5 file, or FILE.py:FUNCTION / module:FUNCTION returning a Keras model "
            "(which runs your code).",
            show_default=False,
            metavar="MODEL",
        ),
    ]
    batch: Annotated[
        int, typer.Option(help="Samples per batch, where the model leaves it open.", rich_help_panel=STACK)
    ] = default(StackSpec, "batch")
    window: Annotated[
        int,
        typer.Option(
            "--window",
            "--timesteps",
            help="Time steps, where the model leaves them open.",
            rich_help_panel=STACK,
        ),
    ] = default(StackSpec, "window")
    unsafe: Annotated[
        bool,
        typer.Option(
            "--unsafe",
            help="Load a file that needs code (a Lambda layer, custom objects): this RUNS CODE FROM THE FILE.",
            rich_help_panel=RUN,
        ),
    ] = False
    custom_objects: Annotated[
        list[str] | None,
        typer.Option(
            "--custom-objects",
            metavar="FILE.py|MODULE",
            help="Import this file or module before loading, so the custom layers it registers load; "
            "this RUNS THAT CODE (not the file's). Repeatable.",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None
    seed: Annotated[int, typer.Option(help="Seeds the batch.", rich_help_panel=RUN)] = default(
        StackSpec, "seed"
    )
    expect: Annotated[
        list[str] | None,
        typer.Option(
            metavar="TENSOR=SHAPE",
            help="Pin a shape by the model's layer names, e.g. encoder_lstm.h=_,256; repeatable.",
            show_default=False,
            rich_help_panel=RUN,
        ),
    ] = None
    backend: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Keras backend: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow).",
            show_default=False,
            autocompletion=_words(lambda: BACKENDS),
            rich_help_panel=RUN,
        ),
    ] = None


# --- the commands: which families each takes ----------------------------------------------------------------
class MainFlags(Family):
    stack: StackFlags
    layer: LayerFlags
    conv: ConvFlags
    sequences: SequenceFlags
    run: RunFlags
    pictures: PictureFlags
    output: OutputFlags
    data: DataFlags
    # The parameters the user set (command line or environment), not defaults.
    given: frozenset[str] = frozenset()


class InspectFlags(Family):
    model: ModelFlags
    run: RunFlags
    output: OutputFlags
    data: DataFlags
    given: frozenset[str] = frozenset()


class CheckFlags(Family):
    check: SpecFileFlags
    output: OutputFlags
    given: frozenset[str] = frozenset()


def given_params(ctx: click.Context) -> frozenset[str]:
    """The parameters the user set on the command line (or in the environment), not defaults."""
    sources = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    return frozenset(name for name in ctx.params if ctx.get_parameter_source(name) in sources)


Flags = TypeVar("Flags")


def _declared(record: type[Any]) -> tuple[tuple[str, Any, Any], ...]:
    """A record's fields with their annotations as objects (typer reads them): this module's are;
    a module with postponed annotations has them evaluated here."""
    declared: tuple[tuple[str, Any, Any], ...] = getattr(record, "record_fields", ())
    if any(isinstance(hint, str) for _, hint, _ in declared):
        hints = get_type_hints(record, include_extras=True)
        declared = tuple((name, hints[name], fallback) for name, _, fallback in declared)
    return declared


def command(
    flags_type: type[Flags],
) -> Callable[[Callable[[typer.Context, Flags], None]], Callable[..., None]]:
    """Lay a command's families out as typer's parameters; the command gets one typed `flags_type`."""
    layout: list[tuple[str, type[Family], tuple[str, ...]]] = []
    parameters = [inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)]
    taken = {"ctx"}
    empty = inspect.Parameter.empty
    for name, family, _ in _declared(flags_type):
        if name == "given":
            continue
        if not (isinstance(family, type) and issubclass(family, Family)):
            # A dataclass here would lose its flags without a word: every family is a Family.
            raise TypeError(f"{flags_type.__name__}.{name}: {family!r} is not a Family")
        for flag, hint, fallback in _declared(family):
            if flag in taken:
                raise TypeError(f"{flags_type.__name__}: flag {flag} is declared twice")
            taken.add(flag)
            parameters.append(
                inspect.Parameter(
                    flag,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=empty if fallback is MISSING else fallback,
                    annotation=hint,
                )
            )
        layout.append((name, family, tuple(flag for flag, _, _ in family.record_fields)))

    build: Callable[..., Flags] = flags_type

    def decorate(function: Callable[[typer.Context, Flags], None]) -> Callable[..., None]:
        def parsed(ctx: typer.Context, **values: Any) -> None:
            families = {name: family(**{n: values[n] for n in names}) for name, family, names in layout}
            function(ctx, build(**families, given=given_params(ctx)))

        parsed.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        parsed.__name__ = function.__name__
        parsed.__qualname__ = function.__qualname__
        parsed.__doc__ = function.__doc__
        parsed.__module__ = function.__module__
        return parsed

    return decorate
