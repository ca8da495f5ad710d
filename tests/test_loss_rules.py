"""Each loss's rule for y against the output, with Keras's own loss code as the oracle.

The loss is called the way `compile(loss=NAME)` calls it: Keras's function wrapped in
`LossFunctionWrapper` (which squeezes or expands a trailing 1 first), on tiny arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from lstm_shapes.predict.losses import RULES, LossName, Outcome, align, broadcast, loss_verdict


@pytest.fixture(scope="module")
def keras() -> Any:
    from lstm_shapes.observe.framework import import_keras

    return import_keras(None)


OUTPUTS_AND_TARGETS = [
    # (output, y): same shape, missing last axis, time axis vs none, wrong length
    ((4, 1), (4, 1)),
    ((4, 1), (4,)),
    ((4, 1), (4, 6)),
    ((4, 1), (4, 5, 1)),
    ((4, 3), (4, 3)),
    ((4, 3), (4, 1)),
    ((4, 3), (4,)),
    ((4, 3), (4, 2)),
    ((4, 5, 3), (4, 5, 3)),
    ((4, 5, 3), (4, 5)),
    ((4, 5, 3), (4, 3)),
    ((4, 5, 3), (4, 7, 3)),
    ((4, 5, 1), (4, 5)),
    ((4, 5, 1), (4, 1)),
    ((4, 5, 1), (4, 7, 1)),
]


def keras_outcome(
    keras: Any, loss: LossName, y_shape: tuple[int, ...], out_shape: tuple[int, ...]
) -> Outcome:
    rng = np.random.default_rng(0)
    out = rng.uniform(0.1, 0.9, size=out_shape).astype("float32")
    if RULES[loss][0].value == "sparse":
        y = rng.integers(0, out_shape[-1], size=y_shape).astype("float32")
    else:
        y = rng.uniform(0.1, 0.9, size=y_shape).astype("float32")
    base = keras.losses.get(loss.value)
    seen: dict[str, tuple[int, ...]] = {}

    def watched(y_true: Any, y_pred: Any) -> Any:
        seen["y"] = tuple(y_true.shape)
        seen["out"] = tuple(y_pred.shape)
        return base(y_true, y_pred)

    from keras.src.losses.losses import LossFunctionWrapper

    wrapper = LossFunctionWrapper(watched)
    try:
        value = wrapper(y, out)
        np.asarray(value)
    except Exception:
        return Outcome.RAISES
    if RULES[loss][0].value == "sparse":
        want = seen["out"][:-1]
        return Outcome.MATCH if seen["y"] in (want, (*want, 1)) else Outcome.SILENT
    return Outcome.MATCH if seen["y"] == seen["out"] else Outcome.SILENT


@pytest.mark.parametrize("loss", list(LossName))
def test_every_loss_rule_matches_keras(keras: Any, loss: LossName) -> None:
    found = []
    for out, y in OUTPUTS_AND_TARGETS:
        ours = loss_verdict(y, out, loss).outcome
        theirs = keras_outcome(keras, loss, y, out)
        if ours is not theirs:
            found.append(f"y {y} vs output {out}: we say {ours.value}, Keras {theirs.value}")
    assert not found, found


def test_every_loss_is_one_keras_knows(keras: Any) -> None:
    for loss in LossName:
        assert callable(keras.losses.get(loss.value))
    assert set(RULES) == set(LossName)


def test_align_is_kerass_squeeze_or_expand(keras: Any) -> None:
    from keras.src.losses.loss import squeeze_or_expand_to_same_rank

    for out, y in OUTPUTS_AND_TARGETS:
        a, b = squeeze_or_expand_to_same_rank(np.zeros(y), np.zeros(out))
        assert align(y, out) == (tuple(a.shape), tuple(b.shape))


def test_broadcast_is_numpys() -> None:
    for a, b in [((4, 6), (4, 1)), ((4,), (4, 5, 3)), ((4, 7, 3), (4, 5, 3)), ((3,), (4, 3))]:
        try:
            want: tuple[int, ...] | None = np.broadcast_shapes(a, b)
        except ValueError:
            want = None
        assert broadcast(a, b) == want


def test_sparse_labels_out_of_range_depend_on_the_backend() -> None:
    on_tf = loss_verdict((4, 1), (4, 3), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 3, True), "tensorflow")
    on_jax = loss_verdict((4, 1), (4, 3), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 3, True), "jax")
    assert (on_tf.outcome, on_jax.outcome) == (Outcome.RAISES, Outcome.SILENT)
    truncated = loss_verdict((4, 1), (4, 3), LossName.SPARSE_CATEGORICAL_CROSSENTROPY, (0, 1.5, False))
    assert truncated.outcome is Outcome.SILENT and truncated.reason.key == "loss_labels_truncated"
