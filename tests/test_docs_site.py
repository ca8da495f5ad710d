"""The docs site builds with warnings as errors (`mkdocs build --strict`), and ignores docs/incoming/.

Broken links, missing anchors and pages left out of the navigation are warnings in MkDocs,
so errors here (mkdocs.yml's `validation`). tests/test_docs.py checks what the pages say.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("mkdocs", reason="the docs extra: pip install -e '.[docs]'")
pytest.importorskip("material", reason="the docs extra: pip install -e '.[docs]'")


def build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def copy_of_the_docs(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("incoming"))
    for name in ("mkdocs.yml", "CHANGELOG.md"):
        shutil.copy(ROOT / name, root / name)
    return root


@pytest.mark.slow
def test_the_site_builds_strictly_and_leaves_incoming_out(tmp_path: Path) -> None:
    """One build of a copy of the docs, with a draft in docs/incoming/ whose link is broken."""
    root = copy_of_the_docs(tmp_path)
    (root / "docs" / "incoming").mkdir()
    (root / "docs" / "incoming" / "issue-99-draft.md").write_text(
        "# A draft\n\nSee [nowhere](nowhere.md#nothing).\n", encoding="utf-8"
    )
    done = build(root, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    pages = sorted(
        p.relative_to(root / "docs").with_suffix("").as_posix() for p in (root / "docs").glob("*.md")
    )
    for page in pages:
        built = site / ("index.html" if page == "index" else f"{page}/index.html")
        assert built.is_file(), page
    assert not (site / "incoming").exists()
    # The changelog page is CHANGELOG.md itself, pulled in by a snippet.
    assert "Keep a Changelog" in (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert (site / "canonical-diagram.png").is_file()


@pytest.mark.slow
def test_a_broken_link_fails_the_build(tmp_path: Path) -> None:
    """--strict really is strict: the same build fails on one broken anchor."""
    root = copy_of_the_docs(tmp_path)
    page = root / "docs" / "tutorial.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n[broken](ci.md#no-such-heading)\n", encoding="utf-8"
    )
    done = build(root, tmp_path / "site")
    assert done.returncode != 0
    assert "no-such-heading" in done.stderr
