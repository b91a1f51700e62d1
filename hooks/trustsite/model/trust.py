"""Model stage: the trust center's facts (security measures, certifications, documents, sub-processor changes,
scopes, subscriptions and the well-known files)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from trustsite.model.base import Email, Id, Language, PromiseDate, Strict, Text, Url

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


class Channel(Strict):
    """Where a reader sends a request: an e-mail address, an https:// address (a form, a portal), or both."""

    email: Email | None = None
    """E-mail address for the request."""
    url: Url | None = None
    """An https:// form or page for the request."""


class DocumentVersion(Strict):
    """One version of a document; a public one is a file shipped in the repository."""

    version: str
    """Version label as printed on the document, e.g. '2026.1' (quoted)."""
    date: dt.date = Field(strict=False)
    """Date the version was issued."""
    file: str | None = Field(None, pattern=FILE_NAME_PATTERN)
    """File name inside documents/ (letters, digits, '.', '_', '-'); published beside the documents page when the
    document is public. Required for a public document; a document on request or under NDA is never published."""
    language: Language
    """Language the document is written in (it may differ from the page's)."""


# Who may read a document: the trust center publishes only public ones; for the others it says how to ask.
DocumentAccess = Literal["public", "on_request", "nda"]


class Document(Strict):
    """A contract, policy or report, such as the data processing agreement: downloadable, on request, or under NDA."""

    kind: Literal["dpa", "policy", "report"]
    """dpa (data processing agreement, Art. 28), policy or report."""
    title: Text
    """Name of the document."""
    description: Text
    """What it is for and who needs it."""
    access: DocumentAccess = "public"
    """public (the files are published), on_request (sent on request) or nda (shown only under a non-disclosure
    agreement); only public documents are published on the site."""
    request: Channel | None = None
    """Where to ask for a document on request or under NDA (an e-mail address or an https:// form); required for those."""
    versions: list[DocumentVersion] = Field(min_length=1)
    """Every version, newest first; at least one."""


ChangeKind = Literal["added", "removed", "changed"]


class SubprocessorChange(Strict):
    """One change to the list of sub-processors, as announced to customers (GDPR Art. 28(2): the processor informs
    the controller of an intended addition or replacement, giving it the opportunity to object)."""

    announced: dt.date | None = Field(None, strict=False)
    """Date customers are told (the feed entry, the upcoming list and the notice appear from this day); required for
    a change not yet in effect on the build date."""
    date: PromiseDate
    """Date the change takes effect (for 'added', the sub-processor's 'since' date); after the objection deadline."""
    notice_period_days: int | None = Field(None, ge=0)
    """Days customers have to object, counted from 'announced', where this change gives more than the organisation's
    notice_period_days (a shorter period is an error: the data processing agreement promises that one)."""
    change: ChangeKind
    """added, removed or changed."""
    subprocessor: Id
    """ID of the sub-processor; from subprocessors.yml unless it was removed."""
    replaces: Id | None = None
    """For 'added': ID of the sub-processor this one replaces; that one needs a 'removed' change on the same date."""
    name: str | None = None
    """Name of a removed sub-processor (required for 'removed': it is no longer in subprocessors.yml)."""
    summary: Text
    """What changed and why, in a sentence."""


ScopeKind = Literal["product", "region", "feature"]


class Scope(Strict):
    """A part of the service a sub-processor can be limited to: a product, a region (EU-only hosting) or a feature
    (AI features). Customers of a scope follow its own list, feed and export."""

    kind: ScopeKind
    """product, region or feature. A sub-processor limited to scopes of one kind concerns only customers of those;
    one limited to none of a kind concerns every customer as far as that kind goes."""
    title: Text
    """Name of the scope as readers see it."""
    description: Text | None = None
    """Who it concerns, in a sentence."""


class ListProvider(Strict):
    """The mailing-list service readers subscribe through (the site runs no server of its own)."""

    kind: Literal["mailman", "listmonk", "rss_email"]
    """mailman (GNU Mailman 3), listmonk, or rss_email (a service that mails new feed entries)."""
    signup_url: Url
    """The https:// address the signup form posts to (Mailman's Postorius subscribe page, listmonk's public
    subscription form, the RSS-to-e-mail service's form). The site's Content-Security-Policy allows exactly its host
    in form-action."""
    lists: dict[str, str] = Field(default_factory=dict)
    """List per language and scope, keyed '<language>' for everything or '<language>.<scope>' (Mailman: the list's
    address, e.g. 'changes-en@lists.example.com'; listmonk: the list's UUID, as its public form takes it)."""


class Subscriptions(Strict):
    """How readers are told of sub-processor changes and new versions by e-mail."""

    provider: ListProvider
    """The list service: the signup form posts there, and `trustsite notify` sends through it."""
    privacy: Text
    """What happens with the subscriber's address (who runs the list, how to unsubscribe), shown beside the form."""


class SecurityTxt(Strict):
    """/.well-known/security.txt (RFC 9116): how to report a vulnerability."""

    contact: list[str] = Field(min_length=1)
    """Where to report, most preferred first: 'mailto:security@example.com' or an https:// address (RFC 9116 2.5.3)."""
    expires: dt.date = Field(strict=False)
    """The day after which the file is stale (RFC 9116 2.5.5: less than a year ahead); `check` warns 30 days before."""
    encryption: list[str] = Field(default_factory=list)
    """https:// addresses of keys to encrypt reports with (RFC 9116 2.5.4)."""
    policy: str | None = None
    """https:// address of the vulnerability disclosure policy (RFC 9116 2.5.7)."""
    acknowledgments: str | None = None
    """https:// address of the page thanking reporters (RFC 9116 2.5.1)."""
    preferred_languages: list[Language] = Field(default_factory=list)
    """Languages reports are read in (RFC 9116 2.5.8); the site's languages when empty."""


class Gpc(Strict):
    """/.well-known/gpc.json: the organisation honours Global Privacy Control signals (opt in)."""

    honoured_since: dt.date = Field(strict=False)
    """Date since which the signal is honoured; published as 'lastUpdate'."""


class WellKnown(Strict):
    """Files published under /.well-known/ (RFC 8615)."""

    security_txt: SecurityTxt | None = None
    """/.well-known/security.txt (RFC 9116)."""
    gpc: Gpc | None = None
    """/.well-known/gpc.json, only for an organisation that honours Global Privacy Control."""
