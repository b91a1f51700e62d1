"""The documentation builds into a site with MkDocs' strict mode, and every page of docs/ is in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

CONFIG = REPO / "docs" / "mkdocs.yml"
PAGES = REPO / "docs" / "pages"


def nav_pages(nav: list) -> list[str]:
    """Every page the nav of docs/mkdocs.yml lists, in order."""
    found = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += nav_pages(value) if isinstance(value, list) else [value]
    return found


def test_every_page_is_in_the_nav_and_every_nav_entry_is_a_page() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    listed = nav_pages(config["nav"])
    pages = sorted(p.relative_to(PAGES).as_posix() for p in PAGES.rglob("*.md"))
    assert sorted(listed) == pages, "list every page of docs/pages/ in the nav of docs/mkdocs.yml"


def test_no_page_lies_outside_the_documentation_site() -> None:
    # MkDocs refuses a docs_dir that is the folder of its own mkdocs.yml: the pages live in docs/pages/
    stray = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docs").rglob("*.md") if PAGES not in p.parents)
    assert stray == [], f"move these into docs/pages/ (git mv) and list them in the nav of docs/mkdocs.yml: {stray}"


@pytest.mark.slow
def test_the_documentation_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "docs-site"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "-d", str(site)]
    result = subprocess.run(mkdocs, cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    for page in nav_pages(config["nav"]):
        built = site / ("index.html" if page == "index.md" else page.removesuffix(".md") + "/index.html")
        assert built.is_file(), f"{page} was not built"
    assert (site / "assets" / "statement.png").is_file()  # the screenshot the home page shows
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home  # font: false, as on every site trustsite builds
