"""The user's own data: a CSV/TSV table, a .npy or .npz array, a NumPy array or a DataFrame.

Read with pandas and NumPy, never a hand-written parser. Every careless file becomes an
InvalidSpec (exit 2) that names the line, the column or the value; no framework is imported.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lstm_shapes.model.refusals import invalid, unknown

if TYPE_CHECKING:
    import pandas as pd

TABLE_SUFFIXES = (".csv", ".tsv", ".txt")
ARRAY_SUFFIXES = (".npy", ".npz")
# Bytes looked at to detect the delimiter and binary garbage.
SNIFF = 64 * 1024


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


@dataclass(frozen=True)
class DataTable:
    """The numbers used: features (rows, F), or (samples, window, F) already windowed; targets (rows, T)."""

    source: str
    values: np.ndarray
    columns: tuple[str, ...]
    targets: np.ndarray | None = None
    target_names: tuple[str, ...] = ()
    # The row labels (a date or text column), when there is one.
    labels: np.ndarray | None = None
    label_column: str | None = None
    skipped: tuple[str, ...] = ()
    missing: int = 0
    ranges: tuple[tuple[float, float], ...] = field(default=())

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
        return None if self.labels is None else str(self.labels[row])


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
    if suffix not in TABLE_SUFFIXES + ARRAY_SUFFIXES:
        raise invalid("data", "data_extension", path=str(path), suffix=suffix or "(none)")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF)
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


def _read_table(path: Path, head: bytes) -> pd.DataFrame:
    import pandas as pd

    sep = _delimiter(head, path)
    try:
        frame = pd.read_csv(path, sep=sep, encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid("data", "data_encoding", path=str(path), position=exc.start) from exc
    except pd.errors.EmptyDataError as exc:
        raise invalid("data", "data_empty", path=str(path)) from exc
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, saw = found.groups()
            raise invalid(
                "data", "data_ragged", path=str(path), line=line, expected=expected, saw=saw
            ) from exc
        raise invalid("data", "data_unreadable", path=str(path), reason=str(exc).splitlines()[0]) from exc
    if len(frame) == 0:
        raise invalid("data", "data_no_rows", path=str(path))
    return frame


def _numeric(frame: pd.DataFrame, name: str, source: str, role: str) -> np.ndarray:
    """A column as float32, or InvalidSpec naming its first non-numeric value and its line."""
    import pandas as pd

    column = frame[name]
    if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
        converted = pd.to_numeric(column, errors="coerce")
        bad = converted.isna() & column.notna()
        if bad.any():
            index = int(np.flatnonzero(bad.to_numpy())[0])
            key = "data_target_not_numeric" if role == "target" else "data_not_numeric"
            raise invalid(
                "data", key, path=source, column=name, line=index + 2, value=str(column.iloc[index])
            )
        column = converted
    result: np.ndarray = column.to_numpy(dtype=np.float32)
    return result


def _missing(block: np.ndarray, names: tuple[str, ...], source: str, allow: bool, lines: bool) -> int:
    bad = ~np.isfinite(block)
    count = int(bad.sum())
    if count and not allow:
        row, col = np.argwhere(bad)[0]
        where = int(row) + (2 if lines else 0)
        raise invalid(
            "data",
            "data_not_finite",
            path=source,
            count=count,
            column=names[int(col)],
            line=where,
            what="line" if lines else "row",
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


def _column_ranges(parts: list[np.ndarray]) -> tuple[tuple[float, float], ...]:
    with np.errstate(all="ignore"):
        return tuple((float(np.nanmin(p)), float(np.nanmax(p))) for p in parts)


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


def from_frame(
    frame: pd.DataFrame, options: DataOptions, source: str = "DataFrame", lines: bool = True
) -> DataTable:
    """Pick features, targets and row labels from a table; the first line of data is line 2."""

    frame = frame.rename(columns=lambda c: str(c).strip())
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
    parts = [_numeric(frame, c, source, "feature") for c in chosen]
    ranges = _column_ranges(parts)  # on the contiguous columns, before they are interleaved
    values = np.stack(parts, axis=1)
    del parts
    missing = _missing(values, chosen, source, options.allow_missing, lines)
    y = None
    if targets:
        y = np.stack([_numeric(frame, c, source, "target") for c in targets], axis=1)
        missing += _missing(y, targets, source, options.allow_missing, lines)
    label = _label_column(frame, list(chosen) + list(targets) + numeric)
    labels = None if label is None else frame[label].astype(str).to_numpy()
    return DataTable(source, values, chosen, y, targets, labels, label, skipped, missing, ranges)


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
    """A DataTable from a path (CSV, TSV, .npy, .npz), a NumPy array or a pandas DataFrame."""
    if isinstance(data, (str, Path)):
        path = Path(data)
        head = _check_path(path)
        suffix = path.suffix.lower()
        if suffix in TABLE_SUFFIXES:
            return from_frame(_read_table(path, head), options, path.name)
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


def unscaled(ranges: tuple[tuple[float, float], ...], columns: tuple[str, ...]) -> tuple[str, ...]:
    """Columns whose values reach well past tanh's and sigmoid's useful range (about ±3)."""
    return tuple(
        name
        for name, (low, high) in zip(columns, ranges, strict=False)
        if math.isfinite(low) and math.isfinite(high) and max(abs(low), abs(high)) > 10
    )
