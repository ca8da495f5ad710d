"""The format the cross-backend parent and its children speak: typed values as JSON, errors included.

A child (`python -m lstm_shapes.report.child JOB`) reads a job file and writes a
result file; neither side reads text meant for people. `RESULT_SCHEMA` documents the
result as JSON Schema, and `result_from_data` checks every field it reads, so a
child of another version is an error, not a misreading.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from lstm_shapes.errors import EnvironmentProblem, ExitCode, InvalidSpec, KerasRejected, LstmShapesError
from lstm_shapes.locales import Phrase
from lstm_shapes.report.types import Check, StackReport
from lstm_shapes.spec.backend_choice import KernelPath, RunInfo, RunOptions
from lstm_shapes.spec.masking import EmbeddingSpec
from lstm_shapes.spec.shapes import LayerInfo, Role, ShapeReport, TensorRow, WeightShape
from lstm_shapes.spec.stack import ConvSpec, HeadSpec, LayerSpec, StackSpec

VERSION = "lstm-shapes-child/2"

_SHAPE = {"type": "array", "items": {"type": "integer", "minimum": 0}}
# A sentence: plain text, or a phrase the parent says in the user's language (locales.Phrase).
_TEXT = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "required": ["phrase", "values"],
            "properties": {"phrase": {"type": "string"}, "values": {"type": "object"}},
        },
    ]
}
_REPORT = {
    "type": "object",
    "required": ["layers", "tensors"],
    "properties": {
        "layers": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "kind", "config", "params", "weights"],
                "properties": {
                    "name": {"type": "string"},
                    "kind": {"type": "string"},
                    "config": {"type": "object"},
                    "params": {"type": "integer"},
                    "weights": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "shape"],
                            "properties": {"name": {"type": "string"}, "shape": _SHAPE},
                        },
                    },
                },
            },
        },
        "tensors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["layer", "role", "shape", "axes"],
                "properties": {
                    "layer": {"type": "string"},
                    "role": {"enum": [role.value for role in Role]},
                    "shape": _SHAPE,
                    "axes": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
# What a child writes: its report (exit 0 or 1) or the error that stopped it (exit 2 or 3).
RESULT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "lstm-shapes cross-backend child result",
    "type": "object",
    "required": ["version", "exit_code"],
    "properties": {
        "version": {"const": VERSION},
        "exit_code": {"enum": [int(code) for code in ExitCode]},
        "report": {
            "type": "object",
            "required": ["spec", "predicted", "observed", "run", "checks"],
            "properties": {
                "spec": {"type": "object"},
                "predicted": _REPORT,
                "observed": {"anyOf": [_REPORT, {"type": "null"}]},
                "run": {
                    "anyOf": [
                        {"type": "null"},
                        {
                            "type": "object",
                            "required": [
                                "backend",
                                "backend_version",
                                "keras_version",
                                "device",
                                "kernel_paths",
                            ],
                        },
                    ]
                },
                "checks": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["name", "passed", "detail"],
                        "properties": {
                            "name": _TEXT,
                            "passed": {"type": "boolean"},
                            "detail": _TEXT,
                        },
                    },
                },
            },
        },
        "error": {
            "type": "object",
            "required": ["kind", "message", "hint", "field", "problem", "key", "values"],
            "properties": {
                "kind": {"enum": ["invalid", "environment", "keras", "other"]},
                "message": {"type": "string"},
                "hint": {"type": ["string", "null"]},
                "field": {"type": ["string", "null"]},
                "problem": {"type": ["string", "null"]},
                "key": {"type": ["string", "null"]},
                "hint_key": {"type": ["string", "null"]},
                "values": {"type": "object"},
            },
        },
    },
    "oneOf": [{"required": ["report"]}, {"required": ["error"]}],
}


class WireError(ValueError):
    """A job or result that does not follow the format."""


def plain(value: Any) -> Any:
    """Dataclasses as dicts, enums as their values, tuples as lists: JSON data."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Phrase):
        return {"phrase": value.key, "values": {k: plain(v) for k, v in value.values.items()}}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def text(value: Any) -> str:
    """The inverse of `plain` for a sentence: a string, or a phrase with its values."""
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and isinstance(value.get("phrase"), str)
        and isinstance(value.get("values"), dict)
    ):
        return Phrase(value["phrase"], **{k: _value(v) for k, v in value["values"].items()})
    raise WireError(f"not a sentence: {value!r}")


def _value(value: Any) -> Any:
    if isinstance(value, dict):
        return text(value)
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def spec_from_data(data: dict[str, Any]) -> StackSpec:
    """The inverse of `plain(spec)` (the spec classes accept their enums' values)."""
    settings = dict(data)
    settings["layers"] = tuple(LayerSpec(**layer) for layer in data["layers"])
    settings["head"] = HeadSpec(**data["head"])
    settings["conv"] = None if data["conv"] is None else ConvSpec(**data["conv"])
    if data.get("embedding") is not None:
        settings["embedding"] = EmbeddingSpec(**data["embedding"])
    if isinstance(data.get("lengths"), list):
        settings["lengths"] = tuple(data["lengths"])
    return StackSpec(**settings)


def options_from_data(data: dict[str, Any]) -> RunOptions:
    return RunOptions(**data)


def _shape(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(d, int) and not isinstance(d, bool) for d in value):
        raise WireError(f"not a shape: {value!r}")
    return tuple(value)


def _shape_report(data: dict[str, Any]) -> ShapeReport:
    layers = tuple(
        LayerInfo(
            str(layer["name"]),
            str(layer["kind"]),
            dict(layer["config"]),
            int(layer["params"]),
            tuple(WeightShape(str(w["name"]), _shape(w["shape"])) for w in layer["weights"]),
        )
        for layer in data["layers"]
    )
    tensors = tuple(
        TensorRow(
            str(row["layer"]), Role(row["role"]), _shape(row["shape"]), tuple(str(a) for a in row["axes"])
        )
        for row in data["tensors"]
    )
    return ShapeReport(layers, tensors)


def _run(data: dict[str, Any] | None) -> RunInfo | None:
    if data is None:
        return None
    paths = tuple(
        KernelPath(
            str(p["layer"]), str(p["path"]), tuple(text(r) for r in p["reasons"]), bool(p["confirmed"])
        )
        for p in data["kernel_paths"]
    )
    return RunInfo(
        str(data["backend"]),
        str(data["backend_version"]),
        str(data["keras_version"]),
        str(data["device"]),
        paths,
        None if data.get("forward_seconds") is None else float(data["forward_seconds"]),
        int(data.get("forward_calls", 0)),
    )


def report_to_data(report: StackReport) -> dict[str, Any]:
    data: dict[str, Any] = plain(report)
    data.pop("planned")  # a child runs: it has no plan
    return data


def report_from_data(data: dict[str, Any]) -> StackReport:
    try:
        return StackReport(
            spec_from_data(data["spec"]),
            _shape_report(data["predicted"]),
            None if data["observed"] is None else _shape_report(data["observed"]),
            _run(data["run"]),
            tuple(Check(text(c["name"]), bool(c["passed"]), text(c["detail"])) for c in data["checks"]),
        )
    except (KeyError, TypeError, ValueError, LstmShapesError) as exc:
        raise WireError(f"a report that does not follow {VERSION}: {exc}") from exc


def error_to_data(error: LstmShapesError) -> dict[str, Any]:
    kind = {InvalidSpec: "invalid", EnvironmentProblem: "environment", KerasRejected: "keras"}.get(
        type(error), "other"
    )
    values = plain(error.values)  # phrases become {"phrase", "values"}, read back by `text`
    return {
        "kind": kind,
        "message": error.message,
        "hint": error.hint,
        "field": getattr(error, "field", None),
        "problem": getattr(error, "problem", None),
        "key": error.key,
        "hint_key": error.hint_key,
        "values": {k: v if _json_value(v) else str(v) for k, v in values.items()},
    }


def _json_value(value: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_json_value(v) for v in value)
    if isinstance(value, dict):
        return "phrase" in value
    return isinstance(value, (str, int, float, bool)) or value is None


def error_from_data(data: dict[str, Any], exit_code: int) -> LstmShapesError:
    """The child's error as the typed exception it was, so the parent words it in the user's language."""
    try:
        kind = data["kind"]
        # Every kind keeps its words (key, hint key, values), so the parent says it in the user's language.
        words = {
            "key": data["key"],
            "values": {k: _value(v) for k, v in data["values"].items()},
            "hint_key": data.get("hint_key"),
        }
        if kind == "invalid":
            error: LstmShapesError = InvalidSpec(data["field"], data["problem"], data["hint"], **words)
        else:
            cls = {"environment": EnvironmentProblem, "keras": KerasRejected}.get(kind, LstmShapesError)
            error = cls(data["message"], data["hint"], **words)
    except (KeyError, TypeError) as exc:
        raise WireError(f"an error that does not follow {VERSION}: {exc}") from exc
    error.exit_code = ExitCode(exit_code)
    return error


def result_data(
    report: StackReport | None, error: LstmShapesError | None, exit_code: ExitCode
) -> dict[str, Any]:
    data: dict[str, Any] = {"version": VERSION, "exit_code": int(exit_code)}
    if report is not None:
        data["report"] = report_to_data(report)
    if error is not None:
        data["error"] = error_to_data(error)
    return data


def result_from_data(data: Any) -> StackReport | LstmShapesError:
    """A child's result: its report, or the error it stopped with (carrying its exit code)."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise WireError(f"a result that is not {VERSION}")
    code = data.get("exit_code")
    if code not in [int(c) for c in ExitCode]:
        raise WireError(f"an exit code that is not one of ours: {code!r}")
    if "report" in data:
        return report_from_data(data["report"])
    if "error" in data:
        return error_from_data(data["error"], int(code))
    raise WireError("a result with neither a report nor an error")
