"""Site layer: find what the Content-Security-Policy (site/headers.py) would block in a built page, and
what the policy screen (safety/markup.py) refuses: anything loading from another host or running script.

The policy has no 'unsafe-inline': a browser refuses inline scripts, event handlers, style attributes,
<style> elements and javascript: URLs. A page that has one works when opened from disk and breaks
once served with the site's headers, so each build checks every page it wrote. Needs no MkDocs.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import lxml.etree
import lxml.html

from trustsite.errors import Problem
from trustsite.load.cache import Caches
from trustsite.safety.markup import REFUSED_ELEMENTS, screen_element

# <script type> values a browser runs (HTML: a JavaScript MIME type, "module" or no type); any other
# type, such as application/json, is a data block the policy does not concern.
SCRIPT_TYPES = frozenset({
    "", "module", "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href"})
LOADING_ATTRIBUTES = frozenset({"src", "data", "poster"})  # data: is allowed for images only (img-src)
REFUSED = "refused by the Content-Security-Policy"
TO_FILE = "move the script to a file in the theme's custom_dir (overrides/) and list it under extra_javascript"
TO_CLASS = "use a class in a stylesheet in the theme's custom_dir (overrides/) listed under extra_css"


def _scheme(url: str | None) -> str:
    """The scheme of a URL as a browser reads it (whitespace inside is ignored), '' for a relative URL."""
    compact = "".join((url or "").split()).lower()
    scheme, colon, _ = compact.partition(":")
    return scheme if colon and scheme.isalpha() else ""


class _InlineFinder(HTMLParser):
    def __init__(self, file: str, form_origins: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.form_origins = form_origins
        self.problems: list[Problem] = []
        self._inline_script: tuple[int, int] | None = None
        self._script_text = ""

    def _add(self, tag: str, message: str) -> None:
        line, column = self.getpos()
        self.problems.append(Problem(self.file, line, column + 1, f"<{tag}>", message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        for message in screen_element(tag, attrs, prose=False, scripts=False, form_origins=self.form_origins):
            element, _, reason = message.partition(": ")
            if not any(p.line == line and p.column == column + 1 and p.path == element for p in self.problems):
                self.problems.append(Problem(self.file, line, column + 1, element, reason))
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in SCRIPT_TYPES:
            self._inline_script, self._script_text = self.getpos(), ""
        if tag == "style":
            self._add(tag, f"inline <style> element, {REFUSED}; {TO_CLASS}")
        if tag in REFUSED_ELEMENTS:
            return  # refused as a whole above
        for name, value in attrs:
            if name.startswith("on"):
                self._add(tag, f"inline event handler {name}=, {REFUSED}; {TO_FILE}")
            elif name == "style":
                self._add(tag, f"style attribute, {REFUSED}; {TO_CLASS}")
            elif name in URL_ATTRIBUTES and _scheme(value) == "javascript":
                self._add(tag, f"javascript: URL in {name}=, {REFUSED}; {TO_FILE}")
            elif name in LOADING_ATTRIBUTES and _scheme(value) in ("data", "blob") \
                    and not (tag == "img" and _scheme(value) == "data"):
                self._add(tag, f"{_scheme(value)}: URL in {name}=, {REFUSED}; link to a file of the site instead")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._inline_script is not None:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline_script is not None:
            line, column = self._inline_script
            self._inline_script = None
            if self._script_text:  # a browser skips an empty script before the policy sees it
                snippet = " ".join(self._script_text.split())[:60]
                self.problems.append(Problem(self.file, line, column + 1, "<script>",
                                             f"inline script ({snippet!r}), {REFUSED}; {TO_FILE}"))


def _may_break_the_policy(html: str, form_origins: tuple[str, ...] = ()) -> bool:
    """A quick screen with lxml's C parser (six times faster than html.parser on a built site): False
    only when no element could be refused: no inline script with content, <style>, style= or on*=
    attribute, nor any attribute value with a javascript:, data: or blob: scheme. Pages it lets through
    get the exact, located check below."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return True  # empty or unreadable: let the exact check say what it finds
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        tag = tag.lower()
        if tag in REFUSED_ELEMENTS or screen_element(tag, list(element.attrib.items()), prose=False,
                                                     form_origins=form_origins):
            return True
        if tag == "style" or (tag == "script" and element.get("src") is None and element.text
                              and (element.get("type") or "").strip().lower() in SCRIPT_TYPES):
            return True
        for name, value in element.attrib.items():
            name = name.lower()
            if name == "style" or name.startswith("on") or _scheme(value) in ("javascript", "data", "blob"):
                return True
    return False


def find_inline_code(html: str, file: str, form_origins: tuple[str, ...] = ()) -> list[Problem]:
    """Everything in one page that the policy refuses, located by line and column of its tag."""
    if not _may_break_the_policy(html, form_origins):
        return []
    finder = _InlineFinder(file, form_origins)
    finder.feed(html)
    finder.close()
    return finder.problems


MARKUP_RULES = Path(__file__).resolve().parent.parent / "safety" / "markup.py"  # the screen's rules, in the key
SCREENED_CACHE = "csp-screened"  # below the parse cache folder: digests of the pages found clean last time


def check_built_pages(site_dir: Path, project_root: Path, form_origins: tuple[str, ...] = (),
                      cache: Caches | None = None) -> list[Problem]:
    """Every HTML page of a built site checked against the policy, named from the project root when inside it.

    A page whose bytes were found clean by the previous build (with the same rules: this module) is
    not screened again; with a cache folder (`cache`, the build's), a rebuild screens only the pages that changed."""
    site_dir = site_dir.resolve()
    shown = site_dir.relative_to(project_root.resolve()) if site_dir.is_relative_to(project_root.resolve()) else site_dir
    store = cache.below(SCREENED_CACHE, 2) if cache is not None else None
    key = hashlib.sha256(b"screened 2\0" + Path(__file__).read_bytes() + MARKUP_RULES.read_bytes()
                         + "\0".join(form_origins).encode()).digest()
    clean_before = store.get(key) if store is not None else None
    if not isinstance(clean_before, set):
        clean_before = set()
    clean: set[bytes] = set()
    problems: list[Problem] = []
    for page in sorted(site_dir.rglob("*.html")):
        raw = page.read_bytes()
        digest = hashlib.sha256(raw).digest()
        if digest not in clean_before:
            found = find_inline_code(raw.decode("utf-8", errors="replace"), (shown / page.relative_to(site_dir)).as_posix(),
                                     form_origins)
            if found:
                problems += found
                continue
        clean.add(digest)
    if store is not None and clean != clean_before:
        store.put(key, clean)
    return problems
