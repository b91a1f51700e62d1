"""Validate stage: rules that span fields and files (references, legal requirements, transfers).

Each rule names its legal source in its docstring. A rule only runs when the files it reads passed
the schema check, so one typo does not cascade into dozens of follow-on messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable, Iterable, Iterator

from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers
from pydantic import BaseModel

from trustsite.errors import Path, Problem, did_you_mean
from trustsite.load.yamlsrc import Located
from trustsite.model.base import Text, iso_countries
from trustsite.model.processing import ALWAYS_REQUIRED_RIGHTS, LEGAL_BASIS_ARTICLES, RIGHT_ARTICLES
from trustsite.rules import load_transfer_rules

VERSION_ID = re.compile(r"^[0-9]{4}(?:\.[0-9]+)+$")


@dataclass
class Checked:
    """What the schema stage produced: per file key, the validated entries (or None) and positions."""

    values: dict[str, Any]
    located: dict[str, Located]
    root: FsPath | None = None  # the project folder, for rules about files beside data/
    today: dt.date | None = None  # the build date, for rules about expiry

    def has(self, *keys: str) -> bool:
        return all(self.values.get(k) is not None for k in keys)

    def problem(self, file_key: str, path: Path, message: str, **kw: Any) -> Problem:
        return self.located[file_key].problem((file_key, *path), message, **kw)


Rule = Callable[[Checked], Iterable[Problem]]
RULES: list[Rule] = []


def rule(*needs: str) -> Callable[[Rule], Rule]:
    """Register a rule that runs only when the files it needs are valid."""

    def register(fn: Rule) -> Rule:
        def guarded(ctx: Checked) -> Iterable[Problem]:
            return fn(ctx) if ctx.has(*needs) else ()

        guarded.__name__ = fn.__name__
        guarded.__doc__ = fn.__doc__
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
        if value is None:
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
        yield from _basis_explained(ctx, "purposes", (pid, "legal_basis"), p.legal_basis)


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


# ------------------------------------------------------------------ what the law requires of a purpose


@rule("purposes")
def check_purpose_requirements(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(1)(c)-(d), 14(1)(d): basis, interest where the basis is (f), at least one data category."""
    for pid, p in ctx.values["purposes"].items():
        if not p.data_categories:
            yield ctx.problem("purposes", (pid, "data_categories"),
                              "a purpose needs at least one data category (GDPR Art. 14(1)(d))")
        if p.legal_basis == "legitimate_interest" and p.legitimate_interest is None:
            yield ctx.problem("purposes", (pid, "legal_basis"),
                              "legal basis 'legitimate_interest' (Art. 6(1)(f)) requires the field 'legitimate_interest'"
                              " naming the interest pursued (GDPR Art. 13(1)(d))")
        if p.legal_basis != "legitimate_interest" and p.legitimate_interest is not None:
            yield ctx.problem("purposes", (pid, "legitimate_interest"),
                              f"a legitimate interest is stated but the legal basis is '{p.legal_basis}'"
                              f" (Art. {LEGAL_BASIS_ARTICLES[p.legal_basis]}); remove it or change the basis")


@rule("purposes", "data_categories")
def check_special_categories(ctx: Checked) -> Iterator[Problem]:
    """Art. 9(2): special-category data needs an exemption condition besides the Art. 6 basis."""
    cats = ctx.values["data_categories"]
    for pid, p in ctx.values["purposes"].items():
        special = [c for c in p.data_categories if c in cats and cats[c].special]
        if special and p.special_category_condition is None:
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
    consent = [pid for pid, p in ctx.values["purposes"].items() if p.legal_basis == "consent"]
    consent += [cid for cid, c in ctx.values["cookies"].items() if c.legal_basis == "consent"]
    if consent and "withdraw_consent" not in rights:
        yield ctx.problem("rights", (), f"'{consent[0]}' relies on consent, so the right 'withdraw_consent'"
                                        " (GDPR Art. 7(3), 13(2)(c)) must be described")
    automated = [pid for pid, p in ctx.values["purposes"].items() if p.automated_decision is not None]
    if automated and "automated_decisions" not in rights:
        yield ctx.problem("rights", (), f"'{automated[0]}' involves automated decision-making, so the right"
                                        " 'automated_decisions' (GDPR Art. 22) must be described")


# ------------------------------------------------------------------ transfers outside the EU/EEA


@rule("subprocessors")
def check_transfers(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(1)(f), 44-46: every location outside the EU/EEA rests on adequacy or an Art. 46 safeguard."""
    rules = load_transfer_rules()
    names = iso_countries()
    for sid, s in ctx.values["subprocessors"].items():
        locations = list(dict.fromkeys([*s.processing_locations, *s.access_locations]))
        for country in locations:
            cls = rules.classify(country)
            where = f"{country} ({names.get(country, country)})"
            safeguard = s.safeguards.get(country)
            path = (sid, "safeguards", country) if safeguard else (sid,)
            if cls in ("eu", "eea"):
                continue
            if safeguard is None:
                if cls == "adequate":
                    continue  # the adequacy decision itself is the basis; rendered from the rule table
                scope = rules.adequacy[country].scope if cls == "adequate_partial" else None
                hint = (f"the adequacy decision for {country} covers only {scope}; name 'dpf' or an Art. 46 safeguard"
                        if scope and country == "US" else
                        f"the adequacy decision for {country} covers only {scope}; name an Art. 46 safeguard such as 'scc_2021_914'"
                        if scope else "no adequacy decision covers it; name an Art. 46 safeguard such as 'scc_2021_914'")
                yield ctx.problem("subprocessors", (sid, "safeguards"),
                                  f"{where} is outside the EU/EEA and has no transfer safeguard; {hint}"
                                  " (GDPR Art. 13(1)(f), 46)")
            elif not rules.safeguard_allowed(safeguard, country):
                refusal = rules.safeguards[safeguard].refusal.format(country=where)
                yield ctx.problem("subprocessors", path,
                                  f"'{safeguard}' cannot cover {where}: {refusal}; name an Art. 46 safeguard such as 'scc_2021_914'")
        for country in s.safeguards:
            if country not in locations:
                yield ctx.problem("subprocessors", (sid, "safeguards", country),
                                  f"a safeguard is given for {country}, which is not a processing or access location", key=True)
            elif not rules.needs_transfer_basis(country):
                yield ctx.problem("subprocessors", (sid, "safeguards", country),
                                  f"{country} is in the EU/EEA; no transfer safeguard is needed", key=True)


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


@rule("versions")
def check_versions(ctx: Checked) -> Iterator[Problem]:
    """A version ID is a year and a number; a version cannot take effect before it is published."""
    versions = ctx.values["versions"]
    if not versions:
        yield ctx.problem("versions", (), "at least one version is needed")
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
    from trustsite.changes.classify import rule_ids  # the change table is read only when overrides exist

    overrides = ctx.values["organisation"].change_rules
    if not overrides:
        return
    known = rule_ids()
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
                              " (TRUSTSITE_TODAY sets the build date of a preview)")
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


# the sub-processor change lifecycle, scopes, documents' access and the well-known files register their rules here
from trustsite.validate import lifecycle as _lifecycle  # noqa: E402,F401
