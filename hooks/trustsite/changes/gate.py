"""Change stage: the notice-period gate — a significant change needs a new version far enough ahead."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trustsite.changes.report import Report
from trustsite.model.files import Project


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str


def new_versions(base: Project, head: Project) -> list[str]:
    """Versions in head that base does not have, latest effective date first."""
    added = [vid for vid in head.versions if vid not in base.versions]
    return sorted(added, key=lambda vid: head.versions[vid].effective, reverse=True)


def announcing_versions(base: Project, head: Project) -> list[str]:
    """The versions that announce this change: new ones, and released ones whose effective date moved;
    latest effective date first."""
    moved = [vid for vid in head.versions
             if vid in base.versions and base.versions[vid].effective != head.versions[vid].effective]
    found = [*new_versions(base, head), *moved]
    return sorted(found, key=lambda vid: head.versions[vid].effective, reverse=True)


def _as_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def promised_too_soon(report: Report, head: Project, earliest: dt.date) -> list[str]:
    """Every promised date a significant change sets sooner than the notice period allows: a date brought
    forward, or the start date of a new entry (a sub-processor's `since`), WP260 paras 30-31, Art. 28(2)."""
    from trustsite.changes.facts import Slot, is_date
    from trustsite.model.base import Promise

    found = []
    for d in report.by_level("significant"):
        c = d.change
        if c.facts.get("promise") == "brought_forward":
            new = _as_date(c.after)
            if new is not None and new < earliest:
                found.append(f"{c.where}: {c.entity} {c.id} {c.field} moved from {c.before} to {c.after}, but readers "
                             f"were told {c.before}; keep it, or set it on or after {earliest.isoformat()}")
        elif c.action == "added" and c.field == "" and isinstance(c.after, dict):
            model = _entry_model(head, c.entity, c.id)
            for name, info in (type(model).model_fields.items() if model is not None else ()):
                slot = Slot.of(c.entity, type(model), name, info)
                value = getattr(model, name)
                if is_date(slot) and slot.marked(Promise) and value < earliest:
                    found.append(f"{c.where}: new {c.entity} {c.id} starts on {value.isoformat()} ({name}); "
                                 f"set it on or after {earliest.isoformat()} so that readers can object first")
    return found


def _entry_model(head: Project, entity: str, entry_id: str) -> object | None:
    from trustsite.changes.diff import ENTITY_NAMES

    key = next((k for k, v in ENTITY_NAMES.items() if v == entity), None)
    table = getattr(head, key, None) if key else None
    return table.get(entry_id) if isinstance(table, dict) else None


def check_notice_period(report: Report, base: Project, head: Project, today: dt.date) -> Verdict:
    """GDPR Art. 13(3), WP260 paras 30-31: tell people before a significant change takes effect, and keep
    every date they were promised."""
    if report.level != "significant":
        return Verdict(True, f"ok: no significant change ({report.level}); no notice period applies")
    days = head.organisation.notice_period_days
    earliest = today + dt.timedelta(days=days)
    count = len(report.by_level("significant"))
    notice = f"{days} days' notice from {today.isoformat()}, notice_period_days in data/organisation.yml"
    too_soon = promised_too_soon(report, head, earliest)
    if too_soon:
        return Verdict(False, "\n".join([f"blocked: {len(too_soon)} promised date(s) inside the notice period ({notice}):",
                                          *(f"  {line}" for line in too_soon)]))
    added = announcing_versions(base, head)
    if not added:
        return Verdict(False, (
            f"blocked: {count} significant change(s) but no new version in data/versions.yml; add one whose "
            f"effective date is on or after {earliest.isoformat()} ({notice})"))
    vid = added[0]
    effective = head.versions[vid].effective
    if effective < earliest:
        return Verdict(False, (
            f"blocked: version {vid} takes effect on {effective.isoformat()}, {(effective - today).days} days "
            f"after {today.isoformat()}; {count} significant change(s) need {days} days' notice: set its effective "
            f"date to {earliest.isoformat()} or later in data/versions.yml"))
    return Verdict(True, (
        f"ok: {count} significant change(s) take effect with version {vid} on {effective.isoformat()}, "
        f"{(effective - today).days} days after {today.isoformat()} (notice period {days} days)"))


def check_translations_reached(report: Report, head: Project) -> str:
    """A significant change must reach readers in every language (WP260 para 13): no stale translation."""
    if report.level != "significant":
        return ""
    from trustsite.validate.translations import check_translations

    stale = check_translations(head)
    if not stale:
        return ""
    lines = [f"blocked: {len(stale)} translation(s) are stale, and a significant change must reach readers in every"
             " language; update them and record them with 'trustsite translations mark':"]
    lines += [f"  {p.file}:{p.line}: {p.path} ({p.message.split(' ')[1]})" for p in stale]
    return "\n".join(lines)


def check_subprocessor_notice(base: Project, head: Project, today: dt.date) -> Verdict:
    """GDPR Art. 28(2): each new or rescheduled sub-processor change is announced no earlier than today (a change
    cannot be announced in the past) and takes effect only after its objection deadline: the announcement plus
    the notice period the data processing agreement promises (notice_period_days, or the change's own longer one)."""
    from trustsite.model.lifecycle import Timeline, notice_days

    blocked = []
    for cid, change in head.subprocessor_changes.items():
        old = base.subprocessor_changes.get(cid)
        if old is not None and (old.announced, old.date, old.notice_period_days) == \
                (change.announced, change.date, change.notice_period_days):
            continue  # published before: its notice was checked when it was added
        if change.date <= today and old is None:
            continue  # a past change recorded after the fact: nothing to announce any more (check verifies its dates)
        days = notice_days(head, change)
        told = max(change.announced or today, today)
        deadline = Timeline(cid, change.model_copy(update={"announced": told}), days).deadline
        if deadline is not None and change.date <= deadline:
            earliest = deadline + dt.timedelta(days=1)
            blocked.append(f"{cid}: takes effect on {change.date.isoformat()}, inside the notice period: customers told"
                           f" on {told.isoformat()} can object until {deadline.isoformat()} ({days} days); set its"
                           f" date to {earliest.isoformat()} or later in data/subprocessor_changes.yml")
    if blocked:
        return Verdict(False, "blocked: sub-processor changes need their notice period (GDPR Art. 28(2)):\n  "
                       + "\n  ".join(blocked))
    return Verdict(True, "ok: every new sub-processor change leaves its notice period")
