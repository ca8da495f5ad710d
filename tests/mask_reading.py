"""What `--explain` must say about masks and padding, worked out here from the spec alone.

Used by tests/test_learning.py: `front_kinds` places the mask's paragraphs among the expected
ones, `expected_mask` gives each as the keys and values the reading must say (the shortest
sample, its valid and padded steps, pre or post, the layer's rule from Keras's code), computed
here, not by the package. How the keys read in each language is the goldens' business.
"""

from __future__ import annotations

from typing import Any

from lstm_shapes.spec.stack import StackSpec
from lstm_shapes.spec.topology import Place

FRONT, PADDING, LAYER, KERNEL = "mask_front", "mask_padding", "mask_layer", "mask_kernel"
EMPTY = "mask_empty"  # samples with no valid step: all zeros, and TensorFlow's cuDNN check on a GPU


def P(key: str, **values: Any) -> tuple[str, dict[str, Any]]:
    """A paragraph of the reading as a test writes it: its key and its values."""
    return (f"paragraph:{key}", values)


def front_kinds(spec: StackSpec) -> list[str]:
    """After the input: the Embedding's or the Masking layer's paragraph, then the padding's."""
    kinds = []
    if spec.embedding is not None or spec.mask_value is not None:
        kinds.append(FRONT)
    if isinstance(spec.lengths, tuple):
        empty = 0 in spec.lengths
        if empty:
            kinds.append(EMPTY)
        n = shortest(spec)[1]
        if n and not (empty and n == spec.window):
            kinds.append(PADDING)
    return kinds


def empty_samples(spec: StackSpec) -> str:
    return ", ".join(str(i) for i, n in enumerate(spec.valid_lengths) if n == 0)


def shortest(spec: StackSpec) -> tuple[int, int]:
    """The sample the reading follows: the shortest that has a valid step."""
    lengths = list(spec.valid_lengths)
    n = min((m for m in lengths if m > 0), default=0)
    return lengths.index(n), n


def _value(spec: StackSpec) -> str:
    assert spec.mask_value is not None
    value = spec.mask_value
    return str(int(value)) if float(value).is_integer() else str(value)


def _shape(*dims: int) -> str:
    return "(" + ", ".join(str(d) for d in dims) + ")"


def fused_kernel(layer: Any) -> bool:
    """Keras's fused kernels (cuDNN) are LSTM's and GRU's own, never SimpleRNN's or an RNN over cells."""
    return layer.cell.value in ("lstm", "gru") and not layer.cells


def expected_mask(spec: StackSpec, kind: str, place: Place | None) -> Any:
    """The paragraph of `kind` as keys and values (a list: the parts of one paragraph)."""
    b, w = spec.batch, spec.window
    sample, n = shortest(spec)
    pre = spec.padding.value == "pre"
    if kind == FRONT and spec.embedding is not None:
        e = spec.embedding
        return P(
            "mask_embedding",
            shape=_shape(b, w),
            window=w,
            top=e.vocab - 1,
            vocab=e.vocab,
            dim=e.dim,
            out=_shape(b, w, e.dim),
            mask=P("mask_embedding_zero") if e.mask_zero else "",
        )
    if kind == FRONT:
        return P(
            "mask_masking", value=_value(spec), shape=_shape(b, w, spec.features), features=spec.features
        )
    if kind == EMPTY:
        return P("mask_empty", samples=empty_samples(spec), window=w)
    if kind == PADDING:
        if n == w:
            return P("mask_padding_none", window=w)
        assert isinstance(spec.lengths, tuple) and len(spec.lengths) <= 8  # the reading lists them all
        values = {
            "lengths": ", ".join(str(x) for x in spec.lengths),
            "window": w,
            "pad": "id 0" if spec.embedding is not None else _value(spec),
            "sample": sample,
            "n": n,
        }
        if pre:  # padding at steps 1 to w - n, data from w - n + 1
            return P("mask_padding_pre", cut=w - n, start=w - n + 1, **values)
        return P("mask_padding_post", start=n + 1, **values)  # data at 1 to n, padding from n + 1
    if kind == LAYER:
        assert place is not None
        layer, name = place.layer, place.name
        # Keras's rule (layers/rnn/rnn.py): a returned sequence repeats the last valid output at a
        # padded step, unless Bidirectional turns zero_output_for_mask on; no sequence, no rule.
        if not layer.return_sequences:
            rule = P("mask_last", name=name)
        elif layer.bidirectional:
            rule = P("mask_zeros", name=name)
        elif fused_kernel(layer):  # only an LSTM or GRU of its own can run cuDNN, which writes zeros
            rule = [P("mask_repeat", name=name), P("mask_repeat_cudnn")]
        else:
            rule = P("mask_repeat", name=name)
        # h comes from the last valid step, never from "the last step" alone.
        if layer.bidirectional:
            h = P("mask_h_bidirectional")
        elif layer.go_backwards:
            h = P("mask_h_backwards")
        elif not pre and n < w:
            h = P("mask_h_post", sample=sample, n=n, window=w)
        else:
            h = P("mask_h_pre", window=w)
        return [*rule, h] if isinstance(rule, list) else [rule, h]
    if kind == KERNEL:
        if 0 in spec.valid_lengths:
            this = "mask_kernel_empty"
        elif pre and n < w:
            this = "mask_kernel_left"
        else:
            this = "mask_kernel_right"
        if not any(fused_kernel(layer) for layer in spec.layers):  # SimpleRNN, stacked cells: the loop
            this = "mask_kernel_no_fused"
        return P("mask_kernel", this=P(this))
    raise AssertionError(kind)
