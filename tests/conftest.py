"""Shared fixtures: an in-process CLI runner and hypothesis strategies for small valid stacks.

`stack_specs` draws LSTM-only stacks (the seed tool); `family_stacks` draws mixed ones:
LSTM, GRU and SimpleRNN layers, Bidirectional in every merge mode, an optional Conv1D.

Keras is never imported here: the pure tests (spec, predict) stay instant, and the
modules that need Keras import it once per test process through `lstm_shapes.observe`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from lstm_shapes.cli.app import app
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

settings.register_profile(
    "lstm-shapes",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile("lstm-shapes")

# Environment for in-process runs: plain, uncoloured output whatever the developer's shell says.
PLAIN_ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "COLUMNS": None,
    "LSTM_SHAPES_DEBUG": None,
    # The language follows the locale: tests expect English whatever the developer's shell says.
    "LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
}

Invoke = Callable[..., Result]


def run_cli(*args: str | Path, env: dict[str, str | None] | None = None, strict: bool = False) -> Result:
    """`lstm-shapes ARGS...` in this process: the one CLI runner of the suite.

    `env` adds variables to the plain environment; `strict` asserts that the run ended
    with one of our exits, never an exception (a traceback for the user).
    """
    result = CliRunner().invoke(
        app, [str(a) for a in args], env={**PLAIN_ENV, **(env or {})}, prog_name="lstm-shapes"
    )
    if strict:
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke() -> Invoke:
    """Run `lstm-shapes ARGS...` in this process (`run_cli`); `env=` adds variables for that run."""
    return run_cli


def flat(text: str) -> str:
    """Text without Rich's box drawing and line wrapping, for matching error panels."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def table_rows(stdout: str) -> tuple[list[list[str]], list[str]]:
    """The body rows and the footer of a rendered shape table, each cut into its cells.

    Meant for tables where no cell wraps (no "Why" column, a wide enough console).
    """
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "───" in line)
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("Total"))
    body = [re.split(r"\s{2,}", line.strip()) for line in lines[start + 1 : end] if line.strip()]
    return body, re.split(r"\s{2,}", lines[end].strip())


# A few activations that keep small random stacks numerically tame (no overflow to inf/NaN).
TAME_ACTIVATIONS = ("tanh", "sigmoid", "relu", "linear", "softsign", "hard_sigmoid", "elu", "gelu")
OPTIONAL_WEIGHT_REGULARIZERS = (ids.NONE, *ids.WEIGHT_REGULARIZERS)
OPTIONAL_VECTOR_REGULARIZERS = (ids.NONE, *ids.VECTOR_REGULARIZERS)
OPTIONAL_CONSTRAINTS = (ids.NONE, *ids.CONSTRAINTS)

fractions = st.sampled_from((0.0, 0.1, 0.25, 0.5)) | st.floats(0.0, 0.5, allow_nan=False)


@st.composite
def layer_specs(draw: st.DrawFn, *, return_sequences: bool | None = None) -> LayerSpec:
    """One small LSTM; `return_sequences` fixed by the caller for lower layers."""
    rs = draw(st.booleans()) if return_sequences is None else return_sequences
    settings: dict[str, Any] = {
        "units": draw(st.integers(1, 8)),
        "return_sequences": rs,
        "return_state": draw(st.booleans()),
        "activation": draw(st.sampled_from(TAME_ACTIVATIONS)),
        "recurrent_activation": draw(st.sampled_from(("sigmoid", "hard_sigmoid", "tanh"))),
        "use_bias": draw(st.booleans()),
        "kernel_initializer": draw(st.sampled_from(ids.KERNEL_INITIALIZERS)),
        "recurrent_initializer": draw(st.sampled_from(ids.KERNEL_INITIALIZERS)),
        "bias_initializer": draw(st.sampled_from(ids.BIAS_INITIALIZERS)),
        "unit_forget_bias": draw(st.booleans()),
        "kernel_regularizer": draw(st.sampled_from(OPTIONAL_WEIGHT_REGULARIZERS)),
        "recurrent_regularizer": draw(st.sampled_from(OPTIONAL_WEIGHT_REGULARIZERS)),
        "bias_regularizer": draw(st.sampled_from(OPTIONAL_VECTOR_REGULARIZERS)),
        "activity_regularizer": draw(st.sampled_from(OPTIONAL_VECTOR_REGULARIZERS)),
        "kernel_constraint": draw(st.sampled_from(OPTIONAL_CONSTRAINTS)),
        "recurrent_constraint": draw(st.sampled_from(OPTIONAL_CONSTRAINTS)),
        "bias_constraint": draw(st.sampled_from(OPTIONAL_CONSTRAINTS)),
        "dropout": draw(fractions),
        "recurrent_dropout": draw(fractions),
        "implementation": draw(st.sampled_from((1, 2))),
        "go_backwards": draw(st.booleans()),
        "stateful": draw(st.booleans()),
        "unroll": draw(st.booleans()),
    }
    return LayerSpec(**settings)


@st.composite
def stack_specs(draw: st.DrawFn, *, max_layers: int = 3) -> StackSpec:
    """A small valid stack: every layer below the top returns sequences; the head fits the top."""
    depth = draw(st.integers(1, max_layers))
    lower = [draw(layer_specs(return_sequences=True)) for _ in range(depth - 1)]
    top = draw(layer_specs())
    heads = [HeadKind.NONE, HeadKind.DENSE]
    if top.return_sequences:
        heads.append(HeadKind.TIME_DISTRIBUTED)
    head = HeadSpec(draw(st.sampled_from(heads)), draw(st.integers(1, 8)))
    return StackSpec(
        batch=draw(st.integers(1, 4)),
        window=draw(st.integers(2, 6)),
        features=draw(st.integers(1, 3)),
        layers=(*lower, top),
        head=head,
        device=DeviceChoice.CPU,
        seed=draw(st.integers(0, 2**31 - 1)),
    )


# --- the recurrent family: mixed cells, Bidirectional, a Conv1D front end -----------------------

# None is "not given": the cell's Keras default.
MERGE_MODES = (None, *MergeMode)


def stateful_bidirectional_states(layer: LayerSpec) -> bool:
    """Keras 3.15 cannot build Bidirectional(stateful=True, return_state=True), for any cell.

    `Bidirectional.compute_mask` multiplies a generator by 2 ("unsupported operand type(s)
    for *: 'generator' and 'int'"); test_family.py pins that failure. Strategies that must
    agree with Keras leave this one combination out.
    """
    return layer.bidirectional and layer.stateful and layer.return_state


@st.composite
def family_layers(
    draw: st.DrawFn, *, return_sequences: bool | None = None, merge_none: bool = False
) -> LayerSpec:
    """One tiny recurrent layer of any cell, maybe bidirectional.

    `merge_none` allows merge_mode none (only the top layer under no head may have it).
    Cell-specific settings are drawn only for cells that have them, None half the time.
    """
    cell = draw(st.sampled_from([c for c in CellKind if not c.kind.convolutional]))
    bidirectional = draw(st.booleans())
    merges = MERGE_MODES if merge_none else tuple(m for m in MERGE_MODES if m is not MergeMode.NONE)
    settings: dict[str, Any] = {
        "cell": cell,
        "units": draw(st.integers(1, 5)),
        "return_sequences": draw(st.booleans()) if return_sequences is None else return_sequences,
        "return_state": draw(st.booleans()),
        "bidirectional": bidirectional,
        "merge_mode": draw(st.sampled_from(merges)) if bidirectional else None,
        "activation": draw(st.sampled_from(TAME_ACTIVATIONS)),
        "use_bias": draw(st.booleans()),
        "dropout": draw(st.sampled_from((0.0, 0.25))),
        "recurrent_dropout": draw(st.sampled_from((0.0, 0.25))),
        "go_backwards": draw(st.booleans()),
        "stateful": draw(st.booleans()),
        "unroll": draw(st.booleans()),
    }
    if cell is not CellKind.SIMPLE_RNN:
        settings["recurrent_activation"] = draw(st.sampled_from((None, "sigmoid", "hard_sigmoid", "tanh")))
        settings["implementation"] = draw(st.sampled_from((None, 1, 2)))
    if cell is CellKind.LSTM:
        settings["unit_forget_bias"] = draw(st.sampled_from((None, True, False)))
    if cell is CellKind.GRU:
        settings["reset_after"] = draw(st.sampled_from((None, True, False)))
    if bidirectional and settings["stateful"] and settings["return_state"]:
        settings["stateful"] = False  # see stateful_bidirectional_states
    return LayerSpec(**settings)


@st.composite
def conv_specs(draw: st.DrawFn, window: int) -> ConvSpec:
    """A Conv1D that fits `window`: any padding; a valid one's kernel spans at most the window.

    A dilation above 1 only with stride 1 (Keras refuses the pair)."""
    padding = draw(st.sampled_from(Padding))
    longest = window if padding is Padding.VALID else window + 2
    kernel_size = draw(st.integers(1, longest))
    strides = draw(st.integers(1, 3))
    dilation_rate = draw(st.integers(1, 3)) if strides == 1 else 1
    while padding is Padding.VALID and (kernel_size - 1) * dilation_rate + 1 > window:
        dilation_rate -= 1
    return ConvSpec(
        filters=draw(st.integers(1, 4)),
        kernel_size=kernel_size,
        strides=strides,
        padding=padding,
        dilation_rate=dilation_rate,
    )


@st.composite
def family_stacks(draw: st.DrawFn, *, max_layers: int = 3) -> StackSpec:
    """A tiny valid mixed stack: maybe a Conv1D, 1-3 recurrent layers of any cell, a head that fits."""
    window = draw(st.integers(2, 6))
    conv = draw(st.none() | conv_specs(window))
    depth = draw(st.integers(1, max_layers))
    lower = [draw(family_layers(return_sequences=True)) for _ in range(depth - 1)]
    top_sequences = draw(st.booleans())
    heads = [HeadKind.NONE, HeadKind.DENSE] + (
        [HeadKind.TIME_DISTRIBUTED, HeadKind.FLATTEN] if top_sequences else []
    )
    head = HeadSpec(draw(st.sampled_from(heads)), draw(st.integers(1, 4)))
    top = draw(family_layers(return_sequences=top_sequences, merge_none=head.kind is HeadKind.NONE))
    return StackSpec(
        batch=draw(st.integers(1, 3)),
        window=window,
        features=draw(st.integers(1, 3)),
        layers=(*lower, top),
        head=head,
        device=DeviceChoice.CPU,
        seed=draw(st.integers(0, 2**31 - 1)),
        conv=conv,
    )
