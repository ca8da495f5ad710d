"""The report for a saved model: its inputs, every layer's tensors observed beside Keras's symbolic
shapes, the states its recurrent layers keep, and the checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lstm_shapes.kinds import BOTH_DIRECTIONS, SPATIAL_AXES, LayerKind
from lstm_shapes.locales import Phrase
from lstm_shapes.report.types import Check
from lstm_shapes.spec.expect import _SHORT, Expectation, parse_expectation
from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.shapes import (
    BATCH,
    BOTH_FILTERS,
    BOTH_UNITS,
    CHANNELS,
    FEATURES,
    FILTERS,
    TIME,
    LayerInfo,
    Role,
    Shape,
    ShapeReport,
    TensorRow,
    fmt_shape,
)

if TYPE_CHECKING:
    from lstm_shapes.observe.saved import InputSeen, LayerSeen, Plain, Probe, Tensor
    from lstm_shapes.report.data import DataReport
    from lstm_shapes.sources.data import DataOptions
    from lstm_shapes.sources.saved import ModelSource
    from lstm_shapes.spec.backend_choice import RunInfo, RunOptions
    from lstm_shapes.spec.stack import DeviceChoice

Symbolic = tuple[int | None, ...]


@dataclass(frozen=True)
class InputRow:
    name: str
    symbolic: Symbolic
    dtype: str
    shape: Shape
    axes: tuple[str, ...]
    vocabulary: int | None
    padded: bool


@dataclass(frozen=True)
class ModelTensor:
    row: TensorRow
    symbolic: Symbolic | None
    kept: bool


@dataclass(frozen=True)
class ModelReport:
    source: str
    model_name: str
    inputs: tuple[InputRow, ...]
    shapes: ShapeReport
    tensors: tuple[ModelTensor, ...]
    kinds: dict[str, str]
    count_params: int
    run: RunInfo
    checks: tuple[Check, ...]
    recurrent: int
    # Each layer's weights' words keys ('lstm', 'convlstm'; '' for none), for the gate split.
    weight_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # --data: the table, its windows fitted to the model's input, and the targets' check.
    data: DataReport | None = None
    # The Keras 3 way of each Keras 2 spelling Keras warned about while building the model.
    notes: tuple[str, ...] = ()
    # Where Keras's own symbolic shape (layer.output.shape, model.summary()) disagrees with the
    # tensor the layer really returns, and the layer math agrees with the real one: said, not failed.
    symbolic_notes: tuple[Phrase, ...] = ()

    @property
    def ok(self) -> bool:
        return all(check.passed for check in self.checks)


def fmt_symbolic(shape: Symbolic) -> str:
    return (
        "(" + ", ".join("None" if d is None else str(d) for d in shape) + (",)" if len(shape) == 1 else ")")
    )


def _laid_out(plain: Plain | None, rank: int) -> tuple[str, ...] | None:
    """The axes a layer that is not recurrent says it has, by its class (channels last unless its
    data_format says first), with the time axes a TimeDistributed adds; None when it says nothing.

    Conv2D, MaxPooling2D, UpSampling2D, ... read (batch, rows, cols, channels), their 3D kin
    (batch, depth, rows, cols, channels), their 1D kin (batch, time steps, channels); a global
    pooling gives (batch, channels), Flatten (batch, features).
    """
    if plain is None:
        return None
    inner = rank - plain.outer
    size = re.search(r"([123])D$", plain.name)
    axes: tuple[str, ...] | None = None
    if plain.name.startswith("Global") and inner == 2:
        axes = (BATCH, CHANNELS)
    elif size is not None and not plain.name.startswith("Global") and inner == int(size.group(1)) + 2:
        n = int(size.group(1))
        space = (TIME,) if n == 1 and not plain.outer else SPATIAL_AXES[n]
        axes = (BATCH, CHANNELS, *space) if plain.channels_first else (BATCH, *space, CHANNELS)
    elif plain.name == "Flatten" and inner == 2:
        axes = (BATCH, FEATURES)
    return None if axes is None else (axes[0], *[TIME] * plain.outer, *axes[1:])


def _plain_axes(shape: Shape) -> tuple[str, ...]:
    """A layer that is not recurrent: (batch, time steps, features) or (batch, features); else unnamed."""
    if len(shape) == 3:
        return (BATCH, TIME, FEATURES)
    if len(shape) == 2:
        return (BATCH, FEATURES)
    return (BATCH, *["?"] * (len(shape) - 1)) if shape else ()


def _axes(
    tensor: Tensor, probe: Probe | None, source: tuple[str, ...] | None = None, plain: Plain | None = None
) -> tuple[str, ...]:
    """What each axis holds, as the tensor's kind says it, for any rank; TimeDistributed adds its steps.

    A layer that is not recurrent keeps the axes of what it reads when it keeps their number
    (a Conv3D after a ConvLSTM2D: batch × time steps × rows × cols × channels).
    """
    kind: LayerKind | None = tensor.kind
    if kind is None or probe is None:
        if source and len(source) == len(tensor.shape) and len(source) > 3 and "?" not in source:
            return (*source[:-1], CHANNELS if source[-1] in (CHANNELS, FILTERS, BOTH_FILTERS) else FEATURES)
        return _laid_out(plain, len(tensor.shape)) or _plain_axes(tensor.shape)
    outer = probe.time_axis - 1  # TimeDistributed: one more time axis after the batch
    rank = len(tensor.shape) - outer
    if tensor.role.is_state:
        axes = kind.state_axes(rank)
    else:
        both = BOTH_FILTERS if kind.width_axis == FILTERS else BOTH_UNITS
        if len(set(probe.widths)) > 1:  # a backward layer of another width: not 2 × one width
            both = BOTH_DIRECTIONS
        concat = probe.bidirectional and probe.merge_mode == "concat"
        axes = kind.output_axes(rank, both if concat else None)
    return (axes[0], *[TIME] * outer, *axes[1:]) if axes else axes


def _input_axes(seen: InputSeen) -> tuple[str, ...]:
    if seen.reader is not None and len(seen.shape) > seen.outer:
        axes = seen.reader.input_axes(len(seen.shape) - seen.outer)
        return (axes[0], *[TIME] * seen.outer, *axes[1:])
    if "int" in seen.dtype and len(seen.shape) == 2:
        return (BATCH, TIME)
    if len(seen.shape) == 3:
        return (BATCH, TIME, FEATURES)
    return _laid_out(seen.read_by, len(seen.shape)) or _plain_axes(seen.shape)


def _compatible(shape: Shape, symbolic: Symbolic) -> bool:
    return len(shape) == len(symbolic) and all(
        s is None or s == d for d, s in zip(shape, symbolic, strict=True)
    )


def _at(value: Any, axis: int, step: int) -> Any:
    return value[(slice(None),) * axis + (step,)]


def _index_text(rank: int, axis: int, step: str, last: str = "") -> str:
    """'output[:, -1, :]' for (batch, time, units); 'output[:, -1, ..., :20]' for a ConvLSTM's."""
    rest = rank - axis - 1
    tail = [] if rest <= 0 else ([last or ":"] if rest == 1 else ["...", last] if last else ["..."])
    return "[" + ", ".join([":"] * axis + [step] + tail) + "]"


def _flat_text(rank: int, last: str) -> str:
    return "[" + ", ".join([":"] * (rank - 1) + [last]) + "]" if rank > 2 else f"[:, {last}]"


def _by_layer_math(tensor: Tensor) -> bool:
    """Whether the real tensor is what the layer math predicts where Keras's symbolic shape is not:
    every axis Keras's symbolic shape fixes but the last agrees, and the last is the math's."""
    symbolic = tensor.symbolic
    if tensor.size is None or symbolic is None or not tensor.shape:
        return False
    return (
        tensor.shape[-1] == tensor.size
        and symbolic[-1] is not None
        and symbolic[-1] != tensor.size
        and _compatible(tensor.shape[:-1], symbolic[:-1])
    )


def _pairs(probe: Probe) -> list[tuple[Phrase, Any, Any]]:
    """(what, left, right) that must be equal: each direction's last output is its top cell's h.

    Described from the probe alone (any kind, any rank, stacked cells, TimeDistributed): the
    top cell of a stack is what the layer outputs; a cell we do not describe gets no claim.
    """
    seq, ax = probe.return_sequences, probe.time_axis
    if not probe.bidirectional:
        top = probe.top()
        if top is None:
            return []
        out = probe.value("output")
        left = "output" + _index_text(out.ndim, ax, "-1") if seq else "output"
        what = Phrase("is_top_h", left=left, index=top.index) if top.index else Phrase("is_h", left=left)
        return [(what, _at(out, ax, -1) if seq else out, top.value)]
    ftop, btop = probe.top("forward_"), probe.top("backward_")
    if ftop is None or btop is None:
        return []
    fh, bh = ftop.value, btop.value
    u = probe.widths[0]
    merge = probe.merge_mode
    if merge == "concat":
        out = probe.value("output")
        if seq:
            return [
                (
                    Phrase("is_forward_h", left="output" + _index_text(out.ndim, ax, "-1", f":{u}")),
                    _at(out, ax, -1)[..., :u],
                    fh,
                ),
                (
                    Phrase("is_backward_h", left="output" + _index_text(out.ndim, ax, "0", f"{u}:")),
                    _at(out, ax, 0)[..., u:],
                    bh,
                ),
            ]
        return [
            (Phrase("is_forward_h", left="output" + _flat_text(out.ndim, f":{u}")), out[..., :u], fh),
            (Phrase("is_backward_h", left="output" + _flat_text(out.ndim, f"{u}:")), out[..., u:], bh),
        ]
    if merge is None:
        fo, bo = probe.value("forward_output"), probe.value("backward_output")
        if seq:
            return [
                (
                    Phrase("is_forward_h", left="forward_output" + _index_text(fo.ndim, ax, "-1")),
                    _at(fo, ax, -1),
                    fh,
                ),
                (
                    Phrase("is_backward_h", left="backward_output" + _index_text(bo.ndim, ax, "0")),
                    _at(bo, ax, 0),
                    bh,
                ),
            ]
        return [
            (Phrase("is_forward_h", left="forward_output"), fo, fh),
            (Phrase("is_backward_h", left="backward_output"), bo, bh),
        ]
    if seq or fh.shape != bh.shape:  # a merged sequence mixes the two directions at each step
        return []
    merged = {"sum": fh + bh, "mul": fh * bh, "ave": (fh + bh) / 2}.get(str(merge))
    if merged is None:
        return []
    return [(Phrase("is_merged_h", merge=Phrase(f"merge_{merge}")), probe.value("output"), merged)]


def _invariants(seen: LayerSeen) -> list[Check]:
    import numpy as np

    probe = seen.probe
    if probe is None or (seen.masked and probe.return_sequences):
        return []  # masked steps are zeros in a sequence: no last step to compare with h
    checks: list[Check] = []
    try:
        with np.errstate(all="ignore"):
            pairs = _pairs(probe)
    except (StopIteration, IndexError):
        return []
    for what, left, right in pairs:
        equal = left.shape == right.shape and bool(np.array_equal(left, right, equal_nan=True))
        detail = Phrase("exactly_equal" if equal else "model_detail_differ")
        checks.append(Check(Phrase("model_check_invariant", path=seen.path, what=what), equal, detail))
    return checks


def build_report(observation: Any, expect: Iterable[Expectation | str] = ()) -> ModelReport:
    """Rows, layers and checks from what `observe.saved` recorded."""
    wanted = [parse_expectation(e) if isinstance(e, str) else e for e in expect]
    inputs = tuple(
        InputRow(i.name, i.symbolic, i.dtype, i.shape, _input_axes(i), i.vocabulary, i.padded)
        for i in observation.inputs
    )
    rows: list[ModelTensor] = [
        ModelTensor(TensorRow(i.name, Role.INPUT, i.shape, i.axes), i.symbolic, False) for i in inputs
    ]
    layers: list[LayerInfo] = []
    kinds: dict[str, str] = {}
    mismatched: list[Phrase] = []
    symbolic_notes: list[Phrase] = []
    copies: list[Check] = []
    invariants: list[Check] = []
    recurrent = 0
    weight_words: dict[str, tuple[str, ...]] = {}
    # Each tensor's axes by (producer, output index), for the layers that read it.
    produced: dict[tuple[str, int], tuple[str, ...]] = {(i.name, 0): i.axes for i in inputs}
    for seen in observation.layers:
        probe = seen.probe
        recurrent += probe is not None
        kinds[seen.path] = seen.kind
        if seen.weight_words:
            weight_words[seen.path] = seen.weight_words
        if seen.params or seen.weights or "#" not in seen.path:
            layers.append(LayerInfo(seen.path, seen.kind, seen.config, seen.params, seen.weights))
        for k, tensor in enumerate(seen.tensors):
            shape, symbolic = tensor.shape, tensor.symbolic
            if probe is not None:
                layer = seen.path + tensor.index
            else:
                layer = seen.path if k == 0 else f"{seen.path}[{k}]"
            read = None if seen.source is None else produced.get(seen.source)
            row = TensorRow(layer, tensor.role, shape, _axes(tensor, probe, read, seen.plain))
            rows.append(ModelTensor(row, symbolic, tensor.kept))
            if not tensor.role.is_state:
                produced[(seen.path, k)] = row.axes
            if symbolic is not None and not _compatible(shape, symbolic) and _by_layer_math(tensor):
                # Keras's symbolic shape is wrong and the real tensor is what the layer math says.
                symbolic_notes.append(
                    Phrase(
                        "model_note_symbolic",
                        name=row.name,
                        symbolic=fmt_symbolic(symbolic),
                        shape=fmt_shape(shape),
                        size=tensor.size,
                    )
                )
            elif symbolic is not None and not _compatible(shape, symbolic):
                mismatched.append(
                    Phrase(
                        "model_detail_mismatch",
                        name=row.name,
                        shape=fmt_shape(shape),
                        symbolic=fmt_symbolic(symbolic),
                    )
                )
        if probe is not None and probe.copy_equal is not None:
            how = (
                Phrase("exactly_equal")
                if probe.copy_equal
                else Phrase("model_detail_largest", diff=probe.copy_detail.rsplit(" ", 1)[-1])
            )
            copies.append(Check(Phrase("model_check_copy", path=seen.path), probe.copy_equal, how))
        invariants += _invariants(seen)
    with_symbolic = sum(r.symbolic is not None for r in rows)
    agreed = mismatched or [Phrase("model_detail_symbolic_all", count=with_symbolic)]
    checks: list[Check] = [
        Check(Phrase("model_check_symbolic"), not mismatched, Phrase("problems", items=agreed))
    ]
    if symbolic_notes:  # where Keras's symbolic shape is wrong, the layer math is what was checked
        named = [
            Phrase("model_detail_layer_math", name=n.values["name"], size=n.values["size"])
            for n in symbolic_notes
        ]
        checks.append(Check(Phrase("model_check_layer_math"), True, Phrase("problems", items=named)))
    total = sum(info.params for info in layers)
    adds_up = total == observation.total_params
    counted = (
        Phrase("model_detail_count", total=f"{total:,}")
        if adds_up
        else Phrase("model_detail_params_differ", total=f"{total:,}", keras=f"{observation.total_params:,}")
    )
    checks.append(Check(Phrase("model_check_params"), adds_up, counted))
    checks += copies + invariants
    shapes = ShapeReport(tuple(layers), tuple(r.row for r in rows))
    report = ModelReport(
        observation.source,
        observation.model_name,
        inputs,
        shapes,
        tuple(rows),
        kinds,
        observation.total_params,
        observation.run,
        tuple(checks),
        recurrent,
        weight_words,
        notes=tuple(getattr(observation, "notes", ())),
        symbolic_notes=tuple(symbolic_notes),
    )
    resolved = resolve_names(wanted, report)
    extra = []
    for exp in resolved:
        shape = shapes.tensor(exp.tensor).shape
        ok = exp.matches(shape)
        detail = (
            Phrase("expect_met", text=exp.text)
            if ok
            else Phrase("expect_failed", text=exp.text, shape=fmt_shape(shape))
        )
        extra.append(Check(Phrase("expect", tensor=exp.tensor), ok, detail))
    return ModelReport(**{**report.__dict__, "checks": report.checks + tuple(extra)})


def names(report: ModelReport) -> dict[str, str]:
    """Every name --expect takes: `encoder_lstm.h`, `encoder/lstm.output`, the leaf name when unique."""
    found: dict[str, str] = {}
    leaf_counts: dict[str, int] = {}
    for tensor in report.tensors:
        leaf = tensor.row.layer.rsplit("/", 1)[-1]
        leaf_counts[leaf] = leaf_counts.get(leaf, 0) + (tensor.row.role is Role.OUTPUT)
    for tensor in report.tensors:
        row = tensor.row
        full = row.name
        leaf = row.layer.rsplit("/", 1)[-1]
        layers = [row.layer] + ([leaf] if leaf != row.layer and leaf_counts.get(leaf) == 1 else [])
        for layer in layers:
            if row.role is Role.INPUT:
                found[layer] = full
                continue
            found[f"{layer}.{row.role.value}"] = full
            short = _SHORT.get(row.role)
            if short:
                found[f"{layer}.{short}"] = full
            if row.role is Role.OUTPUT:
                found.setdefault(layer, full)
    return found


def resolve_names(expectations: Iterable[Expectation], report: ModelReport) -> list[Expectation]:
    known = names(report)
    resolved = []
    for exp in expectations:
        if exp.tensor not in known:
            valid = ", ".join(t.row.name for t in report.tensors)
            raise invalid("expect", "model_expect", name=exp.tensor, valid=valid)
        resolved.append(Expectation(known[exp.tensor], exp.dims))
    return resolved


def inspect_model(
    source: ModelSource,
    *,
    batch: int = 32,
    window: int = 25,
    seed: int = 0,
    device: DeviceChoice | None = None,
    unsafe: bool = False,
    expect: Iterable[Expectation | str] = (),
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
    data: Any = None,
    data_options: DataOptions | None = None,
    window_given: bool = False,
    given: frozenset[str] = frozenset(),
) -> ModelReport:
    """Load `source` safely, run one batch through it, probe its states, and check what Keras did.

    `data` (a CSV/TSV/.npy/.npz path, an array or a DataFrame) replaces the random batch with
    the first batch of Keras's windows of it, fitted to the model's input (report/model_data.py).
    """
    from lstm_shapes.observe.saved import observe_model
    from lstm_shapes.spec.stack import DeviceChoice

    wanted = [parse_expectation(e) if isinstance(e, str) else e for e in expect]  # bad syntax: before loading
    fitted = None
    if data is not None:
        from lstm_shapes.report.model_data import read_for_model
        from lstm_shapes.sources.data import DataOptions

        fitted = read_for_model(
            data,
            data_options or DataOptions(),
            batch=batch,
            window=window,
            window_given=window_given,
            backend=None if options is None else options.backend,
            max_memory=max_memory,
        )
    observation = observe_model(
        source,
        batch=batch,
        window=window,
        seed=seed,
        device=device or DeviceChoice.AUTO,
        unsafe=unsafe,
        max_memory=max_memory,
        progress=progress,
        options=options,
        feed=None if fitted is None else fitted.fit,
        given=given,
        judge=None if fitted is None else fitted.judge,
    )
    report = build_report(observation, wanted)
    if fitted is None or fitted.summary is None:
        return report
    from dataclasses import replace

    from lstm_shapes.report.data import data_checks
    from lstm_shapes.report.model_data import model_fix, walk_time

    summary = fitted.summary
    if summary.verdict is not None:
        steps = (
            observation.inputs[0].shape[1]
            if observation.inputs and len(observation.inputs[0].shape) >= 3
            else None
        )
        walk = walk_time(observation.layers, steps)
        y = (summary.output_shape[0], *summary.plan.y_shape[1:]) if summary.plan.y_shape else ()
        if summary.table.prewindowed and summary.table.targets is not None:
            y = (summary.output_shape[0], *summary.table.targets.shape[1:])
        verdict = model_fix(summary.verdict, tuple(y), summary.output_shape, summary.plan.window, walk)
        summary = replace(summary, verdict=verdict)
    return replace(report, data=summary, checks=report.checks + tuple(data_checks(summary)))
