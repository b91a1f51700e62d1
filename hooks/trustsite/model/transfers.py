"""Model stage: sub-processors, where they process and access data, and the supervisory authorities."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from trustsite.model.base import Country, Email, Id, Strict, Text, Url, WebAddress
from trustsite.model.organisation import Address

SafeguardKey = Literal["adequacy", "dpf", "scc_2021_914", "bcr", "uk_idta", "uk_addendum", "swiss_scc"]

# The kind of service a sub-processor provides: the groups of the trust center's list and its filter.
ServiceCategory = Literal[
    "infrastructure", "communication", "customer_support", "payments", "analytics", "recruitment", "other"
]

# Whether a sub-processor processes data all the time (standing), only when another one fails (standby), or only
# under a stated condition such as a customer enabling a feature (conditional); all three need the customer's
# authorisation under GDPR Art. 28(2), so all three are listed.
Engagement = Literal["standing", "standby", "conditional"]


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
    address: Address | None = None
    """Address of the legal entity (Annex III of the standard contractual clauses); its country is entity_country."""
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
    safeguards: dict[Country, SafeguardKey] = Field(
        default_factory=dict,
        description="Per country outside the EU/EEA: the adequacy decision or Art. 46 safeguard relied on.",
    )
    website: Url
    """Its website."""
    since: dt.date = Field(strict=False)
    """Date it was engaged."""
    scopes: list[Id] = Field(default_factory=list)
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
