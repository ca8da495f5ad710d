"""Masks and padding in words: `--compare mask` / `--compare padding`, `--explain`'s paragraphs in
English and Korean, and `--lengths` refused with `--data`.

All predicted (--no-run) but one tiny real comparison, whose rows must agree with Keras's
own tensors as the checks read them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke
from said import from_keyed, keyed_parts

from lstm_shapes.locales import words

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


def K(key: str, **values: Any) -> dict[str, Any]:
    """A paragraph as `--json --explain`'s `reading` holds it."""
    return {"key": f"paragraph:{key}", "values": values}


# (the stack, the paragraphs its reading must say, with the values they must hold)
READINGS: dict[str, tuple[tuple[str, ...], list[dict[str, Any]]]] = {
    "post padding, repeat, h at step n": (
        (*POST, "--return-sequences", "--return-state"),
        [
            K("mask_masking", value="0", shape="(3, 6, 1)", features=1),
            K("mask_padding_post", lengths="6, 3, 2", window=6, pad="0", sample=2, n=2, start=3),
            K("mask_repeat", name="lstm_1"),
            K("mask_h_post", sample=2, n=2, window=6),  # step 2 of 6: the output at step 6 is padded
            K("mask_kernel", this=K("mask_kernel_right")),
            K("relation_masked"),  # h is not always output[:, -1, :]
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
            K(
                "mask_embedding",
                shape="(3, 6)",
                window=6,
                top=8,
                vocab=9,
                dim=8,
                out="(3, 6, 8)",
                mask=K("mask_embedding_zero"),
            ),
            K("mask_padding_pre", lengths="6, 3, 2", window=6, pad="id 0", sample=2, n=2, cut=4, start=5),
            K("mask_zeros", name="lstm_1"),
            K("mask_h_bidirectional"),
            K("mask_kernel", this=K("mask_kernel_left")),
        ],
    ),
    "go_backwards, last output only": (
        ("--mask-value", "-1", "--lengths", "6,3,2", "--go-backwards", "--cell", "gru"),
        [K("mask_last", name="gru_1"), K("mask_h_backwards")],
    ),
}


@pytest.mark.parametrize("name", sorted(READINGS))
def test_explain_reads_masks_and_padding(invoke: Invoke, name: str) -> None:
    args, expected = READINGS[name]
    result = invoke(*SMALL, *args, "--explain", "--no-run", "--json")
    assert result.exit_code == 0, result.output
    reading = json.loads(result.stdout)["reading"]
    said_parts = list(keyed_parts(reading))
    for paragraph in expected:
        assert paragraph in said_parts, (paragraph, [p["key"] for p in said_parts])
    assert any(p["key"] == "paragraph:mask_kernel" for p in said_parts)
    # The table's reading says those paragraphs, in each language.
    for lang in ("en", "ko"):
        table = invoke(*SMALL, *args, "--explain", "--no-run", "--lang", lang, env={"COLUMNS": "200"})
        text = said(table.stdout)
        for paragraph in reading:
            assert said(from_keyed(paragraph).say(words(lang))) in text, (lang, paragraph["key"])


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
