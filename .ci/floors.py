"""The declared dependencies, for .ci/matrix.sh: which Pythons, what the smoke venvs install,
and whether a venv resolved lowest really got each declared floor.

    python .ci/floors.py pythons           # the oldest and newest Python the classifiers declare
    python .ci/floors.py test-tools        # the [test] requirements the smoke subset needs
    python .ci/floors.py check-floors      # in a venv resolved lowest: every floor installed?
    python .ci/floors.py declared          # every Python the classifiers declare
    uv pip compile ... | python .ci/floors.py check-pins 3.12   # a lowest resolution for 3.12

`check-floors` fails when a dependency resolved above its declared floor (another
requirement forbids the floor, or no release at the floor installs on this Python): the
floor is then not true, and pyproject.toml must say the version that installs.
"""

from __future__ import annotations

import contextlib
import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the package depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# The [test] extra's tools that the smoke subset imports (conftest: pytest, hypothesis).
SMOKE_TOOLS = ("pytest", "hypothesis")


def declared() -> list[str]:
    found = re.findall(
        r"Programming Language :: Python :: (3\.\d+)$", "\n".join(PROJECT["classifiers"]), re.M
    )
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


def pythons() -> list[str]:
    ordered = declared()
    floor = re.fullmatch(r">=\s*(3\.\d+)", PROJECT["requires-python"].strip())
    if not ordered or floor is None or ordered[0] != floor.group(1):
        raise SystemExit(
            f"pyproject.toml: requires-python {PROJECT['requires-python']!r} and the classifiers disagree"
        )
    return [ordered[0], ordered[-1]]


def applies(marker: str, python: str | None = None) -> bool:
    """A requirement's environment marker, for this Python or the one named (X.Y)."""
    if not marker:
        return True
    from packaging.markers import Marker

    env = None if python is None else {"python_version": python, "python_full_version": f"{python}.0"}
    return Marker(marker).evaluate(env)


def requirements(items: list[str]) -> list[tuple[str, str | None, str]]:
    """(name, floor or None, marker) of each requirement string."""
    out = []
    for item in items:
        spec, _, marker = item.partition(";")
        name = re.match(r"[A-Za-z0-9_.-]+", spec.strip())
        assert name, item
        floor = re.search(r">=\s*([0-9][0-9.]*)", spec)
        out.append((name.group(0), floor.group(1) if floor else None, marker.strip()))
    return out


def compare(found: dict[str, str], python: str | None = None) -> int:
    """Each applicable floor against the version found (installed, or pinned by a resolution)."""
    bad = []
    for name, floor, marker in requirements(PROJECT["dependencies"]):
        if floor is None or not applies(marker, python):
            continue
        got_text = found.get(name.lower())
        if got_text is None:
            bad.append(f"{name}: not resolved")
            continue
        want = [int(p) for p in floor.split(".")]
        got = [int(p) for p in re.findall(r"\d+", got_text)[: len(want)]]
        verdict = "ok" if got == want else "ABOVE THE FLOOR"
        print(f"  {name:<12} floor {floor:<8} {got_text:<10} {verdict}")
        if got != want:
            bad.append(f"{name}>={floor} resolved to {got_text}: that floor does not install here")
    for line in bad:
        print(f"floors{'' if python is None else ' on Python ' + python}: {line}", file=sys.stderr)
    return 1 if bad else 0


def check_floors() -> int:
    found = {}
    for name, _, _ in requirements(PROJECT["dependencies"]):
        with contextlib.suppress(PackageNotFoundError):
            found[name.lower()] = version(name)
    code = compare(found)
    for extra in ("jax", "torch"):
        print(f"  {extra:<12} (extra) not in the matrix venvs")
    return code


def check_pins(python: str) -> int:
    """Pins (`name==version` lines, as `uv pip compile` writes them) on stdin, for Python X.Y."""
    pins = dict(
        line.strip().lower().split("==", 1) for line in sys.stdin if "==" in line and not line.startswith("#")
    )
    return compare({name: text.split()[0] for name, text in pins.items()}, python)


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "declared":
        print(" ".join(declared()))
        return 0
    if what == "pythons":
        print(" ".join(pythons()))
        return 0
    if what == "test-tools":
        tools = [
            r
            for r in PROJECT["optional-dependencies"]["test"]
            if re.match(r"[\w-]+", r).group(0) in SMOKE_TOOLS
        ]
        print("\n".join(tools))
        return 0
    if what == "check-floors":
        return check_floors()
    if what == "check-pins" and len(sys.argv) == 3:
        return check_pins(sys.argv[2])
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
