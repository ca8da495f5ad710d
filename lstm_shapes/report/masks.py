"""The per-sample invariants of a masked stack, exact on the real tensors.

For every recurrent layer that sees the mask: what each direction writes at the
padded steps (Keras's rule for that layer, backend and kernel path, from
`lstm_shapes.predict.sequences`), and that each h is that direction's output at
the sample's last valid step in reading order. A backend or device that does
otherwise fails the check, named, with the Keras code that explains it when the
cause is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lstm_shapes.locales import Phrase
from lstm_shapes.predict.sequences import (
    FLOAT32_EPS,
    REPEAT,
    PaddedRule,
    h_rounding,
    known_deviation,
    padded_rules,
)
from lstm_shapes.report.types import Check
from lstm_shapes.spec.masking import EMBEDDING_NAME, MASKING_NAME, valid_steps
from lstm_shapes.spec.shapes import Role
from lstm_shapes.spec.stack import LayerSpec, MergeMode, StackSpec
from lstm_shapes.spec.topology import top_index

if TYPE_CHECKING:
    import numpy as np

    from lstm_shapes.spec.backend_choice import RunInfo


@dataclass(frozen=True)
class Direction:
    """One direction's output in reading order, which input step each position read, and its h."""

    label: str  # "" or "forward " / "backward "
    tensor: str  # how the check names the output it reads
    reading: np.ndarray  # (batch, steps, units), position j = the j-th step read
    steps: np.ndarray  # (steps,), the input step read at position j
    hidden: np.ndarray | None
    rule: PaddedRule


def _directions(
    name: str, layer: LayerSpec, values: dict[str, np.ndarray], rules: tuple[PaddedRule, ...]
) -> list[Direction]:
    import numpy as np

    top = top_index(layer)  # several cells in one RNN: the top cell's h is what the output is

    def get(role: Role) -> np.ndarray | None:
        return values.get(f"{name}{top if role.is_state else ''}.{role.value}")

    out = get(Role.OUTPUT)
    t = (out if out is not None else get(Role.FORWARD_OUTPUT)).shape[1]  # type: ignore[union-attr]
    forward_steps, backward_steps = np.arange(t), np.arange(t)[::-1]
    if not layer.bidirectional:
        steps = backward_steps if layer.go_backwards else forward_steps
        assert out is not None
        return [Direction("", "output", out, steps, get(Role.HIDDEN), rules[0])]
    u = layer.units
    if layer.merge is MergeMode.NONE:
        fo, bo = get(Role.FORWARD_OUTPUT), get(Role.BACKWARD_OUTPUT)
        names = ("forward_output", "backward_output")
    else:
        assert out is not None
        fo, bo = out[..., :u], out[..., u:]
        names = (f"output[..., :{u}]", f"output[..., {u}:]")
    assert fo is not None and bo is not None
    # The forward copy reads as go_backwards says; the backward copy the other way, and
    # Bidirectional flips its output back into input order: flip it again to reading order.
    f_steps = backward_steps if layer.go_backwards else forward_steps
    b_steps = forward_steps if layer.go_backwards else backward_steps
    return [
        Direction("forward ", names[0], fo, f_steps, get(Role.FORWARD_HIDDEN), rules[0]),
        Direction("backward ", names[1], bo[:, ::-1], b_steps, get(Role.BACKWARD_HIDDEN), rules[1]),
    ]


def _where(run: RunInfo | None, name: str) -> str:
    if run is None:
        return ""
    path = next((p.path for p in run.kernel_paths if p.layer == name), None)
    if path is None:
        return Phrase("mask_where", backend=run.backend, device=run.device)
    return Phrase("mask_where_path", backend=run.backend, device=run.device, path=Phrase(path))


def _direction_checks(
    name: str, layer: LayerSpec, d: Direction, valid: np.ndarray, run: RunInfo | None
) -> list[Check]:
    import numpy as np

    checks = []
    reading_valid = valid[:, d.steps]  # (batch, steps) in reading order
    b, t = reading_valid.shape
    positions = np.broadcast_to(np.arange(t), (b, t))
    last_valid = np.maximum.accumulate(np.where(reading_valid, positions, -1), axis=1)
    rows = np.arange(b)[:, None]
    if d.rule.fill == REPEAT:
        expected = np.where((last_valid >= 0)[..., None], d.reading[rows, np.maximum(last_valid, 0)], 0.0)
        words = Phrase("padded_repeat")
    else:
        expected = np.zeros_like(d.reading)
        words = Phrase("padded_zeros")
    padded = ~reading_valid
    reads_backwards = bool(d.steps[0] > d.steps[-1]) if t > 1 else False
    where = _where(run, name)
    direction = d.label.strip()
    who = Phrase(f"mask_{direction}", layer=name) if direction else name
    label = Phrase("padded_check", layer=who, rule=words)
    if padded.any():
        got, want = d.reading[padded], expected[padded]
        same = np.all((got == want) | (np.isnan(got) & np.isnan(want)), axis=-1)
        if same.all():
            checks.append(Check(label, True, Phrase("padded_exactly", count=int(padded.sum()))))
        else:
            bad = np.argwhere(padded)[~same]
            sample, pos = int(bad[0][0]), int(bad[0][1])
            step = int(d.steps[pos])
            diff = float(np.nanmax(np.abs(got[~same] - want[~same])))
            cause = known_deviation(layer, run.backend if run else None, reads_backwards)
            detail = Phrase(
                "padded_deviates",
                where=where,
                bad=len(bad),
                count=int(padded.sum()),
                sample=sample,
                step=step,
                tensor=d.tensor,
                diff=diff,
            )
            if cause:
                detail = Phrase("reason_fix", reason=detail, fix=cause)
            checks.append(Check(label, False, detail))
    if d.hidden is not None:
        last = last_valid[:, -1]
        at_last = d.reading[np.arange(b), last]
        h = Phrase(f"mask_{direction}_h") if direction else "h"
        end = "h_at_first" if reads_backwards else "h_at_last"
        hlabel = Phrase(end, layer=name, h=h, tensor=d.tensor)
        equal = at_last.shape == d.hidden.shape and bool(np.array_equal(at_last, d.hidden, equal_nan=True))
        rounding = h_rounding(layer, run.backend if run else None)
        close = False
        if not equal and rounding and at_last.shape == d.hidden.shape:
            bound = 4 * FLOAT32_EPS * np.maximum(1.0, np.abs(d.hidden))
            close = bool(np.all(np.abs(at_last - d.hidden) <= bound))
        if equal:
            checks.append(Check(hlabel, True, Phrase("exactly_equal")))
        elif close:
            diff = float(np.max(np.abs(at_last - d.hidden)))
            backend = run.backend if run else ""
            detail = Phrase("h_rounding", backend=backend, diff=diff, why=rounding)
            checks.append(Check(hlabel, True, detail))
        else:
            diff = (
                float(np.nanmax(np.abs(at_last - d.hidden)))
                if at_last.shape == d.hidden.shape
                else float("nan")
            )
            checks.append(Check(hlabel, False, Phrase("h_deviates", where=where, diff=diff)))
    return checks


def _merged_checks(
    name: str, out: np.ndarray, valid: np.ndarray, merge: str, run: RunInfo | None
) -> list[Check]:
    """sum, mul and ave of two zero outputs: zeros at every padded step."""
    import numpy as np

    padded = ~valid
    if not padded.any():
        return []
    got = out[padded]
    ok = bool(np.all(got == 0))
    label = Phrase("padded_merged", layer=name, merge=Phrase(f"merge_{merge}"))
    detail = (
        Phrase("padded_exactly", count=int(padded.sum()))
        if ok
        else Phrase("merged_deviates", where=_where(run, name), value=float(np.nanmax(np.abs(got))))
    )
    return [Check(label, ok, detail)]


def padded_vector_checks(spec: StackSpec, values: dict[str, np.ndarray], valid: np.ndarray) -> list[Check]:
    """mask_zero does not zero the Embedding's output: a padded id 0 looks up row 0 of the table,
    a real (random, then learned) vector; only the mask makes the layers above skip the step."""
    import numpy as np

    out, row = values.get(f"{EMBEDDING_NAME}.output"), values.get(f"{EMBEDDING_NAME}.row0")
    padded = ~valid
    if out is None or row is None or not padded.any() or out.shape[:2] != padded.shape:
        return []
    got = out[padded]
    ok = bool(np.all(got == row)) and bool(np.any(row != 0))
    detail = (
        Phrase("padded_row0_exactly", count=int(padded.sum()), norm=float(np.linalg.norm(row)))
        if ok
        else Phrase("padded_row0_differs", value=float(np.max(np.abs(got - row))))
    )
    return [Check(Phrase("padded_row0", layer=EMBEDDING_NAME), ok, detail)]


def empty_sample_checks(spec: StackSpec, values: dict[str, np.ndarray], run: RunInfo | None) -> list[Check]:
    """A sample with no valid step: every tensor a recurrent layer returns for it is zeros.

    Keras skips every masked step: the states keep their zero start, and the output at a
    masked step is the previous output (zeros before the first valid step) or zeros
    (zero_output_for_mask); measured on TensorFlow, JAX and PyTorch on the CPU.
    """
    import numpy as np

    empty = [i for i, n in enumerate(spec.valid_lengths) if n == 0]
    if not empty or not spec.masked:
        return []
    checks: list[Check] = []
    for name in spec.layer_names:
        tensors = [(key.split(".", 1)[1], v) for key, v in values.items() if key.startswith(f"{name}.")]
        tensors = [(role, v) for role, v in tensors if role != "mask" and getattr(v, "ndim", 0) >= 2]
        if not tensors:
            continue
        label = Phrase(
            "empty_sample_check",
            layer=name,
            samples=", ".join(str(i) for i in empty),
            tensors=", ".join(role for role, _ in tensors),
        )
        worst = max(float(np.nanmax(np.abs(v[empty]))) if v[empty].size else 0.0 for _, v in tensors)
        ok = all(bool(np.all(v[empty] == 0)) for _, v in tensors)
        detail = (
            Phrase("empty_exactly") if ok else Phrase("empty_not_zero", where=_where(run, name), value=worst)
        )
        checks.append(Check(label, ok, detail))
    return checks


def mask_invariants(spec: StackSpec, values: dict[str, np.ndarray], run: RunInfo | None) -> list[Check]:
    """The per-sample checks of every recurrent layer that returns its sequence or its states."""
    import numpy as np

    valid = np.array(valid_steps(spec.valid_lengths, spec.window, spec.padding), dtype=bool)
    checks: list[Check] = []
    for front in (EMBEDDING_NAME, MASKING_NAME):
        seen: Any = values.get(f"{front}.mask")
        if f"{front}.output" in values:
            ok = (
                seen is not None
                and seen.shape == valid.shape
                and bool(np.array_equal(seen.astype(bool), valid))
            )
            detail = (
                Phrase("mask_exactly")
                if ok
                else (
                    Phrase("mask_none")
                    if seen is None
                    else Phrase("mask_differs", count=int((seen.astype(bool) != valid).sum()))
                )
            )
            checks.append(Check(Phrase("mask_matches", layer=front), ok, detail))
    checks += padded_vector_checks(spec, values, valid)
    for name, layer in zip(spec.layer_names, spec.layers, strict=True):
        if not layer.return_sequences:
            continue  # 2-D: the output is h itself; the state checks cover it
        paths = {p.layer: p.path for p in run.kernel_paths} if run else {}
        rules = padded_rules(layer, run.backend if run else None, paths.get(name))
        if layer.merge in (MergeMode.SUM, MergeMode.MUL, MergeMode.AVE):
            out = values.get(f"{name}.output")
            if out is not None:
                checks += _merged_checks(name, out, valid, layer.merge.value, run)
            continue
        try:
            directions = _directions(name, layer, values, rules)
        except (KeyError, AttributeError):
            continue  # Keras returned other tensors; the shape check says so
        for d in directions:
            checks += _direction_checks(name, layer, d, valid, run)
    return checks + empty_sample_checks(spec, values, run)
