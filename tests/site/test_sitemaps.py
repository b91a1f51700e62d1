"""trustsite.site.sitemaps: a sitemap.xml wherever Material's script fetches one (beside every
<link rel="alternate"> of a page), on small inline sites, on the complete fixture's site and on the site
of the project at the repository root."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import FULL, REPO, read_mkdocs_config
from tests.site.helpers import site_facts, soup
from trustsite.site.sitemaps import write_probed_sitemaps

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE_URL = "https://trust.example.com/"


def page(*links: str) -> str:
    return "<!doctype html><html><head>" + "".join(links) + "</head><body></body></html>"


def lang_links(langs: dict[str, str]) -> list[str]:
    return [f'<link rel="alternate" href="{href}" hreflang="{lang}">' for lang, href in langs.items()]


def write(site: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")


def small_site(site: Path) -> None:
    write(site, {
        "index.html": page(*lang_links({"en": "./", "de": "de/"})),
        "sitemap.xml": "MkDocs' own",
        "de/index.html": page(*lang_links({"en": "../", "de": "./"})),
        "privacy/index.html": page(*lang_links({"en": "./", "de": "../de/privacy/"}),
                                   '<link rel="alternate" type="application/json" href="../trust/statement.json" title="JSON">',
                                   '<link rel="stylesheet" href="../assets/site.css">'),
        "de/privacy/index.html": page(*lang_links({"en": "../../privacy/", "de": "./"})),
        "trust/statement.json": "{}",
        "assets/site.css": "",
        "trust/index.html": page(),
        "404.html": page('<link rel="alternate" href="/gone/" hreflang="en">'),
        "de/404.html": page('<link rel="alternate" href="../gone/" hreflang="en">'),
        "gone/index.html": page(),
    })


def test_a_sitemap_beside_every_alternate_and_none_elsewhere(tmp_path: Path) -> None:
    small_site(tmp_path)
    assert write_probed_sitemaps(tmp_path, SITE_URL) == ["de/", "de/privacy/", "privacy/", "trust/"]
    assert (tmp_path / "sitemap.xml").read_text(encoding="utf-8") == "MkDocs' own"  # never overwritten
    assert not (tmp_path / "assets" / "sitemap.xml").exists()  # a stylesheet is not an alternate
    assert not (tmp_path / "gone" / "sitemap.xml").exists()  # the 404 pages' links are not followed


def test_a_folder_sitemap_lists_the_pages_below_it_with_their_languages(tmp_path: Path) -> None:
    small_site(tmp_path)
    write_probed_sitemaps(tmp_path, SITE_URL.removesuffix("/"))
    assert (tmp_path / "de" / "sitemap.xml").read_text(encoding="utf-8") == """\
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
        <loc>https://trust.example.com/de/</loc>
        <xhtml:link rel="alternate" hreflang="en" href="https://trust.example.com/"/>
        <xhtml:link rel="alternate" hreflang="de" href="https://trust.example.com/de/"/>
    </url>
    <url>
        <loc>https://trust.example.com/de/privacy/</loc>
        <xhtml:link rel="alternate" hreflang="en" href="https://trust.example.com/privacy/"/>
        <xhtml:link rel="alternate" hreflang="de" href="https://trust.example.com/de/privacy/"/>
    </url>
</urlset>
"""
    trust = ET.parse(tmp_path / "trust" / "sitemap.xml").getroot()
    assert [loc.text for loc in trust.iterfind("s:url/s:loc", NS)] == ["https://trust.example.com/trust/"]


def test_without_a_site_url_nothing_is_written(tmp_path: Path) -> None:
    small_site(tmp_path)
    assert write_probed_sitemaps(tmp_path, "") == []
    assert not (tmp_path / "de" / "sitemap.xml").exists()


def test_an_alternate_to_a_missing_folder_gets_no_sitemap(tmp_path: Path) -> None:
    write(tmp_path, {"index.html": page('<link rel="alternate" href="fr/" hreflang="fr">')})
    assert write_probed_sitemaps(tmp_path, SITE_URL) == []
    assert not (tmp_path / "fr").exists()


@pytest.mark.slow  # builds whole sites; the fixture is asked for by name, which conftest's marking cannot see
@pytest.mark.parametrize("which, project", [("root_site", REPO), ("full_site", FULL)], ids=["root", "full"])
def test_every_sitemap_materials_script_asks_for_exists(request: pytest.FixtureRequest, which: str,
                                                        project: Path) -> None:
    """What a browser would fetch, worked out independently of the module: for each page's
    link[rel=alternate], the sitemap.xml beside its target, listing only pages below its folder. Every
    page of every language is an alternate of the others, so each page's folder is asked for."""
    site = request.getfixturevalue(which)
    facts = site_facts(project)
    site_url = read_mkdocs_config(project)["site_url"].rstrip("/") + "/"
    asked = set()
    for path in site.rglob("*.html"):
        if path.name == "404.html":  # served at any address: a browser resolves its links from there
            continue
        url = "http://127.0.0.1/" + path.relative_to(site).as_posix().removesuffix("index.html")
        for link in soup(path).select("head link[rel=alternate]"):
            asked.add(urljoin(urljoin(url, link["href"]), "sitemap.xml").removeprefix("http://127.0.0.1"))
    pages = {f"/{facts.url(base, lang)}sitemap.xml" for base in facts.all_bases for lang in facts.languages}
    assert asked >= pages
    assert asked - pages <= {"/trust/sitemap.xml"}  # beside the exports the statement announces (trust/*.json)
    for sitemap in sorted(asked):
        file = site / sitemap.removeprefix("/")
        assert file.is_file(), sitemap
        folder = site_url + sitemap.removeprefix("/").removesuffix("sitemap.xml")
        locs = [loc.text for loc in ET.parse(file).getroot().iterfind("s:url/s:loc", NS)]
        assert all(loc.startswith(folder) for loc in locs), (sitemap, locs)
        pages_below = list(file.parent.rglob("index.html"))  # none below the exports' folder of a small site
        assert bool(locs) == bool(pages_below), (sitemap, locs)
