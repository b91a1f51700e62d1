"""Export stage: the files under /.well-known/ (RFC 8615): security.txt (RFC 9116), api-catalog (RFC 9727) and,
for an organisation that honours Global Privacy Control, gpc.json."""

from __future__ import annotations

import json
from collections.abc import Iterable

from trustsite.model.exports import (API_CATALOG, EXPORT_BY_KEY, EXPORT_SCHEMAS, SECURITY_TXT, SITE_SCHEMA_DIR,
                                    export_path, scope_path)
from trustsite.model.files import Project
from trustsite.model.trust import Gpc, SecurityTxt

# The exports the api-catalog lists; the feeds are listed per language below.
CATALOG_EXPORTS = ("subprocessors_json", "subprocessors_csv", "annex_iii_json", "annex_iii_csv", "statement_json",
                   "statement_jsonld")


def security_txt(security: SecurityTxt, site_url: str, languages: Iterable[str]) -> str:
    """RFC 9116 section 2.5: one field per line; Expires as an RFC 3339 moment (the end of the day, UTC)."""
    lines = [f"Contact: {contact}" for contact in security.contact]
    lines.append(f"Expires: {security.expires.isoformat()}T23:59:59Z")
    lines += [f"Encryption: {key}" for key in security.encryption]
    if security.acknowledgments:
        lines.append(f"Acknowledgments: {security.acknowledgments}")
    lines.append(f"Preferred-Languages: {', '.join(security.preferred_languages or languages)}")
    lines.append(f"Canonical: {site_url}{SECURITY_TXT}")  # 2.5.2: where this file is meant to be found
    if security.policy:
        lines.append(f"Policy: {security.policy}")
    return "\n".join(lines) + "\n"


def gpc_json(gpc: Gpc) -> str:
    """The Global Privacy Control well-known resource: the site honours the signal, since lastUpdate."""
    return json.dumps({"gpc": True, "lastUpdate": gpc.honoured_since.isoformat()}, indent=2) + "\n"


def api_catalog(project: Project, site_url: str, exports_page: str | None) -> str:
    """RFC 9727: a linkset (RFC 9264) whose first context is the catalog itself, listing each export as an 'item';
    each JSON export is then described by its JSON Schema ('service-desc') and the page that explains the exports
    ('service-doc')."""
    default = project.default_language
    keys = [*CATALOG_EXPORTS]
    urls = [site_url + export_path(key, default, default) for key in keys]
    items = [{"href": url, "type": EXPORT_BY_KEY[key].media_type} for key, url in zip(keys, urls)]
    for language in project.languages:  # feeds: one per language
        for key in ("changes_atom", "versions_atom"):
            items.append({"href": site_url + export_path(key, language, default), "type": EXPORT_BY_KEY[key].media_type,
                          "hreflang": [language]})
    for scope in sorted(project.scopes):
        items.append({"href": site_url + scope_path(scope, "subprocessors_json", default, default),
                      "type": "application/json"})
    linkset: list[dict] = [{"anchor": site_url + API_CATALOG, "item": items}]
    for key, url in zip(keys, urls):
        described: dict = {"anchor": url}
        if key in EXPORT_SCHEMAS:
            described["service-desc"] = [{"href": f"{site_url}{SITE_SCHEMA_DIR}/{EXPORT_SCHEMAS[key]}",
                                          "type": "application/schema+json"}]
        if exports_page:
            described["service-doc"] = [{"href": site_url + exports_page, "type": "text/html"}]
        if len(described) > 1:
            linkset.append(described)
    return json.dumps({"linkset": linkset}, indent=2, ensure_ascii=False) + "\n"
