"""How each Keras loss pairs y_true with y_pred: pure rules read from Keras's own code, no Keras.

Every rule below cites the Keras 3 source it was read from (keras-team/keras, the files under
`keras/src/`). One real `train_on_batch` is still the judge (observe/windows.py): when Keras
does something other than the rule says, the report says both and fails.

The path a loss named in `compile(loss=...)` takes:

1. `keras/src/trainers/compile_utils.py` wraps a loss function in `LossFunctionWrapper`
   (`keras/src/losses/losses.py`), whose `call` first runs `squeeze_or_expand_to_same_rank`
   (`keras/src/losses/loss.py`): when the ranks differ by exactly one and the longer one ends
   in 1, that 1 is squeezed off, or, when the other is rank 1, a 1 is added to it (`_align`).
2. The loss function itself then combines the two in one of three ways (`Rule`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import Enum

from lstm_shapes.locales import Phrase
from lstm_shapes.spec.shapes import Shape


class LossName(str, Enum):
    """The losses of `keras.losses` that compare y_true with y_pred element by element, as
    `keras.losses.get` spells them (`keras/src/losses/__init__.py`)."""

    MSE = "mse"
    MAE = "mae"
    MAPE = "mape"
    MSLE = "msle"
    HUBER = "huber"
    LOG_COSH = "log_cosh"
    BINARY_CROSSENTROPY = "binary_crossentropy"
    CATEGORICAL_CROSSENTROPY = "categorical_crossentropy"
    SPARSE_CATEGORICAL_CROSSENTROPY = "sparse_categorical_crossentropy"
    BINARY_FOCAL_CROSSENTROPY = "binary_focal_crossentropy"
    CATEGORICAL_FOCAL_CROSSENTROPY = "categorical_focal_crossentropy"
    KL_DIVERGENCE = "kl_divergence"
    POISSON = "poisson"
    HINGE = "hinge"
    SQUARED_HINGE = "squared_hinge"
    CATEGORICAL_HINGE = "categorical_hinge"
    COSINE_SIMILARITY = "cosine_similarity"


class Rule(str, Enum):
    """How a loss function combines y_true and y_pred once the wrapper has aligned their ranks."""

    # Plain arithmetic (`y_true - y_pred`, `y_true * ops.log(y_pred)`): NumPy broadcasting.
    # A shape that broadcasts runs without a word and compares every target with every output.
    BROADCAST = "broadcast"
    # The backend's crossentropy op checks `target.shape == output.shape` and raises otherwise
    # (`binary_crossentropy` / `categorical_crossentropy` in keras/src/backend/{tensorflow,jax,torch}/nn.py).
    SAME_SHAPE = "same_shape"
    # Integer labels: the loss squeezes a trailing 1 off y, then the backend op checks
    # `target.shape == output.shape[:-1]` (`sparse_categorical_crossentropy` in the same files).
    SPARSE = "sparse"


# Each loss's rule, with the function of keras/src/losses/losses.py it was read from.
RULES: dict[LossName, tuple[Rule, str]] = {
    # `ops.mean(ops.square(y_true - y_pred), axis=-1)` after squeeze_or_expand_to_same_rank.
    LossName.MSE: (Rule.BROADCAST, "mean_squared_error"),
    # `ops.mean(ops.abs(y_true - y_pred), axis=-1)`.
    LossName.MAE: (Rule.BROADCAST, "mean_absolute_error"),
    # `ops.abs((y_true - y_pred) / ops.maximum(ops.abs(y_true), epsilon))`.
    LossName.MAPE: (Rule.BROADCAST, "mean_absolute_percentage_error"),
    # `ops.square(ops.log(y_pred + 1) - ops.log(y_true + 1))`.
    LossName.MSLE: (Rule.BROADCAST, "mean_squared_logarithmic_error"),
    # `error = ops.subtract(y_pred, y_true)`, then `ops.where` on |error| <= delta.
    LossName.HUBER: (Rule.BROADCAST, "huber"),
    # `log_cosh_fn(y_pred - y_true)`.
    LossName.LOG_COSH: (Rule.BROADCAST, "log_cosh"),
    # `ops.binary_crossentropy(y_true, y_pred)`: the backend raises unless the shapes are equal.
    LossName.BINARY_CROSSENTROPY: (Rule.SAME_SHAPE, "binary_crossentropy"),
    # `ops.categorical_crossentropy(y_true, y_pred)`: the backend raises unless the shapes are equal.
    LossName.CATEGORICAL_CROSSENTROPY: (Rule.SAME_SHAPE, "categorical_crossentropy"),
    # Squeezes y's trailing 1, then `ops.sparse_categorical_crossentropy`.
    LossName.SPARSE_CATEGORICAL_CROSSENTROPY: (Rule.SPARSE, "sparse_categorical_crossentropy"),
    # `bce = ops.binary_crossentropy(...)` first: the same shape check as binary_crossentropy.
    LossName.BINARY_FOCAL_CROSSENTROPY: (Rule.SAME_SHAPE, "binary_focal_crossentropy"),
    # `cce = -y_true * ops.log(output)`: no backend op, plain broadcasting.
    LossName.CATEGORICAL_FOCAL_CROSSENTROPY: (Rule.BROADCAST, "categorical_focal_crossentropy"),
    # `ops.sum(y_true * ops.log(y_true / y_pred), axis=-1)`.
    LossName.KL_DIVERGENCE: (Rule.BROADCAST, "kl_divergence"),
    # `ops.mean(y_pred - y_true * ops.log(y_pred + epsilon), axis=-1)`.
    LossName.POISSON: (Rule.BROADCAST, "poisson"),
    # `ops.maximum(1.0 - y_true * y_pred, 0.0)`.
    LossName.HINGE: (Rule.BROADCAST, "hinge"),
    # `ops.square(ops.maximum(1.0 - y_true * y_pred, 0.0))`.
    LossName.SQUARED_HINGE: (Rule.BROADCAST, "squared_hinge"),
    # `ops.sum(y_true * y_pred, axis=-1)` and `ops.max((1.0 - y_true) * y_pred, axis=-1)`.
    LossName.CATEGORICAL_HINGE: (Rule.BROADCAST, "categorical_hinge"),
    # `-ops.sum(normalize(y_true) * normalize(y_pred), axis=-1)`.
    LossName.COSINE_SIMILARITY: (Rule.BROADCAST, "cosine_similarity"),
}

# Backends whose sparse crossentropy raises on a label outside 0 .. classes - 1 on the CPU:
# TensorFlow's `sparse_softmax_cross_entropy_with_logits` and torch's `nll_loss` do; JAX's
# `jnn.one_hot` (keras/src/backend/jax/nn.py) turns such a label into a row of zeros, silently.
LABELS_RAISE = frozenset({"tensorflow", "torch"})


class Outcome(str, Enum):
    """What Keras does with y and the output: trains on matching shapes, trains on something else
    without a word, or raises."""

    MATCH = "match"
    SILENT = "silent"
    RAISES = "raises"


@dataclass(frozen=True)
class LossVerdict:
    """Whether a Keras loss sees y and the output as matching, and, if not, why and what to do."""

    passed: bool
    # What the loss really compares after Keras's own squeeze or expand of a trailing 1.
    y_seen: Shape
    out_seen: Shape
    reason: str
    fix: str
    outcome: Outcome = Outcome.MATCH


def align(y: Shape, out: Shape) -> tuple[Shape, Shape]:
    """`squeeze_or_expand_to_same_rank` (keras/src/losses/loss.py): when the ranks differ by one and
    the longer ends in 1, squeeze that 1 off, or add a 1 to the other when it is rank 1."""
    if len(y) == len(out) + 1 and y[-1] == 1:
        return (y, (*out, 1)) if len(out) == 1 else (y[:-1], out)
    if len(out) == len(y) + 1 and out[-1] == 1:
        return ((*y, 1), out) if len(y) == 1 else (y, out[:-1])
    return y, out


def broadcast(a: Shape, b: Shape) -> Shape | None:
    """NumPy's broadcast of two shapes (right-aligned; a 1 stretches), or None when they clash."""
    found = []
    for x, z in itertools.zip_longest(reversed(a), reversed(b), fillvalue=1):
        if x != z and 1 not in (x, z):
            return None
        found.append(z if x == 1 else x)
    return tuple(reversed(found))


@dataclass(frozen=True)
class TimeChange:
    """A layer that changed the time axis: its name, how (a Phrase), and the steps before and after.

    `before` is None when the input had no time axis (RepeatVector makes one); `after` is None
    when the layer dropped it (Flatten, a recurrent layer returning only its last step).
    """

    layer: str
    how: str
    before: int | None
    after: int | None


def trail(changes: tuple[TimeChange, ...]) -> list[Phrase]:
    """Each change said as 'max_pooling1d (pool 4: 400 → 100)'."""
    return [
        Phrase(
            "time_change",
            layer=c.layer,
            how=c.how,
            before="—" if c.before is None else c.before,
            after="—" if c.after is None else c.after,
        )
        for c in changes
    ]


def build_fix(
    y: Shape, out: Shape, window: int | None = None, changes: tuple[TimeChange, ...] = ()
) -> Phrase:
    """A fix in the built stack's own flags, and the layers that changed the time axis on the way."""
    if len(out) == 3 and len(y) == 2:
        if window is not None and y[1] == window:  # one target per step, without a last axis
            if out[1] != y[1]:
                return Phrase("fix_time_steps", y=y[1], out=out[1], trail=trail(changes))
            return Phrase("fix_last_axis", want=1, columns=out[-1])
        return Phrase("fix_steps_all")
    if len(out) == 2 and len(y) == 3:
        return Phrase("fix_steps_last")
    if len(out) == len(y) == 3 and y[1] != out[1]:
        return Phrase("fix_time_steps", y=y[1], out=out[1], trail=trail(changes))
    if len(out) == len(y) == 2 and window is not None and y[1] == window and out[1] == 1:
        # One target per step of the input, against one output per window.
        return Phrase("fix_per_step", steps=y[1])
    if y[-1] != out[-1]:
        return Phrase("fix_last_axis", want=y[-1], columns=out[-1])
    return Phrase("fix_same_shape")


def loss_verdict(
    y: Shape,
    out: Shape,
    loss: LossName,
    labels: tuple[float, float, bool] | None = None,
    backend: str = "tensorflow",
    window: int | None = None,
    changes: tuple[TimeChange, ...] = (),
) -> LossVerdict:
    """How `loss` pairs targets of shape `y` with an output of shape `out` (both with the batch axis).

    `labels` is the targets' (min, max, all whole numbers?), for the sparse loss's rule: integer
    labels 0 .. classes - 1. `backend` decides what a label out of range does (LABELS_RAISE).
    `window` (the input's steps) and `changes` (the layers that changed the time axis) shape the fix.
    """
    rule, function = RULES[loss]
    y_seen, out_seen = align(y, out)
    if rule is Rule.SPARSE:
        # losses.py squeezes a trailing 1 off y when the ranks are equal; the op wants out[:-1].
        if len(y_seen) == len(out_seen) and y_seen and y_seen[-1] == 1:
            y_seen = y_seen[:-1]
        want = out_seen[:-1]
        if y_seen != want:
            return LossVerdict(
                False,
                y,
                out,
                Phrase("loss_sparse_shape", want=str(want), other=str((*want, 1)), out=str(out)),
                Phrase("fix_class_column")
                if len(y) == len(out) and y[-1] != 1
                else build_fix(y, out, window, changes),
                Outcome.RAISES,
            )
        if labels is not None:
            low, high, whole = labels
            classes = out[-1]
            outside = low < 0 or high >= classes
            if outside or not whole:
                raises = outside and backend in LABELS_RAISE
                key = "loss_labels" if outside else "loss_labels_truncated"
                return LossVerdict(
                    False,
                    y,
                    out,
                    Phrase(
                        key,
                        top=classes - 1,
                        low=f"{low:g}",
                        high=f"{high:g}",
                        backend=backend,
                        said=Phrase("keras_raises" if raises else "keras_silent"),
                    ),
                    Phrase("fix_labels", units=int(max(high, 0)) + 1),
                    Outcome.RAISES if raises else Outcome.SILENT,
                )
        return LossVerdict(True, y_seen, out_seen, "", "")
    if y_seen == out_seen:
        return LossVerdict(True, y_seen, out_seen, "", "")
    if rule is Rule.SAME_SHAPE:
        reason = Phrase("loss_same_shape", loss=loss.value, y=str(y_seen), out=str(out_seen), op=function)
        return LossVerdict(
            False, y_seen, out_seen, reason, build_fix(y, out, window, changes), Outcome.RAISES
        )
    both = broadcast(y_seen, out_seen)
    if both is None:
        reason = Phrase("loss_cannot_pair", y=str(y_seen), out=str(out_seen), loss=loss.value)
        return LossVerdict(
            False, y_seen, out_seen, reason, build_fix(y, out, window, changes), Outcome.RAISES
        )
    reason = Phrase("loss_broadcasts", y=str(y_seen), out=str(out_seen), both=str(both), loss=loss.value)
    return LossVerdict(False, y_seen, out_seen, reason, build_fix(y, out, window, changes), Outcome.SILENT)


def labels_of(values: object) -> tuple[float, float, bool] | None:
    """The (min, max, all whole?) of the finite targets, for the sparse loss's label rule."""
    import numpy as np

    array = np.asarray(values, dtype=np.float64)
    finite = array[np.isfinite(array)]
    if not finite.size:
        return None
    return float(finite.min()), float(finite.max()), bool(np.all(finite == np.round(finite)))
