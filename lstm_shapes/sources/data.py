"""The user's own data: a CSV/TSV table, a Parquet or Feather file, a .npy or .npz array, a NumPy
array or a DataFrame; in the long layout (a row per time step) or wide (a row per sample).

Read with pandas and NumPy, never a hand-written parser. Every careless file becomes an
InvalidSpec (exit 2) that names the line, the column or the value; no framework is imported.
"""

from __future__ import annotations

import codecs
import csv
import importlib.util
import io
import itertools
import math
import os
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.spec.refusals import environment, invalid, unknown

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
ARRAY_SUFFIXES = (".npy", ".npz")
# Read through pandas with pyarrow (the `parquet` extra); each begins with its format's magic bytes.
FRAME_SUFFIXES = {".parquet": (b"PAR1",), ".feather": (b"ARROW1", b"FEA1")}
LAYOUTS = ("long", "wide")
# Bytes looked at to detect the delimiter and binary garbage.
SNIFF = 64 * 1024
# Rows read at a time, and rows looked at first to pick the columns.
CHUNK_ROWS = 1 << 16
PEEK_ROWS = 1000
# Row labels kept from each end of a long table (the first and the last samples' rows are shown).
LABEL_ROWS = 1 << 16
# A table past this many bytes is read in byte ranges, one thread each.
PARALLEL_BYTES = 8 << 20
FLOAT32_MAX = float(np.finfo(np.float32).max)
RANGE_BYTES = 4 << 20


@dataclass(frozen=True)
class DataOptions:
    """How to read the data and turn it into windows and targets (the --data flags)."""

    columns: tuple[str, ...] | None = None
    target: tuple[str, ...] = ()
    horizon: int = 1
    stride: int = 1
    sampling_rate: int = 1
    target_steps: str | None = None
    loss: str = "mse"
    allow_missing: bool = False
    # "long": a row per time step, cut into windows; "wide": a row per sample of window × features
    # columns, reshaped row-major (step 0's features first).
    layout: str = "long"


@dataclass(frozen=True)
class DataTable:
    """The numbers used: features (rows, F), or (samples, window, F) already windowed; targets (rows, T)."""

    source: str
    values: np.ndarray
    columns: tuple[str, ...]
    targets: np.ndarray | None = None
    target_names: tuple[str, ...] = ()
    # The row labels (a date or text column), when there is one.
    labels: Labels | None = None
    label_column: str | None = None
    skipped: tuple[str, ...] = ()
    missing: int = 0
    ranges: tuple[tuple[float, float], ...] = field(default=())
    # The wide layout: the columns each step of a sample took, step by step (row-major), and the
    # first sample's values in the same places.
    wide_columns: tuple[tuple[str, ...], ...] | None = None
    wide_first: tuple[tuple[float, ...], ...] | None = None

    @property
    def prewindowed(self) -> bool:
        return self.values.ndim == 3

    @property
    def rows(self) -> int:
        return int(self.values.shape[0])

    @property
    def features(self) -> int:
        return int(self.values.shape[-1])

    def label(self, row: int) -> str | None:
        return None if self.labels is None else self.labels.get(row)


def _names(text: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if text is None else tuple(t.strip() for t in text if t.strip())


def _unknown(name: str, known: list[str]) -> Exception:
    return unknown("data", "data_unknown_column", name, known, named="name", cutoff=0.5)


def _check_path(path: Path) -> bytes:
    if not path.exists():
        raise invalid("data", "data_missing", path=str(path))
    if path.is_dir():
        raise invalid("data", "data_directory", path=str(path))
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES + ARRAY_SUFFIXES + tuple(FRAME_SUFFIXES):
        raise invalid("data", "data_extension", path=str(path), suffix=suffix or "(none)")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF)
    except PermissionError as exc:
        raise invalid("data", "data_no_permission", path=str(path)) from exc
    except OSError as exc:
        raise invalid("data", "data_unreadable", path=str(path), reason=exc.strerror or str(exc)) from exc
    if not head:
        raise invalid("data", "data_empty", path=str(path))
    return head


def _delimiter(head: bytes, path: Path) -> str:
    if b"\x00" in head:
        raise invalid("data", "data_binary", path=str(path))
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the sniff's end
            raise invalid("data", "data_encoding", path=str(path), position=exc.start) from exc
        text = head[: exc.start].decode("utf-8-sig")
    first = text.splitlines()[0] if text.splitlines() else ""
    if path.suffix.lower() == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(first, delimiters=",\t;|").delimiter
    except csv.Error:
        return ","


@contextmanager
def _parsing(path: Path, sep: str = ",") -> Iterator[None]:
    """pandas's reading errors as one InvalidSpec each, naming the line where pandas knows it.

    With index_col=False, a first row with more fields than the header is only a ParserWarning
    (pandas drops the extra fields; without it, it would silently make them the index): that
    warning is an error here too, and the csv module finds its line.
    """
    import warnings

    import pandas as pd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            yield
    except pd.errors.ParserWarning as exc:
        found = _ragged_line(path, sep)
        if found is None:
            raise invalid("data", "data_unreadable", path=str(path), reason=str(exc).splitlines()[0]) from exc
        line, expected, saw = found
        raise invalid("data", "data_ragged", path=str(path), line=line, expected=expected, saw=saw) from exc
    except UnicodeDecodeError as exc:
        raise invalid("data", "data_encoding", path=str(path), position=_bad_byte(path)) from exc
    except pd.errors.EmptyDataError as exc:
        raise invalid("data", "data_empty", path=str(path)) from exc
    except pd.errors.ParserError as exc:
        said = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if said:
            expected, line, saw = (int(n) for n in said.groups())
            raise invalid(
                "data", "data_ragged", path=str(path), line=line, expected=expected, saw=saw
            ) from exc
        raise invalid("data", "data_unreadable", path=str(path), reason=str(exc).splitlines()[0]) from exc


def _ragged_line(path: Path, sep: str) -> tuple[int, int, int] | None:
    """The first row whose field count is not the header's: (line, the header's, the row's)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=sep)
        header = next(reader, [])
        for row in reader:
            if row and len(row) != len(header):
                return reader.line_num, len(header), len(row)
    return None


def _finish(gather: _Gather, path: Path, sep: str) -> DataTable:
    """The gathered table; empty cells that are really a short row are called a ragged row."""
    try:
        return gather.table()
    except InvalidSpec as error:
        if error.key != "data_not_finite_lines":
            raise
        found = _ragged_line(path, sep)
        if found is None or found[0] > int(error.values["line"]):  # type: ignore[call-overload]
            raise
        line, expected, saw = found
        raise invalid("data", "data_ragged", path=str(path), line=line, expected=expected, saw=saw) from None


def _bad_byte(path: Path) -> int:
    """The offset of the file's first byte that is not UTF-8 (pandas only knows its own buffer's)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return offset + exc.start - len(decoder.getstate()[0])
            offset += len(block)
    return offset


def _line_length(path: Path, data_start: int) -> int:
    """The median length of nine lines sampled across the file's rows, in bytes."""
    size = path.stat().st_size - data_start
    lengths = []
    with path.open("rb") as handle:
        for probe in range(9):
            handle.seek(data_start + size * probe // 9)
            if probe:
                handle.readline(1 << 20)
            line = handle.readline(1 << 20)
            if line:
                lengths.append(len(line))
    lengths.sort()
    return max(1, lengths[len(lengths) // 2]) if lengths else 1


def _capacity(size: int, line: int) -> int:
    """Rows to make room for: a generous guess, as pages past the last row read are never touched."""
    return size // line * 5 // 4 + CHUNK_ROWS


def _read_table(path: Path, head: bytes, options: DataOptions) -> DataTable:
    """A CSV/TSV read chunk by chunk into float32 columns: never the whole table in float64 at once.

    The first rows pick the columns; then each chunk's chosen columns are converted, checked
    and written into one preallocated array, so the peak is about the float32 data plus a chunk.
    """
    import pandas as pd

    sep = _delimiter(head, path)
    # pandas skips a UTF-8 BOM itself; its C reader decodes UTF-8 without a Python codec.
    settings: dict[str, Any] = {"sep": sep, "encoding": "utf-8", "index_col": False}
    with _parsing(path, sep):
        first = pd.read_csv(path, nrows=PEEK_ROWS, **settings)
    if len(first) == 0:
        raise invalid("data", "data_no_rows", path=str(path))
    names = [str(c).strip() for c in first.columns]
    first.columns = pd.Index(names)
    for position, name in enumerate(names):
        if first[name].isna().all() and len(set(names)) == len(names):
            # Empty in every row peeked at: judge it by its first values further down.
            with _parsing(path, sep):
                column = pd.read_csv(path, usecols=[position], dtype=str, **settings).iloc[:, 0]
            present = column.dropna().iloc[: len(first)].reset_index(drop=True)
            first[name] = present.reindex(range(len(first)))
    choice = _choose(first, options, path.name)
    del first
    data_start = head.find(b"\n") + 1
    line = _line_length(path, data_start)
    if data_start and head[:data_start].count(b'"') % 2 == 0:  # no newline quoted in the header
        done = _read_parallel(path, data_start, line, names, sep, choice, options)
        if done is not None:
            return done
    size = path.stat().st_size - data_start
    gather = _Gather(_capacity(size, line), choice, path.name, True, options.allow_missing)
    with _parsing(path, sep), pd.read_csv(path, chunksize=CHUNK_ROWS, **settings) as reader:
        for chunk in reader:
            chunk.columns = pd.Index(names)
            gather.add(chunk)
    if gather.rows == 0:
        raise invalid("data", "data_no_rows", path=str(path))
    return _finish(gather, path, sep)


def _workers() -> int:
    """Threads for a parallel read: pandas's own setting if made, else the CPUs this process may use, at most 6."""
    import pandas as pd

    try:
        asked = pd.get_option("mode.max_threads")
    except (KeyError, pd.errors.OptionError):
        asked = None
    if asked:
        return max(1, int(asked))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 6))


class _Slice(io.RawIOBase):
    """Bytes start .. end - 1 of a file, as a file of their own."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        super().__init__()
        self._file = path.open("rb", buffering=0)
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self._left)
        if size <= 0:
            return 0
        got = self._file.readinto(memoryview(buffer)[:size]) or 0
        self._left -= got
        return got

    def close(self) -> None:
        self._file.close()
        super().close()


def _read_range(
    path: Path, start: int, end: int, line: int, names: list[str], sep: str, choice: _Choice
) -> _Gather:
    import pandas as pd

    gather = _Gather(_capacity(end - start, line), choice, path.name, True, True)
    with io.BufferedReader(_Slice(path, start, end), 1 << 20) as handle:
        gather.add(pd.read_csv(handle, header=None, names=names, sep=sep, index_col=False))
    return gather


def _read_parallel(
    path: Path,
    data_start: int,
    line: int,
    names: list[str],
    sep: str,
    choice: _Choice,
    options: DataOptions,
) -> DataTable | None:
    """The table read in byte ranges cut at newlines, one thread each, as pandas.read_csv does.

    pandas's C parser lets go of the GIL, so the threads really run side by side. None when it
    is not worth it or when any range fails to read (a newline inside quotes, a bad value, a
    ragged row...): the serial read then says exactly what is wrong, and where.
    """
    import warnings
    from concurrent.futures import ThreadPoolExecutor

    import pandas as pd

    workers = _workers()
    size = path.stat().st_size
    if workers < 2 or size - data_start < PARALLEL_BYTES or len(set(names)) != len(names):
        return None
    # Ranges of about RANGE_BYTES, each read whole: a frame of a few MiB per thread at a time.
    pieces = max(workers, min(workers * 2, (size - data_start) // RANGE_BYTES))
    cuts = [data_start]
    with path.open("rb") as handle:
        for k in range(1, pieces):
            handle.seek(data_start + (size - data_start) * k // pieces)
            handle.readline()
            if handle.tell() > cuts[-1] and handle.tell() < size:
                cuts.append(handle.tell())
    cuts.append(size)
    try:
        # A row longer than the names is a ParserWarning: an error here (set for all threads).
        with warnings.catch_warnings(), ThreadPoolExecutor(workers) as pool:
            warnings.simplefilter("error", pd.errors.ParserWarning)
            parts = list(
                pool.map(
                    lambda ab: _read_range(path, ab[0], ab[1], line, names, sep, choice),
                    itertools.pairwise(cuts),
                )
            )
    except Exception:  # the serial read reports it, with its line
        return None
    total = sum(part.rows for part in parts)
    if total == 0:
        return None
    merged = _Gather(total, choice, path.name, True, options.allow_missing)
    parts.reverse()
    while parts:  # each range's arrays go as soon as they are copied
        merged.take(parts.pop())
    return _finish(merged, path, sep)


def _numeric(frame: pd.DataFrame, name: str, source: str, role: str, offset: int = 0) -> np.ndarray:
    """A column's numbers, or InvalidSpec naming its first non-numeric value and its line."""
    import pandas as pd

    column = frame[name]
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        converted = pd.to_numeric(column, errors="coerce")
        bad = converted.isna() & column.notna()
        if bad.any():
            index = int(np.flatnonzero(bad.to_numpy())[0])
            key = "data_target_not_numeric" if role == "target" else "data_not_numeric"
            raise invalid(
                "data",
                key,
                path=source,
                column=name,
                line=offset + index + 2,
                value=str(column.iloc[index]),
            )
        column = converted
    # The column's own numbers (float64, int64, ...): cast to float32 where they are stored.
    if isinstance(column.dtype, np.dtype):
        result: np.ndarray = column.to_numpy()
    else:  # a nullable pandas dtype (a DataFrame given to the API)
        result = column.to_numpy(dtype=np.float64, na_value=np.nan)
    return result


def _label_column(frame: pd.DataFrame, numeric: list[str]) -> str | None:
    for name in frame.columns:
        if str(name) not in numeric:
            return str(name)
    return None


def _mostly_numeric(column: pd.Series) -> bool:
    """A numeric column, or a text one whose values are mostly numbers (a typo in a number column)."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    present = column.dropna()
    if present.empty or pd.api.types.is_datetime64_any_dtype(column):
        return False
    sample = present.iloc[:1000]
    return bool(pd.to_numeric(sample, errors="coerce").notna().mean() > 0.5)


@dataclass(frozen=True)
class _Choice:
    """Which columns are the features, the targets and the row labels; which were skipped."""

    chosen: tuple[str, ...]
    targets: tuple[str, ...]
    skipped: tuple[str, ...]
    label: str | None


def _choose(frame: pd.DataFrame, options: DataOptions, source: str) -> _Choice:
    """The columns to use, judged on the whole table or on its first rows."""
    known = [str(c) for c in frame.columns]
    numeric = [str(c) for c in frame.columns if _mostly_numeric(frame[c])]
    chosen = _names(options.columns)
    targets = _names(options.target) or ()
    for name in (*(chosen or ()), *targets):
        if name not in known:
            raise _unknown(name, known)
    if chosen is None:
        chosen = tuple(numeric)
        if not chosen:
            raise invalid("data", "data_no_numeric", path=source, columns=", ".join(known))
    skipped = tuple(c for c in known if c not in chosen and c not in targets and c not in numeric)
    label = _label_column(frame, list(chosen) + list(targets) + numeric)
    return _Choice(chosen, targets, skipped, label)


@dataclass(frozen=True)
class Labels:
    """Row labels: all of them, or, in a long table, those of its first and last LABEL_ROWS rows."""

    rows: int
    head: np.ndarray
    # The labels of rows rows - len(tail) .. rows - 1.
    tail: np.ndarray

    def get(self, row: int) -> str | None:
        if 0 <= row < len(self.head):
            return str(self.head[row])
        back = self.rows - row
        if 0 < back <= len(self.tail):
            return str(self.tail[len(self.tail) - back])
        return None


class _Gather:
    """Chunks of a table converted into preallocated float32 arrays, with ranges and missing cells."""

    def __init__(self, capacity: int, choice: _Choice, source: str, lines: bool, allow: bool) -> None:
        self.choice, self.source, self.lines, self.allow = choice, source, lines, allow
        self.rows = 0
        self.x = np.empty((max(capacity, 1), len(choice.chosen)), np.float32)
        self.y = np.empty((max(capacity, 1), len(choice.targets)), np.float32) if choice.targets else None
        self.low = np.full(len(choice.chosen), np.nan)
        self.high = np.full(len(choice.chosen), np.nan)
        self.missing = 0
        # The first cell that is empty, NaN or infinite: (row, column number, column).
        self.first_bad: tuple[int, int, str] | None = None
        self.head: list[np.ndarray] = []
        self.tail: deque[np.ndarray] = deque()
        self.kept = 0

    def _reserve(self, rows: int) -> None:
        if rows <= self.x.shape[0]:
            return
        size = max(rows, self.x.shape[0] * 3 // 2)
        for name in ("x", "y"):
            old = getattr(self, name)
            if old is not None:
                new = np.empty((size, old.shape[1]), np.float32)
                new[: self.rows] = old[: self.rows]
                setattr(self, name, new)

    def _scan(self, column: np.ndarray, where: int, name: str) -> tuple[float, float]:
        """The column's min and max as float32 (NaN ignored); counts its empty, NaN and infinite
        cells, those too large for float32 included (they are stored as infinities)."""
        low, high = column.min(), column.max()  # contiguous, so fast; NaN or inf shows here
        if np.isfinite(low) and np.isfinite(high) and max(abs(low), abs(high)) <= FLOAT32_MAX:
            return float(np.float32(low)), float(np.float32(high))
        with np.errstate(all="ignore"):
            column = column.astype(np.float32)
        bad = ~np.isfinite(column)
        count = int(bad.sum())
        if count:
            self.missing += count
            first = (self.rows + int(np.argmax(bad)), where, name)
            if self.first_bad is None or first < self.first_bad:
                self.first_bad = first
        with np.errstate(all="ignore"):
            return float(np.fmin.reduce(column)), float(np.fmax.reduce(column))

    def add(self, chunk: pd.DataFrame) -> None:
        size = len(chunk)
        if size == 0:
            return
        self._reserve(self.rows + size)
        c = self.choice
        for j, name in enumerate(c.chosen):
            column = _numeric(chunk, name, self.source, "feature", self.rows)
            low, high = self._scan(column, j, name)
            self.low[j] = np.fmin(self.low[j], low)
            self.high[j] = np.fmax(self.high[j], high)
            with np.errstate(over="ignore"):  # past float32's range: inf, counted by _scan
                self.x[self.rows : self.rows + size, j] = column
        if self.y is not None:
            for j, name in enumerate(c.targets):
                column = _numeric(chunk, name, self.source, "target", self.rows)
                self._scan(column, len(c.chosen) + j, name)
                with np.errstate(over="ignore"):
                    self.y[self.rows : self.rows + size, j] = column
        if c.label is not None:
            labels = chunk[c.label].astype(str).to_numpy()
            self._keep_head(labels)
            self._keep_tail(labels)
        self.rows += size

    def _keep_head(self, labels: np.ndarray) -> None:
        if self.kept < LABEL_ROWS:
            self.head.append(labels[: LABEL_ROWS - self.kept])
            self.kept += len(self.head[-1])

    def _keep_tail(self, labels: np.ndarray) -> None:
        self.tail.append(labels)
        while len(self.tail) > 1 and sum(len(t) for t in self.tail) - len(self.tail[0]) >= LABEL_ROWS:
            self.tail.popleft()

    def take(self, part: _Gather) -> None:
        """Append another gather's rows (the next byte range of the same file)."""
        self._reserve(self.rows + part.rows)
        end = self.rows + part.rows
        self.x[self.rows : end] = part.x[: part.rows]
        if self.y is not None and part.y is not None:
            self.y[self.rows : end] = part.y[: part.rows]
        self.low, self.high = np.fmin(self.low, part.low), np.fmax(self.high, part.high)
        self.missing += part.missing
        if part.first_bad is not None:
            row, where, name = part.first_bad
            first = (self.rows + row, where, name)
            if self.first_bad is None or first < self.first_bad:
                self.first_bad = first
        for labels in part.head:
            self._keep_head(labels)
        for labels in part.tail:
            self._keep_tail(labels)
        self.rows = end

    def table(self) -> DataTable:
        c = self.choice
        if self.missing and not self.allow and self.first_bad is not None:
            row, _, column = self.first_bad
            raise invalid(
                "data",
                "data_not_finite_lines" if self.lines else "data_not_finite_rows",
                path=self.source,
                count=self.missing,
                column=column,
                line=row + (2 if self.lines else 0),
            )
        labels = None
        if c.label is not None:
            tail = np.concatenate(list(self.tail))[-LABEL_ROWS:]
            labels = Labels(self.rows, np.concatenate(self.head), tail)
        ranges = tuple((float(lo), float(hi)) for lo, hi in zip(self.low, self.high, strict=True))
        values = self.x[: self.rows]
        targets = None if self.y is None else self.y[: self.rows]
        return DataTable(
            self.source,
            values,
            c.chosen,
            targets,
            c.targets,
            labels,
            c.label,
            c.skipped,
            self.missing,
            ranges,
        )


def from_frame(
    frame: pd.DataFrame, options: DataOptions, source: str = "DataFrame", lines: bool = True
) -> DataTable:
    """Pick features, targets and row labels from a table; the first line of data is line 2."""

    frame = frame.rename(columns=lambda c: str(c).strip())
    if len(frame) == 0:
        raise invalid("data", "data_no_rows", path=source)
    choice = _choose(frame, options, source)
    gather = _Gather(len(frame), choice, source, lines, options.allow_missing)
    gather.add(frame.reset_index(drop=True))
    return gather.table()


def _missing(block: np.ndarray, names: tuple[str, ...], source: str, allow: bool, lines: bool) -> int:
    bad = ~np.isfinite(block)
    count = int(bad.sum())
    if count and not allow:
        where = np.argwhere(bad)[0]
        row, col = int(where[0]), int(where[-1])
        raise invalid(
            "data",
            "data_not_finite_lines" if lines else "data_not_finite_rows",
            path=source,
            count=count,
            column=names[col],
            line=row + (2 if lines else 0),
        )
    return count


def _ranges(block: np.ndarray) -> tuple[tuple[float, float], ...]:
    flat = block.reshape(-1, block.shape[-1])
    if flat.shape[0] == 0:
        return ()
    with np.errstate(all="ignore"):
        return tuple(
            (float(np.nanmin(flat[:, i])), float(np.nanmax(flat[:, i]))) for i in range(flat.shape[1])
        )


def from_array(array: Any, options: DataOptions, source: str = "array", y: Any = None) -> DataTable:
    """A 2-D (rows, features) or 3-D (samples, window, features) array; targets by column number."""
    values = np.asarray(array)
    if values.ndim not in (2, 3) or values.dtype.kind not in "biuf" or values.size == 0:
        raise invalid(
            "data", "data_array_shape", path=source, shape=tuple(values.shape), dtype=str(values.dtype)
        )
    values = values.astype(np.float32, copy=False)
    columns = tuple(str(i) for i in range(values.shape[-1]))
    if options.columns is not None:
        picked = _names(options.columns) or ()
        for name in picked:
            if name not in columns:
                raise _unknown(name, list(columns))
        values = values[..., [int(n) for n in picked]]
        columns = picked
    targets: np.ndarray | None = None
    names: tuple[str, ...] = ()
    if y is not None:
        targets = np.asarray(y).astype(np.float32, copy=False)
        if targets.ndim == values.ndim - 1 and values.ndim == 2:
            targets = targets[:, None]
        if targets.shape[0] != values.shape[0]:
            raise invalid("data", "data_y_rows", path=source, x=values.shape[0], y=targets.shape[0])
        names = ("y",)
    elif options.target:
        if values.ndim == 3:
            raise invalid("data", "data_target_windowed", path=source)
        full = np.asarray(array)
        every = tuple(str(i) for i in range(full.shape[-1]))
        for name in options.target:
            if name not in every:
                raise _unknown(name, list(every))
        names = tuple(options.target)
        targets = full[:, [int(n) for n in names]].astype(np.float32)
    missing = _missing(values, columns, source, options.allow_missing, False)
    if targets is not None:
        missing += _missing(targets, names or ("y",), source, options.allow_missing, False)
    return DataTable(source, values, columns, targets, names, None, None, (), missing, _ranges(values))


def load(data: Any, options: DataOptions) -> DataTable:
    """A DataTable from a path (CSV, TSV, .npy, .npz), a NumPy array or a pandas DataFrame.

    A DataTable is used as it is: read once, it can feed several stacks the same windows.
    """
    if isinstance(data, DataTable):
        return data
    if isinstance(data, (str, Path)):
        path = Path(data)
        head = _check_path(path)
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            return _read_table(path, head, options)
        if suffix in FRAME_SUFFIXES:
            return _read_frame(path, head, options)
        if not head.startswith(b"\x93NUMPY" if suffix == ".npy" else b"PK"):
            raise invalid("data", "data_not_npy", path=str(path), suffix=suffix)
        try:
            loaded = np.load(path, allow_pickle=False)
        except (OSError, ValueError, EOFError) as exc:
            raise invalid("data", "data_not_array", path=str(path), reason=str(exc).splitlines()[0]) from exc
        if suffix == ".npz":
            with loaded as archive:
                if "x" not in archive.files:
                    raise invalid(
                        "data", "data_npz_keys", path=str(path), keys=", ".join(archive.files) or "none"
                    )
                return from_array(
                    archive["x"], options, path.name, archive["y"] if "y" in archive.files else None
                )
        return from_array(loaded, options, path.name)
    if isinstance(data, np.ndarray):
        return from_array(data, options)
    if type(data).__name__ == "DataFrame":
        return from_frame(data, options, lines=False)
    raise invalid("data", "data_kind", kind=type(data).__name__)


def _read_frame(path: Path, head: bytes, options: DataOptions) -> DataTable:
    """A Parquet or Feather file, read by pandas through pyarrow, then picked like any table."""
    suffix = path.suffix.lower()
    kind = suffix[1:].capitalize()
    if not head.startswith(FRAME_SUFFIXES[suffix]):
        raise invalid("data", "data_not_frame_magic", path=str(path), kind=kind)
    try:
        found = importlib.util.find_spec("pyarrow") is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules
        found = False
    if not found:
        raise environment("data_needs_pyarrow", path=str(path), kind=kind)
    import pandas as pd

    try:
        frame = pd.read_parquet(path) if suffix == ".parquet" else pd.read_feather(path)
    except Exception as exc:  # pyarrow's own errors name what is wrong with the file
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise invalid("data", "data_not_frame", path=str(path), kind=kind, reason=reason) from exc
    return from_frame(frame, options, path.name, lines=False)


def widen(table: DataTable, window: int | None, features: int | None) -> DataTable:
    """A wide table (a row per sample, window × features columns) as (samples, window, features):
    NumPy's row-major `reshape(rows, window, features)`, so step t holds columns t × F .. t × F + F - 1.

    Either number may be left out when the other divides the columns; both out is refused.
    """
    if table.wide_columns is not None:
        return table  # widened already (one table fed to several stacks)
    if table.prewindowed:
        raise invalid("layout", "data_wide_windowed", path=table.source)
    # A row is a whole sample: its target columns are what it is labelled with, not inputs.
    keep = [i for i, name in enumerate(table.columns) if name not in table.target_names]
    if len(keep) < table.features and keep:
        table = replace(
            table,
            values=table.values[:, keep],
            columns=tuple(table.columns[i] for i in keep),
            ranges=tuple(table.ranges[i] for i in keep)
            if len(table.ranges) == table.features
            else table.ranges,
        )
    columns = table.features
    if window is None and features is None:
        raise invalid("layout", "data_wide_needs_window", path=table.source, columns=columns)
    if window is None:
        assert features is not None
        window = columns // features if columns % features == 0 else 0
    if features is None:
        features = columns // window if columns % window == 0 else 0
    if window < 1 or features < 1 or window * features != columns:
        divisors = ", ".join(f"{d} × {columns // d}" for d in range(1, columns + 1) if columns % d == 0)
        raise invalid(
            "layout",
            "data_wide_columns",
            path=table.source,
            columns=columns,
            window=window or "?",
            features=features or "?",
            divisors=divisors,
        )
    values = table.values.reshape(table.rows, window, features)
    names = tuple(tuple(table.columns[t * features : (t + 1) * features]) for t in range(window))
    first = tuple(tuple(float(v) for v in step) for step in values[0])
    step_names = names[0]  # a step's features are named by step 0's columns
    return replace(
        table,
        values=values,
        columns=step_names,
        ranges=_ranges(values),
        wide_columns=names,
        wide_first=first,
    )


def unscaled(ranges: tuple[tuple[float, float], ...], columns: tuple[str, ...]) -> tuple[str, ...]:
    """Columns whose values reach well past tanh's and sigmoid's useful range (about ±3)."""
    return tuple(
        name
        for name, (low, high) in zip(columns, ranges, strict=False)
        if math.isfinite(low) and math.isfinite(high) and max(abs(low), abs(high)) > 10
    )
