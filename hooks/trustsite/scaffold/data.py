"""Scaffold stage: the data/ files of a new project, as YAML text.

Written as plain values through PyYAML (which quotes what YAML 1.1 would misread, such as the country NO)
with a comment on top of each file saying what belongs there. Collections the law lets an organisation
leave empty (no sub-processors, cookies, recipients, certifications ...) start empty; what Art. 13 always
requires (identity and contact, a purpose with its basis, retention and source, the rights, the authorities)
is there, with a visible TODO where only the organisation knows the fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from trustsite.model.processing import ALWAYS_REQUIRED_RIGHTS
from trustsite.scaffold import texts
from trustsite.scaffold.registry import Registry, sources_comment
from trustsite.scaffold.texts import TODO, Translator


@dataclass(frozen=True)
class Organisation:
    """What `trustsite init` is told about the organisation."""

    name: str
    country: str  # head office, ISO 3166-1 alpha-2
    languages: tuple[str, ...]  # the first is the default language
    subsidiaries: tuple[str, ...] = ()  # their countries
    email: str | None = None
    website: str | None = None
    land: str | None = None  # ISO 3166-2 code of a German Land (DE-BY)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def countries_served(self) -> list[str]:
        return list(dict.fromkeys([self.country, *self.subsidiaries]))

    @property
    def contact_email(self) -> str:
        return self.email or PLACEHOLDER_EMAIL


PLACEHOLDER_EMAIL = f"{TODO}@example.invalid"  # RFC 2606 reserves .invalid: it can never reach anyone
PLACEHOLDER_WEBSITE = f"https://{TODO}.example.invalid/"


def _text(translators: dict[str, Translator], message: str, **values: str) -> dict[str, str]:
    return {lang: t.text(message, **values) for lang, t in translators.items()}


def _todo(translators: dict[str, Translator], message: str, **values: str) -> dict[str, str]:
    return {lang: t.todo(message, **values) for lang, t in translators.items()}


def _address(country: str) -> dict[str, str]:
    return {"street": TODO, "postal_code": TODO, "city": TODO, "country": country}


def dump(key: str, value: Any, comment: str) -> str:
    """One data file: its comment, then `key: value` as block YAML (an empty collection as `{}`)."""
    head = "".join(f"# {line}".rstrip() + "\n" for line in comment.strip().splitlines())
    body = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return head + "\n" + body


def organisation_file(org: Organisation, translators: dict[str, Translator], lead: str | None) -> str:
    subsidiaries: dict[str, Any] = {}
    for country in org.subsidiaries:
        key = f"{country.lower()}_company"
        number = 2
        while key in subsidiaries:
            key, number = f"{country.lower()}_company_{number}", number + 1
        subsidiaries[key] = {"legal_name": TODO, "address": _address(country)}
    value: dict[str, Any] = {
        "default_language": org.default_language,
        "languages": list(org.languages),
        "controller": {
            "legal_name": org.name,
            "trading_name": org.name,
            "registered_address": _address(org.country),
            "head_office": _address(org.country),
            "email": org.contact_email,
            "website": org.website or PLACEHOLDER_WEBSITE,
            "activity": _todo(translators, texts.ACTIVITY),
        },
        "privacy_contact": {"email": org.contact_email},
        "children": {"offered_to_children": False, "explanation": _todo(translators, texts.CHILDREN)},
    }
    if subsidiaries:
        value["subsidiaries"] = subsidiaries
    value["countries_served"] = org.countries_served
    if lead is not None:
        value["lead_authority"] = lead
    value["notice_period_days"] = 30
    value["safeguard_copies"] = _text(translators, texts.SAFEGUARD_COPIES, email=org.contact_email)
    comment = f"""The controller ({org.name}), its group companies, contacts, languages and the countries it serves.
Replace the placeholders below with the real values (legal name, addresses, e-mail, website: GDPR Art. 13(1)(a)).
Add `dpo: {{email: ...}}` if you designated a Data Protection Officer (Art. 37), `registration_number`, `phone`.
notice_period_days: how many days before a significant change takes effect you announce it."""
    if lead is None and org.country == "DE":
        comment += (f"\n{TODO}: name your lead supervisory authority (`lead_authority:`), the authority of the Land"
                    " of your seat in data/authorities.yml (or run init with --land DE-XX).")
    return dump("organisation", value, comment)


def authorities_file(org: Organisation, registry: Registry) -> tuple[str, str | None]:
    """data/authorities.yml and the key of the lead supervisory authority (Art. 56), if there is one."""
    from trustsite.rules import load_transfer_rules

    chosen: dict[str, Any] = {}
    for country in org.countries_served:
        chosen.update(registry.for_country(country, org.land if country == "DE" else None))
    lead = None
    if load_transfer_rules().classify(org.country) in ("eu", "eea"):  # a lead authority exists only in the EU/EEA
        if org.country == "DE":
            lead = next(iter(registry.for_country("DE", org.land)), None) if org.land else None
        else:
            lead = registry.national(org.country)
    comment = """The supervisory authorities of the countries you serve (GDPR Art. 13(2)(d), 77), from the registry that
ships with trustsite. Names are official names in the authority's own language(s); name_en is a translation;
'verified', 'unverified' and 'src' record where each fact was confirmed (sources at the end of this file)."""
    return dump("authorities", chosen, comment) + "\n" + sources_comment(), lead


def legal_bases_file(translators: dict[str, Translator]) -> str:
    value = {key: {"title": _text(translators, title), "explanation": _text(translators, explanation)}
             for key, (title, explanation) in texts.LEGAL_BASES.items()}
    return dump("legal_bases", value, """How each legal basis of GDPR Art. 6(1) is explained to readers. Only the bases
your purposes and cookies use are shown; adapt the explanations to how you rely on them.""")


def rights_file(org: Organisation, translators: dict[str, Translator]) -> str:
    value = {key: {"title": _text(translators, title), "description": _text(translators, description),
                   "how_to_exercise": _text(translators, texts.COMPLAINT_HOW if key == "complaint" else
                                            texts.HOW_TO_EXERCISE, email=org.contact_email)}
             for key, (title, description) in texts.RIGHTS.items()}
    required = ", ".join(ALWAYS_REQUIRED_RIGHTS)
    return dump("rights", value, f"""The rights of the people whose data you process (GDPR Art. 15-22, 7(3), 77) and how
they exercise them. Every statement lists {required};
withdraw_consent is shown when a purpose or cookie relies on consent, automated_decisions when a purpose
involves automated decision-making. Add a web form or other channels to how_to_exercise if you offer them.""")


def processing_files(translators: dict[str, Translator]) -> dict[str, str]:
    """purposes, data categories, data subjects, sources, retention and recipients: the starter purpose."""
    purposes = {"requests": {
        "title": _text(translators, texts.PURPOSE_TITLE),
        "description": _text(translators, texts.PURPOSE_DESCRIPTION),
        "legal_basis": "legal_obligation",  # Art. 6(1)(c) with Art. 12: answering data-subject requests
        "data_categories": ["contact_and_request"],
        "data_subjects": ["requesters"],
        "sources": ["data_subject"],
        "retention": "requests",
        "requirement": {"kind": "voluntary", "consequence": _text(translators, texts.PURPOSE_CONSEQUENCE)},
    }}
    return {
        "purposes.yml": dump("purposes", purposes, f"""Why you process personal data (GDPR Art. 13(1)(c)): one entry per purpose with its legal
basis, data, people, sources, retention and recipients. The one below, answering requests about personal
data, is the only purpose every controller has.
{TODO}: add every purpose for which you process personal data."""),
        "data_categories.yml": dump("data_categories", {"contact_and_request": {
            "title": _text(translators, texts.CATEGORY_TITLE),
            "description": _text(translators, texts.CATEGORY_DESCRIPTION)}},
            "Categories of personal data (GDPR Art. 14(1)(d)); set `special: true` for Art. 9 data."),
        "data_subjects.yml": dump("data_subjects", {"requesters": {
            "title": _text(translators, texts.SUBJECT_TITLE),
            "description": _text(translators, texts.SUBJECT_DESCRIPTION)}},
            "The groups of people whose personal data you process."),
        "sources.yml": dump("sources", {"data_subject": {
            "title": _text(translators, texts.SOURCE_TITLE),
            "description": _text(translators, texts.SOURCE_DESCRIPTION),
            "from_data_subject": True, "publicly_accessible": False}},
            "Where personal data comes from (GDPR Art. 14(2)(f))."),
        "retention.yml": dump("retention", {"requests": {
            "title": _text(translators, texts.RETENTION_TITLE),
            "criteria": _todo(translators, texts.RETENTION_CRITERIA)}},
            """How long personal data is kept (GDPR Art. 13(2)(a)): a period ({value: 2, unit: years} with `starts`,
the event it is counted from) or the criteria that determine it."""),
        "recipients.yml": dump("recipients", {}, """Recipients or categories of recipients (GDPR Art. 13(1)(e)), if any: processors (with
includes_subprocessors: true when data/subprocessors.yml details them), group companies, authorities."""),
    }


EMPTY_FILES = {  # file -> (key, comment): what an organisation may have none of
    "cookies.yml": ("cookies", "Cookies, local storage and web beacons of your websites. Those that are not strictly\n"
                               "necessary need consent (ePrivacy Directive Art. 5(3)): legal_basis: consent."),
    "subprocessors.yml": ("subprocessors", "Processors that process personal data on your behalf (GDPR Art. 28), with where they\n"
                                           "process and access it and the transfer safeguard for each country outside the EU/EEA."),
    "subprocessor_changes.yml": ("subprocessor_changes", "Every addition, removal and change of a sub-processor, as announced."),
    "security_measures.yml": ("security_measures", "Technical and organisational security measures (GDPR Art. 32)."),
    "certifications.yml": ("certifications", "Certifications and attestations with their validity; an expired one fails the build."),
    "documents.yml": ("documents", "Downloadable documents (data processing agreement, policies): files in documents/."),
}


def data_files(org: Organisation, translators: dict[str, Translator], registry: Registry) -> dict[str, str]:
    """Every file of data/ except versions.yml, by file name."""
    authorities, lead = authorities_file(org, registry)
    files = {
        "organisation.yml": organisation_file(org, translators, lead),
        "authorities.yml": authorities,
        "legal_bases.yml": legal_bases_file(translators),
        "rights.yml": rights_file(org, translators),
        **processing_files(translators),
    }
    for name, (key, comment) in EMPTY_FILES.items():
        files[name] = dump(key, {}, comment)
    return files


VERSIONS_FILE = """# Every published version of the statement. `trustsite release --effective YYYY-MM-DD` records a new one
# (and freezes it in archive/); never edit a released version.

versions: {}
"""
