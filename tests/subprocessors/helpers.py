"""What the sub-processor lifecycle tests share: a copy of the trust-center fixture (en, de, fr) and its build."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, REPO
from tests.site.helpers import build_site, soup

TRUST_CENTER = FIXTURES / "passing_trust_center"
LANGUAGES = ("en", "de", "fr")
ANNOUNCED = "2025-03-03"  # translator_added and old_translator_removed are announced on this day
EFFECTIVE = "2025-04-10"  # ... and take effect on this one; customers can object until 2025-04-02


def copy_trust_center(target: Path) -> Path:
    """A copy of the fixture whose mkdocs.yml points at this repository's hook file."""
    shutil.copytree(TRUST_CENTER, target)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../hooks/trustsite_hooks.py", str(REPO / "hooks" / "trustsite_hooks.py"))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


def build(project: Path, out: Path, today: str) -> Path:
    result = build_site(project, out, today=today, no_cache=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def page(site: Path, base: str, language: str):
    prefix = "" if language == "en" else f"{language}/"
    return soup(site / prefix / base / "index.html")


def text_of(doc) -> str:
    return " ".join(doc.find("article").get_text(" ").split())
