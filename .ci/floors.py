"""The declared dependencies, for .ci/matrix.sh: which Pythons, what the smoke venvs install,
and whether a venv resolved lowest really got each declared floor.

    python .ci/floors.py pythons           # the oldest and newest Python the classifiers declare
    python .ci/floors.py test-tools        # the [test] requirements the smoke subset needs
    python .ci/floors.py check-floors      # in a venv resolved lowest: every floor installed?

`check-floors` fails when a dependency resolved above its declared floor (another
requirement forbids the floor, or no release at the floor installs on this Python): the
floor is then not true, and pyproject.toml must say the version that installs.
"""

from __future__ import annotations

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


def pythons() -> list[str]:
    found = re.findall(r"Programming Language :: Python :: (3\.\d+)$", "\n".join(PROJECT["classifiers"]), re.M)
    ordered = sorted(found, key=lambda v: tuple(map(int, v.split("."))))
    floor = re.fullmatch(r">=\s*(3\.\d+)", PROJECT["requires-python"].strip())
    if not ordered or floor is None or ordered[0] != floor.group(1):
        raise SystemExit(f"pyproject.toml: requires-python {PROJECT['requires-python']!r} and the classifiers disagree")
    return [ordered[0], ordered[-1]]


def applies(marker: str) -> bool:
    """A requirement's environment marker, for this Python (the only markers we use)."""
    if not marker:
        return True
    from packaging.markers import Marker

    return Marker(marker).evaluate()


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


def check_floors() -> int:
    bad = []
    for name, floor, marker in requirements(PROJECT["dependencies"]):
        if floor is None or not applies(marker):
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            bad.append(f"{name}: not installed")
            continue
        want = [int(p) for p in floor.split(".")]
        got = [int(p) for p in re.findall(r"\d+", installed)[: len(want)]]
        verdict = "ok" if got == want else "ABOVE THE FLOOR"
        print(f"  {name:<12} floor {floor:<8} installed {installed:<10} {verdict}")
        if got != want:
            bad.append(f"{name}>={floor} resolved to {installed}: the floor is not installable here")
    for extra in ("jax", "torch"):
        print(f"  {extra:<12} (extra) not in the matrix: its floor is checked by hand, see the docs")
    for line in bad:
        print(f"floors: {line}", file=sys.stderr)
    return 1 if bad else 0


def main() -> int:
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "pythons":
        print(" ".join(pythons()))
        return 0
    if what == "test-tools":
        tools = [r for r in PROJECT["optional-dependencies"]["test"] if re.match(r"[\w-]+", r).group(0) in SMOKE_TOOLS]
        print("\n".join(tools))
        return 0
    if what == "check-floors":
        return check_floors()
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
