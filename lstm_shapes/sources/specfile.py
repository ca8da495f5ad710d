"""Spec files: TOML files of named cases, each a stack plus the shapes it must produce.

    [defaults]                 # optional; any case key but name, layers, expect
    batch = 32
    window = 25

    [[case]]
    name = "seed 3: states"
    head = "dense"             # or { kind = "time-distributed", units = 10 }
    expect = { output = "32,25,20", "lstm_1.hidden" = [32, 20], head = "32,25,10" }

    [[case.layers]]            # bottom first; keys are LSTM arguments
    units = 20
    return_sequences = true
    return_state = true

Parsing is pure (no Keras). Every problem is located: file, line, case and key,
so a CI log points at the line to fix; one bad case does not stop the others.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.model.expect import Expectation, parse_dims
from lstm_shapes.model.spec import ConvSpec, DeviceChoice, HeadKind, HeadSpec, LayerSpec, StackSpec
from lstm_shapes.sources.sequences import SEQUENCE_FIELDS, sequences

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LAYER_KEYS = tuple(f.name for f in fields(LayerSpec))
CASE_KEYS = (
    "name",
    "batch",
    "window",
    "features",
    "seed",
    "device",
    "head",
    "conv",
    "layers",
    "expect",
    "expect_error",
    "run",
    "data",
    "columns",
    "target",
    "embedding",
    "lengths",
    "padding",
    "mask_value",
)
DEFAULT_KEYS = tuple(k for k in CASE_KEYS if k not in ("name", "layers", "expect"))
TOP_KEYS = ("case", "defaults")
# The case name under which a problem with the whole file is reported.
FILE_CASE = "(file)"


@dataclass(frozen=True)
class Problem:
    """Why a file or a case cannot be run, and where."""

    file: str
    line: int
    case: str | None
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" case {self.case!r}:" if self.case else ""
        return f"{where}:{who} {self.message}"


@dataclass(frozen=True)
class Case:
    """One named stack from a spec file, ready to inspect (or its problem)."""

    file: str
    name: str
    line: int
    spec: StackSpec | None
    expect: tuple[Expectation, ...] = ()
    run: bool = True
    expect_error: str | None = None
    problem: Problem | None = None
    # Where `expect` is written, to point at an unknown tensor name in it.
    expect_line: int = 0
    # The user's data (`data = "..."`, relative to the spec file) and its columns and targets.
    data: str | None = None
    columns: tuple[str, ...] | None = None
    target: tuple[str, ...] = ()


Span = tuple[int, int]  # [start, end) line indexes


class _Locator:
    """Best-effort line numbers for keys, read off the text (tomllib reports none).

    It knows TOML's two ways to write the tables a spec file uses: headers
    (`[[case.layers]]`, `[case.expect]`) and inline tables (`layers = [{...}, {...}]`,
    `expect = { ... }`), each possibly spread over several lines.
    """

    _HEADER = re.compile(r"\s*\[\[?\s*([\w.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers: list[tuple[int, str]] = []
        for i, line in enumerate(self.lines):
            found = self._HEADER.match(line)
            if found:
                self.headers.append((i, found.group(1).replace(" ", "")))
        self.case_starts = [i for i, name in self.headers if name == "case"]

    def _section_end(self, start: int) -> int:
        return next((i for i, _ in self.headers if i > start), len(self.lines))

    def table(self, name: str) -> Span | None:
        """The lines of a top-level table such as [defaults]."""
        for i, header in self.headers:
            if header == name:
                return i, self._section_end(i)
        return None

    def case(self, index: int) -> Span:
        if index >= len(self.case_starts):
            return 0, len(self.lines)
        start = self.case_starts[index]
        end = next(
            (i for i, name in self.headers if i > start and not name.startswith("case.")),
            len(self.lines),
        )
        return start, end

    def key(self, key: str, span: Span | None = None) -> int | None:
        """0-based line of `key = ...` or of a [key]/[[key]] header in `span`."""
        start, end = span or (0, len(self.lines))
        assign = re.compile(rf"""(^|[\s{{,])(["']?){re.escape(key)}\2\s*=""")
        for i in range(start, end):
            if assign.search(self.lines[i]):
                return i
        for i, name in self.headers:
            if start <= i < end and name.split(".")[-1] == key:
                return i
        return None

    def part(self, case: int, key: str, index: int = 0) -> Span:
        """The lines of a case's sub-table: the index-th [[case.KEY]] or the inline `KEY = ...`."""
        start, end = self.case(case)
        headers = [i for i, name in self.headers if start <= i < end and name == f"case.{key}"]
        if index < len(headers):
            return headers[index], self._section_end(headers[index])
        line = self.key(key, (start, end))
        if line is None:
            return start, end
        # An inline array of tables: the index-th "{" opens the wanted table.
        opens = [i for i in range(line, end) for _ in range(self.lines[i].count("{"))]
        if index < len(opens):
            stop = next((i for i in opens[index + 1 :] if i > opens[index]), opens[index] + 1)
            return opens[index], max(stop, opens[index] + 1)
        return line, line + 1

    def line(self, case: int, key: str, part: str | None = None, index: int = 0) -> int:
        """1-based line of `key` in a case (or in one of its parts), else of the case."""
        span = self.part(case, part, index) if part else self.case(case)
        found = self.key(key, span)
        if found is None:
            found = span[0]
        return found + 1


def _unknown(kind: str, key: str, valid: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, valid, n=1)
    guess = f"; did you mean {close[0]!r}?" if close else "."
    return f"unknown {kind} key {key!r}{guess} Valid keys: {', '.join(valid)}."


def _head(value: object) -> HeadSpec:
    kind: object = value
    units: object = HeadSpec().units
    if isinstance(value, dict):
        extra = set(value) - {"kind", "units"}
        if extra:
            raise InvalidSpec("head", _unknown("head", sorted(extra)[0], ("kind", "units")))
        kind = value.get("kind", "none")
        units = value.get("units", units)
    choices = [k.value for k in HeadKind]
    if kind not in choices:
        raise InvalidSpec("head", f"unknown value {kind!r}. Valid values: {', '.join(choices)}.")
    try:
        return HeadSpec(HeadKind(kind), units)  # type: ignore[arg-type]
    except InvalidSpec as err:
        raise InvalidSpec("head.units", err.problem, err.hint) from err


CONV_KEYS = ("filters", "kernel_size", "strides", "padding")


def _conv(value: object) -> ConvSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidSpec(
            "conv", 'conv must be a table, e.g. { filters = 16, kernel_size = 3, padding = "valid" }'
        )
    for key in value:
        if key not in CONV_KEYS:
            raise InvalidSpec(f"conv.{key}", _unknown("conv", key, CONV_KEYS))
    if "filters" not in value:
        raise InvalidSpec("conv.filters", "a Conv1D needs filters = N")
    return ConvSpec(**value)


class _Rejected(Exception):
    """A case that cannot be built; `structural` problems (typos, wrong layout) can't be expected."""

    def __init__(self, line: int, error: InvalidSpec | str, structural: bool) -> None:
        super().__init__(str(error))
        self.line = line
        self.message = error.message if isinstance(error, InvalidSpec) else error
        self.hint = error.hint if isinstance(error, InvalidSpec) else None
        self.structural = structural


def _build(index: int, raw: dict[str, Any], defaults: dict[str, Any], where: _Locator) -> Case:
    """The case's spec and expectations, or `_Rejected` with the line to blame."""
    label = raw["name"]
    defaults_span = where.table("defaults")

    def at(key: str) -> int:
        """Where a case-level key is written: in the case, else in [defaults]."""
        if key in raw or defaults_span is None:
            return where.line(index, key)
        found = where.key(key, defaults_span)
        return found + 1 if found is not None else where.line(index, key)

    for key in raw:
        if key not in CASE_KEYS:
            raise _Rejected(where.line(index, key), _unknown("case", key, CASE_KEYS), structural=True)
    merged = {**defaults, **raw}
    layers_raw = merged.get("layers")
    if not isinstance(layers_raw, list) or not layers_raw:
        message = "needs at least one layer: add [[case.layers]] with units = N"
        raise _Rejected(where.line(index, "layers"), message, structural=True)
    layers = []
    for i, layer in enumerate(layers_raw):
        if not isinstance(layer, dict):
            message = f"layers[{i}] must be a table of LSTM settings, got {layer!r}"
            raise _Rejected(where.line(index, "layers"), message, structural=True)
        for key in layer:
            if key not in LAYER_KEYS:
                line = where.line(index, key, "layers", i)
                raise _Rejected(line, f"layers[{i}]: " + _unknown("layer", key, LAYER_KEYS), structural=True)
        if "units" not in layer:
            line = where.line(index, "units", "layers", i)
            raise _Rejected(line, f"layers[{i}] needs units = N (its number of units)", structural=True)
        try:
            layers.append(LayerSpec(**layer))
        except InvalidSpec as err:
            line = where.line(index, err.field or "units", "layers", i)
            raise _Rejected(
                line, InvalidSpec(f"layers[{i}].{err.field}", err.problem, err.hint), False
            ) from err
    try:
        device = merged.get("device", "auto")
        if device not in [d.value for d in DeviceChoice]:
            raise InvalidSpec("device", f"unknown value {device!r}. Valid values: auto, cpu, gpu.")
        spec = StackSpec(
            conv=_conv(merged.get("conv")),
            batch=merged.get("batch", 32),
            window=merged.get("window", 25),
            features=merged.get("features", 1),
            layers=tuple(layers),
            head=_head(merged.get("head", "none")),
            device=DeviceChoice(device),
            seed=merged.get("seed", 0),
            **sequences(merged),
        )
    except InvalidSpec as err:
        field_name = SEQUENCE_FIELDS.get(err.field or "", err.field or "layers")
        if field_name != err.field:  # the spec file's own name for it: embedding.vocab, not embedding_vocab
            err = InvalidSpec(field_name, err.problem, err.hint, key=err.key, values=err.values)
        named = re.match(r"[a-z_]+_(\d+)\.", field_name)
        if named:  # a stacking rule names the layer (lstm_1, gru_2): point at it
            line = where.line(index, field_name.split(".")[-1], "layers", int(named.group(1)) - 1)
        elif field_name == "head.units":
            line = where.line(index, "units", "head") if "head" in raw else at("head")
        elif field_name.startswith("conv."):
            key = field_name.split(".")[1]
            line = where.line(index, key, "conv") if "conv" in raw else at("conv")
        elif field_name.startswith("embedding."):
            key = field_name.split(".")[1]
            line = where.line(index, key, "embedding") if "embedding" in raw else at("embedding")
        else:
            line = at(field_name.split(".")[0])
        raise _Rejected(line, err, structural=False) from err
    expect_raw = raw.get("expect", {})
    if not isinstance(expect_raw, dict):
        message = 'expect must be a table of tensor = shape, e.g. { output = "32,25,20" }'
        raise _Rejected(where.line(index, "expect"), message, structural=True)
    expect = []
    for tensor, shape in expect_raw.items():
        try:
            expect.append(Expectation(tensor, parse_dims(shape, f"expect.{tensor}")))
        except InvalidSpec as err:
            raise _Rejected(where.line(index, tensor, "expect"), err, structural=True) from err
    run = merged.get("run", True)
    if not isinstance(run, bool):
        raise _Rejected(at("run"), f"run must be true or false, got {run!r}", structural=True)
    data = merged.get("data")
    if data is not None and not isinstance(data, str):
        raise _Rejected(at("data"), f"data must be a file path as a string, got {data!r}", structural=True)
    names: dict[str, tuple[str, ...] | None] = {}
    for key in ("columns", "target"):
        value = merged.get(key)
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise _Rejected(at(key), f'{key} must be column names, e.g. ["close", "open"]', structural=True)
        if value is not None and data is None:
            raise _Rejected(at(key), f'{key} means nothing without data = "FILE"', structural=True)
        names[key] = None if value is None else tuple(value)
    return Case(
        "",
        label,
        where.line(index, "name"),
        spec,
        tuple(expect),
        run,
        merged.get("expect_error"),
        expect_line=where.line(index, "expect"),
        data=data,
        columns=names["columns"],
        target=names["target"] or (),
    )


def _case(index: int, raw: dict[str, Any], defaults: dict[str, Any], path: str, where: _Locator) -> Case:
    name = raw.get("name")
    label = name if isinstance(name, str) and name else f"#{index + 1}"
    name_line = where.line(index, "name")
    if not isinstance(name, str) or not name:
        problem = Problem(path, name_line, label, 'every case needs a name = "..."')
        return Case(path, label, name_line, None, problem=problem)
    expect_error = raw.get("expect_error", defaults.get("expect_error"))
    if expect_error is not None and not isinstance(expect_error, str):
        message = "expect_error must be a string that the error message contains"
        problem = Problem(path, where.line(index, "expect_error"), label, message)
        return Case(path, label, name_line, None, problem=problem)
    try:
        case = _build(index, raw, defaults, where)
    except _Rejected as rejected:
        problem = Problem(path, rejected.line, label, rejected.message, rejected.hint)
        expected = None if rejected.structural else expect_error
        return Case(path, label, name_line, None, expect_error=expected, problem=problem)
    if case.data is not None:  # relative to the spec file, not to where check runs
        case = replace(case, data=str(Path(path).parent / Path(case.data).expanduser()))
    return replace(case, file=path)


def load(path: Path) -> list[Case]:
    """Every case of one file; a broken file gives one case that carries its problem."""
    shown = str(path)

    def broken(line: int, message: str, hint: str | None = None) -> list[Case]:
        return [Case(shown, FILE_CASE, line, None, problem=Problem(shown, line, None, message, hint))]

    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not an error
    except OSError as exc:
        return broken(0, f"cannot read the file: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return broken(0, "the file is not UTF-8 text")
    where = _Locator(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        line = int(found.group(1)) if found else 0
        source = where.lines[line - 1].strip() if 0 < line <= len(where.lines) else ""
        return broken(line, f"invalid TOML: {message}" + (f": {source}" if source else ""))

    def line_of(key: str, span: Span | None = None) -> int:
        found = where.key(key, span)
        return 0 if found is None else found + 1

    for key in data:
        if key not in TOP_KEYS:
            return broken(line_of(key), _unknown("top-level", key, TOP_KEYS))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        return broken(line_of("defaults"), "defaults must be a table: [defaults]")
    for key in defaults:
        if key not in DEFAULT_KEYS:
            message = "defaults: " + _unknown("defaults", key, DEFAULT_KEYS)
            return broken(line_of(key, where.table("defaults")), message)
    cases = data.get("case")
    if not isinstance(cases, list) or not cases:
        return broken(1, "no cases: add at least one [[case]] with a name and [[case.layers]]")
    loaded = []
    for i, raw in enumerate(cases):
        if not isinstance(raw, dict):
            loaded.extend(broken(0, f"case #{i + 1} must be a table"))
            continue
        loaded.append(_case(i, raw, defaults, shown, where))
    names = [c.name for c in loaded]
    for i, case in enumerate(loaded):
        if case.problem is None and names.count(case.name) > 1 and names.index(case.name) != i:
            loaded[i] = Case(
                shown,
                case.name,
                case.line,
                None,
                problem=Problem(shown, case.line, case.name, "another case in this file has the same name"),
            )
    return loaded
