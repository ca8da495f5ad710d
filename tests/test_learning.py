"""Learning: --weights, --explain, --lang en|ko and --compare.

Golden outputs for the seed's scenarios and a stack the seed never shows, in both
languages, keep how the words read; the tests below check what they say, as the keys
and values of the reading's Phrases (`render.explain.reading`) and of the refusals'
JSON documents, worked out here from the stack they describe: its own shapes, steps,
units and parameter counts, never the seed's 32, 25, 20 and 10 when the stack doesn't
use them. No sentence of ours is typed a second time here.

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
from mask_reading import KERNEL, LAYER, P, expected_mask, front_kinds
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from lstm_shapes.kinds import KINDS
from lstm_shapes.locales import (
    JOINED,
    LANGUAGES,
    Phrase,
    Words,
    default_language,
    fill,
    paragraph,
    particle,
    words,
)
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.locales.ko import WORDS as KOREAN
from lstm_shapes.render.explain import explain, formulas, layer_formula, reading, row_notes
from lstm_shapes.render.fit import Fitted
from lstm_shapes.render.table import to_json_data, weights_table
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.report.types import StackReport
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
MASKS_PRE = flags(
    "--batch 3 --window 6 --embedding-vocab 9 --embedding-dim 4 --mask-zero --lengths 6,3,2 --units 3 --units 2 "
    "--bidirectional --return-state"
)
MASKS_POST = flags(
    "--batch 3 --window 4 --mask-value 0 --lengths 4,0,2 --padding post --units 2 --units 2 --cell gru "
    "--go-backwards --stateful --batches 2 --head dense --head-units 2"
)
# The flags --compare varies (lstm_shapes/report/compare.py), named in its refusals' hint.
COMPARABLE = (
    "return-sequences, return-state, go-backwards, use-bias, bidirectional, stateful, unroll, mask, padding"
)


def td_refusal(said: Words, name: str = "lstm_1") -> str:
    """The refusal of TimeDistributed after a 2-D output, with its field, as the catalogue says it."""
    return f"head: {fill(said.errors['time_distributed_2d'], name=name)}"


TD_REFUSAL = td_refusal(ENGLISH)
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
    # How the mask's paragraphs read (tests/mask_reading.py checks what they say): token ids padded pre;
    # a Masking layer, post padding, a sample with no valid step and stateful layers.
    "explain-masks-pre-en": (*MASKS_PRE, *flags("--explain --no-run")),
    "explain-masks-pre-ko": (*MASKS_PRE, *flags("--explain --no-run --lang ko")),
    "explain-masks-post-en": (*MASKS_POST, *flags("--explain --no-run")),
    "explain-masks-post-ko": (*MASKS_POST, *flags("--explain --no-run --lang ko")),
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
    assert result.stdout.startswith((KOREAN if name.endswith("-ko") else ENGLISH).headings["predicted"])
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
    params = f"✓ {Phrase('params_match')}: {Phrase('params_total', total=1970, layers=2)}"
    state = (
        f"✓ {Phrase('state_check', layer='lstm_1', what='output[:, -1, :] == h')}: {Phrase('exactly_equal')}"
    )
    assert params in text and state in text
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


def tree(said: object) -> Any:
    """A Phrase as the test reads it: (key, {value name: value}), a paragraph of parts as a list of them."""
    if isinstance(said, Phrase):
        if said.key == JOINED:
            return [tree(part) for part in said.values["parts"]]
        return (said.key, {name: tree(value) for name, value in said.values.items()})
    if isinstance(said, list):
        return [tree(item) for item in said]
    return said


def keys_in(said: Any) -> set[str]:
    """Every key said in a tree, its values' keys included."""
    if isinstance(said, tuple):
        key, values = said
        return {key}.union(*(keys_in(v) for v in values.values()))
    if isinstance(said, list):
        return set().union(*(keys_in(item) for item in said))
    return set()


# The words each recurrent cell's paragraphs are keyed by (lstm_shapes.kinds says them too).
CELL_WORDS = {CellKind.LSTM: "lstm", CellKind.GRU: "gru", CellKind.SIMPLE_RNN: "simple"}


def conv_steps(spec: StackSpec) -> Any:
    """How Conv1D's time axis is computed: the formula's key by padding and strides, with its numbers."""
    conv = spec.conv
    assert conv is not None
    if conv.padding is Padding.VALID and conv.dilation_rate > 1:
        key = "steps_valid_dilated"
    elif conv.padding is Padding.VALID:
        key = "steps_valid_1" if conv.strides == 1 else "steps_valid"
    else:
        key = "steps_padded_1" if conv.strides == 1 else "steps_padded"
    values = {
        "window": spec.window,
        "kernel": conv.kernel_size,
        "strides": conv.strides,
        "steps": steps_of(spec),
        "padding": conv.padding.value,
        "dilation": conv.dilation_rate,
    }
    return (f"note:{key}", values)


def layer_values(spec: StackSpec, place: Place) -> dict[str, Any]:
    """What the output and states paragraphs of a layer say: its shape, steps, units and width."""
    layer, u = place.layer, place.layer.units
    concat = merge_of(layer) is MergeMode.CONCAT
    return {
        "name": place.name,
        "kind": kind_name(layer),
        "shape": fmt(output_shape(spec, layer)),
        "batch": spec.batch,
        "steps": steps_of(spec),
        "units": u,
        "width": P("width_concat_value" if concat else "width_value", units=u, width=width_of(layer)),
        "frame": "",
    }


def expected_paragraph(spec: StackSpec, kind: str, place: Place | None, observed: bool = False) -> Any:
    """The paragraph of `kind` as the keys and values it must say, worked out from the spec alone."""
    b, steps = spec.batch, steps_of(spec)
    if kind.startswith("mask_"):
        return expected_mask(spec, kind, place)
    if kind == "stateful":
        names = [n for n, layer in zip(spec.layer_names, spec.layers, strict=True) if layer.stateful]
        values = {"layers": ", ".join(names), "count": len(names), "batch": b, "window": spec.window}
        if observed:  # the run's batches, one after another
            return [P("stateful", **values), " ", P("stateful_batches", batches=spec.batches)]
        return P("stateful", **values)
    if kind == "input":
        shape = (b, spec.window) if spec.embedding is not None else (b, spec.window, spec.features)
        return P(
            "input",
            shape=fmt(shape),
            batch=b,
            window=spec.window,
            features=spec.features,
            feature_word="feature" if spec.features == 1 else "features",
        )
    if kind == "conv":
        conv = spec.conv
        assert conv is not None
        return P(
            "conv",
            kernel=conv.kernel_size,
            strides=conv.strides,
            padding=conv.padding.value,
            formula=conv_steps(spec),
            filters=conv.filters,
            steps=steps,
        )
    if kind == "output":
        assert place is not None
        layer, u = place.layer, place.layer.units
        parts = [P("sequences" if layer.return_sequences else "last", **layer_values(spec, place))]
        if layer.return_sequences and place.above is not None:  # a recurrent layer above reads every step
            parts.append(P("stacked", above=place.above))
        merge = merge_of(layer)
        if merge is MergeMode.CONCAT:
            parts.append(P("width_concat", units=u, width=2 * u))
        elif merge is MergeMode.NONE:
            parts.append(P("width_none", shape=fmt(output_shape(spec, layer))))
        elif merge is not None:
            parts.append(P("width_merged", units=u, merge=(f"term:{merge.value}", {})))
        if layer.go_backwards:  # the reading order of the output only when there is an output sequence
            parts += [P("backwards")] + ([P("backwards_sequence")] if layer.return_sequences else [])
        return parts if len(parts) > 1 else parts[0]  # a paragraph of one part is that part
    if kind == "states":
        assert place is not None
        layer, u = place.layer, place.layer.units
        state = fmt((b, u))
        if layer.bidirectional:  # forward then backward, never merged
            labels = ["h →", "c →", "h ←", "c ←"] if layer.cell is CellKind.LSTM else ["h →", "h ←"]
            listed = ", ".join(f"{label} {state}" for label in labels)
            return P("states_bidirectional", name=place.name, states=listed)
        relation = "relation_sequences" if layer.return_sequences else "relation_last"
        if layer.return_sequences and spec.masked:
            relation = "relation_masked"
        return P(
            f"states_{CELL_WORDS[layer.cell]}",
            relation=P(relation),
            state=state,
            checked=P("checked") if observed else "",  # only where a check ran and was printed above
            **layer_values(spec, place),
        )
    if kind == "params":
        assert place is not None
        layer, f, u = place.layer, place.features, place.layer.units
        formula = layer_formula(place)
        assert formula.endswith(f" = {cell_params(layer, f):,}"), formula
        if not layer.use_bias:
            bias = "bias_none"
        elif layer.cell is CellKind.GRU and layer.reset_after is not False:
            bias = "bias_two"
        else:
            bias = "bias_one"
        body = P(f"params_{CELL_WORDS[layer.cell]}", features=f, units=u, bias=P(bias), volume=1)
        explanation = [body, P("bidirectional_params")] if layer.bidirectional else body
        return P("params", name=place.name, formula=formula, explanation=explanation)
    if kind == "head":
        top = spec.layers[-1]
        inputs, hu = width_of(top), spec.head.units
        before = output_shape(spec, top)
        values: dict[str, Any] = {
            "units": hu,
            "inputs": inputs,
            "steps": steps,
            "before": fmt(before),
            "after": fmt((*before[:-1], hu)),
            "params": f"{inputs * hu + hu:,}",
            "td": f"TimeDistributed(Dense({hu}))",
            "dense": f"Dense({hu})",
        }
        if spec.head.kind is HeadKind.FLATTEN:
            flat = steps * inputs
            flattened = {"after": fmt((b, hu)), "flat": flat, "params": f"{flat * hu + hu:,}"}
            return P("head_flatten", **{**values, **flattened})
        if spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            return P("head_time_distributed", **values)
        return P("head_dense_3d" if len(before) == 3 else "head_dense_2d", **values)
    assert kind == "no_time_distributed", kind
    return P("no_time_distributed", name=spec.layer_names[-1], shape=fmt(output_shape(spec, spec.layers[-1])))


def check_reading(report: StackReport, observed: bool = False) -> list[Phrase]:
    """The reading says exactly the paragraphs that apply, in stack order, each with this stack's numbers."""
    spec = report.spec
    said = reading(report)
    kinds = expected_kinds(spec)
    assert [tree(p) for p in said] == [
        expected_paragraph(spec, kind, place, observed) for kind, place in kinds
    ]
    return said


@settings(max_examples=120)
@given(learner_stacks())
def test_every_paragraph_says_its_stacks_own_numbers(spec: StackSpec) -> None:
    report = inspect_stack(spec, run=False)
    # Only the paragraphs that apply, in stack order, with this stack's numbers: no states without
    # return_state, no Conv1D paragraph without a Conv1D, no "TimeDistributed cannot follow" on a 3-D output.
    said = check_reading(report)
    allowed = stack_numbers(spec)
    for phrase in said:
        english, korean = phrase.say(ENGLISH), phrase.say(KOREAN)
        # Every number is the stack's own: the seed's 32, 25, 20, 10 only where this stack has them;
        # and each language says the same numbers (a template may not drop or invent one).
        assert numbers_in(english) <= allowed, (phrase.key, numbers_in(english) - allowed, english)
        assert numbers_in(korean) == numbers_in(english), (phrase.key, english, korean)
    assert_clean_korean("\n".join(explain(report, KOREAN)))


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
    # A mask over layers with no fused kernel: the reading does not promise cuDNN.
    StackSpec(
        batch=2,
        window=3,
        mask_value=0.0,
        lengths=(3, 2),
        padding=PadSide.POST,
        layers=(LayerSpec(units=2, cell=CellKind.SIMPLE_RNN, return_sequences=True),),
    ),
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


def test_every_paragraph_template_is_exercised() -> None:
    """The stacks above say every paragraph the catalogues have, each checked as in the tests above.

    Two of them are also run in Keras: only then does the states paragraph say its relation was
    checked, and the stateful one how many batches ran.
    """
    reports = [(inspect_stack(spec, run=False), False) for spec in COVERAGE_STACKS]
    reports.append((observed_report(COVERAGE_STACKS[1]), True))
    reports.append((observed_report(COVERAGE_STACKS[-1]), True))
    said_keys: set[str] = set()
    for report, observed in reports:
        said = check_reading(report, observed=observed)
        said_keys |= keys_in([tree(p) for p in said])
        korean = "\n".join(p.say(KOREAN) for p in said)
        assert_clean_korean(korean)
        assert "{" not in "".join(said) and "}" not in "".join(said)
    # A ConvLSTM's own paragraphs: tests/test_convlstm.py says and checks them.
    # Several cells in one RNN: test_the_reading_of_several_cells_in_one_rnn checks what they say.
    said_keys |= keys_in([tree(p) for p in reading(inspect_stack(STACKED, run=False))])
    catalogued = {f"paragraph:{key}" for key in ENGLISH.paragraphs if not key.endswith("_convlstm")}
    assert catalogued <= said_keys, catalogued - said_keys


# An LSTM cell of 4 units under a GRU cell of 2 in one keras.layers.RNN, its states returned.
STACKED = StackSpec(
    batch=2,
    window=3,
    features=2,
    layers=(LayerSpec(cells=(LayerSpec(4), LayerSpec(2, cell=CellKind.GRU)), return_state=True),),
)


def test_the_reading_of_several_cells_in_one_rnn() -> None:
    """Every cell's states, bottom first, the top cell's h as the output; each cell's own parameters."""
    lstm, gru = cell_params(LayerSpec(4), 2), cell_params(LayerSpec(2, cell=CellKind.GRU), 4)
    width = P("width_value", units=2, width=2)
    expected = [
        expected_paragraph(STACKED, "input", None),
        P(
            "last",
            name="rnn_1",
            kind="RNN(LSTMCell, GRUCell)",
            shape="(2, 2)",
            batch=2,
            steps=3,
            units=2,
            width=width,
            frame="",
        ),
        P(
            "states_stacked",
            name="rnn_1",
            states="[0] h (2, 4), [0] c (2, 4), [1] h (2, 2)",  # the LSTM's h and c, then the GRU's h
            top="[1]",
            relation=P("relation_last"),
            checked="",
        ),
        [
            P(
                "params",
                name="rnn_1[0]",
                formula=f"4 × (4 × (2 + 4) + 4) = {lstm}",
                explanation=P("params_lstm", features=2, units=4, bias=P("bias_one"), volume=1),
            ),
            " ",
            P(
                "params",
                name="rnn_1[1]",
                formula=f"3 × (2 × (4 + 2) + 2 × 2) = {gru}",  # reads the 4 units of the cell below
                explanation=P("params_gru", features=4, units=2, bias=P("bias_two"), volume=1),
            ),
        ],
        P("no_time_distributed", name="rnn_1", shape="(2, 2)"),
    ]
    report = inspect_stack(STACKED, run=False)
    said = reading(report)
    assert [tree(p) for p in said] == expected
    assert report.predicted.total_params == lstm + gru
    for phrase in said:
        assert numbers_in(phrase.say(KOREAN)) == numbers_in(phrase.say(ENGLISH)), phrase.key
    assert_clean_korean("\n".join(explain(report, KOREAN)))


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
    for said in (ENGLISH, KOREAN):
        columns = [said.headings[key] for key in ("layer", "weight", "shape", "split")]
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
    first = reading(inspect_stack(spec, run=False))[0]
    assert tree(first)[1]["batch"] == batch
    text = first.say(KOREAN)
    assert reads in text, text
    assert_clean_korean(text)


@pytest.mark.parametrize("batch", [16, 23, 32, 128])
def test_batch_particle_in_the_last_paragraph(batch: int) -> None:
    spec = StackSpec(batch=batch, layers=(LayerSpec(units=20),))
    last = reading(inspect_stack(spec, run=False))[1]
    assert tree(last)[0] == "paragraph:last" and tree(last)[1]["batch"] == batch
    text = last.say(KOREAN)
    assert pt(batch, "은") in text and pt(20, "은") in text, text
    assert_clean_korean(text)


def test_time_distributed_note_particle() -> None:
    """Regression: the Korean TimeDistributed note once said '같은 Dense 20 → 10를 ...'."""
    spec = StackSpec(
        layers=(LayerSpec(units=20, return_sequences=True),), head=HeadSpec(HeadKind.TIME_DISTRIBUTED)
    )
    report = inspect_stack(spec, run=False)
    note = row_notes(spec, list(report.predicted.tensors), KOREAN)[-1]
    assert numbers_in(note) == {25, 20, 10}, note
    assert_clean_korean(note)


@pytest.mark.parametrize(
    ("cell", "formula", "body"),
    [
        ("lstm", "4 × 5 × (1 + 5) = 120", "params_lstm"),
        ("gru", "3 × 5 × (1 + 5) = 90", "params_gru"),
        ("simple-rnn", "5 × (1 + 5) = 30", "params_simple"),
    ],
)
def test_no_bias_paragraph_does_not_mention_biases(cell: str, formula: str, body: str) -> None:
    """Regression: with use_bias off the paragraph once gave the gates biases, then took them back:
    '... and two biases (reset_after: ...) (use_bias is off: no biases).'"""
    spec = StackSpec(layers=(LayerSpec(units=5, cell=cell, use_bias=False),))
    params = reading(inspect_stack(spec, run=False))[2]
    name = spec.layer_names[0]
    explanation = P(body, features=1, units=5, bias=P("bias_none"), volume=1)
    assert tree(params) == P("params", name=name, formula=formula, explanation=explanation)
    for said in (ENGLISH, KOREAN):
        text = params.say(said)
        assert paragraph("bias_none").say(said) in text
        for other in ("bias_one", "bias_two"):  # no bias is given, then taken back
            assert paragraph(other).say(said).strip(" ,.") not in text, (other, text)


@pytest.mark.parametrize(
    ("window", "padding", "strides", "key", "steps"),
    [
        (25, Padding.VALID, 1, "steps_valid_1", 23),
        (7, Padding.VALID, 2, "steps_valid", 3),
        (7, Padding.SAME, 1, "steps_padded_1", 7),
        (7, Padding.SAME, 2, "steps_padded", 4),
        (7, Padding.CAUSAL, 1, "steps_padded_1", 7),
    ],
    ids=["valid", "valid-strides", "same", "same-strides", "causal"],
)
def test_conv_paragraph_says_the_padding_once(
    window: int, padding: Padding, strides: int, key: str, steps: int
) -> None:
    """Regression: the paragraph once said the padding twice, 'and same padding: same padding: ceil(7 / 2)
    = 4 time steps' (Korean 'same 패딩으로 ...: same 패딩: ...')."""
    spec = StackSpec(window=window, conv=ConvSpec(4, 3, strides, padding), layers=(LayerSpec(units=5),))
    conv = reading(inspect_stack(spec, run=False))[1]
    said_key, values = tree(conv)
    assert said_key == "paragraph:conv" and values["formula"][0] == f"note:{key}", tree(conv)
    assert values["steps"] == values["formula"][1]["steps"] == steps
    for said in (ENGLISH, KOREAN):
        text = conv.say(said)
        assert text.count(padding.value) == 1, text  # said in the sentence, not again in the formula
        assert numbers_in(text) <= {window, 3, strides, steps, 4, 1}, text


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
    assert paragraph("checked").say(words(lang)).strip() not in text
    assert paragraph("relation_sequences").say(words(lang)) in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_real_run_explanation_check_is_above(invoke: Invoke, lang: str) -> None:
    """With a real run the check the paragraph points to is really printed above it."""
    result = run(invoke, *CANONICAL, "--return-sequences", "--return-state", "--explain", "--lang", lang)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    said = words(lang)
    check = "✓ " + Phrase("state_check", layer="lstm_1", what="output[:, -1, :] == h").say(said)
    checked = paragraph("checked").say(said).strip()
    assert text.count(check) == 1 and text.count(checked) == 1, text
    assert text.index(check) < text.index(checked)


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


def refusal(invoke: Invoke, *args: str, **env: str | None) -> dict[str, Any]:
    """The refusal's JSON document: its key, the values its message holds, its flag."""
    result = run(invoke, *args, "--json", **env)
    assert result.exit_code == 2, result.output
    error: dict[str, Any] = json.loads(result.stdout)["error"]
    return error


def said_lines(error: dict[str, Any], said: Words) -> str:
    """The lines a refusal prints on stderr: the document's message (after its flag) and hint."""
    flag = f"{error['flag']}: " if error.get("flag") else ""
    hint = f"{error['hint']}\n" if error["hint"] else ""
    return f"{said.errors['error']}: {flag}{error['message']}\n{hint}"


VALID_LANGUAGES = ", ".join(LANGUAGES)


@pytest.mark.parametrize("lang", ["fr", "FR", "english", ""])
def test_unknown_language(invoke: Invoke, lang: str) -> None:
    """The shared 'unknown value' message, as for every other choice; no close match, no guess."""
    error = refusal(invoke, "--no-run", "--lang", lang)
    assert (error["flag"], error["key"]) == ("--lang", "unknown")
    assert error["values"] == {"value": lang, "valid": VALID_LANGUAGES}
    result = run(invoke, "--no-run", "--lang", lang)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == said_lines(error, ENGLISH)


def test_unknown_choice_guesses() -> None:
    """What a close match gets elsewhere (--activation tanhh): the guess, in the shared template."""
    for said in (ENGLISH, KOREAN):
        text = fill(said.errors["unknown_guess"], value="kor", guess="ko", valid="en, ko")
        assert text.index("'kor'") < text.index("'ko'") < text.index("en, ko"), text


@pytest.mark.parametrize(("lang", "guess"), [("kor", "ko"), ("eng", "en"), ("enn", "en")])
def test_unknown_language_close_match(invoke: Invoke, lang: str, guess: str) -> None:
    error = refusal(invoke, "--no-run", "--lang", lang)
    assert (error["flag"], error["key"]) == ("--lang", "unknown_guess")
    assert error["values"] == {"value": lang, "guess": guess, "valid": VALID_LANGUAGES}
    assert run(invoke, "--no-run", "--lang", lang).stderr == said_lines(error, ENGLISH)


def test_language_is_case_insensitive(invoke: Invoke) -> None:
    result = run(invoke, "--no-run", "--lang", "KO")
    assert result.exit_code == 0
    assert result.stdout.startswith(KOREAN.headings["predicted"])


def test_language_does_not_leak_between_runs(invoke: Invoke) -> None:
    """Regression: the error language, once a ContextVar, was once never reset: in one process a run
    with --lang ko made the next run's errors say '오류:'. Now the words are passed, never kept aside."""
    korean = run(invoke, "--no-run", "--lang", "ko", "--window", "0")
    assert korean.stderr.startswith(f"{KOREAN.errors['error']}: --window: ") and HANGUL.search(korean.stderr)
    result = run(invoke, "--no-run", "--lang", "fr")
    assert result.stderr.startswith(f"{ENGLISH.errors['error']}: --lang: ") and not HANGUL.search(
        result.stderr
    )
    run(invoke, "--no-run", "--lang", "ko", "--window", "0")
    plain = run(invoke, "--no-run", "--window", "0")
    assert plain.stderr.startswith(f"{ENGLISH.errors['error']}: --window: ")
    assert not HANGUL.search(plain.stderr)


def test_language_of_a_fresh_thread(invoke: Invoke) -> None:
    """A fresh thread starts in the locale's language (English here) too."""
    run(invoke, "--no-run", "--lang", "ko", "--window", "0")
    seen: list[str] = []
    thread = threading.Thread(target=lambda: seen.append(run(invoke, "--no-run", "--lang", "fr").stderr))
    thread.start()
    thread.join()
    assert seen[0].startswith(f"{ENGLISH.errors['error']}: --lang: ") and not HANGUL.search(seen[0])


def test_korean_table_axes(invoke: Invoke) -> None:
    """Every heading, axis and note of the table is the Korean catalogue's (the goldens keep the look)."""
    args = flags("--return-sequences --return-state --head dense --no-run --lang ko")
    result = run(invoke, *CANONICAL, *args, COLUMNS="200")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    h = KOREAN.headings
    header = next(line for line in lines if h["layer"] in line and h["tensor"] in line)
    assert re.split(r"\s{2,}", header.strip()) == [
        h[k] for k in ("layer", "tensor", "shape", "axes", "params", "why")
    ]
    spec = StackSpec(
        layers=(LayerSpec(units=20, return_sequences=True, return_state=True),), head=HeadSpec(HeadKind.DENSE)
    )
    rows = list(inspect_stack(spec, run=False).predicted.tensors)
    notes = row_notes(spec, rows, KOREAN)

    def axes(*names: str) -> str:
        return " × ".join(KOREAN.axis(name) for name in names)

    cells = {tuple(re.split(r"\s{2,}", line.strip())) for line in lines}
    assert ("input", "x", "(32, 25, 1)", axes("batch", "time steps", "features"), notes[0]) in cells
    output = ("(32, 25, 20)", axes("batch", "time steps", "units"), "1,760", notes[1])
    assert ("lstm_1 (LSTM)", "output", *output) in cells
    assert ("h", "(32, 20)", axes("batch", "units"), notes[2]) in cells
    assert ("c", "(32, 20)", axes("batch", "units"), notes[3]) in cells
    head = ("(32, 25, 10)", axes("batch", "time steps", "head units"), "210", notes[4])
    assert ("head (Dense)", "output", *head) in cells
    assert any(line.strip().startswith(h["total"]) and line.rstrip().endswith("1,970") for line in lines)
    assert_clean_korean(result.stdout)
    family = run(invoke, *FAMILY, "--no-run", "--lang", "ko", COLUMNS="260")
    assert axes("batch", "time steps", "filters") in family.stdout
    assert axes("batch", "time steps") + " × 2 × " + KOREAN.axis("units") in family.stdout
    assert axes("batch", "head units") in family.stdout


# Refusals said in Korean: the flag, the key and the values the message holds (tests/golden/refusals-*.out
# keeps how they read). The list of once-English ones: test_korean_errors_say_no_english.
REFUSALS: dict[str, tuple[tuple[str, ...], str, str, dict[str, Any]]] = {
    "td-after-2d": (("--head", "time-distributed"), "--head", "time_distributed_2d", {"name": "lstm_1"}),
    "td-after-2d-second-layer": (
        ("--units", "8", "--units", "4", "--head", "time-distributed"),
        "--head",
        "time_distributed_2d",
        {"name": "lstm_2"},
    ),
    "dropout": (("--dropout", "1.5"), "--dropout", "fraction", {"value": 1.5}),
    "activation": (
        ("--activation", "tanhh"),
        "--activation",
        "unknown_guess",
        {"value": "tanhh", "guess": "tanh"},
    ),
    "gru-forget-bias": (
        ("--cell", "gru", "--unit-forget-bias"),
        "--unit-forget-bias",
        "not_a_setting_of_the_cell",
        {"cell": "GRU", "setting": "unit_forget_bias", "cells": ["LSTM"], "owner": "lstm"},
    ),
    "kernel": (
        ("--conv-filters", "4", "--conv-kernel-size", "30"),
        "--conv-kernel-size",
        "kernel_too_long",
        {"kernel": 30, "window": 25},
    ),
    "window": (("--window", "0"), "--window", "at_least", {"minimum": 1, "value": 0}),
    "impl": (("--implementation", "3"), "--implementation", "implementation", {"value": 3}),
    # Once said in English (ConvSpec and HeadSpec re-raised without the error's key, the conv
    # flags without --conv-filters and --compare had no key, the owners were joined by 'and').
    "conv-filters": (("--conv-filters", "0"), "--conv-filters", "at_least", {"minimum": 1, "value": 0}),
    "conv-strides": (
        ("--conv-filters", "4", "--conv-strides", "0"),
        "--conv-strides",
        "at_least",
        {"minimum": 1, "value": 0},
    ),
    "head-units": (
        ("--head", "dense", "--head-units", "0"),
        "--head-units",
        "at_least",
        {"minimum": 1, "value": 0},
    ),
    "conv-without-filters": (("--conv-kernel-size", "3"), "--conv-kernel-size", "conv_needs_filters", {}),
    "compare-name": (("--compare", "foo"), "--compare", "compare_unknown", {"flag": "foo"}),
    "compare-empty": (("--compare", ","), "--compare", "compare_empty", {}),
    "compare-twice": (
        ("--compare", "return-state,return-state"),
        "--compare",
        "compare_twice",
        {"text": "return-state,return-state"},
    ),
    "compare-too-many": (
        ("--compare", "return-sequences,return-state,go-backwards,use-bias,unroll"),
        "--compare",
        "compare_too_many",
        {"most": 4, "stacks": 16, "count": 5},
    ),
    "owners-and": (
        ("--cell", "simple-rnn", "--recurrent-activation", "tanh"),
        "--recurrent-activation",
        "not_a_setting_of_the_cell",
        {"cell": "SimpleRNN", "setting": "recurrent_activation", "cells": ["LSTM", "GRU"], "owner": "lstm"},
    ),
    "merge-mode": (("--merge-mode", "sum"), "--merge-mode", "merge_without_bidirectional", {}),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_korean_errors(invoke: Invoke, name: str) -> None:
    """The refusal's key and values, then its lines said in Korean (--lang ko or the locale), never English."""
    args, flag, key, values = REFUSALS[name]
    english = refusal(invoke, "--no-run", *args)
    assert (english["flag"], english["key"]) == (flag, key)
    assert {field: english["values"][field] for field in values} == values
    assert run(invoke, "--no-run", *args).stderr == said_lines(english, ENGLISH)
    assert not HANGUL.search(said_lines(english, ENGLISH))
    for how in ({"LANG": None}, {"LANG": "ko_KR.UTF-8"}):
        extra = ("--lang", "ko") if how["LANG"] is None else ()
        korean = refusal(invoke, "--no-run", *args, *extra, **how)
        assert (korean["key"], korean["values"]) == (
            key,
            english["values"],
        )  # the same refusal, said in Korean
        result = run(invoke, "--no-run", *args, *extra, **how)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == said_lines(korean, KOREAN)
        assert HANGUL.search(korean["message"]), korean
        assert "Traceback" not in result.output
        assert_clean_korean(result.stderr)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_refusals_golden(invoke: Invoke, lang: str) -> None:
    """How the refusals above read, in each language."""
    said = []
    for args, _, _, _ in REFUSALS.values():
        line = " ".join(("lstm-shapes", "--no-run", *args, "--lang", lang))
        said.append(f"$ {line}\n{run(invoke, '--no-run', *args, '--lang', lang).stderr}")
    check_golden(f"refusals-{lang}", "\n".join(said))


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
    assert refusal(invoke, *args)["values"]["cells"] == ["LSTM", "GRU"]
    assert "LSTM and GRU" in run(invoke, *args).stderr
    assert "LSTM과 GRU" in run(invoke, *args, "--lang", "ko").stderr


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
    assert result.stderr.startswith(f"Error: {fill(ENGLISH.errors['all_refused'], reason='')}")
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


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_all_refused_error_names_the_flag(invoke: Invoke, lang: str) -> None:
    result = run(
        invoke, "--compare", "return-state", "--head", "time-distributed", "--no-run", "--lang", lang
    )
    assert result.exit_code == 2
    said = words(lang)
    reason = fill(said.errors["all_refused"], reason=td_refusal(said))
    assert result.stderr == f"{said.errors['error']}: {reason}\n"


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
    assert "[1] " + fill(KOREAN.headings["refused"], reason=td_refusal(KOREAN)) in flat(result.stdout)
    assert "needs" not in result.stdout and "refused" not in result.stdout
    assert_clean_korean(result.stdout)


@pytest.mark.parametrize(
    ("flags", "key", "values"),
    [
        ("foo", "compare_unknown", {"flag": "foo"}),
        ("return-state,units", "compare_unknown", {"flag": "units"}),
        ("return_state", "compare_unknown", {"flag": "return_state"}),
        (",", "compare_empty", {}),
        ("", "compare_empty", {}),
        ("return-state,return-state", "compare_twice", {"text": "return-state,return-state"}),
        ("return-state,--return-state", "compare_twice", {"text": "return-state,--return-state"}),
        (
            "return-sequences,return-state,go-backwards,use-bias,unroll",
            "compare_too_many",
            {"most": 4, "stacks": 16, "count": 5},
        ),
    ],
)
def test_compare_bad_flags(invoke: Invoke, flags: str, key: str, values: dict[str, Any]) -> None:
    error = refusal(invoke, "--compare", flags, "--no-run")
    assert (error["flag"], error["key"]) == ("--compare", key)
    assert error["values"] == {**values, "valid": COMPARABLE}  # the hint names every flag it can vary
    result = run(invoke, "--compare", flags, "--no-run")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == said_lines(error, ENGLISH)


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
