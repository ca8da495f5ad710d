"""The package as an index would see it: a wheel and an sdist that `twine check --strict` accepts,
with the licence, the typing marker and both entry points.

Built from a copy of the checkout (a build writes build/ and an egg-info into its source).
Installing the wheel into a fresh environment and running the canonical call takes TensorFlow's
download, so .ci/run does that after the suite.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("build", reason="the test extra: pip install -e '.[test]'")
pytest.importorskip("twine", reason="the test extra: pip install -e '.[test]'")

IGNORED = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "site", "*.egg-info", "__pycache__", ".ci-*", ".*_cache", ".hypothesis"
)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "lstm-shapes"
    shutil.copytree(ROOT, source, ignore=IGNORED)
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def wheel(dist: Path) -> zipfile.ZipFile:
    (path,) = dist.glob("*.whl")
    return zipfile.ZipFile(path)


@pytest.mark.slow
def test_twine_check_strict_accepts_both(dist: Path) -> None:
    files = sorted(str(p) for p in dist.iterdir())
    assert sorted(Path(f).suffix for f in files) == [".gz", ".whl"]
    done = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *files], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_the_wheel_is_typed_licensed_and_plugged_in(dist: Path) -> None:
    archive = wheel(dist)
    names = archive.namelist()
    assert "lstm_shapes/py.typed" in names
    assert "lstm_shapes/pytest_plugin.py" in names
    (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert archive.read(licence).decode().startswith("MIT License")
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = archive.read(entry_points).decode()
    assert "[console_scripts]\nlstm-shapes = lstm_shapes.serve.entry:main" in text
    assert "[pytest11]\nlstm_shapes = lstm_shapes.pytest_plugin" in text
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    meta = archive.read(metadata).decode()
    assert "License-Expression: MIT" in meta
    assert "Classifier: Typing :: Typed" in meta and "Classifier: Framework :: Pytest" in meta
    assert "Keywords: keras,lstm" in meta
    for label in ("Homepage", "Documentation", "Repository", "Issues", "Changelog"):
        assert f"Project-URL: {label}, https://" in meta
    assert "Provides-Extra: docs" in meta
    # No tests, docs or examples inside the installed package.
    assert {n.split("/")[0] for n in names} == {"lstm_shapes", "lstm_shapes-0.1.0.dist-info"}


@pytest.mark.slow
def test_the_sdist_carries_what_a_packager_reads(dist: Path) -> None:
    (path,) = dist.glob("*.tar.gz")
    with tarfile.open(path) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in (
        "LICENSE",
        "CHANGELOG.md",
        "README.md",
        "mkdocs.yml",
        "action.yml",
        ".pre-commit-hooks.yaml",
    ):
        assert name in names, name
    assert "docs/index.md" in names and "lstm_shapes/py.typed" in names
    assert not any(name.startswith("docs/incoming") for name in names)
