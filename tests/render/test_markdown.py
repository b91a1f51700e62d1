"""Data strings reach the page as text: no HTML, no Markdown, no directives, in any field."""

from __future__ import annotations

import markdown
import pytest

from trustsite.render.markdown import escape_cell, escape_markdown, md_link

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "**bold** _it_ `code`",
    "# heading",
    "- item",
    "1. item",
    "| a | b |",
    "{: onclick=alert(1) }",
    "{{ purposes }}",
    "a & b &amp; c",
    "![img](https://tracker.example.net/p.gif)",
    "\\*escaped\\*",
]


def render(md: str) -> str:
    return markdown.markdown(md, extensions=["tables", "attr_list", "def_list", "admonition"])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_literally(text: str) -> None:
    html = render(escape_markdown(text))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    assert "<h1" not in html and "<li>" not in html and "<table>" not in html
    plain = html.removeprefix("<p>").removesuffix("</p>")
    import html as html_lib

    assert html_lib.unescape(plain) == text


def test_cell_keeps_a_table_intact() -> None:
    cell = escape_cell("x | y\nz")
    table = f"| a | b |\n|---|---|\n| {cell} | ok |\n"
    html = render(table)
    assert html.count("<td>") == 2 and "x | y z" in html.replace("&#124;", "|")


def test_link_target_cannot_break_out() -> None:
    html = render(md_link("Example", "https://example.net/a(b)c d"))
    assert 'href="https://example.net/a%28b%29c%20d"' in html
