"""The builds of a released project whose data was edited since (issue 15 and the edit loop): a production build
refuses data it would present under the number of a version that never stated it, unless an erratum of that version
records it; a draft build (`trustsite build --draft`, `trustsite serve`) shows it, every page built from it marked
"draft, not released" in the reader's language and kept out of search engines; version pages come from the archive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.helpers import build_site
from tests.versions.test_errata import TODAY, add_erratum, describe_support, released  # noqa: F401 (a fixture)

DRAFT_EN = ("This page shows changes made since version 2026.1 was released. It is a preview: it is not published and"
            " not in force.")
DRAFT_DE = ("Diese Seite zeigt Änderungen seit der Veröffentlichung von Fassung 2026.1. Sie ist eine Vorschau: weder"
            " veröffentlicht noch in Kraft.")
NOINDEX = '<meta name="robots" content="noindex">'


def draft_build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`trustsite build --draft`, as a legal editor previews the next version."""
    return subprocess.run([sys.executable, "-m", "trustsite.cli", "build", "--draft", "--root", str(root),
                           "--site-dir", str(out), "--today", TODAY.isoformat()], capture_output=True, text=True, cwd=root,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def test_a_production_build_refuses_unreleased_data_located_and_in_plain_words(released: Path, tmp_path: Path) -> None:
    describe_support(released)
    result = build_site(released, tmp_path / "site", today=TODAY.isoformat())
    assert result.returncode != 0
    assert (
        "ERROR   -  trustsite: the data and statement differ from version 2026.1 as released (archive/2026.1/), and no"
        " erratum records it; a production build would present them as version 2026.1; nothing was built.\n"
        "data/purposes.yml:15:18: purposes.service.description: differs from version 2026.1 as released"
        " (archive/2026.1/): description changed: [en] We run the service you bought. -> [en] We run the service you"
        " bought and support it.; the site would present it as version 2026.1: release a new version ('trustsite"
        " release'), or, if this corrects a statement about facts that were already true, record an erratum of"
        " version 2026.1 in data/versions.yml that corrects 'purposes.service.description'\n"
        "1 error in data/\n"
        "release them as a new version ('trustsite release'), record an erratum of version 2026.1 in data/versions.yml"
        " where they correct what it said, or build a draft ('trustsite build --draft')\n") in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.slow
def test_a_draft_build_shows_unreleased_data_marked_in_each_language(released: Path, tmp_path: Path) -> None:
    describe_support(released)
    site = tmp_path / "site"
    result = draft_build(released, site)
    assert result.returncode == 0, result.stderr[-3000:]
    english, german = page(site, "privacy"), page(site, "de/privacy")
    assert "We run the service you bought and support it." in english  # what is being edited is shown
    assert DRAFT_EN in english and NOINDEX in english
    assert DRAFT_DE in german and "Entwurf, nicht veröffentlicht" in german and NOINDEX in german
    assert DRAFT_EN in page(site, "") and NOINDEX in page(site, "")  # every page built from today's data
    # never labelled with the number of a version it does not match: the version block says "draft" instead
    assert "Version 2026.1</p>" not in english and "Not a released version: this text differs from version 2026.1." in english
    # the released version's own page is its archive: unchanged, not a draft
    archived = page(site, "privacy/versions/2026.1")
    assert "We run the service you bought." in archived and "support it" not in archived
    assert DRAFT_EN not in archived and NOINDEX not in archived
    statement = json.loads((site / "trust" / "statement.json").read_text(encoding="utf-8"))
    assert statement["version"]["id"] == "2026.1"  # the export naming 2026.1 holds what 2026.1 stated
    assert statement["purposes"]["service"]["description"]["en"] == "We run the service you bought."


@pytest.mark.slow
def test_an_erratum_lets_the_production_build_pass_and_shows_on_the_version_page(released: Path, tmp_path: Path) -> None:
    describe_support(released)
    add_erratum(released, "2026.1", "purposes.service.description")
    site = tmp_path / "site"
    result = build_site(released, site, today=TODAY.isoformat())
    assert result.returncode == 0, result.stderr[-3000:]
    archived = page(site, "privacy/versions/2026.1")
    assert "Corrections to version 2026.1" in archived
    assert "The statement said that we only run the service; we also support it, as we always have." in archived
    assert "Die Erklärung sagte, dass wir den Dienst nur betreiben" in page(site, "de/privacy/versions/2026.1")
    for rel in ("", "privacy", "de/privacy"):
        assert NOINDEX not in page(site, rel) and DRAFT_EN not in page(site, rel)  # a published site, not a draft
