"""Every option, declared once: the main command, `check` (and later commands) share these.

Help text names LSTM only where only LSTM is meant; the recurrent layers are LSTM, GRU
and SimpleRNN, and what they return differs (LSTM: output, h, c; GRU and SimpleRNN: output, h).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lstm_shapes.model.spec import CellKind, DeviceChoice, HeadKind, MergeMode, Padding
from lstm_shapes.version import __version__

STACK = "Stack"
HYPER = "Recurrent-layer hyperparameters (Keras names and defaults)"
RUN = "Run and output"
EXPLAIN = "Explain"

_REGULARIZERS = "l1, l2, l1l2, orthogonal_regularizer or none."
_CONSTRAINTS = "max_norm, min_max_norm, non_neg, unit_norm or none."

# --- the stack -------------------------------------------------------------------------------------------
Batch = Annotated[int, typer.Option(help="Samples per batch (axis 0).", rich_help_panel=STACK)]
Window = Annotated[
    int,
    typer.Option("--window", "--timesteps", help="Time steps per sample (axis 1).", rich_help_panel=STACK),
]
Features = Annotated[int, typer.Option(help="Features per time step (axis 2).", rich_help_panel=STACK)]
Units = Annotated[
    list[int] | None,
    typer.Option(
        help="Units of one recurrent layer (20 if not given); repeat for a stack, bottom first.",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
Cell = Annotated[
    CellKind, typer.Option(help="The recurrent layer: LSTM, GRU or SimpleRNN.", rich_help_panel=STACK)
]
Bidirectional = Annotated[
    bool,
    typer.Option(
        "--bidirectional",
        help="Wrap every layer in Bidirectional (forward and backward).",
        rich_help_panel=STACK,
    ),
]
Merge = Annotated[
    MergeMode | None,
    typer.Option(
        help="How Bidirectional merges its directions; none keeps both.  [default: concat]",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
ConvFilters = Annotated[
    int | None,
    typer.Option(help="Put a Conv1D with this many filters before the stack.", rich_help_panel=STACK),
]
ConvKernelSize = Annotated[
    int | None,
    typer.Option(
        help="The Conv1D's kernel length in time steps.  [default: 3]",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
ConvStrides = Annotated[
    int | None,
    typer.Option(help="The Conv1D's stride.  [default: 1]", show_default=False, rich_help_panel=STACK),
]
ConvPadding = Annotated[
    Padding | None,
    typer.Option(help="The Conv1D's padding.  [default: valid]", show_default=False, rich_help_panel=STACK),
]
ReturnSequences = Annotated[
    bool,
    typer.Option(help="Top layer returns every time step (lower layers always do).", rich_help_panel=STACK),
]
ReturnState = Annotated[
    bool,
    typer.Option(
        "--return-state",
        help="Every layer also returns its final states: h and c for LSTM, h for GRU and SimpleRNN.",
        rich_help_panel=STACK,
    ),
]
Head = Annotated[HeadKind, typer.Option(help="Layer on top of the stack.", rich_help_panel=STACK)]
HeadUnits = Annotated[
    int | None,
    typer.Option(
        help="Units of the head's Dense (needs --head).  [default: 10]",
        show_default=False,
        rich_help_panel=STACK,
    ),
]

EmbeddingVocab = Annotated[
    int | None,
    typer.Option(
        metavar="N",
        help="Input token ids 0 to N - 1, (batch, window), through Embedding(N, D) before the stack.",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
EmbeddingDim = Annotated[
    int | None,
    typer.Option(
        metavar="D",
        help="The Embedding's vector size, the features the stack reads.  [default: 8]",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
MaskZero = Annotated[
    bool,
    typer.Option("--mask-zero", help="Token id 0 is padding: the Embedding masks it.", rich_help_panel=STACK),
]
MaskValue = Annotated[
    float | None,
    typer.Option(
        metavar="V",
        help="Float input: put Masking(V) first; steps whose features all equal V are masked.",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
Lengths = Annotated[
    str | None,
    typer.Option(
        metavar="L1,L2,...|random",
        help="One valid length per sample (or random, from --seed); the rest is padding.",
        show_default=False,
        rich_help_panel=STACK,
    ),
]
SequencePadding = Annotated[
    str | None,
    typer.Option(
        "--padding",
        metavar="pre|post",
        help="Where the padding goes, as pad_sequences: pre (its default) or post.  [default: pre]",
        show_default=False,
        rich_help_panel=STACK,
    ),
]

# --- hyperparameters -----------------------------------------------------------------------------------
Activation = Annotated[
    str, typer.Option(help="Activation of the cell and output (tanh, relu, ...).", rich_help_panel=HYPER)
]
RecurrentActivation = Annotated[
    str | None,
    typer.Option(
        help="Activation of the gates (sigmoid, hard_sigmoid, ...); LSTM and GRU.  [default: sigmoid]",
        show_default=False,
        rich_help_panel=HYPER,
    ),
]
UseBias = Annotated[bool, typer.Option(help="Add a bias vector.", rich_help_panel=HYPER)]
KernelInitializer = Annotated[
    str, typer.Option(help="Initializer of the input kernel.", rich_help_panel=HYPER)
]
RecurrentInitializer = Annotated[
    str, typer.Option(help="Initializer of the recurrent kernel.", rich_help_panel=HYPER)
]
BiasInitializer = Annotated[str, typer.Option(help="Initializer of the bias.", rich_help_panel=HYPER)]
UnitForgetBias = Annotated[
    bool | None,
    typer.Option(
        help="Add 1 to the forget gate's bias at initialization; LSTM only.  [default: on]",
        show_default=False,
        rich_help_panel=HYPER,
    ),
]
ResetAfter = Annotated[
    bool | None,
    typer.Option(
        help="Apply the reset gate after the recurrent product (two biases); GRU only.  [default: on]",
        show_default=False,
        rich_help_panel=HYPER,
    ),
]
KernelRegularizer = Annotated[str, typer.Option(help=_REGULARIZERS, rich_help_panel=HYPER)]
RecurrentRegularizer = Annotated[str, typer.Option(help=_REGULARIZERS, rich_help_panel=HYPER)]
BiasRegularizer = Annotated[str, typer.Option(help="l1, l2, l1l2 or none.", rich_help_panel=HYPER)]
ActivityRegularizer = Annotated[
    str, typer.Option(help="On the layer's output: l1, l2, l1l2 or none.", rich_help_panel=HYPER)
]
KernelConstraint = Annotated[str, typer.Option(help=_CONSTRAINTS, rich_help_panel=HYPER)]
RecurrentConstraint = Annotated[str, typer.Option(help=_CONSTRAINTS, rich_help_panel=HYPER)]
BiasConstraint = Annotated[str, typer.Option(help=_CONSTRAINTS, rich_help_panel=HYPER)]
Dropout = Annotated[
    float, typer.Option(help="Fraction of inputs dropped while training, in [0, 1).", rich_help_panel=HYPER)
]
RecurrentDropout = Annotated[
    float, typer.Option(help="Fraction of h dropped while training, in [0, 1).", rich_help_panel=HYPER)
]
Implementation = Annotated[
    int | None,
    typer.Option(
        help="1: one small matrix product per gate; 2: all gates at once; LSTM and GRU.  [default: 2]",
        show_default=False,
        rich_help_panel=HYPER,
    ),
]
GoBackwards = Annotated[
    bool, typer.Option("--go-backwards", help="Read the sequence from the end.", rich_help_panel=HYPER)
]
Stateful = Annotated[
    bool,
    typer.Option(
        "--stateful", help="Keep states across batches (fixes the batch size).", rich_help_panel=HYPER
    ),
]
Unroll = Annotated[
    bool,
    typer.Option("--unroll", help="Unroll the time loop instead of a symbolic loop.", rich_help_panel=HYPER),
]

# --- running and output ----------------------------------------------------------------------------------
Device = Annotated[
    DeviceChoice,
    typer.Option(
        help="Where to compute; auto takes a GPU when the backend (TensorFlow, JAX or PyTorch) sees one.",
        rich_help_panel=RUN,
    ),
]
Seed = Annotated[
    int,
    typer.Option(
        help="Seeds the batch and the weights; the same seed, the same numbers.", rich_help_panel=RUN
    ),
]
Json = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of the table.", rich_help_panel=RUN)
]
Traceback = Annotated[
    bool,
    typer.Option(
        "--traceback", help="Re-raise errors with a Python traceback (for debugging).", rich_help_panel=RUN
    ),
]
Expect = Annotated[
    list[str] | None,
    typer.Option(
        metavar="TENSOR=SHAPE",
        help="Pin a shape, e.g. output=32,25,20 or lstm_1.hidden=32,_ (_ or * is any size); repeatable.",
        show_default=False,
        rich_help_panel=RUN,
    ),
]
NoRun = Annotated[
    bool,
    typer.Option(
        "--no-run", help="Predict the shapes only: no framework import, instant.", rich_help_panel=RUN
    ),
]
MaxMemory = Annotated[
    str | None,
    typer.Option(
        metavar="SIZE",
        help="Refuse a run estimated to need more, e.g. 2GiB (default: the memory available).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]
Backend = Annotated[
    str | None,
    typer.Option(
        metavar="NAME[,NAME...]",
        help="Keras backend: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow). "
        "A comma list, or all, runs each in its own process on the same weights and batch, and compares.",
        show_default=False,
        rich_help_panel=RUN,
    ),
]
Time = Annotated[
    bool,
    typer.Option(
        "--time", help="Time the forward pass: the median of several warm calls.", rich_help_panel=RUN
    ),
]
Weights = Annotated[
    bool,
    typer.Option(
        "--weights",
        help="Also list every weight tensor, its gates and the parameter count written out.",
        rich_help_panel=EXPLAIN,
    ),
]
Explain = Annotated[
    bool,
    typer.Option(
        "--explain", help="After the table, a guided reading of this stack's shapes.", rich_help_panel=EXPLAIN
    ),
]
Lang = Annotated[
    str | None,
    typer.Option(
        metavar="en|ko",
        help="Language of the table, the reading and the messages.  [default: ko when the locale is Korean]",
        show_default=False,
        rich_help_panel=EXPLAIN,
    ),
]
Compare = Annotated[
    str | None,
    typer.Option(
        metavar="FLAG,...",
        help="Run the stack once per combination of these on/off flags and show the shapes side by side.",
        show_default=False,
        rich_help_panel=EXPLAIN,
    ),
]

Diagram = Annotated[
    bool,
    typer.Option(
        "--diagram",
        help="After the table, the stack unrolled over time: which steps' outputs leave each layer.",
        rich_help_panel=EXPLAIN,
    ),
]
Svg = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Also save what was printed as an SVG picture.",
        dir_okay=False,
        rich_help_panel=RUN,
    ),
]
Html = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Also save what was printed as an HTML page.",
        dir_okay=False,
        rich_help_panel=RUN,
    ),
]

# --- your data ---------------------------------------------------------------------------------------------
DATA = "Your data"
Data = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="Run on your own data: a CSV/TSV with a header row, a .npy (rows × features, or "
        "samples × window × features) or a .npz (x, y), windowed as Keras's timeseries_dataset_from_array does.",
        show_default=False,
        rich_help_panel=DATA,
    ),
]
Columns = Annotated[
    str | None,
    typer.Option(
        metavar="NAME,...",
        help="The feature columns, in order.  [default: every numeric column]",
        show_default=False,
        rich_help_panel=DATA,
    ),
]
Target = Annotated[
    str | None,
    typer.Option(
        metavar="NAME,...",
        help="The target columns (what the model should predict).",
        show_default=False,
        rich_help_panel=DATA,
    ),
]
Horizon = Annotated[
    int, typer.Option(help="A window's target is this many rows after its last row.", rich_help_panel=DATA)
]
Stride = Annotated[
    int,
    typer.Option(
        help="Rows between the starts of two windows (Keras's sequence_stride).", rich_help_panel=DATA
    ),
]
SamplingRate = Annotated[
    int,
    typer.Option(help="Take every R-th row inside a window (Keras's sampling_rate).", rich_help_panel=DATA),
]
TargetSteps = Annotated[
    str | None,
    typer.Option(
        metavar="last|all",
        help="One target per window (last) or per step (all).  [default: all when the output is 3-D]",
        show_default=False,
        rich_help_panel=DATA,
    ),
]
Loss = Annotated[
    str,
    typer.Option(
        metavar="NAME",
        help="The loss whose rule the targets check uses: mse, mae, binary_crossentropy, "
        "categorical_crossentropy or sparse_categorical_crossentropy.",
        rich_help_panel=DATA,
    ),
]
AllowMissing = Annotated[
    bool,
    typer.Option(
        "--allow-missing",
        help="Keep empty, NaN and infinite cells (as NaN) instead of refusing.",
        rich_help_panel=DATA,
    ),
]

# --- check ---------------------------------------------------------------------------------------------
SpecFiles = Annotated[
    list[Path],
    typer.Argument(
        help="TOML spec files of named cases (schema in the README).", show_default=False, metavar="FILE..."
    ),
]
JUnit = Annotated[
    Path | None,
    typer.Option(help="Also write a JUnit XML file for CI test views.", metavar="FILE", dir_okay=False),
]
CheckBackend = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Keras backend for every case: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lstm-shapes {__version__}")
        raise typer.Exit()


Version = Annotated[
    bool | None,
    typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
]

# --- inspect MODEL -------------------------------------------------------------------------------------
ModelArg = Annotated[
    str,
    typer.Argument(
        help="A .keras or .h5 file, or FILE.py:FUNCTION / module:FUNCTION returning a Keras model "
        "(which runs your code).",
        show_default=False,
        metavar="MODEL",
    ),
]
ModelBatch = Annotated[
    int, typer.Option(help="Samples per batch, where the model leaves it open.", rich_help_panel=STACK)
]
ModelWindow = Annotated[
    int,
    typer.Option(
        "--window", "--timesteps", help="Time steps, where the model leaves them open.", rich_help_panel=STACK
    ),
]
Unsafe = Annotated[
    bool,
    typer.Option(
        "--unsafe",
        help="Load a file that needs code (a Lambda layer, custom objects): this RUNS CODE FROM THE FILE.",
        rich_help_panel=RUN,
    ),
]
CustomObjects = Annotated[
    list[str] | None,
    typer.Option(
        "--custom-objects",
        metavar="FILE.py|MODULE",
        help="Import this file or module before loading, so the custom layers it registers load; "
        "this RUNS THAT CODE (not the file's). Repeatable.",
        rich_help_panel=RUN,
    ),
]
ModelSeed = Annotated[int, typer.Option(help="Seeds the batch.", rich_help_panel=RUN)]
ModelExpect = Annotated[
    list[str] | None,
    typer.Option(
        metavar="TENSOR=SHAPE",
        help="Pin a shape by the model's layer names, e.g. encoder_lstm.h=_,256; repeatable.",
        show_default=False,
        rich_help_panel=RUN,
    ),
]
ModelBackend = Annotated[
    str | None,
    typer.Option(
        metavar="NAME",
        help="Keras backend: tensorflow, jax or torch (default: $KERAS_BACKEND, else tensorflow).",
        show_default=False,
        rich_help_panel=RUN,
    ),
]
