"""Export stage: the current sub-processors in the shape of Annex III of the standard contractual clauses.

Commission Implementing Decision (EU) 2021/914, Annex, Appendix, Annex III 'List of sub-processors' (modules two
and three): for each sub-processor its name, address, contact person's name, position and contact details, and a
description of the processing (including a clear delimitation of responsibilities where several are authorised).
Buyers paste it into their clauses or compare it with the list they authorised; as JSON and as CSV (same rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from trustsite.export.models import AnnexContact, AnnexEntry, AnnexIIIExport
from trustsite.labels import N_
from trustsite.model.exports import SCHEMA_VERSIONS
from trustsite.model.files import Project
from trustsite.model.lifecycle import current_subprocessors
from trustsite.model.transfers import Subprocessor
from trustsite.render.localize import Localizer

DESCRIPTION = N_("%(service)s Purposes: %(purposes)s. Personal data: %(data)s. Processed in: %(locations)s.")
ACCESS = N_("Accessed from: %(countries)s.")
CONDITION = N_("Only when: %(condition)s")


def describe_processing(project: Project, sub: Subprocessor, loc: Localizer) -> str:
    """Annex III 'description of processing' in one language: the service, purposes, data and locations; for a
    standby or conditional sub-processor also when it processes data (which delimits it from the others)."""
    titles = lambda ids, table: loc.list([loc.text(table[i].title) for i in ids])  # noqa: E731
    text = loc.gettext(DESCRIPTION) % {
        "service": loc.text(sub.service).strip(), "purposes": titles(sub.purposes, project.purposes),
        "data": titles(sub.data_categories, project.data_categories),
        "locations": loc.countries(list(sub.processing_locations))}
    if sub.access_locations:
        text += " " + loc.gettext(ACCESS) % {"countries": loc.countries(list(sub.access_locations))}
    if sub.condition is not None:
        text += " " + loc.gettext(CONDITION) % {"condition": loc.text(sub.condition).strip()}
    return text


def _address(sub: Subprocessor, loc: Localizer) -> str | None:
    a = sub.address
    return None if a is None else f"{a.street}, {a.postal_code} {a.city}, {loc.country(a.country)}"


def build_annex_iii(project: Project, today: dt.date, schema_url: str, localizers: dict[str, Localizer]) -> AnnexIIIExport:
    english = localizers.get("en", localizers[project.default_language])  # addresses are written for the post
    entries = []
    current = current_subprocessors(project, today)
    for sid in sorted(current):
        sub = current[sid]
        contact = None
        if sub.contact is not None:
            contact = AnnexContact(name=sub.contact.name, position=sub.contact.position, email=sub.contact.email)
        entries.append(AnnexEntry(
            id=sid, name=sub.legal_entity, address=_address(sub, english), contact=contact,
            description_of_processing={lang: describe_processing(project, sub, localizers[lang])
                                       for lang in project.languages}))
    return AnnexIIIExport(
        schema_=schema_url, schema_version=SCHEMA_VERSIONS["subprocessors-annex-iii.schema.json"], generated=today,
        data_importer=project.organisation.controller.legal_name, languages=list(project.languages),
        subprocessors=entries)


def annex_iii_json(export: AnnexIIIExport) -> str:
    return json.dumps(export.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False) + "\n"


def annex_iii_columns(languages: list[str]) -> list[str]:
    return ["id", "name", "address", "contact_name", "contact_position", "contact_email",
            *[f"description_of_processing_{lang}" for lang in languages]]


def annex_iii_csv(export: AnnexIIIExport) -> str:
    """RFC 4180 CSV (UTF-8, CRLF line ends), one row per sub-processor, in the JSON's order."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=annex_iii_columns(export.languages), lineterminator="\r\n")
    writer.writeheader()
    for e in export.subprocessors:
        contact = e.contact or AnnexContact()
        writer.writerow({"id": e.id, "name": e.name, "address": e.address or "", "contact_name": contact.name or "",
                         "contact_position": contact.position or "", "contact_email": contact.email or "",
                         **{f"description_of_processing_{lang}": e.description_of_processing[lang]
                            for lang in export.languages}})
    return buffer.getvalue()
