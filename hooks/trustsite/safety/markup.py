"""Safety: the policy screen — HTML that loads from another host or can run script is refused.

The promise "this site loads nothing from another host and runs no script but its own" must hold on every
host, including those that send no Content-Security-Policy header (GitHub Pages). So the elements that
would break it are refused where they are written: in the prose of content/ (raw HTML in Markdown), in
data values, and in every page of a built site (theme overrides, fragments), each named with its file,
line and element. The rules are one table, REFUSED_ELEMENTS and the checks in `screen_element`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from trustsite.errors import Problem

REMOVE = "the site loads nothing from another host and runs no script but its own; remove it"
# Elements refused wherever they stand, with why.
REFUSED_ELEMENTS: dict[str, str] = {
    "iframe": "embeds another document, which can load from any host and run script",
    "frame": "embeds another document, which can load from any host and run script",
    "frameset": "embeds other documents, which can load from any host and run script",
    "object": "embeds plugin or foreign content, which can load from any host and run script",
    "embed": "embeds plugin content, which can load from any host and run script",
    "applet": "embeds a Java applet, which runs code",
    "portal": "embeds another document",
    "base": "changes where every relative link and script of the page points",
}
# Elements refused in prose and data (the theme writes its own <script src> and <link rel=stylesheet>).
PROSE_ONLY: dict[str, str] = {
    "script": "runs script",
    "link": "loads a resource into the page",
    "meta": "changes how the page behaves (redirects, policies)",
    "form": "sends what readers type to wherever its action points",
    "style": "styles the page from prose",
}
LOADING_RELS = frozenset({"stylesheet", "icon", "shortcut", "preload", "prefetch", "modulepreload", "manifest",
                          "apple-touch-icon", "preconnect", "dns-prefetch", "prerender", "import"})
# Attributes whose URL a browser fetches as the page loads (or on a click, for ping).
LOADING_URL_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "ping",
                                    "codebase", "archive", "manifest", "imagesrcset"})
SVG_LOADING = frozenset({"image", "use", "feimage", "script", "animate", "set", "animatemotion", "animatetransform"})
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
# Attributes holding a URL or code in HTML and SVG: a script scheme in any of them runs when followed or
# animated (<animate attributeName="href" to="javascript:...">).
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background",
                            "cite", "longdesc", "usemap", "to", "from", "values", "by", "ping", "srcset"})


_CSP_CHECKED = frozenset({"href", "src", "action", "formaction", "data", "poster", "xlink:href"})  # site/inline.py's


def scheme_of(url: str | None) -> str:
    """The scheme of a URL as a browser reads it (whitespace and control characters inside are ignored)."""
    compact = "".join(ch for ch in (url or "") if ch > " ").lower()
    scheme, colon, _ = compact.partition(":")
    return scheme if colon and scheme.isalpha() else ""


def another_host(url: str | None) -> bool:
    """Whether loading `url` asks another host: an absolute URL with a host, or a protocol-relative //host."""
    compact = "".join(ch for ch in (url or "") if ch > " ")
    if compact.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    scheme = scheme_of(compact)
    if scheme in ("", "data", "blob", "about") or scheme in SCRIPT_SCHEMES:
        return False
    try:
        return bool(urlsplit(compact).netloc) or scheme not in ("mailto", "tel")
    except ValueError:
        return True


def _origin(url: str) -> str:
    """scheme://host[:port] of an absolute URL ('' when it has none)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def screen_element(tag: str, attrs: list[tuple[str, str | None]], *, prose: bool, scripts: bool = True,
                   form_origins: tuple[str, ...] = ()) -> list[str]:
    """Why the element is refused ('<iframe>: embeds ...'), one message per reason; [] when it is fine.
    `prose`: written by an editor (content, data), where no script or resource link is needed at all.
    `scripts=False` leaves event handlers and script URLs to a caller that reports them itself (site/inline.py).
    `form_origins`: the origins the site's policy lets a form post to (a signup form's list provider,
    data/subscriptions.yml); a form posting anywhere else is refused."""
    tag = tag.lower()
    values = {name.lower(): value or "" for name, value in attrs}
    found: list[str] = []
    if tag in REFUSED_ELEMENTS:  # one message: the element goes, whatever its attributes
        return [f"<{tag}>: {REFUSED_ELEMENTS[tag]}; {REMOVE}"]
    if prose and tag in PROSE_ONLY and not (tag == "meta" and "http-equiv" not in values):
        return [f"<{tag}>: {PROSE_ONLY[tag]}; {REMOVE}"]
    if tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
        if not prose:
            found.append(f"http-equiv=refresh sends every reader to another page; {REMOVE}")
    if tag == "script" and not prose and another_host(values.get("src")):
        found.append(f"loads script from another host ({values['src']}); {REMOVE}")
    if tag == "link" and not prose and LOADING_RELS & set(values.get("rel", "").lower().split()) \
            and another_host(values.get("href")):
        found.append(f"loads {values.get('rel')} from another host ({values['href']}); {REMOVE}")
    if tag == "form" and not prose and another_host(values.get("action")) \
            and _origin(values.get("action", "")) not in form_origins:
        found.append(f"sends the form to another host ({values['action']}); {REMOVE}")
    for name, value in values.items():
        if name.startswith("on"):
            if scripts:
                found.append(f"event handler {name}= runs script; {REMOVE}")
        elif name == "srcdoc":
            found.append(f"srcdoc= embeds a document that can run script; {REMOVE}")
        elif name in URL_ATTRIBUTES and scheme_of(value) in SCRIPT_SCHEMES:
            if scripts or scheme_of(value) != "javascript" or name not in _CSP_CHECKED:
                found.append(f"{scheme_of(value)}: URL in {name}= runs script; {REMOVE}")
        elif name in LOADING_URL_ATTRIBUTES or (name in ("href", "xlink:href") and tag in SVG_LOADING):
            urls = _srcset_urls(value) if name.endswith("srcset") else [value]
            far = next((url for url in urls if another_host(url)), None)
            if far is not None:
                found.append(f"{name}= loads from another host ({far}); {REMOVE}")
    return [f"<{tag}>: {message}" for message in found]


class _Screen(HTMLParser):
    def __init__(self, file: str, prose: bool, line_offset: int, column_offset: int) -> None:
        super().__init__(convert_charrefs=True)
        self.file, self.prose = file, prose
        self.line_offset, self.column_offset = line_offset, column_offset
        self.problems: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        for message in screen_element(tag, attrs, prose=self.prose):
            element, _, reason = message.partition(": ")
            self.problems.append(Problem(self.file, line + self.line_offset,
                                         column + 1 + (self.column_offset if line == 1 else 0), element, reason))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def screen_html(html: str, file: str, *, prose: bool, line_offset: int = 0, column_offset: int = 0) -> list[Problem]:
    """Every refused element of an HTML text, located by the line and column of its tag."""
    if "<" not in html:
        return []
    screen = _Screen(file, prose, line_offset, column_offset)
    screen.feed(html)
    screen.close()
    return screen.problems
