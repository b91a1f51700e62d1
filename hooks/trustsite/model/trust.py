"""Model stage: the trust center's facts (security measures, certifications, documents, sub-processor changes)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from trustsite.model.base import Id, Language, PromiseDate, Strict, Text

FILE_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"  # a plain file name: no folders, no '..'

# GDPR Art. 32(1)(a)-(d): the four kinds of measure the article names, by stable key.
SecurityCategory = Literal["encryption", "resilience", "recovery", "testing"]

SECURITY_ARTICLES: dict[str, str] = {
    "encryption": "32(1)(a)",  # pseudonymisation and encryption of personal data
    "resilience": "32(1)(b)",  # confidentiality, integrity, availability and resilience of systems
    "recovery": "32(1)(c)",  # restoring availability and access in good time after an incident
    "testing": "32(1)(d)",  # regularly testing, assessing and evaluating the measures
}


class SecurityMeasure(Strict):
    """A technical or organisational measure (GDPR Art. 32)."""

    kind: Literal["technical", "organisational"]
    """technical or organisational (Art. 32(1): 'appropriate technical and organisational measures')."""
    category: SecurityCategory
    """What the measure ensures, as Art. 32(1) lists it: encryption (a), resilience (b), recovery (c) or testing (d)."""
    title: Text
    """Name of the measure."""
    description: Text
    """What is done, in plain words, without details that would help an attacker."""


class Certification(Strict):
    """A certification or attestation by an independent body, valid for a period."""

    title: str
    """Name of the standard or report, e.g. 'ISO/IEC 27001:2022' (a proper name, not translated)."""
    kind: Literal["certification", "attestation"]
    """certification (a certificate of conformity) or attestation (an auditor's report, such as SOC 2)."""
    issuer: str
    """The certification body or auditor that issued it."""
    scope: Text
    """What it covers: products, locations, processes."""
    valid_from: dt.date = Field(strict=False)
    """First day of validity (or of the period an attestation covers)."""
    valid_until: dt.date = Field(strict=False)
    """Last day of validity: past it the build fails; within 60 days of it the build warns."""
    document: Id | None = None
    """ID from documents.yml of the certificate or report, if it is published."""


class DocumentVersion(Strict):
    """One published version of a document, as a file shipped in the repository."""

    version: str
    """Version label as printed on the document, e.g. '2026.1' (quoted)."""
    date: dt.date = Field(strict=False)
    """Date the version was issued."""
    file: str = Field(pattern=FILE_NAME_PATTERN)
    """File name inside documents/ (letters, digits, '.', '_', '-'); it is published beside the documents page."""
    language: Language
    """Language the document is written in (it may differ from the page's)."""


class Document(Strict):
    """A contract or policy readers can download, such as the data processing agreement."""

    kind: Literal["dpa", "policy", "report"]
    """dpa (data processing agreement, Art. 28), policy or report."""
    title: Text
    """Name of the document."""
    description: Text
    """What it is for and who needs it."""
    versions: list[DocumentVersion] = Field(min_length=1)
    """Every published version, newest first; at least one."""


ChangeKind = Literal["added", "removed", "changed"]


class SubprocessorChange(Strict):
    """One change to the list of sub-processors, as announced to customers."""

    date: PromiseDate
    """Date the change takes effect (for 'added', the sub-processor's 'since' date), as announced to customers."""
    change: ChangeKind
    """added, removed or changed."""
    subprocessor: Id
    """ID of the sub-processor; from subprocessors.yml unless it was removed."""
    name: str | None = None
    """Name of a removed sub-processor (required for 'removed': it is no longer in subprocessors.yml)."""
    summary: Text
    """What changed and why, in a sentence."""
