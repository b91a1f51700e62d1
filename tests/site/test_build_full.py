"""End-to-end: the complete fixture project (tests/fixtures/passing_full) in five languages, with real
localized content: data in the page's language, dates, countries and GDPR citations in national style."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FULL, FULL_BUILD_DATE
from tests.site.helpers import article_text, site_facts, soup
from trustsite.cli import main
from trustsite.project import load_project

PROJECT = load_project(FULL, dt.date.fromisoformat(FULL_BUILD_DATE))
FACTS = site_facts(FULL)
LANGUAGES = PROJECT.languages
OUTLINE_ANCHORS = [  # the sections of the reference statement, by stable heading ID in every language
    "who-we-are", "when-we-collect", "purposes", "legal-bases", "data-we-collect", "retention",
    "your-rights", "cookies", "sharing", "subprocessors", "changes", "right-to-complain",
]


def statement(site: Path, lang: str) -> Path:
    return FACTS.page(site, "privacy/index", lang)


@pytest.fixture(scope="module")
def texts(full_site: Path) -> dict[str, str]:
    return {lang: article_text(statement(full_site, lang)) for lang in LANGUAGES}


def test_the_fixture_has_what_these_tests_need() -> None:
    assert LANGUAGES == ["en", "nl", "de", "lt", "fr"] and FACTS.languages == LANGUAGES
    assert PROJECT.version_in_force(dt.date.fromisoformat(FULL_BUILD_DATE))[0] == "2026.1"


@pytest.mark.parametrize("lang", LANGUAGES)
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
    ("lt", ["2026 m. birželio 1 d.", "Norvegija", "Lietuva", "Šveicarija", "BDAR 6 straipsnio 1 dalies f punktas"]),
    ("fr", ["1 juin 2026", "Norvège", "Lituanie", "Suisse", "article 6, paragraphe 1, point f), du RGPD"]),
])
def test_each_language_has_its_dates_countries_and_citations(texts: dict[str, str], lang: str,
                                                              words: list[str]) -> None:
    for word in words:
        assert word in texts[lang], word
    for purpose in PROJECT.purposes.values():
        if purpose.title["en"] != purpose.title[lang]:
            assert purpose.title["en"] not in texts[lang]


def test_german_long_dates_and_country_names(texts: dict[str, str]) -> None:
    de = texts["de"]
    assert "1. Juni 2026" in de  # version 2026.1 in force on the build date
    assert "Norwegen" in de and "Litauen" in de and "Schweiz" in de and "Vereinigtes Königreich" in de
    assert "Art. 6 Abs. 1 lit. f DSGVO" in de and "Art. 77 DSGVO" in de


@pytest.mark.parametrize("lang", LANGUAGES)
def test_authorities_of_every_country_served(texts: dict[str, str], lang: str) -> None:
    served = PROJECT.organisation.countries_served
    assert sorted(served) == ["CH", "DE", "DK", "GB", "LT", "NL", "NO", "SE"]
    for aid, authority in PROJECT.authorities.items():
        if authority.country in served and authority.hears_private_sector:
            assert authority.website in texts[lang], aid
    assert "Integritetsskyddsmyndigheten" in texts[lang]  # Sweden's current name (IMY since 2021)
    assert "Datainspektionen" not in texts[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_outline_sections_in_every_language(full_site: Path, lang: str) -> None:
    page = soup(statement(full_site, lang))
    ids = {el.get("id") for el in page.select("article [id]")}
    assert [a for a in OUTLINE_ANCHORS if a not in ids] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_version_in_force_shown(texts: dict[str, str], lang: str) -> None:
    assert "2026.1" in texts[lang]


def test_rendered_data_reaches_the_search_index(full_site: Path) -> None:
    index = json.loads((full_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    dutch = [doc for doc in index["docs"] if doc["location"].startswith("nl/privacy/")]
    text = " ".join(doc["title"] + " " + doc["text"] for doc in dutch)
    for purpose in PROJECT.purposes.values():
        assert purpose.title["nl"] in text


def test_check_on_the_fixture_exits_zero_and_quiet(full_copy: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(full_copy), "--today", FULL_BUILD_DATE])
    assert result.exit_code == 0
    pages = len(PROJECT.content.pages)
    assert result.stdout == f"ok: 17 data files and {pages} pages valid in {', '.join(LANGUAGES)}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("lang, name", [("en", "Skarvholm Privacy Center"), ("nl", "Privacycentrum van Skarvholm"),
                                        ("de", "Datenschutzzentrum von Skarvholm"),
                                        ("lt", "Skarvholm privatumo centras"),
                                        ("fr", "Centre de protection des données de Skarvholm")])
def test_site_name_in_the_page_language(full_site: Path, lang: str, name: str) -> None:
    page = soup(statement(full_site, lang))
    assert page.title.get_text().endswith(name)
    assert name in page.select_one(".md-header__topic").get_text()
