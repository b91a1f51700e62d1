"""End-to-end: the machine-readable exports, written once per build, validate and agree with each other."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FULL_BUILD_DATE, REPO
from tests.site.helpers import soup
from tests.trust.helpers import DEFAULT, LANGUAGES, PROJECT, page_html, prefix
from trustsite.export.jsonld import DCT_TERMS, DPV_TERMS, EU_GDPR_TERMS, LEGAL_BASIS_TERMS, SAFEGUARD_TERMS, used_terms
from trustsite.model.exports import SCHEMA_VERSION
from trustsite.render.localize import localizer_for
from trustsite.export.subprocessors import LIST_SEPARATOR, csv_columns
from trustsite.model.processing import LEGAL_BASIS_ARTICLES
from trustsite.model.transfers import SafeguardKey
from trustsite.model.files import DATA_FILES

ATOM = "{http://www.w3.org/2005/Atom}"


def load(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text(encoding="utf-8"))


def schema(name: str) -> dict:
    return json.loads((REPO / "schemas" / "exports" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("export, name", [("trust/subprocessors.json", "subprocessors.schema.json"),
                                          ("trust/statement.json", "statement.schema.json")])
def test_json_export_validates_against_its_published_schema(full_site: Path, export: str, name: str) -> None:
    data = load(full_site, export)
    published = schema(name)
    jsonschema.Draft202012Validator.check_schema(published)
    jsonschema.Draft202012Validator(published).validate(data)
    assert data["schema_version"] == SCHEMA_VERSION == published["x-schema-version"]
    assert data["$schema"] == f"https://trust.example.com/trust/schemas/{name}"
    assert load(full_site, f"trust/schemas/{name}") == published  # the site serves the repository's schema


def test_schema_rejects_a_broken_export(full_site: Path) -> None:
    data = load(full_site, "trust/subprocessors.json")
    del data["subprocessors"][0]["since"]
    data["schema_version"] = "0.9"
    errors = list(jsonschema.Draft202012Validator(schema("subprocessors.schema.json")).iter_errors(data))
    assert len(errors) == 2


def test_subprocessor_json_lists_every_subprocessor(full_site: Path) -> None:
    data = load(full_site, "trust/subprocessors.json")
    assert [e["id"] for e in data["subprocessors"]] == sorted(PROJECT.subprocessors)
    assert data["generated"] == FULL_BUILD_DATE and data["languages"] == LANGUAGES
    ticketbay = next(e for e in data["subprocessors"] if e["id"] == "ticketbay")
    by_place = {(t["country"], t["regime"]): t for t in ticketbay["transfers"]}
    assert by_place[("US", "gdpr")] == {"country": "US", "regime": "gdpr", "safeguard": "scc_2021_914",
                                        "article": "46(2)(c)", "module": 3, "importer": "Ticketbay, Inc.",
                                        "tia": "2025-09-15", "fallback": None}
    assert by_place[("IN", "uk_gdpr")]["safeguard"] == "uk_addendum"
    assert by_place[("IN", "fadp")]["safeguard"] == "swiss_scc"
    # Ireland is no transfer under the GDPR, but one under the UK GDPR and the FADP (on their adequacy findings)
    assert ("IE", "gdpr") not in by_place and by_place[("IE", "uk_gdpr")]["safeguard"] == "adequacy"
    ebbvault = next(e for e in data["subprocessors"] if e["id"] == "ebbvault")
    assert ebbvault["planned"] is True and ticketbay["planned"] is False  # engaged after the build date


def test_csv_has_the_same_rows_as_the_json(full_site: Path) -> None:
    data = load(full_site, "trust/subprocessors.json")
    raw = (full_site / "trust" / "subprocessors.csv").read_bytes()
    assert raw.decode("utf-8").count("\r\n") == len(data["subprocessors"]) + 1  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == csv_columns(data["languages"])

    def split(cell: str) -> list[str]:
        return cell.split(LIST_SEPARATOR) if cell else []

    from_csv = [{
        "id": r["id"], "name": r["name"], "legal_entity": r["legal_entity"], "entity_country": r["entity_country"],
        "category": r["category"], "service": {lang: r[f"service_{lang}"] for lang in data["languages"]},
        "purposes": split(r["purposes"]), "data_categories": split(r["data_categories"]),
        "processing_locations": split(r["processing_locations"]), "access_locations": split(r["access_locations"]),
        "transfers": [t.split(":") for t in split(r["transfers"])], "website": r["website"], "since": r["since"],
        "planned": r["planned"] == "true",
        "status": r["status"], "scopes": split(r["scopes"]), "engagement": r["engagement"],
        "condition": {lang: r[f"condition_{lang}"] for lang in data["languages"]} if r["condition_en"] else None,
    } for r in rows]
    from_json = [{**e, "transfers": [[t["country"], t["safeguard"]] + ([] if t["regime"] == "gdpr" else [t["regime"]])
                                     for t in e["transfers"]]} for e in data["subprocessors"]]
    assert from_csv == from_json


def test_statement_json_holds_every_data_file_and_the_version_they_belong_to(full_site: Path) -> None:
    data = load(full_site, "trust/statement.json")
    present = {spec.key for spec in DATA_FILES if getattr(PROJECT, spec.key) is not None}  # optional files may be absent
    assert {spec.key for spec in DATA_FILES if spec.collection or not spec.optional} <= present
    assert present <= set(data)
    newest = PROJECT.versions["2027.2"]  # the data is that of 2027.2 (regimes, Ebbvault), though 2026.1 is in force
    assert data["version"] == {"id": "2027.2", "published": newest.published.isoformat(),
                               "effective": newest.effective.isoformat()}
    assert "ebbvault" in data["subprocessors"]
    assert data["purposes"]["newsletter"]["title"] == PROJECT.purposes["newsletter"].title.root


def test_jsonld_uses_only_terms_from_the_fixed_list(full_site: Path) -> None:
    doc = load(full_site, "trust/statement.jsonld")
    assert doc["@context"] == {"dpv": "https://w3id.org/dpv#", "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
                               "dct": "http://purl.org/dc/terms/"}
    terms = used_terms(doc)
    assert terms - (DPV_TERMS | EU_GDPR_TERMS | DCT_TERMS) == set()
    assert terms >= {
        "dpv:hasLegalBasis", "dpv:hasPurpose", "dpv:hasPersonalData", "dpv:hasRecipient", "dpv:DataSubProcessor",
        "dpv:hasRight", "eu-gdpr:A46-2-c", "eu-gdpr:A45-3", "dpv:hasLocation"}


def test_dpv_mapping_tables_are_complete() -> None:
    assert set(LEGAL_BASIS_TERMS) == set(LEGAL_BASIS_ARTICLES)
    assert set(SAFEGUARD_TERMS) == set(SafeguardKey.__args__)
    assert set(LEGAL_BASIS_TERMS.values()) | set(SAFEGUARD_TERMS.values()) <= DPV_TERMS | EU_GDPR_TERMS


def test_jsonld_states_basis_rights_safeguards_and_subprocessors(full_site: Path) -> None:
    graph = load(full_site, "trust/statement.jsonld")["@graph"]
    by_id = {node["@id"]: node for node in graph}
    base = "https://trust.example.com/trust/statement.jsonld"
    for pid, purpose in PROJECT.purposes.items():
        process = by_id[f"{base}#process-{pid}"]
        bases = [{"@id": LEGAL_BASIS_TERMS[key]} for key in purpose.basis_keys]
        assert process["dpv:hasLegalBasis"] == (bases[0] if len(bases) == 1 else bases)
    controller = by_id[f"{base}#controller"]
    assert {r["dct:identifier"] for r in controller["dpv:hasRight"]} == set(PROJECT.rights)
    postwing = by_id[f"{base}#subprocessor-postwing"]
    assert postwing["dpv:hasLegalBasis"][0]["@type"] == "eu-gdpr:A45-3"  # the DPF: an adequacy decision
    assert postwing["dpv:hasLegalBasis"][0]["dpv:hasCountry"]["dct:identifier"] == "US"
    assert {n["@id"] for n in graph if "dpv:DataSubProcessor" in n.get("@type", [])} == {
        f"{base}#subprocessor-{sid}" for sid in PROJECT.subprocessors}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_per_language(full_site: Path, lang: str) -> None:
    path = full_site / prefix(lang) / "trust" / "subprocessor-changes.atom"
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(PROJECT.subprocessor_changes)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:trust.example.com,") for i in ids)
    summaries = {e.findtext(f"{ATOM}summary") for e in entries}  # the summary, then when it takes effect
    assert len(summaries) == len(entries)
    assert all(any(s.startswith(c.summary[lang] + " ") for s in summaries) for c in PROJECT.subprocessor_changes.values())
    page = page_html(full_site, "trust/changes", lang)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        relative, anchor = href.removeprefix("https://trust.example.com/").split("#")
        assert (full_site / relative / "index.html") == page
        assert soup(page).find(id=anchor) is not None
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    added = localizer_for(lang).gettext("Added")
    assert lang == "en" or added != "Added"  # the label is translated, not copied
    assert any(t.startswith(f"{added}: ") for t in titles)


def test_exports_are_written_once_not_per_language(full_site: Path) -> None:
    for lang in LANGUAGES:
        if lang != DEFAULT:
            assert not (full_site / lang / "trust" / "subprocessors.json").exists()
            assert not (full_site / lang / "documents").exists()


@pytest.mark.parametrize("base, expected", [
    ("trust/subprocessors", {"application/json": "trust/subprocessors.json", "text/csv": "trust/subprocessors.csv"}),
    ("privacy/index", {"application/json": "trust/statement.json", "application/ld+json": "trust/statement.jsonld"}),
])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_announce_their_exports(full_site: Path, base: str, expected: dict, lang: str) -> None:
    page = page_html(full_site, base, lang)
    links = soup(page).select('head link[rel="alternate"][type]')
    found = {link["type"]: (page.parent / link["href"]).resolve() for link in links}
    if base == "privacy/index":  # the statement also announces its versions feed, in the page's language
        expected = {**expected, "application/atom+xml": f"{prefix(lang)}privacy/versions/feed.xml"}
    assert found == {kind: (full_site / path).resolve() for kind, path in expected.items()}
    assert all(target.is_file() for target in found.values())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_changes_page_announces_its_language_feed(full_site: Path, lang: str) -> None:
    page = page_html(full_site, "trust/changes", lang)
    link = soup(page).select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert (page.parent / link["href"]).resolve() == (full_site / prefix(lang) / "trust" / "subprocessor-changes.atom").resolve()
