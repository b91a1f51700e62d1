"""End-to-end on the trust-center fixture: scoped lists, feeds and exports, Annex III, DPV 2.3 JSON-LD, the
well-known files, documents with access levels and the signup block."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO
from tests.site.helpers import external_loads
from tests.subprocessors.helpers import ANNOUNCED, LANGUAGES, build, copy_trust_center, page, text_of
from trustsite.export.annex3 import annex_iii_columns
from trustsite.export.jsonld import DCT_TERMS, DPV_TERMS, EU_GDPR_TERMS, LEGAL_BASIS_TERMS, SAFEGUARD_TERMS, used_terms
from trustsite.model.exports import SCHEMA_VERSIONS
from trustsite.model.processing import LEGAL_BASIS_ARTICLES
from trustsite.model.transfers import SafeguardKey

ATOM = "{http://www.w3.org/2005/Atom}"
SCOPES = {"eu_hosting", "us_hosting", "ai_features"}
# which listed sub-processors concern the customers of each scope on the announcement day
IN_SCOPE = {
    "eu_hosting": {"hosting", "mailer", "old_translator", "translator"},  # not the US-hosted cloud
    "us_hosting": {"us_cloud", "mailer", "old_translator", "translator"},
    "ai_features": {"hosting", "us_cloud", "mailer", "old_translator", "translator"},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_trust_center(tmp_path_factory.mktemp("exports") / "project")
    return build(project, tmp_path_factory.mktemp("exports-site") / "site", ANNOUNCED)


def load(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def schema(name: str) -> dict:
    return json.loads((REPO / "schemas" / "exports" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("scope", sorted(SCOPES))
def test_each_scope_has_an_export_that_validates(site: Path, scope: str) -> None:
    data = load(site, f"trust/scopes/{scope}/subprocessors.json")
    jsonschema.Draft202012Validator(schema("subprocessors.schema.json")).validate(data)
    assert data["scope"] == scope and data["schema_version"] == SCHEMA_VERSIONS["subprocessors.schema.json"]
    assert {e["id"] for e in data["subprocessors"]} == IN_SCOPE[scope]
    status = {e["id"]: e["status"] for e in data["subprocessors"]}
    assert status["translator"] == "upcoming" and status["mailer"] == "current"
    upcoming = {c["id"]: c for c in data["upcoming_changes"]}
    assert upcoming["translator_added"]["objection_deadline"] == "2025-04-02"
    assert upcoming["translator_added"]["replaces"] == "old_translator"


@pytest.mark.parametrize("scope", sorted(SCOPES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_scope_has_a_feed_per_language(site: Path, scope: str, language: str) -> None:
    prefix = "" if language == "en" else f"{language}/"
    root = ET.parse(site / prefix / "trust" / "scopes" / scope / "subprocessor-changes.atom").getroot()
    ids = {e.find(f"{ATOM}id").text.rsplit(":", 1)[1] for e in root.findall(f"{ATOM}entry")}
    assert ids == {"mailer_added", "translator_added", "old_translator_removed"}
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith(f"trust/scopes/{scope}/subprocessor-changes.atom")


def test_a_change_outside_a_scope_is_not_in_its_feed(tmp_path: Path) -> None:
    project = copy_trust_center(tmp_path / "project")
    path = project / "data" / "subprocessors.yml"
    text = path.read_text(encoding="utf-8")
    marker = "    since: 2025-04-10\n    scopes: [ai_features]"  # the translator only: EU-hosted customers
    path.write_text(text.replace(marker, "    since: 2025-04-10\n    scopes: [ai_features, eu_hosting]"), encoding="utf-8")
    out = build(project, tmp_path / "site", ANNOUNCED)
    root = ET.parse(out / "trust" / "scopes" / "us_hosting" / "subprocessor-changes.atom").getroot()
    ids = {e.find(f"{ATOM}id").text.rsplit(":", 1)[1] for e in root.findall(f"{ATOM}entry")}
    assert "translator_added" in ids  # it replaces one that concerns US customers
    data = load(out, "trust/scopes/us_hosting/subprocessors.json")
    assert "translator" not in {e["id"] for e in data["subprocessors"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_scope_filter_panels_without_javascript(site: Path, language: str) -> None:
    doc = page(site, "trust/subprocessors", language)
    links = {a["href"] for a in doc.select("nav.ts-filter a[href^='#sp-scope-']")}
    assert links == {f"#sp-scope-{s.replace('_', '-')}" for s in SCOPES}
    for scope in SCOPES:
        panel = doc.find(id=f"sp-scope-{scope.replace('_', '-')}")
        assert "ts-filter-panel" in panel["class"]
        names = {a.get_text(strip=True) for a in panel.select("tbody td:first-child a")}
        current = IN_SCOPE[scope] - {"translator"}  # the panel lists current sub-processors
        expected = {"hosting": "Example Hosting", "us_cloud": "Example Cloud US", "mailer": "Example Mail",
                    "old_translator": "Example Old Translate"}
        assert names == {expected[s] for s in current}
        hrefs = [a["href"] for a in panel.select("a")]
        assert any(h.endswith(f"scopes/{scope}/subprocessor-changes.atom") for h in hrefs)
        assert any(h.endswith(f"scopes/{scope}/subprocessors.json") for h in hrefs)
    assert not doc.select("article script")


def test_annex_iii_export_has_the_shape_of_the_sccs(site: Path) -> None:
    data = load(site, "trust/subprocessors-annex-iii.json")
    jsonschema.Draft202012Validator(schema("subprocessors-annex-iii.schema.json")).validate(data)
    by_id = {e["id"]: e for e in data["subprocessors"]}
    assert set(by_id) == {"hosting", "us_cloud", "mailer", "old_translator"}  # authorised today: not the upcoming one
    hosting = by_id["hosting"]
    assert hosting["name"] == "Example Hosting SE"
    assert hosting["address"] == "Beispielweg 2, 10117 Berlin, Germany"
    assert hosting["contact"] == {"name": "Data Protection Team", "position": "Data Protection Officer",
                                  "email": "dpo@hosting.example.net"}
    assert hosting["description_of_processing"]["de"] == (
        "Hosting in Deutschland. Zwecke: Bereitstellung des Dienstes. Personenbezogene Daten: Kontaktdaten und"
        " Nutzungsdaten. Verarbeitet in: Deutschland.")
    assert by_id["old_translator"]["description_of_processing"]["fr"].endswith(
        "Uniquement lorsque\u00a0: Un client active la traduction par IA.")
    rows = list(csv.DictReader(io.StringIO((site / "trust" / "subprocessors-annex-iii.csv").read_text("utf-8"),
                                           newline="")))
    assert list(rows[0]) == annex_iii_columns(["en", "de", "fr"])
    assert [r["id"] for r in rows] == [e["id"] for e in data["subprocessors"]]


def test_jsonld_uses_dpv_2_3_and_the_eu_gdpr_extension(site: Path) -> None:
    doc = load(site, "trust/statement.jsonld")
    assert doc["@context"] == {"dpv": "https://w3id.org/dpv#", "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
                               "dct": "http://purl.org/dc/terms/"}
    assert used_terms(doc) - (DPV_TERMS | EU_GDPR_TERMS | DCT_TERMS) == set()
    graph = {node["@id"]: node for node in doc["@graph"]}
    base = "https://trust.example.com/trust/statement.jsonld"
    assert graph[f"{base}#subprocessor-mailer"]["@type"] == ["dpv:DataSubProcessor", "dpv:Recipient"]
    assert graph[f"{base}#subprocessor-mailer"]["dpv:hasLegalBasis"][0]["@type"] == "eu-gdpr:A45-3"  # the DPF
    assert graph[f"{base}#process-newsletter"]["dpv:hasLegalBasis"] == {"@id": "eu-gdpr:A6-1-a"}
    assert graph[f"{base}#process-service"]["dpv:hasLegalBasis"] == {"@id": "eu-gdpr:A6-1-b"}


def test_dpv_tables_cover_every_key_with_known_terms() -> None:
    assert set(LEGAL_BASIS_TERMS) == set(LEGAL_BASIS_ARTICLES)
    assert set(SAFEGUARD_TERMS) == set(SafeguardKey.__args__)
    for key, article in LEGAL_BASIS_ARTICLES.items():  # eu-gdpr names the article: A6-1-a is Art. 6(1)(a)
        assert LEGAL_BASIS_TERMS[key] == "eu-gdpr:A" + article.replace("(", "-").replace(")", "")
    assert set(SAFEGUARD_TERMS.values()) <= DPV_TERMS | EU_GDPR_TERMS
    assert SAFEGUARD_TERMS["scc_2021_914"] == "eu-gdpr:A46-2-c" and SAFEGUARD_TERMS["bcr"] == "eu-gdpr:A46-2-b"


def test_security_txt_and_gpc(site: Path) -> None:
    lines = (site / ".well-known" / "security.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["Contact: mailto:security@example.com", "Contact: https://www.example.com/security",
                     "Expires: 2025-12-31T23:59:59Z", "Preferred-Languages: en, de, fr",
                     "Canonical: https://trust.example.com/.well-known/security.txt",
                     "Policy: https://www.example.com/security/policy"]
    assert load(site, ".well-known/gpc.json") == {"gpc": True, "lastUpdate": "2024-05-01"}


def test_gpc_json_is_opt_in(tmp_path: Path) -> None:
    project = copy_trust_center(tmp_path / "project")
    path = project / "data" / "well_known.yml"
    path.write_text(path.read_text(encoding="utf-8").split("  gpc:")[0], encoding="utf-8")
    out = build(project, tmp_path / "site", ANNOUNCED)
    assert not (out / ".well-known" / "gpc.json").exists()
    assert (out / ".well-known" / "security.txt").is_file()


def test_api_catalog_lists_every_export_with_its_schema(site: Path) -> None:
    catalog = load(site, ".well-known/api-catalog")
    first = catalog["linkset"][0]
    assert first["anchor"] == "https://trust.example.com/.well-known/api-catalog"
    items = {i["href"].removeprefix("https://trust.example.com/") for i in first["item"]}
    for path in ("trust/subprocessors.json", "trust/subprocessors.csv", "trust/subprocessors-annex-iii.json",
                 "trust/subprocessors-annex-iii.csv", "trust/statement.json", "trust/statement.jsonld",
                 "trust/subprocessor-changes.atom", "de/trust/subprocessor-changes.atom",
                 "fr/privacy/versions/feed.xml", *[f"trust/scopes/{s}/subprocessors.json" for s in SCOPES]):
        assert path in items
        assert (site / path).is_file(), path
    described = {d["anchor"]: d for d in catalog["linkset"][1:]}
    annex = described["https://trust.example.com/trust/subprocessors-annex-iii.json"]
    assert annex["service-desc"] == [{"href": "https://trust.example.com/trust/schemas/"
                                              "subprocessors-annex-iii.schema.json", "type": "application/schema+json"}]
    assert annex["service-doc"] == [{"href": "https://trust.example.com/trust/exports/", "type": "text/html"}]
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert ('/.well-known/api-catalog\n  Content-Type: application/linkset+json;'
            ' profile="https://www.rfc-editor.org/info/rfc9727"') in headers


@pytest.mark.parametrize("language", LANGUAGES)
def test_documents_under_nda_or_on_request_are_not_published(site: Path, language: str) -> None:
    assert (site / "documents" / "dpa-1.pdf").is_file()
    assert not list(site.rglob("pentest-2025.pdf"))  # in documents/ of the project, never on the site
    doc = page(site, "trust/documents", language)
    text = text_of(doc)
    assert "security@example.com" in text and "https://www.example.com/request-soc2" in text
    assert not doc.select('a[href$="pentest-2025.pdf"]')
    from tests.subprocessors.test_lifecycle import loc

    l10n = loc(language)
    for label in ("This document is shared only under a non-disclosure agreement; it is not published here.",
                  "This document is not published here; we send it on request."):
        assert " ".join(l10n.gettext(label).split()) in text


def test_signup_form_posts_to_the_list_provider_and_loads_nothing(site: Path) -> None:
    doc = page(site, "trust/exports", "de")
    form = doc.select_one("form.ts-signup")
    assert form["action"] == "https://lists.example.com/subscription/form" and form["method"] == "post"
    assert [i["value"] for i in form.select('input[name="l"]')] == [
        "22222222-2222-4222-8222-222222222222"]  # German readers: the German list (no German scope list)
    assert [i["value"] for i in page(site, "trust/exports", "en").select('form.ts-signup input[name="l"]')] == [
        "11111111-1111-4111-8111-111111111111", "44444444-4444-4444-8444-444444444444"]
    assert external_loads(site) == []
    csp = next(line for line in (site / "_headers").read_text(encoding="utf-8").splitlines()
               if "Content-Security-Policy" in line)
    assert "form-action 'self' https://lists.example.com;" in csp
