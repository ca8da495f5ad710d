"""The prediction against Keras itself: random small stacks, the identifier lists, the seed.

Keras is imported once for this process (by `lstm_shapes.observe`); every stack here is tiny.
"""

from __future__ import annotations

import importlib
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from conftest import stack_specs
from hypothesis import given, settings

from lstm_shapes.observe.framework import import_keras
from lstm_shapes.observe.stack import observe
from lstm_shapes.report.pipeline import inspect_stack
from lstm_shapes.spec import identifiers as ids
from lstm_shapes.spec.stack import DeviceChoice, HeadKind, HeadSpec, LayerSpec, StackSpec


@pytest.fixture(scope="module")
def keras() -> Any:
    return import_keras()


@settings(max_examples=50, deadline=None)
@given(stack_specs())
def test_prediction_equals_keras(spec: StackSpec) -> None:
    report = inspect_stack(spec)
    assert report.observed is not None
    assert report.source == "observed"
    failed = [check for check in report.checks if not check.passed]
    assert not failed
    assert report.ok
    states = sum(layer.return_state for layer in spec.layers)
    assert [check.name for check in report.checks[:2]] == [
        "shapes match the prediction",
        "parameters match the prediction",
    ]
    assert len(report.checks) == 2 + states
    predicted = {row.name: row.shape for row in report.predicted.tensors}
    observed = {row.name: row.shape for row in report.observed.tensors}
    assert [row.name for row in report.observed.tensors] == [row.name for row in report.predicted.tensors]
    assert observed == predicted
    assert [(i.name, i.kind, i.params, i.weights) for i in report.observed.layers] == [
        (i.name, i.kind, i.params, i.weights) for i in report.predicted.layers
    ]
    assert report.observed.total_params == report.predicted.total_params
    assert report.run is not None
    assert report.run.backend == "tensorflow"
    assert report.run.device == "CPU:0"


def test_seed_tutorial_stack_in_keras() -> None:
    spec = StackSpec(
        layers=(LayerSpec(units=20, return_sequences=True, return_state=True),), device=DeviceChoice.CPU
    )
    report = inspect_stack(spec)
    assert report.ok
    assert report.observed is not None
    assert report.observed.tensor("lstm_1.output").shape == (32, 25, 20)
    assert report.observed.tensor("lstm_1.hidden").shape == (32, 20)
    assert report.observed.tensor("lstm_1.cell").shape == (32, 20)
    assert report.observed.layer("lstm_1").params == 1_760
    assert [(c.name, c.passed, c.detail) for c in report.checks] == [
        ("shapes match the prediction", True, "all 4 tensors"),
        ("parameters match the prediction", True, "1,760 in 1 layer"),
        ("lstm_1: output[:, -1, :] == h", True, "exactly equal"),
    ]


def test_state_invariant_without_sequences_compares_the_whole_output() -> None:
    spec = StackSpec(
        batch=2, window=3, layers=(LayerSpec(units=2, return_state=True),), device=DeviceChoice.CPU
    )
    checks = inspect_stack(spec).checks
    assert (checks[-1].name, checks[-1].passed) == ("lstm_1: output == h", True)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_state_invariant_holds_when_values_overflow_to_nan() -> None:
    layer = LayerSpec(units=8, activation="exponential", return_sequences=True, return_state=True)
    spec = StackSpec(batch=2, window=20, features=4, layers=(layer,), device=DeviceChoice.CPU)
    values = observe(spec).values
    # The premise: the numbers really overflowed, and h is bit-for-bit the last step.
    if not np.isnan(values["lstm_1.hidden"]).any():
        pytest.skip("this platform's numbers did not overflow to NaN")
    assert np.array_equal(values["lstm_1.output"][:, -1, :], values["lstm_1.hidden"], equal_nan=True)
    report = inspect_stack(spec)
    assert report.ok, report.checks


# --- the identifier lists against Keras's registries -------------------------------------------

# Registry names we leave out on purpose (see lstm_shapes/identifiers.py).
DOCUMENTED_EXCLUSIONS = {"constant", "threshold", "glu", "stft"}
BASE_CLASSES = {"initializer", "regularizer", "constraint"}


def registry(module: str) -> set[str]:
    return set(importlib.import_module(f"keras.src.{module}").ALL_OBJECTS_DICT)


def test_listed_activations_are_keras_activations(keras: Any) -> None:
    for name in ids.ACTIVATIONS:
        assert callable(keras.activations.get(name)), name


def test_listed_initializers_are_keras_initializers(keras: Any) -> None:
    for name in ids.KERNEL_INITIALIZERS:
        initializer = keras.initializers.get(name)
        assert isinstance(initializer, keras.initializers.Initializer), name
        assert tuple(initializer((3, 8)).shape) == (3, 8), name


def test_bias_initializers_fill_a_vector_and_matrix_ones_do_not(keras: Any) -> None:
    for name in ids.BIAS_INITIALIZERS:
        assert tuple(keras.initializers.get(name)((8,)).shape) == (8,), name
    for name in ids.MATRIX_INITIALIZERS:
        with pytest.raises(ValueError):
            keras.initializers.get(name)((8,))


def test_listed_regularizers_are_keras_regularizers(keras: Any) -> None:
    for name in ids.WEIGHT_REGULARIZERS:
        regularizer = keras.regularizers.get(name)
        assert isinstance(regularizer, keras.regularizers.Regularizer), name
        assert np.ndim(keras.ops.convert_to_numpy(regularizer(keras.ops.ones((3, 4))))) == 0, name
    for name in ids.VECTOR_REGULARIZERS:
        keras.regularizers.get(name)(keras.ops.ones((4,)))
    with pytest.raises(ValueError):
        keras.regularizers.get("orthogonal_regularizer")(keras.ops.ones((4,)))


def test_listed_constraints_are_keras_constraints(keras: Any) -> None:
    for name in ids.CONSTRAINTS:
        constraint = keras.constraints.get(name)
        assert isinstance(constraint, keras.constraints.Constraint), name
        assert tuple(constraint(keras.ops.ones((3, 4))).shape) == (3, 4), name


@pytest.mark.parametrize(
    ("module", "ours"),
    [
        ("activations", set(ids.ACTIVATIONS)),
        ("initializers", set(ids.KERNEL_INITIALIZERS)),
        ("regularizers", set(ids.WEIGHT_REGULARIZERS)),
        ("constraints", set(ids.CONSTRAINTS)),
    ],
)
def test_every_registry_name_is_listed_or_excluded_on_purpose(
    keras: Any, module: str, ours: set[str]
) -> None:
    names = registry(module)
    assert ours <= names, ours - names
    left_out = names - ours
    unexplained = {
        name
        for name in left_out
        if not name[0].isupper() and name not in BASE_CLASSES and name not in DOCUMENTED_EXCLUSIONS
    }
    assert unexplained == set()


def test_the_documented_exclusions_are_still_in_keras(keras: Any) -> None:
    assert {"glu", "threshold"} <= registry("activations")
    assert {"constant", "stft"} <= registry("initializers")


# --- the seed makes a run repeatable -----------------------------------------------------------

SMALL = StackSpec(
    batch=2,
    window=4,
    features=2,
    layers=(LayerSpec(units=3, return_sequences=True, return_state=True),),
    head=HeadSpec(HeadKind.DENSE, 2),
    device=DeviceChoice.CPU,
    seed=7,
)


def test_same_seed_gives_identical_numbers() -> None:
    first, second = observe(SMALL).values, observe(SMALL).values
    assert sorted(first) == ["head.output", "input", "lstm_1.cell", "lstm_1.hidden", "lstm_1.output"]
    assert sorted(second) == sorted(first)
    for name in first:
        assert first[name].dtype == np.float32, name
        assert np.array_equal(first[name], second[name]), name


def test_different_seed_gives_different_numbers() -> None:
    first, other = observe(SMALL).values, observe(replace(SMALL, seed=8)).values
    for name in first:
        assert first[name].shape == other[name].shape, name
        assert not np.array_equal(first[name], other[name]), name


def test_input_is_uniform_in_zero_to_one() -> None:
    batch = observe(SMALL).values["input"]
    assert batch.shape == (2, 4, 2)
    assert batch.min() >= 0.0
    assert batch.max() < 1.0
