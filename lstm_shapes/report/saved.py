"""The report for a saved model: its inputs, every layer's tensors observed beside Keras's symbolic
shapes, the states its recurrent layers keep, and the checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.locales import Phrase
from lstm_shapes.model.expect import _SHORT, Expectation, parse_expectation
from lstm_shapes.model.refusals import invalid
from lstm_shapes.model.shapes import (
    BATCH,
    BOTH_UNITS,
    FEATURES,
    TIME,
    UNITS,
    LayerInfo,
    Role,
    Shape,
    ShapeReport,
    TensorRow,
    fmt_shape,
)
from lstm_shapes.model.spec import CellKind, LayerSpec, MergeMode
from lstm_shapes.report.checks import _state_pairs
from lstm_shapes.report.types import Check

if TYPE_CHECKING:
    from lstm_shapes.model.backend import RunInfo, RunOptions
    from lstm_shapes.model.spec import DeviceChoice
    from lstm_shapes.observe.saved import InputSeen, LayerSeen
    from lstm_shapes.report.data import DataReport
    from lstm_shapes.sources.data import DataOptions
    from lstm_shapes.sources.saved import ModelSource

Symbolic = tuple[int | None, ...]


Values = tuple[tuple[str, Any], ...]


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
    # --data: the table, its windows fitted to the model's input, and the targets' check.
    data: DataReport | None = None
    # The Keras 3 way of each Keras 2 spelling Keras warned about while building the model.
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(check.passed for check in self.checks)


def fmt_symbolic(shape: Symbolic) -> str:
    return (
        "(" + ", ".join("None" if d is None else str(d) for d in shape) + (",)" if len(shape) == 1 else ")")
    )


def _axes(role: Role, shape: Shape, recurrent: bool, concat: bool) -> tuple[str, ...]:
    last = (BOTH_UNITS if concat and role is Role.OUTPUT else UNITS) if recurrent else FEATURES
    if len(shape) == 3:
        return (BATCH, TIME, last)
    if len(shape) == 2:
        return (BATCH, last)
    return (BATCH, *["?"] * (len(shape) - 1)) if shape else ()


def _input_axes(seen: InputSeen) -> tuple[str, ...]:
    if "int" in seen.dtype and len(seen.shape) == 2:
        return (BATCH, TIME)
    if len(seen.shape) == 3:
        return (BATCH, TIME, FEATURES)
    return (BATCH, *[FEATURES] * (len(seen.shape) - 1))


def _compatible(shape: Shape, symbolic: Symbolic) -> bool:
    return len(shape) == len(symbolic) and all(
        s is None or s == d for d, s in zip(shape, symbolic, strict=True)
    )


def _spec_of(seen: LayerSeen) -> LayerSpec | None:
    probe = seen.probe
    cells = {"LSTM": CellKind.LSTM, "GRU": CellKind.GRU, "SimpleRNN": CellKind.SIMPLE_RNN}
    if probe is None or probe.cell not in cells:
        return None
    try:
        return LayerSpec(
            units=probe.units,
            return_sequences=probe.return_sequences,
            cell=cells[probe.cell],
            bidirectional=probe.bidirectional,
            merge_mode=(MergeMode(probe.merge_mode or "none")) if probe.bidirectional else None,
        )
    except Exception:
        return None


def _invariants(seen: LayerSeen) -> list[Check]:
    import numpy as np

    probe = seen.probe
    spec = _spec_of(seen)
    if probe is None or spec is None or (seen.masked and probe.return_sequences):
        return []  # masked steps are zeros in a sequence: no last step to compare with h
    checks: list[Check] = []
    try:
        with np.errstate(all="ignore"):
            pairs = _state_pairs(spec, lambda role: probe.values[role.value])
    except KeyError:
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
    copies: list[Check] = []
    invariants: list[Check] = []
    recurrent = 0
    for seen in observation.layers:
        probe = seen.probe
        recurrent += probe is not None
        kind = seen.kind if probe is None or not probe.bidirectional else f"Bidirectional({probe.cell})"
        kinds[seen.path] = kind
        if seen.params or seen.weights or "#" not in seen.path:
            layers.append(LayerInfo(seen.path, kind, seen.config, seen.params, seen.weights))
        concat = probe is not None and probe.bidirectional and probe.merge_mode == "concat"
        for k, (role, shape, symbolic, kept) in enumerate(seen.tensors):
            layer = seen.path if k == 0 or probe is not None else f"{seen.path}[{k}]"
            row = TensorRow(layer, role, shape, _axes(role, shape, probe is not None, concat))
            rows.append(ModelTensor(row, symbolic, kept))
            if symbolic is not None and not _compatible(shape, symbolic):
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
        notes=tuple(getattr(observation, "notes", ())),
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
    from lstm_shapes.model.spec import DeviceChoice
    from lstm_shapes.observe.saved import observe_model

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
    )
    report = build_report(observation, wanted)
    if fitted is None or fitted.summary is None:
        return report
    from dataclasses import replace

    from lstm_shapes.report.data import data_checks

    return replace(report, data=fitted.summary, checks=report.checks + tuple(data_checks(fitted.summary)))
