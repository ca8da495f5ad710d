"""A saved model as a source: which file or factory MODEL names, and whether it needs code to load.

Everything here reads the file as data (zipfile and json, h5py for legacy files) and never
imports a framework, so a file that would run code is refused before Keras sees it: a Lambda
layer carries marshalled Python bytecode, and a custom object names a module to import.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from lstm_shapes.spec.refusals import invalid

H5_SUFFIXES = (".h5", ".hdf5")
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


class SourceKind(str, Enum):
    KERAS = "keras"
    H5 = "h5"
    FACTORY = "factory"


@dataclass(frozen=True)
class ModelSource:
    """What MODEL names: a `.keras` or `.h5` file, or a function (in a file or a module) to call."""

    kind: SourceKind
    text: str
    path: Path | None = None
    module: str | None = None
    function: str | None = None
    # --custom-objects: files or modules imported before loading, so that their registered
    # classes (a custom layer) deserialize; what they hold is the user's own code, run on purpose.
    imports: tuple[str, ...] = ()


_FACTORY = re.compile(r"(?P<where>[^:]+):(?P<function>[A-Za-z_][A-Za-z0-9_.]*)")


def parse_source(text: str) -> ModelSource:
    """Refuse a MODEL that cannot be a model before anything is imported."""
    path = Path(text)
    found = _FACTORY.fullmatch(text)
    if found and not path.exists():
        where, function = found.group("where"), found.group("function")
        if where.endswith(".py"):
            file = Path(where)
            if not file.is_file():
                raise invalid(None, "factory_missing", factory=text, reason=f"no file {where}")
            return ModelSource(SourceKind.FACTORY, text, path=file, function=function)
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", where):
            return ModelSource(SourceKind.FACTORY, text, module=where, function=function)
    if not path.exists():
        raise invalid(None, "model_missing", path=text)
    if path.is_dir():
        raise invalid(None, "model_directory", path=text)
    with path.open("rb") as handle:
        head = handle.read(8)
    if zipfile.is_zipfile(path):
        return ModelSource(SourceKind.KERAS, text, path=path)
    if head == HDF5_SIGNATURE or path.suffix.lower() in H5_SUFFIXES:
        return ModelSource(SourceKind.H5, text, path=path)
    why = (
        "a truncated or damaged .keras archive"
        if path.suffix.lower() == ".keras"
        else "neither a .keras archive nor an HDF5 file"
    )
    raise invalid(None, "model_not_a_model", path=text, why=why)


def read_config(source: ModelSource) -> dict[str, Any]:
    """The model's configuration, read as data: config.json of a .keras, model_config of an .h5."""
    assert source.path is not None
    text = source.text
    if source.kind is SourceKind.KERAS:
        try:
            with zipfile.ZipFile(source.path) as archive:
                names = archive.namelist()
                if "config.json" not in names:
                    raise invalid(
                        None, "model_not_a_model", path=text, why="a zip archive without config.json"
                    )
                raw = archive.read("config.json")
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise invalid(None, "model_not_a_model", path=text, why=f"a damaged archive ({exc})") from exc
        except Exception as exc:  # zlib.error and friends from a truncated member
            raise invalid(None, "model_not_a_model", path=text, why=f"a damaged archive ({exc})") from exc
    else:
        import h5py  # type: ignore[import-untyped]

        try:
            with h5py.File(source.path, "r") as handle:
                found = handle.attrs.get("model_config")
        except (OSError, ValueError) as exc:
            raise invalid(None, "model_not_a_model", path=text, why="not a readable HDF5 file") from exc
        if found is None:
            raise invalid(
                None,
                "model_not_a_model",
                path=text,
                why="an HDF5 file without a model_config (weights only?)",
            )
        raw = found.encode() if isinstance(found, str) else bytes(found)
    try:
        config = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise invalid(None, "model_not_a_model", path=text, why="its configuration is not JSON") from exc
    if not isinstance(config, dict) or "class_name" not in config:
        raise invalid(None, "model_not_a_model", path=text, why="its configuration names no model")
    return config


def needs_code(config: object, where: str = "", classes: bool = True) -> list[str]:
    """What in a model's configuration would run Python code when loaded, one phrase each.

    A Lambda layer holds marshalled bytecode (or names a function); any object whose module
    is not Keras's own is a custom object, whose class Keras would import; `function_type`
    and `__lambda__` are the legacy and Keras 3 spellings of serialized Python functions.
    """
    found: list[str] = []
    if isinstance(config, list):
        for item in config:
            found += needs_code(item, where, classes)
        return found
    if not isinstance(config, dict):
        return found
    cls = config.get("class_name")
    inner = config.get("config")
    name = inner.get("name") if isinstance(inner, dict) else None
    label = f"{cls} {name!r}" if name else str(cls)
    module = config.get("module")
    if cls == "Lambda":
        found.append(f"the Lambda layer {name!r} holds a Python function")
    elif cls in ("__lambda__", "function") and isinstance(module, str) and not module.startswith("keras"):
        found.append(f"a Python function from {module}")
    elif cls == "__lambda__":
        found.append("a marshalled Python function")
    elif not classes:
        pass  # custom classes come from the code --custom-objects imports
    elif isinstance(module, str) and not (module == "keras" or module.startswith("keras.")) and cls:
        found.append(f"the custom object {label} from module {module!r}")
    elif isinstance(config.get("registered_name"), str) and ">" in config["registered_name"]:
        found.append(f"the registered custom object {config['registered_name']}")
    if "function_type" in config and cls != "Lambda":
        found.append("a marshalled Python function")
    for key, value in config.items():
        if key != "class_name":
            found += needs_code(value, where, classes)
    return list(dict.fromkeys(found))


def check_safe(source: ModelSource) -> dict[str, Any]:
    """Refuse a file whose configuration would run code; return the configuration otherwise."""
    config = read_config(source)
    found = needs_code(config, classes=not source.imports)
    if found:
        functions = needs_code(config, classes=False)
        if functions:  # a Lambda or a marshalled function: only --unsafe runs it
            raise invalid(None, "model_needs_code", path=source.text, what="; ".join(found))
        # Only custom classes: importing the code that defines them loads the file safely,
        # where --unsafe alone would not (Keras cannot find a class nobody imported).
        raise invalid(
            None, "model_needs_class", path=source.text, what="; ".join(found), module=_module_of(config)
        )
    return config


def _module_of(config: object) -> str:
    """The first custom object's module, as the refusal's example of what to import."""
    if isinstance(config, list):
        for item in config:
            found = _module_of(item)
            if found:
                return found
        return ""
    if not isinstance(config, dict):
        return ""
    module = config.get("module")
    if isinstance(module, str) and config.get("class_name") and not module.startswith("keras"):
        return module
    for key, value in config.items():
        if key != "class_name":
            found = _module_of(value)
            if found:
                return found
    return ""


def parse_imports(texts: Sequence[str]) -> tuple[str, ...]:
    """--custom-objects: each a Python file that exists or a dotted module name."""
    for text in texts:
        if text.endswith(".py"):
            if not Path(text).is_file():
                raise invalid(
                    "custom_objects", "custom_objects_missing", source=text, reason=f"no file {text}"
                )
        elif not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", text):
            raise invalid(
                "custom_objects", "custom_objects_missing", source=text, reason="not FILE.py or a module name"
            )
    return tuple(texts)
