"""Validation of `StackSpec` and friends: pure, no Keras, every error names its field."""

from __future__ import annotations

import math
from typing import Any

import pytest

from lstm_shapes.errors import ExitCode, InvalidSpec, LstmShapesError
from lstm_shapes.spec import identifiers as ids
from lstm_shapes.spec.stack import DeviceChoice, HeadKind, HeadSpec, LayerSpec, StackSpec

FRACTION_HINT = "It is the fraction of units dropped while training, for example 0.2."
IMPLEMENTATION_HINT = "1 computes each gate with its own small matrix product, 2 all gates at once."
RANK2_HINT = "orthogonal_regularizer needs a 2-D tensor; use l1, l2 or l1l2 here."


def layer_error(**settings: Any) -> InvalidSpec:
    with pytest.raises(InvalidSpec) as info:
        LayerSpec(**settings)
    return info.value


def stack_error(**settings: Any) -> InvalidSpec:
    with pytest.raises(InvalidSpec) as info:
        StackSpec(**settings)
    return info.value


def test_defaults_are_the_seed_tutorial() -> None:
    spec = StackSpec()
    assert spec.input_shape == (32, 25, 1)
    assert spec.layers == (LayerSpec(),)
    assert spec.layers[0].units == 20
    assert spec.head == HeadSpec(HeadKind.NONE, 10)
    assert spec.device is DeviceChoice.AUTO
    assert spec.seed == 0
    assert spec.layer_names == ("lstm_1",)


def test_layer_names_count_from_one_bottom_first() -> None:
    spec = StackSpec(layers=(LayerSpec(return_sequences=True), LayerSpec(return_sequences=True), LayerSpec()))
    assert spec.layer_names == ("lstm_1", "lstm_2", "lstm_3")


def test_keras_config_uses_keras_names_and_none() -> None:
    config = LayerSpec(units=3, kernel_regularizer="l2", bias_constraint="non_neg").keras_config()
    assert config["units"] == 3
    assert config["kernel_regularizer"] == "l2"
    assert config["bias_constraint"] == "non_neg"
    assert config["recurrent_regularizer"] is None
    assert config["activity_regularizer"] is None
    assert config["kernel_constraint"] is None
    assert config["implementation"] == 2
    assert config["recurrent_activation"] == "sigmoid"
    assert len(config) == 23


def test_invalid_spec_is_an_input_error() -> None:
    error = stack_error(batch=0)
    assert isinstance(error, LstmShapesError)
    assert error.exit_code is ExitCode.INVALID_INPUT
    assert int(error.exit_code) == 2


# --- sizes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["batch", "window", "features"])
@pytest.mark.parametrize("value", [0, -3])
def test_stack_sizes_must_be_positive(name: str, value: int) -> None:
    error = stack_error(**{name: value})
    assert error.field == name
    assert error.problem == f"must be at least 1, got {value}"
    assert str(error) == f"{name}: must be at least 1, got {value}"
    assert error.hint is None


@pytest.mark.parametrize("value", [0, -1])
def test_units_must_be_positive(value: int) -> None:
    error = layer_error(units=value)
    assert error.field == "units"
    assert error.problem == f"must be at least 1, got {value}"


@pytest.mark.parametrize("value", [0, -2])
def test_head_units_must_be_positive(value: int) -> None:
    with pytest.raises(InvalidSpec) as info:
        HeadSpec(HeadKind.DENSE, value)
    assert info.value.field == "head.units"
    assert info.value.problem == f"must be at least 1, got {value}"


def test_seed_may_be_zero_but_not_negative() -> None:
    assert StackSpec(seed=0).seed == 0
    error = stack_error(seed=-1)
    assert error.field == "seed"
    assert error.problem == "must be at least 0, got -1"


@pytest.mark.parametrize("value", [2**32, 2**64])
def test_seed_must_fit_in_32_bits(value: int) -> None:
    """NumPy and TensorFlow seeds are 32-bit; a bigger one used to crash inside NumPy."""
    error = stack_error(seed=value)
    assert error.field == "seed"
    assert error.problem == f"must be below 2**32 = 4,294,967,296, got {value:,}"


def test_largest_32_bit_seed_is_valid() -> None:
    assert StackSpec(seed=2**32 - 1).seed == 4_294_967_295


def test_smallest_sizes_are_valid() -> None:
    spec = StackSpec(batch=1, window=1, features=1, layers=(LayerSpec(units=1),))
    assert spec.input_shape == (1, 1, 1)


# --- types -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["batch", "window", "features", "seed"])
@pytest.mark.parametrize("value", [True, False, 2.0, "3", None])
def test_stack_sizes_must_be_whole_numbers(name: str, value: object) -> None:
    error = stack_error(**{name: value})
    assert error.field == name
    assert error.problem == f"must be a whole number, got {value!r}"


@pytest.mark.parametrize("value", [True, 4.0, "4"])
def test_units_must_be_a_whole_number(value: object) -> None:
    error = layer_error(units=value)
    assert error.field == "units"
    assert error.problem == f"must be a whole number, got {value!r}"


def test_head_units_must_be_a_whole_number() -> None:
    with pytest.raises(InvalidSpec) as info:
        HeadSpec(HeadKind.DENSE, True)  # type: ignore[arg-type]
    assert info.value.field == "head.units"
    assert info.value.problem == "must be a whole number, got True"


SWITCHES = (
    "return_sequences",
    "return_state",
    "use_bias",
    "go_backwards",
    "stateful",
    "unroll",
    "bidirectional",
)
# unit_forget_bias and reset_after take None too: it means "the cell's Keras default".
NOT_BOOLEANS = [
    *((name, value) for name in SWITCHES for value in (1, 0, "yes", None)),
    *(("unit_forget_bias", value) for value in (1, 0, "yes")),
]


@pytest.mark.parametrize(("name", "value"), NOT_BOOLEANS)
def test_switches_must_be_booleans(name: str, value: object) -> None:
    error = layer_error(**{name: value})
    assert error.field == name
    assert error.problem == f"must be true or false, got {value!r}"


@pytest.mark.parametrize("value", [1, 0, "yes"])
def test_reset_after_must_be_a_boolean(value: object) -> None:
    error = layer_error(cell="gru", reset_after=value)
    assert error.field == "reset_after"
    assert error.problem == f"must be true or false, got {value!r}"


def test_cell_settings_default_to_none_and_resolve_to_keras_defaults() -> None:
    layer = LayerSpec()
    assert (layer.recurrent_activation, layer.implementation, layer.unit_forget_bias) == (None, None, None)
    assert layer.reset_after is None
    assert layer.setting("recurrent_activation") == "sigmoid"
    assert layer.setting("implementation") == 2
    assert layer.setting("unit_forget_bias") is True
    assert LayerSpec(cell="gru").setting("reset_after") is True
    assert LayerSpec(unit_forget_bias=False).setting("unit_forget_bias") is False


def test_head_kind_accepts_the_enum_value_as_a_string() -> None:
    assert HeadSpec("dense") == HeadSpec(HeadKind.DENSE)  # type: ignore[arg-type]
    assert HeadSpec("dense").kind is HeadKind.DENSE  # type: ignore[arg-type]
    assert HeadSpec("time-distributed", 4).kind is HeadKind.TIME_DISTRIBUTED  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "guess"), [("bogus", ""), ("Dense", "; did you mean 'dense'?"), (3, ""), (None, "")]
)
def test_head_kind_must_be_one_of_the_enum_values(value: object, guess: str) -> None:
    with pytest.raises(InvalidSpec) as info:
        HeadSpec(value)  # type: ignore[arg-type]
    assert info.value.field == "head"
    expected = (
        f"head: unknown value {value!r}{guess or '.'} Valid values: none, dense, time-distributed, flatten."
    )
    assert str(info.value) == expected


def test_device_accepts_the_enum_value_as_a_string() -> None:
    assert StackSpec(device="cpu").device is DeviceChoice.CPU  # type: ignore[arg-type]
    assert StackSpec(device="gpu").device is DeviceChoice.GPU  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "guess"), [("tpu", "; did you mean 'gpu'?"), ("CPU", "; did you mean 'cpu'?"), (None, "")]
)
def test_device_must_be_one_of_the_enum_values(value: object, guess: str) -> None:
    error = stack_error(device=value)
    assert error.field == "device"
    assert error.problem == f"unknown value {value!r}{guess or '.'} Valid values: auto, cpu, gpu."


@pytest.mark.parametrize("layers", [(), []])
def test_stack_needs_a_tuple_of_at_least_one_layer(layers: object) -> None:
    error = stack_error(layers=layers)
    assert error.field == "layers"
    assert error.problem == "the stack needs at least one recurrent layer"


# --- dropout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dropout", "recurrent_dropout"])
@pytest.mark.parametrize("value", [1, 1.0, 1.5, -0.1, -1e-9, math.inf, -math.inf, math.nan])
def test_dropout_must_be_in_zero_to_one(name: str, value: float) -> None:
    error = layer_error(**{name: value})
    assert error.field == name
    assert error.problem == f"must be at least 0 and below 1, got {value}"
    assert error.hint == FRACTION_HINT


def test_nan_dropout_names_nan() -> None:
    assert layer_error(dropout=math.nan).problem == "must be at least 0 and below 1, got nan"


@pytest.mark.parametrize("name", ["dropout", "recurrent_dropout"])
@pytest.mark.parametrize("value", [True, "0.2", None])
def test_dropout_must_be_a_number(name: str, value: object) -> None:
    error = layer_error(**{name: value})
    assert error.field == name
    assert error.problem == f"must be a number, got {value!r}"


@pytest.mark.parametrize("value", [0, 0.0, 0.5, 0.999999])
def test_dropout_edges_that_are_valid(value: float) -> None:
    assert LayerSpec(dropout=value, recurrent_dropout=value).dropout == value


# --- identifiers -----------------------------------------------------------------------------


def valid_values(choices: tuple[str, ...]) -> str:
    return f"Valid values: {', '.join(choices)}."


OPTIONAL_WEIGHT = (ids.NONE, *ids.WEIGHT_REGULARIZERS)
OPTIONAL_VECTOR = (ids.NONE, *ids.VECTOR_REGULARIZERS)
OPTIONAL_CONSTRAINTS = (ids.NONE, *ids.CONSTRAINTS)


@pytest.mark.parametrize(
    ("name", "typo", "guess", "choices"),
    [
        ("activation", "reul", "relu", ids.ACTIVATIONS),
        ("recurrent_activation", "sigmod", "sigmoid", ids.ACTIVATIONS),
        ("kernel_initializer", "glorot_unifrom", "glorot_uniform", ids.KERNEL_INITIALIZERS),
        ("recurrent_initializer", "orthogonl", "orthogonal", ids.KERNEL_INITIALIZERS),
        ("bias_initializer", "zero_s", "zeros", ids.BIAS_INITIALIZERS),
        ("kernel_regularizer", "l1_l2", "l1l2", OPTIONAL_WEIGHT),
        ("recurrent_regularizer", "orthogonal_regulariser", "orthogonal_regularizer", OPTIONAL_WEIGHT),
        ("bias_regularizer", "l1l22", "l1l2", OPTIONAL_VECTOR),
        ("activity_regularizer", "nnone", "none", OPTIONAL_VECTOR),
        ("kernel_constraint", "max_nrom", "max_norm", OPTIONAL_CONSTRAINTS),
        ("recurrent_constraint", "unit_nrom", "unit_norm", OPTIONAL_CONSTRAINTS),
        ("bias_constraint", "nonneg", "non_neg", OPTIONAL_CONSTRAINTS),
    ],
)
def test_unknown_name_suggests_a_close_match_and_lists_valid_values(
    name: str, typo: str, guess: str, choices: tuple[str, ...]
) -> None:
    error = layer_error(**{name: typo})
    assert error.field == name
    assert error.problem == f"unknown value {typo!r}; did you mean {guess!r}? {valid_values(choices)}"
    assert error.hint is None


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("activation", ids.ACTIVATIONS),
        ("kernel_initializer", ids.KERNEL_INITIALIZERS),
        ("bias_regularizer", OPTIONAL_VECTOR),
        ("kernel_constraint", OPTIONAL_CONSTRAINTS),
    ],
)
def test_unknown_name_without_a_close_match(name: str, choices: tuple[str, ...]) -> None:
    error = layer_error(**{name: "foo"})
    assert error.problem == f"unknown value 'foo'. {valid_values(choices)}"


def test_python_none_is_not_an_activation_name() -> None:
    error = layer_error(activation=None)
    assert error.field == "activation"
    assert error.problem == f"unknown value None. {valid_values(ids.ACTIVATIONS)}"


def test_every_listed_identifier_is_accepted() -> None:
    for name in ids.ACTIVATIONS:
        assert LayerSpec(activation=name, recurrent_activation=name).activation == name
    for name in ids.KERNEL_INITIALIZERS:
        assert LayerSpec(kernel_initializer=name, recurrent_initializer=name).kernel_initializer == name
    for name in ids.BIAS_INITIALIZERS:
        assert LayerSpec(bias_initializer=name).bias_initializer == name
    for name in OPTIONAL_WEIGHT:
        assert LayerSpec(kernel_regularizer=name, recurrent_regularizer=name).kernel_regularizer == name
    for name in OPTIONAL_VECTOR:
        assert LayerSpec(bias_regularizer=name, activity_regularizer=name).bias_regularizer == name
    for name in OPTIONAL_CONSTRAINTS:
        spec = LayerSpec(kernel_constraint=name, recurrent_constraint=name, bias_constraint=name)
        assert spec.bias_constraint == name


@pytest.mark.parametrize("initializer", ids.MATRIX_INITIALIZERS)
def test_matrix_only_initializers_are_refused_for_the_bias(initializer: str) -> None:
    error = layer_error(bias_initializer=initializer)
    assert error.field == "bias_initializer"
    assert error.problem == f"unknown value {initializer!r}. {valid_values(ids.BIAS_INITIALIZERS)}"
    assert error.hint == (
        f"{initializer!r} only fills 2-D matrices and the bias is 1-D; "
        "use it for kernel_initializer or recurrent_initializer."
    )
    # ...and they are fine where the weight is a matrix.
    spec = LayerSpec(kernel_initializer=initializer, recurrent_initializer=initializer)
    assert spec.recurrent_initializer == initializer


def test_initializer_lists_differ_by_the_matrix_only_ones() -> None:
    assert set(ids.KERNEL_INITIALIZERS) - set(ids.BIAS_INITIALIZERS) == set(ids.MATRIX_INITIALIZERS)
    assert set(ids.BIAS_INITIALIZERS) <= set(ids.KERNEL_INITIALIZERS)


@pytest.mark.parametrize("name", ["bias_regularizer", "activity_regularizer"])
def test_orthogonal_regularizer_needs_a_matrix(name: str) -> None:
    error = layer_error(**{name: "orthogonal_regularizer"})
    assert error.field == name
    assert error.problem == f"unknown value 'orthogonal_regularizer'. {valid_values(OPTIONAL_VECTOR)}"
    assert error.hint == RANK2_HINT


def test_orthogonal_regularizer_is_fine_on_kernels() -> None:
    spec = LayerSpec(
        kernel_regularizer="orthogonal_regularizer", recurrent_regularizer="orthogonal_regularizer"
    )
    assert spec.keras_config()["recurrent_regularizer"] == "orthogonal_regularizer"


# --- implementation --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 3, -1, True, False, "2"])
def test_implementation_is_1_or_2(value: object) -> None:
    error = layer_error(implementation=value)
    assert error.field == "implementation"
    assert error.problem == f"must be 1 or 2, got {value!r}"
    assert error.hint == IMPLEMENTATION_HINT


@pytest.mark.parametrize("value", [1, 2])
def test_implementation_values_that_are_valid(value: int) -> None:
    assert LayerSpec(implementation=value).implementation == value


def test_implementation_not_given_is_kerass_default() -> None:
    layer = LayerSpec(implementation=None)
    assert layer.implementation is None
    assert layer.keras_config()["implementation"] == 2


def test_implementation_must_be_a_whole_number() -> None:
    error = layer_error(implementation=2.0)
    assert error.field == "implementation"


# --- rules between layers --------------------------------------------------------------------


def test_lower_layer_must_return_sequences() -> None:
    error = stack_error(layers=(LayerSpec(units=3), LayerSpec(units=2)))
    assert error.field == "lstm_1.return_sequences"
    assert error.problem == (
        "lstm_1 returns a 2-D (batch, units) output, but lstm_2 above it needs a "
        "3-D (batch, time steps, features) input"
    )
    assert error.hint == (
        "Set return_sequences = true on lstm_1: every layer below the top one must return the whole sequence."
    )


def test_the_first_offending_lower_layer_is_named() -> None:
    layers = (LayerSpec(return_sequences=True), LayerSpec(), LayerSpec())
    assert stack_error(layers=layers).field == "lstm_2.return_sequences"


def test_top_layer_may_return_a_single_step() -> None:
    spec = StackSpec(layers=(LayerSpec(return_sequences=True), LayerSpec(return_sequences=False)))
    assert spec.layers[-1].return_sequences is False


def test_time_distributed_head_needs_a_3d_output() -> None:
    error = stack_error(layers=(LayerSpec(units=20),), head=HeadSpec(HeadKind.TIME_DISTRIBUTED))
    assert error.field == "head"
    assert error.problem == (
        "TimeDistributed needs a 3-D (batch, time steps, features) input, but lstm_1 returns a "
        "2-D (batch, units) output because return_sequences is off"
    )
    assert error.hint == (
        "Return the whole sequence from lstm_1 (--return-sequences) to keep the time axis, "
        "or use a Dense head (--head dense), which works on the 2-D output."
    )


def test_time_distributed_head_names_the_top_layer() -> None:
    layers = (LayerSpec(return_sequences=True), LayerSpec())
    error = stack_error(layers=layers, head=HeadSpec(HeadKind.TIME_DISTRIBUTED))
    assert "but lstm_2 returns a 2-D (batch, units) output" in error.problem


@pytest.mark.parametrize("return_sequences", [False, True])
def test_dense_head_fits_either_output(return_sequences: bool) -> None:
    spec = StackSpec(layers=(LayerSpec(return_sequences=return_sequences),), head=HeadSpec(HeadKind.DENSE))
    assert spec.head.kind is HeadKind.DENSE


def test_time_distributed_head_fits_a_sequence() -> None:
    spec = StackSpec(layers=(LayerSpec(return_sequences=True),), head=HeadSpec(HeadKind.TIME_DISTRIBUTED, 4))
    assert spec.head == HeadSpec(HeadKind.TIME_DISTRIBUTED, 4)


def test_specs_are_frozen() -> None:
    spec = StackSpec()
    with pytest.raises(AttributeError):
        spec.batch = 3  # type: ignore[misc]
