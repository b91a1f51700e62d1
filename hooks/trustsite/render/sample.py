"""Render stage: a smaller project whose dry render fails wherever the full project's would (for `check`).

`trustsite check` needs only to know that every block would render. In a large collection most items
take the same template path as another one and can fail only where it fails; so where a collection has
at least `sample_from` items, the check renders one item of each *shape* instead of every item
(render/checkrun.py), and the full render of everything whenever the sample finds anything, so that the
messages are exactly the full render's.

An item's shape (item_shape) is everything about it that can make a package fragment take another path
or fail:
- which optional fields are present (None or not), booleans, numbers, enum values, and every string
  that is not free text: IDs and the keys they reference (purposes, countries, scopes), countries,
  language codes; a lookup of a referenced item fails or not by its key;
- which languages each text has (a text missing the reader's language fails in `|t`), and whether a
  free text is empty (`{% if name %}`);
- the length and the elements' shapes of every list and mapping, and a mapping's keys (the safeguards
  per destination and regime); list emptiness with it;
- how the item's dates compare with each other and with the build date (lifecycle: planned, in effect);
- NOT the content of free text (names, legal entities, addresses, web and e-mail addresses): the
  fragments only print it, escaped, put it into a link or into gettext's variables, and none of these
  fails on any string (render/neutral.py's TOTAL_FILTERS, TOTAL_CALLS); nor the value of a date, which
  every locale formats alike (Babel's long date format has no value it cannot write).

What the collection as a whole changes when it is smaller: which items a loop runs over (each shape is
still there, and every item another one references is kept: items_referenced), the counts. A count cannot
fail: ngettext picks a plural form by it and the catalog check (validate/catalogs) requires every plural
form of every label; `%(num)d` formats any number; the package's fragments use `|length` only on an
item's own lists (transfer_basis: its regimes) and `loop` over a collection only for `loop.last`
separators, which choose between constant texts. tests/render/test_sample.py pins these uses, so that a
new one is reviewed for this argument.

A project's own fragments (overrides/fragments/) may do anything with any field (test a name, slice a web
address): such a project is never sampled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

from pydantic import AfterValidator, BaseModel

from trustsite.model.base import EMAIL_PATTERN, URL_PATTERN, WEB_PATTERN, Text, _check_url
from trustsite.model.files import Project
from trustsite.paths import PACKAGE_FRAGMENTS, fragment_dirs

SAMPLE_FROM = 200  # a collection of fewer items is rendered in full: small projects are checked as ever
# The collections that may be sampled: their IDs mean nothing to a template (unlike legal_bases or rights,
# whose keys choose articles and paragraphs), and no lifecycle rule reads them as a whole (unlike
# subprocessor_changes, which decide which sub-processors are current).
SAMPLED = ("subprocessors", "purposes", "recipients", "cookies")
_FREE_PATTERNS = frozenset({EMAIL_PATTERN, URL_PATTERN, WEB_PATTERN})


def may_sample(project: Project, overrides: Path | None) -> bool:
    """Only the package's fragments are argued over (see the module docstring)."""
    own = overrides if overrides is not None else project.root / "overrides"
    return fragment_dirs(own) == [PACKAGE_FRAGMENTS]


def sample_project(project: Project, today: dt.date, sample_from: int = SAMPLE_FROM) -> Project:
    """The project with each collection of SAMPLED that has at least `sample_from` items cut to one item
    per shape, plus every item another item or file references; the project itself where none is cut."""
    cut: dict[str, dict[str, Any]] = {}
    for name in SAMPLED:
        items: dict[str, Any] = getattr(project, name)
        if not items or len(items) < sample_from:
            continue
        refs = referenced(project, skip=name)
        kept = representatives(items, today, refs)
        if len(kept) < len(items):
            cut[name] = {key: item for key, item in items.items() if key in kept}
    return dataclasses.replace(project, **cut) if cut else project


def representatives(items: dict[str, Any], today: dt.date, refs: set[str]) -> set[str]:
    """The first item of each shape, every item referenced from elsewhere, and whatever the kept items
    themselves reference in the same collection (until nothing is added)."""
    seen: set[Hashable] = set()
    kept = {key for key in items if key in refs}
    for key, item in items.items():
        shape = item_shape(item, today)
        if shape not in seen:
            seen.add(shape)
            kept.add(key)
    while True:
        more = {s for key in kept for s in _strings(items[key]) if s in items and s not in kept}
        if not more:
            return kept
        kept |= more


def referenced(project: Project, skip: str) -> set[str]:
    """Every string that is not free text in any file but `skip` (an ID referenced there is kept)."""
    found: set[str] = set()
    for field in dataclasses.fields(project):
        if field.name in (skip, "root", "content", "located"):
            continue
        value = getattr(project, field.name)
        found.update(_strings(value))
    return found


def _strings(value: Any) -> Iterator[str]:
    """The non-free strings of a value, dictionary keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Text):
        return
    elif isinstance(value, BaseModel):
        for name, free in _fields(type(value)):
            if not free:
                yield from _strings(getattr(value, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield key
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def item_shape(item: Any, today: dt.date) -> Hashable:
    """What of an item can make rendering fail or take another path (see the module docstring)."""
    dates: list[dt.date] = []
    shape = _shape(item, False, dates)
    if not dates:
        return shape
    order = sorted({*dates, today})  # the order of its dates and the build date, not the dates
    return shape, tuple(order.index(d) for d in dates), order.index(today)


def _shape(value: Any, free: bool, dates: list[dt.date]) -> Hashable:
    if value is None or isinstance(value, (bool, int, float)):
        return value if not isinstance(value, float) else ("float", value)
    if isinstance(value, str):
        return ("free", value != "") if free else value
    if isinstance(value, dt.date):
        dates.append(value)
        return ("date", len(dates) - 1)
    if isinstance(value, Text):
        return ("text", tuple(value.root))
    if isinstance(value, BaseModel):
        return _model_shape(value, dates)
    if isinstance(value, dict):
        return ("dict", tuple((_shape(k, False, dates), _shape(v, False, dates)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("list", tuple(_shape(v, False, dates) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("unique", id(value))  # unknown: never grouped with another item
    return (type(value).__name__, value)


def _model_shape(value: BaseModel, dates: list[dt.date]) -> Hashable:
    """_shape of a model, with the common values (strings, None, lists of strings) shaped inline: thousands
    of sub-processors have some forty values each."""
    out: list[Hashable] = []
    values = value.__dict__  # pydantic keeps a model's fields there
    for name, free in _fields(type(value)):
        field = values[name]
        kind = type(field)
        if kind is str:
            out.append(("free", field != "") if free else field)
        elif field is None or kind is bool or kind is int:
            out.append(field)
        elif kind is list and all(type(item) is str for item in field):
            out.append(("list", tuple(field)))  # as _shape makes it, each string not free
        else:
            out.append(_shape(field, free, dates))
    return (type(value).__name__, tuple(out))


_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(field name, whether it holds free text) of a model, worked out once per model."""
    found = _FIELDS.get(model)
    if found is None:
        found = _FIELDS[model] = tuple((name, free_text(info.annotation, info.metadata))
                                       for name, info in model.model_fields.items())
    return found


def free_text(annotation: Any, metadata: list[Any]) -> bool:
    """Whether a field is text that is only printed: a plain string, or a web or e-mail address, maybe
    optional; an ID, a country, a language or anything unknown is not (its value is part of the shape)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(rest) != 1:
            return False
        annotation = rest[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *inner = typing.get_args(annotation)
        metadata = [*metadata, *inner]
    return annotation is str and all(_formats_only(m) for m in metadata)


def _formats_only(meta: Any) -> bool:
    """Metadata that constrains a string's form and does not make it a key (min_length, URL, e-mail)."""
    if isinstance(meta, AfterValidator):
        return meta.func is _check_url
    pattern = getattr(meta, "pattern", None)
    if pattern is not None:
        return pattern in _FREE_PATTERNS
    return type(meta).__name__ == "MinLen"
