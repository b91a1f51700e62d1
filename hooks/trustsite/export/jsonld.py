"""Export stage: the statement as JSON-LD in terms of the W3C Data Privacy Vocabulary (DPV).

Only the terms listed in DPV_TERMS (and the few Dublin Core terms in DCT_TERMS, for titles) are
used; a test checks every term of the document against these lists. The mapping tables below carry
the legal judgement (which DPV concept a GDPR basis or safeguard is) and are reviewed like the rule
tables in rules/.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from trustsite.model.base import Text
from trustsite.model.files import Project
from trustsite.export.subprocessors import transfers_of

DPV = "https://w3id.org/dpv#"
DCT = "http://purl.org/dc/terms/"

DPV_TERMS: frozenset[str] = frozenset({
    # classes
    "dpv:Process", "dpv:Purpose", "dpv:PersonalData", "dpv:DataSubject", "dpv:DataController",
    "dpv:DataProcessor", "dpv:Recipient", "dpv:DataSubjectRight", "dpv:TechnicalMeasure",
    "dpv:OrganisationalMeasure", "dpv:Certification", "dpv:Country",
    # legal bases (GDPR Art. 6(1))
    "dpv:Consent", "dpv:Contract", "dpv:LegalObligation", "dpv:VitalInterest", "dpv:PublicInterest",
    "dpv:LegitimateInterest",
    # transfer safeguards (GDPR Art. 45-47)
    "dpv:AdequacyDecision", "dpv:StandardContractualClauses", "dpv:BindingCorporateRules",
    "dpv:ContractualClauses", "dpv:CodeOfConduct", "dpv:DataTransferLegalBasis",
    # properties
    "dpv:hasProcess", "dpv:hasPurpose", "dpv:hasPersonalData", "dpv:hasDataSubject", "dpv:hasLegalBasis",
    "dpv:hasDataController", "dpv:hasDataProcessor", "dpv:hasRecipient", "dpv:hasRight", "dpv:hasLocation",
    "dpv:hasCountry", "dpv:hasName", "dpv:hasTechnicalOrganisationalMeasure",
})
DCT_TERMS: frozenset[str] = frozenset({"dct:title", "dct:description", "dct:identifier", "dct:issued", "dct:valid",
                                       "dct:coverage"})  # coverage: the regime a transfer falls under

# GDPR Art. 6(1) basis -> DPV legal basis. Art. 6(1)(e) covers public interest and official authority;
# trustsite's 'public_task' maps to the broader dpv:PublicInterest.
LEGAL_BASIS_TERMS: dict[str, str] = {
    "consent": "dpv:Consent",
    "contract": "dpv:Contract",
    "legal_obligation": "dpv:LegalObligation",
    "vital_interests": "dpv:VitalInterest",
    "public_task": "dpv:PublicInterest",
    "legitimate_interest": "dpv:LegitimateInterest",
}

# Transfer safeguard -> DPV concept. The DPF is an adequacy decision (Art. 45) for certified recipients;
# the UK IDTA and Addendum and the Swiss-adapted clauses are standard data protection clauses of their law.
SAFEGUARD_TERMS: dict[str, str] = {
    "adequacy": "dpv:AdequacyDecision",
    "dpf": "dpv:AdequacyDecision",
    "uk_us_data_bridge": "dpv:AdequacyDecision",
    "swiss_us_dpf": "dpv:AdequacyDecision",
    "scc_2021_914": "dpv:StandardContractualClauses",
    "uk_idta": "dpv:StandardContractualClauses",
    "uk_addendum": "dpv:StandardContractualClauses",
    "swiss_scc": "dpv:StandardContractualClauses",
    "ad_hoc_clauses": "dpv:ContractualClauses",
    "bcr": "dpv:BindingCorporateRules",
    "uk_bcr": "dpv:BindingCorporateRules",
    "swiss_bcr": "dpv:BindingCorporateRules",
    "code_of_conduct": "dpv:CodeOfConduct",
    "certification": "dpv:Certification",
    "art49": "dpv:DataTransferLegalBasis",
    "uk_art49": "dpv:DataTransferLegalBasis",
    "fadp_art17": "dpv:DataTransferLegalBasis",
}

MEASURE_TERMS = {"technical": "dpv:TechnicalMeasure", "organisational": "dpv:OrganisationalMeasure"}


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
        safeguards = [{"@type": SAFEGUARD_TERMS[t.safeguard], "dct:identifier": t.safeguard,
                       "dpv:hasCountry": _country(t.country), "dct:coverage": t.regime}
                      for t in transfers_of(project, sub, sub.entity_country)]
        entry: dict[str, Any] = {
            "@id": node("subprocessor", sid), "@type": ["dpv:DataProcessor", "dpv:Recipient"],
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
        "@context": {"dpv": DPV, "dct": DCT},
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
