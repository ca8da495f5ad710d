"""What `--explain` must say about masks and padding, worked out here from the spec alone.

Used by tests/test_learning.py: `mask_kinds` places the mask's paragraphs among the expected
ones, `check_mask` reads each against numbers computed here (the shortest sample, its valid
and padded steps, pre or post, the layer's rule from Keras's code), in English and Korean.
"""

from __future__ import annotations

from lstm_shapes.spec.stack import StackSpec
from lstm_shapes.spec.topology import Place

FRONT, PADDING, LAYER, KERNEL = "mask_front", "mask_padding", "mask_layer", "mask_kernel"
EMPTY = "mask_empty"  # samples with no valid step: all zeros, and TensorFlow's cuDNN check on a GPU


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


def check_mask(spec: StackSpec, kind: str, place: Place | None, p: str, korean: bool) -> None:
    b, w = spec.batch, spec.window
    sample, n = shortest(spec)
    lengths = ", ".join(str(x) for x in spec.valid_lengths)
    pre = spec.padding.value == "pre"
    if kind == FRONT and spec.embedding is not None:
        e = spec.embedding
        if korean:
            assert p.startswith(
                f"입력은 토큰 id ({b}, {w})입니다: 샘플마다 0부터 {e.vocab - 1}까지의 정수 {w}개. "
                f"Embedding({e.vocab}, {e.dim}) 레이어는"
            ), p
            assert ("id 0은 패딩입니다" in p) == e.mask_zero, p
        else:
            assert p.startswith(
                f"The input holds token ids, ({b}, {w}): {w} integers per sample, 0 to {e.vocab - 1}. "
                f"Embedding({e.vocab}, {e.dim}) looks each id up in its {e.vocab} × {e.dim} table, so the layers "
                f"above read ({b}, {w}, {e.dim}): {e.dim} features per step."
            ), p
            assert ("With mask_zero=True, id 0 means padding" in p) == e.mask_zero, p
    elif kind == FRONT:
        f, v = spec.features, _value(spec)
        if korean:
            assert p.startswith(
                f"Masking({v}) 레이어는 텐서를 ({b}, {w}, {f}) 그대로 두고 마스크를 만듭니다"
            ), p
        else:
            whose = "1 feature equals" if f == 1 else f"{f} features all equal"
            assert p.startswith(
                f"Masking({v}) keeps the tensor as it is, ({b}, {w}, {f}), and builds a mask: a step whose "
                f"{whose} {v} is masked"
            ), p
    elif kind == PADDING:
        pad = "id 0" if spec.embedding is not None else _value(spec)
        if n == w:
            text = (
                f"모든 샘플이 {w}스텝 창을 꽉 채웁니다"
                if korean
                else f"Every sample fills the window of {w}: nothing is padded"
            )
            assert p.startswith(text), p
        elif korean:
            side = "앞쪽 패딩(pre, Keras pad_sequences의 기본값)" if pre else "뒤쪽 패딩(post)"
            assert p.startswith(f"샘플 길이는 {lengths}이고 창은 {w}스텝이며, {side}입니다"), p
            particle = "는" if str(sample)[-1] in "2459" else "은"
            if pre:
                where = f"스텝 1부터 {w - n}까지가 패딩, 스텝 {w - n + 1}부터 {w}까지가 데이터입니다."
            else:
                where = f"스텝 1부터 {n}까지가 데이터, 스텝 {n + 1}부터 {w}까지가 패딩입니다."
            assert p.endswith(f"길이가 {n}인 샘플 {sample}{particle} {where}"), p
            assert f"패딩({pad})" in p, p
        else:
            if pre:
                assert p == (
                    f"The samples are {lengths} steps long in a window of {w}, padded pre (the default of Keras's "
                    f"pad_sequences): the padding ({pad}) comes first and every sequence ends at step {w}. Sample "
                    f"{sample}, of length {n}, is padding at steps 1 to {w - n} and data at steps {w - n + 1} to {w}."
                ), p
            else:
                assert p == (
                    f"The samples are {lengths} steps long in a window of {w}, padded post: every sequence starts "
                    f"at step 1 and the padding ({pad}) follows its end. Sample {sample}, of length {n}, is data at "
                    f"steps 1 to {n} and padding at steps {n + 1} to {w}."
                ), p
    elif kind == LAYER:
        assert place is not None
        layer, name = place.layer, place.name
        if korean:
            rule = (
                "그 출력이 곧 h입니다"
                if not layer.return_sequences
                else "패딩 스텝은 정방향, 역방향 모두 0입니다"
                if layer.bidirectional
                else "마지막 유효 출력을 반복하고"
            )
            if layer.bidirectional:
                h = "역방향 h는 역방향이 끝나는 첫 유효 스텝의 출력입니다."
            elif layer.go_backwards:
                h = "입력 순서로 샘플마다 첫 유효 스텝"
            elif not pre and n < w:
                h = f"샘플 {sample}에서는 {w}스텝 중 스텝 {n}이고"
            else:
                h = f"모든 샘플에서 마지막 열({w})이므로, 여기서는 h가 output[:, -1, :]과 같습니다."
        else:
            rule = (
                f"{name} returns one output per sample (return_sequences=False), and that output is its h."
                if not layer.return_sequences
                else f"{name} is Bidirectional and returns its sequence, so Keras turns zero_output_for_mask on "
                "for both directions: every padded step holds zeros, forward and backward."
                if layer.bidirectional
                else f"{name} reads with the mask. At a padded step it keeps its states as they were and writes "
                "its previous output again"
            )
            if layer.bidirectional:
                h = "the backward h, the output at its first valid step, where the backward direction ends."
            elif layer.go_backwards:
                h = "its h is the output at each sample's first valid step in input order, the last one it reads."
            elif not pre and n < w:
                h = f"for sample {sample} that is step {n} of {w}, and the output at step {w} is a padded step."
            else:
                h = f"that step is the last column ({w}) for every sample, so here h equals output[:, -1, :]."
            assert p.startswith(rule), p
        assert rule in p and h in p, (rule, h, p)
        # h comes from the last valid step, never from "the last step" alone.
        assert ("cuDNN" in p) == (layer.return_sequences and not layer.bidirectional), p
    elif kind == EMPTY:
        samples = empty_samples(spec)
        if korean:
            assert p.startswith(f"샘플 {samples}에는 유효한 스텝이 없습니다: {w}스텝이 모두 패딩입니다."), p
            assert "InvalidArgumentError" in p and "use_cudnn=False" in p, p
        else:
            assert p.startswith(f"Sample {samples} has no valid step: all {w} steps are padding."), p
            assert "h (and c) stay zeros" in p and "InvalidArgumentError" in p and "use_cudnn=False" in p, p
    elif kind == KERNEL and 0 in spec.valid_lengths:
        if korean:
            assert p.endswith("(위에서 말한 대로 TensorFlow의 cuDNN 검사가 실패합니다)."), p
        else:
            assert p.endswith(
                "This stack has a sample with no valid step: on a GPU every backend runs the generic loop"
                " (TensorFlow's cuDNN check fails, as said above)."
            ), p
    elif kind == KERNEL:
        left = pre and n < w
        if korean:
            assert p.startswith("마스크는 shape이 아니라 GPU가 돌리는 커널을 바꿉니다"), p
            assert p.endswith(
                "모든 백엔드가 일반 루프를 씁니다." if left else "JAX와 PyTorch는 그렇지 않습니다."
            ), p
        else:
            assert p.startswith("A mask changes the kernel a GPU runs, not the shapes"), p
            assert p.endswith(
                "This stack's mask is left-padded (pre): on a GPU every backend runs the generic loop."
                if left
                else "This stack's mask is right-padded: on a GPU TensorFlow keeps cuDNN; JAX and PyTorch do not."
            ), p
    else:
        raise AssertionError(kind)
