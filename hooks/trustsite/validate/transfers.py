"""Validate stage: every transfer rests on a mechanism valid in every regime the statement speaks for.

A transfer happens wherever a recipient (sub-processor or other recipient) stores or processes data, can
access it, or is itself established (EDPB Guidelines 05/2021 on the interplay of Art. 3 and Chapter V):
each such destination outside a declared regime's home needs that regime's basis, decided by
TransferRules.assess from hooks/trustsite/rules/transfers.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from trustsite.errors import Path, Problem, did_you_mean
from trustsite.model.base import iso_countries
from trustsite.rules import TransferRules, load_transfer_rules
from trustsite.validate.rules import Checked, rule

MODULES_OF_ROLE = {  # Decision (EU) 2021/914, Annex, Section I: which module fits which importer
    "processor": frozenset({2, 3}),
    "joint_controller": frozenset({1, 4}),
    "independent_controller": frozenset({1, 4}),
}


@dataclass(frozen=True)
class Party:
    """Someone data is transferred to: a sub-processor or one named entity of a recipient."""

    file_key: str
    path: Path  # of the entry, e.g. ("deskharbor",) or ("group_companies", "entities", 0)
    entry: Any  # the Subprocessor or RecipientEntity
    home: str | None  # its own country, or an international organisation's ID
    role: str
    systematic: bool  # a processor's routine transfers: no Art. 49 derogation covers them


def transfer_destinations(entry: Any, home: str | None) -> list[str]:
    """Every destination of a party, in order: processing, access, and where the recipient itself is."""
    found = [*entry.processing_locations, *entry.access_locations]
    if home is not None:
        found.append(home)
    return list(dict.fromkeys(found))


def parties(values: dict[str, Any]) -> Iterator[Party]:
    """Every sub-processor and every named recipient entity (group companies take their country from organisation.yml)."""
    for sid, sub in (values.get("subprocessors") or {}).items():
        yield Party("subprocessors", (sid,), sub, sub.entity_country, "processor", True)
    org = values.get("organisation")
    subsidiaries = org.subsidiaries if org is not None else {}
    for rid, recipient in (values.get("recipients") or {}).items():
        for i, entity in enumerate(recipient.entities):
            home = entity.international_organisation or entity.country
            if entity.subsidiary is not None and entity.subsidiary in subsidiaries:
                home = subsidiaries[entity.subsidiary].address.country
            yield Party("recipients", (rid, "entities", i), entity, home, recipient.role,
                        recipient.role == "processor")


def mechanism_for(entry: Any, destination: str, regime: str) -> Any:
    """The recorded mechanism of one destination under one regime (a plain key is the GDPR's), or None."""
    basis = entry.safeguards.get(destination)
    if basis is None:
        return None
    if isinstance(basis, str):
        return _Plain(basis) if regime == "gdpr" else None
    return basis.get(regime)


@dataclass(frozen=True)
class _Plain:
    """A mechanism given as a plain key, without facts."""

    mechanism: str
    module: None = None
    importer: None = None
    reference: None = None
    tia: None = None
    derogation: None = None
    occasion: None = None
    fallback: None = None


def _where(destination: str, rules: TransferRules) -> str:
    io = rules.international_organisations.get(destination)
    if io is not None:
        return f"{destination} ({io['name']})"
    return f"{destination} ({iso_countries().get(destination, destination)})"


@rule("organisation", current_only=True)
def check_regimes(ctx: Checked) -> Iterator[Problem]:
    """The statement speaks for the EU/EEA GDPR always, and for the UK GDPR or the FADP only with their authority."""
    rules = load_transfer_rules()
    org = ctx.values["organisation"]
    for i, regime in enumerate(org.regimes):
        if regime in org.regimes[:i]:
            yield ctx.problem("organisation", ("regimes", i), f"'{regime}' is listed twice")
    if "gdpr" not in org.regimes:
        yield ctx.problem("organisation", ("regimes",), "'gdpr' must be listed: every statement speaks for the EU/EEA"
                                                        " GDPR (Regulation (EU) 2016/679)")
    for i, regime in enumerate(org.regimes):
        country = rules.regimes[regime].complaint_country
        if country is not None and country not in org.countries_served:
            yield ctx.problem("organisation", ("regimes", i),
                              f"the statement speaks for the {rules.regimes[regime].name}, so"
                              f" countries_served must include {country} (its supervisory authority hears complaints)")


@rule("organisation", "subprocessors", "recipients", current_only=True)
def check_transfers(ctx: Checked) -> Iterator[Problem]:
    """Art. 13(1)(f), 44-49 GDPR (and UK GDPR, FADP 16-17 where declared): a valid basis for every transfer."""
    rules = load_transfer_rules()
    org = ctx.values["organisation"]
    regimes = list(dict.fromkeys(["gdpr", *org.regimes]))
    controller_country = org.controller.registered_address.country
    subsidiaries = org.subsidiaries
    for party in parties(ctx.values):
        yield from _check_entity(ctx, party, subsidiaries, rules)
        destinations = transfer_destinations(party.entry, party.home)
        certified = frozenset(party.entry.dpf_certification.frameworks) if party.entry.dpf_certification else frozenset()
        for destination in destinations:
            if destination.islower() and destination not in rules.international_organisations:
                continue  # reported once, as an unknown international organisation
            for regime in regimes:
                spec = mechanism_for(party.entry, destination, regime)
                verdict = rules.assess(regime, destination, spec, controller_country=controller_country,
                                       today=ctx.today, certified=certified, systematic=party.systematic,
                                       role_modules=MODULES_OF_ROLE.get(party.role, frozenset()))
                name = rules.regimes[regime].name
                for severity, found in (("error", verdict.errors), ("warning", verdict.warnings)):
                    for where, message in found:
                        path = _path(party, destination, regime, spec, where)
                        yield ctx.problem(party.file_key, path,
                                          f"transfer to {_where(destination, rules)} under the {name} regime: {message}",
                                          severity=severity)
        yield from _check_recorded(ctx, party, destinations, regimes, rules)


def _path(party: Party, destination: str, regime: str, spec: Any, where: str) -> Path:
    base = (*party.path, "safeguards")
    if spec is None:
        return base if party.entry.safeguards else party.path
    basis = party.entry.safeguards[destination]
    if isinstance(basis, str):
        return (*base, destination)
    parts = tuple(where.split(".")) if where else ()
    return (*base, destination, regime, *parts)


def _check_recorded(ctx: Checked, party: Party, destinations: list[str], regimes: list[str],
                    rules: TransferRules) -> Iterator[Problem]:
    """Mechanisms are recorded only for destinations of the party, and only for declared regimes."""
    for destination, basis in party.entry.safeguards.items():
        path = (*party.path, "safeguards", destination)
        if destination not in destinations:
            yield ctx.problem(party.file_key, path, f"a mechanism is given for {destination}, which is not a processing"
                                                    " or access location nor the recipient's own country", key=True)
            continue
        if isinstance(basis, dict):
            for regime in basis:
                if regime not in regimes:
                    yield ctx.problem(party.file_key, (*path, regime),
                                      f"the regime '{regime}' is not declared in organisation.regimes; declare it"
                                      " or remove this mechanism", key=True)


def _check_entity(ctx: Checked, party: Party, subsidiaries: dict[str, Any], rules: TransferRules) -> Iterator[Problem]:
    """A named recipient is a group company, a company with its country, or an international organisation."""
    if party.file_key != "recipients":
        return
    entity = party.entry
    given = [k for k in ("subsidiary", "country", "international_organisation") if getattr(entity, k) is not None]
    if len(given) != 1:
        yield ctx.problem("recipients", party.path, "give exactly one of 'subsidiary' (a group company), 'country'"
                                                    " (with 'name') or 'international_organisation'")
    if entity.subsidiary is not None:
        if entity.subsidiary not in subsidiaries:
            yield ctx.problem("recipients", (*party.path, "subsidiary"),
                              f"unknown group company '{entity.subsidiary}'{did_you_mean(entity.subsidiary, subsidiaries)};"
                              " it must be an ID under organisation.subsidiaries")
        if entity.name is not None:
            yield ctx.problem("recipients", (*party.path, "name"), "the name of a group company comes from"
                                                                   " organisation.yml; remove it here", key=True)
    elif entity.name is None:
        yield ctx.problem("recipients", party.path, "a named recipient needs its 'name'")
    io = entity.international_organisation
    if io is not None and io not in rules.international_organisations:
        yield ctx.problem("recipients", (*party.path, "international_organisation"),
                          f"unknown international organisation '{io}'"
                          f"{did_you_mean(io, rules.international_organisations)}; known:"
                          f" {', '.join(sorted(rules.international_organisations))}")
    for destination in entity.safeguards:
        if destination.islower() and destination not in rules.international_organisations:
            yield ctx.problem("recipients", (*party.path, "safeguards", destination),
                              f"unknown international organisation '{destination}'", key=True)
