"""Render stage: make data strings safe to place inside Markdown (no HTML, no markup, no directives)."""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;"}
_BACKSLASHED = "\\`*_{}[]#!~"
# One pass over the text: HTML characters become entities, Markdown characters get a backslash (the
# '#' of '&#124;' too: Markdown still reads it as the entity, and the result is the same as escaping
# in two passes, which the translation table replaced for speed).
_ESCAPES = str.maketrans({
    **{ch: "\\" + ch for ch in _BACKSLASHED},
    **{ch: "".join("\\" + c if c in _BACKSLASHED else c for c in entity) for ch, entity in _ENTITIES.items()},
})
_MAY_START_A_BLOCK = frozenset("-+=0123456789 \t\r\f\v")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Escape a plain string so that Markdown shows it literally; paragraph breaks survive."""
    if isinstance(text, Markup):
        return str(text)
    text = str(text).translate(_ESCAPES)
    if "\n" not in text and text[:1].isascii() and text[:1] not in _MAY_START_A_BLOCK:
        return text  # most values: one line whose first character cannot start a list or underline
    # list markers and setext underlines at a line start: "- x", "+ x", "1. x" (escape the dot)
    text = _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text)
    return text


def escape_cell(text: str) -> Markup:
    """Escape for a table cell (unless already Markup): all on one line."""
    return Markup(" ".join(escape_markdown(text).split()))


def as_anchor(key: str) -> Markup:
    """An ID (validated snake_case) as an HTML anchor name."""
    return Markup(str(key).replace("_", "-").replace(".", "-"))


def md_link(label: str, url: str) -> Markup:
    """A Markdown link whose target cannot break out of the parentheses."""
    safe_url = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    safe_url = safe_url.replace("(", "%28").replace(")", "%29")
    return Markup(f"[{escape_markdown(label)}]({safe_url})")


def finalize(value: object) -> Markup:
    """Jinja finalize: every value printed by a fragment is escaped once, unless it is already Markup.

    The environment autoescapes, so Jinja wraps macro results in Markup and does not escape them
    twice; returning Markup here keeps Jinja's HTML escaping from touching Markdown-escaped text.
    """
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value
    return Markup(escape_markdown(str(value)))
