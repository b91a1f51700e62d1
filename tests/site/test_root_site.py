"""Site-level: what the site of ANY valid organisation must be, checked on the site that the project at the
repository root builds (the shipped example, or the organisation of a fork that replaced it). Every
expectation comes from that project's own mkdocs.yml, folders and data, never from the example's facts:
a company's CI checks its own site with these tests."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import REPO, ROOT_BUILD_DATE, read_mkdocs_config
from tests.site.helpers import article_text, built_pages, external_loads, link_target, site_facts, soup
from trustsite.cli import main
from trustsite.model.files import DATA_FILES

FACTS = site_facts(REPO)
SITE_URL = read_mkdocs_config(REPO)["site_url"].rstrip("/") + "/"
PAGES = [(base, lang) for base in FACTS.all_bases for lang in FACTS.languages]
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_project_has_a_statement_in_its_default_language() -> None:
    """What the rest of this file relies on: a multilingual site with the privacy statement."""
    assert "privacy/index" in FACTS.bases and "index" in FACTS.bases
    assert FACTS.languages[0] == FACTS.default and len(set(FACTS.languages)) == len(FACTS.languages)


def test_check_passes_on_a_copy_of_the_project(root_copy: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(root_copy), "--today", ROOT_BUILD_DATE])
    assert result.exit_code == 0, result.output
    organisation = yaml.safe_load((REPO / "data" / "organisation.yml").read_text(encoding="utf-8"))["organisation"]
    pages = len(list((REPO / "content").rglob("*.md")))
    present = sum(1 for spec in DATA_FILES if (REPO / "data" / spec.name).is_file())  # some are optional
    assert result.stdout == (f"ok: {present} data files and {pages} pages valid in "
                             f"{', '.join(organisation['languages'])}\n")
    # warnings (an expiring certificate, a stale translation, a TODO left by `trustsite init`) may be
    # there; errors may not
    assert [line for line in result.stderr.splitlines()
            if ": warning: " not in line and not re.fullmatch(r"\d+ warnings? in .+", line)] == []


@pytest.mark.parametrize("base, lang", PAGES)
def test_every_page_is_built_in_every_language_without_inline_code(root_site: Path, base: str, lang: str) -> None:
    """Every page in every language, with content, and none that the site's Content-Security-Policy
    (default-src 'self', no 'unsafe-inline') would refuse."""
    page = FACTS.page(root_site, base, lang)
    assert page.is_file(), f"{FACTS.url(base, lang)} was not built"
    article = soup(page).find("article")
    assert article.get_text(strip=True), f"{FACTS.url(base, lang)} is empty"
    assert article.find("script") is None and article.find("style") is None
    for el in article.find_all(True):
        assert "style" not in el.attrs and not any(a.startswith("on") for a in el.attrs), el.name


def test_every_page_has_the_language_of_its_folder(root_site: Path) -> None:
    pages = built_pages(root_site)
    assert {FACTS.language_of(root_site, page) for page in pages} == set(FACTS.languages)
    wrong = [(page.relative_to(root_site).as_posix(), soup(page).html.get("lang")) for page in pages
             if soup(page).html.get("lang") != FACTS.language_of(root_site, page)]
    assert wrong == []


@pytest.mark.parametrize("lang", FACTS.languages)
def test_site_name_in_the_page_language(root_site: Path, lang: str) -> None:
    name = FACTS.site_names[lang]
    for base in FACTS.bases:
        page = soup(FACTS.page(root_site, base, lang))
        assert page.title.get_text().endswith(name), (base, page.title.get_text())
        assert name in page.select_one(".md-header__topic").get_text(), base


def test_each_language_has_its_own_site_name() -> None:
    """mkdocs.yml gives every further language its site name (the build refuses one that lacks it)."""
    assert len(set(FACTS.site_names.values())) == len(FACTS.languages)


def test_every_page_names_its_language_alternates(root_site: Path) -> None:
    """In its head (for search engines) and in the header's language switcher (for readers): the same page in
    every language (tests/browser/test_csp.py clicks the switcher on each kind of page)."""
    for page in built_pages(root_site):
        if page.name == "404.html":
            continue
        html = soup(page)
        for where, selector in (("head", 'head link[rel="alternate"][hreflang]'),
                                ("switcher", ".md-header__option a.md-select__link[hreflang]")):
            links = {link["hreflang"]: link["href"] for link in html.select(selector)}
            assert set(links) == set(FACTS.languages), (where, page)
            for lang, href in links.items():
                target = link_target(root_site, page, href)
                assert target.is_file() and FACTS.language_of(root_site, target) == lang, (where, page, href)
                if where == "switcher":  # the same page: its path after the language's folder
                    assert FACTS.page_of(root_site, target) == FACTS.page_of(root_site, page), (page, href)


def test_sitemap_lists_every_page_with_its_alternates(root_site: Path) -> None:
    root = ET.parse(root_site / "sitemap.xml").getroot()
    entries = {url.findtext("s:loc", namespaces=SITEMAP): url for url in root.findall("s:url", SITEMAP)}
    # the content pages; the engine's generated version pages are not listed (MkDocs lists the nav's pages)
    assert set(entries) >= {SITE_URL + FACTS.url(base, lang) for base in FACTS.bases for lang in FACTS.languages}
    assert set(entries) <= {SITE_URL + FACTS.url(base, lang) for base, lang in PAGES}
    for base in FACTS.bases:
        entry = entries[SITE_URL + FACTS.url(base, FACTS.default)]
        alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP)}
        assert alternates == {lang: SITE_URL + FACTS.url(base, lang) for lang in FACTS.languages}, base


def test_search_finds_every_page_of_every_language(root_site: Path) -> None:
    index = json.loads((root_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert locations == {FACTS.url(base, lang) for base, lang in PAGES}


def test_no_external_loads(root_site: Path) -> None:
    assert external_loads(root_site) == []


def test_no_unexpanded_directive(root_site: Path) -> None:
    for page in root_site.rglob("*.html"):
        assert "{{" not in page.read_text(encoding="utf-8"), page


def test_linkchecker_reports_no_broken_link(root_site: Path) -> None:
    from tests.site.helpers import linkcheck_site

    result = linkcheck_site(root_site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 errors found" in result.stdout


def _json(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("export, name", [("trust/subprocessors.json", "subprocessors.schema.json"),
                                          ("trust/statement.json", "statement.schema.json")])
def test_every_json_export_validates_against_its_published_schema(root_site: Path, export: str, name: str) -> None:
    published = json.loads((REPO / "schemas" / "exports" / name).read_text(encoding="utf-8"))
    data = _json(root_site, export)
    jsonschema.Draft202012Validator(published).validate(data)
    assert data["$schema"] == f"{SITE_URL}trust/schemas/{name}"
    assert _json(root_site, f"trust/schemas/{name}") == published  # the site serves the schema it names


def test_the_sub_processor_exports_agree(root_site: Path) -> None:
    data = _json(root_site, "trust/subprocessors.json")
    assert data["generated"] == ROOT_BUILD_DATE and data["languages"] == FACTS.languages
    raw = (root_site / "trust" / "subprocessors.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [row["id"] for row in rows] == [entry["id"] for entry in data["subprocessors"]]
    graph = _json(root_site, "trust/statement.jsonld")["@graph"]
    processors = {node["@id"].rsplit("#subprocessor-", 1)[1] for node in graph
                  if "dpv:DataSubProcessor" in node.get("@type", [])}
    assert processors == {entry["id"] for entry in data["subprocessors"]}


@pytest.mark.parametrize("lang", FACTS.languages)
@pytest.mark.parametrize("feed", ["trust/subprocessor-changes.atom", "privacy/versions/feed.xml"])
def test_every_language_has_its_feeds_linking_to_built_pages(request: pytest.FixtureRequest, root_site: Path,
                                                             lang: str, feed: str) -> None:
    if feed.startswith("trust/") and "trust/changes" not in FACTS.bases:
        # export/write.py links the entries to site_url + '#change-...' (the default language's home,
        # where no such anchor is) when the project has no content/trust/changes.md: a bug of the engine,
        # reported; strict, so that this mark goes when it is fixed
        request.applymarker(pytest.mark.xfail(strict=True, reason="sub-processor feed of a project without "
                                              "a trust/changes page links to the site root"))
    root = ET.parse(root_site / FACTS.prefix(lang) / feed).getroot()
    assert root.tag == f"{ATOM}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for entry in root.findall(f"{ATOM}entry"):
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(SITE_URL + FACTS.prefix(lang)), href
        path, _, anchor = href.removeprefix(SITE_URL).partition("#")
        target = root_site / path / "index.html"
        assert target.is_file(), href
        assert not anchor or soup(target).find(id=anchor) is not None, href


@pytest.mark.parametrize("lang", FACTS.languages)
def test_the_statement_shows_its_data_in_the_page_language(root_site: Path, lang: str) -> None:
    """The statement names the controller (GDPR Art. 13(1)(a)) in every language, and a reader finds it
    from the home page of that language."""
    organisation = yaml.safe_load((REPO / "data" / "organisation.yml").read_text(encoding="utf-8"))["organisation"]
    text = article_text(FACTS.page(root_site, "privacy/index", lang))
    assert organisation["controller"]["legal_name"] in text
    home = FACTS.page(root_site, "index", lang)
    targets = {link_target(root_site, home, a["href"]) for a in soup(home).select("a[href]") if "://" not in a["href"]}
    assert FACTS.page(root_site, "privacy/index", lang) in targets
