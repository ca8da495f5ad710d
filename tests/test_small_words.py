"""The small words a newcomer reads first: each one says what happened, in the right number."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import Invoke

from lstm_shapes.locales import fill
from lstm_shapes.locales.en import WORDS as ENGLISH
from lstm_shapes.locales.ko import WORDS as KOREAN
from lstm_shapes.render.data import batches_line

H = ENGLISH.headings


def test_a_masked_flat_top_layer_says_only_where_h_comes_from(invoke: Invoke) -> None:
    result = invoke(
        "--batch", "2", "--window", "5", "--lengths", "3,5", "--mask-value", "0", "--units", "4", "--no-run"
    )
    assert result.exit_code == 0, result.output
    line = fill(H["mask_h_only"], name="lstm_1", h=ENGLISH.notes["h_last_valid"])
    assert line in result.stdout.splitlines()
    assert "—;" not in result.stdout


@pytest.mark.parametrize(("count", "word"), [(1, "1 backend,"), (3, "3 backends,")])
def test_the_backend_count_is_said_in_its_number(count: int, word: str) -> None:
    assert word in fill(H["multi_title"], keras="3", count=count, reference="tensorflow")


def test_the_conv_mask_refusal_names_the_flag_that_exists(invoke: Invoke) -> None:
    args = ("--conv-filters", "4", "--lengths", "3,5", "--mask-value", "0", "--batch", "2", "--window", "5")
    result = invoke(*args, "--no-run")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --conv-filters: ")


@pytest.mark.parametrize(
    ("batches", "batch", "last", "key"),
    [
        (1, 32, 8, "data_batch_one_short"),
        (1, 8, 8, "data_batch_one"),
        (4, 8, 8, "data_batches_even"),
        (4, 8, 3, "data_batches"),
    ],
)
def test_the_batches_line(batches: int, batch: int, last: int, key: str) -> None:
    for words in (ENGLISH, KOREAN):
        expected = fill(words.headings[key], batches=f"{batches:,}", batch=batch, last=last)
        assert batches_line(batches, batch, last, words) == expected
    assert "1 of 32" not in batches_line(1, 32, 8, ENGLISH)


def test_fewer_samples_than_the_batch(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(10)), encoding="utf-8")
    result = invoke("--data", str(path), "--window", "3", "--units", "2", "--no-run")
    assert result.exit_code == 0, result.output
    assert fill(H["data_batch_one_short"], last=8, batch=32) in result.stdout


def _npy(tmp_path: Path) -> Path:
    path = tmp_path / "windows.npy"
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((10, 4, 2), "float32"))
    path.write_bytes(buffer.getvalue())
    return path


def test_a_3d_array_is_described_as_its_own_windows(invoke: Invoke, tmp_path: Path) -> None:
    path = _npy(tmp_path)
    result = invoke("--data", str(path), "--units", "2", "--no-run", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    title = fill(H["data_title_windows"], source=path.name, rows="10", window=4, features=2, columns="0, 1")
    assert title in result.stdout
    assert fill(H["data_sample_given"], index=9) in result.stdout
    assert "rows 0-0" not in result.stdout and "windows: " not in result.stdout


@pytest.mark.slow
def test_a_3d_array_claims_no_windowing_check(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("--data", str(_npy(tmp_path)), "--units", "2", "--batch", "4", "--json")
    assert result.exit_code == 0, result.output
    names = [check["name"] for check in json.loads(result.stdout)["checks"]]
    assert all("timeseries_dataset_from_array" not in str(name) for name in names), names
