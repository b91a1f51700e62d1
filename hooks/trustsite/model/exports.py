"""Model stage: the published layout of a site — where each machine-readable export, document and well-known
file is published, its media type, label and schema version. Plain data: render/ links to these paths, export/
writes them, site/ names them in the page heads."""

from __future__ import annotations

from dataclasses import dataclass

from trustsite.labels import N_


# Version of each JSON export's format (semantic versioning: a new major version breaks readers); every change is
# a row in CHANGELOG.md (Export schemas), where the history of schema_version is kept.
SCHEMA_VERSIONS: dict[str, str] = {
    "subprocessors.schema.json": "1.1.0",
    "statement.schema.json": "1.1.0",
    "subprocessors-annex-iii.schema.json": "1.0.0",
}
SCHEMA_VERSION = SCHEMA_VERSIONS["subprocessors.schema.json"]  # the sub-processor list's, also the whole per-scope lists'
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
    Export("annex_iii_json", "trust/subprocessors-annex-iii.json", "application/json",
           N_("Sub-processors as Annex III of the standard contractual clauses (JSON)")),
    Export("annex_iii_csv", "trust/subprocessors-annex-iii.csv", "text/csv",
           N_("Sub-processors as Annex III of the standard contractual clauses (CSV)")),
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
    "annex_iii_json": "subprocessors-annex-iii.schema.json",
}
SITE_SCHEMA_DIR = "trust/schemas"

# Which block directive makes a page the home of which exports (<link rel="alternate"> in its head).
BLOCK_ALTERNATES: dict[str, tuple[str, ...]] = {
    "subprocessor_list": ("subprocessors_json", "subprocessors_csv"),
    "subprocessor_changes": ("changes_atom",),
    "exports": ("subprocessors_json", "subprocessors_csv", "annex_iii_json", "annex_iii_csv", "statement_json",
                "statement_jsonld", "changes_atom"),
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


SCOPES_DIR = "trust/scopes"  # per scope: <id>/subprocessors.json and, per language, <id>/subprocessor-changes.atom


def scope_path(scope: str, key: str, language: str, default_language: str) -> str:
    """Site-relative path of a scope's own export ('subprocessors_json') or feed ('changes_atom', per language)."""
    name = EXPORT_BY_KEY[key].path.rsplit("/", 1)[1]
    path = f"{SCOPES_DIR}/{scope}/{name}"
    if EXPORT_BY_KEY[key].per_language and language != default_language:
        return f"{language}/{path}"
    return path


# Files under /.well-known/ (RFC 8615), each written only when the organisation's data asks for it.
SECURITY_TXT = ".well-known/security.txt"  # RFC 9116
API_CATALOG = ".well-known/api-catalog"  # RFC 9727
GPC_JSON = ".well-known/gpc.json"  # Global Privacy Control
API_CATALOG_TYPE = 'application/linkset+json; profile="https://www.rfc-editor.org/info/rfc9727"'  # RFC 9727 section 4
