"""Change stage: every change as a sentence in the reader's language (notice/describe.txt), never as JSON."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import jinja2

from trustsite.changes.classify import Decision
from trustsite.model.base import Duration
from trustsite.model.files import Project
from trustsite.render.context import RenderContext

SHORT = 140  # characters of a quoted text; the file and line say where the rest is
# quotation marks per language (CLDR's primary quotes); a language not listed gets the English ones
QUOTES = {"de": ("„", "“"), "da": ("„", "“"), "lt": ("„", "“"), "fr": ("« ", " »"), "nb": ("«", "»"),
          "sv": ("”", "”"), "nl": ("‘", "’")}

# fields whose values are IDs of entries in another data file: shown by that entry's title
REFERENCES = {"data_categories": "data_categories", "data_subjects": "data_subjects", "sources": "sources",
              "recipients": "recipients", "purposes": "purposes", "retention": "retention",
              "lead_authority": "authorities", "document": "documents"}
COUNTRY_FIELDS = re.compile(r"(^|\.)(country|entity_country|processing_locations|access_locations|countries_served)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Describer:
    """Values of one report in plain words, in one language."""

    def __init__(self, ctx: RenderContext, base: Project, head: Project) -> None:
        self.ctx, self.loc, self.base, self.head = ctx, ctx.loc, base, head

    def quote(self, text: str) -> str:
        start, end = QUOTES.get(self.loc.language.split("_")[0], ("“", "”"))
        return f"{start}{text}{end}"

    def _table(self, key: str) -> tuple[dict, dict]:
        return getattr(self.head, key, {}) or {}, getattr(self.base, key, {}) or {}

    def _title_of(self, entry: Any, fallback: str) -> str:
        for attr in ("title", "name", "legal_name", "name_en"):
            value = getattr(entry, attr, None)
            if value is None:
                continue
            if isinstance(value, str):
                return value
            return self.loc.text(value) if self.loc.language in value.root else next(iter(value.root.values()))
        return fallback

    def entry_title(self, change: Any) -> str:
        """'purposes “Newsletter”', 'organisation “Vilkas Software UAB”', 'privacy/index [de]': the data file an
        editor opens (language-neutral, as the field paths are) and the entry's name as readers know it."""
        from trustsite.changes.diff import ENTITY_NAMES

        if change.entity == "page":
            return f"{change.id} [{change.field}]"
        if change.entity == "organisation":
            return f"organisation {self.quote(self.head.organisation.controller.legal_name)}"
        key = next((k for k, v in ENTITY_NAMES.items() if v == change.entity), None)
        new, old = self._table(key) if key else ({}, {})
        entry = new.get(change.id) or old.get(change.id)
        return f"{key or change.entity} {self.quote(self._title_of(entry, change.id) if entry is not None else change.id)}"

    def show(self, change: Any, side: str) -> str:
        value = change.before if side == "before" else change.after
        return self._plain(value, change.field, change.entity)

    def _text(self, value: dict[str, str]) -> str:
        text = value.get(self.loc.language) or next(iter(value.values()))
        return _shorten(text)

    def _plain(self, value: Any, field: str, entity: str) -> str:
        leaf = field.split(".")[-1]
        if value is None:
            return "–"
        if entity == "page" and isinstance(value, str):
            return self.quote(_shorten(value))
        if isinstance(value, bool):
            return self.loc.gettext("Yes") if value else self.loc.gettext("No")
        if isinstance(value, dict):
            if set(value) == {"value", "unit"}:
                return self.loc.duration(Duration(**value))
            if value and all(isinstance(v, str) for v in value.values()) and all(len(k) <= 6 for k in value):
                if any(k in self.head.languages for k in value):  # a text in several languages
                    return self.quote(self._text(value))
            parts = [self._plain(v, f"{field}.{k}", entity) for k, v in value.items() if v not in (None, [], {})]
            return ", ".join(p for p in parts if p and p != "–")
        if isinstance(value, list):
            return self.loc.list([self._plain(v, field, entity) for v in value]) if value else "–"
        if isinstance(value, str):
            if ISO_DATE.match(value):
                return self.loc.date(dt.date.fromisoformat(value))
            table = REFERENCES.get(leaf)
            if table is not None:
                new, old = self._table(table)
                entry = new.get(value) or old.get(value)
                if entry is not None:
                    return self.quote(self._title_of(entry, value))
            if COUNTRY_FIELDS.search(field) or (len(value) == 2 and value.isupper() and field.startswith("safeguards")):
                return self.loc.country(value)
            if ("text" in field or entity == "page") and " " in value:
                return self.quote(_shorten(value))
            return _shorten(value)
        return str(value)


def _shorten(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def describe_changes(decisions: list[Decision], base: Project, head: Project, language: str,
                     overrides: Path) -> list[str]:
    """One sentence per decision, in `language` (a language of the head project)."""
    from trustsite.changes.notice import _environment, typeset

    ctx = RenderContext(head, language, dt.date.today(), overrides=overrides)
    describer = Describer(ctx, base, head)
    env = _environment(ctx, html=False)
    env.globals.update(show=describer.show, entry_title=describer.entry_title)
    template = env.get_template("notice/describe.txt")
    try:
        text = template.render({"p": head, "b": base, "decisions": decisions})
    except (jinja2.TemplateError, AttributeError, KeyError, LookupError, TypeError):
        return [_describe_one(template, head, base, d) for d in decisions]  # find the one that fails; keep the rest
    lines = [typeset(line.strip()) for line in text.splitlines() if line.strip()]
    if len(lines) != len(decisions):  # a sentence must never merge with the next one
        raise ValueError(f"notice/describe.txt gave {len(lines)} lines for {len(decisions)} changes")
    return lines


def _describe_one(template: jinja2.Template, head: Project, base: Project, decision: Decision) -> str:
    """One change's sentence, or its plain what-happened line when a value cannot be put in words: a report
    is never lost to one value the templates do not know (the line still names the file, field and values)."""
    from trustsite.changes.notice import typeset
    from trustsite.changes.report import what

    try:
        return typeset(template.render({"p": head, "b": base, "decisions": [decision]}).strip())
    except (jinja2.TemplateError, AttributeError, KeyError, LookupError, TypeError):
        return what(decision)


def report_language(head: Project, requested: str | None) -> str:
    """The language reports are written in: the one asked for when the project publishes it, else its default."""
    return requested if requested in head.languages else head.default_language
