"""Spec files: TOML files of named cases, each a stack plus the shapes it must produce.

    [defaults]                 # optional; any case key but name, layers, expect
    batch = 32
    window = 25

    [[case]]
    name = "seed 3: states"
    head = "dense"             # or { kind = "time-distributed", units = 10 }
    expect = { output = "32,25,20", "lstm_1.hidden" = [32, 20], head = "32,25,10" }

    [[case.layers]]            # bottom first; keys are LSTM arguments; a lower layer
    units = 20                 # returns sequences unless it says return_sequences = false
    return_sequences = true
    return_state = true

Parsing is pure (no Keras). Every problem is located: file, line, case and key,
so a CI log points at the line to fix; one bad case does not stop the others.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.locales import Phrase
from lstm_shapes.sources.sequences import SEQUENCE_FIELDS, sequences
from lstm_shapes.spec.expect import Expectation, parse_dims
from lstm_shapes.spec.keras2 import keras2_key
from lstm_shapes.spec.refusals import invalid, os_reason, refield, unknown
from lstm_shapes.spec.stack import (
    LAYER_LEVEL,
    ConvSpec,
    DeviceChoice,
    HeadKind,
    HeadSpec,
    LayerSpec,
    StackSpec,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LAYER_KEYS = tuple(f.name for f in fields(LayerSpec))
# The keys of one cell in `cells = [...]`: the cell's own settings, none of the layer's.
CELL_KEYS = tuple(k for k in LAYER_KEYS if k not in LAYER_LEVEL)
CASE_KEYS = (
    "name",
    "batch",
    "window",
    "features",
    "spatial",
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
    "model",
    "embedding",
    "lengths",
    "padding",
    "mask_value",
    "batches",
)
DEFAULT_KEYS = tuple(k for k in CASE_KEYS if k not in ("name", "layers", "expect"))
TOP_KEYS = ("case", "defaults")
# The case name under which a problem with the whole file is reported.
FILE_CASE = "(file)"


@dataclass(frozen=True)
class Problem:
    """Why a file or a case cannot be run, and where: the refusal keeps its key for every language."""

    file: str
    line: int
    case: str | None
    error: InvalidSpec

    @property
    def message(self) -> str:
        return self.error.message

    @property
    def hint(self) -> str | None:
        return self.error.hint

    @property
    def where(self) -> str:
        """'cases.toml:3': the one way a spec-file location is written."""
        return location(self.file, self.line)

    def __str__(self) -> str:
        who = f" case {self.case!r}:" if self.case else ""
        return f"{self.where}:{who} {self.message}"


def location(file: str, line: int) -> str:
    """'cases.toml:12', or the file alone when no line is known."""
    return f"{file}:{line}" if line else file


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
    # A saved model (`model = "..."`, relative to the spec file) instead of layers; `spec` then
    # only carries the case's batch, window, seed and device, and `window_given` says if it set one.
    model: str | None = None
    window_given: bool = False


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
        # An inline array of tables: the index-th "{" at the array's own depth opens the wanted
        # table (a layer's `cells = [{...}, {...}]` nests tables of its own inside it).
        opens, depth = [], 0
        for i in range(line, end):
            for char in self.lines[i].split("#", 1)[0]:
                if char == "{":
                    if depth == 0:
                        opens.append(i)
                    depth += 1
                elif char == "}":
                    depth = max(depth - 1, 0)
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


def _unknown(kind: str, key: str, valid: tuple[str, ...], field: str | None = None) -> InvalidSpec:
    """An unknown key of one of the file's tables (`kind`: case, layer, head, conv, ...); a Keras 2
    name (batch_input_shape, input_length, time_major, ...) gets the Keras 3 way as its hint."""
    keras2 = keras2_key(key)
    if keras2 is not None:
        return invalid(
            field,
            "spec_keras2_key",
            name=key,
            kind=Phrase(f"spec_kind_{kind}"),
            keras3=Phrase(f"error:{keras2}"),
        )
    return unknown(field, "spec_unknown_key", key, valid, named="name", kind=Phrase(f"spec_kind_{kind}"))


def _head(value: object) -> HeadSpec:
    kind: object = value
    units: object = HeadSpec().units
    if isinstance(value, dict):
        extra = set(value) - {"kind", "units"}
        if extra:
            raise _unknown("head", sorted(extra)[0], ("kind", "units"), "head")
        kind = value.get("kind", "none")
        units = value.get("units", units)
    choices = [k.value for k in HeadKind]
    if kind not in choices:
        raise invalid("head", "unknown", value=kind, valid=", ".join(choices))
    try:
        return HeadSpec(HeadKind(kind), units)  # type: ignore[arg-type]
    except InvalidSpec as err:
        raise refield(err, "head.units") from err


CONV_KEYS = tuple(f.name for f in fields(ConvSpec))


def _conv(value: object) -> ConvSpec | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid(None, "spec_conv_table")
    for key in value:
        if key not in CONV_KEYS:
            raise _unknown("conv", key, CONV_KEYS, f"conv.{key}")
    if "filters" not in value:
        raise invalid("conv.filters", "spec_conv_filters")
    return ConvSpec(**value)


class _Rejected(Exception):
    """A case that cannot be built; `structural` problems (typos, wrong layout) can't be expected."""

    def __init__(self, line: int, error: InvalidSpec, structural: bool) -> None:
        super().__init__(str(error))
        self.line = line
        self.error = error
        self.structural = structural


def _with_cells(layer: dict[str, Any], where: str, line: Any) -> dict[str, Any]:
    """A layer of several cells in one RNN: `cells = [{ units = 8 }, { cell = "gru", units = 4 }]`.

    Each cell table takes the cell keys (units, cell, activation, ...), the layer the rest
    (return_sequences, bidirectional, ...); units and cell come from the top cell.
    """
    cells = layer["cells"]
    if not isinstance(cells, list) or not cells:
        raise _Rejected(line("cells"), invalid(f"{where}.cells", "stacked_cells_list", value=cells), True)
    for key in ("units", "cell"):
        if key in layer:
            raise _Rejected(line(key), invalid(f"{where}.{key}", "stacked_layer_setting", setting=key), True)
    found = []
    for j, cell in enumerate(cells):
        field = f"{where}.cells[{j}]"
        if not isinstance(cell, dict):
            raise _Rejected(line("cells"), invalid(field, "stacked_cells_list", value=cell), True)
        for key in cell:
            if key not in CELL_KEYS:
                refusal = (
                    invalid(f"{field}.{key}", "stacked_cell_setting", setting=key)
                    if key in LAYER_KEYS
                    else _unknown("layer", key, CELL_KEYS, field)
                )
                raise _Rejected(line("cells"), refusal, True)
        if "units" not in cell:
            raise _Rejected(line("cells"), invalid(field, "spec_layer_units"), True)
        try:
            found.append(LayerSpec(**cell))
        except InvalidSpec as err:
            raise _Rejected(line("cells"), refield(err, f"{field}.{err.field}"), False) from err
    return {**layer, "cells": tuple(found)}


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
        raise _Rejected(where.line(index, "layers"), invalid(None, "spec_no_layers"), structural=True)
    layers = []
    for i, layer in enumerate(layers_raw):
        if not isinstance(layer, dict):
            error = invalid(f"layers[{i}]", "spec_layer_table", value=layer)
            raise _Rejected(where.line(index, "layers"), error, structural=True)
        for key in layer:
            if key not in LAYER_KEYS:
                line = where.line(index, key, "layers", i)
                raise _Rejected(line, _unknown("layer", key, LAYER_KEYS, f"layers[{i}]"), structural=True)
        if "cells" in layer:
            layer = _with_cells(layer, f"layers[{i}]", lambda key, i=i: where.line(index, key, "layers", i))
        elif "units" not in layer:
            line = where.line(index, "units", "layers", i)
            raise _Rejected(line, invalid(f"layers[{i}]", "spec_layer_units"), structural=True)
        if i < len(layers_raw) - 1 and "return_sequences" not in layer:
            # As the flags do: a lower layer hands the one above it a sequence unless it says otherwise.
            layer = {**layer, "return_sequences": True}
        try:
            layers.append(LayerSpec(**layer))
        except InvalidSpec as err:
            line = where.line(index, err.field or "units", "layers", i)
            raise _Rejected(line, refield(err, f"layers[{i}].{err.field}"), False) from err
    try:
        device = merged.get("device", "auto")
        if device not in [d.value for d in DeviceChoice]:
            raise invalid("device", "unknown", value=device, valid=", ".join(d.value for d in DeviceChoice))
        spec = StackSpec(
            conv=_conv(merged.get("conv")),
            batch=merged.get("batch", 32),
            window=merged.get("window", 25),
            features=merged.get("features", 1),
            spatial=merged.get("spatial", ()),
            layers=tuple(layers),
            head=_head(merged.get("head", "none")),
            device=DeviceChoice(device),
            seed=merged.get("seed", 0),
            batches=merged.get("batches", 1),
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
        raise _Rejected(where.line(index, "expect"), invalid(None, "spec_expect_table"), structural=True)
    expect = []
    for tensor, shape in expect_raw.items():
        try:
            expect.append(Expectation(tensor, parse_dims(shape, f"expect.{tensor}")))
        except InvalidSpec as err:
            raise _Rejected(where.line(index, tensor, "expect"), err, structural=True) from err
    run = merged.get("run", True)
    if not isinstance(run, bool):
        raise _Rejected(at("run"), invalid(None, "spec_run_bool", value=run), structural=True)
    data = merged.get("data")
    if data is not None and not isinstance(data, str):
        raise _Rejected(at("data"), invalid(None, "spec_data_path", value=data), structural=True)
    names: dict[str, tuple[str, ...] | None] = {}
    for key in ("columns", "target"):
        value = merged.get(key)
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            raise _Rejected(at(key), invalid(None, "spec_column_names", name=key), structural=True)
        if value is not None and data is None:
            raise _Rejected(at(key), invalid(None, "spec_without_data", name=key), structural=True)
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
        given = name is not None and name != ""
        error = invalid(None, "spec_name_text", value=name) if given else invalid(None, "spec_name_missing")
        return Case(path, label, name_line, None, problem=Problem(path, name_line, label, error))
    expect_error = raw.get("expect_error", defaults.get("expect_error"))
    if expect_error is not None and not isinstance(expect_error, str):
        problem = Problem(path, where.line(index, "expect_error"), label, invalid(None, "spec_expect_error"))
        return Case(path, label, name_line, None, problem=problem)
    try:
        case = (
            _build(index, raw, defaults, where)
            if "model" not in {**defaults, **raw}
            else _model(index, raw, defaults, where)
        )
    except _Rejected as rejected:
        problem = Problem(path, rejected.line, label, rejected.error)
        expected = None if rejected.structural else expect_error
        return Case(path, label, name_line, None, expect_error=expected, problem=problem)
    if case.data is not None:  # relative to the spec file, not to where check runs
        case = replace(case, data=str(Path(path).parent / Path(case.data).expanduser()))
    if case.model is not None:
        case = replace(case, model=_beside(path, case.model))
    return replace(case, file=path)


def _beside(spec_file: str, model: str) -> str:
    """A model file (or FILE.py:FUNCTION) relative to the spec file; a module:FUNCTION as it is."""
    where, _, function = model.partition(":")
    if function and not where.endswith(".py") and "/" not in where and not Path(model).exists():
        return model
    return str(Path(spec_file).parent / Path(model).expanduser())


# What a layer-built stack has and a saved model already fixes.
STACK_KEYS = ("layers", "head", "conv", "features")


def _model(index: int, raw: dict[str, Any], defaults: dict[str, Any], where: _Locator) -> Case:
    """A case that inspects a saved model: `model = "path"` instead of layers.

    Its batch, window, seed, device, expect and data keys are read by `_build` as for a stack
    (on a one-layer placeholder that is never built, so the same rules check them); what the
    model fixes itself (layers, head, conv, features) is refused in the case.
    """
    merged = {**defaults, **raw}
    model = merged["model"]
    line = where.line(index, "model") if "model" in raw else where.line(index, "name")
    if not isinstance(model, str) or not model.strip():
        raise _Rejected(line, invalid(None, "spec_model_path", value=model), True)
    for key in STACK_KEYS:
        if key in raw:
            error = invalid(None, "spec_beside_model", name=key, model=model)
            raise _Rejected(where.line(index, key), error, structural=True)
    if merged.get("run", True) is not True:
        raise _Rejected(where.line(index, "run"), invalid(None, "spec_model_no_run"), structural=True)
    stack = {key: value for key, value in raw.items() if key != "model"}
    kept = {key: value for key, value in defaults.items() if key not in (*STACK_KEYS, "model")}
    case = _build(index, {**stack, "layers": [{"units": 1}]}, kept, where)
    return replace(case, model=model.strip(), window_given="window" in merged)


def load(path: Path) -> list[Case]:
    """Every case of one file; a broken file gives one case that carries its problem."""
    shown = str(path)

    def broken(line: int, error: InvalidSpec) -> list[Case]:
        return [Case(shown, FILE_CASE, line, None, problem=Problem(shown, line, None, error))]

    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is not an error
    except OSError as exc:
        return broken(0, invalid(None, "spec_unreadable", reason=os_reason(exc)))
    except UnicodeDecodeError:
        return broken(0, invalid(None, "spec_not_utf8"))
    where = _Locator(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        line = int(found.group(1)) if found else 0
        if not found and "end of document" in message:
            # Something left open at the end: the last line written is where to look.
            message = message.replace(" (at end of document)", "")
            line = max((i + 1 for i, text in enumerate(where.lines) if text.strip()), default=0)
        source = where.lines[line - 1].strip() if 0 < line <= len(where.lines) else ""
        key = "spec_toml_at" if source else "spec_toml"
        return broken(line, invalid(None, key, message=message, source=source))

    def line_of(key: str, span: Span | None = None) -> int:
        found = where.key(key, span)
        return 0 if found is None else found + 1

    for key in data:
        if key not in TOP_KEYS:
            return broken(line_of(key), _unknown("top", key, TOP_KEYS))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        return broken(line_of("defaults"), invalid(None, "spec_defaults_table"))
    for key in defaults:
        if key not in DEFAULT_KEYS:
            error = _unknown("defaults", key, DEFAULT_KEYS, "defaults")
            return broken(line_of(key, where.table("defaults")), error)
    cases = data.get("case")
    if not isinstance(cases, list) or not cases:
        return broken(1, invalid(None, "spec_no_cases"))
    loaded = []
    for i, raw in enumerate(cases):
        if not isinstance(raw, dict):
            loaded.extend(broken(0, invalid(None, "spec_case_table", index=i + 1)))
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
                problem=Problem(shown, case.line, case.name, invalid(None, "spec_same_name")),
            )
    return loaded
