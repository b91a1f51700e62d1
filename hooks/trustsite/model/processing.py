"""Model stage: what is processed, why, on which legal basis, for how long, and who receives it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from trustsite.model.base import Duration, Id, SessionWhenOmitted, Strict, Text


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

SpecialCondition = Literal[
    "explicit_consent",  # Art. 9(2)(a)
    "employment_law",  # Art. 9(2)(b)
    "vital_interests",  # Art. 9(2)(c)
    "made_public",  # Art. 9(2)(e)
    "legal_claims",  # Art. 9(2)(f)
    "substantial_public_interest",  # Art. 9(2)(g)
]

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


class RetentionRule(Strict):
    """A storage period, or the criteria used to determine it (GDPR Art. 13(2)(a))."""

    title: Text
    """What data the rule applies to."""
    period: Duration | None = None
    """Fixed storage period: {value: 24, unit: months}."""
    starts: Text | None = Field(None, description="The event after which the period runs, e.g. the end of the contract.")
    criteria: Text | None = Field(None, description="How the period is determined, where no fixed period can be given.")


class Recipient(Strict):
    """A recipient or category of recipients (GDPR Art. 13(1)(e))."""

    title: Text
    """Name of the recipient category."""
    description: Text
    """Who they are and why they receive data."""
    role: Literal["processor", "independent_controller", "joint_controller", "public_authority", "group_company"]
    """Their role under the GDPR."""
    names: list[str] = Field(default_factory=list, description="Named recipients in this category, if any.")
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


class AutomatedDecision(Strict):
    """Automated decision-making or profiling (Art. 22(1) and (4))."""

    logic: Text
    """Meaningful information about the logic involved."""
    significance: Text
    """The significance of the processing."""
    consequences: Text
    """The envisaged consequences for the person."""


class Purpose(Strict):
    title: Text
    """Name of the purpose."""
    description: Text
    """What is done and why, in plain words."""
    legal_basis: LegalBasisKey
    """GDPR Art. 6(1) basis: consent, contract, legal_obligation, vital_interests, public_task or legitimate_interest."""
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


class Cookie(Strict):
    """A cookie, local-storage entry or web beacon set by the website."""

    name: str
    """Technical name of the cookie or storage key."""
    kind: Literal["cookie", "local_storage", "web_beacon"]
    """cookie, local_storage or web_beacon."""
    provider: Id = Field(description="'first_party' or the ID of a sub-processor.")
    category: Literal["strictly_necessary", "functional", "analytics", "marketing"]
    """strictly_necessary, functional, analytics or marketing."""
    purpose: Text
    """Why it is set."""
    duration: Annotated[Duration | None, SessionWhenOmitted()] = Field(None, description="How long it is kept; omit for one that ends with the browser session.")
    legal_basis: LegalBasisKey
    """GDPR Art. 6(1) basis relied on."""
