"""The version pages in every language: list, archived statements, what changed, banner, feed.

They run on the complete fixture project (tests/fixtures/passing_full), and every expectation comes from
its data: the versions and their order, the one in force on the build date, the next one announced, the
sub-processor that next version engages. Nothing here names a version or a company."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.conftest import FULL, FULL_BUILD_DATE, read_mkdocs_config
from tests.site.helpers import article_text, build_site, soup
from trustsite.load.archive import read_statement, version_order
from trustsite.project import load_project
from trustsite.render.localize import localizer_for

pytestmark = pytest.mark.slow  # whole-site builds

TODAY = dt.date.fromisoformat(FULL_BUILD_DATE)
PROJECT = load_project(FULL, TODAY)
LANGUAGES = PROJECT.languages
ATOM = "{http://www.w3.org/2005/Atom}"
ORDER = version_order(PROJECT.versions)
IN_FORCE = [v for v in ORDER if PROJECT.versions[v].effective <= TODAY][-1]
NEXT = [v for v in ORDER if PROJECT.versions[v].effective > TODAY][0]
OLDER = ORDER[ORDER.index(IN_FORCE) - 1]  # a superseded version
# the sub-processor the next version engages: the addition that takes effect with it
ENGAGED = [PROJECT.subprocessors[c.subprocessor] for c in PROJECT.subprocessor_changes.values()
           if c.change == "added" and c.date == PROJECT.versions[NEXT].effective]


def test_the_fixture_has_what_these_tests_need() -> None:
    assert ORDER.index(IN_FORCE) >= 1 and len(ENGAGED) == 1 and len(LANGUAGES) >= 2
    assert ENGAGED[0].name not in read_statement(FULL, IN_FORCE, PROJECT.default_language)


def prefix(lang: str) -> str:
    return "" if lang == PROJECT.default_language else f"{lang}/"



@pytest.mark.parametrize("lang", LANGUAGES)
def test_versions_page_lists_every_version(full_site: Path, lang: str) -> None:
    page = full_site / f"{prefix(lang)}privacy/versions/index.html"
    text = article_text(page)
    for vid in ORDER:
        assert vid in text
    hrefs = {a["href"] for a in soup(page).select("article a[href]")}
    assert {f"{vid}/" for vid in ORDER} | {f"{NEXT}/changes/"} <= hrefs
    feeds = soup(page).find_all("link", rel="alternate", type="application/atom+xml")
    assert [f["href"] for f in feeds] == ["feed.xml"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_current_page_announces_the_upcoming_version(full_site: Path, lang: str) -> None:
    page = soup(full_site / f"{prefix(lang)}privacy/index.html")
    banner = page.select_one("article .admonition.version-banner")
    assert banner is not None
    links = {a["href"] for a in banner.select("a[href]")}
    assert links == {f"versions/{NEXT}/", f"versions/{NEXT}/changes/"}
    text = article_text(full_site / f"{prefix(lang)}privacy/index.html")
    assert IN_FORCE in text  # the version in force, from its archive
    assert ENGAGED[0].name not in text  # the upcoming sub-processor is not yet part of the statement in force


@pytest.mark.parametrize("lang", LANGUAGES)
def test_archived_version_has_a_banner_and_its_own_text(full_site: Path, lang: str) -> None:
    upcoming = full_site / f"{prefix(lang)}privacy/versions/{NEXT}/index.html"
    assert ENGAGED[0].name in article_text(upcoming)
    old = soup(full_site / f"{prefix(lang)}privacy/versions/{OLDER}/index.html")
    banner = old.select_one("article .admonition.version-banner")
    assert banner is not None and {"../../", "changes/", "../"} <= {a["href"] for a in banner.select("a[href]")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_changed_page_in_plain_words(full_site: Path, lang: str) -> None:
    text = article_text(full_site / f"{prefix(lang)}privacy/versions/{NEXT}/changes/index.html")
    assert ENGAGED[0].name in text and IN_FORCE in text
    service = ENGAGED[0].service[lang].rstrip(".")
    assert " ".join(service.split()) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_versions_feed(full_site: Path, lang: str) -> None:
    root = ET.parse(full_site / f"{prefix(lang)}privacy/versions/feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text.rsplit(":", 1)[1] for e in entries] == ORDER
    entry = entries[ORDER.index(NEXT)]
    site_url = read_mkdocs_config(FULL)["site_url"]
    assert entry.find(f"{ATOM}link").get("href") == f"{site_url}{prefix(lang)}privacy/versions/{NEXT}/"
    assert entry.find(f"{ATOM}summary").text == PROJECT.versions[NEXT].summary[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_leads_to_the_same_version_page(full_site: Path, lang: str) -> None:
    for page in ("privacy/versions/", f"privacy/versions/{IN_FORCE}/", f"privacy/versions/{NEXT}/changes/"):
        path = full_site / f"{prefix(lang)}{page}index.html"
        links = {a["hreflang"]: (path.parent / a["href"]).resolve() for a in soup(path).select(".md-select a[hreflang]")}
        assert links == {other: (full_site / f"{prefix(other)}{page}").resolve() for other in LANGUAGES}, page


def statement_only(page: Path) -> str:
    """An archived statement's HTML without the banner (which says whether the version is still in force)."""
    article = soup(page).find("article")
    for banner in article.select(".admonition.version-banner"):
        banner.decompose()
    return str(article)


def add_erratum(project: Path, vid: str, corrects: str, languages: list[str]) -> None:
    """One more erratum of version `vid` in data/versions.yml, in every language."""
    path = project / "data" / "versions.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["versions"][vid].setdefault("errata", []).append(
        {"date": dt.date.fromordinal(doc["versions"][vid]["effective"].toordinal()), "corrects": [corrects],
         "text": {lang: "Corrected name of a purpose." for lang in languages}})
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_archived_html_does_not_follow_todays_data_and_a_difference_needs_an_erratum(full_copy: Path,
                                                                                    tmp_path: Path) -> None:
    lang = LANGUAGES[-1]  # a language other than the default
    newest = ORDER[-1]
    day = PROJECT.versions[newest].effective.isoformat()  # the newest version is in force
    before = build_site(full_copy, tmp_path / "before", today=day)
    assert before.returncode == 0, before.stderr
    path = f"{prefix(lang)}privacy/versions/{IN_FORCE}/index.html"
    archived_before = statement_only(tmp_path / "before" / path)
    # today's data changes after the release of the newest version: a purpose is renamed
    key, purpose = next(iter(PROJECT.purposes.items()))
    old = purpose.title[lang]
    purposes = full_copy / "data" / "purposes.yml"
    text = purposes.read_text(encoding="utf-8")
    assert old in text
    purposes.write_text(text.replace(old, "Renamed XYZ"), encoding="utf-8")
    refused = build_site(full_copy, tmp_path / "refused", today=day)
    assert refused.returncode != 0
    assert f"purposes.{key}.title: differs from version {newest} as released (archive/{newest}/)" in refused.stderr
    assert not (tmp_path / "refused" / "index.html").exists()
    # recorded as a correction of that version, the build goes on; the version in force stays its archive
    add_erratum(full_copy, newest, f"purposes.{key}.title", LANGUAGES)
    after = build_site(full_copy, tmp_path / "after", today=day)
    assert after.returncode == 0, after.stderr
    assert statement_only(tmp_path / "after" / path) == archived_before
    assert "Renamed XYZ" not in article_text(tmp_path / "after" / path)
    assert old in read_statement(full_copy, IN_FORCE, lang)
    current = soup(tmp_path / "after" / f"{prefix(lang)}privacy/index.html")
    assert current.select_one("article .admonition.version-banner") is None  # in force: no advance notice
    errata = current.select_one("article .admonition.errata")
    title = localizer_for(lang).gettext("Corrections to version %(id)s") % {"id": newest}
    assert errata is not None and title in errata.get_text()
    assert "Corrected name of a purpose." in errata.get_text()
    statement = article_text(tmp_path / "after" / f"{prefix(lang)}privacy/index.html")
    assert "Renamed XYZ" not in statement and " ".join(old.split()) in statement  # as released, with its erratum
    version_page = soup(tmp_path / "after" / f"{prefix(lang)}privacy/versions/{newest}/index.html")
    assert version_page.select_one("article .admonition.errata") is not None
