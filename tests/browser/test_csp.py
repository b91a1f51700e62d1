"""The root project's site served with its own security headers (hooks/trustsite/site/headers.py): no page
breaks the Content-Security-Policy, and search, the language switcher (which keeps the page) and the colour palette
still work."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser.helpers import without_search_worker
from tests.browser.test_pages import prefix
from tests.conftest import MINIMAL, REPO
from tests.site.root_features import ROOT
from tests.site.helpers import build_site, serve_directory
from trustsite.site.headers import content_security_policy, security_headers

# add_init_script runs before the page's own scripts and is not subject to the policy.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""
# Two animation frames: the stylesheet's icons (data: images) are requested when the page is painted.
PAINTED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50))))"
MOBILE = {"width": 400, "height": 800}  # the navigation drawer draws its own icons


@contextmanager
def serving(site: Path, headers: list[tuple[str, str]]) -> Iterator[str]:
    server, base_url = serve_directory(site, headers)
    try:
        yield base_url
    finally:
        server.shutdown()


class Visit:
    """A browser page with a violation listener; `violations()` also reads Chromium's console reports of
    the page opened last (`open` navigates the same page, which is quicker than a new one)."""

    def __init__(self, browser, url: str, viewport: dict[str, int] | None = None, search: bool = True) -> None:
        self.page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
        if not search:  # for tests that do not search (test_search_works_under_the_policy does)
            without_search_worker(self.page)
        self.console: list[str] = []
        self.page.add_init_script(LISTEN)
        self.page.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)
        self.open(url)

    def open(self, url: str) -> None:
        self.console.clear()
        self.response = self.page.goto(url, wait_until="load")
        assert self.response is not None and self.response.ok, url

    def violations(self) -> list[str]:
        self.page.evaluate(PAINTED)
        return self.page.evaluate("window.__cspViolations") + self.console

    def __enter__(self) -> Visit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.page.close()


def test_the_policy_is_sent(browser, secured: str) -> None:
    with Visit(browser, secured + "privacy/") as visit:
        assert visit.response.headers["content-security-policy"] == content_security_policy()
        assert visit.response.headers["referrer-policy"] == "no-referrer"


def test_no_page_breaks_the_policy_on_a_phone(browser, secured: str) -> None:
    found = {}
    with Visit(browser, secured, MOBILE) as visit:
        for page_type in ROOT.page_kinds():
            visit.open(secured + page_type)
            if violations := visit.violations():
                found[page_type] = violations
    assert found == {}


def test_the_not_found_page_keeps_the_policy(browser, secured: str) -> None:
    with Visit(browser, secured + "404.html") as visit:  # what a host serves for a missing page
        heading = ROOT.localizer(ROOT.default).gettext("Page not found")  # theme/404.html, default language
        assert visit.page.locator("article h1").inner_text().strip() == heading
        assert visit.violations() == []


ORGANISATION_WORD = ROOT.project.organisation.controller.legal_name.split()[0]  # on every page of the site


@pytest.mark.parametrize("kind", ["default", "stemmed", "unstemmed"])  # one index for all languages
def test_search_works_under_the_policy(browser, secured: str, kind: str) -> None:
    """The search worker (a file of the site) loads lunr's language files and the index under default-src: in
    the default language, in a further language lunr.js stems and in one it does not know."""
    if kind != "default":
        ROOT.require(f"{kind}_language")
    lang = {"default": ROOT.default, "stemmed": ROOT.stemmed_language(), "unstemmed": ROOT.unstemmed_language()}[kind]
    with Visit(browser, secured + prefix(lang) + "privacy/") as visit:
        visit.page.locator("input.md-search__input").click()
        visit.page.keyboard.type(ORGANISATION_WORD)
        results = visit.page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=10_000)
        assert results.count() > 0
        assert visit.violations() == []


def _switches() -> list[tuple[str, str, str]]:
    """(from, to, page kind): each language left once and reached once, the page kinds (the statement, a version
    page, the sub-processor list) taken in turn. Where every page's switcher leads is checked without a browser on
    every page of every language (tests/site/test_root_site.py, test_every_page_names_its_language_alternates)."""
    kinds = ROOT.page_kinds()[1:]
    pairs = ROOT.switcher_pairs() or [(ROOT.default, ROOT.default)]
    return [(lang, target, kinds[number % len(kinds)]) for number, (lang, target) in enumerate(pairs)]


@pytest.mark.parametrize(("lang", "target", "page_type"), _switches())
def test_language_switcher_keeps_the_page_under_the_policy(browser, secured: str, lang: str, target: str,
                                                          page_type: str) -> None:
    ROOT.require("second_language")
    with Visit(browser, secured + prefix(lang) + page_type, search=False) as visit:
        visit.page.locator(".md-header__option .md-select").first.hover()
        visit.page.locator(f'.md-select__link[hreflang="{target}"]').first.click()
        visit.page.wait_for_load_state("load")
        assert visit.page.url == secured + prefix(target) + page_type
        assert visit.page.locator("html").get_attribute("lang") == target
        assert visit.violations() == []


def test_material_icons_need_data_images(browser, root_site: Path) -> None:
    """Why img-src allows data:, and proof that the listener sees what the policy blocks."""
    ROOT.require("archived_version")  # its page opens with a banner, an admonition with an icon
    with serving(root_site, [("Content-Security-Policy", "default-src 'self'")]) as base:
        with Visit(browser, base + f"privacy/versions/{ROOT.shown_version}/") as visit:
            assert any(v.startswith("img-src blocked data") for v in visit.violations())


def test_an_inline_script_or_style_is_reported(browser, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<!doctype html><title>t</title><p style="color: red">x</p>'
                                         "<script>document.title = 'ran'</script>", encoding="utf-8")
    with serving(tmp_path, security_headers(https=False)) as base:
        with Visit(browser, base) as visit:
            found = visit.violations()
            assert visit.page.title() == "t"
            assert any(v.startswith("script-src-elem blocked inline") for v in found), found
            assert any(v.startswith("style-src-attr blocked inline") for v in found), found


MATERIAL_SCRIPTS = """
  palette:
    - scheme: default
      primary: indigo
      toggle:
        icon: material/brightness-4
        name: Dark
    - scheme: slate
      primary: indigo
      toggle:
        icon: material/brightness-7
        name: Light

extra:
  consent:
    title: Cookies
    description: This site stores your choices in your browser.
"""


@pytest.fixture(scope="module")
def material_scripts_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal project with Material's colour-palette toggle and consent dialog, whose inline scripts
    are files here (overrides/partials/javascripts/)."""
    project = tmp_path_factory.mktemp("palette") / "p"
    shutil.copytree(MINIMAL, project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../hooks/trustsite_hooks.py", str(REPO / "hooks" / "trustsite_hooks.py"))
    config = config.replace("  palette:\n    primary: indigo\n", MATERIAL_SCRIPTS)
    assert "toggle:" in config
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build_site(project, project / "site", today="2025-06-01")
    assert result.returncode == 0, result.stderr
    with serving(project / "site", security_headers(https=False)) as base_url:
        yield base_url


def test_consent_and_colour_palette_work_under_the_policy(browser, material_scripts_site: str) -> None:
    with Visit(browser, material_scripts_site + "privacy/") as visit:
        consent = visit.page.locator(".md-consent__inner")  # the dialog (its container has no height)
        consent.wait_for(state="visible", timeout=5_000)  # consent.js asks when nothing was chosen yet
        assert visit.violations() == []
        visit.page.locator(".md-consent .md-button--primary").click()  # accept: stored, then reloaded
        visit.page.wait_for_load_state("load")
        visit.page.wait_for_timeout(500)
        assert consent.is_hidden()
        body = visit.page.locator("body")
        assert body.get_attribute("data-md-color-scheme") == "default"
        visit.page.locator('label[for="__palette_1"]').click()
        assert body.get_attribute("data-md-color-scheme") == "slate"
        assert visit.violations() == []
        visit.open(material_scripts_site + "de/privacy/")  # both choices are kept (consent.js, palette.js)
        assert body.get_attribute("data-md-color-scheme") == "slate"
        visit.page.wait_for_timeout(500)
        assert consent.is_hidden()
        assert visit.violations() == []
