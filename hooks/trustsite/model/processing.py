"""Model stage: what is processed, why, on which legal basis, for how long, and who receives it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from trustsite.model.base import Duration, Id, Strict, Text


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
    explanation: Text


class DataCategory(Strict):
    title: Text
    description: Text
    special: bool = Field(False, description="Special category under GDPR Art. 9 (health, beliefs, ...).")


class DataSubject(Strict):
    title: Text
    description: Text


class Source(Strict):
    """Where personal data comes from (GDPR Art. 14(2)(f))."""

    title: Text
    description: Text
    from_data_subject: bool = Field(description="True when the person provides the data themselves.")
    publicly_accessible: bool = Field(description="True when the source is publicly accessible (Art. 14(2)(f)).")


class RetentionRule(Strict):
    """A storage period, or the criteria used to determine it (GDPR Art. 13(2)(a))."""

    title: Text
    period: Duration | None = None
    starts: Text | None = Field(None, description="The event after which the period runs, e.g. the end of the contract.")
    criteria: Text | None = Field(None, description="How the period is determined, where no fixed period can be given.")


class Recipient(Strict):
    """A recipient or category of recipients (GDPR Art. 13(1)(e))."""

    title: Text
    description: Text
    role: Literal["processor", "independent_controller", "joint_controller", "public_authority", "group_company"]
    names: list[str] = Field(default_factory=list, description="Named recipients in this category, if any.")
    includes_subprocessors: bool = Field(False, description="The sub-processor list details this category.")


class Right(Strict):
    title: Text
    description: Text
    how_to_exercise: Text


class Requirement(Strict):
    """Whether the person must provide the data and what happens if not (Art. 13(2)(e))."""

    kind: Literal["statutory", "contractual", "contract_precondition", "voluntary"]
    consequence: Text


class AutomatedDecision(Strict):
    """Automated decision-making or profiling (Art. 22(1) and (4))."""

    logic: Text
    significance: Text
    consequences: Text


class Purpose(Strict):
    title: Text
    description: Text
    legal_basis: LegalBasisKey
    legitimate_interest: Text | None = Field(None, description="Required where legal_basis is legitimate_interest.")
    special_category_condition: SpecialCondition | None = None
    data_categories: list[Id]
    data_subjects: list[Id]
    sources: list[Id]
    retention: Id
    recipients: list[Id] = Field(default_factory=list)
    requirement: Requirement
    automated_decision: AutomatedDecision | None = None


class Cookie(Strict):
    """A cookie, local-storage entry or web beacon set by the website."""

    name: str
    kind: Literal["cookie", "local_storage", "web_beacon"]
    provider: Id = Field(description="'first_party' or the ID of a sub-processor.")
    category: Literal["strictly_necessary", "functional", "analytics", "marketing"]
    purpose: Text
    duration: Duration | None = Field(None, description="How long it is kept; omit for one that ends with the browser session.")
    legal_basis: LegalBasisKey
