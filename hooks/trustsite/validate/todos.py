"""Validate stage: the TODO markers a skeleton from `trustsite init` leaves in pages, data and mkdocs.yml.

Warnings, not errors: a skeleton is a valid project that builds, but it is not finished, and every place
that still needs the organisation's own facts or words is listed with its file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from trustsite.errors import Problem
from trustsite.model.content import ContentSet
from trustsite.model.files import DATA_FILES
from trustsite.load.directives import FENCE

MARKER = "TODO"
_MARKER = re.compile(r"\bTODO\b")
_AFTER = re.compile(r"\bTODO\b\s*:\s*(?P<rest>.*)")


def _what(line: str, column: int) -> str:
    """The note after 'TODO:' (without the closing of a comment or a quote), or the line itself ('street: TODO')."""
    found = _AFTER.match(line, column)
    if found and found["rest"].strip():
        return found["rest"].strip().removesuffix("-->").strip().strip("'\"").strip()
    return line.strip().lstrip("#").strip()


def _scan(text: str, file: str, kind: str, *, fenced: bool = False) -> list[Problem]:
    if MARKER not in text:
        return []
    problems = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if fenced and FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        found = _MARKER.search(line)
        if found is not None:
            problems.append(Problem(file, number, found.start() + 1, "",
                                    f"TODO left in the {kind}: {_what(line, found.start())}", severity="warning"))
    return problems


def find_todos(root: Path, content: ContentSet | None) -> list[Problem]:
    """Every line of the pages, the data files and mkdocs.yml that still holds a TODO marker."""
    problems = []
    if content is not None:
        for page in content.pages.values():
            problems.extend(_scan(page.text, page.file, "page", fenced=True))
    for spec in DATA_FILES:
        path = root / "data" / spec.name
        if path.is_file():
            problems.extend(_scan(path.read_text(encoding="utf-8", errors="replace"), f"data/{spec.name}", "data"))
    config = root / "mkdocs.yml"
    if config.is_file():
        problems.extend(_scan(config.read_text(encoding="utf-8", errors="replace"), "mkdocs.yml", "configuration"))
    return problems
