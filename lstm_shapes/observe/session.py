"""A warm process's Keras, loaded once and returned to a clean state before every request."""

from __future__ import annotations

import gc
from typing import Any

from lstm_shapes.observe.framework import import_keras


def warm(backend: str) -> Any:
    """Import Keras on `backend` (quietly); what a worker of the warm server pays once."""
    return import_keras(backend)


def fresh_state() -> None:
    """No layer names, sessions, graphs or compiled functions carried over from the last request.

    `clear_session` resets Keras's global state: the name counters (lstm, lstm_1, ...),
    the default seed generator and, on TensorFlow, the default graph. The tool seeds each
    initializer and the batch from the spec itself, so nothing else holds a seed.
    """
    import keras

    keras.backend.clear_session()
    gc.collect()
