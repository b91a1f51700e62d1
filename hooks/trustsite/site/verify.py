"""Site layer: `trustsite verify SITE` — a built site is what trustsite promises, whatever generator built
it (MkDocs, ProperDocs, Zensical): no directive left unexpanded, every language and page, every export,
the headers file and the in-page policy current. Reads files only; imports no MkDocs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from trustsite.errors import Problem
from trustsite.export.write import stub_paths
from trustsite.model.files import Project
from trustsite.site.headers import meta_content_security_policy, render_headers_file
from trustsite.versions.pages import generated_pages

LEFTOVER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{|\{%")
_SKIPPED = frozenset({"pre", "code", "script", "style", "textarea"})


class _Page(HTMLParser):
    """The visible text of a page outside code (with its lines), its <html lang> and its meta policy."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.lang: str | None = None
        self.meta_policy: str | None = None
        self.leftovers: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.meta_policy = values.get("content")
        if tag in _SKIPPED:
            self.skipping += 1
        for name, value in values.items():  # an unexpanded directive in an attribute (title, alt, href)
            if name not in ("content", "data-md-component") and LEFTOVER.search(value):
                self.leftovers.append((self.getpos()[0], LEFTOVER.search(value).group()))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        for found in LEFTOVER.finditer(data):
            line = self.getpos()[0] + data.count("\n", 0, found.start())
            self.leftovers.append((line, found.group()))


def page_paths(project: Project, language: str) -> list[str]:
    """Site-relative paths of the HTML pages of one language (directory URLs, as mkdocs.yml sets them)."""
    prefix = "" if language == project.default_language else f"{language}/"
    sources = [page.base for page in project.content.pages.values() if page.language == language]
    sources += [src.removesuffix(".md") for src in generated_pages(project.root, project)]
    paths = []
    for base in sources:
        folder = base.removesuffix("index").rstrip("/")
        paths.append(f"{prefix}{folder}/index.html" if folder else f"{prefix}index.html")
    return sorted(set(paths))


def verify_site(site: Path, project: Project, https: bool) -> list[Problem]:
    """Everything wrong with a built site, each named by its path below the site folder."""
    site = Path(site)
    problems: list[Problem] = []
    shown = site.name or site.as_posix()

    def add(rel: str, message: str, line: int = 0) -> None:
        problems.append(Problem(f"{shown}/{rel}", line, 1 if line else 0, "", message))

    if not site.is_dir():
        return [Problem(shown, 0, 0, "", "not a folder; build the site first")]
    for language in project.languages:
        missing = [rel for rel in page_paths(project, language) if not (site / rel).is_file()]
        if len(missing) == len(page_paths(project, language)):
            add(f"{'' if language == project.default_language else language + '/'}index.html",
                f"missing: no page of language '{language}' was built")
            continue
        for rel in missing:
            add(rel, f"missing: the '{language}' page was not built")
        for rel in stub_paths(project, language):
            if not (site / rel).is_file():
                add(rel, "missing: an export or document the pages link to")
    expected_meta = meta_content_security_policy()
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        parsed = _Page()
        parsed.feed(page.read_text(encoding="utf-8", errors="replace"))
        parsed.close()
        for line, text in parsed.leftovers:
            add(rel, f"leftover directive {text!r}: the generator did not expand it (did trustsite run as its hook "
                     "or plugin?)", line)
        if parsed.meta_policy != expected_meta:
            add(rel, "missing Content-Security-Policy meta element" if parsed.meta_policy is None else
                f"stale Content-Security-Policy meta element: {parsed.meta_policy!r}, expected {expected_meta!r}")
        language = rel.split("/", 1)[0] if rel.split("/", 1)[0] in project.languages else project.default_language
        if parsed.lang is not None and parsed.lang.split("-")[0].lower() != language.split("_")[0].lower() \
                and rel != "404.html":
            add(rel, f"in the '{language}' part of the site but marked <html lang=\"{parsed.lang}\">")
    headers = site / "_headers"
    if not headers.is_file():
        add("_headers", "missing: hosts that read it (Netlify, Cloudflare Pages) would serve the site without its "
                        "security headers; run trustsite build")
    elif headers.read_text(encoding="utf-8") != render_headers_file(https):
        add("_headers", "stale: it differs from the headers trustsite sends (site/headers.py); build the site again")
    return sorted(problems)
