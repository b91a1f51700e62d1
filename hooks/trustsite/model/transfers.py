"""Model stage: sub-processors, where they process and access data, and the supervisory authorities."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from trustsite.model.base import (Country, Destination, Email, Id, PromiseDate, ScopeIds, Strict, Text, Url,
                                  WebAddress)

# Transfer mechanisms by regime; what each means, where it is valid and what it needs is in
# hooks/trustsite/rules/transfers.yml (GDPR Art. 45-49, UK GDPR Art. 45-49, FADP Art. 16-17).
SafeguardKey = Literal[
    "adequacy", "dpf", "scc_2021_914", "bcr", "code_of_conduct", "certification", "ad_hoc_clauses", "art49",
    "uk_idta", "uk_addendum", "uk_bcr", "uk_us_data_bridge", "uk_art49",
    "swiss_scc", "swiss_bcr", "swiss_us_dpf", "fadp_art17",
]

RegimeKey = Literal["gdpr", "uk_gdpr", "fadp"]
"""gdpr: EU/EEA GDPR (always); uk_gdpr: UK GDPR and DPA 2018; fadp: Swiss Federal Act on Data Protection."""

# Art. 49(1)(a)-(g) GDPR, and "compelling" for the second subparagraph of Art. 49(1).
DerogationKey = Literal["a", "b", "c", "d", "e", "f", "g", "compelling"]


class TransferAssessment(Strict):
    """A transfer impact assessment (C-311/18 Schrems II; EDPB Recommendations 01/2020): when and where it is recorded."""

    date: dt.date | None = Field(None, strict=False)
    """Date of the assessment (or of its last review)."""
    reference: str | None = None
    """Where it is kept, e.g. an internal document number."""


class FallbackMechanism(Strict):
    """The mechanism that takes over if a DPF certification lapses or the framework falls."""

    mechanism: SafeguardKey
    """The mechanism key, of the same regime."""
    module: Literal[1, 2, 3, 4] | None = None
    """Module of standard contractual clauses: 1 controller-controller, 2 controller-processor, 3 processor-processor, 4 processor-controller."""
    importer: str | None = None
    """Legal entity signing as data importer."""
    reference: str | None = None
    """Approval, code, certificate or authorisation relied on."""


class TransferMechanism(Strict):
    """What one transfer rests on under one regime."""

    mechanism: SafeguardKey
    """The mechanism key (see hooks/trustsite/rules/transfers.yml)."""
    module: Literal[1, 2, 3, 4] | None = None
    """Module of standard contractual clauses: 1 controller-controller, 2 controller-processor, 3 processor-processor, 4 processor-controller."""
    importer: str | None = None
    """Legal entity signing as data importer."""
    reference: str | None = None
    """Approval, code, certificate or authorisation relied on (BCR, code of conduct, certification, ad hoc clauses)."""
    tia: TransferAssessment | None = None
    """The transfer impact assessment, if one was made; the statement mentions it only then."""
    derogation: DerogationKey | None = None
    """For a derogation (Art. 49(1) GDPR): the point relied on, a to g or 'compelling'."""
    occasion: Text | None = None
    """For a derogation: the specific, occasional transfer it covers."""
    fallback: FallbackMechanism | None = None
    """For a DPF transfer: the mechanism that takes over without the certification."""


# A plain key is the EU/EEA GDPR mechanism without further facts (how versions before regimes recorded
# it); a mapping gives the mechanism per regime.
TransferBasis = SafeguardKey | dict[RegimeKey, TransferMechanism]

DpfFramework = Literal["eu_us", "uk_extension", "swiss_us"]


class DpfCertification(Strict):
    """The recipient's entry on the Data Privacy Framework List (dataprivacyframework.gov), as last checked."""

    frameworks: list[DpfFramework] = Field(min_length=1)
    """Frameworks it is certified under: eu_us, uk_extension, swiss_us."""
    hr_data: bool = False
    """The certification covers human-resources data."""
    checked_on: dt.date = Field(strict=False)
    """Date the DPF List was checked."""

# The kind of service a sub-processor provides: the groups of the trust center's list and its filter.
ServiceCategory = Literal[
    "infrastructure", "communication", "customer_support", "payments", "analytics", "recruitment", "other"
]

# Whether a sub-processor processes data all the time (standing), only when another one fails (standby), or only
# under a stated condition such as a customer enabling a feature (conditional); all three need the customer's
# authorisation under GDPR Art. 28(2), so all three are listed.
Engagement = Literal["standing", "standby", "conditional"]


class PostalAddress(Strict):
    """A sub-processor's address, as Annex III of the standard contractual clauses asks for it."""

    street: str
    """Street and number."""
    postal_code: str
    """Postal code, quoted ("0150") so leading zeros survive."""
    city: str
    """City."""
    country: Country
    """ISO 3166-1 alpha-2 country code."""


class ContactPerson(Strict):
    """Whom the controller contacts at a sub-processor (Annex III of the standard contractual clauses, Decision (EU)
    2021/914: 'contact person's name, position and contact details')."""

    name: str | None = None
    """Name of the person or function."""
    position: str | None = None
    """Position, e.g. 'Data Protection Officer'."""
    email: Email
    """E-mail address."""


class Subprocessor(Strict):
    name: str
    """Name of the service provider."""
    legal_entity: str
    """The contracting legal entity."""
    entity_country: Country
    """Country of the legal entity."""
    address: PostalAddress | None = None
    """Address of the legal entity (Annex III of the standard contractual clauses)."""
    contact: ContactPerson | None = None
    """Contact person for data protection matters (Annex III of the standard contractual clauses)."""
    service: Text
    """What it does for us."""
    category: ServiceCategory = "other"
    """Kind of service, for grouping and filtering the trust center's list: infrastructure, communication, customer_support, payments, analytics, recruitment or other."""
    purposes: list[Id]
    """IDs from purposes.yml it serves."""
    data_categories: list[Id]
    """IDs from data_categories.yml it processes."""
    processing_locations: list[Country] = Field(min_length=1)
    """Countries where data is stored or processed."""
    access_locations: list[Country] = Field(default_factory=list)
    """Countries from which data is accessed (remote access is a transfer)."""
    safeguards: dict[Destination, TransferBasis] = Field(
        default_factory=dict,
        description="Per destination outside a declared regime's home: the mechanism relied on, per regime"
                    " ({gdpr: {mechanism: scc_2021_914, module: 2, importer: ...}}); a full adequacy finding needs no entry.",
    )
    dpf_certification: DpfCertification | None = None
    """Its entry on the Data Privacy Framework List, for DPF transfers."""
    website: Url
    """Its website."""
    since: PromiseDate
    """Date it was engaged (the effective date of its addition); a date after the build date shows it as planned:
    its announced addition is listed as upcoming, not as a current sub-processor."""
    scopes: ScopeIds = Field(default_factory=list)
    """IDs from scopes.yml it is limited to (products, regions, features); none: it concerns every customer."""
    engagement: Engagement = "standing"
    """standing (processes data all the time), standby (only when another sub-processor fails) or conditional
    (only under the stated condition)."""
    condition: Text | None = None
    """When a standby or conditional sub-processor processes data; required for those."""


class Authority(Strict):
    """A data-protection supervisory authority (GDPR Art. 51; Art. 77 complaints)."""

    country: Country
    """Country it supervises."""
    subdivision: str | None = None
    """ISO 3166-2 code of a German Land."""
    land: str | None = None
    """Name of the Land."""
    scope: Literal["national", "federal_public", "land_all", "land_private", "land_public"]
    """national, federal_public, land_all, land_private or land_public."""
    abbreviation: str | None = None
    """Usual abbreviation."""
    name_native: dict[str, str] = Field(min_length=1)
    """Official name per language code."""
    name_en: str
    """English name."""
    website: WebAddress
    """Official website."""
    website_alt: list[WebAddress] = Field(default_factory=list)
    """Other official websites."""
    edpb_member: bool | None = None
    """Member of the European Data Protection Board."""
    verified: bool
    """Name and website confirmed from a source."""
    unverified: list[str] = Field(default_factory=list)
    """Fields not confirmed from a source."""
    src: list[str] = Field(default_factory=list)
    """Source keys for the facts."""
    notes: str | None = None
    """Maintainer notes (not shown to readers)."""

    @property
    def hears_private_sector(self) -> bool:
        """Whether a company's customers complain here (not only public bodies)."""
        return self.scope in ("national", "land_all", "land_private")
