"""Pinned shapes: `--expect output=32,25,20` and a spec file's `[case.expect]`.

Names are resolved against the prediction, so an unknown tensor or a malformed
shape is refused before any framework is imported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lstm_shapes.spec.refusals import invalid
from lstm_shapes.spec.shapes import Role, Shape, ShapeReport

# One axis of an expected shape: a size, or None for "any size" (written _ or *).
Dim = int | None
WILDCARDS = ("_", "*")
# No tensor of a stack has more axes than this; a longer expectation is a typo or a paste.
MAX_AXES = 8


@dataclass(frozen=True)
class Expectation:
    """The shape a tensor must have; `tensor` is as the user wrote it, until resolved."""

    tensor: str
    dims: tuple[Dim, ...]

    def matches(self, shape: Shape) -> bool:
        return len(shape) == len(self.dims) and all(
            d is None or d == s for d, s in zip(self.dims, shape, strict=True)
        )

    @property
    def text(self) -> str:
        axes = ["_" if d is None else str(d) for d in self.dims]
        return "(" + ", ".join(axes) + ("," if len(axes) == 1 else "") + ")"


def parse_dims(value: object, field: str) -> tuple[Dim, ...]:
    """'32,25,20', '(32, _, 20)', or a list such as [32, "_", 20]."""
    items: Sequence[object]
    if isinstance(value, str):
        text = value.strip()
        opened, closed = text.startswith("("), text.endswith(")")
        if opened != closed:
            raise invalid(field, "shape_parentheses", value=value)
        inner = text.removeprefix("(").removesuffix(")").strip()
        items = [part.strip() for part in inner.split(",")] if inner else []
        if items and items[-1] == "":
            # "(32,)" and "32," are Python's 1-D tuple; "32,20," (no parentheses) is a typo.
            if not opened and len(items) > 2:
                raise invalid(field, "shape_trailing_comma", value=value)
            items = items[:-1]
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise invalid(field, "shape_written", value=value)
    if not items:
        raise invalid(field, "shape_empty")
    if len(items) > MAX_AXES:
        raise invalid(field, "shape_too_many_axes", count=len(items), most=MAX_AXES)
    dims: list[Dim] = []
    for item in items:
        if item in WILDCARDS:
            dims.append(None)
        elif isinstance(item, int) and not isinstance(item, bool) and item >= 0:
            dims.append(item)
        elif isinstance(item, str) and re.fullmatch(r"[0-9]+", item):
            dims.append(int(item))
        else:
            raise invalid(field, "axis_not_size", item=item)
    return tuple(dims)


def parse_expectation(text: str) -> Expectation:
    """Parse one `--expect TENSOR=SHAPE`."""
    name, sep, shape = text.partition("=")
    if not sep or not name.strip():
        raise invalid("expect", "expect_form", text=text)
    return Expectation(name.strip(), parse_dims(shape, "expect"))


# Short names for a layer's tensors: `lstm_1.h`, and `h`, `c` for the top layer's.
_SHORT = {
    Role.HIDDEN: "h",
    Role.CELL: "c",
    Role.FORWARD_HIDDEN: "forward_h",
    Role.FORWARD_CELL: "forward_c",
    Role.BACKWARD_HIDDEN: "backward_h",
    Role.BACKWARD_CELL: "backward_c",
}
# Layers that are not recurrent: the short names `output`, `h`, ... never point at them.
_NOT_RECURRENT = ("input", "conv1d", "head")


def aliases(report: ShapeReport) -> dict[str, str]:
    """Every name a user may write for a tensor, mapped to its full name.

    Full names are `input`, `conv1d.output`, `LAYER.ROLE` for each recurrent layer
    (`lstm_1.output`, `gru_2.hidden`, `lstm_1.forward_cell`, ...) and `head.output`.
    Short forms: `LAYER` for its output, `LAYER.h`/`.c` (`.forward_h`, ...) for its
    states; `output`, `hidden`/`h`, `cell`/`c`, ... for the top recurrent layer's;
    `conv1d` and `head` for those layers' outputs.
    """
    names = {row.name: row.name for row in report.tensors}
    recurrent = [row for row in report.tensors if row.layer not in _NOT_RECURRENT]
    top = recurrent[-1].layer if recurrent else None
    for row in recurrent:
        short = _SHORT.get(row.role)
        if row.role is Role.OUTPUT:
            names[row.layer] = row.name
        if short:
            names[f"{row.layer}.{short}"] = row.name
        if row.layer == top:
            names[row.role.value] = row.name
            if short:
                names[short] = row.name
    for layer in ("conv1d", "head"):
        if f"{layer}.output" in names:
            names[layer] = f"{layer}.output"
    return names


def resolve(expectations: Iterable[Expectation], report: ShapeReport) -> tuple[Expectation, ...]:
    """Replace short names by full ones; refuse unknown names with the valid ones."""
    names = aliases(report)
    resolved = []
    for exp in expectations:
        key = exp.tensor if exp.tensor in names else exp.tensor.lower()
        if key not in names:
            valid = ", ".join(row.name for row in report.tensors)
            short = ", ".join(sorted(set(names) - {row.name for row in report.tensors}))
            raise invalid("expect", "expect_unknown", tensor=exp.tensor, valid=valid, short=short)
        resolved.append(Expectation(names[key], exp.dims))
    return tuple(resolved)
