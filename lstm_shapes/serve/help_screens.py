"""Help screens without importing the flags: `lstm-shapes --help`, `check --help`, `server start -h`.

A help screen is Click laying out the app's parameters. Building them means importing every
flag family, the spec their defaults come from, and running typer's signature machinery:
more than importing typer itself. `help_data.SCREENS` is a snapshot of the parameters as
typer builds them (plain data: names, help, defaults, types; no callbacks), written by

    python -m lstm_shapes.serve.help_screens

and checked against the app by tests/test_help_screens.py, so it cannot drift from the
declarations in cli/flags.py. The console script lays a screen out from it, with the app's
own group class and Click's own formatter, only when the command line is a help request and
nothing else (`[COMMAND...] -h|--help`); any other command line, another typer version, or a
snapshot that does not load goes to the app as always.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from enum import Enum
from functools import partial
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

HELP = ("-h", "--help")
# Behaviour, not anything a help screen shows: left out of the snapshot, None when laid out.
DROPPED = frozenset({"callback", "_custom_shell_complete", "_result_callback", "_help_option"})
PROG = "lstm-shapes"
DATA = Path(__file__).with_name("help_data.py")


# --- the snapshot: Click's objects as plain data ---------------------------------------------------------
# Every node is a tuple of constants, so that Python folds the whole snapshot into one constant
# of help_data's bytecode: loading it is unmarshalling it, with no code run to build it.
# ("o", class, ((attribute, value), ...)) an object; ("l", items) a list; ("t", items) a tuple;
# ("d", ((key, value), ...)) a dict; ("c", class) a class. An object's attributes equal to its
# class's most common value are held once, in COMMON.
Node = Any


def encode(value: Any) -> Node:
    """A Click command, parameter or type (and what they hold) as nested tuples `decode` rebuilds."""
    if isinstance(value, Enum):
        return encode(value.value)  # what help shows of a choice's default
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return ("l", tuple(encode(v) for v in value))
    if isinstance(value, tuple):
        return ("t", tuple(encode(v) for v in value))
    if isinstance(value, Mapping):  # a group's commands too, every one of them built
        return ("d", tuple((k, encode(v)) for k, v in value.items()))
    if isinstance(value, type):
        return ("c", f"{value.__module__}:{value.__qualname__}")
    if isinstance(value, (FunctionType, MethodType, BuiltinFunctionType, partial)):
        raise TypeError(f"a help screen cannot hold {value!r}: add its attribute to DROPPED")
    state = tuple((k, encode(v)) for k, v in vars(value).items() if k not in DROPPED)
    return ("o", f"{type(value).__module__}:{type(value).__qualname__}", state)


def _objects(node: Node) -> Iterator[Node]:
    if isinstance(node, tuple):
        if node[0] == "o":
            yield node
            for _, value in node[2]:
                yield from _objects(value)
        elif node[0] in ("l", "t"):
            for value in node[1]:
                yield from _objects(value)
        elif node[0] == "d":
            for _, value in node[1]:
                yield from _objects(value)


def _shared(root: Node) -> dict[str, dict[str, Node]]:
    """Per class, each attribute's most common value (held by at least two of its objects)."""
    counts: dict[str, dict[str, Counter[Node]]] = {}
    for _, kind, state in _objects(root):
        for name, value in state:
            counts.setdefault(kind, {}).setdefault(name, Counter())[value] += 1
    return {
        kind: {
            name: seen.most_common(1)[0][0] for name, seen in attrs.items() if seen.most_common(1)[0][1] > 1
        }
        for kind, attrs in counts.items()
    }


def _strip(node: Node, common: dict[str, dict[str, Node]]) -> Node:
    if not isinstance(node, tuple) or node[0] == "c":
        return node
    if node[0] == "o":
        usual = common.get(node[1], {})
        state = tuple((k, _strip(v, common)) for k, v in node[2] if k not in usual or usual[k] != v)
        return ("o", node[1], state)
    if node[0] in ("l", "t"):
        return (node[0], tuple(_strip(v, common) for v in node[1]))
    return ("d", tuple((k, _strip(v, common)) for k, v in node[1]))


def snapshot(command: Any) -> tuple[Node, Node]:
    """The app's group as typer builds it, as (COMMON, SCREENS): nested tuples of constants."""
    root = encode(command)
    common = _shared(root)
    shared = tuple((kind, tuple(attrs.items())) for kind, attrs in sorted(common.items()))
    return shared, _strip(root, common)


def _find(name: str) -> Any:
    module, _, qualname = name.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found


def decode(node: Node, common: dict[str, dict[str, Node]]) -> Any:
    if not isinstance(node, tuple):
        return node
    tag = node[0]
    if tag == "l":
        return [decode(v, common) for v in node[1]]
    if tag == "t":
        return tuple(decode(v, common) for v in node[1])
    if tag == "d":
        return {k: decode(v, common) for k, v in node[1]}
    if tag == "c":
        return _find(node[1])
    built = object.__new__(_find(node[1]))
    state = {**common.get(node[1], {}), **dict(node[2])}
    built.__dict__.update({k: decode(v, common) for k, v in state.items()})
    for name in DROPPED:
        built.__dict__.setdefault(name, None)
    return built


def rebuilt(shared: Node, screens: Node) -> Any:
    """The group a snapshot holds, as Click objects."""
    return decode(screens, {kind: dict(attrs) for kind, attrs in shared})


# --- the console script's help ----------------------------------------------------------------------------
def requested(argv: Sequence[str], screens: Node) -> bool:
    """Whether `argv` is `[COMMAND...] -h|--help`, every COMMAND one of the snapshot's."""
    if not argv or argv[-1] not in HELP:
        return False
    node = screens
    for word in argv[:-1]:
        commands = dict(dict(node[2]).get("commands", ("d", ()))[1])
        if word not in commands:
            return False
        node = commands[word]
    return True


def answer(argv: Sequence[str]) -> int | None:
    """Show the help screen `argv` asks for and return the exit code; None: not a help request
    (or no usable snapshot), for the app to answer."""
    if not argv or argv[-1] not in HELP or "_LSTM_SHAPES_COMPLETE" in os.environ:
        return None
    try:
        import typer

        from lstm_shapes.serve.help_data import COMMON, SCREENS, TYPER

        if typer.__version__ != TYPER or not requested(argv, SCREENS):
            return None
        group = rebuilt(COMMON, SCREENS)
    except Exception:  # a snapshot that does not load: the app itself answers
        return None
    try:
        try:
            group.main(list(argv), prog_name=PROG)
        finally:
            if sys.stdout is not None:  # None: started with stdout closed
                sys.stdout.flush()
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    except OSError as exc:
        from lstm_shapes.cli.output import last_resort

        return last_resort(exc)
    return 0


# --- writing the snapshot ---------------------------------------------------------------------------------
def app_group() -> Any:
    """The console script's group: the cli's app with the server's commands, built by typer."""
    import typer

    from lstm_shapes.cli.app import app
    from lstm_shapes.serve.commands import with_server

    with_server(app)
    return typer.main.get_command(app)


def source() -> str:
    import pprint

    import typer

    common, screens = snapshot(app_group())
    return (
        '"""Generated by `python -m lstm_shapes.serve.help_screens` from the app (cli/flags.py and the\n'
        'commands): do not edit. tests/test_help_screens.py fails when it differs from the app."""\n\n'
        "from typing import Any\n\n"
        f"TYPER = {typer.__version__!r}\n"
        f"COMMON: Any = {pprint.pformat(common, width=110)}\n"
        f"SCREENS: Any = {pprint.pformat(screens, width=110)}\n"
    )


def write() -> None:
    DATA.write_text(source(), encoding="utf-8")
    import contextlib
    import subprocess

    with contextlib.suppress(OSError):  # the repository's style, when the formatter is at hand
        subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(DATA)], check=False)
    print(f"wrote {DATA}")


if __name__ == "__main__":
    write()
