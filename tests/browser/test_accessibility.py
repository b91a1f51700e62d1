"""WCAG 2.0, 2.1 and 2.2 at levels A and AA, checked by axe-core (bundled by axe-playwright-python) in
Chromium: the sub-processor filter with a panel shown, the pages on a phone-sized screen, and keyboard focus
that can be seen (every page in every language: test_sweep.py)."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import without_search_worker
from tests.browser.test_pages import LANGUAGES, prefix
from tests.site.helpers import serve_directory
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


# axe-core's WCAG A/AA rules, without colour contrast when `contrast` is false: contrast is decided by the style
# sheets and the elements' classes, the same in every language, and is two thirds of axe's time on a page.
RUN = """async ([tags, contrast]) => {
    if (typeof window.axe !== "object") return null;
    const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
    if (!contrast) options.rules = {"color-contrast": {enabled: false}};
    return (await axe.run(document, options)).violations;
}"""


def with_axe(page) -> None:
    """Load axe-core into every document the page opens, before the page's own scripts (the Content-Security-Policy
    does not apply to an init script): its 0.5 MB are sent to the browser once, not once per check."""
    page.add_init_script(AXE.axe_script)


VERSIONS = "privacy/versions/"  # the archived versions' pages: VERSIONS + '2026.1/' and VERSIONS + '2026.1/changes/'


def one_version(pages: list[str], version: str | None) -> list[str]:
    """`pages` without the pages of the archived versions other than `version` (their index stays). An archived
    version's pages (its statement as the archive froze it, and what changed in it) come from the same templates
    as every other version's: what differs between versions is frozen text."""
    return [page for page in pages if not page.startswith(VERSIONS) or page == VERSIONS
            or page.startswith(f"{VERSIONS}{version}/")]


def axe_violations(page, contrast: bool = True) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page; without its colour-contrast rule when `contrast` is false."""
    violations = page.evaluate(RUN, [WCAG_A_AA, contrast])
    if violations is None:  # a page opened without with_axe
        page.evaluate(AXE.axe_script)
        violations = page.evaluate(RUN, [WCAG_A_AA, contrast])
    return violations


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
    """The pages of the default language (the layout is the same in every language, and test_sweep.py covers the
    texts), of the archived versions the one shown (the in force or newest: the others are laid out alike)."""
    lang = ROOT.default
    page = browser.new_page(viewport=PHONE)
    without_search_worker(page)
    with_axe(page)
    try:
        pages = one_version(built_pages(root_site, lang), ROOT.shown_version)
        found = [line for path in pages for line in check(page, served + prefix(lang) + path)]
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


BROKEN = """<!doctype html><html lang="en"><head><title>t</title><style>
    body { color: #000; background: #fff; } .faint { color: #ccc; }
</style></head><body><main><h1>A page with faults</h1><img src="data:,"><p class="faint">Too faint to read.</p>
</main></body></html>"""


def test_axe_reports_violations_and_leaves_out_only_contrast(browser, tmp_path: Path) -> None:
    """The harness the sweep relies on: a page with an image without a text alternative and faint text. Both are
    reported; without the contrast rule the image still is."""
    (tmp_path / "index.html").write_text(BROKEN, encoding="utf-8")
    server, base = serve_directory(tmp_path)
    page = browser.new_page()
    try:
        with_axe(page)
        page.goto(base, wait_until="load")
        everything = {violation["id"] for violation in axe_violations(page)}
        structure = {violation["id"] for violation in axe_violations(page, contrast=False)}
        plain = browser.new_page()  # opened without with_axe: axe is loaded on the first check
        try:
            plain.goto(base, wait_until="load")
            loaded_late = {violation["id"] for violation in axe_violations(plain)}
        finally:
            plain.close()
    finally:
        page.close()
        server.shutdown()
    assert {"image-alt", "color-contrast"} <= everything, everything
    assert structure == everything - {"color-contrast"}, structure
    assert loaded_late == everything
