"""Spec files (`lstm_shapes.sources.specfile.load`): what a valid file becomes, and where each problem is.

Pure: loading parses TOML and builds specs; Keras is never imported. Every problem must
name its file, the 1-based line of the offending key, and its case.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from lstm_shapes.sources.specfile import CASE_KEYS, DEFAULT_KEYS, FILE_CASE, LAYER_KEYS, Case, Problem, load
from lstm_shapes.spec.expect import Expectation
from lstm_shapes.spec.stack import DeviceChoice, HeadKind, HeadSpec, LayerSpec, StackSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

VALID_CASE_KEYS = ", ".join(CASE_KEYS)
VALID_LAYER_KEYS = ", ".join(LAYER_KEYS)
VALID_DEFAULT_KEYS = ", ".join(DEFAULT_KEYS)
NOT_A_SIZE = "is not a size: each axis is a whole number, or _ or * for any size"


def write(tmp_path: Path, text: str, name: str = "shapes.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def by_name(cases: list[Case]) -> dict[str, Case]:
    return {case.name: case for case in cases}


def located(case: Case) -> tuple[str, int, str | None, str]:
    """Where and what a case's problem is: (file, line, case, message)."""
    assert case.problem is not None, f"case {case.name!r} has no problem"
    assert case.spec is None
    problem = case.problem
    return problem.file, problem.line, problem.case, problem.message


def only_problem(tmp_path: Path, text: str) -> tuple[Path, Case]:
    path = write(tmp_path, text)
    (case,) = load(path)
    return path, case


# --- a valid file -------------------------------------------------------------------------------

VALID = """\
# a comment before anything
[defaults]
batch = 2
window = 3
features = 2
seed = 7
device = "cpu"
run = false

[[case]]
name = "tables"
head = "dense"
expect = { output = "2,3,3", "lstm_2.h" = [2, "_"], head = "(2, 3, 10)" }

[[case.layers]]
units = 4
return_sequences = true
activation = "relu"
dropout = 0.25

[[case.layers]]
units = 3
return_sequences = true
return_state = true
recurrent_activation = "hard_sigmoid"
use_bias = false

[[case]]
name = "inline"
batch = 5
run = true
head = { kind = "time-distributed", units = 6 }
layers = [{ units = 2, return_sequences = true }, { units = 1, return_sequences = true, go_backwards = true }]

[[case]]
name = "subtable expect"
layers = [{ units = 2 }]
expect_error = "never raised"

[case.expect]
output = "2,2"
input = [2, 3, 2]
"""


def test_valid_file(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    cases = load(path)
    assert [c.name for c in cases] == ["tables", "inline", "subtable expect"]
    assert all(c.problem is None for c in cases)
    assert all(c.file == str(path) for c in cases)
    tables, inline, subtable = cases

    assert tables.spec == StackSpec(
        batch=2,
        window=3,
        features=2,
        seed=7,
        device=DeviceChoice.CPU,
        layers=(
            LayerSpec(4, return_sequences=True, activation="relu", dropout=0.25),
            LayerSpec(
                3,
                return_sequences=True,
                return_state=True,
                recurrent_activation="hard_sigmoid",
                use_bias=False,
            ),
        ),
        head=HeadSpec(HeadKind.DENSE, 10),
    )
    assert tables.expect == (
        Expectation("output", (2, 3, 3)),
        Expectation("lstm_2.h", (2, None)),
        Expectation("head", (2, 3, 10)),
    )
    assert (tables.run, tables.expect_error) == (False, None)
    assert (tables.line, tables.expect_line) == (11, 13)

    assert inline.spec == StackSpec(
        batch=5,
        window=3,
        features=2,
        seed=7,
        device=DeviceChoice.CPU,
        layers=(LayerSpec(2, return_sequences=True), LayerSpec(1, return_sequences=True, go_backwards=True)),
        head=HeadSpec(HeadKind.TIME_DISTRIBUTED, 6),
    )
    assert inline.expect == ()
    assert (inline.run, inline.line) == (True, 29)

    assert subtable.spec is not None
    assert subtable.spec.head == HeadSpec(HeadKind.NONE, 10)
    assert subtable.expect == (Expectation("output", (2, 2)), Expectation("input", (2, 3, 2)))
    assert subtable.expect_error == "never raised"
    assert (subtable.run, subtable.line) == (False, 36)


def test_per_layer_settings_differ(tmp_path: Path) -> None:
    case = load(write(tmp_path, VALID))[0]
    assert case.spec is not None
    lower, top = case.spec.layers
    assert (lower.activation, top.activation) == ("relu", "tanh")
    # Left out, recurrent_activation is None: the cell's Keras default, sigmoid.
    assert (lower.recurrent_activation, top.recurrent_activation) == (None, "hard_sigmoid")
    assert (lower.setting("recurrent_activation"), top.setting("recurrent_activation")) == (
        "sigmoid",
        "hard_sigmoid",
    )
    assert (lower.dropout, top.dropout) == (0.25, 0.0)
    assert (lower.use_bias, top.use_bias) == (True, False)
    assert (lower.return_state, top.return_state) == (False, True)


def test_case_defaults_without_a_defaults_table(tmp_path: Path) -> None:
    (case,) = load(write(tmp_path, '[[case]]\nname = "bare"\nlayers = [{ units = 20 }]\n'))
    assert case.spec == StackSpec(layers=(LayerSpec(20),))
    assert (case.run, case.expect, case.expect_error, case.problem) == (True, (), None, None)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('"none"', HeadSpec(HeadKind.NONE, 10)),
        ('"dense"', HeadSpec(HeadKind.DENSE, 10)),
        ('{ kind = "dense", units = 7 }', HeadSpec(HeadKind.DENSE, 7)),
        ('{ kind = "time-distributed" }', HeadSpec(HeadKind.TIME_DISTRIBUTED, 10)),
        ("{}", HeadSpec(HeadKind.NONE, 10)),
    ],
)
def test_head_as_a_string_or_a_table(tmp_path: Path, head: str, expected: HeadSpec) -> None:
    text = f'[[case]]\nname = "h"\nhead = {head}\nlayers = [{{ units = 2, return_sequences = true }}]\n'
    (case,) = load(write(tmp_path, text))
    assert case.problem is None
    assert case.spec is not None
    assert case.spec.head == expected


def test_defaults_head_and_expect_error_apply_to_every_case(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [defaults]
        head = "time-distributed"
        expect_error = "TimeDistributed"

        [[case]]
        name = "refused"
        layers = [{ units = 2 }]

        [[case]]
        name = "overrides both"
        head = "dense"
        expect_error = "other"
        layers = [{ units = 2 }]
        """,
    )
    refused, overrides = load(path)
    assert refused.spec is None
    assert refused.expect_error == "TimeDistributed"
    # The head that makes the stack impossible is set in [defaults]: that is the line to fix.
    assert located(refused)[:3] == (str(path), 2, "refused")
    assert overrides.spec is not None
    assert overrides.spec.head == HeadSpec(HeadKind.DENSE, 10)
    assert overrides.expect_error == "other"


# --- problems inside a case ------------------------------------------------------------------------


def test_unknown_case_key_with_a_suggestion(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "typo"
        widnow = 3
        layers = [{ units = 2 }]
        """,
    )
    message = f"unknown case key 'widnow'; did you mean 'window'? Valid keys: {VALID_CASE_KEYS}."
    assert located(case) == (str(path), 3, "typo", message)
    assert str(case.problem) == f"{path}:3: case 'typo': {message}"


def test_unknown_case_key_without_a_close_match(tmp_path: Path) -> None:
    path, case = only_problem(tmp_path, '[[case]]\nname = "x"\nlayers = [{ units = 2 }]\nzzz = 1\n')
    assert located(case) == (str(path), 4, "x", f"unknown case key 'zzz'. Valid keys: {VALID_CASE_KEYS}.")


def test_unknown_layer_key_with_a_suggestion(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "layer typo"

        [[case.layers]]
        units = 4
        return_sequences = true

        [[case.layers]]
        units = 2
        return_sequence = true
        """,
    )
    message = (
        "layers[1]: unknown layer key 'return_sequence'; did you mean 'return_sequences'? "
        f"Valid keys: {VALID_LAYER_KEYS}."
    )
    assert located(case) == (str(path), 10, "layer typo", message)


def test_unknown_layer_key_in_an_inline_layer(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "inline typo"
        head = "dense"
        layers = [{ unit = 2 }]
        """,
    )
    message = f"layers[0]: unknown layer key 'unit'; did you mean 'units'? Valid keys: {VALID_LAYER_KEYS}."
    assert located(case) == (str(path), 4, "inline typo", message)


@pytest.mark.parametrize(
    ("setting", "message", "hint"),
    [
        ('units = "20"', "layers[0].units: must be a whole number, got '20'", None),
        ("units = 0", "layers[0].units: must be at least 1, got 0", None),
        ('return_sequences = "yes"', "layers[0].return_sequences: must be true or false, got 'yes'", None),
        (
            "dropout = 2",
            "layers[0].dropout: must be at least 0 and below 1, got 2",
            "It is the fraction of units dropped while training, for example 0.2.",
        ),
        (
            "implementation = 3",
            "layers[0].implementation: must be 1 or 2, got 3",
            "1 computes each gate with its own small matrix product, 2 all gates at once.",
        ),
    ],
)
def test_wrong_type_in_a_layer(tmp_path: Path, setting: str, message: str, hint: str | None) -> None:
    units = "" if setting.startswith("units") else "units = 2\n"
    path, case = only_problem(
        tmp_path, f'[[case]]\nname = "types"\n\n[[case.layers]]\nreturn_state = true\n{units}{setting}\n'
    )
    line = 6 if setting.startswith("units") else 7
    assert located(case) == (str(path), line, "types", message)
    assert case.problem is not None
    assert case.problem.hint == hint


def test_unknown_identifier_in_a_layer_suggests_one(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path, '[[case]]\nname = "id"\nlayers = [{ units = 2, activation = "tahn" }]\n'
    )
    file, line, name, message = located(case)
    assert (file, line, name) == (str(path), 3, "id")
    assert message.startswith(
        "layers[0].activation: unknown value 'tahn'; did you mean 'tanh'? Valid values: "
    )
    assert ", tanh, " in message


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('batch = "32"', "batch: must be a whole number, got '32'"),
        ("window = 0", "window: must be at least 1, got 0"),
        ("seed = -1", "seed: must be at least 0, got -1"),
        ('device = "tpu"', "device: unknown value 'tpu'. Valid values: auto, cpu, gpu."),
        (
            'head = "dense2"',
            "head: unknown value 'dense2'. Valid values: none, dense, time-distributed, flatten.",
        ),
        (
            'head = { kind = "dense", unit = 3 }',
            "head: unknown head key 'unit'; did you mean 'units'? Valid keys: kind, units.",
        ),
        ('run = "no"', "run must be true or false, got 'no'"),
        ('expect = "32,20"', 'expect must be a table of tensor = shape, e.g. { output = "32,25,20" }'),
        ('expect = { output = "32,x" }', f"expect.output: 'x' {NOT_A_SIZE}"),
        ("expect = { output = [32, true] }", f"expect.output: True {NOT_A_SIZE}"),
        ("expect_error = 3", "expect_error must be a string that the error message contains"),
    ],
)
def test_wrong_value_of_a_case_key(tmp_path: Path, setting: str, message: str) -> None:
    path, case = only_problem(
        tmp_path,
        f"""\
        [[case]]
        name = "case keys"
        layers = [{{ units = 2 }}]
        {setting}
        """,
    )
    assert located(case) == (str(path), 4, "case keys", message)


def test_lower_layer_without_return_sequences_names_it(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "stacking"

        [[case.layers]]
        units = 4
        return_sequences = false

        [[case.layers]]
        units = 2
        """,
    )
    message = (
        "lstm_1.return_sequences: lstm_1 returns a 2-D (batch, units) output, but lstm_2 above it "
        "needs a 3-D (batch, time steps, features) input"
    )
    assert located(case) == (str(path), 6, "stacking", message)
    assert case.problem is not None
    assert case.problem.hint == (
        "Set return_sequences = true on lstm_1: every layer below the top one must return the whole sequence."
    )


def test_the_offending_middle_layer_is_named_and_located(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "three"
        [[case.layers]]
        units = 4
        return_sequences = true
        [[case.layers]]
        units = 3
        return_sequences = false
        [[case.layers]]
        units = 2
        """,
    )
    file, line, name, message = located(case)
    assert (file, line, name) == (str(path), 8, "three")
    assert message.startswith("lstm_2.return_sequences: lstm_2 returns a 2-D (batch, units) output")


def test_time_distributed_after_a_2d_output(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "td"
        head = "time-distributed"
        [[case.layers]]
        units = 2
        """,
    )
    message = (
        "head: TimeDistributed needs a 3-D (batch, time steps, features) input, but lstm_1 returns a "
        "2-D (batch, units) output because return_sequences is off"
    )
    assert located(case) == (str(path), 3, "td", message)


def test_missing_name(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[case]]
        name = "first"
        layers = [{ units = 2 }]

        [[case]]
        layers = [{ units = 2 }]
        """,
    )
    first, nameless = load(path)
    assert first.problem is None
    assert nameless.name == "#2"
    assert located(nameless) == (str(path), 5, "#2", 'every case needs a name = "..."')


def test_empty_name_is_missing(tmp_path: Path) -> None:
    path, case = only_problem(tmp_path, '[[case]]\nname = ""\nlayers = [{ units = 2 }]\n')
    assert located(case) == (str(path), 2, "#1", 'every case needs a name = "..."')


def test_duplicate_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[case]]
        name = "same"
        layers = [{ units = 2 }]

        [[case]]
        name = "other"
        layers = [{ units = 2 }]

        [[case]]
        name = "same"
        layers = [{ units = 3 }]
        """,
    )
    first, other, second = load(path)
    assert (first.name, first.problem, other.problem) == ("same", None, None)
    assert first.spec == StackSpec(layers=(LayerSpec(2),))
    assert located(second) == (str(path), 10, "same", "another case in this file has the same name")


def test_one_broken_case_does_not_stop_the_others(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [[case]]
        name = "before"
        layers = [{ units = 2 }]

        [[case]]
        name = "broken"
        [[case.layers]]
        units = "2"

        [[case]]
        name = "after"
        expect = { output = "32,3" }
        [[case.layers]]
        units = 3
        """,
    )
    before, broken, after = load(path)
    assert before.spec == StackSpec(layers=(LayerSpec(2),))
    assert located(broken) == (str(path), 8, "broken", "layers[0].units: must be a whole number, got '2'")
    assert after.spec == StackSpec(layers=(LayerSpec(3),))
    assert after.expect == (Expectation("output", (32, 3)),)


# --- problems with the whole file --------------------------------------------------------------


def file_problem(path: Path) -> Problem:
    (case,) = load(path)
    assert case.name == FILE_CASE
    assert case.spec is None
    assert case.problem is not None
    assert case.problem.case is None
    assert case.problem.file == str(path)
    assert case.line == case.problem.line
    return case.problem


@pytest.mark.parametrize("text", ["", "# nothing\n", "[defaults]\nbatch = 2\n", "case = []\n"])
def test_no_cases(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    problem = file_problem(path)
    assert (problem.line, problem.message) == (
        1,
        "no cases: add at least one [[case]] with a name and [[case.layers]]",
    )
    assert str(problem) == f"{path}:1: no cases: add at least one [[case]] with a name and [[case.layers]]"


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, '# shapes\ntitle = "x"\n[[case]]\nname = "a"\nlayers = [{ units = 2 }]\n')
    problem = file_problem(path)
    assert (problem.line, problem.message) == (
        2,
        "unknown top-level key 'title'. Valid keys: case, defaults.",
    )


def test_unknown_top_level_table_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '# shapes\n[[cases]]\nname = "a"\nlayers = [{ units = 2 }]\n')
    problem = file_problem(path)
    assert (
        problem.message == "unknown top-level key 'cases'; did you mean 'case'? Valid keys: case, defaults."
    )
    assert problem.line == 2


def test_unknown_defaults_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        [defaults]
        batch = 2
        windows = 3

        [[case]]
        name = "a"
        layers = [{ units = 2 }]
        """,
    )
    problem = file_problem(path)
    assert problem.line == 3
    assert problem.message == (
        f"defaults: unknown defaults key 'windows'; did you mean 'window'? Valid keys: {VALID_DEFAULT_KEYS}."
    )


@pytest.mark.parametrize("key", ["name", "layers", "expect"])
def test_case_only_keys_are_refused_in_defaults(tmp_path: Path, key: str) -> None:
    path = write(tmp_path, f'[defaults]\n{key} = "x"\n[[case]]\nname = "a"\nlayers = [{{ units = 2 }}]\n')
    problem = file_problem(path)
    assert problem.line == 2
    assert problem.message.startswith(f"defaults: unknown defaults key '{key}'")


def test_wrong_value_in_defaults_points_at_the_defaults_line(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path, '[defaults]\nbatch = "32"\n\n[[case]]\nname = "a"\nlayers = [{ units = 2 }]\n'
    )
    assert located(case) == (str(path), 2, "a", "batch: must be a whole number, got '32'")


@pytest.mark.parametrize(
    ("text", "line", "source"),
    [
        (
            '[[case]]\nname = "a"\nlayers = [{ units = 2 }]\nexpect = { output = 2,3 }\n',
            4,
            "expect = { output = 2,3 }",
        ),
        ('[[case]]\nname = "a\nlayers = [{ units = 2 }]\n', 2, 'name = "a'),
        ('[[case]]\nname = "a"\nname = "b"\n', 3, 'name = "b"'),
    ],
)
def test_malformed_toml(tmp_path: Path, text: str, line: int, source: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    parser_message = str(caught.value)
    assert f"(at line {line}, column " in parser_message
    parser_message = parser_message[: parser_message.index(" (at line")]
    problem = file_problem(path)
    assert problem.line == line
    assert problem.message == f"invalid TOML: {parser_message}: {source}"
    assert str(problem) == f"{path}:{line}: invalid TOML: {parser_message}: {source}"


def test_missing_file(tmp_path: Path) -> None:
    problem = file_problem(tmp_path / "absent.toml")
    assert (problem.line, problem.message) == (0, "cannot read the file: No such file or directory")
    assert str(problem) == f"{tmp_path / 'absent.toml'}: cannot read the file: No such file or directory"


def test_unreadable_file(tmp_path: Path) -> None:
    problem = file_problem(tmp_path)  # a directory cannot be read as a file, even by root
    assert (problem.line, problem.message) == (0, "cannot read the file: Is a directory")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[case]]\nname = "café"\nlayers = [{ units = 2 }]\n'.encode("latin-1"))
    problem = file_problem(path)
    assert (problem.line, problem.message) == (0, "the file is not UTF-8 text")
    assert str(problem) == f"{path}: the file is not UTF-8 text"


# --- lines that point at the wrong place ------------------------------------------------------------


def test_problem_in_the_second_inline_layer_points_at_its_line(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "multi-line"
        layers = [
          { units = 2, return_sequences = true },
          { units = "3" },
        ]
        """,
    )
    assert located(case) == (str(path), 5, "multi-line", "layers[1].units: must be a whole number, got '3'")


def test_bad_shape_of_a_dotted_tensor_name_points_at_the_expect_line(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "dotted"
        layers = [{ units = 2, return_state = true }]
        expect = { "lstm_1.hidden" = "2,x" }
        """,
    )
    assert located(case) == (str(path), 4, "dotted", f"expect.lstm_1.hidden: 'x' {NOT_A_SIZE}")


def test_bad_head_shape_points_at_the_expect_line(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "head shape"
        head = "dense"
        layers = [{ units = 2 }]
        expect = { head = "32,x" }
        """,
    )
    assert located(case) == (str(path), 5, "head shape", f"expect.head: 'x' {NOT_A_SIZE}")


def test_bad_head_units_points_at_the_head_line(tmp_path: Path) -> None:
    path, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "head units"
        layers = [{ units = 2 }]
        head = { kind = "dense", units = "10" }
        """,
    )
    assert located(case)[:3] == (str(path), 4, "head units")


def test_a_layer_without_units_is_refused(tmp_path: Path) -> None:
    _, case = only_problem(
        tmp_path,
        """\
        [[case]]
        name = "no units"
        [[case.layers]]
        return_sequences = true
        """,
    )
    assert case.problem is not None
    assert case.problem.line == 3
    assert "units" in case.problem.message


def test_tomli_is_declared_for_pythons_without_tomllib() -> None:
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8"))
    dependencies = project["project"]["dependencies"]
    assert any(re.match(r"""tomli\b[^;]*;\s*python_version\s*<\s*["']3\.11["']""", d) for d in dependencies)
