"""Label catalogs: the template is current with the fragments, and every catalog the package ships (every
language the project at the repository root builds among them) translates every label."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REPO
from tests.site.helpers import site_facts
from trustsite.paths import PACKAGE_LOCALES

LOCALES = PACKAGE_LOCALES
SHIPPED = sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def built_languages() -> list[str]:
    """The root project's languages other than English, the language of the labels' source."""
    return [lang for lang in site_facts(REPO).languages if lang != "en"]


def test_every_language_the_project_builds_has_a_catalog() -> None:
    assert [lang for lang in built_languages() if lang not in SHIPPED] == []


def msgids(po: Path) -> set[str]:
    with po.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_template_is_current_with_the_fragments(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(fresh), "."], cwd=REPO, check=True)
    assert msgids(fresh) == msgids(LOCALES / "messages.pot"), "run pybabel extract and update (see README)"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_label_is_translated(language: str) -> None:
    po = LOCALES / language / "LC_MESSAGES" / "messages.po"
    assert po.is_file(), f"no catalog for {language}"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []
    assert msgids(po) >= msgids(LOCALES / "messages.pot")
