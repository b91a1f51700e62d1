"""Model stage: the controller, its group, its contacts and the versions of its statement."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from trustsite.model.base import Country, Email, Id, Language, Strict, Text, Url


class Address(Strict):
    street: str
    postal_code: str
    city: str
    country: Country


class Contact(Strict):
    """A channel through which readers reach the organisation (DPO, privacy team)."""

    email: Email
    phone: str | None = None
    address: Address | None = None
    web_form: Url | None = None


class Controller(Strict):
    """The controller's identity (GDPR Art. 13(1)(a))."""

    legal_name: str
    trading_name: str
    registration_number: str | None = None
    registered_address: Address
    head_office: Address
    email: Email
    phone: str | None = None
    website: Url
    activity: Text = Field(description="What the organisation does, in a sentence or two.")


class Representative(Strict):
    """An Art. 27 representative, for controllers established outside the EU/EEA."""

    legal_name: str
    address: Address
    email: Email


class Subsidiary(Strict):
    legal_name: str
    address: Address


class Product(Strict):
    name: str
    description: Text


class Organisation(Strict):
    default_language: Language
    languages: list[Language] = Field(min_length=1, description="Every language the statement is published in.")
    controller: Controller
    representative: Representative | None = None
    dpo: Contact | None = Field(None, description="The Data Protection Officer (Art. 37), where one is designated.")
    privacy_contact: Contact
    subsidiaries: dict[Id, Subsidiary] = Field(default_factory=dict)
    products: dict[Id, Product] = Field(default_factory=dict)
    countries_served: list[Country] = Field(min_length=1, description="Countries whose supervisory authorities are listed.")
    lead_authority: Id | None = Field(None, description="Authority of the main establishment, from authorities.yml.")
    notice_period_days: int = Field(30, ge=0, description="Days between announcing a significant change and its effect.")
    safeguard_copies: Text = Field(description="How a reader obtains a copy of the transfer safeguards (Art. 13(1)(f)).")


class Version(Strict):
    published: dt.date = Field(strict=False)
    effective: dt.date = Field(strict=False)
    summary: Text | None = None
