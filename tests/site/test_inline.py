"""Each build refuses pages that the site's Content-Security-Policy would break (hooks/trustsite/site/inline.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.helpers import build_site
from trustsite.site.inline import find_inline_code

TO_FILE = "refused by the Content-Security-Policy; move the script to a file in the theme's custom_dir (overrides/) and list it under extra_javascript"
TO_CLASS = "refused by the Content-Security-Policy; use a class in a stylesheet in the theme's custom_dir (overrides/) listed under extra_css"


@pytest.mark.parametrize(("html", "expected"), [
    ("<script>alert(1)</script>", f"p.html:1:1: <script>: inline script ('alert(1)'), {TO_FILE}"),
    ('<p>\n  <script type="module">run()</script>', f"p.html:2:3: <script>: inline script ('run()'), {TO_FILE}"),
    ('<script type="text/javascript"> </script>', f"p.html:1:1: <script>: inline script (''), {TO_FILE}"),
    ('<a href="#" onclick="go()">', f"p.html:1:1: <a>: inline event handler onclick=, {TO_FILE}"),
    ('<body onload="go()">', f"p.html:1:1: <body>: inline event handler onload=, {TO_FILE}"),
    ('<span style="color: red">', f"p.html:1:1: <span>: style attribute, {TO_CLASS}"),
    ("<style>p { color: red }</style>", f"p.html:1:1: <style>: inline <style> element, {TO_CLASS}"),
    ('<a href=" Java\nScript:void(0)">', f"p.html:1:1: <a>: javascript: URL in href=, {TO_FILE}"),
    ('<form action="javascript:go()">', f"p.html:1:1: <form>: javascript: URL in action=, {TO_FILE}"),
    ('<iframe src="data:text/html,hi">', "p.html:1:1: <iframe>: embeds another document, which can load from any"
                                         " host and run script; the site loads nothing from another host and runs no"
                                         " script but its own; remove it"),
    ('<video src="data:video/mp4,x">', "p.html:1:1: <video>: data: URL in src=, refused by the"
                                       " Content-Security-Policy; link to a file of the site instead"),
    ('<script src="blob:https://x/1"></script>', "p.html:1:1: <script>: blob: URL in src=, refused by the"
                                                 " Content-Security-Policy; link to a file of the site instead"),
])
def test_what_the_policy_refuses_is_located(html: str, expected: str) -> None:
    assert [p.format() for p in find_inline_code(html, "p.html")] == [expected]


@pytest.mark.parametrize("html", [
    '<script id="__config" type="application/json">{"base": "."}</script>',  # Material's configuration: data
    '<script type="application/ld+json">{}</script>',
    '<script src="assets/javascripts/bundle.js"></script>',
    "<script></script>",  # nothing to run: a browser skips it before the policy sees it
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',  # img-src allows data:
    '<a href="javascript-guide/">', '<a href="/online/">', '<div data-onclick="x" data-style="y">',
    "<p>onclick=go() and style=red in running text</p>",
])
def test_what_the_policy_allows_passes(html: str) -> None:
    assert find_inline_code(html, "p.html") == []


@pytest.mark.slow
def test_a_style_attribute_in_content_fails_the_build(minimal_copy: Path) -> None:
    # the home page: the statement's prose is what its released version says, a change there fails first
    page = minimal_copy / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + '\nA paragraph styled inline.\n{: style="color: red" }\n',
                    encoding="utf-8")
    result = build_site(minimal_copy, minimal_copy / "site")
    assert result.returncode == 1
    assert "trustsite: the built pages break the site's Content-Security-Policy (hooks/trustsite/site/headers.py)." \
        in result.stderr
    assert re.search(rf"^site/index\.html:\d+:\d+: <p>: style attribute, {re.escape(TO_CLASS)}$",
                     result.stderr, re.M), result.stderr
    assert "1 error in site/" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_form_may_post_only_to_the_list_provider_the_policy_allows() -> None:
    from trustsite.site.inline import find_inline_code

    page = '<!doctype html><html><body><form action="https://lists.example.com/subscription/form" method="post"></form></body></html>\n'
    assert find_inline_code(page, "page.html", ("https://lists.example.com",)) == []
    refused = find_inline_code(page, "page.html", ("https://other.example.net",))
    assert [p.format() for p in refused] == [
        "page.html:1:28: <form>: sends the form to another host (https://lists.example.com/subscription/form); the site"
        " loads nothing from another host and runs no script but its own; remove it"]
