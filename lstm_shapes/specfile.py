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
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from lstm_shapes.errors import InvalidSpec
from lstm_shapes.expect import Expectation, parse_dims
from lstm_shapes.spec import DeviceChoice, HeadKind, HeadSpec, LayerSpec, StackSpec

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
    "layers",
    "expect",
    "expect_error",
    "run",
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


class _Locator:
    """Best-effort line numbers for keys, from the text (tomllib reports none)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.case_starts = [
            i for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*case\s*\]\]", line)
        ]

    def _span(self, case: int) -> tuple[int, int]:
        if case >= len(self.case_starts):
            return 0, len(self.lines)
        start = self.case_starts[case]
        end = self.case_starts[case + 1] if case + 1 < len(self.case_starts) else len(self.lines)
        for i in range(start + 1, end):  # a following non-case table ends the case too
            if re.match(r"\s*\[(?!\[?\s*case[\].])", self.lines[i]):
                return start, i
        return start, end

    def find(self, key: str, case: int | None = None, layer: int | None = None) -> int:
        """1-based line of `key` in the case (and layer), else of the case, else 0."""
        start, end = (0, len(self.lines)) if case is None else self._span(case)
        if layer is not None:
            headers = [
                i for i in range(start, end) if re.match(r"\s*\[\[\s*case\.layers\s*\]\]", self.lines[i])
            ]
            if layer < len(headers):
                start = headers[layer]
                end = headers[layer + 1] if layer + 1 < len(headers) else end
            else:
                inline = self.find("layers", case)
                start = inline - 1 if inline else start
        pattern = re.compile(rf"""(^|[\s{{,])["']?{re.escape(key)}["']?\s*=""")
        for i in range(start, end):
            if pattern.search(self.lines[i]):
                return i + 1
        if case is not None and case < len(self.case_starts):
            return self.case_starts[case] + 1
        return 0


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
    return HeadSpec(HeadKind(kind), units)  # type: ignore[arg-type]


def _case(index: int, raw: dict[str, Any], defaults: dict[str, Any], path: str, where: _Locator) -> Case:
    name = raw.get("name")
    label = name if isinstance(name, str) and name else f"#{index + 1}"
    header_line = where.find("name", index)

    expect_error = raw.get("expect_error", defaults.get("expect_error"))
    if expect_error is not None and not isinstance(expect_error, str):
        line = where.find("expect_error", index)
        message = "expect_error must be a string that the error message contains"
        return Case(path, label, header_line, None, problem=Problem(path, line, label, message))

    def problem(key: str, message: str, hint: str | None = None, layer: int | None = None) -> Case:
        line = where.find(key.split(".")[-1].split("[")[0], index, layer)
        found = Problem(path, line, label, message, hint)
        return Case(path, label, header_line, None, expect_error=expect_error, problem=found)

    if not isinstance(name, str) or not name:
        return problem("name", 'every case needs a name = "..."')
    for key in raw:
        if key not in CASE_KEYS:
            return problem(key, _unknown("case", key, CASE_KEYS))
    merged = {**defaults, **raw}
    layers_raw = merged.get("layers")
    if not isinstance(layers_raw, list) or not layers_raw:
        return problem("layers", "needs at least one layer: add [[case.layers]] with units = N")
    layers = []
    for i, layer in enumerate(layers_raw):
        if not isinstance(layer, dict):
            return problem("layers", f"layers[{i}] must be a table of LSTM settings, got {layer!r}")
        for key in layer:
            if key not in LAYER_KEYS:
                return problem(key, f"layers[{i}]: " + _unknown("layer", key, LAYER_KEYS), layer=i)
        try:
            layers.append(LayerSpec(**layer))
        except InvalidSpec as err:
            return problem(err.field or "units", f"layers[{i}].{err.message}", err.hint, layer=i)
    try:
        device = merged.get("device", "auto")
        if device not in [d.value for d in DeviceChoice]:
            raise InvalidSpec("device", f"unknown value {device!r}. Valid values: auto, cpu, gpu.")
        spec = StackSpec(
            batch=merged.get("batch", 32),
            window=merged.get("window", 25),
            features=merged.get("features", 1),
            layers=tuple(layers),
            head=_head(merged.get("head", "none")),
            device=DeviceChoice(device),
            seed=merged.get("seed", 0),
        )
    except InvalidSpec as err:
        key = (err.field or "layers").split(".")[-1]
        if "lstm_" in (err.field or ""):  # a stacking rule names the layer: point at it
            index_of = int((err.field or "lstm_1").split(".")[0].removeprefix("lstm_")) - 1
            return problem(key, err.message, err.hint, layer=index_of)
        return problem(key, err.message, err.hint)
    expect_raw = raw.get("expect", {})
    if not isinstance(expect_raw, dict):
        return problem("expect", 'expect must be a table of tensor = shape, e.g. { output = "32,25,20" }')
    try:
        expect = tuple(
            Expectation(tensor, parse_dims(shape, f"expect.{tensor}")) for tensor, shape in expect_raw.items()
        )
    except InvalidSpec as err:
        return problem(err.field or "expect", err.message, err.hint)
    run = merged.get("run", True)
    if not isinstance(run, bool):
        return problem("run", f"run must be true or false, got {run!r}")
    return Case(
        path, label, header_line, spec, expect, run, expect_error, expect_line=where.find("expect", index)
    )


def load(path: Path) -> list[Case]:
    """Every case of one file; a broken file gives one case that carries its problem."""
    shown = str(path)

    def broken(line: int, message: str, hint: str | None = None) -> list[Case]:
        return [Case(shown, FILE_CASE, line, None, problem=Problem(shown, line, None, message, hint))]

    try:
        text = path.read_text(encoding="utf-8")
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
    for key in data:
        if key not in TOP_KEYS:
            return broken(where.find(key), _unknown("top-level", key, TOP_KEYS))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        return broken(where.find("defaults"), "defaults must be a table: [defaults]")
    for key in defaults:
        if key not in DEFAULT_KEYS:
            return broken(where.find(key), "defaults: " + _unknown("defaults", key, DEFAULT_KEYS))
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
