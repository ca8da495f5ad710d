"""The Keras layers a StackSpec describes, seeded so that the weights follow from --seed alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lstm_shapes.kinds import FUSED
from lstm_shapes.spec.masking import EMBEDDING_NAME, MASKING_NAME
from lstm_shapes.spec.refusals import environment
from lstm_shapes.spec.shapes import CONV_NAME, HEAD_NAME, Role
from lstm_shapes.spec.stack import CELL_DEFAULTS, HeadKind, LayerSpec, MergeMode, StackSpec
from lstm_shapes.spec.topology import kind_of, output_slots

SEED_SPACE = 2**31 - 1
# Offsets that keep the seeds of the conv, the head and backward layers apart from the stack's.
CONV_SEEDS, HEAD_SEEDS, BACKWARD_SEEDS = 500, 600, 1000
EMBEDDING_SEEDS = 700


def seeded(keras: Any, config: dict[str, Any], seed: int, layer: int) -> dict[str, Any]:
    """`config` with each random initializer given its own seed, derived from `seed`.

    Explicit seeds make the weights a function of --seed alone. The alternative,
    `keras.utils.set_random_seed` before each stack, also resets TensorFlow's global
    seed, and that clears TensorFlow's kernel cache: a third of each later case's time
    in a spec file.
    """
    out = dict(config)
    for i, key in enumerate(("kernel_initializer", "recurrent_initializer", "bias_initializer")):
        if key in out:
            initializer = keras.initializers.get(out[key])
            settings = initializer.get_config()
            if "seed" in settings:
                settings["seed"] = (seed * 7919 + layer * 31 + i) % SEED_SPACE
                initializer = type(initializer).from_config(settings)
            out[key] = initializer
    return out


# Keywords of a cell layer that older Keras 3 releases refuse ("Unrecognized keyword
# arguments"): (layer class, keyword) -> the first release that takes it. Before it, the
# layer computes as the keyword's default says (Keras 3.3's GRU always builds its cell
# with implementation 2), so an unset value is dropped and any other value refused.
KEYWORD_SINCE: dict[tuple[str, str], tuple[int, int]] = {("GRU", "implementation"): (3, 4)}


def release(version: str) -> tuple[int, int]:
    """'3.3.3' -> (3, 3); '3.4.0.dev2024' -> (3, 4); what cannot be read counts as new."""
    parts = re.findall(r"\d+", version)[:2]
    return (int(parts[0]), int(parts[1])) if len(parts) == 2 else (999, 0)


def supported(keras: Any, layer: LayerSpec, config: dict[str, Any]) -> dict[str, Any]:
    """`config` without the keywords this Keras's layer does not take, or an exit-3 refusal.

    A keyword left unset is dropped (the older release computes as its default does);
    one the user set to another value cannot be honoured, so it is refused.
    """
    name = layer.cell.keras_name
    installed = release(keras.__version__)
    out = dict(config)
    for (cls, keyword), since in KEYWORD_SINCE.items():
        if cls != name or keyword not in out or installed >= since:
            continue
        if getattr(layer, keyword, None) not in (None, CELL_DEFAULTS.get(keyword)):
            raise environment(
                "keras_keyword_missing",
                keras=keras.__version__,
                layer=name,
                keyword=keyword,
                value=out[keyword],
                default=CELL_DEFAULTS.get(keyword),
                since=f"{since[0]}.{since[1]}",
            )
        del out[keyword]
    return out


def _stacked(keras: Any, layer: LayerSpec, config: dict[str, Any], name: str, seed: int, index: int) -> Any:
    """`keras.layers.RNN([cell, cell, ...])`: each cell built from its own settings and seeds."""
    cells = [
        getattr(keras.layers, cell.cell.kind.cell)(
            name=f"{name}_cell_{i}", **seeded(keras, cell.cell_config(), seed, index + 2000 * i)
        )
        for i, cell in enumerate(layer.cells)
    ]
    return keras.layers.RNN(cells, name=name, **config)


def recurrent_layer(keras: Any, spec: StackSpec, index: int, name: str, extra: dict[str, Any]) -> Any:
    """The Keras layer for one LayerSpec: the cell layer, an RNN over several cells, or
    Bidirectional around two of them."""
    layer = spec.layers[index]
    config = {**layer.keras_config(), **(extra if layer.kind.kernel_rule == FUSED else {})}
    config = supported(keras, layer, config)

    def make(settings: dict[str, Any], layer_name: str, seed_index: int) -> Any:
        if layer.cells:
            return _stacked(keras, layer, settings, layer_name, spec.seed, seed_index)
        cls = getattr(keras.layers, layer.cell.keras_name)
        return cls(name=layer_name, **seeded(keras, settings, spec.seed, seed_index))

    forward = make(config, name, index)
    if not layer.bidirectional:
        return forward
    # An explicit backward layer gets its own seeds; Keras would clone the forward one's.
    flipped = {**config, "go_backwards": not layer.go_backwards}
    backward = make(flipped, f"backward_{name}", BACKWARD_SEEDS + index)
    merge = None if layer.merge is MergeMode.NONE else layer.merge.value  # type: ignore[union-attr]
    return keras.layers.Bidirectional(forward, merge_mode=merge, backward_layer=backward, name=name)


@dataclass(frozen=True)
class Step:
    """One Keras layer of the stack, and how to read what it returns."""

    name: str
    layer: Any
    kind: str
    roles: tuple[Role, ...]
    recurrent: LayerSpec | None = None
    # Conv1D's call takes no `training`.
    training: bool = True
    # Where each returned tensor sits in the layer: '' or a cell's '[1]' (several cells in one RNN).
    indexes: tuple[str, ...] = ()

    def __call__(self, x: Any) -> list[Any]:
        result = self.layer(x, training=False) if self.training else self.layer(x)
        return flat_outputs(result)

    @property
    def labels(self) -> tuple[str, ...]:
        """Each returned tensor's key: 'lstm_1.hidden', 'rnn_1[0].cell'."""
        indexes = self.indexes or ("",) * len(self.roles)
        return tuple(f"{self.name}{i}.{r.value}" for i, r in zip(indexes, self.roles, strict=True))


def flat_outputs(result: Any) -> list[Any]:
    """Keras returns several cells' states nested ([h0, c0], [h1]): flat, in order."""
    if isinstance(result, (list, tuple)):
        return [t for item in result for t in flat_outputs(item)]
    return [result]


def build_steps(keras: Any, spec: StackSpec, recurrent_extra: dict[str, Any]) -> list[Step]:
    """The stack's Keras layers, bottom first, not yet built."""
    steps: list[Step] = front_steps(keras, spec, seeded)
    if spec.conv is not None:
        conv = spec.conv
        settings = seeded(keras, {"kernel_initializer": "glorot_uniform"}, spec.seed, CONV_SEEDS)
        layer = keras.layers.Conv1D(**conv.keras_config(), name=CONV_NAME, **settings)
        steps.append(Step(CONV_NAME, layer, "Conv1D", (Role.OUTPUT,), training=False))
    for index, (name, layer_spec) in enumerate(zip(spec.layer_names, spec.layers, strict=True)):
        layer = recurrent_layer(keras, spec, index, name, recurrent_extra)
        slots = output_slots(layer_spec)
        roles, indexes = tuple(s.role for s in slots), tuple(s.index for s in slots)
        steps.append(Step(name, layer, kind_of(layer_spec), roles, layer_spec, indexes=indexes))
    if spec.head.kind is not HeadKind.NONE:
        initializers = {"kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}
        dense = keras.layers.Dense(
            spec.head.units, name=f"{HEAD_NAME}_dense", **seeded(keras, initializers, spec.seed, HEAD_SEEDS)
        )
        if spec.head.kind is HeadKind.FLATTEN:
            flatten = keras.layers.Flatten(name=f"{HEAD_NAME}_flatten")
            steps.append(
                Step(
                    HEAD_NAME,
                    keras.Sequential([flatten, dense], name=HEAD_NAME),
                    "Flatten+Dense",
                    (Role.OUTPUT,),
                )
            )
        elif spec.head.kind is HeadKind.TIME_DISTRIBUTED:
            steps.append(
                Step(
                    HEAD_NAME,
                    keras.layers.TimeDistributed(dense, name=HEAD_NAME),
                    "TimeDistributed(Dense)",
                    (Role.OUTPUT,),
                )
            )
        else:
            steps.append(Step(HEAD_NAME, dense, "Dense", (Role.OUTPUT,)))
    return steps


def front_steps(keras: Any, spec: StackSpec, seeded: Any) -> list[Step]:
    """The Embedding or Masking layer, as a Step of the stack."""
    if spec.embedding is not None:
        e = spec.embedding
        init = seeded(keras, {"kernel_initializer": "uniform"}, spec.seed, EMBEDDING_SEEDS)[
            "kernel_initializer"
        ]
        layer = keras.layers.Embedding(
            e.vocab, e.dim, mask_zero=e.mask_zero, embeddings_initializer=init, name=EMBEDDING_NAME
        )
        return [Step(EMBEDDING_NAME, layer, "Embedding", (Role.OUTPUT,), training=False)]
    if spec.mask_value is not None:
        layer = keras.layers.Masking(mask_value=spec.mask_value, name=MASKING_NAME)
        return [Step(MASKING_NAME, layer, "Masking", (Role.OUTPUT,), training=False)]
    return []
