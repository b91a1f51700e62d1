"""One sweep per language over the built pages of the root project (the example, or a fork's own organisation),
served with the site's own headers: each page is opened once and checked for everything a reader's browser
would show as broken. Every page of the default language is opened; in each other language every page but those
of the archived versions, of which one version's (its statement and what changed in it), another version in
each language in turn, the newest first: the versions' pages of one language come from the same templates and
differ in the text the archive froze (test_accessibility.one_version). With at least as many other languages as
archived versions, every version is opened in the default language and in another.

- nothing is loaded from another host, no script error, no console error, no failed request (Material's
  script fetches sitemap.xml beside every <link rel="alternate">: hence trustsite.site.sitemaps);
- nothing breaks the Content-Security-Policy (hooks/trustsite/site/headers.py);
- the page is in its language (<html lang>);
- WCAG 2.0, 2.1 and 2.2 at levels A and AA, checked by axe-core (bundled by axe-playwright-python); colour
  contrast, which depends on the stylesheet alone, on the default language's pages.

This replaces four tests that opened every page of every language once each.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import without_search_worker
from tests.browser.test_accessibility import axe_violations, built_pages, describe, one_version, with_axe
from tests.browser.test_csp import LISTEN, PAINTED
from tests.browser.test_pages import LANGUAGES, prefix
from tests.site.root_features import ROOT


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_of_a_language(browser, secured: str, root_site: Path, lang: str) -> None:
    pages = built_pages(root_site, lang)
    # every content page of the project and every page the engine generates for its versions
    assert {ROOT.facts.url(base, ROOT.default) for base in ROOT.facts.all_bases} <= set(pages)
    if lang != ROOT.default and ROOT.archived_versions:
        turn = ROOT.languages.index(lang) - 1  # the languages other than the default, in turn, the newest version first
        pages = one_version(pages, ROOT.archived_versions[-1 - turn % len(ROOT.archived_versions)])
    host = urlsplit(secured).netloc
    found: list[str] = []
    page = browser.new_page()
    page.add_init_script(LISTEN)
    with_axe(page)
    # requests without an answer yet, and the addresses already answered on an earlier page of the sweep (the site
    # is static: the same address gets the same answer); the page is left once every new address is answered
    pending: set = set()
    answered: set[str] = set()

    def on_response(response) -> None:
        pending.discard(response.request)
        answered.add(response.url)

    page.on("request", lambda request: pending.add(request))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: pending.discard(request))
    page.on("request", lambda request: found.append(f"{page.url}: loads from another host: {request.url}")
            if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != host else None)
    page.on("pageerror", lambda error: found.append(f"{page.url}: script error: {error}"))
    page.on("console", lambda message: found.append(f"{page.url}: console error: {message.text}")
            if message.type == "error" else None)
    page.on("response", lambda response: found.append(f"{page.url}: {response.status} {response.url}")
            if response.status >= 400 else None)
    try:
        for number, path in enumerate(pages):
            if number == 1:  # the search worker is checked on the first page of the language
                without_search_worker(page)
            url = secured + prefix(lang) + path
            response = page.goto(url, wait_until="load")
            assert response is not None and response.ok, url
            page.evaluate(PAINTED)  # the stylesheet's icons are requested when the page is painted
            found += [f"{url}: breaks the policy: {v}" for v in page.evaluate("window.__cspViolations")]
            if page.locator("html").get_attribute("lang") != lang:
                found.append(f"{url}: <html lang> is not {lang}")
            # colour contrast is a matter of the stylesheet and the elements' classes, which are the same in every
            # language: it is checked on the default language's pages (and on a phone), two thirds of axe's time
            found += describe(url, axe_violations(page, contrast=lang == ROOT.default))
            # Material's script fetches (sitemap, search index, the search worker's scripts) start after the load
            # event and have mostly been answered while axe ran; a request the policy refuses is reported by
            # Chromium as a console error. Waiting for the answers replaces Playwright's "networkidle", which
            # waited for the search worker to index the whole site, and then 500 ms more, on every page.
            for _ in range(500):
                if all(request.url in answered for request in pending):
                    break
                page.wait_for_timeout(20)
            else:
                found.append(f"{url}: requests without an answer: {sorted(r.url for r in pending)}")
    finally:
        page.close()
    assert found == [], f"{len(found)} problems on the {lang} pages:\n" + "\n".join(found)
