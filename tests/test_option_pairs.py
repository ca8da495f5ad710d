"""Every pair of options from different families under --no-run: no traceback, an exit in 0-3, a reason.

The options are read from the app's own parameters (typer's click command), so a new flag is
covered the day it is added: its family comes from its help panel (refined by name inside the
Stack panel), its values from its type (a flag, a choice, a number) or from the table of
representative strings below, with a nonsense string for a text option nobody listed. Two
values per option at most. All the pairs are a few thousand in-process invocations
(framework-free, yet over 30 s on a loaded 2-core machine), so that test is marked slow; a
deterministic sample in which every value meets a value of every other family always runs.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from lstm_shapes.cli.app import app

PLAIN_ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "LSTM_SHAPES_DEBUG": None,
    "LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
}

# Never paired: --no-run is always given, --traceback re-raises by design, --version exits first.
SKIPPED = {"no_run", "traceback", "version"}

# Representative values for text options, one that works and, where telling, one Keras refuses.
TEXT_VALUES: dict[str, tuple[str, ...]] = {
    "activation": ("relu",),
    "recurrent_activation": ("hard_sigmoid",),
    "kernel_initializer": ("he_normal",),
    "recurrent_initializer": ("glorot_uniform",),
    "bias_initializer": ("ones",),
    "kernel_regularizer": ("l2",),
    "recurrent_regularizer": ("l1",),
    "bias_regularizer": ("l1l2",),
    "activity_regularizer": ("l2",),
    "kernel_constraint": ("max_norm",),
    "recurrent_constraint": ("unit_norm",),
    "bias_constraint": ("non_neg",),
    "lengths": ("3,0", "random"),
    "padding": ("post",),
    "lang": ("ko",),
    "compare": ("return_sequences", "mask"),
    "expect": ("output=_,_", "lstm_1.h=2,_"),
    "max_memory": ("1GiB",),
    "backend": ("jax", "tensorflow,torch"),
    "columns": ("a,b",),
    "target": ("y",),
    "target_steps": ("last", "all"),
    "loss": ("binary_crossentropy", "sparse_categorical_crossentropy"),
}
NUMBER_VALUES: dict[str, tuple[str, ...]] = {
    "batch": ("2", "3"),
    "window": ("4", "1"),
    "units": ("3",),
    "conv_kernel_size": ("2", "9"),
    "conv_strides": ("2",),
    "dropout": ("0.5",),
    "recurrent_dropout": ("0.5",),
    "implementation": ("1",),
    "mask_value": ("0",),
    "horizon": ("2",),
    "stride": ("2",),
    "sampling_rate": ("2",),
    "seed": ("7",),
    "batches": ("3",),
}


def family(param: Any) -> str:
    """The option's family: its help panel, with the Stack panel split the way users think of it."""
    name = param.name or ""
    panel = getattr(param, "rich_help_panel", None) or "other"
    if panel != "Stack":
        return {
            "Recurrent-layer hyperparameters (Keras names and defaults)": "hyperparameters",
            "Explain": "words",
            "Run and output": "CI",
            "Your data": "data",
        }.get(panel, panel)
    if name == "cell":
        return "cell"
    for prefix, group in (("head", "head"), ("conv", "conv"), ("embedding", "masks"), ("mask", "masks")):
        if name.startswith(prefix):
            return group
    return "masks" if name in ("lengths", "padding") else "stack"


def values(param: Any, files: dict[str, Path]) -> list[list[str]]:
    """One or two ways to give this option on a command line."""
    name, flag = param.name or "", param.opts[0]
    if param.is_flag:
        return [[flag]] + [[opt] for opt in param.secondary_opts[:1]]
    kind = param.type.name  # typer carries its own click: the parameter's type by name
    if kind in ("path", "file"):
        return [[flag, str(files.get(name, files["out"] / f"{name}.out"))]]
    if kind == "choice":
        default = str(getattr(param.default, "value", param.default))
        others = [str(c) for c in param.type.choices if str(c) != default]
        return [[flag, c] for c in (others[:1] + others[-1:] if len(others) > 1 else others)]
    if name in NUMBER_VALUES:
        return [[flag, v] for v in NUMBER_VALUES[name]]
    if kind in ("integer", "int"):
        return [[flag, "2"]]
    if kind in ("float", "double"):
        return [[flag, "0.5"]]
    return [[flag, v] for v in TEXT_VALUES.get(name, ("nonsense",))]


def option_values(files: dict[str, Path]) -> list[tuple[str, list[str]]]:
    command = typer.main.get_command(app)
    found = []
    for param in command.params:
        if param.param_type_name != "option" or param.name in SKIPPED:
            continue
        found += [(family(param), args) for args in values(param, files)]
    return found


def pairs(files: dict[str, Path]) -> list[list[str]]:
    """Every pair of values from different families."""
    found = option_values(files)
    return [a + b for (fa, a), (fb, b) in itertools.combinations(found, 2) if fa != fb]


def covering_pairs(files: dict[str, Path]) -> list[list[str]]:
    """A deterministic sample: every value meets a value of every other family (round-robin)."""
    found = option_values(files)
    by_family: dict[str, list[list[str]]] = {}
    for fam, args in found:
        by_family.setdefault(fam, []).append(args)
    chosen: dict[tuple[str, ...], list[str]] = {}
    for i, (fam, args) in enumerate(found):
        for other, options in by_family.items():
            if other != fam:
                partner = options[i % len(options)]
                key = tuple(sorted((" ".join(args), " ".join(partner))))
                chosen.setdefault(key, args + partner)
    return list(chosen.values())


def assert_clean(lines: list[list[str]]) -> None:
    """Run each line with --no-run; collect every traceback, stray exit code and silent failure."""
    runner = CliRunner()
    failures: list[str] = []
    for args in lines:
        line = ["--no-run", *args]
        result = runner.invoke(app, line, env=PLAIN_ENV, prog_name="lstm-shapes")
        said = result.output + (result.stderr if result.stderr_bytes is not None else "")
        problem = None
        if result.exit_code not in (0, 1, 2, 3):
            problem = f"exit {result.exit_code}"
        elif "Traceback" in said:
            problem = "a traceback"
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            problem = f"{type(result.exception).__name__}: {result.exception}"
        elif result.exit_code != 0 and not said.strip():
            problem = "a non-zero exit with no reason"
        if problem:
            failures.append(f"{' '.join(line)}: {problem}")
    assert not failures, f"{len(failures)} failing command lines:\n" + "\n".join(failures[:40])


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pairs")
    table = root / "table.csv"
    table.write_text("a,b,y\n" + "".join(f"{i},{i * 2},{i % 2}\n" for i in range(12)))
    return {"data": table, "out": root}


def test_every_family_is_covered(files: dict[str, Path]) -> None:
    # No option falls through to the nonsense string unless it is text (a number or a file path
    # given "nonsense" would test nothing, and a file option would write one into the work tree).
    for param in typer.main.get_command(app).params:
        if param.param_type_name == "option" and param.name not in SKIPPED:
            got = values(param, files)
            assert param.type.name in ("text", "str") or ["nonsense"] not in [a[1:] for a in got], param.name
    families = {fam for fam, _ in option_values(files)}
    expected = {"stack", "cell", "hyperparameters", "head", "conv", "masks", "words", "CI", "data"}
    assert expected <= families
    assert len(pairs(files)) > 1000


def test_the_traceback_that_was_reported_is_gone(invoke: Any) -> None:
    result = invoke("--embedding-vocab", "10", "--weights", "--no-run")
    assert result.exit_code == 0, result.output
    assert "embeddings" in result.output and "(10, 8)" in result.output


def test_pairs_sampled_across_families_run_cleanly(files: dict[str, Path]) -> None:
    sample = covering_pairs(files)
    # Every value meets every other family's at least once: the sample grows with the flags.
    assert 200 < len(sample) < 2000
    assert_clean(sample)


# Stacks where the families' flags come alive: padding with an empty sample, token ids with
# mask_zero, stateful batches. Every option value is tried on each.
BASES = (
    ("--batch", "2", "--window", "4", "--mask-value", "0", "--lengths", "4,0"),
    ("--batch", "2", "--window", "4", "--embedding-vocab", "6", "--mask-zero", "--lengths", "0,3"),
    ("--batch", "2", "--window", "4", "--stateful", "--batches", "3"),
)


@pytest.mark.parametrize("base", BASES, ids=["empty-sample", "mask-zero", "stateful"])
def test_every_option_on_live_stacks(files: dict[str, Path], base: tuple[str, ...]) -> None:
    assert_clean([[*base, *args] for _, args in option_values(files)])


@pytest.mark.slow
def test_every_pair_of_families_runs_cleanly(files: dict[str, Path]) -> None:
    assert_clean(pairs(files))
