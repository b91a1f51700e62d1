"""Change stage: the typed facts of a change — what moved, and in which direction — found from the field's type.

The rule table (rules/changes.yml) decides from these facts, so a new field that carries a duration, a
promised date, a country or a legal basis is covered by the rules that already exist for that kind of
fact, whatever the field is called. Each kind says which fields it applies to and which values it can
give; tests/changes/test_rule_coverage.py walks every model with these kinds and asserts that every
field is reached by a rule other than the catch-all.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import AfterValidator
from pydantic.fields import FieldInfo

from trustsite.model.base import Audience, Duration, Promise, SessionWhenOmitted, _check_country, _check_id
from trustsite.model.processing import LegalBasisKey, Requirement
from trustsite.model.transfers import Engagement
from trustsite.model.trust import DocumentAccess
from trustsite.rules import load_transfer_rules

# worst first: an entry's transfer fact is its worst location
TRANSFER_ORDER = ("third_country", "adequate_partial", "adequate", "eea", "eu")

# A cookie's category, least intrusive first: moving up widens what it is used for (ePrivacy Art. 5(3)).
COOKIE_CATEGORY_ORDER = ("strictly_necessary", "functional", "analytics", "marketing")

# How often a sub-processor processes data, least first: moving up means it processes in more situations (GDPR
# Art. 28(2)); standby and conditional are not ordered against each other (one fails over, one needs a condition).
ENGAGEMENT_ORDER = ("standby", "conditional", "standing")

# Who may read a document, most open first: moving down withdraws a published document from readers.
ACCESS_ORDER = ("public", "on_request", "nda")

# References whose target carries a duration: the purpose's retention rule (GDPR Art. 13(2)(a)).
DURATION_REFERENCES = {("purpose", "retention"): "retention"}

# Trust claims: what the organisation asserts about its protection (GDPR Art. 28(1), 32, 42).
CLAIM_ENTITIES = ("certification", "security_measure")


@dataclass(frozen=True)
class Slot:
    """Where a value sits: its entity, the field that holds it and that field's declared type."""

    entity: str
    name: str  # the field's own name ("" for an entry as a whole)
    annotation: Any = None
    metadata: tuple[Any, ...] = ()
    owner: type | None = None  # the model class the field belongs to
    item: bool = False  # the value is one item of a list (or one value of a mapping) of this field

    @classmethod
    def of(cls, entity: str, owner: type | None, name: str, info: FieldInfo | None) -> Slot:
        if info is None:
            return cls(entity, name, owner=owner)
        return cls(entity, name, info.annotation, tuple(info.metadata), owner)

    def member(self) -> Slot:
        """The slot of one item of this list or mapping field."""
        args = get_args(_strip_optional(self.annotation))
        inner = args[-1] if args else None
        return Slot(self.entity, self.name, inner, self.metadata, self.owner, item=True)

    def marked(self, marker: type) -> bool:
        return any(isinstance(m, marker) for m in (*self.metadata, *_annotated_metadata(self.annotation)))


def _strip_optional(annotation: Any) -> Any:
    args = get_args(annotation)
    if get_origin(annotation) in (typing.Union, getattr(__import__("types"), "UnionType", None)) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else annotation
    return annotation


def _annotated_metadata(annotation: Any) -> tuple[Any, ...]:
    annotation = _strip_optional(annotation)
    if get_origin(annotation) is typing.Annotated:
        return tuple(get_args(annotation)[1:])
    return ()


def _base_type(annotation: Any) -> Any:
    annotation = _strip_optional(annotation)
    if get_origin(annotation) is typing.Annotated:
        return get_args(annotation)[0]
    return annotation


def is_country(slot: Slot) -> bool:
    """A Country-typed value (checked by the ISO 3166 validator), alone or as one item of a list."""
    annotation = slot.annotation if slot.item else slot.annotation
    metadata = (*(() if slot.item else slot.metadata), *_annotated_metadata(annotation))
    return any(isinstance(m, AfterValidator) and m.func is _check_country for m in metadata)


def is_duration(slot: Slot) -> bool:
    annotation = _strip_optional(slot.annotation)
    return annotation is Duration or _base_type(annotation) is Duration


def is_date(slot: Slot) -> bool:
    return _base_type(slot.annotation) is dt.date


def is_list(slot: Slot) -> bool:
    return not slot.item and get_origin(_strip_optional(_base_type(slot.annotation))) in (list, dict)


def _literal_values(slot: Slot) -> tuple[Any, ...]:
    annotation = _base_type(slot.annotation)
    return get_args(annotation) if get_origin(annotation) is typing.Literal else ()


def is_legal_basis(slot: Slot) -> bool:
    return set(_literal_values(slot)) == set(get_args(LegalBasisKey))


def is_requirement_kind(slot: Slot) -> bool:
    return set(_literal_values(slot)) == set(get_args(Requirement.model_fields["kind"].annotation))


def is_cookie_category(slot: Slot) -> bool:
    return set(_literal_values(slot)) == set(COOKIE_CATEGORY_ORDER)


def is_engagement(slot: Slot) -> bool:
    return set(_literal_values(slot)) == set(get_args(Engagement))


def is_document_access(slot: Slot) -> bool:
    return set(_literal_values(slot)) == set(get_args(DocumentAccess))


def is_audience_item(slot: Slot) -> bool:
    """One scope ID of a list that limits whom an entry concerns (model/base.py Audience)."""
    return slot.item and slot.marked(Audience)


def is_id(slot: Slot) -> bool:
    """An ID (of an entry in another data file, or a stable key)."""
    return any(isinstance(m, AfterValidator) and m.func is _check_id
               for m in (*slot.metadata, *_annotated_metadata(slot.annotation)))


def is_plain_text(slot: Slot) -> bool:
    """A single string that is no code from a list and no ID (names, numbers, addresses): corrected or replaced."""
    return (_base_type(slot.annotation) is str and not is_country(slot) and not _literal_values(slot)
            and not is_id(slot) and not slot.item)


# ------------------------------------------------------------------ directions


def compare_durations(before: Duration | None, after: Duration | None, *, session_when_omitted: bool = False) -> str:
    """longer | shorter | same | unknown (a side without a fixed period cannot be compared)."""
    if session_when_omitted and (before is None) != (after is None):
        return "longer" if before is None else "shorter"
    if before is None or after is None:
        return "unknown"
    old, new = before.in_days(), after.in_days()
    return "longer" if new > old else "shorter" if new < old else "same"


def compare_promise(before: dt.date, after: dt.date, today: dt.date) -> str:
    """brought_forward: a date readers still wait for comes sooner; past_corrected: a date already past is
    set earlier still (a record correction a person checks); postponed: it comes later."""
    if after > before:
        return "postponed"
    return "past_corrected" if before < today else "brought_forward"


def transfer_class(country: str) -> str:
    return load_transfer_rules().classify(country)


def worst_transfer(countries: list[str]) -> str:
    kinds = {transfer_class(c) for c in countries}
    return next((k for k in TRANSFER_ORDER if k in kinds), "eu")


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions."""
    if abs(len(a) - len(b)) > 2:
        return 3  # enough to know it is not a small correction
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, rows[-2][j - 2] + 1)
            row.append(value)
        rows.append(row)
    return rows[-1][-1]


def compare_identifier(before: str, after: str) -> str:
    """corrected: the same identifier with a typo fixed (at most two characters, or only spacing and
    punctuation differ); replaced: another one."""
    squash = lambda s: "".join(ch for ch in s.casefold() if ch.isalnum())  # noqa: E731
    if squash(before) == squash(after) or (min(len(before), len(after)) >= 6 and edit_distance(before, after) <= 2):
        return "corrected"
    return "replaced"


def _order(values: tuple[str, ...], before: str, after: str, up: str, down: str) -> str:
    return up if values.index(after) > values.index(before) else down


# ------------------------------------------------------------------ the kinds of fact


@dataclass(frozen=True)
class FactKind:
    """One kind of fact: the fields it applies to, the values it can take, and how a change gets one."""

    name: str
    values: tuple[str, ...]
    applies: Callable[[Slot], bool]
    derive: Callable[[Slot, str, Any, Any, dt.date], str | None]  # (slot, action, before, after, today)


def _keeping(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return compare_durations(before, after, session_when_omitted=slot.marked(SessionWhenOmitted))


def _promise(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return compare_promise(before, after, today) if action == "changed" else None


def _date(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    if action != "changed":
        return None
    return "earlier" if after < before else "later"


def _transfer(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    country = after if action != "removed" else before
    return transfer_class(country) if isinstance(country, str) else None


def _choice(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    if action != "changed":
        return None
    if before == "consent" and after != "consent":
        return "removed"
    return "added" if after == "consent" else "other"


def _requirement(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    if action != "changed":
        return None
    if before == "voluntary":
        return "stricter"
    return "looser" if after == "voluntary" else "other"


def _cookie_scope(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return _order(COOKIE_CATEGORY_ORDER, before, after, "wider", "narrower") if action == "changed" else None


def _provider_scope(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    if action != "changed":
        return None
    return "wider" if before == "first_party" else "narrower" if after == "first_party" else "other"


def _items(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return {"added": "wider", "removed": "narrower"}.get(action)


def _notice(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    # an optional period (a sub-processor change's own) may only be longer than the organisation's: giving one
    # lengthens the notice, dropping it falls back to the shorter one
    if action != "changed":
        return {"added": "longer", "removed": "shorter"}.get(action)
    return "shorter" if after < before else "longer"


def _engagement(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    if action != "changed":
        return None
    if "standing" in (before, after):
        return _order(ENGAGEMENT_ORDER, before, after, "wider", "narrower")
    return "other"


def _access(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return _order(ACCESS_ORDER, before, after, "restricted", "opened") if action == "changed" else None


def _audience(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return None  # needs the whole list and the scopes' kinds: the diff sets it (audience_direction)


def audience_direction(action: str, item: str, remaining: list[str], kinds: dict[str, str]) -> str:
    """wider | narrower: whom an entry limited to scopes concerns, after one scope ID is added or removed.

    `remaining` is the list without the item (before the addition, after the removal). A list without a scope of a
    kind concerns every customer as far as that kind goes (model/lifecycle.py concerns_scope), so the first scope
    of a kind narrows and the last one removed widens; another scope of a kind already named widens, removing one of
    several narrows."""
    kind = kinds.get(item)
    others = any(kinds.get(s) == kind for s in remaining)
    if action == "added":
        return "wider" if others else "narrower"
    return "narrower" if others else "wider"


def _identifier(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> str | None:
    return compare_identifier(before, after) if action == "changed" else None


FACT_KINDS: tuple[FactKind, ...] = (
    FactKind("keeping", ("longer", "shorter", "same", "unknown"), is_duration, _keeping),
    FactKind("promise", ("brought_forward", "past_corrected", "postponed"),
             lambda s: is_date(s) and s.marked(Promise), _promise),
    FactKind("date", ("earlier", "later"), lambda s: is_date(s) and not s.marked(Promise), _date),
    FactKind("transfer", TRANSFER_ORDER, is_country, _transfer),
    FactKind("choice", ("removed", "added", "other"), is_legal_basis, _choice),
    FactKind("requirement", ("stricter", "looser", "other"), is_requirement_kind, _requirement),
    FactKind("scope", ("wider", "narrower"), lambda s: s.item, _items),
    FactKind("scope", ("wider", "narrower"), is_cookie_category, _cookie_scope),
    FactKind("scope", ("wider", "narrower", "other"), lambda s: s.entity == "cookie" and s.name == "provider",
             _provider_scope),
    FactKind("notice", ("shorter", "longer"), lambda s: s.name == "notice_period_days", _notice),
    FactKind("recipients", ("wider", "narrower"), is_audience_item, _audience),
    FactKind("processing", ("wider", "narrower", "other"), is_engagement, _engagement),
    FactKind("access", ("restricted", "opened"), is_document_access, _access),
    FactKind("identifier", ("corrected", "replaced"), is_plain_text, _identifier),
)

# Facts of an entry added or removed as a whole (not of one of its fields).
ENTRY_FACTS = {"claim": ("added", "withdrawn"), "transfer": TRANSFER_ORDER, "scope": ("wider", "narrower")}


def value_facts(slot: Slot, action: str, before: Any, after: Any, today: dt.date) -> dict[str, str]:
    """The facts of one changed, added or removed value, from its slot's type."""
    facts: dict[str, str] = {}
    for kind in FACT_KINDS:
        if kind.name not in facts and kind.applies(slot):
            value = kind.derive(slot, action, before, after, today)
            if value is not None:
                facts[kind.name] = value
    return facts


def countries_in(value: Any) -> list[str]:
    """Every Country-typed value inside a model (locations, the entity's country, an address's country)."""
    from pydantic import BaseModel

    found: list[str] = []
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            slot = Slot.of("", type(value), name, info)
            inner = getattr(value, name)
            if is_country(slot) and isinstance(inner, str):
                found.append(inner)
            elif is_list(slot) and isinstance(inner, list) and is_country(slot.member()):
                found.extend(inner)
            else:
                found.extend(countries_in(inner))
    return found


def entry_facts(entity: str, action: str, entry: Any) -> dict[str, str]:
    """Facts of a whole entry added or removed: the claim it makes, the worst country it sends data to."""
    facts = {"scope": "wider" if action == "added" else "narrower"}
    if entity in CLAIM_ENTITIES:
        facts["claim"] = "added" if action == "added" else "withdrawn"
    countries = countries_in(entry)
    if countries and entity != "authority":  # an authority's country is where it supervises, not a transfer
        facts["transfer"] = worst_transfer(countries)
    return facts
