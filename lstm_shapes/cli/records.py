"""Frozen records without the dataclass machinery, for what the command line builds on every start.

`dataclass` compiles an `__init__`, `__eq__`, `__hash__` and `__repr__` for every class when
its module is imported: about a millisecond a class, paid by every start of the command line,
`--help` and an input error included. A `Record` is declared like a frozen dataclass (annotated
class attributes, a value as the default, none for a required field) and behaves like one (built
by position or keyword, frozen, compared, hashed and shown by its fields), through these few
generic methods instead. No default factories: a default is shared, so it must not change.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, ClassVar

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # typer's own dependency
    from typing_extensions import dataclass_transform


@dataclass_transform(frozen_default=True)
class Record:
    # (name, annotation, default or MISSING) of every field, in declaration order.
    record_fields: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.record_fields = tuple(
            (name, hint, cls.__dict__.get(name, MISSING))
            for name, hint in inspect.get_annotations(cls).items()
            if not _class_variable(hint)
        )

    def __init__(self, *args: Any, **values: Any) -> None:
        if len(args) > len(self.record_fields):
            raise TypeError(f"{type(self).__name__}: {len(args)} values for {len(self.record_fields)} fields")
        for (name, _, _), value in zip(self.record_fields, args, strict=False):
            if name in values:
                raise TypeError(f"{type(self).__name__}: {name} given twice")
            values[name] = value
        for name, _, fallback in self.record_fields:
            value = values.pop(name, fallback)
            if value is MISSING:
                raise TypeError(f"{type(self).__name__}: missing field {name}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown fields {', '.join(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def items(self) -> Iterator[tuple[str, Any]]:
        """(name, value) of every field, in declaration order."""
        return ((name, getattr(self, name)) for name, _, _ in self.record_fields)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash((type(self), tuple(value for _, value in self.items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={v!r}' for n, v in self.items())})"


def _class_variable(hint: Any) -> bool:
    if isinstance(hint, str):  # a module with postponed annotations
        return hint.startswith(("ClassVar", "typing.ClassVar"))
    return getattr(hint, "__origin__", None) is ClassVar
