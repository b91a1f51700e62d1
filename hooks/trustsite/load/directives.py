"""Load stage: the directive grammar of content Markdown — where a `{{ name }}` directive is, whether it is
known, and what only looks like one. Expanding them for one language is render/expand.py's part.

A block directive (`{{ purposes }}`) stands alone on its line and becomes Markdown from a fragment
template in fragments/; an inline directive (`{{ controller.legal_name }}`) becomes one escaped value
inside a sentence. Code blocks are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from trustsite.errors import Problem, did_you_mean

DIRECTIVE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")
FENCE = re.compile(r"^\s*(```|~~~)")

# Block directives: name -> the fragment template it renders (templates/fragments/, or the project's overrides/).
BLOCKS: dict[str, str] = {
    "version": "version.md",
    "regimes": "regimes.md",
    "controller": "controller.md",
    "subsidiaries": "subsidiaries.md",
    "products": "products.md",
    "contacts": "contacts.md",
    "sources": "sources.md",
    "purposes": "purposes.md",
    "purpose_summary": "purpose_summary.md",
    "legal_bases": "legal_bases.md",
    "data_categories": "data_categories.md",
    "data_subjects": "data_subjects.md",
    "retention": "retention.md",
    "recipients": "recipients.md",
    "subprocessors": "subprocessors.md",
    "transfers": "transfers.md",
    "automated_decisions": "automated_decisions.md",
    "children": "children.md",
    "changes": "changes.md",
    "rights": "rights.md",
    "cookies": "cookies.md",
    "authorities": "authorities.md",
    # trust center
    "subprocessor_list": "subprocessor_list.md",
    "subprocessor_changes": "subprocessor_changes.md",
    "subprocessor_upcoming": "subprocessor_upcoming.md",
    "subscribe": "subscribe.md",
    "security_measures": "security_measures.md",
    "certifications": "certifications.md",
    "documents": "documents.md",
    "exports": "exports.md",
}


# Inline directives: each becomes one escaped value inside a sentence (render/expand.py says which value).
INLINES: tuple[str, ...] = (
    "controller.legal_name",
    "controller.trading_name",
    "controller.email",
    "controller.website",
    "controller.activity",
    "head_office.city",
    "head_office.country",
    "privacy.email",
    "dpo.email",
    "subsidiary_countries",
    "countries_served",
    "notice_period_days",
    "version.id",
    "version.published",
    "version.effective",
)


@dataclass(frozen=True)
class Directive:
    name: str
    line: int  # 1-based
    column: int
    start: int  # offsets within the line
    end: int
    alone: bool  # the directive is the only thing on its line


def _lines_outside_fences(text: str) -> Iterator[tuple[int, str]]:
    """(1-based number, line) of every line outside fenced code blocks: a directive there is an example, not data."""
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


def find_directives(text: str) -> Iterator[Directive]:
    for number, line in _lines_outside_fences(text):
        for m in DIRECTIVE.finditer(line):
            alone = line.strip() == m.group(0)
            yield Directive(m.group(1), number, m.start() + 1, m.start(), m.end(), alone)


# Anything shaped like a directive or a template tag; what DIRECTIVE does not read is published literally.
LOOKALIKE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")


def _lookalike_problem(found: str, file: str, line: int, column: int) -> Problem:
    inner = found.strip("{}%# ").strip()
    name = re.split(r"[\s|(]", inner, maxsplit=1)[0] if inner else ""
    known = [*BLOCKS, *INLINES]
    if found.startswith("{%") or found.startswith("{#") or found in ("%}", "#}"):
        message = (f"'{found}' looks like a template tag, but content pages are not templates: it would be published "
                   "as it stands; write a directive such as '{{ purposes }}' or remove it")
    elif found.replace(" ", "") == "{{}}":
        message = "empty directive '{{ }}' would be published as it stands; name a directive or remove it"
    elif found in ("{{", "}}"):
        message = (f"'{found}' without its other half would be published as it stands; a directive is written "
                   "'{{ name }}' on one line")
    elif "|" in inner or "(" in inner:
        hint = f"; write '{{{{ {name} }}}}'" if name in known else did_you_mean(name, known)
        message = (f"'{found}' is not a directive: directives take no filters or calls, and it would be published "
                   f"as it stands{hint}")
    else:
        message = (f"'{found}' is not a directive and would be published as it stands"
                   f"{did_you_mean(name.replace('-', '_'), known) or did_you_mean(name, known)}")
    return Problem(file, line, column, "", message)


def check_directives(text: str, file: str) -> list[Problem]:
    """Every directive is known and used in the right place; nothing else looks like one."""
    problems = []
    valid = {(d.line, d.start) for d in find_directives(text)}
    for number, line in _lines_outside_fences(text):
        masked = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        covered: list[tuple[int, int]] = [(m.start(), m.end()) for m in DIRECTIVE.finditer(masked)]
        for m in LOOKALIKE.finditer(masked):
            if (number, m.start()) in valid or any(a <= m.start() < b for a, b in covered):
                continue
            problems.append(_lookalike_problem(m.group(), file, number, m.start() + 1))
    for d in find_directives(text):
        if d.name in BLOCKS:
            if not d.alone:
                problems.append(Problem(file, d.line, d.column, "",
                                        f"'{{{{ {d.name} }}}}' inserts a whole section and must stand alone on its line"))
        elif d.name not in INLINES:
            problems.append(Problem(file, d.line, d.column, "",
                                    f"unknown directive '{d.name}'{did_you_mean(d.name, [*BLOCKS, *INLINES])}"))
    return problems


def block_names(text: str) -> list[str]:
    """The block directives of a page, in order (every language must use the same ones)."""
    return [d.name for d in find_directives(text) if d.name in BLOCKS and d.alone]
