"""Model stage: the controller, its group, its contacts and the versions of its statement."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from trustsite.model.base import Country, Email, Id, Language, PromiseDate, Strict, Text, Url
from trustsite.model.transfers import RegimeKey
from trustsite.model.trust import Channel


MAX_NOTICE_DAYS = 365


def _check_notice_period(value: int) -> int:
    """No notice period is longer than a year; a larger number is a typo, and five million days would push the
    earliest effective date past the year 9999 that dates can hold (gate and release would crash)."""
    if value > MAX_NOTICE_DAYS:
        raise PydanticCustomError("trustsite_bound", "expected at most {most} days (a year), got {got}",
                                  {"most": MAX_NOTICE_DAYS, "got": value})
    return value


class Address(Strict):
    street: str
    """Street and number."""
    postal_code: str
    """Postal code, quoted ("0150") so leading zeros survive."""
    city: str
    """City."""
    country: Country
    """ISO 3166-1 alpha-2 country code."""
    subdivision: str | None = Field(None, pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
    """ISO 3166-2 code of the region, e.g. 'DE-BE'; required for an establishment in Germany, where the authority of
    the Land supervises it (§ 40(1) BDSG)."""


class Contact(Strict):
    """A channel through which readers reach the organisation (DPO, privacy team)."""

    email: Email
    """E-mail address for requests."""
    phone: str | None = None
    """Telephone number, if offered."""
    address: Address | None = None
    """Postal address, if different from the controller."""
    web_form: Url | None = None
    """An https:// form for requests, if offered."""


class Controller(Strict):
    """The controller's identity (GDPR Art. 13(1)(a))."""

    legal_name: str
    """Legal name of the controller (Art. 13(1)(a))."""
    trading_name: str
    """Name under which the organisation trades; used in running text."""
    registration_number: str | None = None
    """Company registration number."""
    registered_address: Address
    """Registered office."""
    head_office: Address
    """Head office (where decisions on processing are taken)."""
    email: Email
    """General privacy e-mail of the controller."""
    phone: str | None = None
    """Telephone number."""
    website: Url
    """Main website."""
    activity: Text = Field(description="What the organisation does, in a sentence or two.")


class Children(Strict):
    """Whether the service is offered directly to children, and how a child's consent is handled (GDPR Art. 8,
    Recital 38; Art. 12(1): information addressed to a child in language a child can understand)."""

    offered_to_children: bool
    """True when an information society service is offered directly to children, or children are its likely users."""
    explanation: Text
    """Who the products are for, and what happens when a child's data reaches us anyway."""
    parental_consent: Text | None = None
    """How consent is given or authorised by the holder of parental responsibility for a child below the age of
    digital consent of their country, and how we verify it (Art. 8(1)-(2)); required when the service is offered
    to children and relies on consent."""


class Representative(Strict):
    """An Art. 27 representative, for controllers established outside the EU/EEA."""

    legal_name: str
    """Legal name of the representative."""
    address: Address
    """Postal address of the representative."""
    email: Email
    """E-mail address of the representative."""


class Subsidiary(Strict):
    legal_name: str
    """Legal name of the group company."""
    address: Address
    """Its address; the country feeds the list of subsidiary countries."""


class Product(Strict):
    name: str
    """Product name (a proper name, not translated)."""
    description: Text
    """What the product or service is."""


class ChangeRuleOverride(Strict):
    """The organisation's own level for one rule of the change table, and why."""

    level: Literal["significant", "review", "editorial"]
    """significant: notify before it takes effect; review: a person decides; editorial: no notice."""
    reason: str = Field(min_length=1, description="Why the organisation departs from the default; shown in every report.")


class Organisation(Strict):
    default_language: Language
    """The language of content/*.md without suffix; must be in languages."""
    languages: list[Language] = Field(min_length=1, description="Every language the statement is published in.")
    controller: Controller
    """The controller's identity."""
    representative: Representative | None = None
    """Art. 27 representative, for controllers outside the EU/EEA."""
    dpo: Contact | None = Field(None, description="The Data Protection Officer (Art. 37), where one is designated.")
    privacy_contact: Contact
    """Where readers send privacy requests."""
    children: Children | None = None
    """Whether the service is offered to children (GDPR Art. 8); `check` requires it."""
    subsidiaries: dict[Id, Subsidiary] = Field(default_factory=dict)
    """Group companies by ID."""
    products: dict[Id, Product] = Field(default_factory=dict)
    """Products and services the statement covers, by ID."""
    regimes: list[RegimeKey] = Field(default_factory=lambda: ["gdpr"])
    """The data-protection laws the statement speaks for: gdpr (always), and uk_gdpr or fadp where the
    organisation serves the United Kingdom or Switzerland and every transfer is covered under them."""
    countries_served: list[Country] = Field(min_length=1, description="Countries whose supervisory authorities are listed.")
    lead_authority: Id | None = Field(None, description="Authority of the main establishment, from authorities.yml.")
    notice_period_days: Annotated[int, AfterValidator(_check_notice_period)] = Field(
        30, ge=0, description="Days between announcing a significant change and its effect.")
    subprocessor_objections: Channel | None = None
    """Where customers object to an announced sub-processor change (GDPR Art. 28(2)); required once a change is announced."""
    safeguard_copies: Text = Field(description="How a reader obtains a copy of the transfer safeguards (Art. 13(1)(f)).")
    processor_for_customers: bool = Field(
        False, description="True when the organisation also processes personal data on behalf of business customers "
        "under data processing agreements (Art. 28): notices then tell customers how to object to a new sub-processor.")
    change_rules: dict[str, ChangeRuleOverride] = Field(default_factory=dict)
    """Levels this organisation sets for rules of the change table (hooks/trustsite/rules/changes.yml), by rule ID."""


class Erratum(Strict):
    """A correction of a released version: it corrects what the version said about facts that were already true when
    it was published. It never changes what readers were promised: a change of the facts is a new version, with
    notice where it is significant (WP260 rev.01 para 29-30). `trustsite check` refuses an erratum that the change
    table (rules/changes.yml) classifies as significant."""

    date: dt.date = Field(strict=False)
    """Date the correction was made."""
    corrects: list[str] = Field(min_length=1)
    """What was corrected: data paths as check reports them ('subprocessors.tidevault.safeguards'), or the
    statement page ('content/privacy/index.md'). For the newest released version, every difference between today's
    data and its archive must be covered here."""
    text: Text
    """The correction as readers see it on the version's page: what the version said, and what is true."""


class Version(Strict):
    published: dt.date = Field(strict=False)
    """Date the version was published."""
    effective: PromiseDate
    """Date the version takes effect (on or after published); announced to readers, so never brought forward inside the notice period."""
    level: Literal["significant", "editorial"] | None = None
    """significant (readers were told before it took effect) or editorial, as `trustsite release` classified it
    against the previous version; none for the first version."""
    summary: Text | None = None
    """What changed, in plain words; `trustsite release` drafts it and the legal team may edit it."""
    errata: list[Erratum] = Field(default_factory=list)
    """Corrections of this version after it was published, oldest first; each is shown on the version's page."""
    manifest_sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of archive/<id>/manifest.json, recorded by `trustsite release`: an archived version changed
    after release (its files and manifest rewritten) no longer matches it. Never edit it by hand."""
