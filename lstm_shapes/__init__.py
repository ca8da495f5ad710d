"""lstm-shapes: what shapes a recurrent Keras stack produces, predicted and then checked.

Importing this package does not import Keras; only `inspect_stack(..., run=True)` does.
The report machinery itself loads on first use, so `lstm-shapes --help` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_shapes.errors import EnvironmentProblem, ExitCode, InvalidSpec, LstmShapesError
from lstm_shapes.spec import (
    CellKind,
    ConvSpec,
    DeviceChoice,
    HeadKind,
    HeadSpec,
    LayerSpec,
    MergeMode,
    Padding,
    StackSpec,
)

if TYPE_CHECKING:
    from lstm_shapes.report import Check, StackReport, inspect_stack

__version__ = "0.1.0"

_FROM_REPORT = ("Check", "StackReport", "inspect_stack")


def __getattr__(name: str) -> Any:
    if name in _FROM_REPORT:
        from lstm_shapes import report

        return getattr(report, name)
    raise AttributeError(f"module 'lstm_shapes' has no attribute {name!r}")


__all__ = [
    "CellKind",
    "Check",
    "ConvSpec",
    "DeviceChoice",
    "EnvironmentProblem",
    "ExitCode",
    "HeadKind",
    "HeadSpec",
    "InvalidSpec",
    "LayerSpec",
    "LstmShapesError",
    "MergeMode",
    "Padding",
    "StackReport",
    "StackSpec",
    "__version__",
    "inspect_stack",
]
