"""The command line: options declared once, flags turned into one value, then one dispatch."""

from lstm_shapes.cli.app import app, main

__all__ = ["app", "main"]
