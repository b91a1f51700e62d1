"""Site layer: a sitemap.xml in every folder where Material for MkDocs' script looks for one.

Material's bundle takes every `<link rel="alternate">` of a page for the root of a language version of
the site and fetches `sitemap.xml` beside it, to keep its language switcher on the same page. Here those
links name the same page in each language (mkdocs-static-i18n's hreflang alternates) and the exports of
the page (JSON, CSV, Atom), so it asked for /de/privacy/sitemap.xml, /trust/sitemap.xml and the like:
a 404, logged as a console error, for each of them on every page. MkDocs writes one sitemap, at the
root, so once every language is built this writes one into each such folder, listing what the sitemaps
protocol lets a sitemap in that folder list: the pages below it, each with its language alternates.

Needs no MkDocs: it reads the built pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.sax.saxutils import escape, quoteattr

SITEMAP = "sitemap.xml"
_BASE = "https://site.invalid/"  # stands for the site root while resolving the pages' relative links
NOT_A_PAGE = "404.html"  # (one per language) served at any address: its relative links follow no folder


@dataclass(frozen=True)
class BuiltPage:
    url: str  # site-relative: '' for the home page, 'de/privacy/' for a folder's page
    alternates: tuple[str, ...]  # site-relative targets of its <link rel="alternate">, in page order
    languages: tuple[tuple[str, str], ...]  # (hreflang, site-relative target) of its language alternates


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (hreflang or '', href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        # Material selects link[rel=alternate]: the whole attribute, compared without regard to case
        if tag == "link" and values.get("rel", "").lower() == "alternate" and values.get("href"):
            self.links.append((values.get("hreflang", ""), values["href"]))


def _site_relative(url: str) -> str | None:
    """A URL resolved against _BASE as a site-relative path; None when it leaves the site."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != _BASE:
        return None
    return parts.path.removeprefix("/")


def read_page(site: Path, path: Path) -> BuiltPage:
    """The address of a built page and the targets of the alternate links in its head."""
    relative = path.relative_to(site).as_posix()
    url = relative.removesuffix("index.html") if path.name == "index.html" else relative
    html = path.read_text(encoding="utf-8", errors="replace")
    end = html.lower().find("</head>")
    parser = _AlternateLinks()
    parser.feed(html if end < 0 else html[:end])
    alternates, languages = [], []
    for hreflang, href in parser.links:
        target = _site_relative(urljoin(_BASE + url, href.strip()))
        if target is None:
            continue
        alternates.append(target)
        if hreflang:
            languages.append((hreflang, target))
    return BuiltPage(url, tuple(alternates), tuple(languages))


def probed_folders(pages: list[BuiltPage]) -> set[str]:
    """The site-relative folders ('de/privacy/', 'trust/') whose sitemap.xml Material's script fetches
    from these pages: the folder of each alternate's target, as `new URL("sitemap.xml", href)` finds it."""
    return {target[: target.rfind("/") + 1] for page in pages for target in page.alternates}


def render_sitemap(folder: str, pages: list[BuiltPage], site_url: str) -> str:
    """The sitemap of one folder: the pages below it, with their hreflang alternates (absolute URLs)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in sorted((p for p in pages if p.url.startswith(folder)), key=lambda p: p.url):
        lines.append("    <url>")
        lines.append(f"        <loc>{escape(site_url + page.url)}</loc>")
        for hreflang, target in page.languages:
            lines.append(f'        <xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(site_url + target)}/>')
        lines.append("    </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_probed_sitemaps(site: Path, site_url: str) -> list[str]:
    """Write sitemap.xml into every folder of `site` that Material's script will ask for one and that has
    none; returns the folders written. Needs the absolute `site_url` (a sitemap lists absolute URLs):
    without it nothing is written, as MkDocs' own sitemap is then unusable too."""
    if not site_url:
        return []
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    pages = [read_page(site, path) for path in sorted(site.rglob("*.html")) if path.name != NOT_A_PAGE]
    written = []
    for folder in sorted(probed_folders(pages)):
        target = site / unquote(folder) / SITEMAP
        if not target.parent.is_dir() or target.exists():  # a missing folder is a broken link, not ours to hide
            continue
        target.write_text(render_sitemap(folder, pages, site_url), encoding="utf-8")
        written.append(folder)
    return written
