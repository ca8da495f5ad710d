"""lstm-shapes: what shapes a recurrent Keras stack produces, predicted and then checked.

Importing this package does not import Keras; only `inspect_stack(..., run=True)` does.
The report machinery itself loads on first use, so `lstm-shapes --help` stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lstm_shapes.version import __version__

if TYPE_CHECKING:
    from lstm_shapes.errors import EnvironmentProblem, ExitCode, InvalidSpec, LstmShapesError
    from lstm_shapes.report.pipeline import inspect_stack
    from lstm_shapes.report.types import Check, StackReport
    from lstm_shapes.spec.stack import (
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


_FROM_REPORT = ("Check", "StackReport", "inspect_stack")
# Loaded on first use too: the console script imports this package before it reads argv, and
# `lstm-shapes --version` must not pay for the spec machinery.
_FROM_ERRORS = ("EnvironmentProblem", "ExitCode", "InvalidSpec", "LstmShapesError")
_FROM_SPEC = (
    "CellKind",
    "ConvSpec",
    "DeviceChoice",
    "HeadKind",
    "HeadSpec",
    "LayerSpec",
    "MergeMode",
    "Padding",
    "StackSpec",
)


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext lstm_shapes`: the `%lstm_shapes` and `%%lstm_shapes` magics (loaded only then)."""
    from lstm_shapes.cli.magic import load_ipython_extension as load

    load(ipython)


def __getattr__(name: str) -> Any:
    if name in _FROM_ERRORS:
        import lstm_shapes.errors as errors

        return getattr(errors, name)
    if name in _FROM_SPEC:
        from lstm_shapes.spec import stack

        return getattr(stack, name)
    from lstm_shapes.render.display import install

    install()  # reports handed out by the package show their table and diagram in a notebook
    if name == "inspect_stack":
        from lstm_shapes.report.pipeline import inspect_stack

        return inspect_stack
    if name in _FROM_REPORT:
        from lstm_shapes.report import types

        return getattr(types, name)
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
