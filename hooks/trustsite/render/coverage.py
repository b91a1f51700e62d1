"""Render stage: `trustsite coverage` — per language, where the statement says each element of GDPR Art. 13/14
(A1-A17 of rules/coverage.yml) and what is missing. Built from the model and the pages' block directives, never
from the prose: a block renders its element from data `check` has validated, so a page holding it says it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import yaml

from trustsite.model.files import Project
from trustsite.load.directives import BLOCKS, find_directives
from trustsite.rules import FAST_LOADER, RULES_DIR

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{:\s*#([A-Za-z0-9_-]+)\s*\})?\s*$")


def _transfers(project: Project) -> bool:
    """Whether the statement lists any transfer (the rows of the {{ transfers }} block)."""
    import datetime as dt

    from trustsite.render.context import RenderContext

    # which transfers are listed does not depend on the day: any date serves the render context
    return bool(RenderContext(project, project.default_language, dt.date.today()).transfer_rows())


# When an element applies (GDPR Art. 13/14 say "where applicable"); each returns a reason when it does not.
CONDITIONS: dict[str, Callable[[Project], str | None]] = {
    "always": lambda p: None,
    "representative": lambda p: None if p.organisation.representative else
    "no representative: the controller is established in the EU/EEA (GDPR Art. 27)",
    "dpo": lambda p: None if p.organisation.dpo else "no data protection officer is designated (GDPR Art. 37)",
    "legitimate_interest": lambda p: None if p.uses_legal_basis("legitimate_interest") else
    "no purpose relies on legitimate interests (GDPR Art. 6(1)(f))",
    "art14": lambda p: None if any(not s.from_data_subject for s in p.sources.values()) else
    "all data is obtained from the person (Art. 14 does not apply)",
    "art13": lambda p: None if any(s.from_data_subject for s in p.sources.values()) else
    "no data is obtained from the person (Art. 13 does not apply)",
    "recipients": lambda p: None if (p.subprocessors or any(x.recipients for x in p.purposes.values())) else
    "no recipients",
    "transfers": lambda p: None if _transfers(p) else "no transfer to a third country or international organisation",
    "consent": lambda p: None if p.uses_legal_basis("consent") else "nothing relies on consent (GDPR Art. 6(1)(a), 9(2)(a))",
    "automated": lambda p: None if any(x.automated_decision for x in p.purposes.values()) else
    "no decision based solely on automated processing (GDPR Art. 22(1))",
}


@dataclass(frozen=True)
class Element:
    key: str
    element: str
    articles: tuple[str, ...]
    applies: str
    blocks: tuple[str, ...]


class CoverageTableError(ValueError):
    """rules/coverage.yml itself is malformed (a defect of trustsite, caught by its tests)."""


@lru_cache(maxsize=1)
def load_elements() -> tuple[Element, ...]:
    raw = yaml.load((RULES_DIR / "coverage.yml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
    out = []
    for key, row in raw["elements"].items():
        unknown = [b for b in row["blocks"] if b not in BLOCKS]
        if row["applies"] not in CONDITIONS or unknown:
            raise CoverageTableError(f"{key}: unknown condition {row['applies']!r} or blocks {unknown}")
        out.append(Element(key, row["element"], tuple(row["articles"]), row["applies"], tuple(row["blocks"])))
    return tuple(out)


@dataclass(frozen=True)
class Place:
    page: str  # content file, e.g. content/privacy/index.de.md
    block: str
    section: str  # the heading above the block ('' at the top of the page)
    anchor: str


@dataclass
class ElementReport:
    element: Element
    status: str  # covered | not_applicable | missing
    places: list[Place] = field(default_factory=list)
    note: str = ""  # why not applicable, or what is missing


def _places(project: Project, language: str) -> dict[str, list[Place]]:
    """Block name -> every place it stands on the pages of one language, the statement's page first."""
    found: dict[str, list[Place]] = {}
    pages = sorted((p for p in project.content.pages.values() if p.language == language),
                   key=lambda p: (p.base != "privacy/index", p.src_uri))
    for page in pages:
        headings = {}
        section, anchor = "", ""
        for number, line in enumerate(page.text.splitlines(), start=1):
            m = HEADING.match(line)
            if m:
                section, anchor = m.group(2), m.group(3) or ""
            headings[number] = (section, anchor)
        for d in find_directives(page.text):
            if d.name in BLOCKS and d.alone:
                section, anchor = headings.get(d.line, ("", ""))
                found.setdefault(d.name, []).append(Place(page.file, d.name, section, anchor))
    return found


def coverage(project: Project) -> dict[str, list[ElementReport]]:
    """Language -> one report per element, in the order of the table."""
    elements = load_elements()
    applies = {e.key: CONDITIONS[e.applies](project) for e in elements}
    out: dict[str, list[ElementReport]] = {}
    for language in project.languages:
        places = _places(project, language)
        rows = []
        for e in elements:
            reason = applies[e.key]
            if reason is not None:
                rows.append(ElementReport(e, "not_applicable", note=reason))
                continue
            where = [place for block in e.blocks for place in places.get(block, [])]
            if where:
                rows.append(ElementReport(e, "covered", where))
            else:
                blocks = " or ".join(f"{{{{ {b} }}}}" for b in e.blocks)
                rows.append(ElementReport(e, "missing", note=f"no page in '{language}' has {blocks}; add it to"
                                                              f" the statement"))
        out[language] = rows
    return out


def gaps(report: dict[str, list[ElementReport]]) -> int:
    return sum(1 for rows in report.values() for r in rows if r.status == "missing")


def _score(rows: list[ElementReport]) -> str:
    return f"{sum(1 for r in rows if r.status != 'missing')}/{len(rows)}"


def _cite(e: Element) -> str:
    return ", ".join(f"Art. {a}" for a in e.articles)


def _where(r: ElementReport) -> str:
    if r.status == "not_applicable":
        return f"not applicable: {r.note}"
    if r.status == "missing":
        return f"MISSING: {r.note}"
    return "; ".join(f"{p.page} {{{{ {p.block} }}}}" + (f" in '{p.section}'" + (f" (#{p.anchor})" if p.anchor else "")
                                                      if p.section else "") for p in r.places)


def format_text(report: dict[str, list[ElementReport]]) -> str:
    lines = []
    for language, rows in report.items():
        lines.append(f"{language}: {_score(rows)} elements of GDPR Art. 13/14 covered")
        for r in rows:
            lines.append(f"  {r.element.key:<4}{r.element.element} ({_cite(r.element)}): {_where(r)}")
    missing = gaps(report)
    lines.append(f"{missing} gap{'s' if missing != 1 else ''}" if missing else "no gaps")
    return "\n".join(lines) + "\n"


def format_json(report: dict[str, list[ElementReport]]) -> str:
    doc = {"schema_version": 1, "languages": {
        language: {"covered": _score(rows), "elements": [
            {"id": r.element.key, "element": r.element.element, "articles": list(r.element.articles),
             "status": r.status, "note": r.note or None,
             "where": [{"page": p.page, "block": p.block, "section": p.section, "anchor": p.anchor} for p in r.places]}
            for r in rows]} for language, rows in report.items()},
        "gaps": gaps(report)}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("{{", "`{{").replace("}}", "}}`")


def format_markdown(report: dict[str, list[ElementReport]]) -> str:
    """The element table (article and blocks per element), then per language the score and where each is said."""
    lines = ["| # | element | articles | applies when | blocks that say it |", "|---|---|---|---|---|"]
    for e in load_elements():
        lines.append(f"| {e.key} | {_cell(e.element)} | {_cite(e)} | `{e.applies}` | "
                     f"{', '.join(f'`{{{{ {b} }}}}`' for b in e.blocks)} |")
    lines.append("")
    for language, rows in report.items():
        lines += [f"### `{language}`: {_score(rows)}", "", "| # | status | where |", "|---|---|---|"]
        for r in rows:
            status = {"covered": "covered", "not_applicable": "not applicable", "missing": "**missing**"}[r.status]
            where = (r.note if r.status != "covered" else
                     "; ".join(f"`{p.page}` `{{{{ {p.block} }}}}`" + (f" ({_cell(p.section)})" if p.section else "")
                               for p in r.places))
            lines.append(f"| {r.element.key} | {status} | {where} |")
        lines.append("")
    return "\n".join(lines)


FORMATS: dict[str, Callable[[dict[str, list[ElementReport]]], str]] = {
    "text": format_text, "json": format_json, "markdown": format_markdown}

START = "<!-- coverage:start (generated by `trustsite coverage --format markdown --write`) -->"
END = "<!-- coverage:end -->"
