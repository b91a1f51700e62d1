"""End-to-end: every trust-center page exists in every language, with the data in that language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.site.helpers import article_text, soup
from tests.conftest import FULL_BUILD_DATE
from tests.trust.helpers import DEFAULT, LANGUAGES, PROJECT, TRUST_PAGES, page_html
from trustsite.render.localize import localizer_for

PAGES = [(base, lang) for base in TRUST_PAGES for lang in LANGUAGES]


def test_the_trust_center_has_its_pages() -> None:
    assert TRUST_PAGES == ["trust/certifications", "trust/changes", "trust/contact", "trust/documents",
                           "trust/index", "trust/security", "trust/subprocessors"]


@pytest.mark.parametrize("base, lang", PAGES)
def test_page_is_built_in_its_language(full_site: Path, base: str, lang: str) -> None:
    page = page_html(full_site, base, lang)
    doc = soup(page)
    assert doc.html["lang"] == lang
    source = PROJECT.content.get(base, lang)
    heading = next(line[2:].strip() for line in source.text.splitlines() if line.startswith("# "))
    assert doc.find("article").find("h1").get_text(strip=True).rstrip("¶") == heading
    assert "{{" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_navigation_lists_every_trust_page(full_site: Path, lang: str) -> None:
    doc = soup(page_html(full_site, "trust/index", lang))
    nav_targets = {urljoin("/" + (lang + "/" if lang != DEFAULT else "") + "trust/", a["href"])
                   for a in doc.select("nav.md-nav--primary a[href]")}
    for base in TRUST_PAGES:
        folder = base[: -len("/index")] if base.endswith("/index") else base
        expected = "/" + (lang + "/" if lang != DEFAULT else "") + folder + "/"
        assert expected in nav_targets, (lang, base)


def folded(text: str) -> str:
    """A data string as article_text shows it: whitespace, including no-break spaces, folded."""
    return " ".join(text.split())



def test_localized_forms_differ_by_language() -> None:  # the helper above is not an identity
    assert localizer_for("de").gdpr_article("32(1)(a)") == "Art. 32 Abs. 1 lit. a DSGVO"
    assert localizer_for("nl").country("US") == "Verenigde Staten"
    assert localizer_for("en").date(dt.date(2028, 9, 14)) == "September 14, 2028"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_subprocessor_facts_in_the_page_language(full_site: Path, lang: str) -> None:
    text = article_text(page_html(full_site, "trust/subprocessors", lang))
    today = dt.date.fromisoformat(FULL_BUILD_DATE)
    for sub in PROJECT.subprocessors.values():
        if sub.since > today:  # announced, not yet engaged: listed as upcoming, not as a current sub-processor
            continue
        assert sub.name in text and folded(sub.service[lang]) in text
        for pid in sub.purposes:
            assert PROJECT.purposes[pid].title[lang] in text
    assert localizer_for(lang).country("US") in text


def test_safeguards_in_plain_words(full_site: Path) -> None:
    text = article_text(page_html(full_site, "trust/subprocessors", "en"))
    assert ("India: EU/EEA (GDPR): Standard contractual clauses of the European Commission (Decision (EU) 2021/914),"
            " module 3, data importer: Ticketbay India Private Limited; transfer impact assessment of September 15, 2025;"
            " United Kingdom (UK GDPR): UK Addendum") in text
    assert "United States: EU/EEA (GDPR): Certification under the EU-US Data Privacy Framework" in text
    assert "with a transfer impact assessment" not in text  # said only where one is recorded, with its date
    assert "None needed: all locations are in the EU/EEA" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_change_history_newest_first_with_anchors(full_site: Path, lang: str) -> None:
    doc = soup(page_html(full_site, "trust/changes", lang))
    history = doc.find(id="history")  # the upcoming changes have a table of their own, above it
    rows = history.find_next("table").select("tbody tr")
    today = dt.date.fromisoformat(FULL_BUILD_DATE)
    in_effect = {cid: c for cid, c in PROJECT.subprocessor_changes.items() if c.date <= today}  # the rest: upcoming
    assert len(rows) == len(in_effect)
    upcoming = doc.find(id="upcoming").find_next("table").select("tbody tr")
    assert [row.select_one("span[id]")["id"] for row in upcoming] == [
        "change-" + cid.replace("_", "-") for cid, c in PROJECT.subprocessor_changes.items() if c.date > today]
    ids = [row.select_one("span[id]")["id"] for row in rows]
    expected = sorted(in_effect.items(), key=lambda kv: (kv[1].date, kv[0]), reverse=True)
    assert ids == ["change-" + cid.replace("_", "-") for cid, _ in expected]
    text = article_text(page_html(full_site, "trust/changes", lang))
    for change in in_effect.values():
        assert folded(change.summary[lang]) in text
    assert "Countwick Web Analytics" in text  # a removed sub-processor keeps its name in the history
    assert "countwick" not in PROJECT.subprocessors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_security_measures_grouped_by_kind(full_site: Path, lang: str) -> None:
    doc = soup(page_html(full_site, "trust/security", lang))
    for kind, anchor in (("technical", "technical-measures"), ("organisational", "organisational-measures")):
        table = doc.find(id=anchor).find_next("table")
        cells = " ".join(td.get_text(" ") for td in table.select("tbody td"))
        for measure in PROJECT.security_measures.values():
            assert (measure.title[lang] in cells) == (measure.kind == kind), (kind, measure.title[lang])
    assert localizer_for(lang).gdpr_article("32(1)(a)") in article_text(page_html(full_site, "trust/security", lang))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_certifications_with_issuer_scope_and_validity(full_site: Path, lang: str) -> None:
    text = article_text(page_html(full_site, "trust/certifications", lang))
    for cert in PROJECT.certifications.values():
        assert cert.title in text and cert.issuer in text and folded(cert.scope[lang]) in text
    assert folded(localizer_for(lang).date(dt.date(2028, 9, 14))) in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_documents_link_to_files_shipped_in_the_repository(full_site: Path, lang: str) -> None:
    page = page_html(full_site, "trust/documents", lang)
    doc = soup(page)
    hrefs = [a["href"] for a in doc.select("article table a[href]")]
    files = [v.file for d in PROJECT.documents.values() if d.access == "public" for v in d.versions]
    assert [h.rsplit("/", 1)[-1] for h in hrefs] == files
    for href in hrefs:
        target = (page.parent / href).resolve()
        assert target.read_bytes() == (PROJECT.root / "documents" / target.name).read_bytes()
    for document in PROJECT.documents.values():
        assert document.title[lang] in article_text(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_contact_page_names_the_privacy_team(full_site: Path, lang: str) -> None:
    text = article_text(page_html(full_site, "trust/contact", lang))
    assert PROJECT.organisation.privacy_contact.email in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statement_links_to_the_trust_center_list(full_site: Path, lang: str) -> None:
    """One source: the statement's sub-processor section points to the full list in the trust center."""
    page = page_html(full_site, "privacy/index", lang)
    section = soup(page).find(id="subprocessors")
    links = []
    for el in section.find_all_next():
        if el.name == "h2":
            break
        if el.name == "a" and el.get("href"):
            links.append(el["href"])
    targets = {(page.parent / href.split("#")[0]).resolve() for href in links if not href.startswith(("http", "#"))}
    assert page_html(full_site, "trust/subprocessors", lang).parent.resolve() in targets


@pytest.mark.parametrize("base, lang", PAGES)
def test_no_inline_style_or_script(full_site: Path, base: str, lang: str) -> None:
    """A later content security policy (default-src 'self') must not break the trust center."""
    article = soup(page_html(full_site, base, lang)).find("article")
    assert article.find("script") is None and article.find("style") is None
    for el in article.find_all(True):
        assert "style" not in el.attrs and not any(a.startswith("on") for a in el.attrs), el.name
