"""Label catalogs: the template is current with the fragments, and every language translates every label."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from tests.conftest import REPO
from trustsite.paths import PACKAGE_LOCALES

LOCALES = PACKAGE_LOCALES


def built_languages() -> list[str]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return [lang["locale"] for lang in i18n["languages"] if not lang.get("default")]


def msgids(po: Path) -> set[str]:
    with po.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_template_is_current_with_the_fragments(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "-q", "extract", "-F", "babel.cfg", "-o", str(fresh), "."], cwd=REPO, check=True)
    assert msgids(fresh) == msgids(LOCALES / "messages.pot"), "run pybabel extract and update (see README)"


@pytest.mark.parametrize("language", built_languages())
def test_every_label_is_translated(language: str) -> None:
    po = LOCALES / language / "LC_MESSAGES" / "messages.po"
    assert po.is_file(), f"no catalog for {language}"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert missing == []
    assert msgids(po) >= msgids(LOCALES / "messages.pot")
