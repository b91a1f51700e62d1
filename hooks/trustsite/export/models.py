"""Export stage: the published shape of the JSON exports, as models (their JSON Schemas are generated)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from trustsite.model.exports import SCHEMA_VERSION, SCHEMA_VERSIONS
from trustsite.model.files import DATA_FILES


class Exported(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=True)


class Transfer(Exported):
    """A transfer under one regime and what it rests on (one entry per destination and regime)."""

    country: str
    """ISO 3166-1 alpha-2 code of the country, or the ID of an international organisation."""
    regime: str = "gdpr"
    """gdpr (EU/EEA GDPR), uk_gdpr or fadp (Swiss FADP)."""
    safeguard: str
    """The mechanism: adequacy, dpf, scc_2021_914, bcr, art49, uk_idta, uk_addendum, uk_us_data_bridge, swiss_scc,
    swiss_us_dpf, ... (hooks/trustsite/rules/transfers.yml)."""
    article: str
    """The article the mechanism rests on, e.g. '45' or '46(2)(c)' (GDPR) or '16(2)(d) FADP'."""
    module: int | None = None
    """Module of standard contractual clauses (1-4), where they are used."""
    importer: str | None = None
    """Legal entity signing as data importer, where recorded."""
    tia: dt.date | None = None
    """Date of the transfer impact assessment, where one is recorded with a date."""
    fallback: str | None = None
    """For a DPF transfer: the mechanism that takes over without the certification."""


class SubprocessorEntry(Exported):
    """One sub-processor: one JSON object here, one row in subprocessors.csv."""

    id: str
    """Stable ID; the anchor on the trust center page is 'sp-' plus the ID with '-' for '_'."""
    name: str
    """Name of the service provider."""
    legal_entity: str
    """The contracting legal entity."""
    entity_country: str
    """ISO 3166-1 alpha-2 code of the legal entity's country."""
    category: str
    """Kind of service: infrastructure, communication, customer_support, payments, analytics, recruitment or other."""
    service: dict[str, str]
    """What it does, per language code."""
    purposes: list[str]
    """IDs of the purposes it serves (titles in the top-level 'purposes')."""
    data_categories: list[str]
    """IDs of the data categories it processes (titles in the top-level 'data_categories')."""
    processing_locations: list[str]
    """Countries where data is stored or processed."""
    access_locations: list[str]
    """Countries from which data is accessed remotely."""
    transfers: list[Transfer]
    """Every location outside the EU/EEA with its adequacy decision or safeguard."""
    website: str
    """The provider's website."""
    since: dt.date
    """Date it was engaged (or will be, when planned: the date its addition takes effect)."""
    planned: bool = False
    """True when 'since' is after the build date: announced, not yet engaged (its status is 'upcoming')."""
    status: Literal["current", "upcoming"]
    """current (authorised and processing on the build date) or upcoming (its addition is announced, not yet in
    effect: see 'upcoming_changes' for the objection deadline). Since 1.1.0."""
    scopes: list[str]
    """IDs of the scopes it is limited to (titles in the top-level 'scopes'); empty: every customer. Since 1.1.0."""
    engagement: Literal["standing", "standby", "conditional"]
    """standing (processes data all the time), standby (only when another one fails) or conditional. Since 1.1.0."""
    condition: dict[str, str] | None = None
    """When a standby or conditional one processes data, per language. Since 1.1.0."""


class UpcomingChange(Exported):
    """A change customers were told of that is not yet in effect (GDPR Art. 28(2)). Since 1.1.0."""

    id: str
    """Stable change ID (also the ID of its Atom entries)."""
    change: Literal["added", "removed", "changed"]
    """added, removed or changed."""
    subprocessor: str
    """ID of the sub-processor."""
    replaces: str | None = None
    """ID of the sub-processor it replaces, if any."""
    announced: dt.date
    """Date customers were told."""
    objection_deadline: dt.date
    """Last day to object."""
    effective: dt.date
    """Date the change takes effect."""
    summary: dict[str, str]
    """What changes, per language."""


class ScopeEntry(Exported):
    """A product, region or feature sub-processors can be limited to. Since 1.1.0."""

    kind: Literal["product", "region", "feature"]
    """product, region or feature."""
    title: dict[str, str]
    """Name per language."""


class SubprocessorsExport(Exported):
    """trust/subprocessors.json: the sub-processor list of one organisation."""

    schema_: str = Field(alias="$schema")
    """URL of this JSON Schema."""
    schema_version: Literal[SCHEMA_VERSION]  # type: ignore[valid-type]
    """Version of the export format (semantic versioning: a new major version breaks readers)."""
    generated: dt.date
    """Build date of the site."""
    controller: str
    """Legal name of the controller publishing the list."""
    languages: list[str]
    """Language codes of every text in the file."""
    purposes: dict[str, dict[str, str]]
    """Purpose ID -> title per language."""
    data_categories: dict[str, dict[str, str]]
    """Data category ID -> title per language."""
    subprocessors: list[SubprocessorEntry]
    """Every current sub-processor and every announced upcoming one, sorted by ID."""
    scope: str | None = None
    """For a scope's own list (trust/scopes/<id>/subprocessors.json): its ID; the list holds only the sub-processors
    that concern its customers. None for the whole list. Since 1.1.0."""
    scopes: dict[str, ScopeEntry]
    """Scope ID -> its kind and title. Since 1.1.0."""
    upcoming_changes: list[UpcomingChange]
    """Announced changes not yet in effect, the soonest first. Since 1.1.0."""
    objections: dict[str, str]
    """Where customers object to an announced change: 'email' and/or 'url'. Since 1.1.0."""


class AnnexContact(Exported):
    """The sub-processor's contact person (Annex III: 'contact person's name, position and contact details')."""

    name: str | None = None
    """Name of the contact person or function."""
    position: str | None = None
    """Position, e.g. 'Data Protection Officer'."""
    email: str | None = None
    """E-mail address."""


class AnnexEntry(Exported):
    """One entry of Annex III 'List of sub-processors' of the standard contractual clauses (Decision (EU) 2021/914)."""

    id: str
    """Stable ID of the sub-processor in trust/subprocessors.json."""
    name: str
    """Annex III 'Name': the legal entity."""
    address: str | None
    """Annex III 'Address'; null where data/subprocessors.yml gives none."""
    contact: AnnexContact | None
    """Annex III 'Contact person's name, position and contact details'; null where none is given."""
    description_of_processing: dict[str, str]
    """Annex III 'Description of processing', per language: the service, the purposes and data, the locations and,
    for several sub-processors, the delimitation of their responsibilities."""


class AnnexIIIExport(Exported):
    """trust/subprocessors-annex-iii.json: the sub-processors the customers authorised, in the shape of Annex III of
    the standard contractual clauses (Commission Implementing Decision (EU) 2021/914, modules 2 and 3)."""

    schema_: str = Field(alias="$schema")
    """URL of this JSON Schema."""
    schema_version: Literal[SCHEMA_VERSIONS["subprocessors-annex-iii.schema.json"]]  # type: ignore[valid-type]
    """Version of the export format (semantic versioning)."""
    generated: dt.date
    """Build date of the site: the list of the sub-processors authorised on that day."""
    data_importer: str
    """Legal name of the organisation whose sub-processors these are."""
    languages: list[str]
    """Language codes of every text in the file."""
    subprocessors: list[AnnexEntry]
    """Every current sub-processor, sorted by ID."""


class VersionRef(Exported):
    id: str
    """Version ID, e.g. '2026.1'."""
    published: dt.date
    """Date the version was published."""
    effective: dt.date
    """Date the version takes effect."""


@lru_cache(maxsize=1)
def published_version_model() -> type[BaseModel]:
    """A version as the statement export publishes it: without manifest_sha256, the archive's bookkeeping
    (validate/archive.py) that says nothing about the statement."""
    from trustsite.model.organisation import Version

    kept = {name: (info.annotation, info) for name, info in Version.model_fields.items() if name != "manifest_sha256"}
    return create_model("Version", __base__=Version.__mro__[1], __doc__=Version.__doc__, **kept)


@lru_cache(maxsize=1)
def statement_model() -> type[BaseModel]:
    """trust/statement.json: the whole statement, every data file as it is validated."""
    fields: dict[str, Any] = {
        "schema_": (str, Field(alias="$schema", description="URL of this JSON Schema.")),
        "schema_version": (Literal[SCHEMA_VERSIONS["statement.schema.json"]], Field(description="Version of the export format (semantic versioning).")),  # type: ignore[valid-type]
        "generated": (dt.date, Field(description="Build date of the site.")),
        "version": (VersionRef, Field(description="The version of the statement in force on the build date.")),
    }
    for spec in DATA_FILES:
        model = published_version_model() if spec.key == "versions" else spec.model
        value_type = dict[str, model] if spec.collection else model  # type: ignore[valid-type]
        if spec.optional and not spec.collection:
            fields[spec.key] = (value_type | None, Field(None, description=spec.summary))
            continue
        fields[spec.key] = (value_type, Field(description=spec.summary))
    return create_model("StatementExport", __base__=Exported, __doc__="The whole privacy statement and trust center data.", **fields)


EXPORT_MODELS: dict[str, Any] = {
    "subprocessors.schema.json": lambda: SubprocessorsExport,
    "statement.schema.json": statement_model,
    "subprocessors-annex-iii.schema.json": lambda: AnnexIIIExport,
}


def export_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema of an export (schemas/exports/<name>)."""
    model = EXPORT_MODELS[name]()
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"trust/{name.replace('.schema', '')}",
            "x-schema-version": SCHEMA_VERSIONS[name], **schema}
