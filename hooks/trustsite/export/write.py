"""Export stage: write every export into a built site, once per build (all languages at once)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from trustsite.export.feeds import changes_feed, versions_feed
from trustsite.export.paths import EXPORT_SCHEMAS, SITE_SCHEMA_DIR, document_path, export_path
from trustsite.model.files import Project
from trustsite.model.organisation import Version
from trustsite.render.context import RenderContext


@dataclass
class SiteFacts:
    """What only the site knows: its address, and per language its name and the changes page."""

    site_url: str  # absolute, ending in '/'
    site_names: dict[str, str]
    changes_pages: dict[str, str]  # language -> site-relative URL of the page with {{ subprocessor_changes }}


def data_exports(project: Project, today: dt.date, site_url: str) -> dict[str, str]:
    """The exports that hold the facts (sub-processors as JSON and CSV, the statement as JSON and JSON-LD)
    and the schemas, by site-relative path: the same in every language, and the costly part on a large
    organisation (a build takes them from the parse cache when no input changed: imported here only)."""
    from trustsite.export.jsonld import statement_jsonld
    from trustsite.export.models import export_schema
    from trustsite.export.statement import statement_json
    from trustsite.export.subprocessors import build_subprocessors, subprocessors_csv, subprocessors_json

    out: dict[str, str] = {}
    default = project.default_language

    def schema_url(key: str) -> str:
        return f"{site_url}{SITE_SCHEMA_DIR}/{EXPORT_SCHEMAS[key]}"

    for name in EXPORT_SCHEMAS.values():
        out[f"{SITE_SCHEMA_DIR}/{name}"] = json.dumps(export_schema(name), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    subs = build_subprocessors(project, today, schema_url("subprocessors_json"))
    out[export_path("subprocessors_json", default, default)] = subprocessors_json(subs)
    out[export_path("subprocessors_csv", default, default)] = subprocessors_csv(subs)
    out[export_path("statement_json", default, default)] = statement_json(project, today, newest_version(project),
                                                                          schema_url("statement_json"))
    jsonld_path = export_path("statement_jsonld", default, default)
    out[jsonld_path] = statement_jsonld(project, today, site_url + jsonld_path)
    return out


def newest_version(project: Project) -> tuple[str, Version]:
    """The exports hold the data as it stands, i.e. the newest version, even while an older one is in force."""
    return max(project.versions.items(), key=lambda kv: (kv[1].effective, kv[1].published))


def feed_exports(project: Project, contexts: dict[str, RenderContext], facts: SiteFacts) -> dict[str, str | bytes]:
    """The Atom feeds of each language (sub-processor changes, versions), by site-relative path: they name
    the site and link to its pages, which only the build knows."""
    from trustsite.versions.archive import archived_ids

    out: dict[str, str | bytes] = {}
    default = project.default_language
    published = newest_version(project)[1].published
    for language in project.languages:
        feed_path = export_path("changes_atom", language, default)
        out[feed_path] = changes_feed(project, contexts[language].loc, feed_url=facts.site_url + feed_path,
                                      page_url=facts.site_url + facts.changes_pages.get(language, ""),
                                      site_name=facts.site_names.get(language, ""), fallback_updated=published)
    archived = archived_ids(project.root)
    for language in project.languages:
        feed_path = export_path("versions_atom", language, default)
        out[feed_path] = versions_feed(project, contexts[language].loc, feed_url=facts.site_url + feed_path,
                                       versions_url=facts.site_url + feed_path.removesuffix("feed.xml"),
                                       site_name=facts.site_names.get(language, ""), archived=archived)
    return out


def write_exports(project: Project, exports: dict[str, str | bytes], site_dir: Path) -> list[str]:
    """Write the exports (data_exports and feed_exports, by site-relative path) and copy the documents;
    return the site-relative paths written."""
    written: list[str] = []
    for path, content in exports.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8", newline="")
        else:
            target.write_bytes(content)
        written.append(path)
    for document in project.documents.values():
        for v in document.versions:
            target = site_dir / document_path(v.file)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(project.root / document_path(v.file), target)
            written.append(document_path(v.file))
    return written


def stub_paths(project: Project, language: str) -> list[str]:
    """Site-relative paths of the files written after the build that pages of `language` link to."""
    default = project.default_language
    paths = [export_path(key, language, default)
             for key in ("subprocessors_json", "subprocessors_csv", "statement_json", "statement_jsonld", "changes_atom",
                         "versions_atom")]
    paths += [f"{SITE_SCHEMA_DIR}/{name}" for name in EXPORT_SCHEMAS.values()]
    paths += [document_path(v.file) for d in project.documents.values() for v in d.versions]
    return paths
