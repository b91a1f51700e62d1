"""Export stage: write every export into a built site, once per build (all languages at once)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from trustsite.export.feeds import changes_feed, versions_feed
from trustsite.load.archive import archived_ids
from trustsite.model.exports import (API_CATALOG, EXPORT_SCHEMAS, GPC_JSON, SECURITY_TXT, SITE_SCHEMA_DIR, document_path,
                                    export_path, scope_path)
from trustsite.model.files import Project
from trustsite.model.organisation import Version
from trustsite.render.context import RenderContext


@dataclass
class SiteFacts:
    """What only the site knows: its address, and per language its name and the changes page."""

    site_url: str  # absolute, ending in '/'
    site_names: dict[str, str]
    changes_pages: dict[str, str]  # language -> site-relative URL of the page with {{ subprocessor_changes }}
    exports_pages: dict[str, str] = field(default_factory=dict)  # language -> URL of the page with {{ exports }}
    upcoming_pages: dict[str, str] = field(default_factory=dict)  # language -> URL of {{ subprocessor_upcoming }}


def data_exports(project: Project, today: dt.date, site_url: str, released: Project | None = None) -> dict[str, str]:
    """The exports that hold the facts (sub-processors as JSON and CSV, the statement as JSON and JSON-LD)
    and the schemas, by site-relative path: the same in every language, and the costly part on a large
    organisation (a build takes them from the parse cache when no input changed: imported here only).

    `released`: in a draft build, the newest released version as archived; the statement export, which names
    its version, holds that version's data then, never unreleased data under its number."""
    from trustsite.export.annex3 import annex_iii_csv, annex_iii_json, build_annex_iii
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
    for scope in project.scopes:  # each scope's customers follow only what concerns them
        scoped = build_subprocessors(project, today, schema_url("subprocessors_json"), scope=scope)
        out[scope_path(scope, "subprocessors_json", default, default)] = subprocessors_json(scoped)
    localizers = {lang: RenderContext(project, lang, today).loc for lang in project.languages}
    annex = build_annex_iii(project, today, schema_url("annex_iii_json"), localizers)
    out[export_path("annex_iii_json", default, default)] = annex_iii_json(annex)
    out[export_path("annex_iii_csv", default, default)] = annex_iii_csv(annex)
    stated = released if released is not None else project
    out[export_path("statement_json", default, default)] = statement_json(stated, today, newest_version(stated),
                                                                          schema_url("statement_json"))
    jsonld_path = export_path("statement_jsonld", default, default)
    out[jsonld_path] = statement_jsonld(project, today, site_url + jsonld_path)
    return out


def newest_version(project: Project) -> tuple[str, Version]:
    """The exports hold the data as it stands, i.e. the newest version, even while an older one is in force."""
    return max(project.versions.items(), key=lambda kv: (kv[1].effective, kv[1].published))


def feed_exports(project: Project, contexts: dict[str, RenderContext], facts: SiteFacts) -> dict[str, str | bytes]:
    """The Atom feeds of each language (sub-processor changes, also per scope; versions) and the well-known files,
    by site-relative path: they name the site and link to its pages, which only the build knows."""
    out: dict[str, str | bytes] = {}
    default = project.default_language
    published = newest_version(project)[1].published
    for language in project.languages:
        ctx = contexts[language]
        for scope in [None, *project.scopes]:
            feed_path = (export_path("changes_atom", language, default) if scope is None
                         else scope_path(scope, "changes_atom", language, default))
            out[feed_path] = changes_feed(project, ctx.loc, feed_url=facts.site_url + feed_path,
                                          page_url=facts.site_url + facts.changes_pages.get(language, ""),
                                          site_name=facts.site_names.get(language, ""), fallback_updated=published,
                                          today=ctx.today, scope=scope,
                                          upcoming_url=_absolute(facts, facts.upcoming_pages.get(language)))
    archived = archived_ids(project.root)
    for language in project.languages:
        feed_path = export_path("versions_atom", language, default)
        out[feed_path] = versions_feed(project, contexts[language].loc, feed_url=facts.site_url + feed_path,
                                       versions_url=facts.site_url + feed_path.removesuffix("feed.xml"),
                                       site_name=facts.site_names.get(language, ""), archived=archived)
    out.update(well_known_exports(project, facts))
    return out


def _absolute(facts: SiteFacts, page: str | None) -> str | None:
    return None if page is None else facts.site_url + page


def well_known_exports(project: Project, facts: SiteFacts) -> dict[str, str | bytes]:
    """/.well-known/api-catalog always (the exports always exist); security.txt and gpc.json when the data asks."""
    from trustsite.export.wellknown import api_catalog, gpc_json, security_txt

    out: dict[str, str | bytes] = {
        API_CATALOG: api_catalog(project, facts.site_url, facts.exports_pages.get(project.default_language))}
    well_known = project.well_known
    if well_known is not None and well_known.security_txt is not None:
        out[SECURITY_TXT] = security_txt(well_known.security_txt, facts.site_url, project.languages)
    if well_known is not None and well_known.gpc is not None:
        out[GPC_JSON] = gpc_json(well_known.gpc)
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
    for document in published_documents(project):
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
             for key in ("subprocessors_json", "subprocessors_csv", "annex_iii_json", "annex_iii_csv", "statement_json",
                         "statement_jsonld", "changes_atom", "versions_atom")]
    paths += [scope_path(scope, key, language, default) for scope in project.scopes
              for key in ("subprocessors_json", "changes_atom")]
    paths += [f"{SITE_SCHEMA_DIR}/{name}" for name in EXPORT_SCHEMAS.values()]
    paths += [document_path(v.file) for d in published_documents(project) for v in d.versions]
    return paths


def published_documents(project: Project) -> list:
    """The documents whose files the site publishes: public ones only (one on request or under NDA never is)."""
    return [d for d in project.documents.values() if d.access == "public"]
