"""Export stage: the statement as JSON-LD in terms of the W3C Data Privacy Vocabulary (DPV) 2.3 and its EU GDPR
extension (eu-gdpr).

Only the terms listed in DPV_TERMS, EU_GDPR_TERMS (and the few Dublin Core terms in DCT_TERMS, for titles) are
used; a test checks every term of the document against these lists. Each term was checked against the DPV 2.3
sources (w3c/dpv: 2.3/dpv/dpv.ttl; 2.3/legal/eu/gdpr/modules/legal_basis.ttl and legal_basis_data_transfer.ttl):
DPV 2.x moved the GDPR's legal bases and transfer tools out of the core into eu-gdpr, whose IRIs name the
article (eu-gdpr:A6-1-a is Art. 6(1)(a)). The mapping tables below carry the legal judgement (which concept a
GDPR basis or safeguard is) and are reviewed like the rule tables in rules/.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from trustsite.model.base import Text
from trustsite.model.files import Project
from trustsite.export.subprocessors import transfers_of

DPV = "https://w3id.org/dpv#"
EU_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
DCT = "http://purl.org/dc/terms/"

DPV_TERMS: frozenset[str] = frozenset({
    # classes
    "dpv:Process", "dpv:Purpose", "dpv:PersonalData", "dpv:DataSubject", "dpv:DataController",
    "dpv:DataProcessor", "dpv:DataSubProcessor", "dpv:Recipient", "dpv:DataSubjectRight", "dpv:TechnicalMeasure",
    "dpv:OrganisationalMeasure", "dpv:Certification", "dpv:Country",
    # the generic transfer legal basis: a tool that is no instrument of the EU GDPR (UK and Swiss law), or an Art. 49
    # derogation whose point the export does not carry
    "dpv:DataTransferLegalBasis",
    # properties
    "dpv:hasProcess", "dpv:hasPurpose", "dpv:hasPersonalData", "dpv:hasDataSubject", "dpv:hasLegalBasis",
    "dpv:hasDataController", "dpv:hasDataProcessor", "dpv:hasRecipient", "dpv:hasRight", "dpv:hasLocation",
    "dpv:hasCountry", "dpv:hasName", "dpv:hasTechnicalOrganisationalMeasure",
})
EU_GDPR_TERMS: frozenset[str] = frozenset({
    # legal bases, GDPR Art. 6(1)(a)-(f)
    "eu-gdpr:A6-1-a", "eu-gdpr:A6-1-b", "eu-gdpr:A6-1-c", "eu-gdpr:A6-1-d", "eu-gdpr:A6-1-e", "eu-gdpr:A6-1-f",
    # transfer tools: adequacy decision (Art. 45(3)); binding corporate rules, the Commission's standard
    # contractual clauses, a code of conduct, a certification (Art. 46(2)(b), (c), (e), (f)); ad hoc contractual
    # clauses authorised by the supervisory authority (Art. 46(3)(a))
    "eu-gdpr:A45-3", "eu-gdpr:A46-2-b", "eu-gdpr:A46-2-c", "eu-gdpr:A46-2-e", "eu-gdpr:A46-2-f", "eu-gdpr:A46-3-a",
})
DCT_TERMS: frozenset[str] = frozenset({"dct:title", "dct:description", "dct:identifier", "dct:issued", "dct:valid",
                                       "dct:coverage"})  # coverage: the regime a transfer falls under

# GDPR Art. 6(1) basis -> the eu-gdpr concept of that point ('Art 6(1-e) public interest or official authority'
# covers both halves of point (e), as trustsite's 'public_task' does).
LEGAL_BASIS_TERMS: dict[str, str] = {
    "consent": "eu-gdpr:A6-1-a",
    "contract": "eu-gdpr:A6-1-b",
    "legal_obligation": "eu-gdpr:A6-1-c",
    "vital_interests": "eu-gdpr:A6-1-d",
    "public_task": "eu-gdpr:A6-1-e",
    "legitimate_interest": "eu-gdpr:A6-1-f",
}

# Transfer safeguard -> concept. The DPF is an adequacy decision (Art. 45(3), Decision (EU) 2023/1795) for
# certified recipients; the 2021 clauses are the Commission's (Art. 46(2)(c)); the UK IDTA and Addendum and the
# Swiss-adapted clauses are instruments of UK and Swiss law, for which eu-gdpr has no concept: the DPV core's
# generic transfer legal basis, with trustsite's key as dct:identifier.
SAFEGUARD_TERMS: dict[str, str] = {
    "adequacy": "eu-gdpr:A45-3",
    "dpf": "eu-gdpr:A45-3",
    "scc_2021_914": "eu-gdpr:A46-2-c",
    "bcr": "eu-gdpr:A46-2-b",
    "code_of_conduct": "eu-gdpr:A46-2-e",
    "certification": "eu-gdpr:A46-2-f",
    "ad_hoc_clauses": "eu-gdpr:A46-3-a",
    "art49": "dpv:DataTransferLegalBasis",
    "uk_idta": "dpv:DataTransferLegalBasis",
    "uk_addendum": "dpv:DataTransferLegalBasis",
    "uk_bcr": "dpv:DataTransferLegalBasis",
    "uk_us_data_bridge": "dpv:DataTransferLegalBasis",
    "uk_art49": "dpv:DataTransferLegalBasis",
    "swiss_scc": "dpv:DataTransferLegalBasis",
    "swiss_bcr": "dpv:DataTransferLegalBasis",
    "swiss_us_dpf": "dpv:DataTransferLegalBasis",
    "fadp_art17": "dpv:DataTransferLegalBasis",
}

MEASURE_TERMS = {"technical": "dpv:TechnicalMeasure", "organisational": "dpv:OrganisationalMeasure"}


def safeguard_term(key: str, regime: str) -> str:
    """The concept of a transfer tool: eu-gdpr's only for a transfer under the EU GDPR (a UK adequacy regulation
    is no decision under Art. 45(3) GDPR)."""
    return SAFEGUARD_TERMS[key] if regime == "gdpr" else "dpv:DataTransferLegalBasis"


def _texts(text: Text) -> list[dict[str, str]]:
    return [{"@value": value, "@language": lang} for lang, value in text.root.items()]


def _country(code: str) -> dict[str, Any]:
    return {"@type": "dpv:Country", "dct:identifier": code}


def statement_jsonld(project: Project, today: dt.date, base: str) -> str:
    """The statement as one JSON-LD graph; `base` is the absolute URL of the document (node IDs hang off it)."""
    controller_id = f"{base}#controller"

    def node(kind: str, key: str) -> str:
        return f"{base}#{kind}-{key}"

    processors = []
    recipients_of: dict[str, list[dict[str, str]]] = {pid: [] for pid in project.purposes}
    for sid, sub in sorted(project.subprocessors.items()):
        for pid in dict.fromkeys(sub.purposes):
            recipients_of.setdefault(pid, []).append({"@id": node("subprocessor", sid)})
        locations = list(dict.fromkeys([*sub.processing_locations, *sub.access_locations]))
        safeguards = [{"@type": safeguard_term(t.safeguard, t.regime), "dct:identifier": t.safeguard,
                       "dpv:hasCountry": _country(t.country), "dct:coverage": t.regime}
                      for t in transfers_of(project, sub, sub.entity_country)]
        entry: dict[str, Any] = {
            "@id": node("subprocessor", sid), "@type": ["dpv:DataSubProcessor", "dpv:Recipient"],
            "dpv:hasName": sub.name, "dct:description": _texts(sub.service),
            "dpv:hasLocation": [_country(c) for c in locations],
        }
        if safeguards:
            entry["dpv:hasLegalBasis"] = safeguards
        processors.append(entry)

    processes = []
    for pid, purpose in project.purposes.items():
        recipients = recipients_of[pid]
        processes.append({
            "@id": node("process", pid), "@type": "dpv:Process",
            "dpv:hasPurpose": {"@id": node("purpose", pid), "@type": "dpv:Purpose",
                               "dct:title": _texts(purpose.title), "dct:description": _texts(purpose.description)},
            "dpv:hasLegalBasis": ({"@id": LEGAL_BASIS_TERMS[purpose.basis_keys[0]]} if len(purpose.basis_keys) == 1
                                  else [{"@id": LEGAL_BASIS_TERMS[key]} for key in purpose.basis_keys]),
            "dpv:hasPersonalData": [{"@id": node("data", c)} for c in purpose.data_categories],
            "dpv:hasDataSubject": [{"@id": node("subject", s)} for s in purpose.data_subjects],
            "dpv:hasDataController": {"@id": controller_id},
            **({"dpv:hasRecipient": recipients} if recipients else {}),
        })

    data = [{"@id": node("data", cid), "@type": "dpv:PersonalData", "dct:title": _texts(c.title)}
            for cid, c in project.data_categories.items()]
    subjects = [{"@id": node("subject", sid), "@type": "dpv:DataSubject", "dct:title": _texts(s.title)}
                for sid, s in project.data_subjects.items()]
    rights = [{"@type": "dpv:DataSubjectRight", "dct:identifier": key, "dct:title": _texts(r.title)}
              for key, r in project.rights.items()]
    measures = [{"@type": MEASURE_TERMS[m.kind], "dct:identifier": mid, "dct:title": _texts(m.title)}
                for mid, m in project.security_measures.items()]
    measures += [{"@type": "dpv:Certification", "dct:identifier": cid, "dct:title": c.title,
                  "dct:valid": f"{c.valid_from.isoformat()}/{c.valid_until.isoformat()}"}
                 for cid, c in project.certifications.items()]

    controller = {
        "@id": controller_id, "@type": "dpv:DataController",
        "dpv:hasName": project.organisation.controller.legal_name,
        "dpv:hasCountry": _country(project.organisation.controller.registered_address.country),
        "dpv:hasRight": rights,
        "dpv:hasProcess": [{"@id": p["@id"]} for p in processes],
        "dpv:hasDataProcessor": [{"@id": p["@id"]} for p in processors],
        "dpv:hasTechnicalOrganisationalMeasure": measures,
    }
    document = {
        "@context": {"dpv": DPV, "eu-gdpr": EU_GDPR, "dct": DCT},
        "@id": base,
        "dct:issued": today.isoformat(),
        "@graph": [controller, *processes, *processors, *data, *subjects],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def used_terms(document: Any) -> set[str]:
    """Every prefixed term of a JSON-LD document: keys and @type / @id values that are 'prefix:Name'."""
    found: set[str] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "@context":
                continue
            if not key.startswith("@"):
                found.add(key)
            if key in ("@type", "@id"):
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, str) and not v.startswith(("http://", "https://")):
                        found.add(v)
            found |= used_terms(value)
    elif isinstance(document, list):
        for item in document:
            found |= used_terms(item)
    return found
