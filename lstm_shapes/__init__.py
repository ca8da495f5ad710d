"""lstm-shapes: what shapes a recurrent Keras stack produces, predicted and then checked.

Importing this package does not import Keras; only `inspect_stack(..., run=True)` does.
"""

from lstm_shapes.errors import ExitCode, LstmShapesError
from lstm_shapes.report import Check, StackReport, inspect_stack
from lstm_shapes.spec import DeviceChoice, HeadKind, HeadSpec, LayerSpec, StackSpec

__version__ = "0.1.0"

__all__ = [
    "Check",
    "DeviceChoice",
    "ExitCode",
    "HeadKind",
    "HeadSpec",
    "LayerSpec",
    "LstmShapesError",
    "StackReport",
    "StackSpec",
    "__version__",
    "inspect_stack",
]
