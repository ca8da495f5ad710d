"""Hostile command lines, driven in-process by hypothesis: the tool never falls over.

Whatever the flags, the exit code is 0, 1, 2 or 3; a non-zero exit explains itself
on stderr without a traceback; --json output parses; and every run that got as far
as Keras observed exactly the shapes it predicted. Sizes that would really compute
are kept tiny, and a --max-memory budget makes the huge ones hit the memory guard
instead of this machine's RAM.
"""

from __future__ import annotations

import json

from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_shapes.spec import identifiers as ids

PLAIN_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "LSTM_SHAPES_DEBUG": None, "LANG": None, "LC_ALL": None}

small = st.integers(1, 4).map(str)
hostile_int = st.one_of(
    st.integers(-5, 0).map(str),
    st.sampled_from(["abc", "", "1.5", "1e3", "0x10", " 3", "٣", "99999999999999999999999"]),
    st.integers(10**12, 10**15).map(str),  # refused by the memory guard, never allocated
)
size = st.one_of(small, small, small, hostile_int)
fraction = st.one_of(
    st.sampled_from(["0", "0.1", "0.5"]),
    st.sampled_from(["1", "-0.1", "nan", "inf", "-inf", "x", "1e-9", "0.999999"]),
)
name = st.sampled_from(["nope", "", "RELU", "relu ", "none", "None", "glu", "threshold", "constant"])
choice = {
    "--activation": st.one_of(st.sampled_from(ids.ACTIVATIONS[:6]), name),
    "--recurrent-activation": st.one_of(st.sampled_from(["sigmoid", "hard_sigmoid"]), name),
    "--kernel-initializer": st.one_of(st.sampled_from(ids.KERNEL_INITIALIZERS), name),
    "--bias-initializer": st.one_of(st.sampled_from(["zeros", "ones", "orthogonal"]), name),
    "--kernel-regularizer": st.one_of(st.sampled_from(ids.WEIGHT_REGULARIZERS), name),
    "--activity-regularizer": st.one_of(st.sampled_from(["l2", "orthogonal_regularizer"]), name),
    "--bias-constraint": st.one_of(st.sampled_from(ids.CONSTRAINTS), name),
    "--head": st.sampled_from(["none", "dense", "time-distributed", "flatten", "Dense", "td", ""]),
    "--device": st.sampled_from(["auto", "cpu", "gpu", "tpu", ""]),
    "--implementation": st.sampled_from(["1", "2", "0", "3", "two"]),
    "--seed": st.sampled_from(["0", "7", "-1", "x", "4294967296"]),
    "--expect": st.sampled_from(
        ["output=_,_", "output=*,*,*", "h=1,1", "head=1", "lstm_9=1", "=", "output", "input=_,_,_", "x=1"]
    ),
    "--max-memory": st.sampled_from(["1GiB", "2G", "0", "-1M", "lots", "10KiB"]),
}
valued = {
    "--batch": size,
    "--window": size,
    "--timesteps": size,
    "--features": size,
    "--units": size,
    "--head-units": size,
    "--dropout": fraction,
    "--recurrent-dropout": fraction,
    **choice,
}
switches = [
    "--return-sequences",
    "--no-return-sequences",
    "--return-state",
    "--go-backwards",
    "--stateful",
    "--unroll",
    "--no-use-bias",
    "--no-unit-forget-bias",
    "--json",
    "--no-run",
    "--bogus-flag",
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    args: list[str] = ["--max-memory", "1.5GiB", "--window", "3", "--batch", "2", "--units", "2"]
    for _ in range(draw(st.integers(0, 7))):
        if draw(st.booleans()):
            flag = draw(st.sampled_from(sorted(valued)))
            args += [flag, draw(valued[flag])]
        else:
            args.append(draw(st.sampled_from(switches)))
    if draw(st.integers(0, 20)) == 0:
        args.append(draw(st.sampled_from(["stray", "--units", "-h", "--version"])))
    return args


@settings(max_examples=300)
@given(command_lines())
def test_any_command_line_ends_cleanly(args: list[str]) -> None:
    result = run_cli(*args, env=PLAIN_ENV)
    shown = " ".join(repr(a) for a in args)
    assert result.exit_code in (0, 1, 2, 3), f"{shown}: exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}: raised {result.exception!r}"
    )
    assert "Traceback" not in result.output, shown
    if result.exit_code != 0:
        assert result.stderr.strip() or result.stdout.strip(), f"{shown}: failed silently"
    if result.exit_code != 0 and result.exit_code != 1:
        assert result.stderr.strip(), f"{shown}: exit {result.exit_code} with nothing on stderr"
    if "--json" in args and result.exit_code in (0, 1) and not {"-h", "--version"} & set(args):
        document = json.loads(result.stdout)
        for tensor in document["tensors"]:
            assert tensor["shape"] == tensor["predicted_shape"], f"{shown}: {tensor}"
