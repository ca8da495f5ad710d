"""The checks: predicted against observed, the exact state invariants, and pinned expectations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from lstm_shapes.model.expect import Expectation
from lstm_shapes.model.shapes import Role, ShapeReport, fmt_shape
from lstm_shapes.model.spec import LayerSpec, MergeMode, StackSpec
from lstm_shapes.report.types import Check, StackReport

if TYPE_CHECKING:
    import numpy as np


def compare(predicted: ShapeReport, observed: ShapeReport) -> list[Check]:
    """Shapes, tensors, parameter counts and weight shapes: prediction against Keras."""
    problems: list[str] = []
    p_names = [row.name for row in predicted.tensors]
    o_names = [row.name for row in observed.tensors]
    if p_names != o_names:
        problems.append(f"tensors: predicted {', '.join(p_names)}; Keras gave {', '.join(o_names)}")
    for row in predicted.tensors:
        if row.name in o_names:
            seen = observed.tensor(row.name).shape
            if seen != row.shape:
                problems.append(f"{row.name}: predicted {fmt_shape(row.shape)}, Keras gave {fmt_shape(seen)}")
    shapes = Check(
        "shapes match the prediction",
        not problems,
        "; ".join(problems) if problems else f"all {len(p_names)} tensors",
    )
    problems = []
    for info in predicted.layers:
        try:
            seen_info = observed.layer(info.name)
        except KeyError:
            problems.append(f"{info.name}: missing from Keras")
            continue
        if seen_info.params != info.params:
            problems.append(f"{info.name}: predicted {info.params:,}, Keras counts {seen_info.params:,}")
        if seen_info.weights != info.weights:
            want = ", ".join(f"{w.name} {fmt_shape(w.shape)}" for w in info.weights)
            got = ", ".join(f"{w.name} {fmt_shape(w.shape)}" for w in seen_info.weights)
            problems.append(f"{info.name} weights: predicted {want}; Keras has {got}")
    params = Check(
        "parameters match the prediction",
        not problems,
        "; ".join(problems)
        if problems
        else f"{predicted.total_params:,} in {len(predicted.layers)} layer{'s' if len(predicted.layers) > 1 else ''}",
    )
    return [shapes, params]


def _state_pairs(layer: LayerSpec, tensor: Callable[[Role], Any]) -> list[tuple[str, Any, Any]]:
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
        return [
            (
                "output[:, -1, :] == h" if seq else "output == h",
                out[:, -1, :] if seq else out,
                tensor(Role.HIDDEN),
            )
        ]
    fh, bh = tensor(Role.FORWARD_HIDDEN), tensor(Role.BACKWARD_HIDDEN)
    if merge is MergeMode.CONCAT:
        out = tensor(Role.OUTPUT)
        if seq:
            return [
                (f"output[:, -1, :{u}] == forward h", out[:, -1, :u], fh),
                (f"output[:, 0, {u}:] == backward h", out[:, 0, u:], bh),
            ]
        return [
            (f"output[:, :{u}] == forward h", out[:, :u], fh),
            (f"output[:, {u}:] == backward h", out[:, u:], bh),
        ]
    if merge is MergeMode.NONE:
        fo, bo = tensor(Role.FORWARD_OUTPUT), tensor(Role.BACKWARD_OUTPUT)
        if seq:
            return [
                ("forward_output[:, -1, :] == forward h", fo[:, -1, :], fh),
                ("backward_output[:, 0, :] == backward h", bo[:, 0, :], bh),
            ]
        return [("forward_output == forward h", fo, fh), ("backward_output == backward h", bo, bh)]
    if seq:  # a merged sequence mixes the two directions at each step: no state to compare with
        return []
    merged = {MergeMode.SUM: fh + bh, MergeMode.MUL: fh * bh, MergeMode.AVE: (fh + bh) / 2}[merge]
    return [(f"output == {merge.value} of forward h and backward h", tensor(Role.OUTPUT), merged)]


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
                pairs = _state_pairs(layer, lambda role, name=name: values[f"{name}.{role.value}"])  # type: ignore[misc]
        except KeyError:
            continue  # Keras returned other tensors; the shape check already says so
        for what, left, right in pairs:
            label = f"{name}: {what}"
            if left.shape != right.shape:
                checks.append(Check(label, False, f"shapes differ: {left.shape} vs {right.shape}"))
                continue
            # NaN == NaN here: an activation that overflows still passes h through unchanged.
            equal = bool(np.array_equal(left, right, equal_nan=True))
            with np.errstate(all="ignore"):
                diff = float(np.nanmax(np.abs(left - right))) if left.size and not equal else 0.0
            checks.append(Check(label, equal, "exactly equal" if equal else f"largest difference {diff:.3g}"))
    return checks


def expectation_checks(report: StackReport, expectations: Iterable[Expectation]) -> list[Check]:
    """One check per pinned tensor: expected against what was observed (or predicted)."""
    checks = []
    for exp in expectations:
        shape = report.shape_of(report.predicted.tensor(exp.tensor))
        ok = exp.matches(shape)
        detail = f"{exp.text}" if ok else f"expected {exp.text}, got {fmt_shape(shape)}"
        checks.append(Check(f"expect {exp.tensor}", ok, detail))
    return checks
