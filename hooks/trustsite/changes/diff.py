"""Change stage: entity-level differences between two validated projects (data files and prose)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, RootModel

from trustsite.changes.facts import (
    DURATION_REFERENCES,
    Slot,
    audience_direction,
    compare_durations,
    entry_facts,
    is_audience_item,
    is_duration,
    value_facts,
)
from trustsite.changes.prose import diff_page, spelling_unchecked, text_kind
from trustsite.changes.spelling import spell_checker
from trustsite.errors import format_path
from trustsite.load.yamlsrc import Located
from trustsite.model.base import Duration, Text
from trustsite.model.files import DATA_FILES, Project

# data file key -> the singular name rules and reports use for one of its entries
ENTITY_NAMES = {
    "organisation": "organisation",
    "versions": "version",
    "legal_bases": "legal_basis",
    "purposes": "purpose",
    "data_categories": "data_category",
    "data_subjects": "data_subject",
    "sources": "source",
    "retention": "retention",
    "recipients": "recipient",
    "rights": "right",
    "cookies": "cookie",
    "subprocessors": "subprocessor",
    "authorities": "authority",
    "subprocessor_changes": "subprocessor_change",
    "security_measures": "security_measure",
    "certifications": "certification",
    "documents": "document",
    "scopes": "scope",
    "subscriptions": "subscriptions",
    "well_known": "well_known",
}

@dataclass(frozen=True)
class Change:
    """One difference: what (entity, id, field), how (action), from what to what, and derived facts."""

    entity: str  # purpose, subprocessor, organisation, page, ...
    id: str  # the entry's ID ("" for the organisation), the page ('privacy/index') for prose
    action: str  # added | removed | changed
    field: str  # dotted path inside the entry; "" for the entry as a whole; the language for prose
    before: Any = None  # JSON-ready value
    after: Any = None
    facts: Mapping[str, str] = field(default_factory=dict)  # typed facts (changes/facts.py), for the rules
    file: str = ""  # where to look: the file in the head state (base state for removals)
    line: int = 0
    title: str = ""  # the entry's title in the default language, for readers of the report
    column: int = 0  # of the value at `line`, when known (located problems about a change: versions/errata.py)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


def dump(value: Any) -> Any:
    """A model value as plain JSON data (dates as ISO strings)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


def _title(entry: Any, language: str) -> str:
    for attr in ("title", "name", "legal_name"):
        value = getattr(entry, attr, None)
        if isinstance(value, Text):
            return value.root.get(language) or next(iter(value.root.values()), "")
        if isinstance(value, str):
            return value
    return ""


class _Walker:
    """Compares two versions of one entry field by field, emitting Changes with the facts of each field's type."""

    def __init__(self, entity: str, entry_id: str, base: Project, head: Project, file: str,
                 located: tuple[Located | None, Located | None], prefix: tuple[str, ...], title: str,
                 today: dt.date) -> None:
        self.entity, self.entry_id, self.base, self.head = entity, entry_id, base, head
        self.file, self.located, self.prefix, self.title = file, located, prefix, title
        self.today = today

    def position(self, parts: tuple[Any, ...], *, removed: bool = False) -> tuple[int, int]:
        doc = self.located[0] if removed else self.located[1]
        if doc is None:
            return 0, 0
        return doc.position((*self.prefix, *parts))

    def line(self, parts: tuple[Any, ...], *, removed: bool = False) -> int:
        return self.position(parts, removed=removed)[0]

    def change(self, action: str, parts: tuple[Any, ...], before: Any = None, after: Any = None,
               **facts: str) -> Change:
        line, column = self.position(parts, removed=action == "removed")
        return Change(self.entity, self.entry_id, action, format_path(list(parts)), before, after,
                      facts, self.file, line, self.title, column)

    def walk(self, before: Any, after: Any, parts: tuple[Any, ...] = (), slot: Slot | None = None) -> Iterator[Change]:
        slot = slot or Slot(self.entity, "")
        if before is None and after is None:
            return
        if before is None or after is None:
            yield from self._presence(before, after, parts, slot)
        elif type(before) is not type(after) and isinstance(after, (dict, BaseModel)) != isinstance(before, (dict, BaseModel)):
            # a value that may be written two ways (a transfer mechanism as a plain key or per regime): one change
            yield self.change("changed", parts, dump(before), dump(after), **self._value_facts(parts, slot, before, after))
        elif isinstance(after, Text):
            yield from self._text(before.root, after.root, parts)
        elif isinstance(after, Duration):
            kind = compare_durations(before, after)
            if kind != "same":
                yield self.change("changed", parts, dump(before), dump(after), keeping=kind)
        elif isinstance(after, RootModel):
            yield from self.walk(before.root, after.root, parts, slot)
        elif isinstance(after, BaseModel):
            for name, info in type(after).model_fields.items():
                yield from self.walk(getattr(before, name), getattr(after, name), (*parts, name),
                                     Slot.of(self.entity, type(after), name, info))
        elif isinstance(after, dict):
            for key in dict.fromkeys([*before, *after]):
                yield from self.walk(before.get(key), after.get(key), (*parts, key), slot.member())
        elif isinstance(after, list):
            yield from self._items(before, after, parts, slot)
        elif before != after:
            yield self.change("changed", parts, dump(before), dump(after), **self._value_facts(parts, slot, before, after))

    def _presence(self, before: Any, after: Any, parts: tuple[Any, ...], slot: Slot) -> Iterator[Change]:
        if isinstance(before or after, list):  # an optional list appearing: one change per item
            yield from self._items(before or [], after or [], parts, slot)
            return
        action = "added" if before is None else "removed"
        value = after if before is None else before
        facts = value_facts(slot, action, before, after, self.today) if is_duration(slot) else {}
        if isinstance(value, BaseModel) and not isinstance(value, RootModel) and not is_duration(slot):
            facts.update(entry_facts(self.entity, action, value))
            facts.pop("claim", None)  # a part of an entry is no claim of its own
            facts.pop("scope", None)  # nor an item of a list: it is set or unset
        elif not is_duration(slot):
            facts.update(value_facts(slot, action, before, after, self.today))
        yield self.change(action, parts, dump(before), dump(after), **facts)

    def _text(self, before: dict[str, str], after: dict[str, str], parts: tuple[Any, ...]) -> Iterator[Change]:
        changed = {lang: (before[lang], after[lang]) for lang in before if lang in after and before[lang] != after[lang]}
        if changed:
            kinds = {text_kind(old, new, lang) for lang, (old, new) in changed.items()}
            kind = next(k for k in ("substantive", "spelling", "editorial") if k in kinds)
            facts = {"text": kind}
            if kind == "substantive" and any(spell_checker().widens(old, new, lang) for lang, (old, new) in changed.items()):
                facts["meaning"] = "widened"
            unchecked = [lang for lang, (old, new) in changed.items() if spelling_unchecked(old, new, lang)]
            if kind == "substantive" and unchecked:
                facts["dictionary"] = "missing:" + ",".join(sorted(unchecked))
            yield self.change("changed", parts, {k: v[0] for k, v in changed.items()},
                              {k: v[1] for k, v in changed.items()}, **facts)
        for lang in after.keys() - before.keys():
            yield self.change("added", (*parts, lang), None, after[lang], text="translation_added")
        for lang in before.keys() - after.keys():
            yield self.change("removed", (*parts, lang), before[lang], None, text="translation_removed")

    def _items(self, before: list[Any], after: list[Any], parts: tuple[Any, ...], slot: Slot) -> Iterator[Change]:
        """Lists are sets here: order carries no meaning in the data, so re-ordering is no change."""
        def key(item: Any) -> str:
            return json.dumps(dump(item), sort_keys=True, ensure_ascii=False)

        member = slot.member()
        old = {key(i): i for i in before}
        new = {key(i): i for i in after}
        for k, item in new.items():
            if k not in old:
                facts = self._member_facts(member, "added", item)
                if is_audience_item(member):
                    facts["recipients"] = audience_direction("added", item, before, self._scope_kinds())
                yield self.change("added", parts, None, dump(item), **facts)
        for k, item in old.items():
            if k not in new:
                facts = self._member_facts(member, "removed", item)
                if is_audience_item(member):
                    facts["recipients"] = audience_direction("removed", item, after, self._scope_kinds())
                yield self.change("removed", parts, dump(item), None, **facts)

    def _scope_kinds(self) -> dict[str, str]:
        """Each scope's kind (product, region, feature), the head's over the base's."""
        return {sid: scope.kind for project in (self.base, self.head) for sid, scope in project.scopes.items()}

    def _member_facts(self, member: Slot, action: str, item: Any) -> dict[str, str]:
        before, after = (None, item) if action == "added" else (item, None)
        facts = value_facts(member, action, before, after, self.today)
        if isinstance(item, BaseModel):
            facts.update({k: v for k, v in entry_facts(self.entity, action, item).items() if k != "claim"})
        return facts

    def _value_facts(self, parts: tuple[Any, ...], slot: Slot, before: Any, after: Any) -> dict[str, str]:
        facts = value_facts(slot, "changed", before, after, self.today)
        target = DURATION_REFERENCES.get((self.entity, slot.name)) if not slot.item else None
        if target is not None:  # a reference to an entry that carries a duration: compare the durations
            old, new = getattr(self.base, target).get(before), getattr(self.head, target).get(after)
            facts["keeping"] = compare_durations(_duration_of(old), _duration_of(new))
        return facts


def _duration_of(entry: Any) -> Duration | None:
    """The duration an entry carries (found by type), or None."""
    if entry is None:
        return None
    for name, info in type(entry).model_fields.items():
        if is_duration(Slot.of("", type(entry), name, info)):
            return getattr(entry, name)
    return None


def diff_data(base: Project, head: Project, today: dt.date) -> list[Change]:
    """Every difference in data/, entry by entry, in file order; promised dates are judged against `today`."""
    changes: list[Change] = []
    language = head.default_language
    for spec in DATA_FILES:
        entity = ENTITY_NAMES.get(spec.key, spec.key)
        file = f"data/{spec.name}"
        located = (base.located.get(spec.key), head.located.get(spec.key))
        old_value, new_value = getattr(base, spec.key), getattr(head, spec.key)
        if not spec.collection:
            walker = _Walker(entity, "", base, head, file, located, (spec.key,), "", today)
            if (old_value is None) != (new_value is None):  # an optional file added or deleted: field by field
                present = old_value if new_value is None else new_value
                for name, info in type(present).model_fields.items():
                    value = getattr(present, name)
                    pair = (value, None) if new_value is None else (None, value)
                    changes.extend(walker.walk(*pair, (name,), Slot.of(entity, type(present), name, info)))
                continue
            changes.extend(walker.walk(old_value, new_value))
            continue
        for entry_id in dict.fromkeys([*old_value, *new_value]):
            old, new = old_value.get(entry_id), new_value.get(entry_id)
            walker = _Walker(entity, entry_id, base, head, file, located, (spec.key, entry_id),
                             _title(new if new is not None else old, language), today)
            if old == new:  # most entries: nothing to walk
                continue
            if old is None:
                changes.append(walker.change("added", (), None, dump(new), **entry_facts(entity, "added", new)))
            elif new is None:
                changes.append(walker.change("removed", (), dump(old), None, **entry_facts(entity, "removed", old)))
            else:
                changes.extend(walker.walk(old, new))
    return changes


def diff_content(base: Project, head: Project) -> list[Change]:
    """Prose changes per page and language, paragraph by paragraph."""
    changes: list[Change] = []
    keys = dict.fromkeys([*base.content.pages, *head.content.pages])
    for page_base, language in sorted(keys):
        old = base.content.get(page_base, language)
        new = head.content.get(page_base, language)
        if new is None:
            changes.append(Change("page", page_base, "removed", language, old.text, None,
                                  {"text": "substantive"}, old.file, 1))
        elif old is None:
            translation = any(b == page_base for b, _ in base.content.pages)
            kind = "translation_added" if translation else "substantive"
            changes.append(Change("page", page_base, "added", language, None, new.text, {"text": kind}, new.file, 1))
        else:
            for hunk in diff_page(old.text, new.text, language):
                facts = {"text": hunk.kind}
                if hunk.kind == "substantive" and spell_checker().widens(hunk.before or "", hunk.after or "", language):
                    facts["meaning"] = "widened"
                if hunk.kind == "substantive" and spelling_unchecked(hunk.before or "", hunk.after or "", language):
                    facts["dictionary"] = f"missing:{language}"
                changes.append(Change("page", page_base, hunk.action, language, hunk.before, hunk.after,
                                      facts, new.file if hunk.action != "removed" else old.file, hunk.line))
    return changes


def diff_projects(base: Project, head: Project, today: dt.date | None = None) -> list[Change]:
    """All changes from base to head: data first (file order), then prose."""
    return [*diff_data(base, head, today or dt.date.today()), *diff_content(base, head)]
