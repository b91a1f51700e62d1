"""Model stage: sub-processors, where they process and access data, and the supervisory authorities."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from trustsite.model.base import Country, Id, Strict, Text, Url, WebAddress

SafeguardKey = Literal["adequacy", "dpf", "scc_2021_914", "bcr", "uk_idta", "uk_addendum", "swiss_scc"]


class Subprocessor(Strict):
    name: str
    legal_entity: str
    entity_country: Country
    service: Text
    purposes: list[Id]
    data_categories: list[Id]
    processing_locations: list[Country] = Field(min_length=1)
    access_locations: list[Country] = Field(default_factory=list)
    safeguards: dict[Country, SafeguardKey] = Field(
        default_factory=dict,
        description="Per country outside the EU/EEA: the adequacy decision or Art. 46 safeguard relied on.",
    )
    website: Url
    since: dt.date = Field(strict=False)


class Authority(Strict):
    """A data-protection supervisory authority (GDPR Art. 51; Art. 77 complaints)."""

    country: Country
    subdivision: str | None = None
    land: str | None = None
    scope: Literal["national", "federal_public", "land_all", "land_private", "land_public"]
    abbreviation: str | None = None
    name_native: dict[str, str]
    name_en: str
    website: WebAddress
    website_alt: list[WebAddress] = Field(default_factory=list)
    edpb_member: bool | None = None
    verified: bool
    unverified: list[str] = Field(default_factory=list)
    src: list[str] = Field(default_factory=list)
    notes: str | None = None

    @property
    def hears_private_sector(self) -> bool:
        """Whether a company's customers complain here (not only public bodies)."""
        return self.scope in ("national", "land_all", "land_private")
