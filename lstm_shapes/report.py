"""Predicted against observed: the checks, and the one report the CLI and the API share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from lstm_shapes.expect import Expectation, aliases, parse_expectation, resolve
from lstm_shapes.predict import predict
from lstm_shapes.shapes import LayerInfo, Role, Shape, ShapeReport, TensorRow, fmt_shape
from lstm_shapes.spec import LayerSpec, MergeMode, StackSpec

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.backends import RunOptions
    from lstm_shapes.observe import RunInfo


@dataclass(frozen=True)
class Check:
    """One thing that was verified, and what was found when it failed."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class StackReport:
    """Everything known about one stack: the prediction, what Keras did, and the checks.

    `observed` is None when the stack was only predicted (`--no-run`).
    """

    spec: StackSpec
    predicted: ShapeReport
    observed: ShapeReport | None
    run: RunInfo | None
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def source(self) -> str:
        return "predicted" if self.observed is None else "observed"

    def shape_of(self, row: TensorRow) -> Shape:
        """The observed shape of a predicted row when there is one, else the prediction."""
        if self.observed is None:
            return row.shape
        try:
            return self.observed.tensor(row.name).shape
        except KeyError:
            return row.shape

    def shape(self, tensor: str) -> Shape:
        """The shape of a tensor by any name the table, JSON or `--expect` use."""
        names = aliases(self.predicted)
        if tensor not in names:
            raise KeyError(f"no tensor {tensor!r}; valid: {', '.join(sorted(names))}")
        return self.shape_of(self.predicted.tensor(names[tensor]))

    def layer_seen(self, info: LayerInfo) -> LayerInfo:
        """What Keras built for a predicted layer when it ran, else the prediction."""
        if self.observed is None:
            return info
        try:
            return self.observed.layer(info.name)
        except KeyError:
            return info


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


def state_invariants(spec: StackSpec, values: dict[str, np.ndarray]) -> list[Check]:
    """With return_state, each layer's output must agree with its final states, exactly."""
    import numpy as np

    checks = []
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        if not layer.return_state:
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


def inspect_stack(
    spec: StackSpec,
    *,
    run: bool = True,
    expect: Iterable[Expectation | str] = (),
    max_memory: int | None = None,
    progress: Callable[[str], None] | None = None,
    options: RunOptions | None = None,
) -> StackReport:
    """Predict every shape of `spec`; unless `run` is False, check it against Keras.

    `expect` pins shapes (`"output=32,25,20"` or `Expectation`s); unknown tensor
    names raise `InvalidSpec` before anything is run. A run that would not fit in
    `max_memory` bytes (default: the memory available) raises `EnvironmentProblem`
    before anything is built. `progress` hears each step's name as it starts.
    `options` picks the Keras backend and asks for the forward pass's time.

    >>> from lstm_shapes import LayerSpec, StackSpec, inspect_stack
    >>> report = inspect_stack(StackSpec(layers=(LayerSpec(20, return_sequences=True),)), run=False)
    >>> report.shape("output")
    (32, 25, 20)
    """
    predicted = predict(spec)
    wanted = resolve((parse_expectation(e) if isinstance(e, str) else e for e in expect), predicted)
    report = StackReport(spec, predicted, None, None, ())
    if run:
        from lstm_shapes.memory import guard
        from lstm_shapes.observe import observe

        guard(predicted, spec.batch, max_memory)
        observation = observe(spec, progress, options)
        checks = compare(predicted, observation.report)
        if observation.problems:
            checks.append(
                Check("Keras returned the predicted tensors", False, "; ".join(observation.problems))
            )
        checks += state_invariants(spec, observation.values)
        report = replace(report, observed=observation.report, run=observation.run, checks=tuple(checks))
    return replace(report, checks=report.checks + tuple(expectation_checks(report, wanted)))
