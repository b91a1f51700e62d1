"""What a reader does in a real browser: the advance-notice banner works in every language, the sub-processor filter
by keyboard; screenshots kept as artifacts. (Every page of every language is checked for foreign loads, script and
console errors, the policy and accessibility in test_sweep.py; the language switcher under the policy in
test_csp.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import without_search_worker
from tests.site.root_features import ROOT

LANGUAGES = ROOT.languages  # data/organisation.yml, the default first


def prefix(lang: str) -> str:
    return ROOT.prefix(lang)


def visit(browser, url: str, console: list[str] | None = None):  # -> (page, requests, script errors)
    page = browser.new_page()
    without_search_worker(page)  # search is not what these tests use (test_csp.py searches)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    if console is not None:
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    return page, requests, errors


@pytest.mark.parametrize("lang", LANGUAGES)
def test_advance_notice_banner_is_visible_and_leads_to_the_new_version(browser, served: str, lang: str) -> None:
    ROOT.require("upcoming_version")
    upcoming = ROOT.upcoming
    page, _, _ = visit(browser, served + prefix(lang) + "privacy/")
    try:
        banner = page.locator("article .version-banner").first
        assert banner.is_visible()
        links = banner.locator("a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert any(f"versions/{upcoming}/" in (h or "") for h in hrefs), hrefs
        banner.locator(f'a[href*="versions/{upcoming}/changes"]').first.click()
        page.wait_for_load_state("load")
        assert page.url == served + prefix(lang) + f"privacy/versions/{upcoming}/changes/"
    finally:
        page.close()


def test_the_sub_processor_filter_works_by_keyboard(browser, served: str) -> None:
    ROOT.require("subprocessor_list")
    page, _, _ = visit(browser, served + "trust/subprocessors/")
    try:
        panel = page.locator('.ts-filter-panel[id^="sp-in-"]').first.get_attribute("id")  # the first country's
        country = ROOT.localizer(ROOT.default).country(panel.removeprefix("sp-in-").upper())
        panel_rows = page.locator(f"#{panel} tbody tr")
        assert panel_rows.count() > 0 and not panel_rows.first.is_visible()  # filtered panels start hidden
        link = page.locator(f'article a[href="#{panel}"]').first
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        assert page.url.endswith(f"#{panel}")
        assert panel_rows.first.is_visible()
        heading = page.locator(f"#{panel}").inner_text()
        assert country in heading, (country, heading)  # the panel says which country it lists
        names = {panel_rows.nth(i).locator("td a").first.inner_text().strip() for i in range(panel_rows.count())}
        assert names == ROOT.subprocessors_in(panel.removeprefix("sp-in-").upper()), names
        assert not page.locator(".ts-filter-all").first.is_visible()  # the full list steps aside
    finally:
        page.close()


@pytest.mark.parametrize("page_type", ROOT.page_kinds()[1:])
def test_screenshots(browser, served: str, artifacts: Path, page_type: str) -> None:
    for lang in LANGUAGES[:2]:  # the default language and the next
        page, _, _ = visit(browser, served + prefix(lang) + page_type)
        try:
            path = artifacts / f"{page_type.strip('/').replace('/', '-')}-{lang}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
        finally:
            page.close()
