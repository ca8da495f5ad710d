"""The chunked and the parallel CSV readers against pandas.read_csv of the same file.

The parallel reader only starts on files of several MiB; here its thresholds are lowered so
that tiny files are cut into many byte ranges, and every answer is compared with pandas's own
reading and with the serial reader: the same numbers, row labels, ranges, and, for careless
files, the same message naming the same line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.sources import data


@pytest.fixture
def tiny_ranges(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parallel reads of files of a few KiB: six byte ranges on three threads; few peeked rows."""
    read = data._read_range
    starts: list[int] = []

    def counted(path: Path, start: int, *rest: object) -> object:
        starts.append(start)
        return read(path, start, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(data, "_read_range", counted)
    monkeypatch.setattr(data, "PARALLEL_BYTES", 1024)
    monkeypatch.setattr(data, "RANGE_BYTES", 300)
    monkeypatch.setattr(data, "CHUNK_ROWS", 17)
    monkeypatch.setattr(data, "PEEK_ROWS", 10)
    monkeypatch.setattr(data, "LABEL_ROWS", 23)
    monkeypatch.setattr(data, "_workers", lambda: 3)
    return starts


def serial(path: Path, options: data.DataOptions) -> data.DataTable:
    saved = data._read_parallel
    data._read_parallel = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        return data.load(path, options)
    finally:
        data._read_parallel = saved


def write(tmp_path: Path, rows: int = 400, crlf: bool = False, **changes: str) -> Path:
    rng = np.random.default_rng(rows)
    lines = ["date,a,b,note,c"]
    for i in range(rows):
        a, b, c = rng.normal(size=3) * 100
        lines.append(f'2020-{1 + i // 28 % 12:02d}-{1 + i % 28:02d},{a:.4f},{b:.0f},"x, {i}",{c:.3e}')
    for line, text in changes.items():
        lines[int(line.removeprefix("line")) - 1] = text
    path = tmp_path / "t.csv"
    path.write_bytes((("\r\n" if crlf else "\n").join(lines) + "\n").encode())
    return path


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("options", [data.DataOptions(), data.DataOptions(columns=("c", "a"), target=("b",))])
def test_parallel_and_serial_reads_equal_pandas(
    tmp_path: Path, tiny_ranges: list[int], crlf: bool, options: data.DataOptions
) -> None:
    import pandas as pd

    path = write(tmp_path, crlf=crlf)
    frame = pd.read_csv(path)
    used = list(options.columns or ("a", "b", "c"))
    parallel = data.load(path, options)
    assert len(tiny_ranges) == 6  # two ranges a thread, not the serial fallback
    for table in (parallel, serial(path, options)):
        assert table.rows == len(frame) == 400
        assert np.array_equal(table.values, frame[used].to_numpy(np.float32))
        if options.target:
            assert table.targets is not None
            assert np.array_equal(table.targets[:, 0], frame["b"].to_numpy(np.float32))
        for row in (0, 1, 22, 377, 398, 399):  # the first and the last LABEL_ROWS rows
            assert table.label(row) == frame["date"][row]
        assert table.label(200) is None  # a long table keeps only its ends' labels
        assert table.ranges == tuple(
            (float(frame[c].astype("float32").min()), float(frame[c].astype("float32").max())) for c in used
        )
        assert table.skipped == ("date", "note") and table.label_column == "date"


CARELESS = [
    ({"line300": "2020-01-01,1,2,x,3,4"}, "line 300: 6 fields where the header has 5"),
    ({"line300": "2020-01-01,1,2"}, "line 300: 3 fields where the header has 5"),
    ({"line250": '2020-01-01,1,zz,"x",3'}, "column 'b', line 250: 'zz' is not a number"),
    ({"line123": '2020-01-01,1,,"x",3', "line333": '2020-01-01,inf,2,"x",3'}, "2 empty"),
]


@pytest.mark.parametrize(("changes", "message"), CARELESS)
def test_a_careless_row_far_in_is_named_the_same_by_both_readers(
    tmp_path: Path, tiny_ranges: list[int], changes: dict[str, str], message: str
) -> None:
    path = write(tmp_path, **changes)
    for read in (data.load, serial):
        with pytest.raises(InvalidSpec) as caught:
            read(path, data.DataOptions())
        assert message in str(caught.value)
    if "empty" in message:
        assert "the first in column 'b', line 123" in str(caught.value)
        table = data.load(path, data.DataOptions(allow_missing=True))
        assert table.missing == 2 and np.isnan(table.values[121, 1]) and np.isinf(table.values[331, 0])


def test_a_long_row_where_a_range_starts_is_not_taken_for_an_index(
    tmp_path: Path, tiny_ranges: list[int]
) -> None:
    """pandas makes the extra leading fields of a first row the index, silently; not here."""
    path = write(tmp_path)
    data.load(path, data.DataOptions())
    start = tiny_ranges[len(tiny_ranges) // 2]  # where a range begins: its first row
    raw = path.read_bytes()
    line = raw[:start].count(b"\n") + 1
    end = raw.index(b"\n", start)
    path.write_bytes(raw[:start] + b"0," + raw[start:end] + raw[end:])
    tiny_ranges.clear()
    with pytest.raises(InvalidSpec) as caught:
        data.load(path, data.DataOptions())
    assert tiny_ranges  # the parallel read ran, and fell back
    assert f"line {line}: 6 fields where the header has 5" in str(caught.value)


def test_a_newline_inside_quotes_falls_back_to_the_serial_read(
    tmp_path: Path, tiny_ranges: list[int]
) -> None:
    import pandas as pd

    path = write(tmp_path, line200='2020-01-01,1,2,"two\nlines",3')
    frame = pd.read_csv(path)
    table = data.load(path, data.DataOptions())
    assert table.rows == len(frame) == 400
    assert np.array_equal(table.values, frame[["a", "b", "c"]].to_numpy(np.float32))


def test_a_late_byte_that_is_not_utf8_is_named_at_its_offset(tmp_path: Path, tiny_ranges: list[int]) -> None:
    path = write(tmp_path)
    raw = path.read_bytes()
    at = raw.index(b"x, 350")
    path.write_bytes(raw[:at] + "종".encode("cp949") + raw[at + 2 :])
    with pytest.raises(InvalidSpec) as caught:
        data.load(path, data.DataOptions())
    assert f"byte {at} cannot be read" in str(caught.value)


def test_a_column_empty_in_the_peeked_rows_is_judged_by_its_later_values(
    tmp_path: Path, tiny_ranges: list[int]
) -> None:
    """A notes column empty for the first rows is text, not a numeric column of NaN; a numeric
    column that starts empty is numeric (and its empty cells are counted)."""
    path = tmp_path / "sparse.csv"
    rows = [f"{i},,,{i * 2}" for i in range(30)] + [f"{i},late note,{i / 3:.2f},{i}" for i in range(30)]
    path.write_text("a,note,gap,b\n" + "\n".join(rows) + "\n")
    table = data.load(path, data.DataOptions(allow_missing=True))
    assert table.columns == ("a", "gap", "b") and table.skipped == ("note",)
    assert table.missing == 30 and table.rows == 60


def test_a_number_too_large_for_float32_is_an_infinite_cell(tmp_path: Path, tiny_ranges: list[int]) -> None:
    path = write(tmp_path, line350='2020-01-01,1e39,2,"x",3')
    for read in (data.load, serial):
        with pytest.raises(InvalidSpec) as caught:
            read(path, data.DataOptions())
        assert "1 empty, NaN or infinite cells, the first in column 'a', line 350" in str(caught.value)
