"""`predict` alone: exact numbers from the seed tutorial, then properties over random stacks."""

from __future__ import annotations

from conftest import stack_specs
from hypothesis import given

from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.predict.stack import predict
from lstm_shapes.render.explain import row_notes
from lstm_shapes.spec.shapes import BATCH, FEATURES, HEAD_UNITS, TIME, UNITS, Role, WeightShape
from lstm_shapes.spec.stack import HeadKind, HeadSpec, LayerSpec, StackSpec


def note_of(spec: StackSpec, tensor: str) -> str:
    """The English "Why" note of one tensor, as the table and the JSON print it."""
    rows = list(predict(spec).tensors)
    notes = row_notes(spec, rows, ENGLISH)
    return dict(zip([row.name for row in rows], notes, strict=True))[tensor]


def seed_stack(*, head: HeadKind = HeadKind.NONE, **layer: object) -> StackSpec:
    """The tutorial's x = tf.random.uniform((32, 25, 1)) under one LSTM(20)."""
    return StackSpec(
        batch=32,
        window=25,
        features=1,
        layers=(LayerSpec(units=20, **layer),),
        head=HeadSpec(head, 10),  # type: ignore[arg-type]
    )


def names(report_tensors: tuple[object, ...]) -> list[str]:
    return [row.name for row in report_tensors]  # type: ignore[attr-defined]


# --- the seed's numbers ------------------------------------------------------------------------


def test_lstm_20_on_the_seed_batch() -> None:
    report = predict(seed_stack())
    lstm = report.layer("lstm_1")
    assert lstm.kind == "LSTM"
    assert lstm.params == 1_760
    assert lstm.weights == (
        WeightShape("kernel", (1, 80)),
        WeightShape("recurrent_kernel", (20, 80)),
        WeightShape("bias", (80,)),
    )
    assert names(report.tensors) == ["input", "lstm_1.output"]
    assert report.tensor("input").shape == (32, 25, 1)
    assert report.tensor("input").axes == (BATCH, TIME, FEATURES)
    assert report.tensor("input").role is Role.INPUT
    assert report.tensor("lstm_1.output").shape == (32, 20)
    assert report.tensor("lstm_1.output").axes == (BATCH, UNITS)
    assert report.total_params == 1_760


def test_return_sequences_keeps_the_time_axis() -> None:
    out = predict(seed_stack(return_sequences=True)).tensor("lstm_1.output")
    assert out.shape == (32, 25, 20)
    assert out.axes == (BATCH, TIME, UNITS)
    assert note_of(seed_stack(return_sequences=True), "lstm_1.output") == (
        "return_sequences=True: 20 units at each of the 25 steps"
    )


def test_last_step_note() -> None:
    assert note_of(seed_stack(), "lstm_1.output") == (
        "return_sequences=False: 20 units at the last of input's 25 steps"
    )


def test_no_bias_drops_the_bias_weight() -> None:
    lstm = predict(seed_stack(use_bias=False)).layer("lstm_1")
    assert lstm.params == 1_680
    assert lstm.weights == (WeightShape("kernel", (1, 80)), WeightShape("recurrent_kernel", (20, 80)))


def test_return_state_adds_h_and_c() -> None:
    report = predict(seed_stack(return_sequences=True, return_state=True))
    assert names(report.tensors) == ["input", "lstm_1.output", "lstm_1.hidden", "lstm_1.cell"]
    assert report.tensor("lstm_1.output").shape == (32, 25, 20)
    for name, role in (("lstm_1.hidden", Role.HIDDEN), ("lstm_1.cell", Role.CELL)):
        row = report.tensor(name)
        assert row.shape == (32, 20)
        assert row.axes == (BATCH, UNITS)
        assert row.role is role
        assert row.layer == "lstm_1"
    assert report.total_params == 1_760


def test_dense_head_on_the_last_step() -> None:
    report = predict(seed_stack(head=HeadKind.DENSE))
    head = report.layer("head")
    assert head.kind == "Dense"
    assert head.params == 210
    assert head.weights == (WeightShape("kernel", (20, 10)), WeightShape("bias", (10,)))
    out = report.tensor("head.output")
    assert out.shape == (32, 10)
    assert out.axes == (BATCH, HEAD_UNITS)
    assert report.total_params == 1_970


def test_dense_head_acts_on_the_last_axis_of_a_sequence() -> None:
    report = predict(seed_stack(head=HeadKind.DENSE, return_sequences=True))
    assert report.layer("head").kind == "Dense"
    assert report.tensor("head.output").shape == (32, 25, 10)
    assert report.tensor("head.output").axes == (BATCH, TIME, HEAD_UNITS)


def test_time_distributed_head() -> None:
    report = predict(seed_stack(head=HeadKind.TIME_DISTRIBUTED, return_sequences=True))
    head = report.layer("head")
    assert head.kind == "TimeDistributed(Dense)"
    assert head.params == 210
    assert head.config == {"units": 10}
    assert report.tensor("head.output").shape == (32, 25, 10)
    assert names(report.tensors) == ["input", "lstm_1.output", "head.output"]


def test_stacked_features_propagate() -> None:
    spec = StackSpec(
        batch=4,
        window=6,
        features=3,
        layers=(
            LayerSpec(units=8, return_sequences=True),
            LayerSpec(units=5, return_sequences=True),
            LayerSpec(units=2),
        ),
        head=HeadSpec(HeadKind.DENSE, 7),
    )
    report = predict(spec)
    assert [info.name for info in report.layers] == ["lstm_1", "lstm_2", "lstm_3", "head"]
    assert report.layer("lstm_1").weights[0] == WeightShape("kernel", (3, 32))
    assert report.layer("lstm_2").weights[0] == WeightShape("kernel", (8, 20))
    assert report.layer("lstm_3").weights[0] == WeightShape("kernel", (5, 8))
    assert report.layer("lstm_3").weights[1] == WeightShape("recurrent_kernel", (2, 8))
    # 4*(U*(F+U)+U) for each layer, then a 2 -> 7 Dense.
    assert [info.params for info in report.layers] == [384, 280, 64, 21]
    assert report.total_params == 749
    assert report.tensor("lstm_1.output").shape == (4, 6, 8)
    assert report.tensor("lstm_2.output").shape == (4, 6, 5)
    assert report.tensor("lstm_3.output").shape == (4, 2)
    assert report.tensor("head.output").shape == (4, 7)
    assert note_of(spec, "lstm_3.output") == "return_sequences=False: 2 units at the last of lstm_2's 6 steps"


def test_layer_config_is_the_keras_config() -> None:
    spec = seed_stack(dropout=0.25, kernel_constraint="max_norm")
    config = predict(spec).layer("lstm_1").config
    assert config == spec.layers[0].describe()
    assert config == {
        "cell": "lstm",
        **spec.layers[0].keras_config(),
        "bidirectional": False,
        "merge_mode": None,
    }
    assert config["dropout"] == 0.25
    assert config["kernel_constraint"] == "max_norm"
    assert config["bias_constraint"] is None


def test_input_note_counts_features() -> None:
    assert note_of(StackSpec(features=1), "input") == "25 time steps of 1 feature per sample"
    assert note_of(StackSpec(window=3, features=2), "input") == "3 time steps of 2 features per sample"


# --- properties over random stacks ------------------------------------------------------------


def lstm_params(features: int, units: int, use_bias: bool) -> int:
    return 4 * (units * (features + units) + (units if use_bias else 0))


@given(stack_specs())
def test_lstm_params_follow_the_formula(spec: StackSpec) -> None:
    report = predict(spec)
    features = spec.features
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        info = report.layer(name)
        u = layer.units
        assert info.params == lstm_params(features, u, layer.use_bias)
        expected = [WeightShape("kernel", (features, 4 * u)), WeightShape("recurrent_kernel", (u, 4 * u))]
        if layer.use_bias:
            expected.append(WeightShape("bias", (4 * u,)))
        assert info.weights == tuple(expected)
        features = u


@given(stack_specs())
def test_tensor_rows_follow_the_flags(spec: StackSpec) -> None:
    report = predict(spec)
    b, t = spec.batch, spec.window
    expected = ["input"]
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        expected.append(f"{name}.output")
        out = report.tensor(f"{name}.output")
        u = layer.units
        assert out.shape == ((b, t, u) if layer.return_sequences else (b, u))
        if layer.return_state:
            expected += [f"{name}.hidden", f"{name}.cell"]
            assert report.tensor(f"{name}.hidden").shape == (b, u)
            assert report.tensor(f"{name}.cell").shape == (b, u)
    if spec.head.kind is not HeadKind.NONE:
        expected.append("head.output")
        top = report.tensor(f"{spec.layer_names[-1]}.output").shape
        assert report.tensor("head.output").shape == (*top[:-1], spec.head.units)
    assert names(report.tensors) == expected


@given(stack_specs())
def test_axes_name_every_dimension(spec: StackSpec) -> None:
    for row in predict(spec).tensors:
        assert len(row.axes) == len(row.shape), row.name
        assert row.axes[0] == BATCH
        assert row.shape[0] == spec.batch
        assert (row.axes[1] == TIME) == (len(row.shape) == 3)


@given(stack_specs())
def test_total_is_the_sum_of_the_layers(spec: StackSpec) -> None:
    report = predict(spec)
    assert report.total_params == sum(info.params for info in report.layers)
    features, total = spec.features, 0
    for layer in spec.layers:
        total += lstm_params(features, layer.units, layer.use_bias)
        features = layer.units
    if spec.head.kind is not HeadKind.NONE:
        total += features * spec.head.units + spec.head.units
        assert len(report.layers) == len(spec.layers) + 1
    else:
        assert len(report.layers) == len(spec.layers)
    assert report.total_params == total
