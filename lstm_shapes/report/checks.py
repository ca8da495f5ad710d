"""The checks: predicted against observed, the exact state invariants, and pinned expectations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from lstm_shapes.locales import Phrase
from lstm_shapes.report.types import Check, StackReport
from lstm_shapes.spec.expect import Expectation
from lstm_shapes.spec.shapes import Role, ShapeReport, fmt_shape
from lstm_shapes.spec.stack import LayerSpec, MergeMode, StackSpec
from lstm_shapes.spec.topology import top_index

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.observe.stack import Observation


def observed_checks(
    spec: StackSpec, predicted: ShapeReport, observation: Observation, flat_only: bool = False
) -> list[Check]:
    """Everything a run proves about the prediction: shapes, tensors, parameters, the states."""
    checks = compare(predicted, observation.report)
    if observation.problems:
        checks.append(
            Check(Phrase("keras_returned"), False, Phrase("problems", items=list(observation.problems)))
        )
    return checks + state_invariants(spec, observation.values, flat_only=flat_only)


def compare(predicted: ShapeReport, observed: ShapeReport) -> list[Check]:
    """Shapes, tensors, parameter counts and weight shapes: prediction against Keras."""
    problems: list[Phrase] = []
    p_names = [row.name for row in predicted.tensors]
    o_names = [row.name for row in observed.tensors]
    if p_names != o_names:
        problems.append(Phrase("tensors_differ", predicted=p_names, observed=o_names))
    for row in predicted.tensors:
        if row.name in o_names:
            seen = observed.tensor(row.name).shape
            if seen != row.shape:
                problems.append(
                    Phrase(
                        "shape_differs",
                        tensor=row.name,
                        predicted=fmt_shape(row.shape),
                        observed=fmt_shape(seen),
                    )
                )
    shapes = Check(
        Phrase("shapes_match"),
        not problems,
        Phrase("problems", items=problems) if problems else Phrase("all_tensors", count=len(p_names)),
    )
    problems = []
    for info in predicted.layers:
        try:
            seen_info = observed.layer(info.name)
        except KeyError:
            problems.append(Phrase("layer_missing", layer=info.name))
            continue
        if seen_info.params != info.params:
            problems.append(
                Phrase("params_differ", layer=info.name, predicted=info.params, observed=seen_info.params)
            )
        if seen_info.weights != info.weights:
            want = ", ".join(f"{w.name} {fmt_shape(w.shape)}" for w in info.weights)
            got = ", ".join(f"{w.name} {fmt_shape(w.shape)}" for w in seen_info.weights)
            problems.append(Phrase("weights_differ", layer=info.name, predicted=want, observed=got))
    params = Check(
        Phrase("params_match"),
        not problems,
        Phrase("problems", items=problems)
        if problems
        else Phrase("params_total", total=predicted.total_params, layers=len(predicted.layers)),
    )
    return [shapes, params]


def _state_pairs(layer: LayerSpec, tensor: Callable[[Role], Any]) -> list[tuple[Phrase, Any, Any]]:
    """(what, left, right) pairs that must be equal for one layer that returns its states.

    A direction's last output is its h (for go_backwards too: Keras returns the
    sequence in processing order). Bidirectional keeps the backward output aligned
    with the input, so the backward h sits at the first step.
    """
    seq = layer.return_sequences
    u = layer.units
    merge = layer.merge
    if merge is None:
        out = tensor(Role.OUTPUT)
        left = "output[:, -1, :]" if seq else "output"
        top = top_index(layer)  # several cells in one RNN: the output is the top cell's h
        return [
            (
                Phrase("is_top_h", left=left, index=top) if top else Phrase("is_h", left=left),
                out[:, -1, :] if seq else out,
                tensor(Role.HIDDEN),
            )
        ]
    fh, bh = tensor(Role.FORWARD_HIDDEN), tensor(Role.BACKWARD_HIDDEN)
    if merge is MergeMode.CONCAT:
        out = tensor(Role.OUTPUT)
        if seq:
            return [
                (Phrase("is_forward_h", left=f"output[:, -1, :{u}]"), out[:, -1, :u], fh),
                (Phrase("is_backward_h", left=f"output[:, 0, {u}:]"), out[:, 0, u:], bh),
            ]
        return [
            (Phrase("is_forward_h", left=f"output[:, :{u}]"), out[:, :u], fh),
            (Phrase("is_backward_h", left=f"output[:, {u}:]"), out[:, u:], bh),
        ]
    if merge is MergeMode.NONE:
        fo, bo = tensor(Role.FORWARD_OUTPUT), tensor(Role.BACKWARD_OUTPUT)
        if seq:
            return [
                (Phrase("is_forward_h", left="forward_output[:, -1, :]"), fo[:, -1, :], fh),
                (Phrase("is_backward_h", left="backward_output[:, 0, :]"), bo[:, 0, :], bh),
            ]
        return [
            (Phrase("is_forward_h", left="forward_output"), fo, fh),
            (Phrase("is_backward_h", left="backward_output"), bo, bh),
        ]
    if seq:  # a merged sequence mixes the two directions at each step: no state to compare with
        return []
    merged = {MergeMode.SUM: fh + bh, MergeMode.MUL: fh * bh, MergeMode.AVE: (fh + bh) / 2}[merge]
    return [(Phrase("is_merged_h", merge=Phrase(f"merge_{merge.value}")), tensor(Role.OUTPUT), merged)]


def _reader(values: dict[str, np.ndarray], name: str, layer: LayerSpec) -> Callable[[Role], Any]:
    """A layer's tensor by role: its outputs, and its top cell's states."""
    top = top_index(layer)

    def tensor(role: Role) -> Any:
        return values[f"{name}{top if role.is_state else ''}.{role.value}"]

    return tensor


def state_invariants(spec: StackSpec, values: dict[str, np.ndarray], flat_only: bool = False) -> list[Check]:
    """With return_state, each layer's output must agree with its final states, exactly.

    `flat_only` keeps the layers whose output is 2-D: under a mask, the sequences'
    checks are per sample (lstm_shapes.report.masks).
    """
    import numpy as np

    checks = []
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        if not layer.return_state or (flat_only and layer.return_sequences):
            continue
        try:
            with np.errstate(all="ignore"):
                pairs = _state_pairs(layer, _reader(values, name, layer))
        except KeyError:
            continue  # Keras returned other tensors; the shape check already says so
        for what, left, right in pairs:
            label = Phrase("state_check", layer=name, what=what)
            if left.shape != right.shape:
                checks.append(
                    Check(label, False, Phrase("shapes_differ", left=left.shape, right=right.shape))
                )
                continue
            # NaN == NaN here: an activation that overflows still passes h through unchanged.
            equal = bool(np.array_equal(left, right, equal_nan=True))
            with np.errstate(all="ignore"):
                diff = float(np.nanmax(np.abs(left - right))) if left.size and not equal else 0.0
            detail = Phrase("exactly_equal") if equal else Phrase("largest_difference", diff=diff)
            checks.append(Check(label, equal, detail))
    return checks


def expectation_checks(report: StackReport, expectations: Iterable[Expectation]) -> list[Check]:
    """One check per pinned tensor: expected against what was observed (or predicted)."""
    checks = []
    for exp in expectations:
        shape = report.shape_of(report.predicted.tensor(exp.tensor))
        ok = exp.matches(shape)
        detail = (
            Phrase("expect_met", text=exp.text)
            if ok
            else Phrase("expect_failed", text=exp.text, shape=fmt_shape(shape))
        )
        checks.append(Check(Phrase("expect", tensor=exp.tensor), ok, detail))
    return checks
