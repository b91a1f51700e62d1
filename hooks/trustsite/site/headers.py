"""Site layer: the HTTP response headers the built site is served with, one table for every host.

The Content-Security-Policy is what every built page must satisfy (checked by site/inline.py in each
build). The same table writes `_headers` into the built site (Netlify, Cloudflare Pages) and the
examples in hosting/ for other servers:

    trustsite headers --write hosting    # regenerate the examples
    trustsite headers --check hosting    # exit 1 when they are stale

Needs no MkDocs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Directive:
    name: str
    value: str
    reason: str


# No worker-src: Material's search worker is a file of the site (assets/javascripts/workers/), which
# default-src allows (worker-src falls back to script-src, then default-src), as it allows the worker's
# importScripts of the lunr language files and its fetch of search/search_index.json.
CSP_DIRECTIVES: tuple[Directive, ...] = (
    Directive("default-src", "'self'",
              "scripts, styles, fonts, frames, fetches and workers come from the site itself: no CDN, font or"
              " analytics host, and no inline script, style or event handler"),
    Directive("img-src", "'self' data:",
              "Material's stylesheet draws its icons as data: SVG images (CSS masks); an image cannot run script"),
    Directive("object-src", "'none'", "no plugin content (<object>, <embed>)"),
    Directive("base-uri", "'self'", "an injected <base> cannot send the relative links and scripts elsewhere"),
    Directive("form-action", "'self'", "the site's forms (search, colour palette) never submit to another host; a"
              " signup form adds exactly its list provider's origin (content_security_policy)"),
    Directive("frame-ancestors", "'none'", "no other site may frame the notice (clickjacking)"),
)


def content_security_policy(form_origins: tuple[str, ...] = ()) -> str:
    """The policy; `form_origins` are the origins a signup form posts to (data/subscriptions.yml), allowed in
    form-action and nowhere else: nothing is loaded from them before the reader submits."""
    return "; ".join(f"{d.name} {d.value}" + ("".join(f" {o}" for o in form_origins) if d.name == "form-action" else "")
                     for d in CSP_DIRECTIVES)


# Directives a <meta http-equiv="Content-Security-Policy"> cannot carry (CSP Level 3, section 3.3 and the
# directives' own sections): browsers ignore them there, so only the response header sends them. A meta
# element cannot set X-Frame-Options either: on a host without headers, other sites can frame the notice
# (docs/security.md says so).
META_UNSUPPORTED = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})


def meta_content_security_policy() -> str:
    """The policy every page carries in a <meta http-equiv> element, for hosts that send no headers (GitHub
    Pages): the header's directives less those a meta policy cannot carry."""
    return "; ".join(f"{d.name} {d.value}" for d in CSP_DIRECTIVES if d.name not in META_UNSUPPORTED)


@dataclass(frozen=True)
class Header:
    name: str
    value: str
    reason: str
    https_only: bool = False


HEADERS: tuple[Header, ...] = (
    Header("Content-Security-Policy", content_security_policy(), "see CSP_DIRECTIVES"),
    Header("Referrer-Policy", "no-referrer",
           "the sites the notice links to (authorities, sub-processors) are not told who came from it"),
    Header("X-Content-Type-Options", "nosniff", "a file runs or renders only as the type it is served as"),
    Header("X-Frame-Options", "DENY", "frame-ancestors 'none' for browsers that predate it"),
    Header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()",
           "the site uses none of these; interest-cohort opts its readers out of interest grouping (FLoC)"),
    Header("Cross-Origin-Opener-Policy", "same-origin", "a window opened by another site cannot reach this one"),
    Header("Strict-Transport-Security", "max-age=31536000",
           "HTTPS only, for a year after a visit; only for a site served over HTTPS (site_url https://), since"
           " it would lock readers out of a site without TLS; no includeSubDomains: the domain's other hosts"
           " are not the trust center's to decide", https_only=True),
)


def security_headers(https: bool, form_origins: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(name, value) of every header to send; Strict-Transport-Security only for a site served over HTTPS."""
    return [(h.name, content_security_policy(form_origins) if h.name == "Content-Security-Policy" else h.value)
            for h in HEADERS if https or not h.https_only]


# Files whose name says nothing of their type (RFC 9727 section 4: the api-catalog is a linkset with a profile).
CONTENT_TYPES: dict[str, str] = {
    "/.well-known/api-catalog": 'application/linkset+json; profile="https://www.rfc-editor.org/info/rfc9727"',
}


GENERATED = ("Generated from hooks/trustsite/site/headers.py by"
             " `trustsite headers --write hosting`; do not edit.")


def render_headers_file(https: bool, form_origins: tuple[str, ...] = ()) -> str:
    """`_headers` of Netlify and Cloudflare Pages: the headers for every path of the site, and the type of the
    files whose name does not give it."""
    lines = ["# Netlify and Cloudflare Pages read this file from the published folder, where each build writes it.",
             "# Generated from hooks/trustsite/site/headers.py; do not edit.", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers(https, form_origins)]
    for path, media_type in CONTENT_TYPES.items():
        lines += [path, f"  Content-Type: {media_type}"]
    return "\n".join(lines) + "\n"


def render_nginx() -> str:
    lines = [f"# {GENERATED}",
             "# nginx: include this file in the server { } block that serves the built site over HTTPS.",
             "# `always` sends the headers with error pages too. A location { } block with an add_header of its",
             "# own drops all of these: include the file again in such a block.",
             "# Strict-Transport-Security belongs only in the HTTPS server block."]
    lines += [f'add_header {name} "{value}" always;' for name, value in security_headers(https=True)]
    return "\n".join(lines) + "\n"


def render_apache() -> str:
    lines = [f"# {GENERATED}",
             "# Apache: copy this file to the built site as .htaccess (AllowOverride FileInfo), or put the",
             "# lines in the <VirtualHost>. Needs mod_headers (a2enmod headers); there is deliberately no",
             "# <IfModule>: without the module the site fails loudly instead of going out without its policy."]
    for header in HEADERS:
        condition = ' "expr=%{HTTPS} == \'on\'"' if header.https_only else ""
        lines.append(f'Header always set {header.name} "{header.value}"{condition}')
    return "\n".join(lines) + "\n"


def render_caddy() -> str:
    lines = [f"# {GENERATED}",
             "# Caddy: paste this snippet into the Caddyfile and `import trustsite_headers` in the site block.",
             "(trustsite_headers) {", "\theader {"]
    lines += [f'\t\t{name} "{value}"' for name, value in security_headers(https=True)]
    lines += ["\t}", "}"]
    return "\n".join(lines) + "\n"


def _header_list(key: str = "key") -> list[dict[str, str]]:
    return [{key: name, "value": value} for name, value in security_headers(https=True)]


def render_firebase() -> str:
    """firebase.json (JSON has no comments: see hosting for where it comes from)."""
    config = {"hosting": {"public": "site", "headers": [{"source": "**", "headers": _header_list()}]}}
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


def render_vercel() -> str:
    config = {"outputDirectory": "site", "headers": [{"source": "/(.*)", "headers": _header_list()}]}
    return json.dumps(config, indent=2, ensure_ascii=False) + "\n"


HOST_FILES: dict[str, Callable[[], str]] = {
    "_headers": lambda: render_headers_file(https=True),
    "nginx.conf": render_nginx,
    "apache.htaccess": render_apache,
    "Caddyfile": render_caddy,
    "firebase.json": render_firebase,
    "vercel.json": render_vercel,
}


def render_host_files() -> dict[str, str]:
    """Every example in hosting/, by file name."""
    return {name: render() for name, render in HOST_FILES.items()}


def stale_host_files(directory: Path) -> list[str]:
    """Names of the examples in `directory` that are missing or differ from the table."""
    return [name for name, text in render_host_files().items()
            if not (directory / name).is_file() or (directory / name).read_text(encoding="utf-8") != text]


def write_host_files(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in render_host_files().items():
        (directory / name).write_text(text, encoding="utf-8")


def write_headers_file(site_dir: Path, https: bool, form_origins: tuple[str, ...] = ()) -> Path:
    path = site_dir / "_headers"
    path.write_text(render_headers_file(https, form_origins), encoding="utf-8")
    return path
