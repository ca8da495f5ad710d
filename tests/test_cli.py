"""The command line in-process: every seed scenario, JSON, help, and every kind of bad input."""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path
from typing import Any, NoReturn

import pytest
import typer
from conftest import PLAIN_ENV, Invoke, flat, table_rows
from typer.testing import CliRunner, Result

from lstm_shapes import __version__
from lstm_shapes.cli.app import app
from lstm_shapes.errors import InvalidSpec
from lstm_shapes.spec import identifiers as ids

SEED = ("--batch", "32", "--window", "25")
# Below the width where the "Why" column appears, and wide enough that no cell wraps.
TABLE_ENV = {"COLUMNS": "110"}

TD_PROBLEM = (
    "Error: --head: TimeDistributed needs a 3-D (batch, time steps, features) input, but lstm_1 "
    "returns a 2-D (batch, units) output because return_sequences is off"
)
TD_HINT = "Return the whole sequence from lstm_1 (--return-sequences) to keep the time axis, or use a Dense head (--head dense), which works on the 2-D output."


def assert_no_crash(result: Result) -> None:
    """Our exits are SystemExit; anything else is an escaped exception (a traceback for a user)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def run_ok(invoke: Invoke, *args: str) -> Result:
    result = invoke(*args, env=TABLE_ENV)
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result


def json_report(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke(*args, "--json")
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def json_shapes(data: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    return {t["name"]: tuple(t["shape"]) for t in data["tensors"]}


INPUT_ROW = ["input", "x", "(32, 25, 1)", "batch × time steps × features"]
SEQUENCE_ROW = ["lstm_1 (LSTM)", "output", "(32, 25, 20)", "batch × time steps × units", "1,760"]

# The seed tutorial, scenario by scenario: flags -> table rows, footer, and JSON shapes.
SCENARIOS: dict[str, tuple[tuple[str, ...], list[list[str]], str, dict[str, tuple[int, ...]]]] = {
    "1-1 return_sequences=False": (
        ("--units", "20"),
        [INPUT_ROW, ["lstm_1 (LSTM)", "output", "(32, 20)", "batch × units", "1,760"]],
        "1,760",
        {"input": (32, 25, 1), "lstm_1.output": (32, 20)},
    ),
    "1-2 return_sequences=True": (
        ("--units", "20", "--return-sequences"),
        [INPUT_ROW, SEQUENCE_ROW],
        "1,760",
        {"input": (32, 25, 1), "lstm_1.output": (32, 25, 20)},
    ),
    "2-1 Dense after a 2-D output": (
        ("--units", "20", "--head", "dense"),
        [
            INPUT_ROW,
            ["lstm_1 (LSTM)", "output", "(32, 20)", "batch × units", "1,760"],
            ["head (Dense)", "output", "(32, 10)", "batch × head units", "210"],
        ],
        "1,970",
        {"input": (32, 25, 1), "lstm_1.output": (32, 20), "head.output": (32, 10)},
    ),
    "2-2 Dense after a sequence": (
        ("--units", "20", "--return-sequences", "--head", "dense"),
        [
            INPUT_ROW,
            SEQUENCE_ROW,
            ["head (Dense)", "output", "(32, 25, 10)", "batch × time steps × head units", "210"],
        ],
        "1,970",
        {"input": (32, 25, 1), "lstm_1.output": (32, 25, 20), "head.output": (32, 25, 10)},
    ),
    "2-3 TimeDistributed(Dense)": (
        ("--units", "20", "--return-sequences", "--head", "time-distributed"),
        [
            INPUT_ROW,
            SEQUENCE_ROW,
            [
                "head (TimeDistributed(Dense))",
                "output",
                "(32, 25, 10)",
                "batch × time steps × head units",
                "210",
            ],
        ],
        "1,970",
        {"input": (32, 25, 1), "lstm_1.output": (32, 25, 20), "head.output": (32, 25, 10)},
    ),
    "3 hidden and cell state": (
        ("--units", "20", "--return-sequences", "--return-state"),
        [
            INPUT_ROW,
            SEQUENCE_ROW,
            ["h", "(32, 20)", "batch × units"],
            ["c", "(32, 20)", "batch × units"],
        ],
        "1,760",
        {
            "input": (32, 25, 1),
            "lstm_1.output": (32, 25, 20),
            "lstm_1.hidden": (32, 20),
            "lstm_1.cell": (32, 20),
        },
    ),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_seed_scenario_table(invoke: Invoke, scenario: str) -> None:
    flags, rows, total, _ = SCENARIOS[scenario]
    result = run_ok(invoke, *SEED, *flags)
    body, footer = table_rows(result.stdout)
    assert body == rows
    assert footer == ["Total", total]
    assert "✓ shapes match the prediction" in result.stdout
    assert "✓ parameters match the prediction" in result.stdout
    assert "✗" not in result.stdout


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_seed_scenario_json(invoke: Invoke, scenario: str) -> None:
    flags, _, total, shapes = SCENARIOS[scenario]
    data = json_report(invoke, *SEED, *flags)
    assert json_shapes(data) == shapes
    assert [t["name"] for t in data["tensors"]] == list(shapes)
    for tensor in data["tensors"]:
        assert tensor["shape"] == tensor["predicted_shape"]
        assert len(tensor["axes"]) == len(tensor["shape"])
    assert data["ok"] is True
    assert data["total_params"] == int(total.replace(",", ""))
    assert all(check["passed"] for check in data["checks"])


def test_canonical_call(invoke: Invoke) -> None:
    result = run_ok(invoke, "--batch", "32", "--window", "25", "--units", "20", "--return-sequences")
    assert table_rows(result.stdout) == ([INPUT_ROW, SEQUENCE_ROW], ["Total", "1,760"])
    assert "lstm_1.output: return_sequences=True: 20 units at each of the 25 steps" in result.stdout


def test_seed_defaults_are_the_tutorial(invoke: Invoke) -> None:
    """With no flags at all: x of (32, 25, 1) into LSTM(20)."""
    data = json_report(invoke)
    assert json_shapes(data) == {"input": (32, 25, 1), "lstm_1.output": (32, 20)}
    assert data["input"] == {
        "batch": 32,
        "window": 25,
        "features": 1,
        "shape": [32, 25, 1],
        "dtype": "float32",
        "seed": 0,
    }


def test_hidden_and_cell_state_invariant(invoke: Invoke) -> None:
    flags = (*SEED, "--units", "20", "--return-sequences", "--return-state")
    result = run_ok(invoke, *flags)
    assert "✓ lstm_1: output[:, -1, :] == h: exactly equal" in result.stdout
    data = json_report(invoke, *flags)
    assert data["checks"] == [
        {"name": "shapes match the prediction", "passed": True, "detail": "all 4 tensors"},
        {"name": "parameters match the prediction", "passed": True, "detail": "1,760 in 1 layer"},
        {"name": "lstm_1: output[:, -1, :] == h", "passed": True, "detail": "exactly equal"},
    ]
    tensors = {t["name"]: t for t in data["tensors"]}
    for name, role in (("lstm_1.hidden", "hidden"), ("lstm_1.cell", "cell")):
        seen = tensors[name]
        assert (seen["layer"], seen["role"], seen["shape"], seen["axes"]) == (
            "lstm_1",
            role,
            [32, 20],
            ["batch", "units"],
        )


def test_time_distributed_after_a_2d_output_is_explained(invoke: Invoke) -> None:
    result = invoke(*SEED, "--units", "20", "--head", "time-distributed")
    assert_no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"{TD_PROBLEM}\n{TD_HINT}\n"
    assert "3-D" in result.stderr
    assert "--return-sequences" in result.stderr
    assert "--head dense" in result.stderr


# --- options and metadata ----------------------------------------------------------------------


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"lstm-shapes {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(invoke: Invoke, flag: str) -> None:
    result = invoke(flag, env={"COLUMNS": "200"})
    assert_no_crash(result)
    assert result.exit_code == 0
    assert result.stderr == ""
    text = flat(result.stdout)
    assert "Usage: lstm-shapes" in text
    for option in ("--batch", "--window", "--timesteps", "--units", "--return-sequences", "--head", "--json"):
        assert option in text


def all_options() -> list[Any]:
    """Every option of the command and of any subcommand, as click parameters."""
    found = []
    stack = [typer.main.get_command(app)]
    while stack:
        command = stack.pop()
        found += [p for p in command.params if p.param_type_name == "option"]
        stack += list(getattr(command, "commands", {}).values())
    return found


def test_every_option_has_help_text() -> None:
    options = all_options()
    assert len(options) >= 30
    missing = [p.opts[0] for p in options if not (p.help or "").strip()]
    assert missing == []


def help_params() -> list[Any]:
    options = [p for p in typer.main.get_command(app).params if p.param_type_name == "option" and p.help]
    return [pytest.param(p, id=p.opts[0]) for p in options]


@pytest.fixture(scope="module")
def help_text() -> str:
    result = CliRunner().invoke(app, ["--help"], env={**PLAIN_ENV, "COLUMNS": "400"}, prog_name="lstm-shapes")
    assert result.exit_code == 0
    return flat(result.stdout)


@pytest.mark.parametrize("param", help_params())
def test_help_shows_the_help_text_verbatim(help_text: str, param: Any) -> None:
    """Rich markup must not eat bracketed text such as "[default: 20]" (it keeps "[0, 1)")."""
    assert flat(param.help) in help_text


def test_timesteps_is_an_alias_of_window(invoke: Invoke) -> None:
    data = json_report(invoke, "--batch", "2", "--timesteps", "3", "--units", "4", "--return-sequences")
    assert json_shapes(data) == {"input": (2, 3, 1), "lstm_1.output": (2, 3, 4)}
    assert data["input"]["window"] == 3


def test_repeated_units_build_a_stack(invoke: Invoke) -> None:
    data = json_report(invoke, *shlex.split("--batch 2 --window 3 --features 2 --units 4 --units 3"))
    assert json_shapes(data) == {"input": (2, 3, 2), "lstm_1.output": (2, 3, 4), "lstm_2.output": (2, 3)}
    assert [(layer["name"], layer["params"]) for layer in data["layers"]] == [("lstm_1", 112), ("lstm_2", 96)]
    assert data["layers"][0]["config"]["return_sequences"] is True
    assert data["layers"][1]["config"]["return_sequences"] is False
    assert data["total_params"] == 208


def test_repeated_units_table(invoke: Invoke) -> None:
    result = run_ok(invoke, *shlex.split("--batch 2 --window 3 --units 4 --units 3 --return-sequences"))
    assert table_rows(result.stdout) == (
        [
            ["input", "x", "(2, 3, 1)", "batch × time steps × features"],
            ["lstm_1 (LSTM)", "output", "(2, 3, 4)", "batch × time steps × units", "96"],
            ["lstm_2 (LSTM)", "output", "(2, 3, 3)", "batch × time steps × units", "96"],
        ],
        ["Total", "192"],
    )


def test_json_fields(invoke: Invoke) -> None:
    data = json_report(
        invoke, *shlex.split("--batch 2 --window 3 --units 2 --return-state --head dense --head-units 3")
    )
    fields = "tool_version source ok input backend device layers tensors total_params checks"
    assert set(fields.split()) <= set(data)
    assert data["tool_version"] == __version__
    assert data["source"] == "observed"
    assert data["ok"] is True
    assert data["backend"] == "tensorflow"
    assert isinstance(data["device"], str)
    for layer in data["layers"]:
        assert {"name", "kind", "config", "params", "weights"} <= set(layer)
    for tensor in data["tensors"]:
        assert {"name", "layer", "role", "shape", "predicted_shape", "axes"} <= set(tensor)
    lstm, head = data["layers"]
    assert (lstm["name"], lstm["kind"], lstm["params"]) == ("lstm_1", "LSTM", 32)
    assert lstm["weights"] == [
        {"name": "kernel", "shape": [1, 8]},
        {"name": "recurrent_kernel", "shape": [2, 8]},
        {"name": "bias", "shape": [8]},
    ]
    assert lstm["config"]["units"] == 2
    assert lstm["config"]["kernel_regularizer"] is None
    assert (head["name"], head["kind"], head["config"], head["params"]) == ("head", "Dense", {"units": 3}, 9)
    assert head["weights"] == [{"name": "kernel", "shape": [2, 3]}, {"name": "bias", "shape": [3]}]
    assert [(t["name"], t["layer"], t["role"]) for t in data["tensors"]] == [
        ("input", "input", "input"),
        ("lstm_1.output", "lstm_1", "output"),
        ("lstm_1.hidden", "lstm_1", "hidden"),
        ("lstm_1.cell", "lstm_1", "cell"),
        ("head.output", "head", "output"),
    ]
    assert data["tensors"][-1]["axes"] == ["batch", "head units"]
    assert data["total_params"] == 41
    assert [check["name"] for check in data["checks"]] == [
        "shapes match the prediction",
        "parameters match the prediction",
        "lstm_1: output == h",
    ]
    for check in data["checks"]:
        assert set(check) == {"name", "passed", "detail"}


def no_gpu() -> bool:
    from lstm_shapes.observe.framework import import_keras

    import_keras()
    import tensorflow as tf

    return not tf.config.list_logical_devices("GPU")


@pytest.mark.parametrize("device", [(), ("--device", "cpu"), ("--device", "auto")])
def test_json_device_is_the_cpu_here(invoke: Invoke, device: tuple[str, ...]) -> None:
    if device != ("--device", "cpu") and not no_gpu():
        pytest.skip("a GPU is visible: auto picks it")
    data = json_report(invoke, "--batch", "1", "--window", "2", "--units", "1", *device)
    assert data["device"] == "CPU:0"


def test_json_is_never_coloured(invoke: Invoke) -> None:
    color = {"NO_COLOR": None, "FORCE_COLOR": "1"}
    result = invoke(*shlex.split("--batch 1 --window 2 --units 1 --json"), env=color)
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    json.loads(result.stdout)


def test_table_on_a_pipe_is_plain_even_without_no_color(invoke: Invoke) -> None:
    result = invoke(*shlex.split("--batch 1 --window 2 --units 1"), env={"NO_COLOR": None})
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "✓ shapes match the prediction" in result.stdout


def test_ctrl_c_exits_130_without_a_traceback(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> NoReturn:
        raise KeyboardInterrupt

    monkeypatch.setattr("lstm_shapes.report.pipeline.inspect_stack", interrupted)
    result = invoke(*shlex.split("--batch 1 --window 2 --units 1"))
    assert_no_crash(result)
    assert result.exit_code == 130
    assert result.stderr.endswith("Interrupted.\n")


def test_traceback_flag_reraises(invoke: Invoke) -> None:
    result = invoke("--batch", "0", "--traceback")
    assert isinstance(result.exception, InvalidSpec)
    assert result.exception.field == "batch"


def test_seed_flag_changes_only_the_numbers(invoke: Invoke) -> None:
    data = json_report(invoke, "--batch", "1", "--window", "2", "--units", "1", "--seed", "5")
    assert data["input"]["seed"] == 5
    assert json_shapes(data) == {"input": (1, 2, 1), "lstm_1.output": (1, 1)}


def test_every_hyperparameter_flag_reaches_keras(invoke: Invoke) -> None:
    flags = """
        --batch 2 --window 3 --units 2 --return-sequences --return-state
        --activation relu --recurrent-activation hard_sigmoid --no-use-bias
        --kernel-initializer he_normal --recurrent-initializer identity --bias-initializer ones
        --no-unit-forget-bias --kernel-regularizer l2 --recurrent-regularizer orthogonal_regularizer
        --bias-regularizer l1 --activity-regularizer l1l2 --kernel-constraint max_norm
        --recurrent-constraint unit_norm --bias-constraint non_neg --dropout 0.25
        --recurrent-dropout 0.5 --implementation 1 --go-backwards --stateful --unroll
    """
    data = json_report(invoke, *flags.split())
    assert data["ok"] is True
    config = data["layers"][0]["config"]
    expected = {
        "cell": "lstm",
        "units": 2,
        "return_sequences": True,
        "return_state": True,
        "activation": "relu",
        "recurrent_activation": "hard_sigmoid",
        "use_bias": False,
        "kernel_initializer": "he_normal",
        "recurrent_initializer": "identity",
        "bias_initializer": "ones",
        "unit_forget_bias": False,
        "kernel_regularizer": "l2",
        "recurrent_regularizer": "orthogonal_regularizer",
        "bias_regularizer": "l1",
        "activity_regularizer": "l1l2",
        "kernel_constraint": "max_norm",
        "recurrent_constraint": "unit_norm",
        "bias_constraint": "non_neg",
        "dropout": 0.25,
        "recurrent_dropout": 0.5,
        "implementation": 1,
        "go_backwards": True,
        "stateful": True,
        "unroll": True,
        "bidirectional": False,
        "merge_mode": None,
    }
    assert config == expected
    assert list(config) == list(expected)
    assert data["layers"][0]["params"] == 24
    assert [w["name"] for w in data["layers"][0]["weights"]] == ["kernel", "recurrent_kernel"]


# --- bad input ---------------------------------------------------------------------------------


# Values our own validation refuses: the flag, the message's key and the values it holds, and
# the choices it lists (None when it lists none). tests/golden/refusals-values.out keeps how they read.
OUR_ERRORS: list[tuple[tuple[str, ...], str, str, dict[str, Any], tuple[str, ...] | None]] = [
    (("--batch", "0"), "--batch", "at_least", {"minimum": 1, "value": 0}, None),
    (("--batch", "-3"), "--batch", "at_least", {"minimum": 1, "value": -3}, None),
    (("--window", "0"), "--window", "at_least", {"minimum": 1, "value": 0}, None),
    (("--timesteps", "0"), "--window", "at_least", {"minimum": 1, "value": 0}, None),
    (("--features", "0"), "--features", "at_least", {"minimum": 1, "value": 0}, None),
    (("--units", "0"), "--units", "at_least", {"minimum": 1, "value": 0}, None),
    (("--units", "-1"), "--units", "at_least", {"minimum": 1, "value": -1}, None),
    (("--units", "4", "--units", "0"), "--units", "at_least", {"minimum": 1, "value": 0}, None),
    (("--head-units", "0"), "--head-units", "at_least", {"minimum": 1, "value": 0}, None),
    (("--seed", "-1"), "--seed", "at_least", {"minimum": 0, "value": -1}, None),
    (("--dropout", "1"), "--dropout", "fraction", {"value": 1.0}, None),
    (("--dropout", "-0.1"), "--dropout", "fraction", {"value": -0.1}, None),
    (("--dropout", "nan"), "--dropout", "fraction", {"value": "nan"}, None),  # JSON has no NaN
    (("--recurrent-dropout", "1.5"), "--recurrent-dropout", "fraction", {"value": 1.5}, None),
    (("--activation", "foo"), "--activation", "unknown", {"value": "foo"}, ids.ACTIVATIONS),
    (
        ("--recurrent-activation", "sigmod"),
        "--recurrent-activation",
        "unknown_guess",
        {"value": "sigmod", "guess": "sigmoid"},
        ids.ACTIVATIONS,
    ),
    (
        ("--kernel-initializer", "nope"),
        "--kernel-initializer",
        "unknown",
        {"value": "nope"},
        ids.KERNEL_INITIALIZERS,
    ),
    # Valid elsewhere, not here: the hint says where it belongs.
    (
        ("--bias-initializer", "orthogonal"),
        "--bias-initializer",
        "matrix_only",
        {"value": "orthogonal"},
        ids.BIAS_INITIALIZERS,
    ),
    (
        ("--bias-regularizer", "orthogonal_regularizer"),
        "--bias-regularizer",
        "rank2_only",
        {"value": "orthogonal_regularizer"},
        ("none", "l1", "l1l2", "l2"),
    ),
    (
        ("--kernel-constraint", "maxnorm"),
        "--kernel-constraint",
        "unknown_guess",
        {"value": "maxnorm", "guess": "max_norm"},
        ("none", "max_norm", "min_max_norm", "non_neg", "unit_norm"),
    ),
    (("--implementation", "3"), "--implementation", "implementation", {"value": 3}, None),
]
GOLDEN_REFUSALS = Path(__file__).parent / "golden" / "refusals-values.out"


@pytest.mark.parametrize(
    ("args", "flag", "key", "values", "choices"), OUR_ERRORS, ids=[" ".join(e[0]) for e in OUR_ERRORS]
)
def test_invalid_value_is_explained(
    invoke: Invoke,
    args: tuple[str, ...],
    flag: str,
    key: str,
    values: dict[str, Any],
    choices: tuple[str, ...] | None,
) -> None:
    documented = invoke("--batch", "2", "--window", "3", *args, "--json")
    assert documented.exit_code == 2
    error = json.loads(documented.stdout)["error"]
    assert (error["flag"], error["key"]) == (flag, key)
    valid = {} if choices is None else {"valid": ", ".join(choices)}
    assert error["values"] == {**values, **valid}
    result = invoke("--batch", "2", "--window", "3", *args)
    assert_no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    # The lines on stderr are the document's message after its flag, then its hint.
    hint = f"{error['hint']}\n" if error["hint"] else ""
    assert result.stderr == f"Error: {flag}: {error['message']}\n{hint}"


def test_invalid_values_read_as_before(invoke: Invoke) -> None:
    """How the refusals above read (UPDATE_GOLDEN=1 rewrites the golden after an intended change)."""
    said = []
    for args, *_ in OUR_ERRORS:
        command = " ".join(("lstm-shapes", "--batch", "2", "--window", "3", *args))
        said.append(f"$ {command}\n{invoke('--batch', '2', '--window', '3', *args).stderr}")
    text = "\n".join(said)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN_REFUSALS.write_text(text, encoding="utf-8")
    assert text == GOLDEN_REFUSALS.read_text(encoding="utf-8")


# Values click refuses before our code runs: which option, and that it is an error.
CLICK_ERRORS = [
    (("--batch", "abc"), "Invalid value for '--batch'"),
    (("--units", "x"), "Invalid value for '--units'"),
    (("--dropout", "lots"), "Invalid value for '--dropout'"),
    (("--head", "bogus"), "Invalid value for '--head'"),
    (("--device", "tpu"), "Invalid value for '--device'"),
    (("--batch",), "Option '--batch' requires an argument"),
    (("--no-such-flag",), "No such option: --no-such-flag"),
]


@pytest.mark.parametrize(("args", "message"), CLICK_ERRORS, ids=[" ".join(a) for a, _ in CLICK_ERRORS])
def test_unparseable_value_is_an_input_error(invoke: Invoke, args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert_no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    text = flat(result.stderr)
    assert "Error" in text
    assert message in text


def test_choices_are_listed_for_a_bad_head(invoke: Invoke) -> None:
    text = flat(invoke("--head", "bogus").stderr)
    for choice in ("none", "dense", "time-distributed"):
        assert f"'{choice}'" in text


def test_gpu_without_a_gpu_is_an_environment_problem(invoke: Invoke) -> None:
    if not no_gpu():
        pytest.skip("a GPU is visible here")
    result = invoke("--batch", "1", "--window", "2", "--units", "1", "--device", "gpu")
    assert_no_crash(result)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "Error: --device gpu was asked for, but TensorFlow sees no GPU on this machine\n"
        "On Linux with an NVIDIA driver: pip install 'tensorflow[and-cuda]'; or run with --device cpu (or auto).\n"
    )


def test_seed_beyond_numpy_range_is_an_input_error(invoke: Invoke) -> None:
    result = invoke("--batch", "1", "--window", "2", "--units", "1", "--seed", str(2**32))
    assert_no_crash(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: --seed: must be below 2**32 = 4,294,967,296, got 4,294,967,296\n"


def test_batch_too_big_for_memory_is_an_environment_problem(invoke: Invoke) -> None:
    # 10**15 x 25 float64 is ~180 PiB: refused before anything is allocated (or numpy refuses at once).
    result = invoke("--batch", str(10**15))
    assert_no_crash(result)
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: ")
    assert "memory" in result.stderr
