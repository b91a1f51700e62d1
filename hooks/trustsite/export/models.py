"""Export stage: the published shape of the JSON exports, as models (their JSON Schemas are generated)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from trustsite.export.paths import SCHEMA_VERSION
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
    """Date it was engaged (or will be, when planned)."""
    planned: bool = False
    """True when 'since' is after the build date: announced, not yet engaged."""


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
    """Every sub-processor, sorted by ID."""


class VersionRef(Exported):
    id: str
    """Version ID, e.g. '2026.1'."""
    published: dt.date
    """Date the version was published."""
    effective: dt.date
    """Date the version takes effect."""


@lru_cache(maxsize=1)
def statement_model() -> type[BaseModel]:
    """trust/statement.json: the whole statement, every data file as it is validated."""
    fields: dict[str, Any] = {
        "schema_": (str, Field(alias="$schema", description="URL of this JSON Schema.")),
        "schema_version": (Literal[SCHEMA_VERSION], Field(description="Version of the export format (semantic versioning).")),  # type: ignore[valid-type]
        "generated": (dt.date, Field(description="Build date of the site.")),
        "version": (VersionRef, Field(description="The version of the statement in force on the build date.")),
    }
    for spec in DATA_FILES:
        value_type = dict[str, spec.model] if spec.collection else spec.model  # type: ignore[name-defined]
        fields[spec.key] = (value_type, Field(description=spec.summary))
    return create_model("StatementExport", __base__=Exported, __doc__="The whole privacy statement and trust center data.", **fields)


EXPORT_MODELS: dict[str, Any] = {
    "subprocessors.schema.json": lambda: SubprocessorsExport,
    "statement.schema.json": statement_model,
}


def export_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema of an export (schemas/exports/<name>)."""
    model = EXPORT_MODELS[name]()
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"trust/{name.replace('.schema', '')}",
            "x-schema-version": SCHEMA_VERSION, **schema}
