"""The docs site and the README against the code (sqlite-utils style): examples run, flags and
keys are documented.

The pages under docs/ (the MkDocs site; docs/incoming/ holds other branches' drafts and is left
out) are the source of truth; a failure here means one of the two must change. The README is
the short front page: its seed table and set-up are the docs' own. Every command is run with
--no-run, so this module never imports TensorFlow.
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
DOCS_DIR = ROOT / "docs"
# Every page of the site, by its path under docs/ (docs/incoming/ is excluded from the site).
PAGES = {
    path.relative_to(DOCS_DIR).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted(DOCS_DIR.rglob("*.md"))
    if "incoming" not in path.relative_to(DOCS_DIR).parts
}
DOCS = "\n\n".join(PAGES.values())
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


def section(title: str, text: str | None = None) -> str:
    """The text under a heading (on any docs page, or in `text`), up to the next heading of the
    same or a higher level."""
    for page in [text] if text is not None else PAGES.values():
        match = re.search(rf"^(#+) {re.escape(title)}\n", page, re.M)
        if match:
            level, rest = len(match.group(1)), page[match.end() :]
            fenced, offset = False, 0
            for line in rest.splitlines(keepends=True):
                fenced ^= line.startswith("```")
                if not fenced and re.match(rf"#{{1,{level}}} ", line):
                    return rest[:offset]
                offset += len(line)
            return rest
    raise AssertionError(f"no heading {title!r}")


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
    assert "`lstm-shapes check FILE...`" in DOCS


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
def test_every_flag_is_in_the_docs(flag: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", DOCS), f"{flag} is not in docs/"


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
def test_every_layer_key_is_named_in_the_docs(key: str) -> None:
    assert f"`{key}`" in DOCS


@pytest.mark.parametrize("key", CASE_KEYS)
def test_every_case_key_is_named_in_the_docs(key: str) -> None:
    assert f"`{key}`" in DOCS


@pytest.mark.parametrize("key", LAYER_KEYS)
def test_every_layer_key_is_documented_at_least_as_a_flag(key: str) -> None:
    assert f"`{key}`" in DOCS or f"`--{key.replace('_', '-')}" in DOCS


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
    cases = '[[case]]\nname = "a"\nlayers = [{ units = 2 }]\n[[case]]\nname = "b"\nbatch = 0\n'
    path.write_text(textwrap.dedent(cases), encoding="utf-8")
    data = json.loads(invoke("check", "--no-run", "--json", str(path)).stdout)
    assert {*re.findall(r"`(\w+)`", top), "cases"} == set(data)
    assert [case["status"] for case in data["cases"]] == ["passed", "invalid"]
    assert set(re.findall(r"`(\w+)`", per_case)) == set(data["cases"][0]) | set(data["cases"][1])


def test_json_fields_are_the_documented_ones() -> None:
    documented = {cell[0].strip("`") for cell in table_rows(section("JSON"))}
    documented = {name.removesuffix("[]") for field in documented for name in re.split(r"`?,\s*`?", field)}
    data = json.loads(invoke("--units", "2", "--no-run", "--json").stdout)
    assert documented == set(data)


# --- the README: the short front page -------------------------------------------------------------

SET_UP = """\
# install and run the canonical call
python -m pip install . && lstm-shapes --batch 32 --window 25 --units 20 --return-sequences

# install and run the tests
python -m pip install -e '.[test]' && python -m pytest
"""


def test_the_readme_is_short() -> None:
    assert len(README.encode("utf-8")) <= 15_000


def test_the_readme_keeps_the_two_set_up_commands() -> None:
    assert SET_UP in code_blocks(section("Set-up", README), "bash")
    assert SET_UP in code_blocks(section("Set-up", PAGES["index.md"]), "bash")


def test_the_readme_seed_table_is_the_tutorial_page() -> None:
    readme = section("The seed tutorial, one command each", README)
    assert table_rows(readme) == TUTORIAL
    assert code_blocks(readme) == code_blocks(section("The seed tutorial, one command each"))


def test_the_readme_canonical_output_is_the_golden_one() -> None:
    """The README shows the canonical call's real output (tests/test_golden.py pins that file)."""
    (block,) = code_blocks(section("What it prints", README))
    command, _, shown = block.partition("\n")
    assert command == "$ lstm-shapes --batch 32 --window 25 --units 20 --return-sequences"
    golden = (ROOT / "tests" / "golden" / "canonical-80.out").read_text(encoding="utf-8")
    shown = re.sub(r"^Keras \S+ · tensorflow \S+ · ", "Keras X.Y.Z · tensorflow X.Y.Z · ", shown)
    shown = re.sub(r"(kernel path: ).*", r"\1<the path on this machine>", shown)
    assert shown == golden


def test_the_readme_links_to_every_page() -> None:
    linked = set(re.findall(r"\]\(docs/([\w./-]+\.md)(?:#[\w-]*)?\)", README))
    # The changelog page is CHANGELOG.md itself, which the README links.
    assert linked == set(PAGES) - {"changelog.md"}, set(PAGES) ^ linked


def test_the_readme_names_the_docs_tool() -> None:
    assert "MkDocs" in README and "Material" in README


def test_every_readme_link_to_a_file_resolves() -> None:
    for target in re.findall(r"\]\((?!https?:)([^)#]+)(?:#[^)]*)?\)", README):
        assert (ROOT / target).exists(), target


# --- every command example on the pages is accepted -------------------------------------------------

# Examples that name a file the reader brings (their model, their table) or that act on the
# machine (the server, installing completion); the rest run here with --no-run.
NOT_RUN_HERE = ("inspect", "server", "--install-completion", "--show-completion", "shapes/*.toml")


def page_commands() -> list[tuple[str, str]]:
    """(page, command) for every `lstm-shapes ...` line of a code block (after a `$ ` prompt and
    `VAR=value` settings) and every inline `lstm-shapes ...` on the pages."""
    found = []
    for page, text in PAGES.items():
        lines = []
        for block in code_blocks(text, r"\w*"):
            block_lines = block.replace("\\\n", " ").splitlines()
            if any(line.startswith("$ ") for line in block_lines):  # after a prompt, the rest is output
                block_lines = [line for line in block_lines if line.startswith("$ ")]
            lines += block_lines
        lines += re.findall(r"`(lstm-shapes(?: [^`]*)?)`", text)
        for line in lines:
            line = re.sub(r"^(\$ )?([A-Z_]+=\S+ )*", "", line.strip())
            # A shell's redirection of the output is not the command's.
            line = re.sub(r"\s+>>?\s*\S+$", "", line)
            if re.match(r"lstm-shapes( |$)", line) and "..." not in line and "<TAB>" not in line:
                found.append((page, re.split(r" #|  #", line)[0].strip()))
    return list(dict.fromkeys(found))


def test_the_page_commands_were_found() -> None:
    assert len(page_commands()) >= 25


@pytest.mark.parametrize(("page", "command"), page_commands(), ids=[f"{p}:{c}" for p, c in page_commands()])
def test_every_page_command_is_accepted(
    page: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each example, predicted: accepted, and its checks pass (exit 0), from the repository's root."""
    monkeypatch.chdir(ROOT)
    words = command_args(command)
    if any(word in NOT_RUN_HERE for word in words) or words == ["check"]:
        pytest.skip("names the reader's own file, acts on the machine, or names the command only")
    if words[:1] == ["check"]:
        words = ["check", *(str(ROOT / w) if w.endswith(".toml") else w for w in words[1:])]
    words = [w for w in words if w != "--time"]  # refused with --no-run: it times a real run
    if "--data" in words and not (ROOT / words[words.index("--data") + 1]).exists():
        pytest.skip("names the reader's own data file")
    shows_refusal = words[-2:] == ["echo", "$?"]  # `lstm-shapes ...; echo $?`: an example of a refusal
    if shows_refusal:
        words = words[:-2]
        words[-1] = words[-1].removesuffix(";")
    for flag in ("--svg", "--html"):
        if flag in words:
            at = words.index(flag) + 1
            words[at] = str(tmp_path / Path(words[at]).name)
    result = invoke(*words, "--no-run")
    if words == ["--units", "20", "--head", "time-distributed"]:
        assert result.exit_code == 2  # the tutorial's own refusal, written out above
        return
    if shows_refusal:
        assert result.exit_code in (1, 2, 3) and "Traceback" not in result.output, (page, result.output)
        return
    assert result.exit_code == 0, (page, result.output)


def test_the_site_lists_every_page() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"^\s+- .*?:? ?([\w-]+\.md)$", nav, re.M)) == set(PAGES)
