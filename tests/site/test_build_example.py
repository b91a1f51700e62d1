"""End-to-end: the example organisation's statement in all eight languages, with real localized content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_BUILD_DATE, REPO
from tests.site.helpers import article_text, external_loads, soup
from trustsite.project import load_project

PROJECT = load_project(REPO, dt.date.fromisoformat(EXAMPLE_BUILD_DATE))  # certifications expire: pin the date
LANGUAGES = PROJECT.languages
PAGES = {lang: "privacy/index.html" if lang == PROJECT.default_language else f"{lang}/privacy/index.html"
         for lang in LANGUAGES}
OUTLINE_ANCHORS = [  # the sections of the reference statement, by stable heading ID in every language
    "who-we-are", "when-we-collect", "purposes", "legal-bases", "data-we-collect", "retention",
    "your-rights", "cookies", "sharing", "subprocessors", "changes", "right-to-complain",
]


@pytest.fixture(scope="module")
def texts(example_site: Path) -> dict[str, str]:
    return {lang: article_text(example_site / page) for lang, page in PAGES.items()}


@pytest.mark.parametrize("lang", PAGES)
def test_html_lang(example_site: Path, lang: str) -> None:
    assert soup(example_site / PAGES[lang]).html["lang"] == lang


@pytest.mark.parametrize("lang", PAGES)
def test_every_purpose_title_in_the_page_language(texts: dict[str, str], lang: str) -> None:
    for purpose in PROJECT.purposes.values():
        assert purpose.title[lang] in texts[lang]


def test_dutch_page_is_dutch(texts: dict[str, str]) -> None:
    nl = texts["nl"]
    for purpose in PROJECT.purposes.values():
        if purpose.title["en"] != purpose.title["nl"]:
            assert purpose.title["en"] not in nl
    assert "Rechtsgrond" in nl and "art. 6, lid 1, onder a, AVG" in nl
    assert "Noorwegen" in nl and "Litouwen" in nl and "Zwitserland" in nl


@pytest.mark.parametrize(("lang", "words"), [
    ("nb", ["1. juni 2026", "Norge", "Litauen", "Sveits", "artikkel 6 nr. 1 bokstav f i personvernforordningen"]),
    ("sv", ["1 juni 2026", "Norge", "Litauen", "Schweiz", "artikel 6.1 f i dataskyddsförordningen"]),
    ("da", ["1. juni 2026", "Norge", "Litauen", "Schweiz", "artikel 6, stk. 1, litra f, i databeskyttelsesforordningen"]),
    ("lt", ["2026 m. birželio 1 d.", "Norvegija", "Lietuva", "Šveicarija", "BDAR 6 straipsnio 1 dalies f punktas"]),
    ("fr", ["1 juin 2026", "Norvège", "Lituanie", "Suisse", "article 6, paragraphe 1, point f), du RGPD"]),
])
def test_each_new_language_has_its_dates_countries_and_citations(texts: dict[str, str], lang: str,
                                                                  words: list[str]) -> None:
    for word in words:
        assert word in texts[lang], word
    for purpose in PROJECT.purposes.values():
        if purpose.title["en"] != purpose.title[lang]:
            assert purpose.title["en"] not in texts[lang]


def test_german_long_dates_and_country_names(texts: dict[str, str]) -> None:
    de = texts["de"]
    assert "1. Juni 2026" in de  # version 2026.1 in force on the pinned build date
    assert "Norwegen" in de and "Litauen" in de and "Schweiz" in de and "Vereinigtes Königreich" in de
    assert "Art. 6 Abs. 1 lit. f DSGVO" in de and "Art. 77 DSGVO" in de


@pytest.mark.parametrize("lang", PAGES)
def test_authorities_of_every_country_served(texts: dict[str, str], lang: str) -> None:
    served = PROJECT.organisation.countries_served
    assert sorted(served) == ["CH", "DE", "DK", "GB", "LT", "NL", "NO", "SE"]
    for aid, authority in PROJECT.authorities.items():
        if authority.country in served and authority.hears_private_sector:
            assert authority.website in texts[lang], aid
    assert "Integritetsskyddsmyndigheten" in texts[lang]  # Sweden's current name (IMY since 2021)
    assert "Datainspektionen" not in texts[lang]


@pytest.mark.parametrize("lang", PAGES)
def test_outline_sections_in_every_language(example_site: Path, lang: str) -> None:
    page = soup(example_site / PAGES[lang])
    ids = {el.get("id") for el in page.select("article [id]")}
    assert [a for a in OUTLINE_ANCHORS if a not in ids] == []


@pytest.mark.parametrize("lang", PAGES)
def test_version_shown(texts: dict[str, str], lang: str) -> None:
    assert "2026.1" in texts[lang]


def test_no_external_loads(example_site: Path) -> None:
    assert external_loads(example_site) == []


def test_no_unexpanded_directive(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        assert "{{" not in page.read_text(encoding="utf-8"), page


def test_linkchecker_reports_no_broken_link(example_site: Path) -> None:
    from tests.site.helpers import linkcheck_site

    result = linkcheck_site(example_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 errors found" in result.stdout


def test_rendered_data_reaches_the_search_index(example_site: Path) -> None:
    import json

    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    dutch = [doc for doc in index["docs"] if doc["location"].startswith("nl/privacy/")]
    text = " ".join(doc["title"] + " " + doc["text"] for doc in dutch)
    for purpose in PROJECT.purposes.values():
        assert purpose.title["nl"] in text


def test_check_on_the_example_exits_zero() -> None:
    from click.testing import CliRunner

    from trustsite.cli import main

    result = CliRunner().invoke(main, ["check", "--root", str(REPO)],  # no cache in the repository: xdist workers
                                env={"TRUSTSITE_TODAY": EXAMPLE_BUILD_DATE, "TRUSTSITE_NO_CACHE": "1"})
    assert result.exit_code == 0
    pages = len(PROJECT.content.pages)
    assert result.stdout == f"ok: 17 data files and {pages} pages valid in {', '.join(LANGUAGES)}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("lang, name", [("en", "Fjelltopp Privacy Center"), ("nl", "Privacycentrum van Fjelltopp"),
                                        ("de", "Datenschutzzentrum von Fjelltopp"),
                                        ("nb", "Fjelltopps personvernsenter"), ("sv", "Fjelltopps integritetscenter"),
                                        ("da", "Fjelltopps privatlivscenter"), ("lt", "Fjelltopp privatumo centras"),
                                        ("fr", "Centre de protection des données de Fjelltopp")])
def test_site_name_in_the_page_language(example_site: Path, lang: str, name: str) -> None:
    page = soup(example_site / PAGES[lang])
    assert page.title.get_text().endswith(name)
    assert name in page.select_one(".md-header__topic").get_text()


def test_every_page_names_its_language_alternates(example_site: Path) -> None:
    for page in example_site.rglob("index.html"):
        if page.parent.name in ("search", "assets"):
            continue
        links = soup(page).select('head link[rel="alternate"][hreflang]')
        assert {link["hreflang"] for link in links} == set(LANGUAGES), page


def test_sitemap_lists_alternates(example_site: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(example_site / "sitemap.xml").getroot()
    entry = next(url for url in root.findall("s:url", ns)
                 if url.findtext("s:loc", namespaces=ns) == "https://trust.example.com/de/privacy/")
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert alternates == {lang: f"https://trust.example.com/{PAGES[lang].removesuffix('index.html')}" for lang in LANGUAGES}
