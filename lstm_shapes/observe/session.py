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

    # clear_session collects garbage itself (free_memory=True); once `settle` has frozen the
    # framework's own objects, that collection walks only what the last request left.
    keras.backend.clear_session()


def settle() -> None:
    """After the warm-up: collect, then move every surviving object out of the collector's reach.

    TensorFlow and Keras leave hundreds of thousands of long-lived objects; a full collection
    walks them all (about 0.2 s, twice per request). Frozen (gc.freeze), they are skipped,
    and a request's own garbage is still collected.
    """
    gc.collect()
    gc.freeze()
