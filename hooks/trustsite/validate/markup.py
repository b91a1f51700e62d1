"""Validate stage: the policy screen (safety/markup.py) over prose and data, located in the source.

Raw HTML in a Markdown page and Markdown images are screened where the editor wrote them (code blocks and
code spans are text, not markup, and are skipped); data values are screened too, since a value holding
markup was meant to be markup, which the fragments never let through (they escape every value)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trustsite.errors import Problem
from trustsite.load.yamlsrc import Located
from trustsite.safety.markup import REMOVE, another_host, screen_html

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
# ![alt](url "title") and ![alt][ref] with [ref]: url, the image syntaxes of Markdown
_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
_REF_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\[([^\]]*)\]")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def mask_code(text: str) -> str:
    """The text with fenced code blocks and code spans replaced by spaces (lines and columns kept)."""
    lines = text.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            lines[i] = " " * len(line)
        elif in_fence:
            lines[i] = " " * len(line)
    masked = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def screen_prose(text: str, file: str) -> list[Problem]:
    """Every element of a content page that the policy refuses: raw HTML, and images from another host."""
    masked = mask_code(text)
    problems = screen_html(masked, file, prose=True)
    references = {label.lower(): url for label, url in _REF_DEF.findall(masked)}
    for match in _IMAGE.finditer(masked):
        if another_host(match.group(1)):
            problems.append(Problem(file, *_position(masked, match.start()), "<img>",
                                    f"loads an image from another host ({match.group(1)}), which tells that host who "
                                    f"reads the page; {REMOVE} or put the image in the content folder"))
    for match in _REF_IMAGE.finditer(masked):
        url = references.get(match.group(1).lower())
        if url is not None and another_host(url):
            problems.append(Problem(file, *_position(masked, match.start()), "<img>",
                                    f"loads an image from another host ({url}), which tells that host who reads the "
                                    f"page; {REMOVE} or put the image in the content folder"))
    return problems


def screen_data(located: Located) -> list[Problem]:
    """Every data value that holds markup the policy refuses, located at the value."""
    problems: list[Problem] = []
    for path, value in _strings(located.data, ()):
        if "<" not in value:
            continue
        found = screen_html(value, located.file, prose=True)
        if found:
            line, column = located.position(path)
            more = f" (and {len(found) - 1} more element{'s' if len(found) > 2 else ''})" if len(found) > 1 else ""
            problems.append(Problem(located.file, line, column, _format(path), f"holds HTML markup: {found[0].path}: "
                                    f"{found[0].message}{more}; a value is shown as text, never as markup"))
    return problems


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _format(path: tuple) -> str:
    from trustsite.errors import format_path

    return format_path(path)
