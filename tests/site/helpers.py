"""Helpers for end-to-end tests: build a project with MkDocs in a subprocess and read its pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup

MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_site(project: Path, out: Path, today: str | None = None, no_cache: bool = False,
               jobs: int = 1) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project into `out`, as the web team runs it.

    A project that lists the hook file runs the plugin with its default options, so a build on a given date
    (`today`), without the cache (`no_cache`) or in several processes (`jobs`) is `trustsite build --today/
    --no-cache/--jobs`, which sets them on the plugin (its site's strictness is mkdocs.yml's `strict`, true in
    every fixture)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if today is None and not no_cache and jobs == 1:
        command = [*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    else:
        command = [sys.executable, "-m", "trustsite.cli", "build", "--root", str(project), "-d", str(out),
                   *(["--today", today] if today is not None else []), *(["--no-cache"] if no_cache else []),
                   "--jobs", str(jobs)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)


@dataclass(frozen=True)
class SiteFacts:
    """What a project says about its own site, read from its mkdocs.yml and folders (not from the engine):
    the languages it builds (default first), each language's site name, the pages of its content folder
    (as base names such as 'index', 'privacy/index', 'trust/changes') and the versions of its data/versions.yml
    that its archive/ holds."""

    languages: list[str]
    default: str
    site_names: dict[str, str]
    bases: list[str]
    versions: list[str]

    @property
    def all_bases(self) -> list[str]:
        """The content pages and the pages the engine generates: the versions list, and for each
        archived version its statement and what changed (trustsite.versions.pages)."""
        from trustsite.versions.pages import LIST_PAGE, changes_page, version_page

        generated = [LIST_PAGE] + [page(vid) for vid in self.versions for page in (version_page, changes_page)]
        return self.bases + [src.removesuffix(".md") for src in generated]

    def url(self, base: str, language: str) -> str:
        """A page's site-relative URL: ('trust/changes', 'de') -> 'de/trust/changes/'."""
        folder = "" if base == "index" else base.removesuffix("/index") + "/"
        return self.prefix(language) + folder

    def prefix(self, language: str) -> str:
        return "" if language == self.default else f"{language}/"

    def page(self, site: Path, base: str, language: str) -> Path:
        """Where MkDocs (use_directory_urls) writes a page: trust/changes -> trust/changes/index.html."""
        return site / self.url(base, language) / "index.html"

    def language_of(self, site: Path, page: Path) -> str:
        """The language a built file belongs to, by its folder: /de/... is German, the rest the default."""
        top = page.relative_to(site).parts[0]
        return top if top in self.languages and top != self.default else self.default

    def page_of(self, site: Path, page: Path) -> str:
        """A built file's path after its language's folder: de/trust/changes/index.html -> trust/changes/index.html."""
        parts = page.relative_to(site).parts
        return "/".join(parts[1:] if self.language_of(site, page) != self.default else parts)


def site_facts(project: Path) -> SiteFacts:
    from tests.conftest import read_mkdocs_config

    config = read_mkdocs_config(project)
    plugins = config.get("plugins") or []
    i18n = next((p["i18n"] for p in plugins if isinstance(p, dict) and "i18n" in p), None) or {}
    entries = [entry for entry in i18n.get("languages") or [] if entry.get("build", True)]
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    default = next((e["locale"] for e in entries if e.get("default")), theme.get("language") or "en")
    languages = [default] + [e["locale"] for e in entries if e["locale"] != default]
    names = {e["locale"]: e.get("site_name") or config["site_name"] for e in entries}
    names[default] = config["site_name"]
    content = project / (config.get("docs_dir") or "docs")
    suffixes = tuple(f".{lang}" for lang in languages)
    bases = sorted(p.relative_to(content).with_suffix("").as_posix() for p in content.rglob("*.md")
                   if not p.stem.endswith(suffixes))
    import yaml

    released = (yaml.safe_load((project / "data" / "versions.yml").read_text(encoding="utf-8")) or {}).get("versions")
    archive = project / "archive"  # a version has pages when it is released and its statement archived
    versions = sorted(p.name for p in archive.iterdir() if p.is_dir() and p.name in (released or {})) \
        if archive.is_dir() else []
    return SiteFacts(languages, default, {lang: names[lang] for lang in languages}, bases, versions)


def link_target(site: Path, page: Path, href: str) -> Path:
    """The file of the site a link on a page leads to, as a browser resolves it (relative or root-absolute)."""
    url = "/" + page.relative_to(site).as_posix()
    path = urlparse(urljoin(url, href)).path.lstrip("/")
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def built_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (MkDocs' search and theme assets aside)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("assets", "search"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_text(path: Path) -> str:
    """The visible text of a page's main content, whitespace folded."""
    article = soup(path).find("article")
    return " ".join(article.get_text(" ").split())


LOADING_ATTRS = {  # elements whose attribute makes a browser fetch something
    "script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src",
    "video": "src", "embed": "src", "track": "src", "object": "data", "input": "src",
}
LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def external_loads(site: Path) -> list[str]:
    """Every URL on another host that a browser would load from any built HTML or CSS file."""
    found = []
    for page in site.rglob("*.html"):
        doc = soup(page)
        urls = []
        for tag, attr in LOADING_ATTRS.items():
            urls += [el.get(attr) for el in doc.find_all(tag) if el.get(attr)]
        for el in doc.find_all(srcset=True):
            urls += [part.split()[0] for part in el["srcset"].split(",") if part.strip()]
        for el in doc.find_all("link", href=True):
            if LOADING_RELS & set(el.get("rel") or []):
                urls.append(el["href"])
        for el in doc.find_all(style=True):
            urls += [m[0] or m[1] for m in CSS_URL.findall(el["style"])]
        for el in doc.find_all("style"):
            urls += [m[0] or m[1] for m in CSS_URL.findall(el.get_text())]
        found += [f"{page.relative_to(site)}: {u}" for u in urls if _is_external(u)]
    for css in site.rglob("*.css"):
        for m in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            url = m[0] or m[1]
            if _is_external(url):
                found.append(f"{css.relative_to(site)}: {url}")
    return found


def _is_external(url: str) -> bool:
    parsed = urlparse(urljoin("https://self.invalid/", url.strip()))
    return parsed.scheme in ("http", "https") and parsed.netloc != "self.invalid"


def serve_directory(directory: Path, headers: list[tuple[str, str]] | None = None):
    """Serve a built site on 127.0.0.1 (a free port) in a thread; returns (server, base_url).

    Responses carry `headers` (such as the site's security headers) when given, and a `LinkChecker` header:
    LinkChecker sends more than 10 requests a second (tests/site/linkcheckerrc) only to a server that sends it.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            self.send_header("LinkChecker", "local test server")
            for name, value in headers or ():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def linkcheck_site(site: Path) -> subprocess.CompletedProcess[str]:
    """Serve a built site on loopback and run LinkChecker over it."""
    server, url = serve_directory(site)
    try:
        return run_linkchecker(url)
    finally:
        server.shutdown()


def run_linkchecker(base_url: str) -> subprocess.CompletedProcess[str]:
    """LinkChecker over a served site: internal links only (no network here), bounded in time."""
    exe = Path(sys.executable).with_name("linkchecker")
    return subprocess.run(
        [str(exe), "--no-status", "--no-warnings", "-o", "text", "--timeout", "10",
         "--config", str(Path(__file__).with_name("linkcheckerrc")), base_url],
        capture_output=True, text=True, timeout=300,
    )


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page at `url`, or None while the server is not answering."""
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float, step: float = 0.1) -> bool:  # noqa: ANN001
    """Whether `predicate()` became true within `seconds`, asked every `step` seconds."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
