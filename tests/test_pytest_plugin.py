"""The pytest plugin (lstm_shapes/pytest_plugin.py), used by a scratch test suite through pytester.

Its failures must read exactly as the CLI's: each is compared with what `lstm-shapes ...
--expect` prints for the same stack and tensor.
"""

from __future__ import annotations

import importlib.metadata
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import Invoke

# In-process pytester runs forget the modules their tests import; numpy cannot be imported
# twice in one process, so what the light tests use is imported here, once (no framework).
import lstm_shapes.cli.output
import lstm_shapes.pytest_plugin
import lstm_shapes.render.table
import lstm_shapes.report.pipeline
import lstm_shapes.report.suite
import lstm_shapes.sources.specfile  # noqa: F401

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = "lstm_shapes.pytest_plugin"


def plugin_args() -> list[str]:
    """`-p` the plugin, unless an installed entry point already loads it (an editable install)."""
    installed = any(e.value == PLUGIN for e in importlib.metadata.entry_points(group="pytest11"))
    # In-process runs find the plugin already imported (above): nothing to rewrite there.
    quiet = ["-W", "ignore::pytest.PytestAssertRewriteWarning"]
    return quiet if installed else ["-p", PLUGIN, *quiet]


def test_the_entry_point_is_declared() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"]["pytest11"] == {"lstm_shapes": PLUGIN}


SPEC_TESTS = """
from lstm_shapes import HeadKind, HeadSpec, LayerSpec, StackSpec

SPEC = StackSpec(layers=(LayerSpec(20, return_sequences=True),), head=HeadSpec(HeadKind.DENSE, 10))


def test_pinned(lstm_shapes_expect):
    report = lstm_shapes_expect(SPEC, {"output": "32,25,20", "head": (32, None, 10)}, run=False)
    assert report.shape("lstm_1.output") == (32, 25, 20)


def test_wrong(lstm_shapes_expect):
    lstm_shapes_expect(SPEC, {"lstm_1.output": "32,25,21", "head": "_,25,10"}, run=False)


def test_unknown_tensor(lstm_shapes_expect):
    lstm_shapes_expect(SPEC, {"lstm_9.output": "32,25,20"}, run=False)


def test_malformed_shape(lstm_shapes_expect):
    lstm_shapes_expect(SPEC, {"output": "32,x"}, run=False)
"""

CLI_STACK = ("--units", "20", "--return-sequences", "--head", "dense", "--no-run")


def test_a_spec_passes_and_fails_with_the_words_of_expect(pytester: pytest.Pytester, invoke: Invoke) -> None:
    pytester.makepyfile(test_shapes=SPEC_TESTS)
    result = pytester.runpytest(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=3)
    output = result.stdout.str()

    cli = invoke(*CLI_STACK, "--expect", "lstm_1.output=32,25,21", "--expect", "head=_,25,10")
    assert cli.exit_code == 1
    failed_line = cli.stdout.splitlines()[-2]
    assert failed_line == "✗ expect lstm_1.output: expected (32, 25, 21), got (32, 25, 20)"
    assert failed_line in output
    # Only what failed is the failure's message; the passed expectation is not.
    assert "✓ expect head.output" not in output

    for flag_value in ("lstm_9.output=32,25,20", "output=32,x"):
        refused = invoke(*CLI_STACK, "--expect", flag_value)
        assert refused.exit_code == 2
        # The CLI's error names the flag; the fixture's the same text for its `expect` argument.
        first, *rest = refused.stderr.splitlines()
        assert first.startswith("Error: --expect: ")
        assert first.removeprefix("Error: --expect: ") in output, first
        for line in rest:
            assert line in output


def test_a_spec_file_fails_with_its_case_and_line(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        shapes=textwrap.dedent(
            """\
            [[case]]
            name = "fits"
            layers = [{ units = 2 }]
            expect = { output = "32,2" }

            [[case]]
            name = "off by one"
            layers = [{ units = 2 }]
            expect = { output = "32,3" }
            """
        ),
    )
    pytester.makepyfile(
        test_file="""
        def test_file(lstm_shapes_expect):
            lstm_shapes_expect("shapes.toml", run=False)
        """
    )
    result = pytester.runpytest(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*shapes.toml:7: case 'off by one': failed: expect lstm_1.output: expected (32, 3), got (32, 2)*"]
    )
    assert "'fits'" not in result.stdout.str()


@pytest.mark.slow  # a fresh interpreter, to see what start-up imports
def test_loading_the_plugin_imports_no_framework(pytester: pytest.Pytester) -> None:
    """A suite pays for Keras only when a test really runs a model: not at start-up, not for run=False."""
    pytester.makepyfile(
        test_light="""
        import sys

        FRAMEWORKS = ("keras", "tensorflow", "jax", "torch")


        def test_start_up():
            assert [m for m in FRAMEWORKS if m in sys.modules] == []
            assert "lstm_shapes.report" not in sys.modules


        def test_a_prediction(lstm_shapes_expect):
            from lstm_shapes import LayerSpec, StackSpec

            lstm_shapes_expect(StackSpec(layers=(LayerSpec(3),)), {"output": "32,3"}, run=False)
            assert [m for m in FRAMEWORKS if m in sys.modules] == []
        """
    )
    result = pytester.runpytest_subprocess(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


MODEL_TESTS = """
import keras
import pytest


def small_model():
    inputs = keras.Input((None, 2), name="x")
    hidden = keras.layers.LSTM(3, return_sequences=True, name="encoder")(inputs)
    outputs = keras.layers.GRU(4, name="decoder")(hidden)
    return keras.Model(inputs, outputs, name="small")


def test_object(lstm_shapes_expect):
    report = lstm_shapes_expect(small_model(), {"encoder.h": "2,3", "decoder": (2, 4)}, batch=2, window=5)
    assert report.ok


def test_object_wrong(lstm_shapes_expect):
    lstm_shapes_expect(small_model(), {"encoder.c": "2,4"}, batch=2, window=5)


def test_saved(lstm_shapes_expect, tmp_path):
    path = tmp_path / "small.keras"
    small_model().save(path)
    lstm_shapes_expect(str(path), {"encoder": "2,5,3", "decoder.h": "_,4"}, batch=2, window=5)


def test_saved_wrong(lstm_shapes_expect, tmp_path):
    path = tmp_path / "small.keras"
    small_model().save(path)
    lstm_shapes_expect(path, {"decoder.h": "2,5"}, batch=2, window=5)
"""


def docs_example() -> str:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    section = text.split("## The pytest plugin", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.slow
def test_models_and_the_docs_example(pytester: pytest.Pytester) -> None:
    """Keras's own models (an object, then saved as .keras), run by the fixture as `inspect` runs
    them; and docs/ci.md's example, verbatim, beside the files it names. One interpreter, so
    one framework import."""
    # The saved model it names, made in the same interpreter (one framework import).
    pytester.makeconftest(
        """
        import keras

        inputs = keras.Input((None, 3))
        states = keras.layers.LSTM(16, name="encoder")(inputs)
        keras.Model(inputs, keras.layers.Dense(1)(states)).save("models/forecaster.keras")
        """
    )
    (pytester.path / "models").mkdir()
    (pytester.path / "shapes").mkdir()
    (pytester.path / "shapes" / "seed.toml").write_text(
        (ROOT / "examples" / "seed.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    pytester.makepyfile(test_docs_example=docs_example(), test_models=MODEL_TESTS)
    result = pytester.runpytest_subprocess(*plugin_args(), "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6, failed=2)
    output = result.stdout.str()
    assert "✗ expect encoder.cell: expected (2, 4), got (2, 3)" in output
    assert "✗ expect decoder.hidden: expected (2, 5), got (2, 4)" in output
