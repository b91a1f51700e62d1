"""WCAG 2.0, 2.1 and 2.2 at levels A and AA, checked by axe-core (bundled by axe-playwright-python) in
Chromium: the sub-processor filter with a panel shown, the pages on a phone-sized screen, and keyboard focus
that can be seen (every page in every language: test_sweep.py)."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import without_search_worker
from tests.browser.test_pages import LANGUAGES, prefix
from tests.site.root_features import ROOT

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()
PHONE = {"width": 360, "height": 740}  # also what a 1280 px window shows at 350 % zoom
NOT_PAGES = ("assets", "search")  # folders of the theme, not pages


def built_pages(site: Path, lang: str) -> list[str]:
    """Every page of one language, as the path after the language prefix ('', 'privacy/versions/2025.1/')."""
    root = site / prefix(lang)
    others = {other for other in LANGUAGES if other != ROOT.default}
    pages = []
    for index in sorted(root.rglob("index.html")):
        parts = index.relative_to(root).parts[:-1]
        if parts and (parts[0] in NOT_PAGES or (lang == ROOT.default and parts[0] in others)):
            continue
        pages.append("".join(f"{part}/" for part in parts))
    return pages


def axe_violations(page, contrast: bool = True) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page; without its colour-contrast rule when `contrast` is false."""
    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
    if not contrast:
        options["rules"] = {"color-contrast": {"enabled": False}}
    results = AXE.run(page, options=options)
    return results.response["violations"]


def describe(url: str, violations: list[dict]) -> list[str]:
    """One line per violation (rule, impact, what it asks) and one per element that fails it."""
    lines = []
    for violation in violations:
        lines.append(f"{url}: {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary}")
    return lines


def check(page, url: str) -> list[str]:
    page.goto(url, wait_until="load")
    return describe(url, axe_violations(page))


def test_the_sub_processor_filter_meets_wcag_with_a_panel_shown(browser, served: str) -> None:
    ROOT.require("subprocessor_list")
    url = served + "trust/subprocessors/"
    page = browser.new_page()
    try:
        page.goto(url, wait_until="load")
        panels = page.locator(".ts-filter-panel").evaluate_all("panels => panels.map(panel => panel.id)")
        shown = [next(p for p in panels if p.startswith("sp-in-")), next(p for p in panels if p.startswith("sp-service-"))]
        found = []
        for panel in shown:
            found += check(page, f"{url}#{panel}")
            assert page.locator(f"#{panel}").is_visible(), panel
    finally:
        page.close()
    assert found == [], "axe-core found WCAG A/AA violations with a filter panel shown:\n" + "\n".join(found)


def test_every_page_meets_wcag_a_and_aa_on_a_phone(browser, served: str, root_site: Path) -> None:
    lang = ROOT.default  # the layout is the same in every language; the pages above cover the texts
    page = browser.new_page(viewport=PHONE)
    without_search_worker(page)
    try:
        found = [line for path in built_pages(root_site, lang) for line in check(page, served + prefix(lang) + path)]
        # most tables are wider than a phone: each one's scroll box must be a tab stop (WCAG 2.1.1)
        page.goto(served + prefix(lang) + "privacy/", wait_until="load")
        boxes = page.locator(".md-typeset__scrollwrap").evaluate_all(
            "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth).map(b => b.tabIndex)")
    finally:
        page.close()
    assert found == [], f"axe-core found WCAG A/AA violations on {lang} pages at {PHONE['width']} px:\n" + "\n".join(found)
    assert boxes and set(boxes) == {0}, boxes


def test_the_sub_processor_filter_shows_where_the_keyboard_is(browser, served: str) -> None:
    """WCAG 2.4.7: tabbing from the top of the page reaches the first filter link, and it is outlined."""
    ROOT.require("subprocessor_list")
    page = browser.new_page()
    try:
        page.goto(served + "trust/subprocessors/", wait_until="load")
        focused = {}
        for _ in range(80):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {inFilter: !!el.closest('.ts-filter'), href: el.getAttribute('href'),
                        focusVisible: el.matches(':focus-visible'),
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }""")
            if focused["inFilter"]:
                break
        assert focused["inFilter"], "the filter links cannot be reached with the Tab key"
        assert focused["href"].startswith("#sp-"), focused
        assert focused["focusVisible"] and focused["outline"] != "none" and focused["width"] >= 1, focused
    finally:
        page.close()
