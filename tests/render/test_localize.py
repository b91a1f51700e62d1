"""Dates, countries, lists and durations come from CLDR in the reader's language."""

from __future__ import annotations

import datetime as dt
import gettext

import pytest

from trustsite.model.base import Duration, Text
from trustsite.render.localize import Localizer, localizer_for


def loc(lang: str) -> Localizer:
    return Localizer(lang, gettext.NullTranslations())


@pytest.mark.parametrize("lang, expected", [("en", "March 3, 2025"), ("nl", "3 maart 2025"), ("de", "3. März 2025")])
def test_long_dates(lang: str, expected: str) -> None:
    assert loc(lang).date(dt.date(2025, 3, 3)) == expected


@pytest.mark.parametrize("lang, code, expected", [
    ("en", "NO", "Norway"), ("nl", "NO", "Noorwegen"), ("de", "NO", "Norwegen"),
    ("de", "CH", "Schweiz"), ("nl", "LT", "Litouwen"), ("de", "GB", "Vereinigtes Königreich"),
])
def test_country_names(lang: str, code: str, expected: str) -> None:
    assert loc(lang).country(code) == expected


@pytest.mark.parametrize("lang, value, unit, expected", [
    ("en", 24, "months", "24 months"), ("nl", 24, "months", "24 maanden"), ("de", 24, "months", "24 Monate"),
    ("nl", 30, "days", "30 dagen"), ("de", 30, "days", "30 Tage"), ("en", 1, "years", "1 year"),
    # calendar days, not CLDR's 24-hour 'døgn'/'dygn' (UNIT_OVERRIDES)
    ("nb", 30, "days", "30 dager"), ("nb", 1, "days", "1 dag"), ("sv", 30, "days", "30 dagar"), ("sv", 1, "days", "1 dag"),
    ("da", 30, "days", "30 dage"), ("nb", 12, "months", "12 måneder"),
])
def test_durations(lang: str, value: int, unit: str, expected: str) -> None:
    assert loc(lang).duration(Duration(value=value, unit=unit)) == expected


def test_lists_use_the_language_conjunction() -> None:
    assert loc("de").countries(["SE", "DK", "LT"]) == "Schweden, Dänemark und Litauen"
    assert loc("nl").countries(["SE", "DK"]) == "Zweden en Denemarken"


def test_text_never_falls_back() -> None:
    with pytest.raises(KeyError):
        loc("de").text(Text({"en": "only English"}))


@pytest.mark.parametrize("lang, article, expected", [
    ("en", "6(1)(a)", "Art. 6(1)(a) GDPR"),
    ("de", "6(1)(f)", "Art. 6 Abs. 1 lit. f DSGVO"),
    ("nl", "6(1)(b)", "art. 6, lid 1, onder b, AVG"),
    ("de", "7(3)", "Art. 7 Abs. 3 DSGVO"),
    ("nl", "77", "art. 77 AVG"),
])
def test_gdpr_citations_follow_national_style(lang: str, article: str, expected: str) -> None:
    localizer = localizer_for(lang)
    assert localizer.gdpr_article(article) == expected


@pytest.mark.parametrize(("lang", "words"), [
    ("nb", ["1. juni 2026", "Norge", "Litauen", "Sveits", "artikkel 6 nr. 1 bokstav f i personvernforordningen"]),
    ("sv", ["1 juni 2026", "Norge", "Litauen", "Schweiz", "artikel 6.1 f i dataskyddsförordningen"]),
    ("da", ["1. juni 2026", "Norge", "Litauen", "Schweiz", "artikel 6, stk. 1, litra f, i databeskyttelsesforordningen"]),
    ("lt", ["2026 m. birželio 1 d.", "Norvegija", "Lietuva", "Šveicarija", "BDAR 6 straipsnio 1 dalies f punktas"]),
    ("fr", ["1 juin 2026", "Norvège", "Lituanie", "Suisse", "article 6, paragraphe 1, point f), du RGPD"]),
    ("de", ["1. Juni 2026", "Norwegen", "Litauen", "Schweiz", "Art. 6 Abs. 1 lit. f DSGVO"]),
    ("nl", ["1 juni 2026", "Noorwegen", "Litouwen", "Zwitserland", "art. 6, lid 1, onder f, AVG"]),
])
def test_each_language_writes_dates_countries_and_citations_in_its_own_style(lang: str, words: list[str]) -> None:
    """As a statement shows them: the effective date, countries served, and the legal basis cited."""

    localizer = localizer_for(lang)
    shown = [localizer.date(dt.date(2026, 6, 1)), localizer.country("NO"), localizer.country("LT"),
             localizer.country("CH"), localizer.gdpr_article("6(1)(f)")]
    assert [" ".join(text.split()) for text in shown] == words


@pytest.mark.parametrize("lang, words, expected", [
    ("cs", ["Dánsko", "Česko", "Cypr", "Chorvatsko", "Hongkong"], ["Cypr", "Česko", "Dánsko", "Hongkong", "Chorvatsko"]),
    ("sv", ["Österrike", "Zambia", "Oman"], ["Oman", "Zambia", "Österrike"]),
    ("de", ["Polen", "Österreich", "Oman"], ["Oman", "Österreich", "Polen"]),
    ("da", ["Østrig", "Zambia", "Aruba", "Åland"], ["Aruba", "Zambia", "Østrig", "Åland"]),
    ("lt", ["Šveicarija", "Suomija", "Tailandas"], ["Suomija", "Šveicarija", "Tailandas"]),
])
def test_lists_sort_in_the_readers_alphabet(lang: str, words: list[str], expected: list[str]) -> None:
    assert sorted(words, key=loc(lang).sort_key) == expected


def test_the_trust_center_sorts_names_by_the_readers_alphabet() -> None:
    """Sub-processors within a country or service are listed in the reader's alphabetical order."""
    from types import SimpleNamespace

    from trustsite.render.trust import TrustView

    view = TrustView(SimpleNamespace(loc=loc("sv")))  # type: ignore[arg-type]
    rows = [(name, SimpleNamespace(name=name)) for name in ["Örnsköld AB", "Zeta Ltd", "Alfa AS"]]
    assert [sid for sid, _ in view.sorted(rows)] == ["Alfa AS", "Zeta Ltd", "Örnsköld AB"]


@pytest.mark.parametrize("lang, article, expected", [
    ("el", "6(1)(f)", "άρθρο 6 παράγραφος 1 στοιχείο στ) του ΓΚΠΔ"),
    ("el", "9(2)(j)", "άρθρο 9 παράγραφος 2 στοιχείο ι) του ΓΚΠΔ"),
    ("bg", "6(1)(f)", "чл. 6, пар. 1, буква е) от ОРЗД"),
    ("de", "6(1)(f)", "Art. 6 Abs. 1 lit. f DSGVO"),
    ("pl", "6(1)(a)", "art. 6 ust. 1 lit. a RODO"),
])
def test_citations_use_each_language_versions_own_point_letters(lang: str, article: str, expected: str) -> None:
    localizer = localizer_for(lang)
    assert localizer.gdpr_article(article) == expected


@pytest.mark.parametrize("lang, article, regime, expected", [
    ("en", "49(1)(b)", "uk_gdpr", "Art. 49(1)(b) UK GDPR"),
    ("de", "49(1)(b)", "uk_gdpr", "Art. 49 Abs. 1 lit. b UK GDPR"),  # not DSGVO: the transfer falls under the UK act
    ("nl", "49(1)", "uk_gdpr", "art. 49, lid 1, UK GDPR"),
    ("fr", "49(1)(a)", "uk_gdpr", "article 49, paragraphe 1, point a), du UK GDPR"),
    ("en", "17", "fadp", "Art. 17 FADP"),
    ("de", "17", "fadp", "Art. 17 DSG"),
    ("fr", "17", "fadp", "article 17 LPD"),
    ("it", "17", "fadp", "articolo 17 LPD"),
    ("pl", "17", "fadp", "art. 17 FADP"),
])
def test_citations_name_the_act_the_transfer_falls_under(lang: str, article: str, regime: str, expected: str) -> None:
    """A derogation under the UK GDPR or the Swiss FADP cites that act in every language, never the EU GDPR's name."""
    localizer = localizer_for(lang)
    assert localizer.gdpr_article(article, regime) == expected


def test_every_catalog_cites_the_uk_gdpr_and_the_fadp_by_their_own_names() -> None:
    from trustsite.paths import PACKAGE_LOCALES

    for folder in sorted(p for p in PACKAGE_LOCALES.iterdir() if p.is_dir()):
        localizer = localizer_for(folder.name)
        eu = localizer.gdpr_article("49(1)(a)")
        uk = localizer.gdpr_article("49(1)(a)", "uk_gdpr")
        swiss = localizer.gdpr_article("17", "fadp")
        assert uk != eu and ("UK GDPR" in uk or "JK BDAR" in uk), (folder.name, uk)
        assert swiss not in (localizer.gdpr_article("17"), localizer.gdpr_article("17", "uk_gdpr")), (folder.name, swiss)
