"""The sub-processor filter: plain links to :target panels, styled by a same-origin CSS file, no JavaScript."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FULL_BUILD_DATE
from tests.site.helpers import soup
from tests.trust.helpers import LANGUAGES, PROJECT, page_html
from trustsite.model.lifecycle import current_subprocessors

# the list shows the sub-processors current on the build date (an announced addition is listed as upcoming)
CURRENT = current_subprocessors(PROJECT, dt.date.fromisoformat(FULL_BUILD_DATE))


def locations(sub) -> set[str]:
    return {*sub.processing_locations, *sub.access_locations}


@pytest.fixture(scope="module", params=LANGUAGES)
def page(request: pytest.FixtureRequest, full_site: Path):
    return soup(page_html(full_site, "trust/subprocessors", request.param))


def names_in(panel) -> set[str]:
    return {row.select_one("td a").get_text(strip=True) for row in panel.select("tbody tr")}


def test_every_filter_is_a_link_to_a_panel_on_the_page(page) -> None:
    links = page.select("nav.ts-filter a[href]")
    assert len(links) == len({c for s in CURRENT.values() for c in locations(s)}) \
        + len({s.category for s in CURRENT.values()}) + len(PROJECT.scopes) + 1
    for link in links:
        assert link["href"].startswith("#")
        target = page.find(id=link["href"][1:])
        assert target is not None, link["href"]
        assert {"ts-filter-panel", "ts-filter-all"} & set(target.get("class", []))


def test_country_panels_show_exactly_the_subprocessors_there(page) -> None:
    for country in {c for s in CURRENT.values() for c in locations(s)}:
        panel = page.find(id=f"sp-in-{country.lower()}")
        expected = {s.name for s in CURRENT.values() if country in locations(s)}
        assert names_in(panel) == expected, country


def test_service_panels_show_exactly_their_group(page) -> None:
    for category in {s.category for s in CURRENT.values()}:
        panel = page.find(id=f"sp-service-{category.replace('_', '-')}")
        assert names_in(panel) == {s.name for s in CURRENT.values() if s.category == category}


def test_full_list_comes_after_the_panels_and_is_grouped_by_service(page) -> None:
    """The CSS hides the full list with '.ts-filter-panel:target ~ .ts-filter-all': it must be a later sibling."""
    full = page.select_one(".ts-filter-all")
    panels = page.select(".ts-filter-panel")
    assert panels and all(full in p.find_next_siblings() for p in panels)
    groups = full.select("h3[id^=sp-group-]")
    assert len(groups) == len({s.category for s in CURRENT.values()})
    assert {h["id"].removeprefix("sp-") for h in full.select("h4[id^=sp-]")} == {
        sid.replace("_", "-") for sid in CURRENT}


def test_panel_rows_link_to_the_full_entry(page) -> None:
    for link in page.select(".ts-filter-panel tbody td a[href^='#sp-']"):
        assert page.find(id=link["href"][1:]) is not None


def test_filter_css_is_a_same_origin_file_with_target_rules(full_site: Path) -> None:
    doc = soup(page_html(full_site, "trust/subprocessors", "en"))
    hrefs = [link["href"] for link in doc.select('link[rel="stylesheet"]') if "trustsite" in link["href"]]
    assert len(hrefs) == 1 and not hrefs[0].startswith(("http:", "https:", "//"))
    css = (page_html(full_site, "trust/subprocessors", "en").parent / hrefs[0]).resolve().read_text(encoding="utf-8")
    compact = " ".join(css.split())
    assert ".ts-filter-panel { display: none; }" in compact
    assert ".ts-filter-panel:target { display: block; }" in compact
    assert ".ts-filter-panel:target ~ .ts-filter-all { display: none; }" in compact
    assert "script" not in doc.select_one("article").decode()
