"""Pinned shapes (`--expect`, a spec file's `expect`, the API's `expect=`): parsing, names, matching.

Pure: every test here predicts only, so Keras is never imported.
"""

from __future__ import annotations

import pytest

from lstm_shapes import StackReport, inspect_stack
from lstm_shapes.errors import ExitCode, InvalidSpec
from lstm_shapes.predict.stack import predict
from lstm_shapes.spec.expect import Expectation, aliases, parse_dims, parse_expectation, resolve
from lstm_shapes.spec.stack import HeadKind, HeadSpec, LayerSpec, StackSpec

NOT_A_SIZE = "is not a size: each axis is a whole number, or _ or * for any size"
NOT_TENSOR_SHAPE_HINT = "For example: --expect output=32,25,20 --expect lstm_1.hidden=32,_"

# Two layers that both return their states, and a Dense head: every kind of tensor name.
STATES = StackSpec(
    batch=2,
    window=3,
    layers=(
        LayerSpec(4, return_sequences=True, return_state=True),
        LayerSpec(3, return_state=True),
    ),
    head=HeadSpec(HeadKind.DENSE, 5),
)
STATES_FULL_NAMES = (
    "input",
    "lstm_1.output",
    "lstm_1.hidden",
    "lstm_1.cell",
    "lstm_2.output",
    "lstm_2.hidden",
    "lstm_2.cell",
    "head.output",
)
PLAIN = StackSpec(batch=2, window=3, layers=(LayerSpec(4, return_sequences=True),))


# --- parse_expectation / parse_dims -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("output=32,25,20", Expectation("output", (32, 25, 20))),
        ("output=(32, 25, 20)", Expectation("output", (32, 25, 20))),
        ("lstm_1.hidden=32,_", Expectation("lstm_1.hidden", (32, None))),
        ("head=*,25,10", Expectation("head", (None, 25, 10))),
        ("output=(_, *, 20)", Expectation("output", (None, None, 20))),
        ("output=(32,)", Expectation("output", (32,))),
        ("output=32,", Expectation("output", (32,))),
        ("output=7", Expectation("output", (7,))),
        ("  lstm_2.c =  32 , 20  ", Expectation("lstm_2.c", (32, 20))),
    ],
)
def test_parse_expectation(text: str, expected: Expectation) -> None:
    assert parse_expectation(text) == expected


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("output", "expect: 'output' is not TENSOR=SHAPE", NOT_TENSOR_SHAPE_HINT),
        ("=32", "expect: '=32' is not TENSOR=SHAPE", NOT_TENSOR_SHAPE_HINT),
        ("  =32,20", "expect: '  =32,20' is not TENSOR=SHAPE", NOT_TENSOR_SHAPE_HINT),
        ("", "expect: '' is not TENSOR=SHAPE", NOT_TENSOR_SHAPE_HINT),
        ("output=", "expect: the shape is empty; write it like 32,25,20", None),
        ("output=()", "expect: the shape is empty; write it like 32,25,20", None),
        ("output=32,x", f"expect: 'x' {NOT_A_SIZE}", None),
        ("output=-1,20", f"expect: '-1' {NOT_A_SIZE}", None),
        ("output=32,,20", f"expect: '' {NOT_A_SIZE}", None),
        ("output=2.5", f"expect: '2.5' {NOT_A_SIZE}", None),
        ("output=32 25", f"expect: '32 25' {NOT_A_SIZE}", None),
        ("output=true", f"expect: 'true' {NOT_A_SIZE}", None),
    ],
)
def test_malformed_expectation_is_refused(text: str, message: str, hint: str | None) -> None:
    with pytest.raises(InvalidSpec) as caught:
        parse_expectation(text)
    assert caught.value.field == "expect"
    assert caught.value.message == message
    assert caught.value.hint == hint
    assert caught.value.exit_code is ExitCode.INVALID_INPUT


def test_superscript_digit_is_refused_not_a_crash() -> None:
    with pytest.raises(InvalidSpec) as caught:
        parse_expectation("output=32,²")
    assert caught.value.message == f"expect: '²' {NOT_A_SIZE}"


@pytest.mark.parametrize(
    ("value", "dims"),
    [
        ([32, "_", 20], (32, None, 20)),
        ([32, "*"], (32, None)),
        (["32", 20], (32, 20)),
        ((32,), (32,)),
        ([0, 1], (0, 1)),
        ("32,_,20", (32, None, 20)),
    ],
)
def test_parse_dims_of_a_list_or_a_string(value: object, dims: tuple[int | None, ...]) -> None:
    assert parse_dims(value, "expect.output") == dims


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ([32, True], f"True {NOT_A_SIZE}"),
        ([False], f"False {NOT_A_SIZE}"),
        ([32, -1], f"-1 {NOT_A_SIZE}"),
        ([32, 2.0], f"2.0 {NOT_A_SIZE}"),
        ([32, None], f"None {NOT_A_SIZE}"),
        ([32, "x"], f"'x' {NOT_A_SIZE}"),
        ([], "the shape is empty; write it like 32,25,20"),
        (32, "a shape is written like 32,25,20 or [32, 25, 20], got 32"),
        (True, "a shape is written like 32,25,20 or [32, 25, 20], got True"),
        (None, "a shape is written like 32,25,20 or [32, 25, 20], got None"),
        ({"a": 1}, "a shape is written like 32,25,20 or [32, 25, 20], got {'a': 1}"),
    ],
)
def test_parse_dims_refuses_what_is_not_a_shape(value: object, problem: str) -> None:
    with pytest.raises(InvalidSpec) as caught:
        parse_dims(value, "expect.lstm_1.hidden")
    assert caught.value.field == "expect.lstm_1.hidden"
    assert caught.value.problem == problem
    assert caught.value.message == f"expect.lstm_1.hidden: {problem}"


# --- Expectation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dims", "shape", "matches"),
    [
        ((2, 3), (2, 3), True),
        ((2, None), (2, 7), True),
        ((None, None, None), (1, 2, 3), True),
        ((2, 3), (2, 4), False),
        ((2, None), (3, 7), False),
        ((2, 3), (2, 3, 1), False),  # rank mismatch: more axes than expected
        ((2, 3, None), (2, 3), False),  # rank mismatch: a wildcard still needs its axis
        ((None,), (2, 3), False),
    ],
)
def test_expectation_matches(dims: tuple[int | None, ...], shape: tuple[int, ...], matches: bool) -> None:
    assert Expectation("t", dims).matches(shape) is matches


def test_expectation_text_writes_wildcards_as_underscores() -> None:
    assert Expectation("t", (32, None, 20)).text == "(32, _, 20)"


def test_expectation_text_of_one_axis_has_the_tuple_comma() -> None:
    assert Expectation("t", (32,)).text == "(32,)"


# --- tensor names -------------------------------------------------------------------------------


def test_aliases_of_a_two_layer_stack_with_states_and_a_head() -> None:
    names = aliases(predict(STATES))
    assert names == {
        **{name: name for name in STATES_FULL_NAMES},
        "lstm_1": "lstm_1.output",
        "lstm_1.h": "lstm_1.hidden",
        "lstm_1.c": "lstm_1.cell",
        "lstm_2": "lstm_2.output",
        "lstm_2.h": "lstm_2.hidden",
        "lstm_2.c": "lstm_2.cell",
        # the short forms without a layer are the TOP LSTM layer's, not the head's
        "output": "lstm_2.output",
        "hidden": "lstm_2.hidden",
        "h": "lstm_2.hidden",
        "cell": "lstm_2.cell",
        "c": "lstm_2.cell",
        "head": "head.output",
    }


def test_aliases_without_states_or_head() -> None:
    assert aliases(predict(PLAIN)) == {
        "input": "input",
        "lstm_1.output": "lstm_1.output",
        "lstm_1": "lstm_1.output",
        "output": "lstm_1.output",
    }


@pytest.mark.parametrize(
    ("written", "full"),
    [
        ("h", "lstm_2.hidden"),
        ("c", "lstm_2.cell"),
        ("output", "lstm_2.output"),
        ("lstm_1", "lstm_1.output"),
        ("lstm_1.h", "lstm_1.hidden"),
        ("head", "head.output"),
        ("input", "input"),
        ("lstm_2.cell", "lstm_2.cell"),
        ("LSTM_1.H", "lstm_1.hidden"),
    ],
)
def test_resolve_replaces_short_names(written: str, full: str) -> None:
    (resolved,) = resolve([Expectation(written, (2, None))], predict(STATES))
    assert resolved == Expectation(full, (2, None))


def test_resolve_refuses_an_unknown_name_listing_the_valid_ones() -> None:
    good = Expectation("output", (2, 3))
    with pytest.raises(InvalidSpec) as caught:
        resolve([good, Expectation("lstm_3", (2, 3))], predict(STATES))
    assert caught.value.field == "expect"
    assert caught.value.message == (
        "expect: no tensor named 'lstm_3' in this stack. Valid names: " + ", ".join(STATES_FULL_NAMES)
    )
    assert caught.value.hint == (
        "Short forms: c, cell, h, head, hidden, lstm_1, lstm_1.c, lstm_1.h, lstm_2, lstm_2.c, lstm_2.h, output."
    )


def test_state_names_are_unknown_without_return_state() -> None:
    with pytest.raises(InvalidSpec) as caught:
        resolve([Expectation("h", (2, 4))], predict(PLAIN))
    assert (
        caught.value.message == "expect: no tensor named 'h' in this stack. Valid names: input, lstm_1.output"
    )
    assert caught.value.hint == "Short forms: lstm_1, output."


# --- inspect_stack(..., expect=...) and StackReport.shape ---------------------------------------


def test_inspect_stack_predicted_adds_one_check_per_expectation() -> None:
    report = inspect_stack(
        STATES,
        run=False,
        expect=["output=2,3", "lstm_1=2,3,4", "h=_,3", Expectation("head", (2, 5)), "input=(2, 3, 1)"],
    )
    assert report.observed is None
    assert report.run is None
    assert report.source == "predicted"
    assert [(c.name, c.passed, c.detail) for c in report.checks] == [
        ("expect lstm_2.output", True, "(2, 3)"),
        ("expect lstm_1.output", True, "(2, 3, 4)"),
        ("expect lstm_2.hidden", True, "(_, 3)"),
        ("expect head.output", True, "(2, 5)"),
        ("expect input", True, "(2, 3, 1)"),
    ]
    assert report.ok is True


def test_inspect_stack_predicted_without_expectations_has_no_checks() -> None:
    report = inspect_stack(PLAIN, run=False)
    assert report.checks == ()
    assert report.ok is True


def test_inspect_stack_mismatch_is_a_failed_check() -> None:
    report = inspect_stack(STATES, run=False, expect=["lstm_1.output=2,3,5", "c=2,3", "head=2,5,1"])
    assert [(c.name, c.passed, c.detail) for c in report.checks] == [
        ("expect lstm_1.output", False, "expected (2, 3, 5), got (2, 3, 4)"),
        ("expect lstm_2.cell", True, "(2, 3)"),
        ("expect head.output", False, "expected (2, 5, 1), got (2, 5)"),  # rank mismatch
    ]
    assert report.ok is False


@pytest.mark.parametrize("bad", ["bogus=1", "output=32,x", "output"])
def test_inspect_stack_refuses_bad_expectations(bad: str) -> None:
    with pytest.raises(InvalidSpec) as caught:
        inspect_stack(PLAIN, run=False, expect=[bad])
    assert caught.value.field == "expect"


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("h", (2, 3)),
        ("hidden", (2, 3)),
        ("c", (2, 3)),
        ("output", (2, 3)),
        ("lstm_1", (2, 3, 4)),
        ("lstm_1.h", (2, 4)),
        ("lstm_1.cell", (2, 4)),
        ("head", (2, 5)),
        ("head.output", (2, 5)),
        ("input", (2, 3, 1)),
    ],
)
def test_report_shape_by_any_name(name: str, shape: tuple[int, ...]) -> None:
    report = inspect_stack(STATES, run=False)
    assert report.shape(name) == shape


def test_report_shape_of_an_unknown_name_is_a_key_error_listing_names() -> None:
    report: StackReport = inspect_stack(PLAIN, run=False)
    with pytest.raises(KeyError) as caught:
        report.shape("h")
    assert caught.value.args[0] == "no tensor 'h'; valid: input, lstm_1, lstm_1.output, output"
