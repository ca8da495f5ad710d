"""What each command does with its checked request: call the library, then emit through the funnel."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from lstm_shapes.cli.host import current
from lstm_shapes.cli.output import console, finish, report_error, show, spinner, write, writing
from lstm_shapes.cli.requests import CheckRequest, MainRequest, Output
from lstm_shapes.errors import ExitCode
from lstm_shapes.locales import Words, fill
from lstm_shapes.spec.backend_choice import RunOptions
from lstm_shapes.spec.refusals import environment, invalid, os_reason
from lstm_shapes.spec.stack import StackSpec

if TYPE_CHECKING:
    from lstm_shapes.cli.requests import InspectRequest

# Past this many time steps (summed over layers) the run warns that it will be slow:
# on a CPU each step of the loop costs about 2-4 ms in eager mode.
LONG_LOOP = 20_000


def emit(out: Output, document: Callable[[], dict[str, Any]], table: Callable[[], None]) -> None:
    """The one dispatch: the command's Rich table, or its document in the format asked.

    The document keeps its sentences as `Phrase`s: JSON prints them in English, the other
    formats say them in the reader's language.
    """
    if out.table:
        table()
        return
    from lstm_shapes.render.formats import render_document

    write(render_document(out.format, document(), out.words))


def main(request: MainRequest) -> NoReturn:
    if request.compare is not None:
        comparison(request)
    assert request.spec is not None
    if request.run and request.backends.several:
        several_backends(request, request.spec)
    one_stack(request, request.spec)


def _long_loop_note(spec: StackSpec, words: Words) -> None:
    steps = spec.steps * sum(2 if layer.bidirectional else 1 for layer in spec.layers)
    if steps >= LONG_LOOP:
        write(fill(words.errors["long_loop"], steps=f"{steps:,}"), err=True)


def one_stack(request: MainRequest, spec: StackSpec) -> NoReturn:
    from lstm_shapes.report.pipeline import inspect_stack

    out = request.output
    options = RunOptions(backend=request.backends.backends[0], time=request.time)
    if request.run:
        _long_loop_note(spec, out.words)
    plan = request.backends.backends if request.plan else ()
    with spinner(out.table and request.run, out.words) as progress:
        report = inspect_stack(
            spec,
            run=request.run,
            expect=request.expect,
            max_memory=request.budget,
            progress=progress,
            options=options,
            plan=plan,
            **request.data,
        )
    from lstm_shapes.render.table import to_document

    def table() -> None:
        from lstm_shapes.cli.pictures import save_pictures
        from lstm_shapes.render.table import print_table

        terminal = console(record=out.svg is not None or out.html is not None)
        with writing():
            print_table(
                report, terminal, out.words, weights=out.weights, explanation=out.explain, diagram=out.diagram
            )
            sys.stdout.flush()
        save_pictures(terminal, out.svg, out.html, out.words)

    emit(out, lambda: to_document(report, explanation=out.explain), table)
    finish(report.ok)


def several_backends(request: MainRequest, spec: StackSpec) -> NoReturn:
    """--backend a,b,c: the stack on each backend in its own process, compared; exit 1 on disagreement."""
    from lstm_shapes.render import multi as render
    from lstm_shapes.render.table import explanation_block, weights_table
    from lstm_shapes.report.multi import run_backends

    out = request.output
    _long_loop_note(spec, out.words)
    with spinner(out.table, out.words) as progress:
        report = run_backends(
            spec,
            request.backends,
            expect=[e.text for e in request.expect],
            max_memory=request.budget,
            time=request.time,
            progress=progress,
            runner=current().children,
        )

    def table() -> None:
        parts = [render.multi_table(report, out.words, console().width)]
        first = report.runs[0].report
        if out.weights:
            parts.append(weights_table(first, out.words))
        if out.explain:
            parts.append(explanation_block(first, out.words))
        show(*parts)

    emit(out, lambda: render.multi_document(report), table)
    finish(report.ok)


def comparison(request: MainRequest) -> NoReturn:
    """--compare: every combination of the flags, side by side; exit 1 if a run failed a check."""
    from lstm_shapes.render import compare as render
    from lstm_shapes.report.compare import compare

    out = request.output
    flags = request.compare
    assert flags is not None
    options = RunOptions(backend=request.backends.backends[0])
    with spinner(out.table and request.run, out.words) as progress:
        variants = compare(
            request.stack.spec,
            flags,
            run=request.run,
            max_memory=request.budget,
            progress=progress,
            options=options,
            **request.data,
        )

    def table() -> None:
        from lstm_shapes.render.data import compare_data

        terminal = console()
        block, targets = compare_data(variants, out.words)
        show(*block, render.compare_table(variants, out.words, terminal.width), *targets, terminal=terminal)

    emit(out, lambda: render.compare_document(variants, flags), table)
    if all(v.report is None for v in variants):
        first = variants[0].error
        reason = render.refusal(first, out.words) if first is not None else ""
        refused = invalid(None, "all_refused", reason=reason)
        if out.json:  # the document above already says ok: false; no second document after it
            raise SystemExit(report_error(refused, out.words))
        raise refused
    finish(all(v.status != "failed" for v in variants))


def check(request: CheckRequest) -> NoReturn:
    """Every case of every file, in this process; results first, then any error writing JUnit."""
    from lstm_shapes.render import suite as render
    from lstm_shapes.report.suite import exit_code, run_cases
    from lstm_shapes.sources.specfile import load

    out = request.output
    words = out.words
    cases = [case for path in request.files for case in load(path)]
    results = run_cases(cases, run=request.run, backend=request.backend)
    for line in render.case_problems(results, words):
        write(line, err=True)
    from lstm_shapes.render.saved import case_json

    emit(
        out,
        lambda: render.suite_document(results, extra=case_json),
        lambda: show(render.suite_table(results, request.run is False, words, console().width)),
    )
    if request.junit is not None:
        from lstm_shapes.render.junit import write_junit

        try:
            write_junit(results, request.junit)
        except OSError as exc:
            failed = environment("junit_write", path=str(request.junit), reason=os_reason(exc))
            if out.json:  # the results are printed already: no second document after them
                raise SystemExit(report_error(failed, out.words)) from exc
            raise failed from exc
    raise SystemExit(int(exit_code(results)))


__all__ = ["ExitCode", "check", "main"]


def inspect(request: InspectRequest) -> NoReturn:
    """inspect MODEL: load it safely, run one batch (random or the user's windows), probe its states."""
    from lstm_shapes.render import saved as render
    from lstm_shapes.report.saved import inspect_model
    from lstm_shapes.spec.partial import ModelFailed

    out = request.output
    options = RunOptions(backend=request.backend, time=request.time)
    try:
        report = _inspect(request, options, inspect_model)
    except ModelFailed as failed:
        # The table up to the refused layer on stdout, then the refusal, as every error, on
        # stderr; under --format json the one document on stdout is the error's, holding it.
        if out.table:
            terminal = console()
            with writing():
                terminal.print(render.partial_table(failed.partial, out.words))
                terminal.file.flush()
        else:
            import json

            failed.details["partial"] = json.loads(render.partial_json(failed.partial))["partial"]
        raise

    def table() -> None:
        terminal = console()
        with writing():
            render.print_report(report, terminal, out.words, weights=out.weights, explanation=out.explain)
            terminal.file.flush()

    emit(out, lambda: render.to_json_data(report), table)
    finish(report.ok)


def _inspect(request: InspectRequest, options: RunOptions, inspect_model: Any) -> Any:
    out = request.output
    with spinner(out.table, out.words) as progress:
        return inspect_model(
            request.source,
            batch=request.batch,
            window=request.window,
            seed=request.seed,
            device=request.device,
            unsafe=request.unsafe,
            expect=request.expect,
            max_memory=request.budget,
            progress=progress,
            options=options,
            given=request.given,
            **request.data,
        )
