"""--data: files users really have, careless ones, and the targets check against one real training step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import Invoke
from tests.test_imports import probe


def table(
    tmp_path: Path, rows: int = 40, name: str = "p.csv", sep: str = ",", bom: bool = False, crlf: bool = False
) -> Path:
    lines = [sep.join(["날짜", "종가", "시가", "memo"])]
    for i in range(rows):
        lines.append(sep.join([f"2012-01-{i + 1:02d}", f"{i / 10:.2f}", f"{-i / 20:.2f}", f'"a{sep} b"']))
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def as_json(invoke: Invoke, *args: str) -> dict[str, object]:
    result = invoke(*args, "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("sep", "bom", "crlf", "name"),
    [(",", True, True, "p.csv"), (";", False, False, "p.csv"), ("\t", True, False, "p.tsv")],
)
def test_tables_with_bom_crlf_quotes_and_korean_names(
    tmp_path: Path, invoke: Invoke, sep: str, bom: bool, crlf: bool, name: str
) -> None:
    path = table(tmp_path, sep=sep, bom=bom, crlf=crlf, name=name)
    doc = as_json(invoke, "--data", str(path), "--window", "5", "--target", "종가", "--no-run")
    data = doc["data"]
    assert isinstance(data, dict)
    assert data["columns"] == ["종가", "시가"]
    assert data["skipped_columns"] == ["날짜", "memo"]
    assert data["label_column"] == "날짜"
    assert data["samples"] == 40 - 5 - 1 + 1
    assert data["x_shape"] == [35, 5, 2] and data["y_shape"] == [35, 1]
    assert data["last_sample"] == {
        "index": 34,
        "first_row": 34,
        "last_row": 38,
        "first_label": "2012-01-35",
        "last_label": "2012-01-39",
        "target_row": 39,
        "target_label": "2012-01-40",
    }
    assert doc["input"]["shape"] == [32, 5, 2]  # type: ignore[index]


def test_block_names_rows_and_targets(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke(
        "--data",
        str(table(tmp_path)),
        "--window",
        "5",
        "--target",
        "종가",
        "--head",
        "dense",
        "--head-units",
        "1",
        "--no-run",
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "(40 - (5 - 1) - 1 - 1) // 1 + 1 = 35 samples" in result.stdout
    assert "sample 0: rows 0-4 (2012-01-01 … 2012-01-05) → 종가 at row 5 (2012-01-06)" in result.stdout
    assert "batches: 2 of 32, the last of 3" in result.stdout
    assert result.stdout.index("data:") < result.stdout.index("Layer")


def _npy(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _npz(**arrays: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    return buffer.getvalue()


# Every careless file: (name, content, extra flags, the refusal's key, values it holds).
BAD = [
    ("nope.csv", None, [], "data_missing", {}),
    ("dir", None, [], "data_directory", {}),
    ("locked.csv", b"a,b\n1,2\n", [], "data_no_permission", {}),
    ("e.csv", b"", [], "data_empty", {}),
    ("h.csv", b"a,b\n", [], "data_no_rows", {}),
    ("g.csv", b"\x00\x01\x02garbage", [], "data_binary", {}),
    ("f.xlsx", b"x", [], "data_extension", {"suffix": ".xlsx"}),
    ("r.csv", b"a,b\n1,2\n3,4,5\n", [], "data_ragged", {"line": 3, "expected": 2, "saw": 3}),
    ("r.csv", b"a,b\n1,2,3\n4,5\n", [], "data_ragged", {"line": 2, "expected": 2, "saw": 3}),
    ("r.csv", b"a,b\n1,2\n4\n5,6\n", [], "data_ragged", {"line": 3, "expected": 2, "saw": 1}),
    ("t.csv", b"a,b\n1,2\n3,4\n5,zz\n", [], "data_not_numeric", {"column": "b", "line": 4, "value": "zz"}),
    (
        "n.csv",
        b"a,b\n1,2\n3,\n4,inf\n",
        [],
        "data_not_finite_lines",
        {"count": 2, "column": "b", "line": 3},
    ),
    (
        "u.csv",
        b"a,b\n1,2\n",
        ["--columns", "a,bb"],
        "data_unknown_column_guess",
        {"guess": "b", "name": "bb", "valid": "a, b"},
    ),
    (
        "m.csv",
        b"a,memo\n1,x\n2,y\n3,z\n",
        ["--target", "memo"],
        "data_target_not_numeric",
        {"column": "memo", "line": 2, "value": "x"},
    ),
    (
        "s.csv",
        b"a,b\n1,2\n3,4\n",
        ["--window", "5"],
        "data_too_few_rows_window",
        {"rows": 2, "needed": 5, "window": 5},
    ),
    (
        "s.csv",
        b"a,b\n1,2\n3,4\n",
        ["--window", "2", "--target", "b", "--horizon", "3"],
        "data_too_few_rows_target",
        {"rows": 2, "needed": 5, "window": 2},
    ),
    (
        "w.npy",
        _npy(np.zeros((10, 6, 3), "float32")),
        ["--window", "5"],
        "data_window_disagrees",
        {"found": 6, "window": 5},
    ),
    (
        "w.npy",
        _npy(np.zeros((10, 6, 3), "float32")),
        ["--features", "2"],
        "data_features_disagree",
        {"found": 3, "columns": "0, 1, 2", "features": 2},
    ),
    ("one.npy", _npy(np.arange(10.0)), [], "data_array_shape", {"shape": [10], "dtype": "float64"}),
    ("x.npy", b"not an array", [], "data_not_npy", {"suffix": ".npy"}),
    ("x.npz", _npz(a=np.zeros(3)), [], "data_npz_keys", {"keys": "a"}),
    (
        "k.csv",
        "날짜,종가\n1,2\n".encode("cp949"),
        [],
        "data_encoding",
        {"position": 0},
    ),
    (
        "big.csv",
        b"a,b\n" + b"1,2\n" * 300,
        ["--max-memory", "1KiB"],
        "data_too_large",
        {"size": "1.2 KiB", "need": "3.5 KiB", "room": "1.0 KiB"},
    ),
]


# Names in the Korean data messages that are not English prose: formats, commands, code.
DATA_NAMES = frozenset(
    [
        "csv",
        "tsv",
        "npy",
        "npz",
        "xlsx",
        "parquet",
        "feather",
        "CSV",
        "TSV",
        "NumPy",
        "NaN",
        "UTF",
        "utf",
        "cp949",
        "iconv",
        "f",
        "t",
        "in",
        "out",
        "ls",
        "l",
        "np",
        "save",
        "savez",
        "reshape",
        "path",
        "a",
        "b",
        "x",
        "y",
        "memo",
    ]  # and the test files' column names
)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("name", "content", "flags", "key", "values"), BAD)
def test_careless_files_exit_2_with_one_message(
    tmp_path: Path,
    invoke: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    name: str,
    content: bytes | None,
    flags: list[str],
    key: str,
    values: dict[str, Any],
) -> None:
    from tests.test_words import english_left

    path = tmp_path / name
    if name == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    if name == "locked.csv":
        # chmod 000 does not stop root, so the refusal the OS gives is made here.
        opened = Path.open

        def locked(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return opened(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", locked)
    documented = invoke("--data", str(path), "--window", "2", *flags, "--no-run", "--json")
    error = json.loads(documented.stdout)["error"]
    assert (documented.exit_code, error["key"]) == (2, key)
    assert {name: error["values"][name] for name in values} == values
    result = invoke("--data", str(path), "--window", "2", *flags, "--no-run", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 3, result.stderr
    if lang == "en":
        hint = f"\n{error['hint']}" if error["hint"] else ""
        assert result.stderr == f"Error: {error['flag']}: {error['message']}{hint}\n"  # the document's words
    else:
        assert lines[0].startswith("오류:")
        left = [word for word in english_left(result.stderr) if word not in DATA_NAMES]
        assert not left, (left, result.stderr)


def test_missing_cells_are_kept_with_allow_missing(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "n.csv"
    path.write_bytes(b"a,b\n1,2\n3,\n4,inf\n5,6\n")
    doc = as_json(invoke, "--data", str(path), "--window", "2", "--allow-missing", "--no-run")
    assert doc["data"]["missing_cells"] == 2 and doc["data"]["samples"] == 3  # type: ignore[index]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "each backend runs in its own process"), ("ko", "백엔드마다 따로")]
)
def test_backend_lists_say_why_they_refuse_data(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, lang: str, words: str
) -> None:
    from lstm_shapes.spec import backend_choice

    monkeypatch.setattr(backend_choice, "installed", lambda name: True)
    result = invoke(
        "--data", str(table(tmp_path)), "--window", "5", "--backend", "tensorflow,jax", "--lang", lang
    )
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) <= 3
    assert words in result.stderr


def test_compare_feeds_every_combination_the_same_windows(tmp_path: Path, invoke: Invoke) -> None:
    path = str(table(tmp_path))
    flags = ["--data", path, "--window", "5", "--batch", "8", "--target", "종가", "--head", "dense"]
    flags += ["--head-units", "1", "--target-steps", "last", "--compare", "return-sequences"]
    result = invoke(*flags, env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output  # return_sequences on: one target against 5 steps
    out = result.stdout
    assert out.count("data: p.csv · 40 rows") == 1 and out.index("data:") < out.index("Tensor")
    assert "sample 0: rows 0-4 (2012-01-01 … 2012-01-05) → 종가 at row 5 (2012-01-06)" in out
    assert "[1] X (35, 5, 2)   y (35, 1)" in out and "[2] X (35, 5, 2)   y (35, 1)" in out
    assert "[2] ✗ targets fit the output as the loss sees them: mse broadcasts" in out
    doc = json.loads(invoke(*flags, "--json").stdout)
    first, second = (v["report"] for v in doc["variants"])
    windows = [{k: v for k, v in r["data"]["keras"].items() if "training" not in k} for r in (first, second)]
    assert windows[0] == windows[1] and windows[0]["first_x_shape"] == [8, 5, 2]
    assert first["data"]["first_sample"] == second["data"]["first_sample"] and first["data"]["samples"] == 35
    for report, passes in ((first, True), (second, False)):
        checks = {c["name"]: c["passed"] for c in report["checks"]}
        assert checks["targets fit the output as the loss sees them"] is passes
        assert checks["one real training step agrees"] is True


def test_no_run_backend_list_plans_the_kernels_with_data(tmp_path: Path, invoke: Invoke) -> None:
    doc = as_json(
        invoke, "--data", str(table(tmp_path)), "--window", "5", "--backend", "tensorflow,jax", "--no-run"
    )
    assert doc["data"]["samples"] == 36  # type: ignore[index]
    assert set(doc["planned_kernel_paths"]) == {"tensorflow", "jax"}  # type: ignore[arg-type]


def test_unknown_column_and_features_disagreeing(tmp_path: Path, invoke: Invoke) -> None:
    path = str(table(tmp_path))
    result = invoke("--data", path, "--columns", "종가,시기", "--no-run")
    assert result.exit_code == 2 and "did you mean '시가'" in result.stderr
    result = invoke("--data", path, "--features", "3", "--no-run")
    assert result.exit_code == 2 and "--features is 3" in result.stderr
    result = invoke("--data", path, "--target", "memo", "--no-run")
    assert result.exit_code == 2 and "not numeric" in result.stderr
    result = invoke("--horizon", "2")
    assert result.exit_code == 2 and "--horizon means nothing without --data" in result.stderr


def test_arrays_npy_and_npz(tmp_path: Path, invoke: Invoke) -> None:
    np.save(tmp_path / "w.npy", np.zeros((10, 6, 3), "float32"))
    doc = as_json(invoke, "--data", str(tmp_path / "w.npy"), "--no-run")
    assert doc["data"]["x_shape"] == [10, 6, 3] and doc["input"]["shape"] == [10, 6, 3]  # type: ignore[index]
    result = invoke("--data", str(tmp_path / "w.npy"), "--window", "5", "--no-run")
    assert result.exit_code == 2 and "already windowed with 6 time steps" in result.stderr
    np.savez(tmp_path / "a.npz", x=np.zeros((30, 2), "float32"), y=np.arange(30.0))
    doc = as_json(invoke, "--data", str(tmp_path / "a.npz"), "--window", "4", "--no-run")
    assert doc["data"]["samples"] == 30 - 4 - 1 + 1 and doc["data"]["y_shape"] == [26, 1]  # type: ignore[index]


# (flags, whether the targets check passes). Each is also one real train_on_batch.
TARGET_CASES = [
    (["--head", "dense", "--head-units", "1"], True),
    (["--head", "dense"], False),  # one target column against Dense(10): Keras broadcasts
    (["--return-sequences", "--head", "dense", "--head-units", "1"], True),  # per step
    (["--return-sequences", "--head", "dense", "--head-units", "1", "--target-steps", "last"], False),
    (["--units", "3", "--return-sequences", "--target-steps", "all"], False),
    (["--head", "dense", "--head-units", "4", "--loss", "sparse_categorical_crossentropy"], True),
    (["--head", "dense", "--head-units", "2", "--loss", "sparse_categorical_crossentropy"], False),
]


@pytest.mark.parametrize(("flags", "passes"), TARGET_CASES)
def test_targets_check_agrees_with_one_training_step(
    tmp_path: Path, invoke: Invoke, flags: list[str], passes: bool
) -> None:
    path = tmp_path / "c.csv"
    rng = np.random.default_rng(1)
    rows = ["x,label"] + [f"{rng.uniform():.3f},{i % 4}" for i in range(30)]
    path.write_text("\n".join(rows) + "\n")
    doc = as_json(
        invoke,
        "--data",
        str(path),
        "--columns",
        "x",
        "--target",
        "label",
        "--window",
        "4",
        "--batch",
        "8",
        *flags,
    )
    checks = {c["name"]: c for c in doc["checks"]}  # type: ignore[union-attr]
    assert checks["targets fit the output as the loss sees them"]["passed"] is passes
    assert checks["one real training step agrees"]["passed"], checks
    assert checks["windows match Keras's timeseries_dataset_from_array"]["passed"]
    assert doc["ok"] is passes


def test_stateful_short_last_batch_says_which_batch_sizes_divide(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke(
        "--data",
        str(table(tmp_path)),
        "--window",
        "5",
        "--batch",
        "8",
        "--stateful",
        "--no-run",
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "the last has 4 of 8 samples: drop it, or use --batch 6 or --batch 9 (36 samples)" in result.stdout


def test_api_takes_a_dataframe_and_an_array() -> None:
    import pandas as pd

    from lstm_shapes import StackSpec, inspect_stack

    frame = pd.DataFrame({"a": np.arange(20.0), "b": np.arange(20.0)})
    report = inspect_stack(StackSpec(window=3), run=False, data=frame)
    assert report.data.plan.samples == 18 and report.spec.features == 2
    report = inspect_stack(StackSpec(window=3), run=False, data=np.zeros((20, 4)))
    assert report.spec.input_shape == (18, 3, 4)


def test_no_run_with_data_never_imports_a_framework(tmp_path: Path) -> None:
    path = table(tmp_path)
    found, done = probe(
        f"from lstm_shapes.cli.app import main\nimport sys\nsys.argv = ['lstm-shapes', '--data', {str(path)!r}, '--window', '5', '--no-run']\nmain()"
    )
    assert found["code"] == 0, done.stderr
    assert found["attempts"] == [] and found["loaded"] == []


ROOT = Path(__file__).resolve().parent.parent


def test_spec_file_case_reads_data_relative_to_the_file(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("check", "--no-run", "--json", str(ROOT / "examples" / "weather.toml"))
    assert result.exit_code == 0, result.output
    (case,) = json.loads(result.stdout)["cases"]
    assert case["status"] == "passed"
    spec = tmp_path / "s.toml"
    spec.write_text('[[case]]\nname = "x"\ndata = "missing.csv"\nlayers = [{ units = 2 }]\n')
    result = invoke("check", "--no-run", str(spec))
    assert result.exit_code == 2 and "no such file" in result.stderr
    assert str(tmp_path / "missing.csv") in result.stderr


def test_the_example_is_a_real_series_with_a_date_and_a_text_column(invoke: Invoke) -> None:
    doc = as_json(invoke, "--data", str(ROOT / "examples" / "seattle-weather.csv"), "--no-run")
    data = doc["data"]
    assert data["rows"] == 1461 and data["label_column"] == "date"  # type: ignore[index]
    assert data["columns"] == ["precipitation", "temp_max", "temp_min", "wind"]  # type: ignore[index]
    assert data["skipped_columns"] == ["date", "weather"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "Windowing (the tutorial's section 1)"), ("ko", "윈도 나누기(튜토리얼 1절)")]
)
def test_explain_reads_the_windowing_in_both_languages(
    tmp_path: Path, invoke: Invoke, lang: str, words: str
) -> None:
    result = invoke(
        "--data",
        str(table(tmp_path)),
        "--window",
        "5",
        "--target",
        "종가",
        "--no-run",
        "--explain",
        "--lang",
        lang,
    )
    assert result.exit_code in (0, 1), result.output
    assert words in result.stdout and "35" in result.stdout


def test_a_file_too_large_is_refused_from_its_size_before_reading(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lstm_shapes.sources import data

    def never(*args: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(data, "load", never)
    monkeypatch.setattr("lstm_shapes.report.data.load", never)
    result = invoke("--data", str(table(tmp_path, rows=200)), "--max-memory", "1KiB", "--no-run")
    assert result.exit_code == 2, result.output
    assert "reading it needs about" in result.stderr and result.stdout == ""
