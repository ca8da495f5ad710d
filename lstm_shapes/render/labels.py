"""How the table, the diagram and the saved-model table name a tensor by its role."""

from __future__ import annotations

from lstm_shapes.spec.shapes import Role

# Arrows for the directions of a Bidirectional layer: → forward, ← backward.
TENSOR_LABELS = {
    Role.INPUT: "x",
    Role.OUTPUT: "output",
    Role.HIDDEN: "h",
    Role.CELL: "c",
    Role.FORWARD_OUTPUT: "output →",
    Role.BACKWARD_OUTPUT: "output ←",
    Role.FORWARD_HIDDEN: "h →",
    Role.FORWARD_CELL: "c →",
    Role.BACKWARD_HIDDEN: "h ←",
    Role.BACKWARD_CELL: "c ←",
    # A custom cell's state, named by its position (in the row's [index]).
    Role.STATE: "state",
    Role.FORWARD_STATE: "state →",
    Role.BACKWARD_STATE: "state ←",
}
