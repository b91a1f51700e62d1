"""Export stage: where each machine-readable export is published, its media type and its label."""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a label for gettext extraction; it is translated when rendered."""
    return message


SCHEMA_VERSION = "1.0.0"  # of every export; a breaking change raises the major number (history: CHANGELOG.md)
DOCUMENTS_DIR = "documents"  # data/documents.yml files: documents/<file> in the repository and on the site


@dataclass(frozen=True)
class Export:
    key: str
    path: str  # relative to the site root; per_language ones get the language prefix ("nl/...")
    media_type: str
    label: str  # gettext message ID
    per_language: bool = False


EXPORTS: tuple[Export, ...] = (
    Export("subprocessors_json", "trust/subprocessors.json", "application/json", N_("Sub-processors (JSON)")),
    Export("subprocessors_csv", "trust/subprocessors.csv", "text/csv", N_("Sub-processors (CSV)")),
    Export("statement_json", "trust/statement.json", "application/json", N_("Privacy statement (JSON)")),
    Export("statement_jsonld", "trust/statement.jsonld", "application/ld+json",
           N_("Privacy statement (JSON-LD, W3C Data Privacy Vocabulary)")),
    Export("changes_atom", "trust/subprocessor-changes.atom", "application/atom+xml",
           N_("Sub-processor changes (Atom feed)"), per_language=True),
    Export("versions_atom", "privacy/versions/feed.xml", "application/atom+xml",
           N_("Versions of the privacy statement (Atom feed)"), per_language=True),
)
EXPORT_BY_KEY = {e.key: e for e in EXPORTS}

# JSON Schemas of the JSON exports: schemas/exports/<name> in the repository, trust/schemas/<name> on the site.
EXPORT_SCHEMAS = {
    "subprocessors_json": "subprocessors.schema.json",
    "statement_json": "statement.schema.json",
}
SITE_SCHEMA_DIR = "trust/schemas"

# Which block directive makes a page the home of which exports (<link rel="alternate"> in its head).
BLOCK_ALTERNATES: dict[str, tuple[str, ...]] = {
    "subprocessor_list": ("subprocessors_json", "subprocessors_csv"),
    "subprocessor_changes": ("changes_atom",),
    "exports": ("subprocessors_json", "subprocessors_csv", "statement_json", "statement_jsonld", "changes_atom"),
    "purposes": ("statement_json", "statement_jsonld"),
}


def export_path(key: str, language: str, default_language: str) -> str:
    """Site-relative path of an export as the reader of `language` gets it."""
    export = EXPORT_BY_KEY[key]
    if export.per_language and language != default_language:
        return f"{language}/{export.path}"
    return export.path


def document_path(file: str) -> str:
    return f"{DOCUMENTS_DIR}/{file}"
