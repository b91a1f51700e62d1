"""Every field of every data model is reached by a rule other than the catch-all.

The test walks the pydantic models the way the diff walks the data: for each field it asks which
actions can happen to it (changed; added and removed when it is optional or a list or mapping), which
facts the diff gives a value of that type (changes/facts.py: durations keep longer or shorter, promised
dates come sooner, countries transfer, ...), and classifies every such change with the real rule table.
A change that only the last rule ('other-change') catches fails the test: a new field must be covered
by a rule about its kind of fact, or by a row naming it.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterator
from typing import Any, get_args, get_origin

import pytest
from pydantic import BaseModel, RootModel

from trustsite.changes.classify import TEXT_KINDS, classify_change, load_change_rules
from trustsite.changes.diff import ENTITY_NAMES, Change
from trustsite.changes.facts import DURATION_REFERENCES, ENTRY_FACTS, FACT_KINDS, Slot
from trustsite.model.base import Text
from trustsite.model.files import DATA_FILES

CATCH_ALL = load_change_rules()[-1].id


def _strip(annotation: Any) -> tuple[Any, bool]:
    """(the type without Optional/Annotated, whether None is allowed)."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = get_args(annotation)
            optional = optional or type(None) in args
            rest = [a for a in args if a is not type(None)]
            annotation = rest[0]
        else:
            return annotation, optional


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def leaves(entity: str, model: type[BaseModel], prefix: str = "", *,
           absent: bool = False) -> Iterator[tuple[str, Slot, bool, str]]:
    """(field path, slot, optional, shape) for every field the diff compares; shape: value | text | list | model.
    absent: the model is an optional file of its own, whose fields are all added or removed with the file."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        slot = Slot.of(entity, model, name, info)
        annotation, optional = _strip(info.annotation)
        optional = optional or not info.is_required() or absent
        inner = _model_of(annotation)
        if inner is not None and issubclass(inner, RootModel) and inner is Text:
            yield path, slot, optional, "text"
        elif inner is not None and inner.__name__ == "Duration":
            yield path, slot, optional, "value"
        elif inner is not None:
            yield path, slot, optional, "model"
            yield from leaves(entity, inner, f"{path}.")
        elif get_origin(annotation) in (list, dict):
            item = _strip(get_args(annotation)[-1])[0]
            # a mapping's entries are reported under their key ("subsidiaries.de_gmbh") and compared field by field;
            # a list's items are compared whole (added or removed under the list's path, with the facts of an entry)
            mapping = get_origin(annotation) is dict
            yield (f"{path}.x", slot, True, "list") if mapping else (path, slot, True, "list")
            if _model_of(item) is not None and mapping:
                yield from leaves(entity, _model_of(item), f"{path}.x.")
        else:
            yield path, slot, optional, "value"


def possible_changes(entity: str, path: str, slot: Slot, optional: bool, shape: str) -> Iterator[Change]:
    """Every change the diff can report on this field, with every combination of facts its type allows."""
    if shape == "text":
        for kind in TEXT_KINDS:
            yield Change(entity, "x", "changed", path, None, None, {"text": kind})
            if kind == "substantive":
                yield Change(entity, "x", "changed", path, None, None, {"text": kind, "meaning": "widened"})
        actions = ("added", "removed") if optional else ()
        for action in actions:
            yield Change(entity, "x", action, path)
        return
    member = slot.member() if shape == "list" else slot
    kinds = [k for k in FACT_KINDS if k.applies(member) or (shape != "list" and k.applies(slot))]
    if (entity, slot.name) in DURATION_REFERENCES:  # a reference to an entry that carries a duration
        kinds.append(next(k for k in FACT_KINDS if k.name == "keeping"))
    actions = ["changed"] if shape == "value" else []  # a model is compared field by field, never "changed" whole
    if optional or shape == "list":
        actions += ["added", "removed"]
    options = [[(k.name, v) for v in k.values] for k in kinds]
    for action in actions:
        for combo in itertools.product(*options):  # one empty combination when the type carries no fact
            facts = dict(combo)
            yield Change(entity, "x", action, path, None, None, facts)
        if action in ("added", "removed") and (shape == "model" or _model_of(_strip(member.annotation)[0]) is not None):
            for transfer in ENTRY_FACTS["transfer"]:  # an entry inside an entry: the worst country it holds
                yield Change(entity, "x", action, path, None, None, {**dict(combo), "transfer": transfer})


def entry_changes(entity: str) -> Iterator[Change]:
    """An entry added or removed as a whole, with every entry fact."""
    for action in ("added", "removed"):
        facts = {"scope": "wider" if action == "added" else "narrower"}
        if entity in ("certification", "security_measure"):
            facts["claim"] = "added" if action == "added" else "withdrawn"
        yield Change(entity, "x", action, "", None, None, facts)
        for transfer in ENTRY_FACTS["transfer"]:
            yield Change(entity, "x", action, "", None, None, {**facts, "transfer": transfer})


def cases() -> list[tuple[str, Change]]:
    out = []
    for spec in DATA_FILES:
        entity = ENTITY_NAMES[spec.key]
        absent = spec.optional and not spec.collection  # subscriptions.yml, well_known.yml: may be added or deleted
        for path, slot, optional, shape in leaves(entity, spec.model, absent=absent):
            for change in possible_changes(entity, path, slot, optional, shape):
                out.append((f"{entity}.{path} {change.action} {change.facts}", change))
        if spec.collection:
            for change in entry_changes(entity):
                out.append((f"{entity} {change.action} {change.facts}", change))
    for kind in TEXT_KINDS:
        out.append((f"page {kind}", Change("page", "privacy/index", "changed", "en", "a", "b", {"text": kind})))
    return out


CASES = cases()


def test_the_walk_finds_every_kind_of_field() -> None:
    fields = {name.split(" ")[0] for name, _ in CASES}
    # the kinds of fact the issue names each appear on real fields
    assert "cookie.duration" in fields and "retention.period" in fields  # durations by type
    assert "version.effective" in fields and "subprocessor.since" in fields and "subprocessor_change.date" in fields
    assert "subprocessor.entity_country" in fields and "organisation.subsidiaries.x" in fields
    assert "organisation.safeguard_copies" in fields and "organisation.controller.head_office.country" in fields
    # the sub-processor lifecycle and its optional files
    assert {"subprocessor.scopes", "subprocessor.engagement", "subprocessor.address.country", "subprocessor.contact.email",
            "subprocessor_change.announced", "subprocessor_change.notice_period_days", "subprocessor_change.replaces",
            "organisation.subprocessor_objections.email", "document.access", "document.request.url", "scope.kind",
            "subscriptions.provider.lists.x", "well_known.gpc", "well_known.security_txt.expires"} <= fields
    assert len(CASES) > 800


@pytest.mark.parametrize(("action", "item", "remaining", "direction"), [
    ("added", "eu", [], "narrower"),  # first region: it no longer concerns customers hosted elsewhere
    ("added", "us", ["eu"], "wider"),  # another region: customers there get it too
    ("added", "ai", ["eu"], "narrower"),  # a feature on top of a region: fewer customers still
    ("removed", "eu", ["us"], "narrower"),
    ("removed", "eu", [], "wider"),  # the last limit of its kind lifted: every customer
    ("removed", "eu", ["ai"], "wider"),
])
def test_scope_direction_reads_the_whole_list(action: str, item: str, remaining: list[str], direction: str) -> None:
    from trustsite.changes.facts import audience_direction

    kinds = {"eu": "region", "us": "region", "ai": "feature"}
    assert audience_direction(action, item, remaining, kinds) == direction


@pytest.mark.parametrize(("name", "change"), CASES, ids=[name for name, _ in CASES])
def test_field_is_reached_by_a_rule_other_than_the_catch_all(name: str, change: Change) -> None:
    assert classify_change(change).rule.id != CATCH_ALL


def test_a_new_duration_field_needs_no_new_rule() -> None:
    """A field that carries a duration is covered by the keeping rules, whatever it is called."""
    for value in ("longer", "shorter", "unknown"):
        change = Change("cookie", "x", "changed", "some_future_lifetime", None, None, {"keeping": value})
        assert classify_change(change).rule.id.startswith("keeping-")
