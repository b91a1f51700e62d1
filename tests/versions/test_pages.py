"""The version pages of the example in every language: list, archived statements, what changed, banner, feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_BUILD_DATE, REPO, copy_example
from tests.site.helpers import article_text, build_site, soup
from trustsite.project import load_project
from trustsite.load.archive import read_statement, version_order

pytestmark = pytest.mark.slow  # whole-site builds (or a 7 MB organisation)

PROJECT = load_project(REPO, dt.date.fromisoformat(EXAMPLE_BUILD_DATE))
LANGUAGES = PROJECT.languages
ATOM = "{http://www.w3.org/2005/Atom}"


def prefix(lang: str) -> str:
    return "" if lang == PROJECT.default_language else f"{lang}/"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_versions_page_lists_every_version(example_site: Path, lang: str) -> None:
    page = example_site / f"{prefix(lang)}privacy/versions/index.html"
    text = article_text(page)
    for vid in ("2025.1", "2026.1", "2027.1", "2027.2", "2027.3"):
        assert vid in text
    hrefs = {a["href"] for a in soup(page).select("article a[href]")}
    assert {"2025.1/", "2026.1/", "2027.1/", "2027.1/changes/"} <= hrefs
    feeds = soup(page).find_all("link", rel="alternate", type="application/atom+xml")
    assert [f["href"] for f in feeds] == ["feed.xml"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_current_page_announces_the_upcoming_version(example_site: Path, lang: str) -> None:
    page = soup(example_site / f"{prefix(lang)}privacy/index.html")
    banner = page.select_one("article .admonition.version-banner")
    assert banner is not None
    links = {a["href"] for a in banner.select("a[href]")}
    assert links == {"versions/2027.1/", "versions/2027.1/changes/"}
    text = article_text(example_site / f"{prefix(lang)}privacy/index.html")
    assert "2026.1" in text  # the version in force, from its archive
    assert "Tidevault" not in text  # the upcoming sub-processor is not yet part of the statement in force


@pytest.mark.parametrize("lang", LANGUAGES)
def test_archived_version_has_a_banner_and_its_own_text(example_site: Path, lang: str) -> None:
    upcoming = example_site / f"{prefix(lang)}privacy/versions/2027.1/index.html"
    assert "Tidevault" in article_text(upcoming)
    old = soup(example_site / f"{prefix(lang)}privacy/versions/2025.1/index.html")
    banner = old.select_one("article .admonition.version-banner")
    assert banner is not None and {"../../", "changes/", "../"} <= {a["href"] for a in banner.select("a[href]")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_changed_page_in_plain_words(example_site: Path, lang: str) -> None:
    text = article_text(example_site / f"{prefix(lang)}privacy/versions/2027.1/changes/index.html")
    assert "Tidevault" in text and "2026.1" in text
    service = PROJECT.subprocessors["tidevault"].service[lang].rstrip(".")
    assert " ".join(service.split()) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_versions_feed(example_site: Path, lang: str) -> None:
    root = ET.parse(example_site / f"{prefix(lang)}privacy/versions/feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text.rsplit(":", 1)[1] for e in entries] == ["2025.1", "2026.1", "2027.1", "2027.2", "2027.3"]
    link = entries[-3].find(f"{ATOM}link").get("href")
    assert link == f"https://trust.example.com/{prefix(lang)}privacy/versions/2027.1/"
    assert entries[-3].find(f"{ATOM}summary").text == PROJECT.versions["2027.1"].summary[lang]


def statement_only(page: Path) -> str:
    """The archived statement's HTML without the banner (which says whether the version is still in force)."""
    html = str(soup(page).find("article"))
    return html[html.index('<p class="admonition-title">Versie 2026.1</p>'):]  # the statement's own version block on


def add_erratum(project: Path, vid: str, corrects: str) -> None:
    """An erratum below the 'effective:' line of version `vid` in data/versions.yml, in every language."""
    path = project / "data" / "versions.yml"
    text = path.read_text(encoding="utf-8")
    at = text.index(f"'{vid}':") if f"'{vid}':" in text else text.index(f'"{vid}":')
    line = text.index("    effective:", at)
    end = text.index("\n", line) + 1
    texts = "".join(f"          {lang}: Corrected name of the newsletter.\n" for lang in LANGUAGES)
    erratum = f"    errata:\n      - date: 2027-02-01\n        corrects: [{corrects}]\n        text:\n{texts}"
    path.write_text(text[:end] + erratum + text[end:], encoding="utf-8")


def test_archived_html_does_not_follow_todays_data_and_a_difference_needs_an_erratum(tmp_path: Path) -> None:
    project = copy_example(tmp_path / "example")
    before = build_site(project, tmp_path / "before", today=EXAMPLE_BUILD_DATE)
    assert before.returncode == 0, before.stderr
    path = "nl/privacy/versions/2026.1/index.html"
    archived_before = statement_only(tmp_path / "before" / path)
    # today's data changes after the release of the newest version: a purpose is renamed in Dutch
    newest = version_order(PROJECT.versions)[-1]
    purposes = project / "data" / "purposes.yml"
    text = purposes.read_text(encoding="utf-8")
    old = PROJECT.purposes["newsletter"].title["nl"]
    assert old in text
    purposes.write_text(text.replace(old, "Nieuwsbrief XYZ"), encoding="utf-8")
    day = PROJECT.versions[newest].effective.isoformat()
    refused = build_site(project, tmp_path / "refused", today=day)
    assert refused.returncode != 0
    assert (f"purposes.newsletter.title: differs from version {newest} as released (archive/{newest}/)"
            in refused.stderr)
    assert not (tmp_path / "refused" / "index.html").exists()
    # recorded as a correction of that version, the build goes on; the version in force stays its archive
    add_erratum(project, newest, "purposes.newsletter.title")
    after = build_site(project, tmp_path / "after", today=day)
    assert after.returncode == 0, after.stderr
    assert statement_only(tmp_path / "after" / path) == archived_before
    assert "Nieuwsbrief XYZ" not in article_text(tmp_path / "after" / path)
    assert old in read_statement(project, "2026.1", "nl")
    current = soup(tmp_path / "after" / "nl/privacy/index.html")
    assert current.select_one("article .admonition.version-banner") is None  # in force: no advance notice
    errata = current.select_one("article .admonition.errata")
    assert errata is not None and f"Correcties op versie {newest}" in errata.get_text()
    assert "Corrected name of the newsletter." in errata.get_text()
    statement = article_text(tmp_path / "after" / "nl/privacy/index.html")
    assert "Nieuwsbrief XYZ" not in statement and old in statement  # the text as released, with its erratum
    version_page = soup(tmp_path / "after" / f"nl/privacy/versions/{newest}/index.html")
    assert version_page.select_one("article .admonition.errata") is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_leads_to_the_same_version_page(example_site: Path, lang: str) -> None:
    for page in ("privacy/versions/", "privacy/versions/2026.1/", "privacy/versions/2027.1/changes/"):
        path = example_site / f"{prefix(lang)}{page}index.html"
        links = {a["hreflang"]: (path.parent / a["href"]).resolve() for a in soup(path).select(".md-select a[hreflang]")}
        assert links == {other: (example_site / f"{prefix(other)}{page}").resolve() for other in LANGUAGES}, page
