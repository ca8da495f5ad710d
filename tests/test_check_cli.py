"""The CI-facing command line: `lstm-shapes check FILE...`, `--expect` and `--no-run`.

Everything runs in-process through Typer's CliRunner, so TensorFlow is imported at most once
for this test process (by the real run of examples/seed.toml and two tiny stacks); every other
test predicts only. One subprocess test proves that predictions never import TensorFlow.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from typer.testing import CliRunner, Result

from lstm_shapes.cli.app import app
from lstm_shapes.sources.specfile import CASE_KEYS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed.toml"

# Plain, uncoloured, wide output whatever the developer's shell says: no table cell wraps.
ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "COLUMNS": "400",
    "LSTM_SHAPES_DEBUG": None,
    "LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
}

TD_PROBLEM = (
    "head: TimeDistributed needs a 3-D (batch, time steps, features) input, but lstm_1 returns a "
    "2-D (batch, units) output because return_sequences is off"
)
TD_HINT = "Return the whole sequence from lstm_1 (--return-sequences) to keep the time axis, or use a Dense head (--head dense), which works on the 2-D output."
NOT_A_SIZE = "is not a size: each axis is a whole number, or _ or * for any size"


def invoke(*args: str | Path) -> Result:
    return run_cli(*args, env=ENV, strict=True)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def rows(stdout: str) -> list[tuple[str, ...]]:
    """The `check` summary's rows as (location, case, status, detail); the time must be 0.00s-like."""
    found = []
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "───" in line)
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        assert len(cells) == 5, cells
        assert re.fullmatch(r"\d+\.\d\ds", cells[4]), cells
        found.append(tuple(cells[:4]))
    return found


def caption(stdout: str) -> str:
    return [line.strip() for line in stdout.splitlines() if line.strip()][-1]


# tiny stacks: batch 2, window 3
MIXED = """\
[defaults]
batch = 2
window = 3

[[case]]
name = "passes"
expect = { output = "2,3,4", h = "2,4" }
[[case.layers]]
units = 4
return_sequences = true
return_state = true

[[case]]
name = "fails"
expect = { output = "2,5" }
layers = [{ units = 4 }]
"""
MIXED_FAILURE = "expect lstm_1.output: expected (2, 5), got (2, 4)"

INVALID = """\
[[case]]
name = "typo"
widnow = 3
layers = [{ units = 2 }]

[[case]]
name = "drop"
layers = [{ units = 2, dropout = 2 }]
"""
TYPO = f"unknown case key 'widnow'; did you mean 'window'? Valid keys: {', '.join(CASE_KEYS)}."
DROP = "layers[0].dropout: must be at least 0 and below 1, got 2"
DROP_HINT = "It is the fraction of units dropped while training, for example 0.2."

GOOD = """\
[[case]]
name = "good"
batch = 2
window = 3
expect = { output = "2,3", "lstm_1" = [2, "_"] }
layers = [{ units = 3 }]
"""

EXPECT_ERROR = """\
[defaults]
batch = 2
window = 3

[[case]]
name = "refused with the text"
head = "time-distributed"
expect_error = "TimeDistributed needs a 3-D"
layers = [{ units = 2 }]

[[case]]
name = "refused with another text"
head = "time-distributed"
expect_error = "return_sequences must be on"
layers = [{ units = 2 }]

[[case]]
name = "builds"
head = "dense"
expect_error = "TimeDistributed needs a 3-D"
layers = [{ units = 2 }]

[[case]]
name = "the hint counts too"
expect_error = "Set return_sequences = true on lstm_1"
layers = [{ units = 2, return_sequences = false }, { units = 2 }]
"""


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    return write(tmp_path, "mixed.toml", MIXED)


@pytest.fixture
def invalid(tmp_path: Path) -> Path:
    return write(tmp_path, "invalid.toml", INVALID)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path, "good.toml", GOOD)


# --- the shipped example, really run -----------------------------------------------------------


def seed_line(case: str, key: str = "name") -> int:
    """The 1-based line of `key` in the seed file's case `case` (the name's line by default)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index(f'name = "{case}"')
    return next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} =")) + 1


# (case, checks when really run, pinned shapes); None: a refusal the case expects
SEED_CASES = [
    ("1-1 return_sequences=False", 3, 1),
    ("1-2 return_sequences=True", 3, 1),
    ("2 Dense after a 2-D output", 4, 2),
    ("2-2 Dense after a 3-D output", 4, 2),
    ("2-3 TimeDistributed(Dense)", 3, 1),
    ("2-3 TimeDistributed after a 2-D output is refused", None, None),
    ("3 cell state and hidden state", 6, 3),
    ("a stack of two, with its own settings per layer", 6, 3),
]
# The refused case is located at its problem: the head it cannot have.
SEED_LINES = [seed_line(name, "name" if checks else "head") for name, checks, _ in SEED_CASES]


def seed_rows() -> list[tuple[str, ...]]:
    """The summary of a real run: shapes, parameters and state checks, then the pinned shapes."""
    expected = []
    for line, (name, checks, pinned) in zip(SEED_LINES, SEED_CASES, strict=True):
        if checks is None:
            detail = "rejected as expected ('TimeDistributed needs a 3-D')"
        else:
            detail = f"{checks} checks on observed shapes ({pinned} pinned)"
        expected.append((f"{SEED}:{line}", name, "passed", detail))
    return expected


def test_seed_example_passes_when_really_run(tmp_path: Path) -> None:
    """CI relies on this: the shipped example, run in Keras, with a JUnit file."""
    junit = tmp_path / "seed-junit.xml"
    result = invoke("check", SEED, "--junit", junit)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[0].strip() == "lstm-shapes check · observed shapes"
    assert rows(result.stdout) == seed_rows()
    assert caption(result.stdout) == "8 passed"
    (suite,) = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("8", "0", "0")
    assert [case.get("name") for case in suite] == [name for name, _, _ in SEED_CASES]
    assert all(len(case) == 0 for case in suite)


def test_seed_example_passes_predicted() -> None:
    result = invoke("check", "--no-run", SEED)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[0].strip() == "lstm-shapes check · predicted shapes (--no-run)"
    # Predicted: no shape, parameter or state checks, only the pinned shapes
    # ("1 checks" or "1 check": the plural is a bug of its own, below).
    found = rows(result.stdout)
    assert len(found) == len(SEED_CASES)
    for (location, name, status, detail), line, (case, _, pinned) in zip(
        found, SEED_LINES, SEED_CASES, strict=True
    ):
        assert (location, name, status) == (f"{SEED}:{line}", case, "passed")
        if pinned is None:
            assert detail == "rejected as expected ('TimeDistributed needs a 3-D')"
        else:
            assert re.fullmatch(rf"{pinned} checks? on predicted shapes \({pinned} pinned\)", detail), detail
    assert caption(result.stdout) == "8 passed"


def test_one_check_is_singular() -> None:
    result = invoke("check", "--no-run", SEED)
    assert rows(result.stdout)[0][3] == "1 check on predicted shapes (1 pinned)"


# --- passing, failing and invalid cases ----------------------------------------------------------


def test_a_failing_case_exits_1_with_expected_and_got(mixed: Path) -> None:
    result = invoke("check", mixed)  # real run: the expectation is checked against Keras' shapes
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert rows(result.stdout) == [
        (f"{mixed}:6", "passes", "passed", "5 checks on observed shapes (2 pinned)"),
        (f"{mixed}:14", "fails", "failed", MIXED_FAILURE),
    ]
    assert caption(result.stdout) == "1 passed, 1 failed"


def test_a_failing_case_exits_1_predicted(mixed: Path) -> None:
    result = invoke("check", "--no-run", mixed)
    assert result.exit_code == 1, result.output
    assert rows(result.stdout) == [
        (f"{mixed}:6", "passes", "passed", "2 checks on predicted shapes (2 pinned)"),
        (f"{mixed}:14", "fails", "failed", MIXED_FAILURE),
    ]


def test_an_invalid_file_does_not_stop_a_valid_one(invalid: Path, good: Path) -> None:
    result = invoke("check", "--no-run", invalid, good)
    assert result.exit_code == 2, result.output
    assert rows(result.stdout) == [
        (f"{invalid}:3", "typo", "invalid", "unknown case key 'widnow'; did you mean 'window'?"),
        (f"{invalid}:8", "drop", "invalid", DROP),
        (f"{good}:2", "good", "passed", "2 checks on predicted shapes (2 pinned)"),
    ]
    assert caption(result.stdout) == "1 passed, 2 invalid"
    assert result.stderr == (
        f"Error: {invalid}:3: case 'typo': {TYPO}\nError: {invalid}:8: case 'drop': {DROP}\n  {DROP_HINT}\n"
    )


def test_a_broken_file_is_reported_without_a_case(tmp_path: Path, good: Path) -> None:
    broken = write(tmp_path, "broken.toml", '[[case]]\nname = "a"\nexpect = { output = 2,3 }\n')
    missing = tmp_path / "missing.toml"
    result = invoke("check", "--no-run", broken, missing, good)
    assert result.exit_code == 2, result.output
    toml_error, missing_error = result.stderr.splitlines()
    # the parser's own words differ between Python versions; the place and the quoted line do not
    assert toml_error.startswith(f"Error: {broken}:3: invalid TOML: ")
    assert toml_error.endswith(": expect = { output = 2,3 }")
    assert missing_error == f"Error: {missing}: cannot read the file: No such file or directory"
    assert [r[:3] for r in rows(result.stdout)] == [
        (f"{broken}:3", "(file)", "invalid"),
        (str(missing), "(file)", "invalid"),
        (f"{good}:2", "good", "passed"),
    ]


@pytest.mark.parametrize("order", ["failed first", "invalid first"])
def test_invalid_beats_failed(mixed: Path, invalid: Path, order: str) -> None:
    files = (mixed, invalid) if order == "failed first" else (invalid, mixed)
    result = invoke("check", "--no-run", *files)
    assert result.exit_code == 2, result.output
    assert sorted(r[2] for r in rows(result.stdout)) == ["failed", "invalid", "invalid", "passed"]


def test_failed_beats_passed(mixed: Path, good: Path) -> None:
    assert invoke("check", "--no-run", good, mixed).exit_code == 1


def test_unknown_tensor_in_a_spec_file_is_invalid(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "unknown.toml",
        '[[case]]\nname = "no states"\nlayers = [{ units = 2 }]\nexpect = { h = "32,2" }\n',
    )
    result = invoke("check", "--no-run", path)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: {path}:2: case 'no states': line 4: expect: no tensor named 'h' in this stack. "
        "Valid names: input, lstm_1.output. Short forms: lstm_1, output.\n"
    )


def test_check_needs_a_file() -> None:
    result = invoke("check")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


# --- expect_error -------------------------------------------------------------------------------


def test_expect_error(tmp_path: Path) -> None:
    path = write(tmp_path, "errors.toml", EXPECT_ERROR)
    result = invoke("check", "--no-run", "--json", path)
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    cases = json.loads(result.stdout)["cases"]
    assert [(c["case"], c["status"], c["detail"]) for c in cases] == [
        ("refused with the text", "passed", "rejected as expected ('TimeDistributed needs a 3-D')"),
        (
            "refused with another text",
            "failed",
            f"rejected, but the message lacks 'return_sequences must be on': {TD_PROBLEM}. {TD_HINT}",
        ),
        ("builds", "failed", "expected an error containing 'TimeDistributed needs a 3-D', but it built"),
        ("the hint counts too", "passed", "rejected as expected ('Set return_sequences = true on lstm_1')"),
    ]
    assert [c["report"] is None for c in cases] == [True, True, False, True]


SPEC_PROBLEM_IN_A_REFUSAL_CASE = {
    "typo fails instead of invalid": """\
[[case]]
name = "typo"
head = "time-distributed"
expect_error = "TimeDistributed needs a 3-D"
layrs = [{ units = 2 }]
""",
    # A stack that builds (so the case should fail), but the typo's message lists the valid
    # layer keys, return_sequences among them, so the refusal "matches".
    "typo passes for the wrong reason": """\
[[case]]
name = "typo"
expect_error = "return_sequences"
layers = [{ units = 4, return_sequences = true, dropuot = 0.1 }, { units = 2 }]
""",
}


@pytest.mark.parametrize("text", SPEC_PROBLEM_IN_A_REFUSAL_CASE.values(), ids=SPEC_PROBLEM_IN_A_REFUSAL_CASE)
def test_a_spec_problem_in_an_expect_error_case_is_invalid(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "refusal.toml", text)
    result = invoke("check", "--no-run", "--json", path)
    (case,) = json.loads(result.stdout)["cases"]
    assert case["status"] == "invalid"
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:")


# --- --json and --junit ------------------------------------------------------------------------------


def test_check_json(mixed: Path, invalid: Path) -> None:
    result = invoke("check", "--no-run", "--json", mixed, invalid)
    assert result.exit_code == 2
    data: dict[str, Any] = json.loads(result.stdout)
    assert set(data) == {"ok", "source", "cases"}
    assert (data["ok"], data["source"]) == (False, "predicted")
    for case in data["cases"]:
        refused = {"error"} if case["status"] in ("invalid", "error") else set()
        assert set(case) == {"file", "line", "case", "status", "detail", "seconds", "report"} | refused
        assert isinstance(case["seconds"], float) and case["seconds"] >= 0
    summary = [(c["file"], c["line"], c["case"], c["status"], c["detail"]) for c in data["cases"]]
    assert summary == [
        (str(mixed), 6, "passes", "passed", "2 checks on predicted shapes (2 pinned)"),
        (str(mixed), 14, "fails", "failed", MIXED_FAILURE),
        (str(invalid), 3, "typo", "invalid", TYPO),
        (str(invalid), 8, "drop", "invalid", DROP),
    ]
    passes, fails, typo, drop = data["cases"]
    assert (typo["report"], drop["report"]) == (None, None)
    assert (typo["error"]["key"], drop["error"]["key"]) == ("spec_unknown_key_guess", "fraction")
    assert passes["report"]["source"] == "predicted"
    assert passes["report"]["device"] is None
    assert passes["report"]["checks"] == [
        {"name": "expect lstm_1.output", "passed": True, "detail": "(2, 3, 4)"},
        {"name": "expect lstm_1.hidden", "passed": True, "detail": "(2, 4)"},
    ]
    assert fails["report"]["ok"] is False
    assert {t["name"]: t["shape"] for t in fails["report"]["tensors"]} == {
        "input": [2, 3, 1],
        "lstm_1.output": [2, 4],
    }


def test_check_json_ok(good: Path) -> None:
    result = invoke("check", "--no-run", "--json", good)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["ok"], data["source"], len(data["cases"])) == (True, "predicted", 1)


def test_check_source_when_every_case_is_predicted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "predicted.toml",
        '[defaults]\nrun = false\n[[case]]\nname = "a"\nlayers = [{ units = 2 }]\n',
    )
    result = invoke("check", "--json", path)
    data = json.loads(result.stdout)
    assert data["cases"][0]["report"]["source"] == "predicted"
    assert data["source"] == "predicted"


def test_junit(tmp_path: Path, mixed: Path, invalid: Path, good: Path) -> None:
    junit = tmp_path / "out" / "junit.xml"
    junit.parent.mkdir()
    result = invoke("check", "--no-run", "--junit", junit, mixed, invalid, good)
    assert result.exit_code == 2
    root = ET.parse(junit).getroot()
    assert (root.tag, root.get("name")) == ("testsuites", "lstm-shapes")
    suites = list(root)
    assert [(s.tag, s.get("name"), s.get("tests"), s.get("failures"), s.get("errors")) for s in suites] == [
        ("testsuite", str(mixed), "2", "1", "0"),
        ("testsuite", str(invalid), "2", "0", "2"),
        ("testsuite", str(good), "1", "0", "0"),
    ]
    cases = [(s.get("name"), case) for s in suites for case in s]
    assert [
        (suite, c.tag, c.get("name"), c.get("classname"), c.get("file"), c.get("line")) for suite, c in cases
    ] == [
        (str(mixed), "testcase", "passes", str(mixed), str(mixed), "6"),
        (str(mixed), "testcase", "fails", str(mixed), str(mixed), "14"),
        (str(invalid), "testcase", "typo", str(invalid), str(invalid), "3"),
        (str(invalid), "testcase", "drop", str(invalid), str(invalid), "8"),
        (str(good), "testcase", "good", str(good), str(good), "2"),
    ]
    outcomes = [
        [(child.tag, child.get("type"), child.get("message"), child.text) for child in c] for _, c in cases
    ]
    assert outcomes == [
        [],
        [("failure", "ShapeCheckFailed", MIXED_FAILURE, MIXED_FAILURE)],
        [("error", "invalid", TYPO, TYPO)],
        [("error", "invalid", DROP, DROP)],
        [],
    ]
    for element in [*suites, *(c for _, c in cases)]:
        assert re.fullmatch(r"\d+\.\d{3}", element.get("time") or ""), element.attrib


def test_junit_to_an_unwritable_place_is_an_environment_problem(tmp_path: Path, good: Path) -> None:
    target = tmp_path / "no such folder" / "junit.xml"
    result = invoke("check", "--no-run", "--junit", target, good)
    assert result.exit_code == 3
    assert result.stderr == f"Error: cannot write the JUnit file {target}: No such file or directory\n"


# --- the main command: --expect and --no-run -------------------------------------------------------

SMALL = ("--batch", "2", "--window", "3", "--units", "4", "--return-sequences", "--return-state")


def test_expect_really_run_pass_and_mismatch() -> None:
    result = invoke(*SMALL, "--expect", "output=2,3,4", "--expect", "h=2,5", "--expect", "lstm_1.c=_,4")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Keras ")
    assert lines[-6:] == [
        "✓ shapes match the prediction: all 4 tensors",
        "✓ parameters match the prediction: 96 in 1 layer",
        "✓ lstm_1: output[:, -1, :] == h: exactly equal",
        "✓ expect lstm_1.output: (2, 3, 4)",
        "✗ expect lstm_1.hidden: expected (2, 5), got (2, 4)",
        "✓ expect lstm_1.cell: (_, 4)",
    ]


def test_expect_predicted_pass() -> None:
    result = invoke(*SMALL, "--no-run", "--expect", "output=(2, 3, 4)", "--expect", "lstm_1.hidden=2,*")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [
        "✓ expect lstm_1.output: (2, 3, 4)",
        "✓ expect lstm_1.hidden: (2, _)",
    ]


def test_expect_predicted_mismatch() -> None:
    result = invoke(*SMALL, "--no-run", "--expect", "lstm_1.output=2,3,5")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "✗ expect lstm_1.output: expected (2, 3, 5), got (2, 3, 4)"


@pytest.mark.parametrize("no_run", [(), ("--no-run",)], ids=["run", "no-run"])
def test_expect_unknown_name_exits_2_listing_valid_names(no_run: tuple[str, ...]) -> None:
    result = invoke(*SMALL, *no_run, "--expect", "output=2,3,4", "--expect", "head=2,10")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: --expect: no tensor named 'head' in this stack. Valid names: input, lstm_1.output, "
        "lstm_1.hidden, lstm_1.cell\nShort forms: c, cell, h, hidden, lstm_1, lstm_1.c, lstm_1.h, output.\n"
    )


@pytest.mark.parametrize(
    ("value", "stderr"),
    [
        (
            "output",
            "Error: --expect: 'output' is not TENSOR=SHAPE\n"
            "For example: --expect output=32,25,20 --expect lstm_1.hidden=32,_\n",
        ),
        ("output=2,x", f"Error: --expect: 'x' {NOT_A_SIZE}\n"),
        ("output=", "Error: --expect: the shape is empty; write it like 32,25,20\n"),
        ("output=-2,3", f"Error: --expect: '-2' {NOT_A_SIZE}\n"),
    ],
)
def test_malformed_expect_exits_2(value: str, stderr: str) -> None:
    result = invoke(*SMALL, "--no-run", "--expect", value)
    assert result.exit_code == 2
    assert (result.stdout, result.stderr) == ("", stderr)


def test_superscript_expect_exits_2() -> None:
    result = CliRunner().invoke(app, ["--no-run", "--expect", "output=²"], env=ENV)
    assert result.exit_code == 2


def test_no_run_table_says_predicted() -> None:
    result = invoke(*SMALL, "--no-run")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Predicted from the layer math (--no-run): nothing was computed",
        "input (2, 3, 1) float32, random uniform, seed 0",
    ]
    assert lines[-1] == "Shapes are predicted, not observed: run without --no-run to check them in Keras."
    assert "Keras 3" not in result.stdout


def test_no_run_json() -> None:
    result = invoke(*SMALL, "--no-run", "--json", "--expect", "c=2,4")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "predicted"
    assert data["ok"] is True
    for key in ("device", "backend", "backend_version", "keras_version"):
        assert data[key] is None, key
    assert data["checks"] == [{"name": "expect lstm_1.cell", "passed": True, "detail": "(2, 4)"}]
    assert {t["name"]: tuple(t["shape"]) for t in data["tensors"]} == {
        "input": (2, 3, 1),
        "lstm_1.output": (2, 3, 4),
        "lstm_1.hidden": (2, 4),
        "lstm_1.cell": (2, 4),
    }
    assert data["total_params"] == 96


# --- predictions never import the framework ----------------------------------------------------------

NO_IMPORT_SCRIPT = """
import json, runpy, sys
heavy = ("tensorflow", "keras", "tf_keras")
commands = json.loads(sys.argv[1])
sys.argv = sys.argv[:1]
results = []
for argv in commands:
    sys.argv = ["lstm_shapes", *argv]
    try:
        runpy.run_module("lstm_shapes", run_name="__main__", alter_sys=True)
        code = None
    except SystemExit as exc:
        code = exc.code
    imported = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy})
    results.append({"argv": argv, "code": code, "imported": imported})
print("RESULT " + json.dumps(results))
"""


def test_predictions_never_import_tensorflow() -> None:
    commands = [
        ["check", "--no-run", "examples/seed.toml"],
        ["--no-run", "--units", "3"],
        ["--no-run", "--units", "3", "--json", "--expect", "output=32,3"],
        # refused before anything is run, even without --no-run
        ["--units", "3", "--expect", "bogus=1"],
        ["--units", "3", "--expect", "output=32,x"],
        ["--units", "20", "--head", "time-distributed"],
    ]
    done = subprocess.run(
        [sys.executable, "-c", NO_IMPORT_SCRIPT, json.dumps(commands)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**{k: v for k, v in os.environ.items() if k not in ENV}, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout.splitlines()[-1].removeprefix("RESULT "))
    assert [(r["argv"], r["code"], r["imported"]) for r in results] == [
        (commands[0], 0, []),
        (commands[1], 0, []),
        (commands[2], 0, []),
        (commands[3], 2, []),
        (commands[4], 2, []),
        (commands[5], 2, []),
    ]
    assert "8 passed" in done.stdout
