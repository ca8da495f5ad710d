"""Masks and padding in words: `--compare mask` / `--compare padding`, `--explain`'s paragraphs in
English and Korean, and `--lengths` refused with `--data`.

All predicted (--no-run) but one tiny real comparison, whose rows must agree with Keras's
own tensors as the checks read them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Invoke

SMALL = ("--batch", "3", "--window", "6", "--units", "2")
POST = ("--mask-value", "0", "--lengths", "6,3,2", "--padding", "post")


def said(text: str) -> str:
    return " ".join(text.split())


# --- --compare mask, --compare padding ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--compare", "mask"), "--compare: mask: the stack has nothing to mask"),
        (("--compare", "padding"), "--compare: padding: the stack has nothing to mask"),
        (
            ("--compare", "padding", "--mask-value", "0"),
            "nothing is padded, so pre and post are the same batch",
        ),
        (
            ("--compare", "mask,padding", "--mask-value", "0", "--lengths", "6,3,2"),
            "mask and padding together",
        ),
        (("--compare", "padding", *POST), "--compare padding already runs the stack"),
        (("--compare", "mask", "--embedding-vocab", "9"), "nothing to mask"),  # no mask_zero: nothing masked
    ],
)
def test_compare_refuses_what_has_nothing_to_mask(
    invoke: Invoke, args: tuple[str, ...], message: str
) -> None:
    result = invoke(*SMALL, *args, "--no-run")
    assert result.exit_code == 2, result.output
    assert message in said(result.output)
    assert "Traceback" not in result.output


def test_compare_refusal_in_korean(invoke: Invoke) -> None:
    result = invoke(*SMALL, "--compare", "mask", "--lang", "ko", "--no-run")
    assert result.exit_code == 2, result.output
    assert "마스킹할 것이 없습니다" in result.output


def test_compare_mask_off_is_the_same_stack_unmasked(invoke: Invoke) -> None:
    args = (
        "--embedding-vocab",
        "9",
        "--mask-zero",
        "--lengths",
        "6,3,2",
        "--return-sequences",
        "--bidirectional",
    )
    result = invoke(*SMALL, *args, "--compare", "mask", "--no-run", "--json")
    assert result.exit_code == 0, result.output
    off, on = json.loads(result.stdout)["variants"]
    assert (off["settings"], on["settings"]) == ({"mask": False}, {"mask": True})
    assert off["report"]["input"]["mask"] is None
    assert on["report"]["input"]["mask"] == "mask_zero"
    assert off["report"]["input"]["lengths"] is None
    assert on["report"]["input"]["lengths"] == [6, 3, 2]
    # The same shapes either way: what changes is in the rows below them.
    shapes = [{t["name"]: t["shape"] for t in v["report"]["tensors"]} for v in (off, on)]
    assert shapes[0] == shapes[1]
    table = invoke(*SMALL, *args, "--compare", "mask", "--no-run", env={"COLUMNS": "120"})
    assert table.exit_code == 0, table.output
    lines = {line.split("  ")[0].strip(): said(line) for line in table.stdout.splitlines() if line.strip()}
    assert lines["lengths"] == "lengths no mask 6, 3, 2 · pre"
    assert lines["lstm_1 padded steps"] == "lstm_1 padded steps — zeros"
    assert lines["lstm_1 h from"] == "lstm_1 h from last step last valid step"
    assert "[1] mask off" in table.stdout and "[2] mask on" in table.stdout


def test_compare_padding_really_run(invoke: Invoke) -> None:
    """Pre against post on Keras: both columns pass the per-sample checks the rows describe."""
    result = invoke(*SMALL, *POST[:-2], "--return-sequences", "--compare", "padding", "--json")
    assert result.exit_code == 0, result.output
    pre, post = json.loads(result.stdout)["variants"]
    assert pre["status"] == post["status"] == "ok", result.stdout
    assert pre["report"]["input"]["padding"] == "pre" and post["report"]["input"]["padding"] == "post"
    for variant in (pre, post):
        checks = {c["name"]: c["passed"] for c in variant["report"]["checks"]}
        assert checks["lstm_1: padded steps repeat the last valid output (zeros before the first)"]
    table = invoke(*SMALL, *POST[:-2], "--return-sequences", "--compare", "padding", "--no-run")
    assert "[1] padding pre" in table.stdout and "[2] padding post" in table.stdout
    assert "6, 3, 2 · pre" in table.stdout and "6, 3, 2 · post" in table.stdout
    assert said(table.stdout).count("repeat") == 2


# --- --explain --------------------------------------------------------------------------------------

# (the stack, what the English reading must say, what the Korean one must say)
READINGS = {
    "post padding, repeat, h at step n": (
        (*POST, "--return-sequences", "--return-state"),
        [
            "Masking(0) keeps the tensor as it is, (3, 6, 1), and builds a mask: a step whose 1 feature equals 0",
            "padded post: every sequence starts at step 1 and the padding (0) follows its end. Sample 2, of "
            "length 2, is data at steps 1 to 2 and padding at steps 3 to 6.",
            "so each sample's padded steps repeat its last valid output",
            "for sample 2 that is step 2 of 6, and the output at step 6 is a padded step",
            "This stack's mask is right-padded: on a GPU TensorFlow keeps cuDNN; JAX and PyTorch do not.",
            "with the mask, h equals its output at each sample's last valid step, not always output[:, -1, :]",
        ],
        [
            "뒤쪽 패딩(post)",
            "길이가 2인 샘플 2는 스텝 1부터 2까지가 데이터, 스텝 3부터 6까지가 패딩입니다",
            "마지막 유효 출력을 반복",
            "샘플 2에서는 6스텝 중 스텝 2이고",
            "이 스택의 마스크는 오른쪽 패딩이라",
        ],
    ),
    "pre padding, bidirectional zeros, token ids": (
        (
            "--embedding-vocab",
            "9",
            "--mask-zero",
            "--lengths",
            "6,3,2",
            "--bidirectional",
            "--return-sequences",
        ),
        [
            "The input holds token ids, (3, 6): 6 integers per sample, 0 to 8. Embedding(9, 8) looks each id up",
            "With mask_zero=True, id 0 means padding",
            "padded pre (the default of Keras's pad_sequences): the padding (id 0) comes first and every "
            "sequence ends at step 6. Sample 2, of length 2, is padding at steps 1 to 4 and data at steps 5 to 6.",
            "so Keras turns zero_output_for_mask on for both directions: every padded step holds zeros",
            "the backward h, the output at its first valid step",
            "This stack's mask is left-padded (pre): on a GPU every backend runs the generic loop.",
        ],
        [
            "입력은 토큰 id (3, 6)입니다",
            "앞쪽 패딩(pre, Keras pad_sequences의 기본값)",
            "패딩 스텝은 정방향, 역방향 모두 0입니다",
            "역방향 h는 역방향이 끝나는 첫 유효 스텝의 출력",
            "왼쪽 패딩(pre)이라 GPU에서도 모든 백엔드가 일반 루프를 씁니다",
        ],
    ),
    "go_backwards, last output only": (
        ("--mask-value", "-1", "--lengths", "6,3,2", "--go-backwards", "--cell", "gru"),
        [
            "gru_1 returns one output per sample (return_sequences=False), and that output is its h.",
            "its h is the output at each sample's first valid step in input order, the last one it reads",
        ],
        ["그 출력이 곧 h입니다", "입력 순서로 샘플마다 첫 유효 스텝"],
    ),
}


@pytest.mark.parametrize("name", sorted(READINGS))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_explain_reads_masks_and_padding(invoke: Invoke, name: str, lang: str) -> None:
    args, english, korean = READINGS[name]
    result = invoke(*SMALL, *args, "--explain", "--no-run", "--lang", lang, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = said(result.stdout)
    for words in english if lang == "en" else korean:
        assert said(words) in text, words
    assert "A mask changes the kernel" in text if lang == "en" else "마스크는 shape이 아니라" in text


def test_explain_of_an_unmasked_stack_says_nothing_of_masks(invoke: Invoke) -> None:
    result = invoke(*SMALL, "--return-sequences", "--return-state", "--explain", "--no-run")
    assert result.exit_code == 0, result.output
    text = said(result.stdout)
    assert "output[:, -1, :] equals h" in text
    for absent in ("mask", "padded", "valid step"):
        assert absent not in text


# --- --lengths with --data ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lengths_with_data_windows_all_full(invoke: Invoke, tmp_path: Path, lang: str) -> None:
    data = tmp_path / "rows.csv"
    data.write_text("a,b\n" + "".join(f"{i},{i + 1}\n" for i in range(8)), encoding="utf-8")
    args = ("--data", str(data), "--window", "3", "--batch", "3", "--mask-value", "0", "--lengths", "3,2,1")
    result = invoke(*args, "--lang", lang)  # not --no-run: refused before anything runs
    assert result.exit_code == 2, result.output
    if lang == "en":
        assert "every window of the data is full: 3 rows each" in said(result.output)
    else:
        assert "데이터의 창은 모두 꽉 차 있습니다" in result.output
    assert invoke(*args[:-2], "--no-run").exit_code == 0  # the mask alone is fine with data


def test_lengths_with_data_in_a_spec_file(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "rows.csv").write_text("a\n" + "".join(f"{i}\n" for i in range(8)), encoding="utf-8")
    spec = tmp_path / "data.toml"
    spec.write_text(
        '[[case]]\nname = "padded data"\ndata = "rows.csv"\nbatch = 2\nwindow = 3\n'
        "mask_value = 0\nlengths = [3, 2]\nlayers = [{ units = 2 }]\n",
        encoding="utf-8",
    )
    result = invoke("check", "--no-run", str(spec))
    assert result.exit_code == 2, result.output
    assert "every window of the data is full: 3 rows each" in said(result.output)
