"""Spec files build what the flags build: lower layers return sequences unless they say not to."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Invoke

from lstm_shapes.sources.specfile import load

TWO = """\
[[case]]
name = "two"
batch = 4
window = 5
[[case.layers]]
units = 16
{lower}
[[case.layers]]
units = 8
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_two_layers_with_only_units_build_the_flags_stack(tmp_path: Path, invoke: Invoke) -> None:
    (case,) = load(write(tmp_path, TWO.format(lower="")))
    assert case.problem is None
    assert case.spec is not None
    lower, top = case.spec.layers
    assert lower.return_sequences is True
    assert top.return_sequences is False
    flags = invoke("--batch", "4", "--window", "5", "--units", "16", "--units", "8", "--no-run", "--json")
    assert flags.exit_code == 0, flags.output
    from_file = invoke("check", str(tmp_path / "stack.toml"), "--no-run", "--json")
    assert from_file.exit_code == 0, from_file.output
    shapes = {t["name"]: t["shape"] for t in json.loads(flags.stdout)["tensors"]}
    (result,) = json.loads(from_file.stdout)["cases"]
    assert {t["name"]: t["shape"] for t in result["report"]["tensors"]} == shapes


def test_a_lower_layer_that_says_false_is_still_refused(tmp_path: Path) -> None:
    (case,) = load(write(tmp_path, TWO.format(lower="return_sequences = false")))
    assert case.problem is not None
    assert case.problem.error.key == "lower_layer_flat"
    assert case.problem.line == 7


def test_a_case_turns_off_the_embedding_of_its_defaults(tmp_path: Path) -> None:
    text = """\
[defaults]
batch = 2
window = 3
embedding = { vocab = 10, dim = 4 }

[[case]]
name = "tokens"
layers = [{ units = 2 }]

[[case]]
name = "numbers"
embedding = false
layers = [{ units = 2 }]
"""
    tokens, numbers = load(write(tmp_path, text))
    assert tokens.spec is not None and tokens.spec.embedding is not None
    assert numbers.problem is None
    assert numbers.spec is not None and numbers.spec.embedding is None
