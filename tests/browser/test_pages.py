"""What a reader does in a real browser: the language switcher and the advance-notice banner work in every
language, the sub-processor filter by keyboard; screenshots kept as artifacts. (Every page of every language is
checked for foreign loads, script and console errors, the policy and accessibility in test_sweep.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_BUILD_DATE, REPO
from trustsite.project import load_project

PROJECT = load_project(REPO, dt.date.fromisoformat(EXAMPLE_BUILD_DATE))
LANGUAGES = PROJECT.languages
PAGE_TYPES = [  # one page of each kind: home, statement, versions list, archived version, what changed,
    "", "privacy/", "privacy/versions/", "privacy/versions/2025.1/", "privacy/versions/2027.1/changes/",
    "trust/", "trust/subprocessors/", "trust/changes/", "trust/certifications/",  # trust pages with tables
]


def prefix(lang: str) -> str:
    return "" if lang == PROJECT.default_language else f"{lang}/"


def visit(browser, url: str, console: list[str] | None = None):  # -> (page, requests, script errors)
    page = browser.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    if console is not None:
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url
    return page, requests, errors


@pytest.mark.parametrize(("lang", "target"), [("nl", "de"), ("de", "fr"), ("en", "lt")])
def test_language_switcher_keeps_the_page(browser, served: str, lang: str, target: str) -> None:
    for page_type in ("privacy/", "trust/subprocessors/", "privacy/versions/2026.1/"):
        page, _, _ = visit(browser, served + prefix(lang) + page_type)
        try:
            page.locator(".md-header__option .md-select").first.hover()
            page.locator(f'.md-select__link[hreflang="{target}"]').first.click()
            page.wait_for_load_state("load")
            assert page.url == served + prefix(target) + page_type
            assert page.locator("html").get_attribute("lang") == target
        finally:
            page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_advance_notice_banner_is_visible_and_leads_to_the_new_version(browser, served: str, lang: str) -> None:
    page, _, _ = visit(browser, served + prefix(lang) + "privacy/")
    try:
        banner = page.locator("article .version-banner").first
        assert banner.is_visible()
        links = banner.locator("a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert any("versions/2027.1" in (h or "") for h in hrefs), hrefs
        banner.locator('a[href*="versions/2027.1/changes"]').first.click()
        page.wait_for_load_state("load")
        assert page.url == served + prefix(lang) + "privacy/versions/2027.1/changes/"
    finally:
        page.close()


def test_the_sub_processor_filter_works_by_keyboard(browser, served: str) -> None:
    page, _, _ = visit(browser, served + "trust/subprocessors/")
    try:
        panel_rows = page.locator("#sp-in-us tbody tr")
        assert panel_rows.count() > 0 and not panel_rows.first.is_visible()  # filtered panels start hidden
        link = page.locator('article a[href="#sp-in-us"]').first
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        assert page.url.endswith("#sp-in-us")
        assert panel_rows.first.is_visible()
        names = [panel_rows.nth(i).inner_text() for i in range(panel_rows.count())]
        assert all("United States" in row for row in names), names
        assert not page.locator(".ts-filter-all").first.is_visible()  # the full list steps aside
    finally:
        page.close()


@pytest.mark.parametrize("page_type", ["privacy/", "trust/subprocessors/"])
def test_screenshots(browser, served: str, artifacts: Path, page_type: str) -> None:
    for lang in ("en", "de"):
        page, _, _ = visit(browser, served + prefix(lang) + page_type)
        try:
            path = artifacts / f"{page_type.strip('/').replace('/', '-')}-{lang}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
        finally:
            page.close()
