"""The command-line contract: a flag refused where it means nothing, sizes and files checked
before anything runs, numbers never cut, a full disk, a closed pipe and Ctrl-C each with their
exit code, and every word in the user's language.

Each case here once exited 0 while ignoring a flag, printed a traceback, or cut a number.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Invoke

LEARNING = (Path(__file__).parent.parent / "docs" / "learning.md").read_text(encoding="utf-8")
TINY = ("--batch", "2", "--window", "3", "--units", "2")


@pytest.mark.parametrize(
    ("args", "flag", "text"),
    [
        # --compare used to be dispatched before these flags were even read.
        (("--no-run", "--compare", "return-state", "--expect", "nope=1,2"), "--expect", "--compare"),
        (("--no-run", "--compare", "return-state", "--weights"), "--weights", "--compare"),
        (("--no-run", "--compare", "return-state", "--explain"), "--explain", "--compare"),
        (("--compare", "return-state", "--time"), "--time", "--compare"),
        (("--no-run", "--compare", "return-sequences", "--return-sequences"), "--compare", "already runs"),
        (("--no-run", "--compare", "return-sequences", "--no-return-sequences"), "--compare", "already runs"),
        (("--no-run", "--compare", "bidirectional", "--bidirectional"), "--compare", "already runs"),
        (("--no-run", "--compare", "return-state", "--backend", "jax,torch"), "--backend", "one backend"),
        (("--no-run", "--compare", "return-state", "--max-memory", "abc"), "--max-memory", "not a size"),
        (("--no-run", "--compare", "return-state", "--backend", "jaxx"), "--backend", "jaxx"),
        # Ignored outside --compare too.
        (("--no-run", "--head-units", "5"), "--head-units", "no head"),
        (("--no-run", "--time"), "--time", "--no-run"),
        (("check", "--no-run", "--backend", "jax", "examples/seed.toml"), "--backend", "--no-run"),
    ],
)
def test_a_flag_that_means_nothing_in_its_mode_is_refused(
    invoke: Invoke, args: tuple[str, ...], flag: str, text: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {flag}: "), result.stderr
    assert text in result.stderr
    assert "Traceback" not in result.stderr


def test_no_run_with_a_backend_and_device_predicts_their_kernel_paths(invoke: Invoke) -> None:
    result = invoke(*TINY, "--no-run", "--backend", "torch,jax", "--device", "gpu")
    assert result.exit_code == 0, result.output
    assert "lstm_1 on torch, GPU:0 kernel path: cuDNN (predicted)" in result.stdout
    assert "lstm_1 on jax, GPU:0 kernel path: cuDNN (predicted)" in result.stdout
    data = json.loads(invoke(*TINY, "--no-run", "--backend", "torch", "--device", "cpu", "--json").stdout)
    path = data["planned_kernel_paths"]["torch"]["layers"]["lstm_1"]
    assert (path["path"], path["confirmed"], path["reasons"]) == ("backend loop", False, ["device is CPU"])
    assert json.loads(invoke(*TINY, "--no-run", "--json").stdout)["planned_kernel_paths"] == {}


def test_a_huge_size_is_refused_even_without_a_run(invoke: Invoke) -> None:
    result = invoke("--units", "99999999999999999999", "--no-run")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --units: must be at most 2**31 - 1 = 2,147,483,647")


def test_a_missing_junit_folder_is_said_before_anything_runs(invoke: Invoke, tmp_path: Path) -> None:
    spec = Path(__file__).parent.parent / "examples" / "seed.toml"
    result = invoke("check", "--junit", str(tmp_path / "nope" / "x.xml"), str(spec))
    assert result.exit_code == 3
    assert result.stdout == ""  # refused up front: no half-run suite


@pytest.mark.parametrize("width", [30, 40, 60, 80])
def test_no_number_shape_or_name_is_cut_at_any_width(invoke: Invoke, width: int) -> None:
    result = invoke(
        "--no-run", "--head", "dense", "--return-state", "--units", "20", env={"COLUMNS": str(width)}
    )
    assert result.exit_code == 0
    text = result.stdout
    assert "…" not in text
    for must in (
        "1,970",
        "1,760",
        "210",
        "(32, 25, 1)",
        "(32, 20)",
        "(32, 10)",
        "lstm_1 (LSTM)",
        "head (Dense)",
    ):
        assert must in text, (width, must)


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize(
    "flags", ["return-sequences,return-state", "return-sequences,return-state,go-backwards,bidirectional"]
)
def test_compare_fits_its_width_uncut(invoke: Invoke, width: int, flags: str) -> None:
    result = invoke("--no-run", "--compare", flags, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= width
    variants = 2 ** len(flags.split(","))
    for i in range(1, variants + 1):
        assert f"[{i}]" in result.stdout


def test_the_docs_weights_example_is_the_real_output(invoke: Invoke) -> None:
    block = LEARNING.split("$ lstm-shapes --units 20 --weights --no-run   # at 80 columns\n...\n", 1)[1]
    shown = block.split("```", 1)[0]
    out = invoke("--units", "20", "--weights", "--no-run", env={"COLUMNS": "80"}).stdout
    real = "\n".join(line.rstrip() for line in out[out.index("Weights") :].splitlines()) + "\n"
    assert shown == real


def test_help_names_every_cell_where_every_cell_is_meant(invoke: Invoke) -> None:
    text = " ".join(invoke("--help").stdout.split())
    assert "Units of one recurrent layer" in text
    assert "h and c for LSTM, h for GRU and SimpleRNN" in text
    assert "Recurrent-layer hyperparameters" in text
    assert "TensorFlow, JAX or PyTorch" in text
    assert "Keras recurrent stack (LSTM, GRU, SimpleRNN or ConvLSTM)" in text
    assert "LSTM hyperparameters" not in text


@pytest.mark.parametrize(
    ("args", "english", "korean"),
    [
        (
            ("--units", "abc"),
            "Invalid value for '--units': 'abc' is not a valid integer",
            "'abc'는 정수가 아닙니다",
        ),
        (("--no-such-flag",), "No such option: --no-such-flag", "그런 옵션은 없습니다: --no-such-flag"),
        (("--batch",), "Option '--batch' requires an argument", "'--batch' 옵션에는 값이 필요합니다"),
        (("--head", "bogus"), "Invalid value for '--head'", "'--head'의 값이 잘못되었습니다"),
        (("check",), "Missing argument 'FILE...'", "'FILE...' 값이 빠졌습니다"),
    ],
)
def test_clicks_own_errors_follow_the_language(
    invoke: Invoke, args: tuple[str, ...], english: str, korean: str
) -> None:
    en = invoke(*args)
    assert en.exit_code == 2
    assert english in en.stderr
    for ko in (invoke(*args, env={"LANG": "ko_KR.UTF-8"}), invoke("--lang", "ko", *args)):
        assert ko.exit_code == 2
        assert korean in ko.stderr, ko.stderr
        assert "오류: " in ko.stderr
        assert "Invalid value" not in ko.stderr and "Error:" not in ko.stderr


def _cli(*args: str, stdout: int | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "KERAS_BACKEND")}
    return subprocess.run(
        [sys.executable, "-m", "lstm_shapes", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("--no-run",), ("--no-run", "--json"), ("--help",), ("--version",)])
def test_a_full_disk_is_one_line_and_exit_3(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = _cli(*args, stdout=full.fileno())
    assert done.returncode == 3
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], lines


@pytest.mark.parametrize(
    "args", [("--no-run",), ("--no-run", "--json"), ("--help",), ("--no-run", "--units", "3")]
)
def test_a_closed_pipe_has_its_own_outcome(args: tuple[str, ...]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte, as with `| true`
    try:
        done = _cli(*args, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr
    assert done.stderr == b""


def test_ctrl_c_is_said_in_the_users_language(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("lstm_shapes.report.pipeline.inspect_stack", interrupted)
    result = invoke(*TINY, "--lang", "ko")
    assert result.exit_code == 130
    assert result.stderr == "중단했습니다.\n"


def test_the_long_loop_note_is_said_in_the_users_language(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lstm_shapes.cli.actions.LONG_LOOP", 1)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("lstm_shapes.report.pipeline.inspect_stack", interrupted)
    result = invoke(*TINY, "--lang", "ko")
    assert re.match(r"참고: 순환 단계 3개가", result.stderr), result.stderr


def test_json_with_explain_carries_the_reading_in_english(invoke: Invoke) -> None:
    plain = json.loads(invoke(*TINY, "--no-run", "--json").stdout)
    explained = json.loads(invoke(*TINY, "--no-run", "--json", "--explain", "--lang", "ko").stdout)
    assert "explanation" not in plain and "reading" not in plain
    assert explained.pop("explanation")[0].startswith("The input")
    assert explained.pop("reading")[0]["key"] == "paragraph:input"  # the same paragraphs, as keys and values
    assert explained == plain


# --- found by the review, fixed later ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "text"),
    [
        ("(32, 20", "parenthesis"),
        ("32,20)", "parenthesis"),
        ("32,20,", "ends in a comma"),
        (",".join(["1"] * 100_000), "100,000 axes"),
    ],
)
def test_a_malformed_expectation_is_refused(invoke: Invoke, shape: str, text: str) -> None:
    result = invoke("--no-run", *TINY, "--expect", f"output={shape}")
    assert result.exit_code == 2, result.output
    assert text in result.stderr
    assert len(result.stderr) < 400  # one line of reason, never the 100,000 axes echoed back


@pytest.mark.parametrize("shape", ["(2, 2)", "(2, 2,)", "2,2", "[2, 2]"])
def test_a_well_formed_expectation_still_passes(invoke: Invoke, shape: str) -> None:
    result = invoke("--no-run", *TINY, "--expect", f"output={shape}")
    if shape.startswith("["):  # brackets are for spec files' lists, not the flag
        assert result.exit_code == 2
        return
    assert result.exit_code == 0, result.output


def test_a_huge_expectation_in_a_spec_file_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    axes = ",".join(["1"] * 100_000)
    path.write_text(f'[[case]]\nname = "a"\n[[case.layers]]\nunits = 2\n[case.expect]\noutput = "{axes}"\n')
    result = invoke("check", str(path), "--no-run")
    assert result.exit_code == 2
    assert "100,000 axes" in result.stderr
    assert len(result.stdout) + len(result.stderr) < 2_000


def test_a_name_that_is_not_text_says_so(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "cases.toml"
    path.write_text("[[case]]\nname = 42\n[[case.layers]]\nunits = 2\n")
    result = invoke("check", str(path), "--no-run")
    assert result.exit_code == 2
    assert "name must be text" in result.stderr and "42" in result.stderr
    assert "every case needs a name" not in result.stderr


def test_a_limit_below_keras_itself_asks_for_a_larger_limit(invoke: Invoke) -> None:
    result = invoke("--max-memory", "1KiB", *TINY)
    assert result.exit_code == 3
    assert "raise --max-memory" in result.stderr
    assert "fewer --units" not in result.stderr  # no smaller stack would fit


def test_a_limit_that_only_a_smaller_stack_fits_asks_for_one(invoke: Invoke) -> None:
    result = invoke("--max-memory", "900MiB", "--batch", "1", "--window", "4000", "--units", "4000")
    assert result.exit_code == 3
    assert "fewer --units" in result.stderr


def test_cross_backend_check_lines_travel_as_phrases() -> None:
    """The child's checks reach the parent with their words, so the parent says them in Korean."""
    from lstm_shapes.locales import Phrase, said, words
    from lstm_shapes.report import wire
    from lstm_shapes.report.types import Check

    check = Check(
        Phrase("state_check", layer="lstm_1", what=Phrase("is_forward_h", left="output")), True, "x"
    )
    data = json.loads(json.dumps(wire.plain(check)))
    back = Check(wire.text(data["name"]), data["passed"], wire.text(data["detail"]))
    assert back == check
    assert said(back.name, words("ko")) == "lstm_1: output == 정방향 h"


def test_compare_padding_with_padding_names_only_real_flags(invoke: Invoke) -> None:
    args = ("--compare", "padding", "--padding", "post", "--lengths", "3,1", "--mask-value", "0")
    result = invoke("--no-run", "--batch", "2", "--window", "3", "--units", "2", *args)
    assert result.exit_code == 2
    assert "pre and post" in result.stderr
    assert "--no-padding" not in result.stderr  # no such flag


@pytest.mark.parametrize("kind", ["environment", "keras"])
def test_a_childs_error_keeps_its_words_across_the_wire(kind: str) -> None:
    """A backend's child refusing (no Keras, no GPU, Keras's own no) is said in Korean by the parent."""
    from lstm_shapes.locales import say, words
    from lstm_shapes.report import wire
    from lstm_shapes.spec.backend_choice import INSTALL
    from lstm_shapes.spec.refusals import environment, rejected

    if kind == "environment":
        error = environment("keras_import_failed", backend="jax", reason="no jax", install=INSTALL["jax"])
    else:
        error = rejected("keras_rejected", reason="bad shape")
    data = json.loads(json.dumps(wire.error_to_data(error)))
    back = wire.error_from_data(data, int(error.exit_code))
    assert type(back) is type(error)
    assert say(back, words("ko")) == say(error, words("ko"))
    assert back.message == error.message
