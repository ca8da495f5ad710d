"""The README against the code (sqlite-utils style): examples run, flags and keys are documented.

The README is the source of truth; a failure here means one of the two must change. Every
command is run with --no-run, so this module never imports TensorFlow.
"""

from __future__ import annotations

import json
import re
import shlex
import textwrap
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import run_cli
from typer.testing import Result

from lstm_shapes.cli.app import app
from lstm_shapes.sources.specfile import CASE_KEYS, DEFAULT_KEYS, LAYER_KEYS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
API_EXAMPLE = ROOT / "tests" / "test_api_example.py"

ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "COLUMNS": "250",
    "LSTM_SHAPES_DEBUG": None,
    "LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
}


def invoke(*args: str) -> Result:
    return run_cli(*args, env=ENV, strict=True)


def section(title: str) -> str:
    """The README text under a heading, up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", README, re.M)
    assert match, f"no README heading {title!r}"
    level = len(match.group(1))
    rest = README[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def code_blocks(text: str, language: str = "") -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the first Markdown table in `text`, as stripped cells."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len(lines) > 2, "no table"
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def command_args(command: str) -> list[str]:
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "lstm-shapes", command
    return words[1:]


# --- the Python API example is the test file, verbatim ---------------------------------------------


def without_docstring(source: str) -> str:
    return re.sub(r'\A\s*(""".*?""")', "", source, count=1, flags=re.S).strip()


def test_python_api_example_is_tests_test_api_example() -> None:
    (block,) = code_blocks(section("Python API"), "python")
    readme_lines = [line.rstrip() for line in block.strip().splitlines()]
    file_lines = [line.rstrip() for line in without_docstring(API_EXAMPLE.read_text("utf-8")).splitlines()]
    assert file_lines == readme_lines


# --- every flag is documented, and has help ------------------------------------------------------


def all_params() -> list[tuple[str, Any]]:
    """(command path, click parameter) for the main command and every subcommand, with --help."""
    found = []
    root = typer.main.get_command(app)
    stack = [("lstm-shapes", root, root.make_context("lstm-shapes", [], resilient_parsing=True))]
    while stack:
        path, command, ctx = stack.pop()
        found += [(path, param) for param in command.get_params(ctx)]
        for name, sub in getattr(command, "commands", {}).items():
            stack.append(
                (f"{path} {name}", sub, sub.make_context(name, [], parent=ctx, resilient_parsing=True))
            )
    return found


def test_the_walk_finds_the_check_subcommand() -> None:
    paths = {path for path, _ in all_params()}
    assert {"lstm-shapes", "lstm-shapes check"} <= paths
    assert "`lstm-shapes check FILE...`" in README


def flags() -> list[str]:
    return sorted(
        {
            opt
            for _, param in all_params()
            if param.param_type_name == "option"
            for opt in (*param.opts, *param.secondary_opts)
        }
    )


def test_the_flag_list_is_complete() -> None:
    found = flags()
    assert len(found) >= 40
    for flag in ("--expect", "--no-run", "--junit", "--json", "--no-return-sequences", "--timesteps", "-h"):
        assert flag in found


@pytest.mark.parametrize("flag", flags())
def test_every_flag_is_in_the_readme(flag: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", README), f"{flag} is not in README.md"


@pytest.mark.parametrize(
    ("path", "param"),
    [pytest.param(path, param, id=f"{path}:{param.opts[0]}") for path, param in all_params()],
)
def test_every_parameter_has_help(path: str, param: Any) -> None:
    assert (param.help or "").strip(), f"{path} {param.opts[0]} has no help text"


# --- spec-file keys ------------------------------------------------------------------------------------


def test_case_keys_are_the_documented_ones() -> None:
    spec_files = section("Spec files: `lstm-shapes check FILE...`")
    match = re.search(r"^Case keys: (.*?)\. Layer keys:", spec_files, re.M | re.S)
    assert match, "no 'Case keys:' paragraph"
    assert set(re.findall(r"`(\w+)`", match.group(1))) == set(CASE_KEYS)


def test_defaults_keys_are_the_documented_ones() -> None:
    match = re.search(
        r"^\[defaults\]\s+# optional: (.*)$", section("Spec files: `lstm-shapes check FILE...`"), re.M
    )
    assert match, "no [defaults] comment in the spec-file example"
    assert {key.strip() for key in match.group(1).split(",")} == set(DEFAULT_KEYS)


@pytest.mark.parametrize("key", LAYER_KEYS)
def test_every_layer_key_is_named_in_the_readme(key: str) -> None:
    assert f"`{key}`" in README


@pytest.mark.parametrize("key", CASE_KEYS)
def test_every_case_key_is_named_in_the_readme(key: str) -> None:
    assert f"`{key}`" in README


@pytest.mark.parametrize("key", LAYER_KEYS)
def test_every_layer_key_is_documented_at_least_as_a_flag(key: str) -> None:
    assert f"`{key}`" in README or f"`--{key.replace('_', '-')}" in README


# --- the seed tutorial, one command each ----------------------------------------------------------------

TUTORIAL = table_rows(section("The seed tutorial, one command each"))
REFUSED = "refused, exit 2"
# The short names the tutorial table uses, for a one-layer stack.
FULL_NAME = {"output": "lstm_1.output", "h": "lstm_1.hidden", "c": "lstm_1.cell", "head": "head.output"}


def test_the_tutorial_table_has_every_scenario() -> None:
    assert [row[0].split()[0] for row in TUTORIAL] == ["1-1", "1-2", "2", "2-2", "2-3", "2-3", "3"]
    assert [row[2] for row in TUTORIAL].count(REFUSED) == 1


@pytest.mark.parametrize(("section_name", "command", "shapes"), TUTORIAL, ids=[row[1] for row in TUTORIAL])
def test_tutorial_command(section_name: str, command: str, shapes: str) -> None:
    args = command_args(command.strip("`"))
    if shapes == REFUSED:
        result = invoke(*args, "--no-run")
        assert result.exit_code == 2
        assert result.stdout == ""
        (refusal,) = code_blocks(section("The seed tutorial, one command each"))
        assert result.stderr == refusal
        return
    pinned = re.findall(r"(\w+) \(([\d, ]+)\)", shapes)
    assert pinned, shapes
    expects = [arg for name, dims in pinned for arg in ("--expect", f"{name}={dims.replace(' ', '')}")]
    result = invoke(*args, "--no-run", "--json", *expects)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(c["name"], c["passed"]) for c in data["checks"]] == [
        (f"expect {FULL_NAME[name]}", True) for name, _ in pinned
    ]
    shapes_by_name = {t["name"]: t["shape"] for t in data["tensors"]}
    for name, dims in pinned:
        assert shapes_by_name[FULL_NAME[name]] == [int(d) for d in dims.split(",")], name


# --- the CI section's examples ---------------------------------------------------------------------


def test_expect_example_passes_predicted() -> None:
    (block,) = code_blocks(section("`--expect`"), "bash")
    result = invoke(*command_args(block.strip()), "--no-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "✓ expect lstm_2.output: (32, 25, 20)",
        "✓ expect lstm_1.hidden: (32, 32)",
        "✓ expect head.output: (_, 25, 10)",
    ]


def test_expect_mismatch_message_is_the_documented_one() -> None:
    text = section("`--expect`")
    match = re.search(r"`--expect (lstm_1\.output=[\d,]+)` on that stack,\s+`(✗ [^`]*)`", text)
    assert match, "no mismatch example in the --expect section"
    (example,) = [b for b in code_blocks(text, "bash") if "--expect" in b]
    args = shlex.split(example.replace("\\\n", " "))[1:]
    cut = args.index("--expect")
    result = invoke(*args[:cut], "--no-run", "--expect", match.group(1))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == match.group(2)


def test_spec_file_example_passes(tmp_path: Path) -> None:
    (block,) = code_blocks(section("Spec files: `lstm-shapes check FILE...`"), "toml")
    path = tmp_path / "readme.toml"
    path.write_text(block, encoding="utf-8")
    result = invoke("check", "--no-run", "--json", str(path))
    assert result.exit_code == 0, result.output
    cases = json.loads(result.stdout)["cases"]
    assert [(c["case"], c["status"]) for c in cases] == [
        ("3 cell state and hidden state", "passed"),
        ("TimeDistributed after a 2-D output is refused", "passed"),
    ]


def test_check_json_fields_are_the_documented_ones(tmp_path: Path) -> None:
    (row,) = [r for r in table_rows(section("Spec files: `lstm-shapes check FILE...`")) if r[0] == "`--json`"]
    top, _, per_case = row[1].partition("`cases[]`")
    path = tmp_path / "one.toml"
    path.write_text(textwrap.dedent('[[case]]\nname = "a"\nlayers = [{ units = 2 }]\n'), encoding="utf-8")
    data = json.loads(invoke("check", "--no-run", "--json", str(path)).stdout)
    assert {*re.findall(r"`(\w+)`", top), "cases"} == set(data)
    assert set(re.findall(r"`(\w+)`", per_case)) == set(data["cases"][0])


def test_json_fields_are_the_documented_ones() -> None:
    documented = {cell[0].strip("`") for cell in table_rows(section("JSON"))}
    documented = {name.removesuffix("[]") for field in documented for name in re.split(r"`?,\s*`?", field)}
    data = json.loads(invoke("--units", "2", "--no-run", "--json").stdout)
    assert documented == set(data)
