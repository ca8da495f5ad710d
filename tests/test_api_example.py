"""The docs' Python API example (docs/api.md), verbatim: a pytest test a user can copy."""

from lstm_shapes import HeadKind, HeadSpec, LayerSpec, StackSpec, inspect_stack


def test_forecaster_shapes():
    spec = StackSpec(
        batch=32,
        window=25,
        features=3,
        layers=(LayerSpec(64, return_sequences=True), LayerSpec(32, return_state=True)),
        head=HeadSpec(HeadKind.DENSE, 1),
    )
    report = inspect_stack(spec, expect=["head=32,1"])  # add run=False to predict only
    assert report.ok, report.checks
    assert report.shape("lstm_2.hidden") == (32, 32)
    assert report.observed.total_params == 29_857
