"""Model stage: where each sub-processor change stands on a given day, and which sub-processors are current.

GDPR Art. 28(2): a processor informs the controller of an intended addition or replacement of a sub-processor,
giving it the opportunity to object. A change is therefore announced first (`announced`), customers can object
until the deadline (the announcement plus the notice period the data processing agreement promises), and it
takes effect (`date`) only after that deadline. Until then the sub-processor it adds is not a current one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from trustsite.model.files import Project
from trustsite.model.transfers import Subprocessor
from trustsite.model.trust import SubprocessorChange

Stage = Literal["unannounced", "upcoming", "in_effect"]


@dataclass(frozen=True)
class Timeline:
    """The dates of one change: when customers are told, until when they can object, when it takes effect."""

    cid: str
    change: SubprocessorChange
    notice_days: int  # the organisation's period, or the change's own longer one

    @property
    def announced(self) -> dt.date:
        """The day customers are told; a change recorded without one was told on the day it took effect."""
        return self.change.announced if self.change.announced is not None else self.change.date

    @property
    def effective(self) -> dt.date:
        return self.change.date

    @property
    def deadline(self) -> dt.date | None:
        """The last day customers can object (GDPR Art. 28(2)); none for a change recorded without an announcement."""
        if self.change.announced is None:
            return None
        return self.change.announced + dt.timedelta(days=self.notice_days)

    def stage(self, today: dt.date) -> Stage:
        if today < self.announced:
            return "unannounced"
        return "upcoming" if today < self.effective else "in_effect"

    def inside_notice_period(self) -> bool:
        """The change takes effect on or before its objection deadline: customers could not object in time."""
        deadline = self.deadline
        return deadline is not None and self.effective <= deadline


def notice_days(project: Project, change: SubprocessorChange) -> int:
    own = change.notice_period_days
    period = project.organisation.notice_period_days
    return own if own is not None and own > period else period


def timelines(project: Project) -> dict[str, Timeline]:
    """Every change's timeline, by change ID, in the order of the data file."""
    return {cid: Timeline(cid, change, notice_days(project, change))
            for cid, change in project.subprocessor_changes.items()}


def upcoming(project: Project, today: dt.date) -> list[Timeline]:
    """Changes announced and not yet in effect, the soonest first (then by ID, for a stable order)."""
    found = [t for t in timelines(project).values() if t.stage(today) == "upcoming"]
    return sorted(found, key=lambda t: (t.effective, t.cid))


def in_effect(project: Project, today: dt.date) -> list[Timeline]:
    """The history: changes in effect, newest first."""
    found = [t for t in timelines(project).values() if t.stage(today) == "in_effect"]
    return sorted(found, key=lambda t: (t.effective, t.cid), reverse=True)


def announced(project: Project, today: dt.date) -> list[Timeline]:
    """Every change customers have been told of (the feed's entries), by announcement date, then ID."""
    found = [t for t in timelines(project).values() if t.stage(today) != "unannounced"]
    return sorted(found, key=lambda t: (t.announced, t.cid))


def pending_removals(project: Project, today: dt.date) -> set[str]:
    """Sub-processors whose removal (or replacement) is announced or planned but not yet in effect."""
    return {t.change.subprocessor for t in timelines(project).values()
            if t.change.change == "removed" and today < t.effective}


def is_current(sub: Subprocessor, today: dt.date) -> bool:
    """A sub-processor is current from its 'since' date (the effective date of its addition) on."""
    return sub.since <= today


def current_subprocessors(project: Project, today: dt.date) -> dict[str, Subprocessor]:
    """The sub-processors customers have authorised on that day: engaged, their addition in effect."""
    return {sid: sub for sid, sub in project.subprocessors.items() if is_current(sub, today)}


def upcoming_subprocessors(project: Project, today: dt.date) -> dict[str, Subprocessor]:
    """Listed sub-processors whose addition is announced but not yet in effect."""
    added = {t.change.subprocessor for t in upcoming(project, today) if t.change.change == "added"}
    return {sid: sub for sid, sub in project.subprocessors.items() if sid in added and not is_current(sub, today)}


def concerns_scope(sub: Subprocessor, scope_id: str, project: Project) -> bool:
    """Whether a sub-processor concerns the customers of a scope: it is limited to that scope, or to no scope of the
    scope's kind (a sub-processor limited to EU hosting does not concern US-hosted customers, but concerns customers
    of every product and feature)."""
    scopes = project.scopes
    kind = scopes[scope_id].kind
    same_kind = [s for s in sub.scopes if s in scopes and scopes[s].kind == kind]
    return not same_kind or scope_id in same_kind


def change_concerns_scope(project: Project, change: SubprocessorChange, scope_id: str) -> bool:
    """A change concerns a scope when its sub-processor (or the one it replaces) does; a removed sub-processor no
    longer listed concerns every scope, as nothing says otherwise."""
    ids = [change.subprocessor, *([change.replaces] if change.replaces else [])]
    listed = [project.subprocessors[i] for i in ids if i in project.subprocessors]
    return not listed or any(concerns_scope(sub, scope_id, project) for sub in listed)
