"""The pytest plugin: pin a model's shapes in your own test suite, without spawning the CLI.

Installed with the package (entry point `pytest11`), it gives every test the fixture
`lstm_shapes_expect`:

    def test_forecaster(lstm_shapes_expect):
        lstm_shapes_expect("models/forecaster.keras", {"lstm.h": "_,64", "dense": (8, 1)}, batch=8)

It takes a `StackSpec`, a spec file (`.toml`, every case as `lstm-shapes check` runs it), a
saved model (`.keras`, `.h5`, `FILE.py:FUNCTION`) or a Keras model object, and the expected
shapes by tensor name. A test fails with the lines `--expect` prints
(`✗ expect lstm_1.output: expected (32, 25, 21), got (32, 25, 32)`), built by the same code;
a refusal (an unknown tensor name, a malformed shape) fails with the CLI's error and hint.

Loading the plugin imports nothing but this module: Keras, TensorFlow and the rest of the
package are imported by the first call that needs them, so a suite that never uses the
fixture never pays for them.
"""

from __future__ import annotations

import itertools
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from lstm_shapes.errors import LstmShapesError
    from lstm_shapes.locales import Words
    from lstm_shapes.report.saved import ModelReport
    from lstm_shapes.report.suite import CaseResult
    from lstm_shapes.report.types import Check, StackReport
    from lstm_shapes.spec.expect import Expectation

__all__ = ["expect_shapes", "lstm_shapes_expect"]

# A shape as a test writes it: "32,25,20", "(32, _, 20)", or a sequence such as (32, None, 20).
ShapeLike = str | Iterable[int | str | None]
Expected = Mapping[str, ShapeLike]

# Model objects handed to the fixture are reached through a module of zero-argument
# functions, which the library's `module:FUNCTION` source then loads like any factory.
_OBJECTS_MODULE = "lstm_shapes_pytest_models"
_counter = itertools.count()


def _words() -> Words:
    from lstm_shapes.locales import default_language, words

    return words(default_language())


def _expectations(expected: Expected | None) -> list[Expectation]:
    """The library's own parsing: the forms `--expect` and a spec file's `expect` table accept."""
    from lstm_shapes.spec.expect import Expectation, parse_dims

    found = []
    for tensor, shape in (expected or {}).items():
        if not isinstance(shape, str):
            shape = ["_" if axis is None else axis for axis in shape]
        found.append(Expectation(tensor, parse_dims(shape, "expect")))
    return found


def _refused(error: LstmShapesError, words: Words) -> str:
    """A refusal as the CLI says it: 'Error: ...' and its hint."""
    from lstm_shapes.cli.output import message

    text, hint = message(error, words)
    return f"{words.errors.get('error', 'Error')}: {text}" + (f"\n{hint}" if hint else "")


def _failed_lines(checks: Iterable[Check], words: Words) -> list[str]:
    from lstm_shapes.render.table import check_line

    return [check_line(check, words).plain for check in checks if not check.passed]


def _model_source(model: Any) -> Any:
    """A Keras model object as the library's `module:FUNCTION` source: a function returning it."""
    from lstm_shapes.sources.saved import ModelSource, SourceKind

    module = sys.modules.get(_OBJECTS_MODULE)
    if module is None:
        module = sys.modules[_OBJECTS_MODULE] = types.ModuleType(_OBJECTS_MODULE)
    name = f"model_{next(_counter)}"
    setattr(module, name, lambda: model)
    text = f"<{type(model).__name__} {getattr(model, 'name', '')}>".replace(" >", ">")
    return ModelSource(SourceKind.FACTORY, text, module=_OBJECTS_MODULE, function=name)


def _spec_file(path: Path, expected: Expected | None, run: bool, backend: str | None) -> list[CaseResult]:
    from lstm_shapes.locales import said
    from lstm_shapes.report.suite import Status, run_cases
    from lstm_shapes.sources.specfile import load

    if expected:
        raise TypeError("a spec file pins its shapes in its own `expect` tables; pass no expected shapes")
    results = run_cases(load(path), run=run, backend=backend)
    words = _words()
    failed = [
        f"{r.where}: case {r.case.name!r}: {r.status.value}: {said(r.detail, words)}"
        for r in results
        if r.status is not Status.PASSED
    ]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
    return results


def expect_shapes(
    target: Any,
    expected: Expected | None = None,
    *,
    run: bool = True,
    batch: int | None = None,
    window: int | None = None,
    seed: int = 0,
    backend: str | None = None,
    unsafe: bool = False,
) -> StackReport | ModelReport | list[CaseResult]:
    """Check `target`'s shapes against `expected` ({tensor name: shape}); fail the test as `--expect` would.

    `target` is a `StackSpec`, a spec file (a `.toml` path, its cases' own expectations), a saved
    model (a `.keras`/`.h5` path or `FILE.py:FUNCTION`), or a Keras model object. A model is run
    on a batch of `batch` (default 32) and, where its time axis is open, `window` (default 25)
    steps; tensors are named as `lstm-shapes inspect` names them (`encoder_lstm.h`). A
    `StackSpec` takes its sizes from itself, and `run=False` checks the prediction only, without
    importing a framework. Every other check Keras's run makes (predicted shapes, parameter
    counts, the state invariants) must pass too. Returns the report, for further asserts.
    """
    from lstm_shapes.errors import LstmShapesError
    from lstm_shapes.spec.stack import StackSpec

    words = _words()
    try:
        if isinstance(target, StackSpec):
            if batch is not None or window is not None:
                raise TypeError("a StackSpec carries its own batch and window; set them on the spec")
            from lstm_shapes.report.pipeline import inspect_stack
            from lstm_shapes.spec.backend_choice import RunOptions

            options = RunOptions(backend=backend) if backend else None
            report: StackReport | ModelReport = inspect_stack(
                target, run=run, expect=_expectations(expected), options=options
            )
        elif isinstance(target, (str, Path)) and str(target).endswith(".toml"):
            return _spec_file(Path(target), expected, run, backend)
        else:
            if not run:
                raise TypeError("a saved model is checked by running it; run=False is for a StackSpec")
            from lstm_shapes.report.saved import inspect_model
            from lstm_shapes.sources.saved import parse_source
            from lstm_shapes.spec.backend_choice import RunOptions

            source = parse_source(str(target)) if isinstance(target, (str, Path)) else _model_source(target)
            report = inspect_model(
                source,
                batch=32 if batch is None else batch,
                window=25 if window is None else window,
                seed=seed,
                unsafe=unsafe,
                expect=_expectations(expected),
                options=RunOptions(backend=backend) if backend else None,
                given=frozenset(
                    name for name, value in (("batch", batch), ("window", window)) if value is not None
                ),
            )
    except LstmShapesError as error:
        pytest.fail(_refused(error, words), pytrace=False)
    failed = _failed_lines(report.checks, words)
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
    return report


@pytest.fixture
def lstm_shapes_expect() -> Callable[..., Any]:
    """`lstm_shapes_expect(target, {tensor: shape}, **options)`: see `lstm_shapes.pytest_plugin.expect_shapes`."""
    return expect_shapes
