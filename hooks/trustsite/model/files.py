"""Model stage: which data files exist, what each holds, and the validated project as one object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from trustsite.model.base import Id, Strict
from trustsite.model.content import ContentSet
from trustsite.model.organisation import Organisation, Version
from trustsite.model.processing import (
    Cookie,
    DataCategory,
    DataSubject,
    LegalBasis,
    LegalBasisKey,
    Purpose,
    Recipient,
    RetentionRule,
    Right,
    RightKey,
    Source,
)
from trustsite.model.transfers import Authority, Subprocessor
from trustsite.model.trust import (Certification, Document, Scope, SecurityMeasure, SubprocessorChange, Subscriptions,
                                   WellKnown)

class _FileBase(Strict):
    """The wrapper {key: ...} of a data file; its one field is described explicitly."""

    model_config = ConfigDict(use_attribute_docstrings=False)  # reading source for docstrings cost 0.17 s


@dataclass(frozen=True)
class DataFile:
    """One file in data/: its top-level key and the model of what stands under it."""

    name: str
    key: str
    model: type[BaseModel]
    collection: bool = True  # a mapping of ID -> entry
    key_type: Any = Id
    summary: str = ""
    optional: bool = False  # a project without the file has none of what it holds (no scopes, no well-known files)
    # Part of what a released version states (its statement page renders it): today's data may differ from the
    # archive of the newest version only by that version's errata. The history (versions, the change log) and the
    # trust center's own records (security, certifications, documents, scopes, subscriptions, well-known files)
    # change without a new version.
    versioned: bool = True

    @cached_property
    def file_model(self) -> type[BaseModel]:
        """The model of the whole file: {key: entry} or {key: {id: entry}}."""
        value_type = dict[self.key_type, self.model] if self.collection else self.model  # type: ignore[index]
        return create_model(
            f"{self.key.title().replace('_', '')}File",
            __base__=_FileBase,
            __doc__=self.summary,
            **{self.key: (value_type, Field(description=self.summary))},
        )


# Version IDs such as "2026.1" must be quoted in YAML; the pattern is checked in validate/rules.py.
VERSION_KEY = str

DATA_FILES: tuple[DataFile, ...] = (
    DataFile("organisation.yml", "organisation", Organisation, collection=False,
             summary="The controller, its group, contacts, languages and countries served."),
    DataFile("versions.yml", "versions", Version, key_type=VERSION_KEY,
             versioned=False, summary="Every published version of the statement, with its dates."),
    DataFile("legal_bases.yml", "legal_bases", LegalBasis, key_type=LegalBasisKey,
             summary="How each GDPR Art. 6(1) legal basis is explained to readers."),
    DataFile("purposes.yml", "purposes", Purpose, summary="Processing purposes (Art. 13(1)(c))."),
    DataFile("data_categories.yml", "data_categories", DataCategory,
             summary="Categories of personal data (Art. 14(1)(d))."),
    DataFile("data_subjects.yml", "data_subjects", DataSubject, summary="The people whose data is processed."),
    DataFile("sources.yml", "sources", Source, summary="Where personal data comes from (Art. 14(2)(f))."),
    DataFile("retention.yml", "retention", RetentionRule, summary="Retention periods or criteria (Art. 13(2)(a))."),
    DataFile("recipients.yml", "recipients", Recipient, summary="Recipients and categories of recipients (Art. 13(1)(e))."),
    DataFile("rights.yml", "rights", Right, key_type=RightKey,
             summary="The data subject's rights (Art. 15-22, 7(3), 77) and how to exercise them."),
    DataFile("cookies.yml", "cookies", Cookie, summary="Cookies, local storage and web beacons on the website."),
    DataFile("subprocessors.yml", "subprocessors", Subprocessor,
             summary="Sub-processors with their processing and access locations and transfer safeguards."),
    DataFile("authorities.yml", "authorities", Authority,
             summary="Registry of data-protection supervisory authorities."),
    DataFile("subprocessor_changes.yml", "subprocessor_changes", SubprocessorChange,
             versioned=False, summary="The history of changes to the sub-processor list, by stable change ID (also the Atom entry ID)."),
    DataFile("security_measures.yml", "security_measures", SecurityMeasure,
             versioned=False, summary="Technical and organisational security measures (GDPR Art. 32)."),
    DataFile("certifications.yml", "certifications", Certification,
             versioned=False, summary="Certifications and attestations with their validity; an expired one fails the build."),
    DataFile("documents.yml", "documents", Document,
             versioned=False, summary="Documents (data processing agreement, policies, reports) with their versions and who may read them."),
    DataFile("scopes.yml", "scopes", Scope, optional=True, versioned=False,
             summary="Products, regions and features a sub-processor can be limited to; each has its own list and feed."),
    DataFile("subscriptions.yml", "subscriptions", Subscriptions, collection=False, optional=True, versioned=False,
             summary="The mailing-list service readers subscribe to for sub-processor changes and new versions."),
    DataFile("well_known.yml", "well_known", WellKnown, collection=False, optional=True, versioned=False,
             summary="Files published under /.well-known/: security.txt (RFC 9116) and gpc.json (Global Privacy Control)."),
)


def absent_value(spec: DataFile) -> Any:
    """What a project holds for an optional data file it does not have."""
    return {} if spec.collection else None

DATA_FILE_BY_KEY = {f.key: f for f in DATA_FILES}


@dataclass(frozen=True)
class Unreleased:
    """What today's data and statement prose hold that the newest released version (its archive) does not, and no
    erratum of it records: the next version in preparation. Found by versions/errata.py; `check` notes it, a draft
    build marks the pages showing it, a production build refuses it (the site would present it as `version`)."""

    version: str  # the newest archived version, which the site presents today's data as
    problems: tuple[Any, ...]  # errors.Problem, one per difference, located where it was made


@dataclass
class Project:
    """A validated organisation: every data file as models, plus the content pages."""

    root: Path
    organisation: Organisation
    versions: dict[str, Version]
    legal_bases: dict[str, LegalBasis]
    purposes: dict[str, Purpose]
    data_categories: dict[str, DataCategory]
    data_subjects: dict[str, DataSubject]
    sources: dict[str, Source]
    retention: dict[str, RetentionRule]
    recipients: dict[str, Recipient]
    rights: dict[str, Right]
    cookies: dict[str, Cookie]
    subprocessors: dict[str, Subprocessor]
    authorities: dict[str, Authority]
    subprocessor_changes: dict[str, SubprocessorChange]
    security_measures: dict[str, SecurityMeasure]
    certifications: dict[str, Certification]
    documents: dict[str, Document]
    scopes: dict[str, Scope] = field(default_factory=dict)
    subscriptions: Subscriptions | None = None
    well_known: WellKnown | None = None
    content: ContentSet = field(repr=False, default_factory=ContentSet)
    located: dict[str, Any] = field(repr=False, default_factory=dict)  # file key -> Located (positions)
    unreleased: Unreleased | None = field(repr=False, default=None)  # set by project.check_project

    @property
    def languages(self) -> list[str]:
        return self.organisation.languages

    @property
    def default_language(self) -> str:
        return self.organisation.default_language

    def version_in_force(self, today: dt.date) -> tuple[str, Version] | None:
        """The latest version whose effective date has come (the one readers are bound by)."""
        in_force = [(v.effective, v.published, vid, v) for vid, v in self.versions.items() if v.effective <= today]
        if not in_force:
            return None
        _, _, vid, version = max(in_force, key=lambda row: row[:2])
        return vid, version

    def uses_legal_basis(self, basis: str) -> bool:
        return any(basis in p.basis_keys for p in self.purposes.values()) or any(
            c.legal_basis == basis for c in self.cookies.values()
        )

