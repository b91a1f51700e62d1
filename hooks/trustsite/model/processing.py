"""Model stage: what is processed, why, on which legal basis, for how long, and who receives it."""

from __future__ import annotations

from typing import Annotated, Literal


from pydantic import Field

from trustsite.model.base import Country, Destination, Duration, Id, PromiseDate, SessionWhenOmitted, Strict, Text
from trustsite.model.transfers import DpfCertification, TransferBasis


# The six lawful bases of GDPR Art. 6(1); IDs are stable, titles live in data/legal_bases.yml.
LEGAL_BASIS_ARTICLES: dict[str, str] = {
    "consent": "6(1)(a)",
    "contract": "6(1)(b)",
    "legal_obligation": "6(1)(c)",
    "vital_interests": "6(1)(d)",
    "public_task": "6(1)(e)",
    "legitimate_interest": "6(1)(f)",
}

LegalBasisKey = Literal["consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interest"]

# Every condition of GDPR Art. 9(2), (a) to (j), by stable key.
SpecialCondition = Literal[
    "explicit_consent",  # Art. 9(2)(a)
    "employment_law",  # Art. 9(2)(b): employment, social security and social protection law
    "vital_interests",  # Art. 9(2)(c)
    "not_for_profit_body",  # Art. 9(2)(d): foundation, association or other not-for-profit body, its members
    "made_public",  # Art. 9(2)(e)
    "legal_claims",  # Art. 9(2)(f)
    "substantial_public_interest",  # Art. 9(2)(g)
    "health_care",  # Art. 9(2)(h): preventive or occupational medicine, health or social care (with Art. 9(3))
    "public_health",  # Art. 9(2)(i)
    "archiving_research_statistics",  # Art. 9(2)(j): in accordance with Art. 89(1)
]

SPECIAL_CONDITION_ARTICLES: dict[str, str] = {
    "explicit_consent": "9(2)(a)", "employment_law": "9(2)(b)", "vital_interests": "9(2)(c)",
    "not_for_profit_body": "9(2)(d)", "made_public": "9(2)(e)", "legal_claims": "9(2)(f)",
    "substantial_public_interest": "9(2)(g)", "health_care": "9(2)(h)", "public_health": "9(2)(i)",
    "archiving_research_statistics": "9(2)(j)",
}

RightKey = Literal[
    "access",  # Art. 15
    "rectification",  # Art. 16
    "erasure",  # Art. 17
    "restriction",  # Art. 18
    "portability",  # Art. 20
    "object",  # Art. 21
    "automated_decisions",  # Art. 22
    "withdraw_consent",  # Art. 7(3)
    "complaint",  # Art. 77
]

RIGHT_ARTICLES: dict[str, str] = {
    "access": "15",
    "rectification": "16",
    "erasure": "17",
    "restriction": "18",
    "portability": "20",
    "object": "21",
    "automated_decisions": "22",
    "withdraw_consent": "7(3)",
    "complaint": "77",
}

# Rights every notice lists whatever the processing (Art. 13(2)(b) and (d), 14(2)(c) and (e)).
ALWAYS_REQUIRED_RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "object", "complaint")


class LegalBasis(Strict):
    """How the organisation explains one Art. 6(1) basis to readers."""

    title: Text
    """Name of the basis as readers see it."""
    explanation: Text
    """How and when the organisation relies on it."""


class DataCategory(Strict):
    title: Text
    """Name of the category."""
    description: Text
    """What it includes, with examples."""
    special: bool = Field(False, description="Special category under GDPR Art. 9 (health, beliefs, ...).")


class DataSubject(Strict):
    title: Text
    """Name of the group of people."""
    description: Text
    """Who belongs to it."""


class Source(Strict):
    """Where personal data comes from (GDPR Art. 14(2)(f))."""

    title: Text
    """Name of the source."""
    description: Text
    """What the source is and what it provides."""
    from_data_subject: bool = Field(description="True when the person provides the data themselves.")
    publicly_accessible: bool = Field(description="True when the source is publicly accessible (Art. 14(2)(f)).")
    names: list[str | Text] = Field(default_factory=list)
    """The specific sources (a register, a website, a partner), for data not obtained from the person: WP260 rev.01
    asks for the specific source unless it cannot be identified (Art. 14(2)(f)). A proper name is written once
    ('Bolagsverket'); a source described in words has a text per language."""
    unattributable: Text | None = None
    """Where the data cannot be attributed to a specific source (many sources were used): why, and the nature of the
    sources (public or private, the kind of organisation, industry or sector), instead of names."""


class RetentionRule(Strict):
    """A storage period, or the criteria used to determine it (GDPR Art. 13(2)(a))."""

    title: Text
    """What data the rule applies to."""
    period: Duration | None = None
    """Fixed storage period: {value: 24, unit: months}."""
    starts: Text | None = Field(None, description="The event after which the period runs, e.g. the end of the contract.")
    criteria: Text | None = Field(None, description="How the period is determined, where no fixed period can be given.")


class RecipientEntity(Strict):
    """One named recipient: where it is, and what a transfer to it rests on (GDPR Art. 13(1)(e)-(f), 44-49)."""

    name: str | None = None
    """Its legal name; omit for a group company given by 'subsidiary'."""
    subsidiary: Id | None = None
    """ID of a group company in organisation.yml (its name and country come from there)."""
    country: Country | None = None
    """Country of the legal entity (omit for a group company or an international organisation)."""
    international_organisation: Id | None = None
    """ID of an international organisation from the transfer rule table, e.g. 'eporg'."""
    processing_locations: list[Country] = Field(default_factory=list)
    """Countries where it stores or processes the data, if other than its own."""
    access_locations: list[Country] = Field(default_factory=list)
    """Countries from which it accesses the data."""
    safeguards: dict[Destination, TransferBasis] = Field(default_factory=dict)
    """Per destination outside a declared regime's home: the mechanism relied on, per regime."""
    dpf_certification: DpfCertification | None = None
    """Its entry on the Data Privacy Framework List, for DPF transfers."""
    since: PromiseDate | None = None
    """Date it starts receiving data, as announced (never brought forward inside the notice period); a date after
    the build date shows it as planned."""


# Roles a recipient can have under the GDPR (Art. 4(7)-(9), 26, 28). 'group_company' and 'public_authority'
# are how versions before 2027 recorded a recipient; they are not roles, and check refuses them in new data.
RecipientRole = Literal["processor", "independent_controller", "joint_controller", "public_authority", "group_company"]
GDPR_ROLES = ("processor", "joint_controller", "independent_controller")


class Recipient(Strict):
    """A recipient or category of recipients (GDPR Art. 13(1)(e))."""

    title: Text
    """Name of the recipient category."""
    description: Text
    """Who they are and why they receive data."""
    role: RecipientRole
    """Their role under the GDPR: processor (Art. 28), joint_controller (Art. 26) or independent_controller."""
    joint_arrangement: Text | None = None
    """For joint controllers: the essence of the arrangement (Art. 26(2)), including who answers requests."""
    names: list[str] = Field(default_factory=list, description="Named recipients in this category, if any.")
    entities: list[RecipientEntity] = Field(default_factory=list)
    """Named recipients with their location, where a transfer can happen."""
    includes_subprocessors: bool = Field(False, description="The sub-processor list details this category.")


class Right(Strict):
    title: Text
    """Name of the right."""
    description: Text
    """What the right means for the reader."""
    how_to_exercise: Text
    """How to exercise it: channel, form, self-service."""


class Requirement(Strict):
    """Whether the person must provide the data and what happens if not (Art. 13(2)(e))."""

    kind: Literal["statutory", "contractual", "contract_precondition", "voluntary"]
    """statutory, contractual, contract_precondition or voluntary."""
    consequence: Text
    """What happens if the person does not provide the data."""


# GDPR Art. 22(2): a decision based solely on automated processing with legal or similarly significant effects is
# allowed only where it is (a) necessary for a contract, (b) authorised by Union or Member State law laying down
# suitable safeguards, or (c) based on explicit consent. Stable keys; the article lives here.
Art22Exception = Literal["contract", "law", "explicit_consent"]

ART22_EXCEPTION_ARTICLES: dict[str, str] = {"contract": "22(2)(a)", "law": "22(2)(b)", "explicit_consent": "22(2)(c)"}


class DecisionSafeguards(Strict):
    """The safeguards of Art. 22(3), for decisions under Art. 22(2)(a) or (c): at least the right to obtain human
    intervention, to express one's point of view and to contest the decision; how a reader uses each."""

    human_intervention: Text
    """How to obtain a review of the decision by a person."""
    express_view: Text
    """How to express your point of view."""
    contest: Text
    """How to contest the decision."""


class AutomatedDecision(Strict):
    """Automated decision-making or profiling (Art. 22(1) and (4))."""

    logic: Text
    """Meaningful information about the logic involved."""
    significance: Text
    """The significance of the processing."""
    consequences: Text
    """The envisaged consequences for the person."""
    exception: Art22Exception | None = None
    """Which exception of Art. 22(2) allows the decision: contract (a), law (b) or explicit_consent (c); required."""
    law: Text | None = None
    """For exception 'law': the Union or Member State law that authorises it, and its safeguards."""
    safeguards: DecisionSafeguards | None = None
    """Art. 22(3) safeguards, required for the exceptions contract and explicit_consent."""


class BasisUse(Strict):
    """One of several legal bases of a purpose, and the group of people or data use it covers (GDPR Art. 6(1), 13(1)(c))."""

    basis: LegalBasisKey
    """GDPR Art. 6(1) basis: consent, contract, legal_obligation, vital_interests, public_task or legitimate_interest."""
    applies_to: Text
    """For whom or for which use of the data this basis is relied on, as readers see it."""
    data_subjects: list[Id] = Field(default_factory=list)
    """The groups of people it covers, if not all of the purpose's (IDs from data_subjects.yml)."""
    data_categories: list[Id] = Field(default_factory=list)
    """The data it covers, if not all of the purpose's (IDs from data_categories.yml)."""
    legitimate_interest: Text | None = None
    """Required where the basis is legitimate_interest: the interest pursued (Art. 13(1)(d))."""
    special_category_condition: SpecialCondition | None = None
    """Art. 9(2) condition, where this use covers special-category data."""


class Purpose(Strict):
    title: Text
    """Name of the purpose."""
    description: Text
    """What is done and why, in plain words."""
    legal_basis: LegalBasisKey | None = None
    """GDPR Art. 6(1) basis where one covers the whole purpose: consent, contract, legal_obligation, vital_interests,
    public_task or legitimate_interest. Give this or legal_bases."""
    legal_bases: list[BasisUse] = Field(default_factory=list)
    """Several bases, each for a group of people or a use of the data (two or more); instead of legal_basis."""
    legitimate_interest: Text | None = Field(None, description="Required where legal_basis is legitimate_interest.")
    special_category_condition: SpecialCondition | None = None
    """Art. 9(2) condition, required when a data category is special."""
    data_categories: list[Id]
    """IDs from data_categories.yml; at least one."""
    data_subjects: list[Id]
    """IDs from data_subjects.yml."""
    sources: list[Id]
    """IDs from sources.yml."""
    retention: Id
    """ID from retention.yml."""
    recipients: list[Id] = Field(default_factory=list)
    """IDs from recipients.yml."""
    requirement: Requirement
    """Whether providing the data is required (Art. 13(2)(e))."""
    automated_decision: AutomatedDecision | None = None
    """Automated decision-making or profiling, if any (Art. 13(2)(f))."""

    @property
    def basis_keys(self) -> list[str]:
        """Every Art. 6(1) basis the purpose relies on, in the order given."""
        if self.legal_basis is not None:
            return [self.legal_basis]
        return list(dict.fromkeys(use.basis for use in self.legal_bases))

    @property
    def interests(self) -> list[Text]:
        """The legitimate interests stated for it (Art. 13(1)(d))."""
        found = [self.legitimate_interest] + [use.legitimate_interest for use in self.legal_bases]
        return [text for text in found if text is not None]


# Art. 5(3) of Directive 2002/58/EC (ePrivacy) and the national laws implementing it: storing or reading
# information on a device needs consent, unless it is strictly necessary for the service the user explicitly
# requested or for transmitting a communication. Only 'strictly_necessary' is exempt; the other categories
# describe what a consent-based item does (WP29 Opinion 04/2012 on the cookie consent exemption).
CookieCategory = Literal["strictly_necessary", "functional", "analytics", "marketing"]


class Cookie(Strict):
    """A cookie, local-storage entry or web beacon set by the website."""

    name: str
    """Technical name of the cookie or storage key."""
    kind: Literal["cookie", "local_storage", "web_beacon"]
    """cookie, local_storage or web_beacon."""
    provider: Id = Field(description="'first_party' or the ID of a sub-processor.")
    category: CookieCategory
    """strictly_necessary (no consent needed; give 'necessity'), or functional, analytics or marketing (consent needed)."""
    purpose: Text
    """Why it is set."""
    necessity: Text | None = None
    """For a strictly necessary item: why the service you asked for cannot work without it (Art. 5(3) of Directive
    2002/58/EC exempts only storage strictly necessary for that service or for transmitting a communication)."""
    duration: Annotated[Duration | None, SessionWhenOmitted()] = Field(None, description="How long it is kept; omit for one that ends with the browser session.")
    legal_basis: LegalBasisKey
    """GDPR Art. 6(1) basis of the processing that follows; anything not strictly necessary rests on consent."""
