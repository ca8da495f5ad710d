"""Spec files' sequence keys: `embedding = { vocab, dim, mask_zero }`, `lengths`, `padding`, `mask_value`.

A case is the stack its flags would give, refused for the same reasons with the same
words, located at its line; `check` runs it (one tiny real run, the rest predicted).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import Invoke

from lstm_shapes.sources.specfile import load
from lstm_shapes.spec.masking import EmbeddingSpec, PadSide
from lstm_shapes.spec.stack import LayerSpec, StackSpec

CASE = """\
[[case]]
name = "{name}"
batch = 3
window = 4
{keys}
layers = [{{ units = 2, return_sequences = true }}]
"""


def one_case(tmp_path: Path, keys: str, name: str = "masked") -> tuple[Path, object]:
    path = tmp_path / "masks.toml"
    path.write_text(CASE.format(name=name, keys=textwrap.dedent(keys)), encoding="utf-8")
    (case,) = load(path)
    return path, case


def test_a_case_is_the_stack_its_flags_give(tmp_path: Path) -> None:
    _, case = one_case(
        tmp_path,
        """\
        embedding = { vocab = 9, dim = 5, mask_zero = true }
        lengths = [4, 2, 1]
        padding = "post"
        """,
    )
    assert case.problem is None, case.problem  # type: ignore[attr-defined]
    spec = case.spec  # type: ignore[attr-defined]
    assert spec.embedding == EmbeddingSpec(9, 5, True)
    assert spec.lengths == (4, 2, 1)
    assert spec.padding is PadSide.POST
    assert spec.input_shape == (3, 4)
    same = StackSpec(
        batch=3,
        window=4,
        layers=(LayerSpec(2, return_sequences=True),),
        embedding=EmbeddingSpec(9, 5, True),
        lengths=(4, 2, 1),
        padding=PadSide.POST,
    )
    assert spec == same


def test_mask_value_random_lengths_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "masks.toml"
    path.write_text(
        textwrap.dedent(
            """\
            [defaults]
            mask_value = -1.0
            lengths = "random"
            seed = 7

            [[case]]
            name = "float input"
            batch = 5
            window = 6
            layers = [{ units = 2 }]

            [[case]]
            name = "lengths as text, pre padding by default"
            batch = 2
            window = 3
            lengths = "3, 1"
            layers = [{ units = 2 }]
            """
        ),
        encoding="utf-8",
    )
    first, second = load(path)
    assert first.problem is None and second.problem is None
    assert first.spec == StackSpec(
        batch=5, window=6, layers=(LayerSpec(2),), mask_value=-1.0, lengths="random", seed=7
    )
    assert (
        first.spec is not None
        and first.spec.lengths
        == StackSpec(batch=5, window=6, mask_value=-1.0, lengths="random", seed=7).lengths
    )
    assert second.spec is not None and second.spec.lengths == (3, 1)
    assert second.spec.padding is PadSide.PRE


# (the case's keys, the same stack as flags, the words both must say, the key whose line is blamed)
BAD = [
    ('mask_value = 0\nlengths = [4, -1, 2]', ("--mask-value", "0", "--lengths", "4,-1,2"), "sample 1 has length -1", "lengths"),
    ('mask_value = 0\nlengths = [4, 5, 2]', ("--mask-value", "0", "--lengths", "4,5,2"), "longer than the window of 4", "lengths"),
    ('mask_value = 0\nlengths = [4, 2]', ("--mask-value", "0", "--lengths", "4,2"), "gives 2 lengths for a batch of 3", "lengths"),
    ('mask_value = 0\nlengths = [4, "x", 2]', ("--mask-value", "0", "--lengths", "4,x,2"), "whole numbers separated by commas", "lengths"),
    ("embedding = { vocab = 1 }", ("--embedding-vocab", "1"), "must be at least 2", "vocab"),
    ("embedding = { vocab = 9 }\nmask_value = 0", ("--embedding-vocab", "9", "--mask-value", "0"), "Masking works on float features", "mask_value"),
    ("features = 3\nembedding = { vocab = 9 }", ("--embedding-vocab", "9", "--features", "3"), "must be 1 with token ids", "features"),
    ("lengths = [4, 3, 2]", ("--lengths", "4,3,2"), "nothing masks the padding", "lengths"),
    ("embedding = { vocab = 9 }\nlengths = [4, 3, 2]", ("--embedding-vocab", "9", "--lengths", "4,3,2"), "does not mask it", "lengths"),
    ('mask_value = 0\npadding = "post"', ("--mask-value", "0", "--padding", "post"), "no --lengths", "padding"),
    ('mask_value = 0\nlengths = [4, 3, 2]\npadding = "middle"', ("--mask-value", "0", "--lengths", "4,3,2", "--padding", "middle"), "unknown value 'middle'", "padding"),
    ("mask_value = 0\nconv = { filters = 4, kernel_size = 2 }", ("--mask-value", "0", "--conv-filters", "4", "--conv-kernel-size", "2"), "drops the mask", "conv"),
    ('mask_value = nan', ("--mask-value", "nan"), "cannot be NaN", "mask_value"),
]  # fmt: skip


@pytest.mark.parametrize(("keys", "flags", "message", "key"), BAD, ids=[b[2] for b in BAD])
def test_refused_like_the_flags_at_the_line(
    tmp_path: Path, invoke: Invoke, keys: str, flags: tuple[str, ...], message: str, key: str
) -> None:
    path, case = one_case(tmp_path, keys)
    problem = case.problem  # type: ignore[attr-defined]
    assert problem is not None
    assert message in problem.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert f"{key} =" in lines[problem.line - 1], (problem, lines)
    assert problem.case == "masked"
    by_flags = invoke("--batch", "3", "--window", "4", "--units", "2", *flags, "--no-run")
    assert by_flags.exit_code == 2, by_flags.output
    said = " ".join(by_flags.output.split())
    assert message in said
    # The same reason in the same words: the flags' message, past its "--flag:" prefix (the
    # value as it was written aside: a TOML list, or the flag's text).
    assert problem.message.split(": ", 1)[1].split("; got")[0] in said


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ("embedding = 9", "embedding must be a table"),
        ("embedding = { vocab = 9, mask = true }", "unknown embedding key 'mask'; did you mean 'mask_zero'?"),
        ("embedding = { dim = 4 }", "an Embedding needs vocab = N"),
        ('embedding = { vocab = 9, mask_zero = "yes" }', "embedding.mask_zero: "),
        ("embedding = { vocab = 9, dim = 0 }", "embedding.dim: "),
        ('mask_value = "0"', "mask_value: "),
    ],
)
def test_the_embedding_table_is_checked(tmp_path: Path, keys: str, message: str) -> None:
    path, case = one_case(tmp_path, keys)
    problem = case.problem  # type: ignore[attr-defined]
    assert problem is not None and message in problem.message, problem
    assert problem.line == 5  # the key's own line, under name, batch and window
    assert str(problem).startswith(f"{path}:5: case 'masked':")


def test_check_exits_2_naming_case_and_line(tmp_path: Path, invoke: Invoke) -> None:
    path, _ = one_case(tmp_path, "mask_value = 0\nlengths = [4, -1, 2]", name="negative length")
    result = invoke("check", "--no-run", str(path))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"{path}:6" in said and "negative length" in said and "sample 1 has length -1" in said


def test_check_runs_a_masked_case_in_keras(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "masks.toml"
    path.write_text(
        textwrap.dedent(
            """\
            [[case]]
            name = "token ids, post padding"
            batch = 3
            window = 4
            embedding = { vocab = 9, dim = 3, mask_zero = true }
            lengths = [4, 2, 1]
            padding = "post"
            expect = { "embedding.output" = "3,4,3", output = "3,4,2", "lstm_1.hidden" = "3,2" }
            layers = [{ units = 2, return_sequences = true, return_state = true }]

            [[case]]
            name = "refused as expected"
            embedding = { vocab = 9 }
            mask_value = 0
            expect_error = "Masking works on float features"
            layers = [{ units = 2 }]
            """
        ),
        encoding="utf-8",
    )
    result = invoke("check", "--json", str(path))
    assert result.exit_code == 0, result.output
    masked, refused = json.loads(result.stdout)["cases"]
    assert masked["status"] == "passed" and refused["status"] == "passed", result.stdout
    checks = {c["name"]: c["passed"] for c in masked["report"]["checks"]}
    assert checks["lstm_1: h == output at each sample's last valid step"]
    assert checks["embedding: Keras's mask == the lengths and padding"]
    assert any(name.startswith("lstm_1: padded steps") for name in checks)
