"""Validate stage: rules that span fields and files (references, legal requirements, transfers).

Each rule names its legal source in its docstring. A rule only runs when the files it reads passed
the schema check, so one typo does not cascade into dozens of follow-on messages.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import functools
import re
import typing
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable, Iterable, Iterator

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from pydantic import BaseModel

from trustsite.errors import Path, Problem, did_you_mean
from trustsite.load.yamlsrc import Located
from trustsite.model.base import Text
from trustsite.model.processing import ALWAYS_REQUIRED_RIGHTS, LEGAL_BASIS_ARTICLES, RIGHT_ARTICLES
from trustsite.rules.change_table import change_rule_ids

VERSION_ID = re.compile(r"^[0-9]{4}(?:\.[0-9]+)+$")


@dataclass
class Checked:
    """What the schema stage produced: per file key, the validated entries (or None) and positions."""

    values: dict[str, Any]
    located: dict[str, Located]
    root: FsPath | None = None  # the project folder, for rules about files beside data/
    today: dt.date | None = None  # the build date, for rules about expiry
    archived: bool = False  # an archived version: read as released, without rules added since (see rule())
    content: Any = None  # the pages (model/content.py ContentSet), for rules about what the prose shows; None unread

    def has(self, *keys: str) -> bool:
        return all(self.values.get(k) is not None for k in keys)

    def problem(self, file_key: str, path: Path, message: str, **kw: Any) -> Problem:
        return self.located[file_key].problem((file_key, *path), message, **kw)


Rule = Callable[[Checked], Iterable[Problem]]
RULES: list[Rule] = []


def rule(*needs: str, current_only: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule that runs only when the files it needs are valid.

    current_only: a legal requirement of the data being published, not of its format. An archived version
    is a record of what was published then; it is read (for the pages of versions and what changed)
    without such rules, so that a stricter rule cannot make history unreadable.
    """

    def register(fn: Rule) -> Rule:
        def guarded(ctx: Checked) -> Iterable[Problem]:
            if current_only and ctx.archived:
                return ()
            return fn(ctx) if ctx.has(*needs) else ()

        guarded.__name__ = fn.__name__
        guarded.__doc__ = fn.__doc__
        guarded.current_only = current_only  # type: ignore[attr-defined]  (listed in docs/pages/legal-rules.md)
        RULES.append(guarded)
        return guarded

    return register


def run_rules(ctx: Checked) -> list[Problem]:
    problems: list[Problem] = []
    for check in RULES:
        problems.extend(check(ctx))
    return problems


# ------------------------------------------------------------------ every string in every language


_SCALARS = (str, int, float, bool, dt.date)
# the exact types of values that hold no text to walk (an enum member or a subclass of these is walked and dropped)
_PLAIN_TYPES = frozenset({str, int, float, bool, dt.date, dt.datetime, type(None)})


def _texts(value: Any, path: Path) -> Iterator[tuple[Path, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, field_value in value.__dict__.items():
            if field_value is not None and not isinstance(field_value, _SCALARS):
                yield from _texts(field_value, (*path, name))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, (*path, i))


def _all_in(value: Any, wanted: set[str]) -> bool:
    """Whether every Text in value exists in exactly the wanted languages: the walk of _texts without the
    path of each text, which only a problem needs (100,000 paths of 5,000 sub-processors: 0.3 s), and only into the
    fields of a model that can hold a Text (_text_fields: an address or a transfer safeguard cannot)."""
    todo = [value]
    plain = _PLAIN_TYPES
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind is Text:
            if item.root.keys() != wanted:
                return False
        elif kind is list:
            todo.extend([v for v in item if type(v) not in plain])
        elif kind is dict:
            todo.extend([v for v in item.values() if type(v) not in plain])
        elif isinstance(item, BaseModel):  # Text's subclasses too (none so far), below
            if isinstance(item, Text):
                if item.root.keys() != wanted:
                    return False
            else:
                fields = item.__dict__
                todo.extend([fields[name] for name in _text_fields(kind) if type(fields[name]) not in plain])
    return True


@functools.lru_cache(maxsize=None)  # one entry per model class: what its annotations say never changes
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model whose values can hold a Text, from their annotations; a field whose annotation is
    not understood here counts as one that can (walking a field too many only costs time)."""
    return tuple(name for name, field in model.model_fields.items() if _can_hold_text(field.annotation, {model}))


def _can_hold_text(annotation: Any, seen: set[type]) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _can_hold_text(typing.get_args(annotation)[0], seen)
    if origin is typing.Literal:
        return False
    if origin is not None:  # list[X], dict[K, V] (its keys are strings), X | None, tuple[...]
        args = typing.get_args(annotation)
        if origin is dict or origin is collections.abc.Mapping:
            args = args[1:]
        return not args or any(_can_hold_text(arg, seen) for arg in args)
    if annotation in _PLAIN_TYPES or annotation is None:
        return False
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            return False
        if issubclass(annotation, Text):
            return True
        if issubclass(annotation, BaseModel):
            if annotation in seen:  # a model within itself (a tree): walked, whatever it holds
                return True
            return any(_can_hold_text(field.annotation, seen | {annotation})
                       for field in annotation.model_fields.values())
    return True  # Any, a forward reference, a type variable: walked


KNOWN_LANGUAGES = sorted(locale_identifiers())


def known_language(code: str) -> bool:
    try:
        Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return False
    return True


@rule("organisation")
def check_languages(ctx: Checked) -> Iterator[Problem]:
    """Every string a reader sees exists in every configured language (WP260 para 13)."""
    org = ctx.values["organisation"]
    languages = list(org.languages)
    if org.default_language not in languages:
        yield ctx.problem("organisation", ("default_language",),
                          f"'{org.default_language}' is not one of the languages ({', '.join(languages)})")
    for i, lang in enumerate(languages):
        if lang in languages[:i]:
            yield ctx.problem("organisation", ("languages", i), f"'{lang}' is listed twice")
        elif not known_language(lang):
            yield ctx.problem("organisation", ("languages", i),
                              f"'{lang}' is not a language code Babel (CLDR) knows; use an ISO 639-1 code such as"
                              f" 'en', 'nb' or 'fr'{did_you_mean(lang, KNOWN_LANGUAGES)}")
    listed = ", ".join(languages)
    wanted = set(languages)
    real = [lang for lang in dict.fromkeys(languages) if known_language(lang)]  # an unknown code is reported once
    for key, value in ctx.values.items():
        if value is None or _all_in(value, wanted):
            continue
        for path, text in _texts(value, ()):
            if text.root.keys() == wanted:
                continue
            for lang in real:
                if lang not in text.root:
                    yield ctx.problem(key, path, f"missing the '{lang}' text; every text must exist in {listed}")
            for lang in text.root:
                if lang not in languages:
                    yield ctx.problem(key, (*path, lang),
                                      f"'{lang}' is not a configured language ({listed}){did_you_mean(lang, languages)}",
                                      key=True)


# ------------------------------------------------------------------ references between files


def _refs(ctx: Checked, key: str, path: Path, ids: Iterable[str], target: str, noun: str) -> Iterator[Problem]:
    known = ctx.values[target]
    for i, ref in enumerate(ids):
        if ref not in known:
            yield ctx.problem(key, (*path, i),
                              f"unknown {noun} '{ref}'{did_you_mean(ref, known)}; it must be an ID in data/{target}.yml")


def _basis_explained(ctx: Checked, key: str, path: Path, basis: str) -> Iterator[Problem]:
    if basis not in ctx.values["legal_bases"]:
        yield ctx.problem(key, path, f"legal basis '{basis}' is not explained in data/legal_bases.yml; add it there")


@rule("purposes", "data_categories", "data_subjects", "sources", "retention", "recipients", "legal_bases")
def check_purpose_references(ctx: Checked) -> Iterator[Problem]:
    """Each purpose names its categories, subjects, sources, retention and recipients by ID."""
    for pid, p in ctx.values["purposes"].items():
        yield from _refs(ctx, "purposes", (pid, "data_categories"), p.data_categories, "data_categories", "data category")
        yield from _refs(ctx, "purposes", (pid, "data_subjects"), p.data_subjects, "data_subjects", "data subject")
        yield from _refs(ctx, "purposes", (pid, "sources"), p.sources, "sources", "source")
        yield from _refs(ctx, "purposes", (pid, "recipients"), p.recipients, "recipients", "recipient")
        if p.retention not in ctx.values["retention"]:
            yield ctx.problem("purposes", (pid, "retention"),
                              f"unknown retention rule '{p.retention}'{did_you_mean(p.retention, ctx.values['retention'])};"
                              " it must be an ID in data/retention.yml")
        if p.legal_basis is not None:
            yield from _basis_explained(ctx, "purposes", (pid, "legal_basis"), p.legal_basis)
        for i, use in enumerate(p.legal_bases):
            where = (pid, "legal_bases", i)
            yield from _basis_explained(ctx, "purposes", (*where, "basis"), use.basis)
            yield from _refs(ctx, "purposes", (*where, "data_subjects"), use.data_subjects, "data_subjects", "data subject")
            yield from _refs(ctx, "purposes", (*where, "data_categories"), use.data_categories, "data_categories",
                             "data category")
            for field, ids, own in (("data_subjects", use.data_subjects, p.data_subjects),
                                    ("data_categories", use.data_categories, p.data_categories)):
                for j, ref in enumerate(ids):
                    if ref not in own:
                        yield ctx.problem("purposes", (*where, field, j),
                                          f"'{ref}' is not among the purpose's {field.replace('_', ' ')}; a basis covers"
                                          " part of the purpose, never more")


@rule("subprocessors", "purposes", "data_categories")
def check_subprocessor_references(ctx: Checked) -> Iterator[Problem]:
    """A sub-processor's purposes and data categories are IDs defined elsewhere."""
    for sid, s in ctx.values["subprocessors"].items():
        yield from _refs(ctx, "subprocessors", (sid, "purposes"), s.purposes, "purposes", "purpose")
        yield from _refs(ctx, "subprocessors", (sid, "data_categories"), s.data_categories, "data_categories", "data category")


@rule("cookies", "subprocessors", "legal_bases")
def check_cookie_references(ctx: Checked) -> Iterator[Problem]:
    """A cookie is set by us ('first_party') or by a listed sub-processor."""
    subs = ctx.values["subprocessors"]
    for cid, c in ctx.values["cookies"].items():
        if c.provider != "first_party" and c.provider not in subs:
            yield ctx.problem("cookies", (cid, "provider"),
                              f"unknown provider '{c.provider}'{did_you_mean(c.provider, ['first_party', *subs])};"
                              " use 'first_party' or an ID in data/subprocessors.yml")
        yield from _basis_explained(ctx, "cookies", (cid, "legal_basis"), c.legal_basis)


# ------------------------------------------------------------------ recipients and their roles


@rule("recipients", current_only=True)
def check_recipient_roles(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(1)(e), 26(2), 28: a recipient has a GDPR role; joint controllers publish the essence of their arrangement."""
    for rid, r in ctx.values["recipients"].items():
        if r.role in ("group_company", "public_authority"):
            hint = ("a group company is a processor (Art. 28), a joint controller (Art. 26) or an independent controller"
                    if r.role == "group_company" else
                    "a public authority that receives data is an independent controller (or, in a particular inquiry,"
                    " no recipient at all: Art. 4(9))")
            yield ctx.problem("recipients", (rid, "role"), f"'{r.role}' is not a role under the GDPR; {hint}: use"
                                                            " 'processor', 'joint_controller' or 'independent_controller'")
        if r.role == "joint_controller" and r.joint_arrangement is None:
            yield ctx.problem("recipients", (rid, "role"),
                              "joint controllers make the essence of their arrangement available to the data subject"
                              " (GDPR Art. 26(2)): add 'joint_arrangement', including where to exercise your rights")
        if r.role != "joint_controller" and r.joint_arrangement is not None:
            yield ctx.problem("recipients", (rid, "joint_arrangement"),
                              f"'joint_arrangement' is for joint controllers (Art. 26); this recipient is '{r.role}'",
                              key=True)


# ------------------------------------------------------------------ cookies and similar technologies

EPRIVACY = "Art. 5(3) of the ePrivacy Directive 2002/58/EC"


@rule("cookies", current_only=True)
def check_cookie_consent(ctx: Checked) -> Iterator[Problem]:
    """Art. 5(3) ePrivacy: storing or reading on a device needs consent unless strictly necessary, with the reason."""
    for cid, c in ctx.values["cookies"].items():
        if c.category == "strictly_necessary":
            if c.necessity is None:
                yield ctx.problem("cookies", (cid, "category"),
                                  f"a strictly necessary item needs 'necessity': why the service the visitor asked for"
                                  f" cannot work without it; only then is it exempt from consent ({EPRIVACY})")
        else:
            if c.legal_basis != "consent":
                yield ctx.problem("cookies", (cid, "legal_basis"),
                                  f"category '{c.category}' is not strictly necessary, so it may be stored or read only with"
                                  f" consent ({EPRIVACY}); '{c.legal_basis}' (GDPR Art."
                                  f" {LEGAL_BASIS_ARTICLES[c.legal_basis]}) cannot replace it: use 'consent', or"
                                  " category 'strictly_necessary' with the reason in 'necessity'")
            if c.necessity is not None:
                yield ctx.problem("cookies", (cid, "necessity"),
                                  f"'necessity' explains the exemption of a strictly necessary item; this one is"
                                  f" '{c.category}' and needs consent: remove it", key=True)


# ------------------------------------------------------------------ what the law requires of a purpose


def _interest_stated(ctx: Checked, path: Path, basis: str, interest: Any, field: str) -> Iterator[Problem]:
    """Art. 13(1)(d), 14(2)(b): an interest is stated exactly where the basis is Art. 6(1)(f)."""
    if basis == "legitimate_interest" and interest is None:
        yield ctx.problem("purposes", (*path, field),
                          "legal basis 'legitimate_interest' (Art. 6(1)(f)) requires the field 'legitimate_interest'"
                          " naming the interest pursued (GDPR Art. 13(1)(d))")
    if basis != "legitimate_interest" and interest is not None:
        yield ctx.problem("purposes", (*path, "legitimate_interest"),
                          f"a legitimate interest is stated but the legal basis is '{basis}'"
                          f" (Art. {LEGAL_BASIS_ARTICLES[basis]}); remove it or change the basis")


@rule("purposes")
def check_purpose_requirements(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(1)(c)-(d), 14(1)(d): a basis (one, or several each with what it covers), the interest where a basis
    is (f), at least one data category."""
    for pid, p in ctx.values["purposes"].items():
        if not p.data_categories:
            yield ctx.problem("purposes", (pid, "data_categories"),
                              "a purpose needs at least one data category (GDPR Art. 14(1)(d))")
        if p.legal_bases:
            if p.legal_basis is not None:
                yield ctx.problem("purposes", (pid, "legal_basis"), "give 'legal_basis' or 'legal_bases', not both")
            elif len(p.legal_bases) == 1:
                yield ctx.problem("purposes", (pid, "legal_bases"),
                                  "one basis for the whole purpose is written 'legal_basis'; 'legal_bases' lists two or"
                                  " more, each with what it applies to")
            if p.legitimate_interest is not None or p.special_category_condition is not None:
                field = "legitimate_interest" if p.legitimate_interest is not None else "special_category_condition"
                yield ctx.problem("purposes", (pid, field), f"with several bases, give '{field}' in the entry of"
                                                            " 'legal_bases' it belongs to", key=True)
            for i, use in enumerate(p.legal_bases):
                yield from _interest_stated(ctx, (pid, "legal_bases", i), use.basis, use.legitimate_interest, "basis")
            continue
        if p.legal_basis is None:
            raw = ctx.located["purposes"].data["purposes"][pid]
            where = (pid, "legal_basis") if "legal_basis" in raw else (pid,)  # written as null: point at it
            yield ctx.problem("purposes", where, "missing the legal basis: give 'legal_basis', or 'legal_bases' with"
                                                 " what each applies to (GDPR Art. 6(1), 13(1)(c))")
            continue
        if p.legal_basis == "legitimate_interest" and p.legitimate_interest is None:
            yield ctx.problem("purposes", (pid, "legal_basis"),
                              "legal basis 'legitimate_interest' (Art. 6(1)(f)) requires the field 'legitimate_interest'"
                              " naming the interest pursued (GDPR Art. 13(1)(d))")
        if p.legal_basis != "legitimate_interest" and p.legitimate_interest is not None:
            yield ctx.problem("purposes", (pid, "legitimate_interest"),
                              f"a legitimate interest is stated but the legal basis is '{p.legal_basis}'"
                              f" (Art. {LEGAL_BASIS_ARTICLES[p.legal_basis]}); remove it or change the basis")


@rule("purposes")
def check_purposes_exist(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(1)(c), 14(1)(c): a statement names the purposes of the processing; it cannot have none."""
    if not ctx.values["purposes"]:
        yield ctx.problem("purposes", (), "no purpose is listed; a privacy statement names every purpose of the"
                                          " processing and its legal basis (GDPR Art. 13(1)(c))")


@rule("recipients", "subprocessors")
def check_processors_are_recipients(ctx: Checked) -> Iterator[Problem]:
    """Art. 4(9), 13(1)(e): processors are recipients, so listed sub-processors need a recipient category that
    says so (the statement would otherwise tell readers that no one receives their data)."""
    subs = ctx.values["subprocessors"]
    if subs and not any(r.includes_subprocessors for r in ctx.values["recipients"].values()):
        yield ctx.problem("recipients", (), f"data/subprocessors.yml lists {len(subs)} sub-processor(s), but no"
                                            " recipient has 'includes_subprocessors: true'; processors are recipients"
                                            " (GDPR Art. 4(9), 13(1)(e)): add a category for them")


@rule("purposes", "data_categories")
def check_special_categories(ctx: Checked) -> Iterator[Problem]:
    """Art. 9(2): special-category data needs an exemption condition besides the Art. 6 basis."""
    cats = ctx.values["data_categories"]
    for pid, p in ctx.values["purposes"].items():
        special = [c for c in p.data_categories if c in cats and cats[c].special]
        conditions = [p.special_category_condition, *(use.special_category_condition for use in p.legal_bases)]
        if special and not any(conditions):
            yield ctx.problem("purposes", (pid, "data_categories"),
                              f"'{special[0]}' is special-category data; add 'special_category_condition'"
                              " naming the GDPR Art. 9(2) condition relied on")


@rule("retention")
def check_retention(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(2)(a): a storage period or, if that is not possible, the criteria used to determine it."""
    for rid, r in ctx.values["retention"].items():
        if r.period is None and r.criteria is None:
            yield ctx.problem("retention", (rid,),
                              "give a 'period' or the 'criteria' used to determine it (GDPR Art. 13(2)(a));"
                              " 'as long as necessary' alone is not enough")
        if r.starts is not None and r.period is None:
            yield ctx.problem("retention", (rid, "starts"), "'starts' says when a 'period' begins, but no period is given")


@rule("rights", "purposes", "cookies")
def check_rights(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(2)(b)-(d), 7(3), 22: the rights a reader must be told of."""
    rights = ctx.values["rights"]
    for right in ALWAYS_REQUIRED_RIGHTS:
        if right not in rights:
            yield ctx.problem("rights", (), f"missing the right '{right}' (GDPR Art. {RIGHT_ARTICLES[right]}); every notice lists it")
    consent = [pid for pid, p in ctx.values["purposes"].items() if "consent" in p.basis_keys]
    consent += [cid for cid, c in ctx.values["cookies"].items() if c.legal_basis == "consent"]
    if consent and "withdraw_consent" not in rights:
        yield ctx.problem("rights", (), f"'{consent[0]}' relies on consent, so the right 'withdraw_consent'"
                                        " (GDPR Art. 7(3), 13(2)(c)) must be described")
    automated = [pid for pid, p in ctx.values["purposes"].items() if p.automated_decision is not None]
    if automated and "automated_decisions" not in rights:
        yield ctx.problem("rights", (), f"'{automated[0]}' involves automated decision-making, so the right"
                                        " 'automated_decisions' (GDPR Art. 22) must be described")


# ------------------------------------------------------------------ organisation, authorities, versions


@rule("organisation", "authorities")
def check_authorities(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(2)(d), 77: every country served has an authority a reader can complain to."""
    org = ctx.values["organisation"]
    authorities = ctx.values["authorities"]
    covered = {a.country for a in authorities.values() if a.hears_private_sector}
    for i, country in enumerate(org.countries_served):
        if country not in covered:
            yield ctx.problem("organisation", ("countries_served", i),
                              f"no supervisory authority for {country} in data/authorities.yml;"
                              " add one so readers there know where to complain")
    if org.lead_authority is not None and org.lead_authority not in authorities:
        yield ctx.problem("organisation", ("lead_authority",),
                          f"unknown authority '{org.lead_authority}'{did_you_mean(org.lead_authority, authorities)}")


NO_VERSION = ("no version released yet: 'trustsite release --effective YYYY-MM-DD' records the first one "
              "(a site is built only once a version is released)")


@rule("versions")
def check_versions(ctx: Checked) -> Iterator[Problem]:
    """A version ID is a year and a number; a version cannot take effect before it is published."""
    versions = ctx.values["versions"]
    if not versions:
        yield ctx.problem("versions", (), NO_VERSION, severity="warning")
    for vid, v in versions.items():
        if not VERSION_ID.match(vid):
            yield ctx.problem("versions", (vid,), f"expected a version ID such as '2026.1', got '{vid}'", key=True)
        if v.effective < v.published:
            yield ctx.problem("versions", (vid, "effective"),
                              f"effective date {v.effective} is before the published date {v.published}")


# ------------------------------------------------------------------ the organisation's change policy


@rule("organisation")
def check_change_rules(ctx: Checked) -> Iterator[Problem]:
    """An override names a rule of the change table (hooks/trustsite/rules/changes.yml)."""
    overrides = ctx.values["organisation"].change_rules
    if not overrides:
        return
    known = change_rule_ids()  # the change table is read only when overrides exist
    for rule_id in overrides:
        if rule_id not in known:
            yield ctx.problem("organisation", ("change_rules", rule_id),
                              f"unknown change rule '{rule_id}'{did_you_mean(rule_id, known)}; the rules are listed"
                              " in hooks/trustsite/rules/changes.yml (run 'trustsite rules')", key=True)


# ------------------------------------------------------------------ trust center

EXPIRY_WARNING_DAYS = 60  # a certification expiring this soon warns, so that renewal is not missed


@rule("subprocessor_changes", "subprocessors")
def check_subprocessor_changes(ctx: Checked) -> Iterator[Problem]:
    """The change log names listed sub-processors; a removed one is gone from the list; dates agree with 'since'."""
    subs = ctx.values["subprocessors"]
    changes = ctx.values["subprocessor_changes"]
    latest_added: dict[str, tuple[dt.date, str]] = {}
    for cid, c in changes.items():
        if c.change == "added" and (c.subprocessor not in latest_added or c.date > latest_added[c.subprocessor][0]):
            latest_added[c.subprocessor] = (c.date, cid)
    for cid, c in changes.items():
        if c.change == "removed":
            if c.name is None:
                yield ctx.problem("subprocessor_changes", (cid, "change"),
                                  "a removed sub-processor is no longer in data/subprocessors.yml; give its 'name' here")
            later_added = c.subprocessor in latest_added and latest_added[c.subprocessor][0] > c.date
            pending = ctx.today is None or c.date > ctx.today  # listed until the removal takes effect (Art. 28(2))
            if c.subprocessor in subs and not later_added and not pending:
                yield ctx.problem("subprocessor_changes", (cid, "subprocessor"),
                                  f"'{c.subprocessor}' is marked as removed but is still listed in data/subprocessors.yml;"
                                  " remove it there, or record a later 'added' change")
            continue
        if c.subprocessor not in subs:
            if any(r.change == "removed" and r.subprocessor == c.subprocessor and r.date >= c.date
                   for r in changes.values()):
                continue  # the history of a sub-processor that was removed later stays in the log
            yield ctx.problem("subprocessor_changes", (cid, "subprocessor"),
                              f"unknown sub-processor '{c.subprocessor}'{did_you_mean(c.subprocessor, subs)};"
                              " it must be an ID in data/subprocessors.yml (for one that was removed, use change: removed)")
            continue
        if c.name is not None:
            yield ctx.problem("subprocessor_changes", (cid, "name"),
                              f"the name of '{c.subprocessor}' comes from data/subprocessors.yml; remove it here"
                              " so that it is written only once", key=True)
        if c.change == "added" and latest_added[c.subprocessor][1] == cid and c.date != subs[c.subprocessor].since:
            yield ctx.problem("subprocessor_changes", (cid, "date"),
                              f"the sub-processor was added on {c.date}, but its 'since' date in data/subprocessors.yml"
                              f" is {subs[c.subprocessor].since}; make them the same")


@rule("certifications", "documents")
def check_certifications(ctx: Checked) -> Iterator[Problem]:
    """A certification shown to readers is current: expired is an error, expiring within 60 days a warning."""
    documents = ctx.values["documents"]
    today = ctx.today
    for cid, c in ctx.values["certifications"].items():
        if c.valid_until < c.valid_from:
            yield ctx.problem("certifications", (cid, "valid_until"),
                              f"valid_until {c.valid_until} is before valid_from {c.valid_from}")
        if c.document is not None and c.document not in documents:
            yield ctx.problem("certifications", (cid, "document"),
                              f"unknown document '{c.document}'{did_you_mean(c.document, documents)};"
                              " it must be an ID in data/documents.yml")
        if today is None:
            continue
        if c.valid_until < today:
            yield ctx.problem("certifications", (cid, "valid_until"),
                              f"'{c.title}' expired on {c.valid_until}; renew it and update the dates, or remove it"
                              " (a preview is checked as of another day with --today, or the plugin's build_date)")
        elif (c.valid_until - today).days <= EXPIRY_WARNING_DAYS:
            days = (c.valid_until - today).days
            yield ctx.problem("certifications", (cid, "valid_until"),
                              f"'{c.title}' expires on {c.valid_until}, in {days} day{'s' if days != 1 else ''};"
                              " renew it in time, or the build will fail from the day after",
                              severity="warning")


@rule("documents")
def check_documents(ctx: Checked) -> Iterator[Problem]:
    """Every version of a document is a file in documents/, listed newest first, each version once."""
    for did, d in ctx.values["documents"].items():
        seen: set[str] = set()
        for i, v in enumerate(d.versions):
            if v.version in seen:
                yield ctx.problem("documents", (did, "versions", i, "version"), f"version '{v.version}' is listed twice")
            seen.add(v.version)
            if i and v.date > d.versions[i - 1].date:
                yield ctx.problem("documents", (did, "versions", i, "date"),
                                  f"versions are listed newest first, but {v.date} is after {d.versions[i - 1].date}")
            if v.file is not None and d.access == "public" and ctx.root is not None \
                    and not (ctx.root / "documents" / v.file).is_file():
                yield ctx.problem("documents", (did, "versions", i, "file"),
                                  f"documents/{v.file} does not exist; add the file or correct the name")


@rule("security_measures")
def check_security_measures(ctx: Checked) -> Iterator[Problem]:
    """Art. 32(1) asks for technical and organisational measures: a list needs at least one of each."""
    measures = ctx.values["security_measures"]
    kinds = {m.kind for m in measures.values()}
    for kind in ("technical", "organisational"):
        if measures and kind not in kinds:
            yield ctx.problem("security_measures", (),
                              f"no {kind} measure is listed; GDPR Art. 32(1) requires technical and organisational measures")


# Rules kept in their own modules register themselves on import (after RULES exists): transfers; the
# sub-processor change lifecycle, scopes, documents' access and the well-known files.
from trustsite.validate import lifecycle as _lifecycle  # noqa: E402,F401
from trustsite.validate import transfers as _transfers  # noqa: E402,F401
from trustsite.validate import elements as _elements  # noqa: E402,F401
