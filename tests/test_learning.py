"""Learning: --weights, --explain, --lang en|ko and --compare.

Golden outputs for the seed's scenarios and a stack the seed never shows, in both
languages; then the claims every sentence makes, checked against the stack it
describes: its own shapes, steps, units and parameter counts, never the seed's
32, 25, 20 and 10 when the stack doesn't use them.

Regenerate the golden files after an intended change of the wording or the layout with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_learning.py

and review the diff of tests/golden/ before committing it.

Almost everything runs with `--no-run` (or `run=False`): no Keras. The few real runs
(the --weights golden, the --compare runs, and the explanations that point to a check a real
run printed) share one Keras import.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import os
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, flat
from hypothesis import given, settings
from hypothesis import strategies as st
from mask_reading import KERNEL, LAYER, check_mask, front_kinds
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from lstm_shapes.kinds import KINDS
from lstm_shapes.locales import LANGUAGES, Words, default_language, fill, particle, words
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.locales.ko import WORDS as KOREAN
from lstm_shapes.render.explain import explain, formulas, layer_formula, row_notes
from lstm_shapes.render.fit import Fitted
from lstm_shapes.render.table import to_json_data, weights_table
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.report.types import StackReport
from lstm_shapes.spec import identifiers as ids
from lstm_shapes.spec.masking import EmbeddingSpec, PadSide
from lstm_shapes.spec.stack import (
    CellKind,
    ConvSpec,
    HeadKind,
    HeadSpec,
    LayerSpec,
    MergeMode,
    Padding,
    StackSpec,
)
from lstm_shapes.spec.topology import Place, places

GOLDEN = Path(__file__).parent / "golden"

# In-process runs: plain output at the canonical width, and no locale from the developer's
# shell (the language would follow it). A test that wants a locale sets it.
NO_LOCALE: dict[str, str | None] = {"LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANGUAGE": None}
ENV: dict[str, str | None] = {"NO_COLOR": "1", "COLUMNS": "120", **NO_LOCALE}


def flags(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CANONICAL = flags("--batch 32 --window 25 --units 20")
# A stack the seed never shows: Conv1D, two Bidirectional GRUs, their states, a Dense head.
FAMILY = flags("--conv-filters 8 --cell gru --bidirectional --units 6 --units 4 --return-state --head dense")
VALID_FLAGS = "Valid flags: return-sequences, return-state, go-backwards, use-bias, bidirectional, stateful, unroll, mask, padding."
TD_REFUSAL = (
    "head: TimeDistributed needs a 3-D (batch, time steps, features) input, but lstm_1 returns a 2-D "
    "(batch, units) output because return_sequences is off"
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run(invoke: Invoke, *args: str, **env: str | None) -> Any:
    return invoke(*args, env={**ENV, **env})


# --- golden outputs -------------------------------------------------------------------------------

VERSIONS = re.compile(r"^Keras \S+ · (\S+) \S+ · ")
GPU = re.compile(r"GPU:\d+$")
# Lines that depend on the machine, not on the feature under test: the kernel path
# (cuDNN on a GPU, the generic loop on a CPU) and the forward pass's time.
KERNEL_PATH = re.compile(r"^\S+ kernel path: ")
TIMING = re.compile(r"^forward pass ")


def normalize(text: str) -> str:
    """Library versions and the device out of a real run's header, machine-dependent lines out, padding off."""
    lines = [line.rstrip() for line in text.splitlines()]
    if lines and lines[0].startswith("Keras "):
        lines[0] = GPU.sub("CPU:0", VERSIONS.sub(r"Keras X.Y.Z · \1 X.Y.Z · ", lines[0]))
    kept: list[str] = []
    after_kernel_paths = False
    for line in lines:
        if KERNEL_PATH.match(line) or TIMING.match(line):
            after_kernel_paths = bool(KERNEL_PATH.match(line)) or after_kernel_paths
            continue
        if after_kernel_paths and line == "":
            after_kernel_paths = False
            continue
        after_kernel_paths = False
        kept.append(line)
    return "\n".join(kept).rstrip("\n") + "\n"


def test_normalize_hides_only_the_machine() -> None:
    text = (
        "Keras 3.15.1 · tensorflow 2.21.0 · computed on GPU:0  \n"
        "input (32, 25, 1) float32, random uniform, seed 0\n"
        "lstm_1 kernel path: cuDNN (confirmed)\n"
        "\n"
        "✓ shapes match the prediction: all 2 tensors   \n"
    )
    assert normalize(text) == (
        "Keras X.Y.Z · tensorflow X.Y.Z · computed on CPU:0\n"
        "input (32, 25, 1) float32, random uniform, seed 0\n"
        "✓ shapes match the prediction: all 2 tensors\n"
    )
    korean = "Keras 3.15.1 · tensorflow 2.21.0 · 실제 계산 장치 CPU:0\n"
    assert normalize(korean) == "Keras X.Y.Z · tensorflow X.Y.Z · 실제 계산 장치 CPU:0\n"
    predicted = "Predicted from the layer math (--no-run): nothing was computed\n"
    assert normalize(predicted) == predicted


# name -> the flags. `--no-run` wherever the golden doesn't need Keras; the header then says so.
GOLDEN_PREDICTED = {
    # The seed's section 1-1: return_sequences off.
    "explain-last-en": (*CANONICAL, *flags("--explain --no-run")),
    "explain-last-ko": (*CANONICAL, *flags("--explain --no-run --lang ko")),
    # Sections 1-2, 2-2 and 3: return_sequences on, return_state, a Dense head on a 3-D output.
    "explain-states-dense-en": (
        *CANONICAL,
        *flags("--return-sequences --return-state --head dense --explain --no-run"),
    ),
    "explain-states-dense-ko": (
        *CANONICAL,
        *flags("--return-sequences --return-state --head dense --explain --no-run --lang ko"),
    ),
    # Section 2-3: TimeDistributed(Dense).
    "explain-time-distributed-en": (
        *CANONICAL,
        *flags("--return-sequences --head time-distributed --explain --no-run"),
    ),
    "explain-time-distributed-ko": (
        *CANONICAL,
        *flags("--return-sequences --head time-distributed --explain --no-run --lang ko"),
    ),
    # A stack the seed never shows.
    "explain-family-en": (*FAMILY, *flags("--explain --no-run")),
    "explain-family-ko": (*FAMILY, *flags("--explain --no-run --lang ko")),
}
# Real runs: the weights Keras built, and the seed's sections 1 and 3 on one screen, checked.
GOLDEN_RUN = {
    "weights-canonical": (*CANONICAL, *flags("--return-sequences --return-state --head dense --weights")),
    "compare-seed-en": (*CANONICAL, *flags("--compare return-sequences,return-state")),
    "compare-seed-ko": (*CANONICAL, *flags("--compare return-sequences,return-state --lang ko")),
}


def check_golden(name: str, stdout: str) -> None:
    got = normalize(stdout)
    path = GOLDEN / f"{name}.out"
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", GOLDEN_PREDICTED)
def test_golden_predicted(invoke: Invoke, name: str) -> None:
    result = run(invoke, *GOLDEN_PREDICTED[name])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout
    assert result.stdout.startswith(
        "레이어 수식으로 예측한 값입니다 (--no-run)"
        if name.endswith("-ko")
        else "Predicted from the layer math"
    )
    if name.endswith("-ko"):
        assert_clean_korean(result.stdout)
    check_golden(name, result.stdout)


@pytest.mark.parametrize("name", GOLDEN_RUN)
def test_golden_run(invoke: Invoke, name: str) -> None:
    result = run(invoke, *GOLDEN_RUN[name])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "✗" not in result.stdout
    if name.endswith("-ko"):
        assert_clean_korean(result.stdout)
    check_golden(name, result.stdout)


def test_weights_golden_is_the_observed_run(invoke: Invoke) -> None:
    """The --weights golden comes from Keras: its checks passed, and it names the same weights as the prediction."""
    text = (GOLDEN / "weights-canonical.out").read_text(encoding="utf-8")
    assert text.startswith("Keras X.Y.Z · ")
    assert "✓ parameters match the prediction: 1,970 in 2 layers" in text
    assert "✓ lstm_1: output[:, -1, :] == h: exactly equal" in text
    predicted = normalize(run(invoke, *GOLDEN_RUN["weights-canonical"], "--no-run").stdout)
    # The weights table is the same whether Keras built it or the layer math predicted it.
    assert text[text.index("\nWeights") :] == predicted[predicted.index("\nWeights") :]


# --- the Korean is clean: particles chosen by sound, nothing unfilled ------------------------------

# How the last character is read: its final sound decides the particle.
# Digits: 0 (영, 십, 백, 천, 만), 3 (삼), 6 (육) end in a consonant; 1 (일), 7 (칠), 8 (팔) in ㄹ;
# 2 (이), 4 (사), 5 (오), 9 (구) in a vowel.
DIGIT_SOUND = {
    "0": "c",
    "1": "l",
    "2": "v",
    "3": "c",
    "4": "v",
    "5": "v",
    "6": "c",
    "7": "l",
    "8": "l",
    "9": "v",
}
PAIRS = {"은": "는", "이": "가", "을": "를", "과": "와", "으로": "로"}
FORM = {form: consonant for consonant, vowel in PAIRS.items() for form in (consonant, vowel)}


# Words read letter by letter: 엘에스티엠, 지알유, 심플알엔엔.
WORD_SOUNDS = {"LSTM": "c", "GRU": "v", "SimpleRNN": "c"}


def final_sound(text: str) -> str:
    """'c' (a consonant), 'l' (ㄹ) or 'v' (a vowel): the last sound of `text` read in Korean."""
    last = text.rstrip(")], ")[-1]  # a 1-D shape '(2,)' is read '2'
    if last in DIGIT_SOUND:
        return DIGIT_SOUND[last]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return "v" if final == 0 else "l" if final == 8 else "c"
    for word, sound in WORD_SOUNDS.items():
        if text.endswith(word):
            return sound
    raise ValueError(f"no reading for {text!r}")


def expected_particle(text: str, after_consonant: str) -> str:
    sound = final_sound(text)
    if sound == "v" or (sound == "l" and after_consonant == "으로"):
        return PAIRS[after_consonant]
    return after_consonant


def pt(text: object, after_consonant: str) -> str:
    """`text` and its particle, by the independent reading above: pt(25, '은') == '25는'."""
    return f"{text}{expected_particle(str(text), after_consonant)}"


# A number (maybe closing a shape, a 1-D one too) right before a particle that changes with it.
NUMBER_PARTICLE = re.compile(r"(\d,?\)*)(으로|로|은|는|이|가|을|를|과|와)(?=[\s.,:;)]|$)")


def wrong_particles(text: str) -> list[str]:
    """Every 'number + particle' in `text` whose particle doesn't fit how the number is read, in context."""
    wrong = []
    for match in NUMBER_PARTICLE.finditer(text):
        used = match.group(2)
        if expected_particle(match.group(1), FORM[used]) != used:
            wrong.append(text[max(0, match.start() - 4) : match.end() + 6])
    return wrong


FALLBACK_FORMS = ("(은)", "(는)", "(이)", "(가)", "(을)", "(를)", "(과)", "(와)", "(으)")


def assert_clean_korean(text: str) -> None:
    """No fallback particle forms, no unfilled template field, every particle after a number right."""
    for form in FALLBACK_FORMS:
        assert form not in text, text
    assert "{" not in text and "}" not in text, text
    assert wrong_particles(text) == []


@pytest.mark.parametrize(
    ("text", "after_consonant", "expected"),
    [
        ("25", "은", "는"),
        ("23", "은", "은"),
        ("20", "은", "은"),
        ("1", "은", "은"),
        ("2", "은", "는"),
        ("10", "은", "은"),
        ("100", "은", "은"),
        ("1,760", "은", "은"),
        ("16", "은", "은"),
        ("64", "은", "는"),
        ("(32, 25, 10)", "이", "이"),
        ("(32, 25, 2)", "이", "가"),
        ("(32, 4)", "과", "와"),
        ("(32, 20)", "과", "과"),
        ("lstm_1", "은", "은"),
        ("gru_2", "은", "는"),
        ("simple_rnn_3", "은", "은"),
        ("GRU", "은", "는"),
        ("GRU", "이", "가"),
        ("LSTM", "은", "은"),
        ("Dense(10)", "을", "을"),
        ("Dense(5)", "을", "를"),
        ("TimeDistributed(Dense(10))", "과", "과"),
        ("TimeDistributed(Dense(9))", "과", "와"),
        # 으로 after a consonant, 로 after a vowel or ㄹ.
        ("3", "으로", "으로"),
        ("6", "으로", "으로"),
        ("10", "으로", "으로"),
        ("1", "으로", "로"),
        ("7", "으로", "로"),
        ("8", "으로", "로"),
        ("2", "으로", "로"),
        ("9", "으로", "로"),
        ("GRU", "으로", "로"),
        ("합", "으로", "으로"),
        ("곱", "으로", "으로"),
        ("평균", "으로", "으로"),
        # Words that end in a Hangul syllable are read by its final sound; a 1-D shape by its digit.
        ("이어 붙이기", "으로", "로"),
        ("이어 붙이기", "은", "는"),
        ("물", "으로", "로"),
        ("물", "은", "은"),
        ("(2,)", "이", "가"),
        ("(10,)", "이", "이"),
        ("(7,)", "으로", "로"),
    ],
)
def test_particle(text: str, after_consonant: str, expected: str) -> None:
    assert particle(text, after_consonant) == expected
    assert expected_particle(text, after_consonant) == expected  # the test's own reading agrees


def test_fill_picks_particles_by_sound() -> None:
    template = "{window:은} 윈도우 크기, {features:은} 피처 수, {shape:이} 됩니다, h {state:과} c"
    assert fill(template, window=25, features=23, shape="(32, 25, 10)", state="(32, 4)") == (
        "25는 윈도우 크기, 23은 피처 수, (32, 25, 10)이 됩니다, h (32, 4)와 c"
    )
    assert fill("{merge:으로} 합침", merge="합") == "합으로 합침"
    assert fill("{name:은}", name="lstm_1") == "lstm_1은"
    assert fill("{n:이다}", n=2) == "2다"
    assert fill("{n:이다}", n=3) == "3이다"
    # Plain fields and other format specs are untouched.
    assert fill("{n:,} {m}", n=1760, m="x") == "1,760 x"


def test_fill_reads_words_and_1d_shapes() -> None:
    """Regression: a word that ends in a vowel ('이어 붙이기으로') or a 1-D shape ('(2,)이') once took
    the after-consonant particle."""
    assert fill("{merge:으로} 합침", merge="이어 붙이기") == "이어 붙이기로 합침"
    assert fill("{shape:이} 됩니다", shape="(2,)") == "(2,)가 됩니다"


def test_the_test_reading_finds_wrong_particles() -> None:
    wrong = wrong_particles(
        "23는 배치 크기, 25는 윈도우, (32, 20)이 (32, 10)가 되고, Dense 20 → 10를 적용, (2,)이 됩니다"
    )
    assert len(wrong) == 4, wrong
    assert "23는" in wrong[0] and "10)가" in wrong[1] and "10를" in wrong[2] and "(2,)이" in wrong[3]
    assert wrong_particles("25는 윈도우, 1은 피처, lstm_1은, 합으로, 2로, 3으로, (2,)가, (10,)이") == []


def test_locales_have_the_same_words() -> None:
    """A third language is one file: every language has every key English has."""
    for lang in LANGUAGES:
        said = words(lang)
        for group in ("headings", "axes", "notes", "paragraphs", "weights", "errors", "terms", "phrases"):
            ours, theirs = getattr(said, group), getattr(ENGLISH, group)
            assert set(ours) == set(theirs), (lang, group, set(ours) ^ set(theirs))
        # every described kind with gates names them, as many as it has (lstm_shapes.kinds)
        assert {k: len(v) for k, v in said.gates.items()} == {k.words: k.gates for k in KINDS if k.gates > 1}


# --- --explain: every paragraph says this stack's own numbers --------------------------------------


def fmt(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + (",)" if len(shape) == 1 else ")")


@st.composite
def learner_layers(draw: st.DrawFn, *, return_sequences: bool, merge_none: bool) -> LayerSpec:
    cell = draw(st.sampled_from([c for c in CellKind if not c.kind.convolutional]))
    bidirectional = draw(st.booleans())
    merges = [None, *(m for m in MergeMode if merge_none or m is not MergeMode.NONE)]
    layer: dict[str, Any] = {
        "cell": cell,
        "units": draw(st.integers(5, 24)),
        "return_sequences": return_sequences,
        "return_state": draw(st.booleans()),
        "bidirectional": bidirectional,
        "merge_mode": draw(st.sampled_from(merges)) if bidirectional else None,
        "use_bias": draw(st.booleans()),
        "go_backwards": draw(st.booleans()),
    }
    if cell is CellKind.GRU:
        layer["reset_after"] = draw(st.sampled_from((None, True, False)))
    return LayerSpec(**layer)


@st.composite
def learner_stacks(draw: st.DrawFn) -> StackSpec:
    """Stacks with numbers of their own (a window of 5 to 40, 5 to 24 units, ...), in every shape of stack."""
    window = draw(st.integers(5, 40))
    conv = None
    if draw(st.booleans()):
        padding = draw(st.sampled_from(Padding))
        longest = window if padding is Padding.VALID else window + 3
        conv = ConvSpec(
            filters=draw(st.integers(5, 12)),
            kernel_size=draw(st.integers(1, longest)),
            strides=draw(st.integers(1, 3)),
            padding=padding,
        )
    depth = draw(st.integers(1, 3))
    top_sequences = draw(st.booleans())
    heads = [HeadKind.NONE, HeadKind.DENSE] + ([HeadKind.TIME_DISTRIBUTED] if top_sequences else [])
    head = HeadSpec(draw(st.sampled_from(heads)), draw(st.integers(5, 15)))
    lower = [draw(learner_layers(return_sequences=True, merge_none=False)) for _ in range(depth - 1)]
    top = draw(learner_layers(return_sequences=top_sequences, merge_none=head.kind is HeadKind.NONE))
    return StackSpec(
        batch=draw(st.integers(5, 64)),
        window=window,
        features=draw(st.integers(1, 6)),
        layers=(*lower, top),
        head=head,
        conv=conv,
    )


def expected_kinds(spec: StackSpec) -> list[tuple[str, Place | None]]:
    """The paragraphs that apply to `spec`, in order: nothing else may be said."""
    kinds: list[tuple[str, Place | None]] = [("input", None)]
    kinds += [(kind, None) for kind in front_kinds(spec)]
    if spec.conv is not None:
        kinds.append(("conv", None))
    for place in places(spec):
        kinds.append(("output", place))
        if place.layer.return_state:
            kinds.append(("states", place))
        kinds.append(("params", place))
        if spec.masked:
            kinds.append((LAYER, place))
    if spec.masked:
        kinds.append((KERNEL, None))
    if any(layer.stateful for layer in spec.layers):
        kinds.append(("stateful", None))
    if spec.head.kind is not HeadKind.NONE:
        kinds.append(("head", None))
    if not spec.layers[-1].return_sequences:
        kinds.append(("no_time_distributed", None))
    return kinds


def steps_of(spec: StackSpec) -> int:
    """The steps the recurrent layers see, computed here, not by the package."""
    conv = spec.conv
    if conv is None:
        return spec.window
    if conv.padding is Padding.VALID:
        return (spec.window - conv.kernel_size) // conv.strides + 1
    return math.ceil(spec.window / conv.strides)


def width_of(layer: LayerSpec) -> int:
    return (
        2 * layer.units
        if layer.bidirectional and layer.merge_mode in (None, MergeMode.CONCAT)
        else layer.units
    )


def output_shape(spec: StackSpec, layer: LayerSpec) -> tuple[int, ...]:
    width = width_of(layer)
    return (spec.batch, steps_of(spec), width) if layer.return_sequences else (spec.batch, width)


def cell_params(layer: LayerSpec, features: int) -> int:
    gates = {CellKind.LSTM: 4, CellKind.GRU: 3, CellKind.SIMPLE_RNN: 1}[layer.cell]
    u = layer.units
    biases = 0
    if layer.use_bias:
        two = layer.cell is CellKind.GRU and layer.reset_after is not False
        biases = 2 * u if two else u
    one = gates * (u * (features + u) + biases)
    return 2 * one if layer.bidirectional else one


def kind_name(layer: LayerSpec) -> str:
    return f"Bidirectional({layer.cell.keras_name})" if layer.bidirectional else layer.cell.keras_name


def merge_of(layer: LayerSpec) -> MergeMode | None:
    return (layer.merge_mode or MergeMode.CONCAT) if layer.bidirectional else None


def stack_numbers(spec: StackSpec) -> set[int]:
    """Every number a sentence about `spec` may say, and the few every such sentence may use."""
    numbers = {1, 2, 3, 4}  # 2-D, 3-D, 4 gates, 3 gates, 2 × units, output[:, -1, :], "1 for a closing price"
    numbers |= {spec.batch, spec.window, spec.features, steps_of(spec)}
    features = spec.features
    if spec.conv is not None:
        conv = spec.conv
        numbers |= {conv.filters, conv.kernel_size, conv.strides}
        numbers.add(conv.kernel_size * spec.features * conv.filters + conv.filters)
        features = conv.filters
    for layer in spec.layers:
        numbers |= {layer.units, width_of(layer), features, cell_params(layer, features)}
        features = width_of(layer)
    if spec.head.kind is not HeadKind.NONE:
        numbers |= {spec.head.units, features * spec.head.units + spec.head.units}
    return numbers


NUMBER = re.compile(r"(?<![0-9A-Za-z_.])(\d{1,3}(?:,\d{3})+|\d+)(?![0-9A-Za-z_])")


def numbers_in(text: str) -> set[int]:
    return {int(n.replace(",", "")) for n in NUMBER.findall(text)}


def check_stateful(spec: StackSpec, p: str, korean: bool, observed: bool) -> None:
    """Sample i continues sample i, the batch in the model, shuffle=False, reset between epochs; the run's batches."""
    names = [n for n, layer in zip(spec.layer_names, spec.layers, strict=True) if layer.stateful]
    b, w = spec.batch, spec.window
    for said_words in (
        f"keras.Input(batch_shape=({b}, {w},",
        "shuffle=False",
        "reset_states()",
        f"batch_size={b}",
    ):
        assert said_words in p, (said_words, p)
    if korean:
        assert p.startswith(", ".join(names)) and "샘플 i" in p, p
        assert ("배치 " in p and "차례로 돌렸습니다" in p) == (observed and spec.batches > 1), p
    else:
        verb = "is" if len(names) == 1 else "are"
        assert p.startswith(f"{', '.join(names)} {verb} stateful: the final states of one batch"), p
        assert "sample i of the next batch continues sample i of this one" in p, p
        ran = f"Here {spec.batches} batches ran one after another"
        assert (ran in p) == (observed and spec.batches > 1), p


def check_english(spec: StackSpec, kind: str, place: Place | None, p: str, observed: bool = False) -> None:
    b, steps = spec.batch, steps_of(spec)
    if kind.startswith("mask_"):
        check_mask(spec, kind, place, p, korean=False)
        return
    if kind == "stateful":
        check_stateful(spec, p, korean=False, observed=observed)
        return
    ids = spec.embedding is not None  # token ids: (batch, window)
    if kind == "input":
        noun = "feature" if spec.features == 1 else "features"
        assert p.startswith(
            f"The input x is {fmt((b, spec.window) if ids else (b, spec.window, spec.features))}: a batch of {b} samples, each a window of "
            f"{spec.window} time steps, each step holding {spec.features} {noun}. "
        ), p
        assert f"({spec.window} days of prices, say)" in p
    elif kind == "conv":
        conv = spec.conv
        assert conv is not None
        w, k, s, pad = spec.window, conv.kernel_size, conv.strides, conv.padding.value
        ts = "time step" if steps == 1 else "time steps"  # the formula's note says one in the singular
        if conv.padding is Padding.VALID:
            leaves = f"{w} - {k} + 1" if s == 1 else f"({w} - {k}) // {s} + 1"
            leaves = f"{leaves} = {steps} {ts}"
        elif s == 1:
            leaves = f"{steps} {ts}, as many as the input"
        else:
            leaves = f"ceil({w} / {s}) = {steps} {ts}"
        # The padding is said once, in the sentence, not again in the formula.
        assert p == (
            f"conv1d slides a kernel of {k} steps along the time axis with stride {s} and {pad} padding, "
            f"which leaves {leaves}. Each of its {conv.filters} filters gives one number per step, so the "
            f"recurrent layer above sees {conv.filters} features at each of {steps} steps."
        ), p
    elif kind == "output":
        assert place is not None
        layer, u, name = place.layer, place.layer.units, place.name
        width = f"{2 * u} units (2 × {u})" if merge_of(layer) is MergeMode.CONCAT else f"{u} units"
        shape = fmt(output_shape(spec, layer))
        if layer.return_sequences:
            assert p.startswith(
                f"{name} ({kind_name(layer)}) gives {shape}: {b} samples × {steps} time steps × {width}. "
            )
            assert f"returns its output at every one of the {steps} steps" in p and "3-D" in p
        else:
            assert p.startswith(f"{name} ({kind_name(layer)}) gives {shape}: {b} samples × {width}. "), p
            assert f"after the last of the {steps} steps" in p and "2-D" in p
            assert f"{b} is the batch, {u} the units you gave the layer." in p
        stacked = f" It has to: {place.above} above it is a recurrent layer too"
        assert (stacked in p) == (layer.return_sequences and place.above is not None), p
        assert ("It has to:" in p) == (stacked in p)
        merge = merge_of(layer)
        assert (f"Its last axis is 2 × {u} = {2 * u}: Bidirectional" in p) == (merge is MergeMode.CONCAT), p
        merged = f"combines the two {u}-unit outputs by {merge.value if merge else ''}, so the last axis stays {u}."
        assert (merged in p) == (merge in (MergeMode.SUM, MergeMode.MUL, MergeMode.AVE)), p
        assert (f"two tensors of {shape} each" in p) == (merge is MergeMode.NONE), p
        assert ("Bidirectional" in p) == layer.bidirectional
        backwards = " go_backwards=True reads the window from its last step to its first."
        assert (backwards in p) == layer.go_backwards, p
        assert ("go_backwards=True" in p) == layer.go_backwards
        # The reading order of the output is only said when there is an output sequence.
        order = " The output sequence stays in that reading order."
        assert (order in p) == (layer.go_backwards and layer.return_sequences), p
        if layer.go_backwards:
            assert p.endswith(backwards + (order if layer.return_sequences else "")), p
    elif kind == "states":
        assert place is not None
        layer, u, name = place.layer, place.layer.units, place.name
        state = fmt((b, u))
        # "(checked above)" only where a check was run and printed above the explanation.
        assert ("(checked above)" in p) == (observed and not layer.bidirectional), p
        if layer.bidirectional:
            labels = ["h →", "c →", "h ←", "c ←"] if layer.cell is CellKind.LSTM else ["h →", "h ←"]
            listed = ", ".join(f"{label} {state}" for label in labels)
            assert p.startswith(
                f"With return_state=True, {name} returns the final states of each direction, never merged: {listed}."
            ), p
        else:
            relation = "output[:, -1, :] equals h" if layer.return_sequences else "the output equals h"
            if layer.return_sequences and spec.masked:
                relation = (
                    "with the mask, h equals its output at each sample's last valid step, not always "
                    "output[:, -1, :] (the mask's paragraph below says which step)"
                )
            checked = " (checked above)" if observed else ""
            assert f"which is why {relation}{checked}." in p, p
            if layer.cell is CellKind.LSTM:
                assert p.startswith(
                    f"With return_state=True, {name} also returns its final hidden state h {state} and cell "
                    f"state c {state}: {b} samples × {u} units each."
                ), p
            else:
                assert p.startswith(
                    f"With return_state=True, {name} also returns its final hidden state h {state}: {b} samples × "
                    f"{u} units. A {layer.cell.keras_name} has no separate cell state"
                ), p
                assert "cell state c" not in p
    elif kind == "params":
        assert place is not None
        layer, name, f, u = place.layer, place.name, place.features, place.layer.units
        formula = layer_formula(place)
        assert formula.endswith(f" = {cell_params(layer, f):,}")
        columns = f"a kernel column for every input feature ({f}), a recurrent column for every unit of the previous h ({u})"
        body = {
            CellKind.LSTM: f"4 gates (input, forget, cell candidate, output), each with {columns}",
            CellKind.GRU: f"3 gates (update, reset, candidate), each with {columns}",
            CellKind.SIMPLE_RNN: (
                f"for each of the {u} units, one kernel column for every input feature ({f}), one recurrent "
                f"column for every unit of the previous h ({u})"
            ),
        }[layer.cell]
        if not layer.use_bias:  # no bias is mentioned, then taken back
            bias = "; use_bias is off, so there are no biases."
        elif layer.cell is CellKind.GRU and layer.reset_after is not False:
            bias = " and two biases (reset_after: one for the input, one for the recurrent product)."
        else:
            bias = " and a bias."
        both = " Bidirectional holds two such sets, one per direction." if layer.bidirectional else ""
        assert p == f"{name} has {formula} parameters: {body}{bias}{both}", p
    elif kind == "head":
        top = spec.layers[-1]
        inputs, hu = width_of(top), spec.head.units
        before = output_shape(spec, top)
        after, params = fmt((*before[:-1], hu)), f"{inputs * hu + hu:,}"
        if spec.head.kind is HeadKind.FLATTEN:
            flat = steps * inputs
            assert p == (
                f"Flatten joins every step's values into one vector per sample: {fmt(before)} becomes "
                f"({steps} × {inputs} = {flat}) values, and Dense({hu}) maps them to {fmt((before[0], hu))}, with "
                f"{steps} × {inputs} × {hu} weights plus {hu} biases = {flat * hu + hu:,} parameters. Unlike a "
                "Dense on the last axis, each step gets weights of its own, so the window's length is fixed in "
                "the model."
            ), p
        elif spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            assert p == (
                f"TimeDistributed(Dense({hu})) applies one and the same Dense, with the same {params} weights, to "
                f"each of the {steps} steps: {fmt(before)} becomes {after}. A plain Dense({hu}) gives the same "
                "shape here, because Dense already works on the last axis."
            ), p
        elif len(before) == 3:
            assert p.startswith(
                f"The Dense head acts on the last axis only. Each of the {steps} steps' {inputs} values becomes "
                f"{hu}, so {fmt(before)} becomes {after}; the time axis is kept. That is exactly what "
                f"TimeDistributed(Dense({hu})) does here"
            ), p
            assert p.endswith(f"the same {params} weights."), p
        else:
            assert p == (
                f"The Dense head maps the {inputs} values of each sample to {hu}: {fmt(before)} becomes {after}, "
                f"with {inputs} × {hu} weights plus {hu} biases = {params} parameters."
            ), p
    else:
        top_name = spec.layer_names[-1]
        shape = fmt(output_shape(spec, spec.layers[-1]))
        assert p.startswith(
            f"{top_name}'s output {shape} has no time axis, so TimeDistributed could not follow it"
        ), p


def check_korean(spec: StackSpec, kind: str, place: Place | None, p: str, observed: bool = False) -> None:
    b, steps = spec.batch, steps_of(spec)
    if kind.startswith("mask_"):
        check_mask(spec, kind, place, p, korean=True)
        return
    if kind == "stateful":
        check_stateful(spec, p, korean=True, observed=observed)
        return
    if kind == "input":
        w, f = spec.window, spec.features
        assert p.startswith(
            f"입력 x의 shape은 {fmt((b, w) if spec.embedding is not None else (b, w, f))}입니다. {pt(b, '은')} 배치 크기, 즉 한 번에 넣는 샘플 수이고, "
            f"{pt(w, '은')} 윈도우 크기, 즉 샘플 하나가 보는 타임스텝 수이며(일별 데이터라면 최근 {w}일치), "
            f"{pt(f, '은')} 스텝마다 들어 있는 피처 수입니다. "
        ), p
    elif kind == "conv":
        conv = spec.conv
        assert conv is not None
        w, k, s, pad = spec.window, conv.kernel_size, conv.strides, conv.padding.value
        if conv.padding is Padding.VALID:
            leaves = f"{w} - {k} + 1 = {steps}" if s == 1 else f"({w} - {k}) // {s} + 1 = {steps}"
        elif s == 1:
            leaves = f"입력과 같은 {steps}"
        else:
            leaves = f"ceil({w} / {s}) = {steps}"
        assert p == (
            f"conv1d는 길이 {k}인 커널을 stride {s}, {pad} 패딩으로 시간 축을 따라 밀며 계산하므로 타임스텝이 "
            f"{leaves}개가 됩니다. 필터 {conv.filters}개가 스텝마다 숫자를 하나씩 내므로, 위의 순환 레이어는 "
            f"타임스텝 {steps}개 각각에서 피처 {conv.filters}개를 받습니다."
        ), p
    elif kind == "output":
        assert place is not None
        layer, u, name = place.layer, place.layer.units, place.name
        merge = merge_of(layer)
        width = f"유닛 {2 * u}개(2 × {u})" if merge is MergeMode.CONCAT else f"유닛 {u}개"
        shape = fmt(output_shape(spec, layer))
        if layer.return_sequences:
            assert p.startswith(
                f"{name}({kind_name(layer)})의 출력은 {shape}입니다: 샘플 {b}개 × 타임스텝 {steps}개 × {width}. "
            )
            assert f"타임스텝 {steps}개 모두에서 출력을" in p and "3차원" in p
        else:
            assert p.startswith(
                f"{name}({kind_name(layer)})의 출력은 {shape}입니다: 샘플 {b}개 × {width}. "
            ), p
            assert f"타임스텝 {steps}개 중 마지막 스텝의 출력만" in p and "2차원" in p
            # (the batch's particle here: test_batch_particle_in_the_last_paragraph)
            assert f"배치 크기, {pt(u, '은')} 레이어에 지정한 유닛 수입니다." in p
        stacked = (
            f" 이 레이어는 반드시 시퀀스 전체를 돌려줘야 합니다. 바로 위의 {place.above}도 순환 레이어라서 "
            "시퀀스 전체를 한 스텝씩 읽기 때문입니다."
        )
        assert (stacked in p) == (layer.return_sequences and place.above is not None), p
        assert ("반드시" in p) == (stacked in p)
        assert (f"마지막 축이 2 × {u} = {2 * u}인 이유는" in p) == (merge is MergeMode.CONCAT), p
        if merge in (MergeMode.SUM, MergeMode.MUL, MergeMode.AVE):
            term = KOREAN.terms[merge.value]
            assert (
                f"유닛 {u}개짜리 출력 두 개를 {pt(term, '으로')} 합치므로 마지막 축은 그대로 {u}입니다." in p
            ), p
        else:
            assert "합치므로" not in p
        assert (f"각각 {shape}인 텐서 두 개로" in p) == (merge is MergeMode.NONE), p
        assert ("Bidirectional" in p) == layer.bidirectional
        backwards = " go_backwards=True는 윈도우를 마지막 스텝부터 첫 스텝 쪽으로 거꾸로 읽습니다."
        assert (backwards in p) == layer.go_backwards, p
        assert ("go_backwards=True" in p) == layer.go_backwards
        order = " 출력 시퀀스도 그 읽은 순서대로 둡니다."
        assert (order in p) == (layer.go_backwards and layer.return_sequences), p
        if layer.go_backwards:
            assert p.endswith(backwards + (order if layer.return_sequences else "")), p
    elif kind == "states":
        assert place is not None
        layer, u, name = place.layer, place.layer.units, place.name
        state = fmt((b, u))
        assert ("(위 검사에서 확인했습니다)" in p) == (observed and not layer.bidirectional), p
        if layer.bidirectional:
            labels = ["h →", "c →", "h ←", "c ←"] if layer.cell is CellKind.LSTM else ["h →", "h ←"]
            listed = ", ".join(f"{label} {state}" for label in labels)
            assert p.startswith(
                f"return_state=True이면 {pt(name, '은')} 방향마다 마지막 상태를 합치지 않고 그대로 돌려줍니다: {listed}."
            ), p
        else:
            relation = "output[:, -1, :]의 값이" if layer.return_sequences else "그래서 출력의 값이"
            checked = " (위 검사에서 확인했습니다)" if observed else ""
            if layer.return_sequences and spec.masked:
                assert (
                    "마스크가 있으면 h는 항상 output[:, -1, :]이 아니라 샘플마다 마지막 유효 스텝의 출력과"
                    in p
                )
            else:
                assert f"{relation} h와 정확히 같습니다{checked}." in p, p
            if layer.cell is CellKind.LSTM:
                assert p.startswith(
                    f"return_state=True이면 {pt(name, '은')} 마지막 은닉 상태 h {pt(state, '과')} 셀 상태 c {state}도 "
                    f"함께 돌려줍니다. 둘 다 샘플 {b}개 × 유닛 {u}개입니다."
                ), p
            else:
                assert p.startswith(
                    f"return_state=True이면 {pt(name, '은')} 마지막 은닉 상태 h {state}도 돌려줍니다: 샘플 {b}개 × "
                    f"유닛 {u}개. {layer.cell.keras_name}에는 따로 셀 상태가 없고"
                ), p
    elif kind == "params":
        assert place is not None
        layer, f, u = place.layer, place.features, place.layer.units
        columns = f"입력 피처({f}개)에 대한 커널, 이전 h의 유닛({u}개)에 대한 순환 커널"
        body = {
            CellKind.LSTM: f"게이트 4개(입력, 망각, 셀 후보, 출력)마다 {columns}",
            CellKind.GRU: f"게이트 3개(업데이트, 리셋, 후보)마다 {columns}",
            CellKind.SIMPLE_RNN: f"유닛 {u}개마다 {columns}",
        }[layer.cell]
        if not layer.use_bias:
            bias = "이 있습니다. use_bias가 꺼져 있어 바이어스는 없습니다."
        elif layer.cell is CellKind.GRU and layer.reset_after is not False:
            bias = ", 그리고 바이어스 두 개(reset_after: 입력용 하나, 순환용 하나)가 있습니다."
        else:
            bias = ", 그리고 바이어스가 있습니다."
        both = (
            " Bidirectional은 이런 가중치를 방향마다 한 벌씩, 모두 두 벌 가집니다."
            if layer.bidirectional
            else ""
        )
        assert p == f"{place.name}의 파라미터는 {layer_formula(place)}개입니다: {body}{bias}{both}", p
    elif kind == "head":
        top = spec.layers[-1]
        inputs, hu = width_of(top), spec.head.units
        before = output_shape(spec, top)
        after, params = fmt((*before[:-1], hu)), f"{inputs * hu + hu:,}"
        becomes = f"{pt(fmt(before), '이')} {pt(after, '이')}"
        td = f"TimeDistributed(Dense({hu}))"
        if spec.head.kind is HeadKind.FLATTEN:
            flat = steps * inputs
            assert p.startswith(
                f"Flatten은 샘플마다 모든 스텝의 값을 벡터 하나로 잇습니다: {pt(fmt(before), '은')} 값 "
                f"({steps} × {inputs} = {flat})개가 되고, Dense({hu})가 이를 {pt(fmt((before[0], hu)), '으로')} 바꿉니다."
            ), p
            assert f"파라미터는 {flat * hu + hu:,}개입니다." in p
        elif spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            assert p == (
                f"{pt(td, '은')} 가중치 {params}개를 공유하는 Dense 하나를 타임스텝 {steps}개에 똑같이 적용합니다: "
                f"{becomes} 됩니다. Dense는 원래 마지막 축에 작용하므로 그냥 {pt(f'Dense({hu})', '을')} 써도 "
                "여기서는 shape이 같습니다."
            ), p
        elif len(before) == 3:
            assert p.startswith(
                f"Dense 헤드는 마지막 축에만 작용합니다. 타임스텝 {steps}개 각각의 값 {inputs}개가 {hu}개로 바뀌어 "
                f"{becomes} 되고, 시간 축은 그대로 남습니다. 여기서는 {pt(td, '과')} 동작이 똑같습니다."
            ), p
            assert f"가중치 {params}개도 같습니다." in p
        else:
            assert p == (
                f"Dense 헤드가 샘플마다 값 {inputs}개를 {hu}개로 바꿉니다: {becomes} 됩니다. 가중치 {inputs} × "
                f"{hu}개에 바이어스 {hu}개를 더해 파라미터는 {params}개입니다."
            ), p
    else:
        shape = fmt(output_shape(spec, spec.layers[-1]))
        assert p.startswith(
            f"{spec.layer_names[-1]}의 출력 {shape}에는 시간 축이 없어서 TimeDistributed를 이어 붙일 수 없습니다."
        ), p


@settings(max_examples=120)
@given(learner_stacks())
def test_every_paragraph_says_its_stacks_own_numbers(spec: StackSpec) -> None:
    report = inspect_stack(spec, run=False)
    allowed = stack_numbers(spec)
    kinds = expected_kinds(spec)
    for said, check in ((ENGLISH, check_english), (KOREAN, check_korean)):
        paragraphs = explain(report, said)
        # Only the paragraphs that apply, in stack order: no states without return_state, no
        # Conv1D paragraph without a Conv1D, no "TimeDistributed cannot follow" on a 3-D output.
        assert len(paragraphs) == len(kinds), (paragraphs, kinds)
        for (kind, place), paragraph in zip(kinds, paragraphs, strict=True):
            check(spec, kind, place, paragraph)
            # Every number is the stack's own: the seed's 32, 25, 20, 10 only where this stack has them.
            assert numbers_in(paragraph) <= allowed, (kind, numbers_in(paragraph) - allowed, paragraph)
        if said is KOREAN:
            assert_clean_korean("\n".join(paragraphs))


@settings(max_examples=60)
@given(learner_stacks())
def test_why_notes_say_the_stacks_own_numbers(spec: StackSpec) -> None:
    report = inspect_stack(spec, run=False)
    rows = list(report.predicted.tensors)
    english = row_notes(spec, rows, ENGLISH)
    assert english == [n["note"] for n in to_json_data(report)["tensors"]]  # the JSON's notes are English
    korean = row_notes(spec, rows, KOREAN)
    allowed = stack_numbers(spec)
    for row, en, ko in zip(rows, english, korean, strict=True):
        assert numbers_in(en) == numbers_in(ko), (row.name, en, ko)  # the same numbers in both languages
        assert numbers_in(en) <= allowed, (row.name, en)
    assert_clean_korean("\n".join(korean))


def test_seed_numbers_stay_out_of_another_stack() -> None:
    """A stack of window 7, batch 9, 5 units and a 3-unit head never mentions 25, 32, 20, 10 or 1,760."""
    spec = StackSpec(
        batch=9,
        window=7,
        features=2,
        layers=(LayerSpec(units=5, return_sequences=True, return_state=True),),
        head=HeadSpec(HeadKind.DENSE, 3),
    )
    report = inspect_stack(spec, run=False)
    for said in (ENGLISH, KOREAN):
        text = "\n".join(explain(report, said))
        assert numbers_in(text).isdisjoint({25, 32, 20, 10, 1760, 210}), text
        assert {9, 7, 2, 5, 3, 18} <= numbers_in(text)  # 18 = 5 × 3 + 3
        assert "(9, 7, 2)" in text and "(9, 7, 5)" in text and "(9, 5)" in text and "(9, 7, 3)" in text
        assert "4 × (5 × (2 + 5) + 5) = 160" in text


# One stack per sentence the package can say: together they use every paragraph template.
COVERAGE_STACKS = (
    StackSpec(layers=(LayerSpec(units=20),)),
    StackSpec(
        layers=(LayerSpec(units=20, return_sequences=True, return_state=True),), head=HeadSpec(HeadKind.DENSE)
    ),
    StackSpec(layers=(LayerSpec(units=20, return_sequences=True),), head=HeadSpec(HeadKind.TIME_DISTRIBUTED)),
    StackSpec(
        features=3,
        conv=ConvSpec(8, 3, 2, Padding.SAME),
        layers=(
            LayerSpec(
                units=6, cell=CellKind.GRU, bidirectional=True, return_sequences=True, return_state=True
            ),
            LayerSpec(units=4, cell=CellKind.GRU, reset_after=False, return_state=True, go_backwards=True),
        ),
        head=HeadSpec(HeadKind.DENSE, 5),
    ),
    StackSpec(
        layers=(
            LayerSpec(
                units=7,
                cell=CellKind.SIMPLE_RNN,
                return_sequences=True,
                use_bias=False,
                return_state=True,
                go_backwards=True,
            ),
            LayerSpec(units=5, bidirectional=True, merge_mode=MergeMode.AVE, return_sequences=True),
            LayerSpec(units=3, bidirectional=True, merge_mode=MergeMode.NONE, return_state=True),
        ),
    ),
    # Masks and padding (tests/mask_reading.py): token ids padded pre; float input padded post;
    # a mask with every sample full.
    StackSpec(
        batch=3,
        window=6,
        embedding=EmbeddingSpec(9, 4, mask_zero=True),
        lengths=(6, 3, 2),
        layers=(
            LayerSpec(units=3, return_sequences=True, return_state=True),
            LayerSpec(units=2, cell=CellKind.GRU, bidirectional=True),
        ),
    ),
    StackSpec(
        batch=4,
        window=5,
        features=2,
        mask_value=-1.0,
        lengths=(5, 4, 2, 3),
        padding=PadSide.POST,
        layers=(
            LayerSpec(units=3, cell=CellKind.SIMPLE_RNN, bidirectional=True, return_sequences=True),
            LayerSpec(units=3, return_sequences=True, go_backwards=True),
            LayerSpec(units=2, return_state=True),
        ),
        head=HeadSpec(HeadKind.DENSE, 2),
    ),
    StackSpec(batch=2, window=3, mask_value=0.0, lengths=(3, 3), layers=(LayerSpec(units=2),)),
    StackSpec(
        batch=2,
        window=4,
        layers=(LayerSpec(units=3, return_sequences=True),),
        head=HeadSpec(HeadKind.FLATTEN, 2),
    ),
    StackSpec(batch=2, window=3, embedding=EmbeddingSpec(5, 2), layers=(LayerSpec(units=2),)),
    # A sample with no valid step, and stateful layers run over consecutive batches.
    StackSpec(
        batch=3,
        window=4,
        mask_value=0.0,
        lengths=(4, 0, 2),
        padding=PadSide.POST,
        layers=(LayerSpec(units=2, stateful=True, return_sequences=True), LayerSpec(units=2, stateful=True)),
        batches=2,
    ),
)


@functools.cache
def observed_report(spec: StackSpec) -> StackReport:
    """`spec` built and run in Keras (once per stack): its checks ran, so the explanation may point to them."""
    report = inspect_stack(spec, run=True)
    assert report.observed is not None
    return report


@pytest.mark.parametrize("said", [ENGLISH, KOREAN], ids=["en", "ko"])
def test_every_paragraph_template_is_exercised(said: Words) -> None:
    """The stacks above say every paragraph the locale has; each is then checked by the tests above.

    One of them is also run in Keras: only then does the states paragraph say its relation was checked.
    """
    reports = [(spec, inspect_stack(spec, run=False), False) for spec in COVERAGE_STACKS]
    reports.append((COVERAGE_STACKS[1], observed_report(COVERAGE_STACKS[1]), True))
    reports.append((COVERAGE_STACKS[-1], observed_report(COVERAGE_STACKS[-1]), True))
    check = check_english if said is ENGLISH else check_korean
    said_texts = []
    for spec, report, observed in reports:
        kinds = expected_kinds(spec)
        paragraphs = explain(report, said)
        assert len(paragraphs) == len(kinds), (paragraphs, kinds)
        for (kind, place), paragraph in zip(kinds, paragraphs, strict=True):
            check(spec, kind, place, paragraph, observed=observed)
        said_texts.append(" ".join(paragraphs))
    text = " ".join(said_texts)
    if said is KOREAN:
        assert_clean_korean(text)
    for key, template in said.paragraphs.items():
        if key.endswith("_convlstm"):
            continue  # a ConvLSTM's own paragraphs: tests/test_convlstm.py says and checks them
        for literal in re.split(r"\{[^}]*\}", template):
            assert literal.strip(" .:,") in text, (key, literal)


# --- parameter formulas ----------------------------------------------------------------------------


def evaluate(formula: str) -> tuple[int, int]:
    """'4 × (20 × (1 + 20) + 20) = 1,760' -> (the left side worked out, the number on the right)."""
    left, right = formula.split(" = ")
    assert re.fullmatch(r"[\d ×+()]+", left), left
    return eval(left.replace("×", "*")), int(right.replace(",", ""))


@settings(max_examples=100)
@given(learner_stacks())
def test_formulas_work_out_to_the_predicted_params(spec: StackSpec) -> None:
    report = inspect_stack(spec, run=False)
    written = formulas(spec)
    assert list(written) == [info.name for info in report.predicted.layers]
    for info in report.predicted.layers:
        left, right = evaluate(written[info.name])
        assert right == info.params, (info.name, written[info.name])
        assert left == right, (info.name, written[info.name])


def test_bidirectional_simple_rnn_formula() -> None:
    """Regression: the doubled sum once lost its parentheses, '2 × 5 × (1 + 5) + 5 = 70' (which is 65)."""
    spec = StackSpec(layers=(LayerSpec(units=5, cell="simple-rnn", bidirectional=True),))
    formula = formulas(spec)["simple_rnn_1"]
    assert formula == "2 × (5 × (1 + 5) + 5) = 70"
    left, right = evaluate(formula)
    assert left == right == 70, formula


def lstm(**settings: Any) -> LayerSpec:
    return LayerSpec(**{"units": 20, **settings})


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (StackSpec(layers=(lstm(),)), {"lstm_1": "4 × (20 × (1 + 20) + 20) = 1,760"}),
        (StackSpec(layers=(lstm(use_bias=False),)), {"lstm_1": "4 × 20 × (1 + 20) = 1,680"}),
        (
            StackSpec(layers=(lstm(return_sequences=True), lstm(units=10))),
            {"lstm_1": "4 × (20 × (1 + 20) + 20) = 1,760", "lstm_2": "4 × (10 × (20 + 10) + 10) = 1,240"},
        ),
        (StackSpec(layers=(lstm(cell="gru"),)), {"gru_1": "3 × (20 × (1 + 20) + 2 × 20) = 1,380"}),
        (
            StackSpec(layers=(lstm(cell="gru", reset_after=True),)),
            {"gru_1": "3 × (20 × (1 + 20) + 2 × 20) = 1,380"},
        ),
        (
            StackSpec(layers=(lstm(cell="gru", reset_after=False),)),
            {"gru_1": "3 × (20 × (1 + 20) + 20) = 1,320"},
        ),
        (StackSpec(layers=(lstm(cell="gru", use_bias=False),)), {"gru_1": "3 × 20 × (1 + 20) = 1,260"}),
        (StackSpec(layers=(lstm(cell="simple-rnn"),)), {"simple_rnn_1": "20 × (1 + 20) + 20 = 440"}),
        (
            StackSpec(layers=(lstm(cell="simple-rnn", use_bias=False),)),
            {"simple_rnn_1": "20 × (1 + 20) = 420"},
        ),
        (StackSpec(layers=(lstm(bidirectional=True),)), {"lstm_1": "2 × 4 × (20 × (1 + 20) + 20) = 3,520"}),
        (
            StackSpec(layers=(lstm(cell="simple-rnn", bidirectional=True),)),
            {"simple_rnn_1": "2 × (20 × (1 + 20) + 20) = 880"},
        ),
        (
            StackSpec(layers=(lstm(cell="simple-rnn", bidirectional=True, use_bias=False),)),
            {"simple_rnn_1": "2 × 20 × (1 + 20) = 840"},
        ),
        (
            StackSpec(layers=(lstm(cell="gru", bidirectional=True, merge_mode="sum"),)),
            {"gru_1": "2 × 3 × (20 × (1 + 20) + 2 × 20) = 2,760"},
        ),
        (
            StackSpec(layers=(lstm(),), head=HeadSpec(HeadKind.DENSE, 10)),
            {"lstm_1": "4 × (20 × (1 + 20) + 20) = 1,760", "head": "20 × 10 + 10 = 210"},
        ),
        (
            StackSpec(layers=(lstm(bidirectional=True),), head=HeadSpec(HeadKind.DENSE, 10)),
            {"lstm_1": "2 × 4 × (20 × (1 + 20) + 20) = 3,520", "head": "40 × 10 + 10 = 410"},
        ),
        (
            StackSpec(
                features=3,
                conv=ConvSpec(16, 5, 2, Padding.CAUSAL),
                layers=(lstm(units=8),),
                head=HeadSpec(HeadKind.DENSE, 4),
            ),
            {
                "conv1d": "5 × 3 × 16 + 16 = 256",
                "lstm_1": "4 × (8 × (16 + 8) + 8) = 800",
                "head": "8 × 4 + 4 = 36",
            },
        ),
    ],
    ids=[
        "lstm",
        "lstm-no-bias",
        "lstm-stack",
        "gru",
        "gru-reset-after",
        "gru-no-reset-after",
        "gru-no-bias",
        "simple-rnn",
        "simple-rnn-no-bias",
        "bidirectional-lstm",
        "bidirectional-simple-rnn",
        "bidirectional-simple-rnn-no-bias",
        "bidirectional-gru-sum",
        "dense",
        "dense-after-concat",
        "conv1d",
    ],
)
def test_formula_strings(spec: StackSpec, expected: dict[str, str]) -> None:
    assert formulas(spec) == expected


# --- --weights: each tensor, its gates, its parameters ----------------------------------------------


def weights_view(spec: StackSpec, said: Words = ENGLISH) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """The --weights table's rows (layer, weight, shape, what its axes hold), no wrapping, and the
    lines under the table's "Parameters" heading: one per layer, its count written out."""
    console = Console(width=300, no_color=True, force_terminal=False, highlight=False)
    with console.capture() as captured:
        console.print(weights_table(inspect_stack(spec, run=False), said))
    lines = [line.rstrip() for line in captured.get().splitlines()]
    start = next(i for i, line in enumerate(lines) if "───" in line)
    heading = lines.index(said.headings["formula"])
    rows, layer = [], ""
    names = {*spec.layer_names, "conv1d", "head"}
    for line in lines[start + 1 : heading]:
        if not line.strip():
            continue
        cells = re.split(r"\s{2,}", line.strip())
        if cells[0] in names:
            layer = cells.pop(0)
        weight, shape, meaning = cells
        rows.append((layer, weight, shape, meaning))
    return rows, lines[heading + 1 :]


def test_weights_table_is_a_table_then_the_parameters() -> None:
    """Four columns; the formulas, too wide for a column, are lines of their own under the table."""
    spec = StackSpec(layers=(lstm(),), head=HeadSpec(HeadKind.DENSE, 10))
    for said, columns in (
        (ENGLISH, ["Layer", "Weight", "Shape", "What its axes hold"]),
        (KOREAN, ["레이어", "가중치", "shape", "각 축에 담긴 것"]),
    ):
        group = weights_table(inspect_stack(spec, run=False), said)
        table, *lines = group.renderables
        assert isinstance(table, Fitted)  # a table that fits the console it is drawn on
        assert [column.header for column in table.layout.columns] == columns
        assert table.layout.title == said.headings["weights_title"]
        assert all(isinstance(line, Text) for line in lines)
        assert [line.plain for line in lines] == [
            said.headings["formula"],
            "lstm_1: 4 × (20 × (1 + 20) + 20) = 1,760",
            "head: 20 × 10 + 10 = 210",
        ]
        # What the console shows is the same lines.
        assert weights_view(spec, said)[1] == [line.plain for line in lines[1:]]


def test_weights_split_lstm_gates() -> None:
    spec = StackSpec(features=3, layers=(lstm(units=7),))
    gates = "4 gates × 7: input [0:7], forget [7:14], cell [14:21], output [21:28]"
    assert weights_view(spec) == (
        [
            ("lstm_1", "kernel", "(3, 28)", f"input features × {gates}"),
            ("lstm_1", "recurrent_kernel", "(7, 28)", f"previous h units × {gates}"),
            ("lstm_1", "bias", "(28,)", gates),
        ],
        ["lstm_1: 4 × (7 × (3 + 7) + 7) = 308"],
    )
    korean = "게이트 4개 × 7: 입력 [0:7], 망각 [7:14], 셀 [14:21], 출력 [21:28]"
    rows, parameters = weights_view(spec, KOREAN)
    assert [row[3] for row in rows] == [
        f"입력 피처 × {korean}",
        f"이전 h의 유닛 × {korean}",
        korean,
    ]
    assert parameters == ["lstm_1: 4 × (7 × (3 + 7) + 7) = 308"]


def test_weights_split_gru_gates() -> None:
    spec = StackSpec(layers=(lstm(units=5, cell="gru", reset_after=False),))
    gates = "3 gates × 5: update [0:5], reset [5:10], candidate [10:15]"
    assert weights_view(spec) == (
        [
            ("gru_1", "kernel", "(1, 15)", f"input features × {gates}"),
            ("gru_1", "recurrent_kernel", "(5, 15)", f"previous h units × {gates}"),
            ("gru_1", "bias", "(15,)", gates),
        ],
        ["gru_1: 3 × (5 × (1 + 5) + 5) = 105"],
    )


def test_weights_gru_reset_after_has_two_bias_rows() -> None:
    spec = StackSpec(layers=(lstm(units=5, cell="gru"),))
    rows, parameters = weights_view(spec, KOREAN)
    assert rows[2] == (
        "gru_1",
        "bias",
        "(2, 15)",
        "[입력 바이어스, 순환 바이어스] × 게이트 3개 × 5: 업데이트 [0:5], 리셋 [5:10], 후보 [10:15]",
    )
    assert parameters == ["gru_1: 3 × (5 × (1 + 5) + 2 × 5) = 120"]


def test_weights_gru_reset_after_bias_rows_in_english() -> None:
    """Regression: the cell was once read as Rich markup and '[input bias, recurrent bias]' vanished."""
    rows, _ = weights_view(StackSpec(layers=(lstm(units=5, cell="gru"),)))
    assert (
        rows[2][3]
        == "[input bias, recurrent bias] × 3 gates × 5: update [0:5], reset [5:10], candidate [10:15]"
    )


def test_weights_simple_rnn_has_no_gates() -> None:
    spec = StackSpec(features=2, layers=(lstm(units=3, cell="simple-rnn"),))
    rows, parameters = weights_view(spec)
    assert rows == [
        ("simple_rnn_1", "kernel", "(2, 3)", "input features × 3 units"),
        ("simple_rnn_1", "recurrent_kernel", "(3, 3)", "previous h units × 3 units"),
        ("simple_rnn_1", "bias", "(3,)", "3 units"),
    ]
    assert parameters == ["simple_rnn_1: 3 × (2 + 3) + 3 = 18"]
    assert "gate" not in " ".join(row[3] for row in rows)
    assert [row[3] for row in weights_view(spec, KOREAN)[0]] == [
        "입력 피처 × 유닛 3개",
        "이전 h의 유닛 × 유닛 3개",
        "유닛 3개",
    ]


def test_weights_without_bias_have_no_bias_row() -> None:
    rows, parameters = weights_view(StackSpec(layers=(lstm(units=4, use_bias=False),)))
    assert [row[1] for row in rows] == ["kernel", "recurrent_kernel"]
    assert parameters == ["lstm_1: 4 × 4 × (1 + 4) = 80"]


def test_weights_bidirectional_lists_both_directions_then_conv_and_dense() -> None:
    spec = StackSpec(
        conv=ConvSpec(8, 3),
        layers=(lstm(units=6, cell="gru", bidirectional=True),),
        head=HeadSpec(HeadKind.DENSE, 10),
    )
    gates = "3 gates × 6: update [0:6], reset [6:12], candidate [12:18]"
    rows, parameters = weights_view(spec)
    assert [(row[0], row[1], row[2]) for row in rows] == [
        ("conv1d", "kernel", "(3, 1, 8)"),
        ("conv1d", "bias", "(8,)"),
        ("gru_1", "forward/kernel", "(8, 18)"),
        ("gru_1", "forward/recurrent_kernel", "(6, 18)"),
        ("gru_1", "forward/bias", "(2, 18)"),
        ("gru_1", "backward/kernel", "(8, 18)"),
        ("gru_1", "backward/recurrent_kernel", "(6, 18)"),
        ("gru_1", "backward/bias", "(2, 18)"),
        ("head", "kernel", "(12, 10)"),
        ("head", "bias", "(10,)"),
    ]
    assert rows[0][3] == "kernel steps × input features × filters"
    assert rows[1][3] == "one per filter"
    for row in rows[2:8]:
        assert row[3].endswith(gates), row
    assert rows[8][3] == "inputs × units"
    assert rows[9][3] == "one per unit"
    assert parameters == [
        "conv1d: 3 × 1 × 8 + 8 = 32",
        "gru_1: 2 × 3 × (6 × (8 + 6) + 2 × 6) = 576",
        "head: 12 × 10 + 10 = 130",
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_weights_table_fits_80_columns(invoke: Invoke, lang: str) -> None:
    """Regression: at 80 columns (a default terminal) the table once squeezed 'What its axes hold' to
    nothing and cut layer names, shapes and formulas with '…' ('con…', '(3, 1,…', '= 5…')."""
    result = run(invoke, *FAMILY, "--weights", "--no-run", "--lang", lang, COLUMNS="80")
    assert result.exit_code == 0
    assert "…" not in result.stdout
    assert max(cell_len(line.rstrip()) for line in result.stdout.splitlines()) <= 80
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    heading = lines.index(words(lang).headings["formula"])
    assert lines[heading + 1 :] == [
        "conv1d: 3 × 1 × 8 + 8 = 32",
        "gru_1: 2 × 3 × (6 × (8 + 6) + 2 × 6) = 576",
        "gru_2: 2 × 3 × (4 × (12 + 4) + 2 × 4) = 432",
        "head: 8 × 10 + 10 = 90",
    ]
    text = flat(result.stdout)
    gates = {
        "en": "update [0:6], reset [6:12], candidate [12:18]",
        "ko": "업데이트 [0:6], 리셋 [6:12], 후보 [12:18]",
    }
    assert gates[lang] in text
    for shape in ("(3, 1, 8)", "(8, 18)", "(6, 18)", "(2, 18)", "(12, 12)", "(4, 12)", "(2, 12)", "(8, 10)"):
        assert shape in text


@pytest.mark.parametrize("columns", ["80", "120"])
def test_korean_cells_are_not_cut(invoke: Invoke, columns: str) -> None:
    """Regression: Korean cells were once cut with '…' where English wraps ('후보' as '후 …', '피처' as '피 …')."""
    result = run(invoke, *FAMILY, "--weights", "--explain", "--no-run", "--lang", "ko", COLUMNS=columns)
    assert result.exit_code == 0
    assert "…" not in result.stdout
    # Every word whole (a cell may wrap between words, and its neighbours' lines fall in between).
    words = set(result.stdout.split())
    for phrase in (
        "샘플마다 타임스텝 25개, 스텝마다 피처 1개",
        "정방향과 역방향을 나란히 이어 붙임: 2 × 6 = 12",
        "[입력 바이어스, 순환 바이어스] × 게이트 3개 × 6: 업데이트 [0:6], 리셋 [6:12], 후보 [12:18]",
    ):
        assert set(phrase.split()) <= words, phrase


# --- wording in --explain: once bugs, now regressions ----------------------------------------------


@pytest.mark.parametrize(
    ("batch", "reads"), [(16, "16은"), (23, "23은"), (128, "128은"), (25, "25는"), (64, "64는")]
)
def test_batch_takes_its_own_particle_in_the_input_paragraph(batch: int, reads: str) -> None:
    """Regression: the input paragraph once said '{batch}는 배치 크기' whatever the batch ('16는', '23는')."""
    spec = StackSpec(batch=batch, layers=(LayerSpec(units=20, return_sequences=True),))
    text = "\n".join(explain(inspect_stack(spec, run=False), KOREAN))
    assert (
        f"입력 x의 shape은 ({batch}, 25, 1)입니다. {reads} 배치 크기, 즉 한 번에 넣는 샘플 수이고, " in text
    )
    assert_clean_korean(text)


@pytest.mark.parametrize("batch", [16, 23, 128])
def test_batch_particle_in_the_last_paragraph(batch: int) -> None:
    spec = StackSpec(batch=batch, layers=(LayerSpec(units=20),))
    last = explain(inspect_stack(spec, run=False), KOREAN)[1]
    assert f" {batch}은 배치 크기, 20은 레이어에 지정한 유닛 수입니다." in last, last
    assert_clean_korean(last)


def test_batch_32_reads_right() -> None:
    for returns_sequences in (True, False):
        spec = StackSpec(layers=(LayerSpec(units=20, return_sequences=returns_sequences),))
        text = "\n".join(explain(inspect_stack(spec, run=False), KOREAN))
        assert "입력 x의 shape은 (32, 25, 1)입니다. 32는 배치 크기, 즉" in text
        assert (" 32는 배치 크기, 20은 레이어에 지정한 유닛 수입니다." in text) == (not returns_sequences)
        assert_clean_korean(text)


def test_time_distributed_note_particle() -> None:
    """Regression: the Korean TimeDistributed note once said '같은 Dense 20 → 10를 ...'."""
    spec = StackSpec(
        layers=(LayerSpec(units=20, return_sequences=True),), head=HeadSpec(HeadKind.TIME_DISTRIBUTED)
    )
    report = inspect_stack(spec, run=False)
    note = row_notes(spec, list(report.predicted.tensors), KOREAN)[-1]
    assert note == "타임스텝 25개에 같은 Dense(20 → 10) 하나를 똑같이 적용"
    assert_clean_korean(note)


@pytest.mark.parametrize(
    ("cell", "english", "korean"),
    [
        (
            "lstm",
            "lstm_1 has 4 × 5 × (1 + 5) = 120 parameters: 4 gates (input, forget, cell candidate, output), each "
            "with a kernel column for every input feature (1), a recurrent column for every unit of the previous "
            "h (5); use_bias is off, so there are no biases.",
            "lstm_1의 파라미터는 4 × 5 × (1 + 5) = 120개입니다: 게이트 4개(입력, 망각, 셀 후보, 출력)마다 입력 "
            "피처(1개)에 대한 커널, 이전 h의 유닛(5개)에 대한 순환 커널이 있습니다. use_bias가 꺼져 있어 "
            "바이어스는 없습니다.",
        ),
        (
            "gru",
            "gru_1 has 3 × 5 × (1 + 5) = 90 parameters: 3 gates (update, reset, candidate), each with a kernel "
            "column for every input feature (1), a recurrent column for every unit of the previous h (5); "
            "use_bias is off, so there are no biases.",
            "gru_1의 파라미터는 3 × 5 × (1 + 5) = 90개입니다: 게이트 3개(업데이트, 리셋, 후보)마다 입력 피처(1개)에 "
            "대한 커널, 이전 h의 유닛(5개)에 대한 순환 커널이 있습니다. use_bias가 꺼져 있어 바이어스는 없습니다.",
        ),
        (
            "simple-rnn",
            "simple_rnn_1 has 5 × (1 + 5) = 30 parameters: for each of the 5 units, one kernel column for every "
            "input feature (1), one recurrent column for every unit of the previous h (5); use_bias is off, "
            "so there are no biases.",
            "simple_rnn_1의 파라미터는 5 × (1 + 5) = 30개입니다: 유닛 5개마다 입력 피처(1개)에 대한 커널, 이전 h의 "
            "유닛(5개)에 대한 순환 커널이 있습니다. use_bias가 꺼져 있어 바이어스는 없습니다.",
        ),
    ],
)
def test_no_bias_paragraph_does_not_mention_biases(cell: str, english: str, korean: str) -> None:
    """Regression: with use_bias off the paragraph once gave the gates biases, then took them back:
    '... and two biases (reset_after: ...) (use_bias is off: no biases).'"""
    spec = StackSpec(layers=(LayerSpec(units=5, cell=cell, use_bias=False),))
    report = inspect_stack(spec, run=False)
    assert explain(report, ENGLISH)[2] == english
    assert explain(report, KOREAN)[2] == korean


@pytest.mark.parametrize(
    ("window", "padding", "strides", "english", "korean"),
    [
        (25, Padding.VALID, 1, "valid padding, which leaves 25 - 3 + 1 = 23 time steps", "25 - 3 + 1 = 23"),
        (
            7,
            Padding.VALID,
            2,
            "valid padding, which leaves (7 - 3) // 2 + 1 = 3 time steps",
            "(7 - 3) // 2 + 1 = 3",
        ),
        (
            7,
            Padding.SAME,
            1,
            "same padding, which leaves 7 time steps, as many as the input",
            "입력과 같은 7",
        ),
        (7, Padding.SAME, 2, "same padding, which leaves ceil(7 / 2) = 4 time steps", "ceil(7 / 2) = 4"),
        (
            7,
            Padding.CAUSAL,
            1,
            "causal padding, which leaves 7 time steps, as many as the input",
            "입력과 같은 7",
        ),
    ],
    ids=["valid", "valid-strides", "same", "same-strides", "causal"],
)
def test_conv_paragraph_says_the_padding_once(
    window: int, padding: Padding, strides: int, english: str, korean: str
) -> None:
    """Regression: the paragraph once said the padding twice, 'and same padding: same padding: ceil(7 / 2)
    = 4 time steps' (Korean 'same 패딩으로 ...: same 패딩: ...')."""
    spec = StackSpec(window=window, conv=ConvSpec(4, 3, strides, padding), layers=(LayerSpec(units=5),))
    report = inspect_stack(spec, run=False)
    steps = spec.steps
    conv = explain(report, ENGLISH)[1]
    assert conv == (
        f"conv1d slides a kernel of 3 steps along the time axis with stride {strides} and {english}. Each of "
        f"its 4 filters gives one number per step, so the recurrent layer above sees 4 features at each of "
        f"{steps} steps."
    )
    assert conv.count(f"{padding.value} padding") == 1, conv
    ko = explain(report, KOREAN)[1]
    assert ko == (
        f"conv1d는 길이 3인 커널을 stride {strides}, {padding.value} 패딩으로 시간 축을 따라 밀며 계산하므로 "
        f"타임스텝이 {korean}개가 됩니다. 필터 4개가 스텝마다 숫자를 하나씩 내므로, 위의 순환 레이어는 타임스텝 "
        f"{steps}개 각각에서 피처 4개를 받습니다."
    )
    assert ko.count(f"{padding.value} 패딩") == 1, ko


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_run_explanation_claims_no_check(invoke: Invoke, lang: str) -> None:
    """Regression: with --no-run the states paragraph once said '... equals h (checked above)', but nothing
    was run or checked."""
    result = run(
        invoke, *CANONICAL, "--return-sequences", "--return-state", "--explain", "--no-run", "--lang", lang
    )
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "✓" not in text
    assert "checked above" not in text and "확인했습니다" not in text
    said = {
        "en": "which is why output[:, -1, :] equals h. c is",
        "ko": "output[:, -1, :]의 값이 h와 정확히 같습니다. c는",
    }
    assert said[lang] in text


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "which is why output[:, -1, :] equals h (checked above). c is"),
        ("ko", "그래서 output[:, -1, :]의 값이 h와 정확히 같습니다 (위 검사에서 확인했습니다). c는"),
    ],
)
def test_real_run_explanation_check_is_above(invoke: Invoke, lang: str, said: str) -> None:
    """With a real run the check the paragraph points to is really printed above it."""
    result = run(invoke, *CANONICAL, "--return-sequences", "--return-state", "--explain", "--lang", lang)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    check = {
        "en": "✓ lstm_1: output[:, -1, :] == h: exactly equal",
        "ko": "✓ lstm_1: output[:, -1, :] == h: 정확히 같음",
    }[lang]
    assert text.count(check) == 1 and text.count(said) == 1, text
    assert text.index(check) < text.index(said)


# --- --lang -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ko"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "ko_KR.UTF-8"}, "ko"),
    ],
)
def test_default_language(environ: dict[str, str], expected: str) -> None:
    assert default_language(environ) == expected


@pytest.mark.parametrize(
    ("env", "korean"),
    [
        ({}, False),
        ({"LANG": "ko_KR.UTF-8"}, True),
        ({"LANG": "en_US.UTF-8"}, False),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, False),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, True),
    ],
)
def test_language_follows_the_locale(invoke: Invoke, env: dict[str, str], korean: bool) -> None:
    result = run(invoke, *CANONICAL, "--no-run", **env)
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first == (KOREAN if korean else ENGLISH).headings["predicted"]
    # --lang wins over the locale.
    other = run(invoke, *CANONICAL, "--no-run", "--lang", "en" if korean else "ko", **env)
    assert other.stdout.splitlines()[0] == (ENGLISH if korean else KOREAN).headings["predicted"]


@pytest.mark.parametrize("lang", ["fr", "FR", "english", ""])
def test_unknown_language(invoke: Invoke, lang: str) -> None:
    """The shared 'unknown value' message, as for every other choice; no close match, no guess."""
    result = run(invoke, "--no-run", "--lang", lang)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: --lang: unknown value {lang!r}. Valid values: en, ko.\n"


def test_unknown_choice_guesses() -> None:
    """What a close match gets elsewhere (--activation tanhh): the guess, in the shared template."""
    assert fill(ENGLISH.errors["unknown_guess"], value="kor", guess="ko", valid="en, ko") == (
        "unknown value 'kor'; did you mean 'ko'? Valid values: en, ko."
    )


@pytest.mark.parametrize(("lang", "guess"), [("kor", "ko"), ("eng", "en"), ("enn", "en")])
def test_unknown_language_close_match(invoke: Invoke, lang: str, guess: str) -> None:
    result = run(invoke, "--no-run", "--lang", lang)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: --lang: unknown value {lang!r}; did you mean {guess!r}? Valid values: en, ko.\n"
    )


def test_language_is_case_insensitive(invoke: Invoke) -> None:
    result = run(invoke, "--no-run", "--lang", "KO")
    assert result.exit_code == 0
    assert result.stdout.startswith(KOREAN.headings["predicted"])


def test_language_does_not_leak_between_runs(invoke: Invoke) -> None:
    """Regression: the error language, a ContextVar, was once never reset: in one process a run with
    --lang ko made the next run's errors say '오류:'. (No fixture resets it between these tests either.)"""
    korean = run(invoke, "--no-run", "--lang", "ko", "--window", "0")
    assert korean.stderr == "오류: --window: 1 이상이어야 합니다. 입력값: 0\n"
    result = run(invoke, "--no-run", "--lang", "fr")
    assert result.stderr == "Error: --lang: unknown value 'fr'. Valid values: en, ko.\n"
    run(invoke, "--no-run", "--lang", "ko", "--window", "0")
    plain = run(invoke, "--no-run", "--window", "0")
    assert plain.stderr == "Error: --window: must be at least 1, got 0\n"


def test_language_of_a_fresh_thread(invoke: Invoke) -> None:
    """A fresh thread starts in English too."""
    run(invoke, "--no-run", "--lang", "ko", "--window", "0")
    seen: list[str] = []
    thread = threading.Thread(target=lambda: seen.append(run(invoke, "--no-run", "--lang", "fr").stderr))
    thread.start()
    thread.join()
    assert seen == ["Error: --lang: unknown value 'fr'. Valid values: en, ko.\n"]


def test_korean_table_axes(invoke: Invoke) -> None:
    args = flags("--return-sequences --return-state --head dense --no-run --lang ko")
    result = run(invoke, *CANONICAL, *args, COLUMNS="200")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "레이어" in line and "텐서" in line)
    assert re.split(r"\s{2,}", header.strip()) == [
        "레이어",
        "텐서",
        "shape",
        "각 축의 의미",
        "파라미터",
        "이유",
    ]
    cells = {tuple(re.split(r"\s{2,}", line.strip())) for line in lines}
    assert (
        "input",
        "x",
        "(32, 25, 1)",
        "배치 × 타임스텝 × 피처",
        "샘플마다 타임스텝 25개, 스텝마다 피처 1개",
    ) in cells
    assert (
        "lstm_1 (LSTM)",
        "output",
        "(32, 25, 20)",
        "배치 × 타임스텝 × 유닛",
        "1,760",
        "return_sequences=True: 타임스텝 25개 각각에서 유닛 20개",
    ) in cells
    assert ("h", "(32, 20)", "배치 × 유닛", "마지막 스텝 뒤의 은닉 상태 = 출력의 마지막 스텝") in cells
    assert ("c", "(32, 20)", "배치 × 유닛", "마지막 스텝 뒤의 셀 상태 (LSTM의 기억)") in cells
    assert (
        "head (Dense)",
        "output",
        "(32, 25, 10)",
        "배치 × 타임스텝 × 헤드 유닛",
        "210",
        "Dense는 마지막 축에만 작용: 모든 스텝에서 20 → 10",
    ) in cells
    assert any(line.strip().startswith("합계") and line.rstrip().endswith("1,970") for line in lines)
    family = run(invoke, *FAMILY, "--no-run", "--lang", "ko", COLUMNS="260")
    assert "배치 × 타임스텝 × 필터" in family.stdout
    assert "배치 × 타임스텝 × 2 × 유닛" in family.stdout
    assert "배치 × 헤드 유닛" in family.stdout


ACTIVATIONS = ", ".join(ids.ACTIVATIONS)
KOREAN_VALID_FLAGS = "비교할 수 있는 옵션: return-sequences, return-state, go-backwards, use-bias, bidirectional, stateful, unroll, mask, padding"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--head", "time-distributed"),
            "오류: --head: TimeDistributed는 3차원 (배치, 타임스텝, 피처) 입력이 필요한데, lstm_1은 return_sequences가 "
            "꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다\n"
            "시간 축을 남기려면 lstm_1에서 시퀀스 전체를 돌려주거나(--return-sequences), 2차원 출력에도 쓸 수 있는 "
            "Dense 헤드(--head dense)를 쓰세요.\n",
        ),
        (
            ("--units", "8", "--units", "4", "--head", "time-distributed"),
            "오류: --head: TimeDistributed는 3차원 (배치, 타임스텝, 피처) 입력이 필요한데, lstm_2는 return_sequences가 "
            "꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다\n"
            "시간 축을 남기려면 lstm_2에서 시퀀스 전체를 돌려주거나(--return-sequences), 2차원 출력에도 쓸 수 있는 "
            "Dense 헤드(--head dense)를 쓰세요.\n",
        ),
        (
            ("--dropout", "1.5"),
            "오류: --dropout: 0 이상 1 미만이어야 합니다. 입력값: 1.5\n"
            "학습 중에 무작위로 0으로 만드는 유닛의 비율입니다. 예: 0.2\n",
        ),
        (
            ("--activation", "tanhh"),
            f"오류: --activation: 알 수 없는 값 'tanhh'입니다. 혹시 'tanh'인가요? 쓸 수 있는 값: {ACTIVATIONS}\n",
        ),
        (
            ("--cell", "gru", "--unit-forget-bias"),
            "오류: --unit-forget-bias: GRU 레이어에는 unit_forget_bias 설정이 없습니다. LSTM 레이어에만 있습니다\n"
            "unit_forget_bias 설정을 빼거나, 이 설정이 있는 셀(cell = lstm)을 쓰세요.\n",
        ),
        (
            ("--conv-filters", "4", "--conv-kernel-size", "30"),
            "오류: --conv-kernel-size: 길이 30인 커널이 윈도우 크기 25보다 길어서, valid 패딩으로는 Conv1D의 출력 "
            "스텝이 하나도 없습니다\n커널 길이를 25 이하로 하거나, same 또는 causal 패딩을 쓰세요.\n",
        ),
        (("--window", "0"), "오류: --window: 1 이상이어야 합니다. 입력값: 0\n"),
        (
            ("--implementation", "3"),
            "오류: --implementation: 1 또는 2여야 합니다. 입력값: 3\n"
            "1은 게이트마다 작은 행렬 곱을 따로, 2는 모든 게이트를 한 번에 계산합니다.\n",
        ),
        # Once said in English (ConvSpec and HeadSpec re-raised without the error's key, the conv
        # flags without --conv-filters and --compare had no key, the owners were joined by 'and').
        (("--conv-filters", "0"), "오류: --conv-filters: 1 이상이어야 합니다. 입력값: 0\n"),
        (
            ("--conv-filters", "4", "--conv-strides", "0"),
            "오류: --conv-strides: 1 이상이어야 합니다. 입력값: 0\n",
        ),
        (("--head", "dense", "--head-units", "0"), "오류: --head-units: 1 이상이어야 합니다. 입력값: 0\n"),
        (
            ("--conv-kernel-size", "3"),
            "오류: --conv-kernel-size: Conv1D 앞단을 만드는 옵션인데, --conv-filters가 없습니다\n"
            "--conv-filters N(예: 16)을 함께 주거나, --conv-* 옵션을 빼세요.\n",
        ),
        (("--compare", "foo"), f"오류: --compare: 'foo' 옵션은 비교할 수 없습니다\n{KOREAN_VALID_FLAGS}\n"),
        (("--compare", ","), f"오류: --compare: 비교할 옵션을 하나 이상 적어 주세요\n{KOREAN_VALID_FLAGS}\n"),
        (
            ("--compare", "return-state,return-state"),
            f"오류: --compare: 'return-state,return-state'에 같은 옵션이 두 번 있습니다\n{KOREAN_VALID_FLAGS}\n",
        ),
        (
            ("--compare", "return-sequences,return-state,go-backwards,use-bias,unroll"),
            "오류: --compare: 옵션은 4개(스택 16개)까지 비교할 수 있습니다. 입력: 5개\n"
            f"{KOREAN_VALID_FLAGS}\n",
        ),
        (
            ("--cell", "simple-rnn", "--recurrent-activation", "tanh"),
            "오류: --recurrent-activation: SimpleRNN 레이어에는 recurrent_activation 설정이 없습니다. LSTM과 GRU "
            "레이어에만 있습니다\n"
            "recurrent_activation 설정을 빼거나, 이 설정이 있는 셀(cell = lstm)을 쓰세요.\n",
        ),
    ],
    ids=[
        "td-after-2d",
        "td-after-2d-second-layer",
        "dropout",
        "activation",
        "gru-forget-bias",
        "kernel",
        "window",
        "impl",
        "conv-filters",
        "conv-strides",
        "head-units",
        "conv-without-filters",
        "compare-name",
        "compare-empty",
        "compare-twice",
        "compare-too-many",
        "owners-and",
    ],
)
def test_korean_errors(invoke: Invoke, args: tuple[str, ...], expected: str) -> None:
    for how in ({"LANG": None}, {"LANG": "ko_KR.UTF-8"}):
        extra = ("--lang", "ko") if how["LANG"] is None else ()
        result = run(invoke, "--no-run", *args, *extra, **how)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == expected
        assert "Traceback" not in result.output
        assert_clean_korean(result.stderr)
    english = run(invoke, "--no-run", *args)
    assert english.stderr.startswith("Error: --")
    assert not HANGUL.search(english.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("--conv-filters", "0"),
        ("--conv-filters", "4", "--conv-strides", "0"),
        ("--head", "dense", "--head-units", "0"),
        ("--conv-kernel-size", "3"),
        ("--compare", "foo"),
        ("--compare", "return-state,return-state"),
        ("--compare", "return-state", "--head", "time-distributed"),
        ("--cell", "simple-rnn", "--recurrent-activation", "tanh"),
    ],
    ids=[
        "conv-filters",
        "conv-strides",
        "head-units",
        "conv-without-filters",
        "compare-name",
        "compare-twice",
        "compare-all-refused",
        "owners-and",
    ],
)
def test_korean_errors_say_no_english(invoke: Invoke, args: tuple[str, ...]) -> None:
    """Regression: these errors once stayed English under --lang ko."""
    result = run(invoke, "--no-run", *args, "--lang", "ko")
    assert result.exit_code == 2
    message = result.stderr.splitlines()[0]
    assert message.startswith("오류: ")
    # After the flag, the problem itself is said in Korean, with no English sentence in it.
    problem = message.split(": ", 2)[-1]
    assert HANGUL.search(problem), problem
    assert not re.search(r"\b(and|must|cannot|every|needs|sets up|named)\b", problem), problem


def test_owners_are_joined_in_each_language(invoke: Invoke) -> None:
    """The cells that have a setting are joined in the message's own language ('LSTM과 GRU', not 'LSTM and GRU')."""
    args = ("--no-run", "--cell", "simple-rnn", "--recurrent-activation", "tanh")
    assert run(invoke, *args).stderr == (
        "Error: --recurrent-activation: a SimpleRNN layer has no recurrent_activation; only LSTM and GRU layers do\n"
        "Leave recurrent_activation out, or use cell lstm.\n"
    )
    assert "LSTM과 GRU 레이어에만 있습니다" in run(invoke, *args, "--lang", "ko").stderr


def test_korean_merge_mode_without_bidirectional(invoke: Invoke) -> None:
    result = run(invoke, "--no-run", "--merge-mode", "sum", "--lang", "ko")
    assert result.exit_code == 2
    assert result.stderr == (
        "오류: --merge-mode: 두 방향을 합치는 것은 양방향(bidirectional) 레이어뿐입니다\n"
        "bidirectional(--bidirectional)을 켜거나 merge_mode를 빼세요.\n"
    )


def test_json_stays_english(invoke: Invoke) -> None:
    args = (*FAMILY, "--no-run", "--json", "--explain", "--weights")
    english = run(invoke, *args)
    assert english.exit_code == 0
    for korean in (run(invoke, *args, "--lang", "ko"), run(invoke, *args, LANG="ko_KR.UTF-8")):
        assert korean.exit_code == 0
        assert korean.stdout == english.stdout
        assert not HANGUL.search(korean.stdout)
    data = json.loads(english.stdout)
    assert data["tensors"][0]["note"] == "25 time steps of 1 feature per sample"
    assert data["tensors"][0]["axes"] == ["batch", "time steps", "features"]
    compare = ("--compare", "return-sequences", "--head", "time-distributed", "--no-run", "--json")
    assert run(invoke, *compare, "--lang", "ko").stdout == run(invoke, *compare).stdout
    assert not HANGUL.search(run(invoke, *compare, "--lang", "ko").stdout)


# --- --compare -------------------------------------------------------------------------------------


def by_columns(line: str) -> str:
    """`line` with a placeholder after each double-width character, so an index is a screen column."""
    return "".join(ch + "\0" * (cell_len(ch) - 1) for ch in line)


def compare_cells(stdout: str) -> tuple[list[str], dict[str, list[str]]]:
    """The column labels, and the compare table's rows by their first cell, cut where the columns start.

    A column's label may wrap over the header's lines; the status row has an empty first cell ("").
    """
    lines = [by_columns(line) for line in stdout.splitlines()]
    rule = next(i for i, line in enumerate(lines) if "───" in line)
    top = next(i for i in range(rule) if "[1]" in lines[i])
    starts = [m.start() for m in re.finditer(r"\[\d+\]", lines[top])]
    edges = [1, *starts, None]

    def cut(line: str) -> list[str]:
        return [line[a:b].replace("\0", "").strip() for a, b in itertools.pairwise(edges)]

    header = [cut(line) for line in lines[top:rule]]
    labels = [" ".join(part[i] for part in header if part[i]) for i in range(1, len(starts) + 1)]
    rows = {}
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        cells = cut(line)
        rows[cells[0]] = cells[1:]
    return labels, rows


SEED_FOUR = {
    # (return_sequences, return_state): output, h, c
    (False, False): ("(32, 20)", None),
    (False, True): ("(32, 20)", "(32, 20)"),
    (True, False): ("(32, 25, 20)", None),
    (True, True): ("(32, 25, 20)", "(32, 20)"),
}


@pytest.mark.parametrize("no_run", [True, False], ids=["predicted", "observed"])
def test_compare_json_the_seeds_four_combinations(invoke: Invoke, no_run: bool) -> None:
    args = (*CANONICAL, "--compare", "return-sequences,return-state", "--json")
    result = run(invoke, *args, *(("--no-run",) if no_run else ()))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["compare", "ok", "variants"]
    assert data["compare"] == ["return-sequences", "return-state"]
    assert data["ok"] is True
    assert len(data["variants"]) == 4
    combos = []
    for variant in data["variants"]:
        assert list(variant) == ["settings", "status", "refused", "report"]
        assert variant["status"] == "ok" and variant["refused"] is None
        settings_ = variant["settings"]
        assert list(settings_) == ["return-sequences", "return-state"]
        key = (settings_["return-sequences"], settings_["return-state"])
        combos.append(key)
        report = variant["report"]
        assert report["source"] == ("predicted" if no_run else "observed")
        shapes = {t["name"]: "(" + ", ".join(map(str, t["shape"])) + ")" for t in report["tensors"]}
        output, state = SEED_FOUR[key]
        expected = {"input": "(32, 25, 1)", "lstm_1.output": output}
        if state:
            expected |= {"lstm_1.hidden": state, "lstm_1.cell": state}
        assert shapes == expected
        assert report["total_params"] == 1760
        config = report["layers"][0]["config"]
        assert (config["return_sequences"], config["return_state"]) == key
        if not no_run:
            assert all(check["passed"] for check in report["checks"])
    # Off before on, the first flag slowest.
    assert combos == [(False, False), (False, True), (True, False), (True, True)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_table_columns(invoke: Invoke, lang: str) -> None:
    result = run(
        invoke,
        *CANONICAL,
        "--compare",
        "return-sequences,return-state",
        "--no-run",
        "--lang",
        lang,
        COLUMNS="160",
    )
    assert result.exit_code == 0
    said = words(lang)
    assert result.stdout.startswith(fill(said.headings["compare_title"], count=4))
    labels, rows = compare_cells(result.stdout)
    off, on = {"en": ("off", "on"), "ko": ("끔", "켬")}[lang]  # the settings in the user's language
    assert labels == [
        f"[1] return-sequences {off} return-state {off}",
        f"[2] return-sequences {off} return-state {on}",
        f"[3] return-sequences {on} return-state {off}",
        f"[4] return-sequences {on} return-state {on}",
    ]
    assert rows["input"] == ["(32, 25, 1)"] * 4
    assert rows["lstm_1.output"] == ["(32, 20)", "(32, 20)", "(32, 25, 20)", "(32, 25, 20)"]
    assert rows["lstm_1.hidden"] == ["—", "(32, 20)", "—", "(32, 20)"]
    assert rows["lstm_1.cell"] == ["—", "(32, 20)", "—", "(32, 20)"]
    assert rows[said.headings["params"]] == ["1,760"] * 4
    # (the status row under it; with --no-run a line under the table says the shapes are predicted:
    # test_compare_no_run_says_predicted)
    assert list(rows)[:5] == [
        "input",
        "lstm_1.output",
        "lstm_1.hidden",
        "lstm_1.cell",
        said.headings["params"],
    ]


def test_compare_refused_variant_shows_why(invoke: Invoke) -> None:
    args = (*CANONICAL, "--compare", "return-sequences", "--head", "time-distributed", "--no-run")
    result = run(invoke, *args, COLUMNS="160")
    assert result.exit_code == 0  # a refused combination is a lesson, not a failure
    assert result.stderr == ""
    labels, rows = compare_cells(result.stdout)
    assert labels == ["[1] return-sequences off", "[2] return-sequences on"]
    assert rows["input"] == ["—", "(32, 25, 1)"]
    assert rows["lstm_1.output"] == ["—", "(32, 25, 20)"]
    assert rows["head.output"] == ["—", "(32, 25, 10)"]
    assert rows["Params"] == ["", "1,970"]
    assert rows[""] == ["refused", "✓"]
    assert f"[1] refused: {TD_REFUSAL}" in flat(result.stdout)
    data = json.loads(run(invoke, *args, "--json").stdout)
    first, second = data["variants"]
    assert first == {
        "settings": {"return-sequences": False},
        "status": "refused",
        "refused": TD_REFUSAL,
        "report": None,
    }
    assert second["status"] == "ok" and second["report"]["tensors"][-1]["shape"] == [32, 25, 10]
    assert data["ok"] is True


def test_compare_every_variant_refused(invoke: Invoke) -> None:
    args = ("--compare", "return-state,go-backwards", "--head", "time-distributed", "--no-run")
    result = run(invoke, *args, COLUMNS="200")
    assert result.exit_code == 2
    # (the reason's flag: test_compare_all_refused_error_names_the_flag)
    assert result.stderr.startswith("Error: every combination was refused: ")
    assert result.stderr.endswith(f"{TD_REFUSAL.removeprefix('head: ')}\n")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    text = flat(result.stdout)
    for i in range(1, 5):
        assert f"[{i}] refused: {TD_REFUSAL}" in text
    as_json = run(invoke, *args, "--json")
    assert as_json.exit_code == 2
    data = json.loads(as_json.stdout)
    assert data["ok"] is False
    assert [(v["status"], v["refused"], v["report"]) for v in data["variants"]] == [
        ("refused", TD_REFUSAL, None)
    ] * 4


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", f"Error: every combination was refused: {TD_REFUSAL}\n"),
        (
            "ko",
            "오류: 모든 조합을 만들 수 없습니다: head: TimeDistributed는 3차원 (배치, 타임스텝, 피처) 입력이 필요한데, "
            "lstm_1은 return_sequences가 꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다\n",
        ),
    ],
)
def test_compare_all_refused_error_names_the_flag(invoke: Invoke, lang: str, expected: str) -> None:
    result = run(
        invoke, "--compare", "return-state", "--head", "time-distributed", "--no-run", "--lang", lang
    )
    assert result.exit_code == 2
    assert result.stderr == expected


def test_compare_json_all_refused_is_not_ok(invoke: Invoke) -> None:
    """Regression: when every combination was refused the run exited 2, but the JSON said "ok": true."""
    result = run(invoke, "--compare", "return-state", "--head", "time-distributed", "--no-run", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["ok"] is False
    # One combination built is enough for ok: the refused one is a lesson, not a failure.
    some = run(invoke, "--compare", "return-sequences", "--head", "time-distributed", "--no-run", "--json")
    assert some.exit_code == 0
    assert json.loads(some.stdout)["ok"] is True


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_no_run_says_predicted(invoke: Invoke, lang: str) -> None:
    """Regression: --compare --no-run once never said the shapes were predicted (a single table does)."""
    note = words(lang).headings["predicted_note"]
    result = run(invoke, "--compare", "return-state", "--no-run", "--lang", lang, COLUMNS="200")
    assert result.exit_code == 0
    assert result.stdout.rstrip("\n").splitlines()[-1].rstrip() == note
    assert result.stdout.count(note) == 1
    # A real run says nothing of the kind.
    assert note not in (GOLDEN / f"compare-seed-{lang}.out").read_text(encoding="utf-8")


def test_compare_refusal_in_korean(invoke: Invoke) -> None:
    """Regression: --compare --lang ko once gave the refusal in English ('불가: head: TimeDistributed needs ...')."""
    result = run(
        invoke,
        *CANONICAL,
        "--compare",
        "return-sequences",
        "--head",
        "time-distributed",
        "--no-run",
        "--lang",
        "ko",
        COLUMNS="160",
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    labels, rows = compare_cells(result.stdout)
    assert labels == ["[1] return-sequences 끔", "[2] return-sequences 켬"]
    assert rows["head.output"] == ["—", "(32, 25, 10)"]
    assert rows["파라미터"] == ["", "1,970"]
    assert rows[""] == ["만들 수 없음", "✓"]
    assert (
        "[1] 만들 수 없음: head: TimeDistributed는 3차원 (배치, 타임스텝, 피처) 입력이 필요한데, lstm_1은 "
        "return_sequences가 꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다"
    ) in flat(result.stdout)
    assert "needs" not in result.stdout and "refused" not in result.stdout
    assert_clean_korean(result.stdout)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ("foo", f"Error: --compare: cannot compare 'foo'\n{VALID_FLAGS}\n"),
        ("return-state,units", f"Error: --compare: cannot compare 'units'\n{VALID_FLAGS}\n"),
        ("return_state", f"Error: --compare: cannot compare 'return_state'\n{VALID_FLAGS}\n"),
        (",", f"Error: --compare: name at least one flag to compare\n{VALID_FLAGS}\n"),
        ("", f"Error: --compare: name at least one flag to compare\n{VALID_FLAGS}\n"),
        (
            "return-state,return-state",
            f"Error: --compare: a flag is named twice in 'return-state,return-state'\n{VALID_FLAGS}\n",
        ),
        (
            "return-state,--return-state",
            f"Error: --compare: a flag is named twice in 'return-state,--return-state'\n{VALID_FLAGS}\n",
        ),
        (
            "return-sequences,return-state,go-backwards,use-bias,unroll",
            f"Error: --compare: at most 4 flags (16 stacks), got 5\n{VALID_FLAGS}\n",
        ),
    ],
)
def test_compare_bad_flags(invoke: Invoke, flags: str, expected: str) -> None:
    result = run(invoke, "--compare", flags, "--no-run")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == expected


def test_compare_accepts_four_flags_and_dashes(invoke: Invoke) -> None:
    four = run(
        invoke, "--compare", "return-sequences,return-state,go-backwards,use-bias", "--no-run", "--json"
    )
    assert four.exit_code == 0
    variants = json.loads(four.stdout)["variants"]
    assert len(variants) == 16
    assert variants[0]["report"]["total_params"] == 4 * 20 * (1 + 20)  # use-bias off
    assert variants[1]["report"]["total_params"] == 1760
    dashes = run(invoke, "--compare", "--return-sequences, --return-state", "--no-run", "--json")
    assert dashes.exit_code == 0
    assert json.loads(dashes.stdout)["compare"] == ["return-sequences", "return-state"]


def test_compare_bidirectional_and_use_bias(invoke: Invoke) -> None:
    result = run(
        invoke, "--units", "5", "--cell", "gru", "--compare", "bidirectional,use-bias", "--no-run", "--json"
    )
    assert result.exit_code == 0
    params = {
        (v["settings"]["bidirectional"], v["settings"]["use-bias"]): v["report"]["total_params"]
        for v in json.loads(result.stdout)["variants"]
    }
    # GRU(5) on 1 feature: 3 × 5 × (1 + 5) = 90, plus 2 × 15 biases with reset_after; doubled when bidirectional.
    assert params == {(False, False): 90, (False, True): 120, (True, False): 180, (True, True): 240}
    shapes = {
        v["settings"]["bidirectional"]: v["report"]["tensors"][1]["shape"]
        for v in json.loads(result.stdout)["variants"]
    }
    assert shapes == {False: [32, 5], True: [32, 10]}
