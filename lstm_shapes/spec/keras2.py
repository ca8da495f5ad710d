"""Keras 2 spellings and their Keras 3 way: `batch_input_shape`, `input_shape=`, `input_length`,
`stateful` with `batch_size` on a layer, `time_major`.

Keras 3.15 (keras/src/layers/layer.py, `Layer.__init__`; layers/core/embedding.py;
layers/rnn/rnn.py) refuses `batch_input_shape`, `batch_size` and `time_major` on a layer
("Unrecognized keyword arguments passed to LSTM: {'time_major': True}"), and
`keras.Input` refuses `batch_input_shape`; it accepts `input_shape=` on a layer and
`input_length` on Embedding with a UserWarning and ignores `input_length`. Wherever one of
these names reaches us (a spec-file key, an error Keras raises on a factory or a legacy
.h5 file, a warning), the message key here says the Keras 3 way, in the user's language.
"""

from __future__ import annotations

import re

# Each Keras 2 name, and the key of the sentence that says its Keras 3 way.
SPELLINGS = {
    "batch_input_shape": "keras2_batch_input_shape",
    "input_shape": "keras2_input_shape",
    "input_dim": "keras2_input_shape",
    "input_length": "keras2_input_length",
    "batch_size": "keras2_batch_size",
    "time_major": "keras2_time_major",
}
_NAMED = re.compile(r"['\"`](" + "|".join(SPELLINGS) + r")['\"`]")


def keras2_key(name: str) -> str | None:
    """The Keras 3 sentence for a Keras 2 name given as a key, or None."""
    return SPELLINGS.get(name)


def keras2_in(text: str) -> str | None:
    """The Keras 3 sentence for the first Keras 2 name an error or warning message quotes, or None."""
    found = _NAMED.search(text)
    return None if found is None else SPELLINGS[found.group(1)]
