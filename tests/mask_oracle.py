"""Masked stacks on one backend, against oracles nobody here wrote; run as `python tests/mask_oracle.py BACKEND`.

Prints one JSON document. For every case (pre and post padding, LSTM, GRU and SimpleRNN,
one direction or two): the tool's own checks, and each sample's h and valid outputs
against the same layer, with the same weights, run by Keras on that sample alone with its
padding cut off (no mask at all). Then the cases of Keras's own masking tests
(keras/src/layers/rnn/*_test.py: test_masking), whose expected numbers are Keras's, checked
by the tool's rule. Then the deviations: stacks where a backend's masked steps differ.
Keras takes one backend per process, so the test suite runs this once per backend.

TensorFlow (in the test process) runs every combination of padding, cell and direction;
JAX and PyTorch (a subprocess each, the slow part of the suite) run a covering set: every
pair of (padding, cell), (padding, direction) and (cell, direction) once, so each rule is
still checked on real tensors per backend. (Three-layer stacks holding all eighteen
combinations in six runs were tried: on JAX they cost twice the time, compiling bigger scans.)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from typing import Any


def _reference(keras: Any, layer_spec: Any, weights: list[Any], sample: Any) -> list[Any]:
    """The layer Keras builds for this spec, with these weights, on one unpadded sample.

    Unrolled: no mask here, so Keras's plain Python loop over the few steps computes the same
    numbers as its scan, without compiling one scan per sample length (on JAX the larger part
    of this file's time), and by other code than the masked run it checks.
    """
    config = {**layer_spec.keras_config(), "unroll": True}
    cls = getattr(keras.layers, layer_spec.cell.keras_name)
    if layer_spec.bidirectional:
        layer = keras.layers.Bidirectional(cls(**config), merge_mode=None)
    else:
        layer = cls(**config)
    layer.build(sample.shape)
    layer.set_weights(weights)
    return [keras.ops.convert_to_numpy(t) for t in layer(sample)]


DIRECTIONS = ("uni", "go_backwards", "bi")
CELLS = ("lstm", "gru", "simple-rnn")
# Nine of the eighteen: each cell in each direction once, and each cell and each direction
# with both paddings.
COVERING = (
    ("pre", "lstm", "uni"),
    ("post", "lstm", "go_backwards"),
    ("pre", "lstm", "bi"),
    ("post", "gru", "uni"),
    ("pre", "gru", "go_backwards"),
    ("post", "gru", "bi"),
    ("pre", "simple-rnn", "uni"),
    ("post", "simple-rnn", "go_backwards"),
    ("post", "simple-rnn", "bi"),
)
FULL = tuple((p, c, d) for p in ("pre", "post") for c in CELLS for d in DIRECTIONS)


def combinations(backend: str) -> tuple[tuple[str, str, str], ...]:
    return FULL if backend == "tensorflow" else COVERING


def oracle_cases(backend: str) -> list[dict[str, Any]]:
    import numpy as np

    from lstm_shapes.observe.framework import import_keras
    from lstm_shapes.report.pipeline import inspect_stack
    from lstm_shapes.spec.backend_choice import RunOptions
    from lstm_shapes.spec.stack import LayerSpec, StackSpec

    keras = import_keras(backend)
    results = []
    # A full sample, a short one and the shortest: every case of the rules, three runs alone.
    lengths = (5, 2, 1)
    for padding, cell, direction in combinations(backend):
        bidirectional, go_backwards = direction == "bi", direction == "go_backwards"
        layer = LayerSpec(
            3,
            cell=cell,  # type: ignore[arg-type]
            return_sequences=True,
            return_state=True,
            bidirectional=bidirectional,
            merge_mode="none" if bidirectional else None,  # type: ignore[arg-type]
            go_backwards=go_backwards,
        )
        spec = StackSpec(
            batch=len(lengths),
            window=5,
            features=2,
            layers=(layer,),
            mask_value=-1.0,
            lengths=lengths,
            padding=padding,  # type: ignore[arg-type]
        )
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "arrays.npz")
            report = inspect_stack(spec, options=RunOptions(backend=backend, save_arrays=path))
            with np.load(path) as data:
                arrays = {k: data[k] for k in data.files}
        weights = [
            arrays[f"weights/{spec.layer_names[0]}/{i}"]
            for i in range(sum(1 for k in arrays if k.startswith(f"weights/{spec.layer_names[0]}/")))
        ]
        name = spec.layer_names[0]
        worst = 0.0
        for b, n in enumerate(lengths):
            cut = slice(0, n) if padding == "post" else slice(5 - n, 5)
            ref = _reference(keras, layer, weights, arrays["input"][b : b + 1, cut, :])
            if bidirectional:
                if cell == "lstm":
                    fo, bo, fh, _, bh, _ = ref
                else:
                    fo, bo, fh, bh = ref
                got = [
                    (arrays[f"out/{name}.forward_hidden"][b], fh[0]),
                    (arrays[f"out/{name}.backward_hidden"][b], bh[0]),
                    (arrays[f"out/{name}.forward_output"][b, cut], fo[0]),
                    (arrays[f"out/{name}.backward_output"][b, cut], bo[0]),
                ]
            else:
                got = [
                    (arrays[f"out/{name}.hidden"][b], ref[1][0]),
                    # go_backwards: the output is in reading order, so the valid steps
                    # are the last n of the padded run with post padding, the first n with pre.
                ]
                seq = arrays[f"out/{name}.output"][b]
                backwards = slice(5 - n, 5) if padding == "post" else slice(0, n)
                read = backwards if go_backwards else cut
                got.append((seq[read], ref[0][0]))
            for mine, theirs in got:
                worst = max(worst, float(np.max(np.abs(mine - theirs))))
        results.append(
            {
                "case": f"{padding} {cell} {direction}",
                "ok": report.ok,
                "checks": [c.name for c in report.checks],
                "failed": [f"{c.name}: {c.detail}" for c in report.checks if not c.passed],
                "unpadded_difference": worst,
            }
        )
    return results


def keras_test_cases(backend: str) -> list[dict[str, Any]]:
    """Keras's test_masking cases for LSTM, GRU and SimpleRNN, checked by the tool's rule."""
    import numpy as np

    from lstm_shapes.observe.framework import import_keras
    from lstm_shapes.report.masks import mask_invariants
    from lstm_shapes.spec.stack import LayerSpec, StackSpec

    keras = import_keras(backend)
    init = keras.initializers.Constant
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    mask = np.array([[True, True, True, False], [True, True, False, False]])
    # From keras/src/layers/rnn/lstm_test.py test_masking: sample 0's output, step by step.
    lstm_expected = [0.01588910, 0.05552048, 0.11755939, 0.11755939]
    out = []
    for cell in ("lstm", "gru", "simple-rnn"):
        cls = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "simple-rnn": keras.layers.SimpleRNN}[cell]
        layer = cls(
            2,
            kernel_initializer=init(0.01),
            recurrent_initializer=init(0.02),
            bias_initializer=init(0.03),
            return_sequences=True,
            return_state=True,
        )
        result = [keras.ops.convert_to_numpy(t) for t in layer(sequence, mask=mask)]
        spec = StackSpec(
            batch=2,
            window=4,
            features=3,
            mask_value=-1.0,
            lengths=(3, 2),
            padding="post",  # type: ignore[arg-type]
            layers=(LayerSpec(2, cell=cell, return_sequences=True, return_state=True),),  # type: ignore[arg-type]
        )
        name = spec.layer_names[0]
        values = {f"{name}.output": result[0], f"{name}.hidden": result[1]}
        checks = mask_invariants(spec, values, None)
        row: dict[str, Any] = {"case": f"keras test_masking {cell}", "ok": all(c.passed for c in checks)}
        row["checks"] = len(checks)
        if cell == "lstm":
            row["matches_keras_numbers"] = bool(np.allclose(result[0][0, :, 0], lstm_expected, atol=1e-5))
        out.append(row)
    return out


# From keras/src/layers/rnn/{gru,simple_rnn,bidirectional}_test.py test_masking: a mask with
# holes (not padding), each layer's expected numbers as Keras's tests give them.
HOLES = [[True, True, False, True], [True, False, False, True]]
KERAS_HOLE_NUMBERS = {
    "gru": [
        [[0.03606692] * 2, [0.09497581] * 2, [0.09497581] * 2, [0.19393763] * 2],
        [[0.16051409] * 2, [0.16051409] * 2, [0.16051409] * 2, [0.30818558] * 2],
    ],
    "simple-rnn": [
        [[0.0599281] * 2, [0.15122814] * 2, [0.15122814] * 2, [0.32394567] * 2],
        [[0.3969304] * 2, [0.3969304] * 2, [0.3969304] * 2, [0.608085] * 2],
    ],
    "bidirectional gru": [
        [0.19393763, 0.19393763, 0.11669192, 0.11669192],
        [0.30818558, 0.30818558, 0.28380975, 0.28380975],
    ],
}


def keras_hole_cases(backend: str) -> list[dict[str, Any]]:
    """Keras's own masking tests with holes: its numbers, and the tool's rule at the holes."""
    import numpy as np

    from lstm_shapes.observe.framework import import_keras
    from lstm_shapes.predict.sequences import REPEAT, padded_rules
    from lstm_shapes.spec.stack import LayerSpec

    keras = import_keras(backend)
    init = keras.initializers.Constant
    sequence = np.arange(24).reshape((2, 4, 3)).astype("float32")
    mask = np.array(HOLES)
    weights = {
        "kernel_initializer": init(0.01),
        "recurrent_initializer": init(0.02),
        "bias_initializer": init(0.03),
    }
    out = []
    for case, expected in KERAS_HOLE_NUMBERS.items():
        if case == "bidirectional gru":
            layer = keras.layers.Bidirectional(keras.layers.GRU(2, **weights))
            spec = LayerSpec(2, cell="gru", bidirectional=True)  # type: ignore[arg-type]
        else:
            cls = keras.layers.GRU if case == "gru" else keras.layers.SimpleRNN
            layer = cls(2, return_sequences=True, **weights)
            spec = LayerSpec(2, cell=case, return_sequences=True)  # type: ignore[arg-type]
        got = keras.ops.convert_to_numpy(layer(sequence, mask=mask))
        row: dict[str, Any] = {"case": f"keras test_masking {case} (holes)"}
        row["matches_keras_numbers"] = bool(np.allclose(got, expected, atol=1e-5))
        if spec.return_sequences:
            (rule,) = padded_rules(spec, backend)
            # Masked steps after a valid one: the previous output again (REPEAT), else zeros.
            held = all(
                np.array_equal(got[b, t], got[b, t - 1] if rule.fill == REPEAT else np.zeros(2))
                for b in range(2)
                for t in range(1, 4)
                if not HOLES[b][t]
            )
            row["rule"] = rule.fill
            row["rule_holds"] = held
        out.append(row)
    return out


def deviations(backend: str) -> list[dict[str, Any]]:
    """Unrolled Bidirectional layers under a mask, where backends' masked steps differ."""
    from lstm_shapes.errors import LstmShapesError
    from lstm_shapes.report.pipeline import inspect_stack
    from lstm_shapes.spec.backend_choice import RunOptions
    from lstm_shapes.spec.stack import LayerSpec, StackSpec

    layer = LayerSpec(
        2, cell="gru", return_sequences=True, return_state=True, bidirectional=True, unroll=True
    )  # type: ignore[arg-type]
    rows = []
    # JAX's and PyTorch's deviations do not depend on the padding side; TensorFlow's does.
    for padding in ("pre", "post") if backend == "tensorflow" else ("pre",):
        spec = StackSpec(batch=2, window=4, layers=(layer,), mask_value=-1.0, lengths=(2, 4), padding=padding)  # type: ignore[arg-type]
        try:
            report = inspect_stack(spec, options=RunOptions(backend=backend))
        except LstmShapesError as err:
            rows.append({"case": f"unroll bi {padding}", "error": str(err), "exit": int(err.exit_code)})
            continue
        failed = [f"{c.name}: {c.detail}" for c in report.checks if not c.passed]
        rows.append({"case": f"unroll bi {padding}", "ok": report.ok, "failed": failed})
    return rows


def main(backend: str) -> dict[str, Any]:
    return {
        "oracle": oracle_cases(backend),
        "keras_tests": keras_test_cases(backend),
        "keras_holes": keras_hole_cases(backend),
        "deviations": deviations(backend),
    }


if __name__ == "__main__":
    os.environ["KERAS_BACKEND"] = sys.argv[1]
    print(json.dumps(main(sys.argv[1])))
