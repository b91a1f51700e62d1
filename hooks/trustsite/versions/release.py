"""Versions stage: `trustsite release` — classify the working tree against the last archived version,
refuse what the notice period or the data does not allow, then record the version and freeze it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from trustsite.errors import Problem
from trustsite.labels import N_
from trustsite.load.archive import (ARCHIVE_DIR, MANIFEST, archive_path, archive_root, archived_ids, chain_head,
                                    version_order)
from trustsite.model.files import Project
from trustsite.load.cache import Caches
from trustsite.project import check_project
from trustsite.safety.folders import process_alive, staging_prefix
from trustsite.safety.signals import signals_held, stop_as_exception
from trustsite.versions.freeze import stage_archive

VERSIONS_FILE = Path("data") / "versions.yml"
LEVELS = ("significant", "editorial")


class ReleaseRefused(Exception):
    """The version cannot be released; the message says why and what to do. Nothing was written."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Plan:
    vid: str
    published: dt.date
    effective: dt.date
    level: str | None  # None for the first version
    previous: str | None
    summary: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)


def id_key(vid: str) -> tuple[int, ...]:
    """'2026.10' -> (2026, 10): IDs compare by their numbers, so 2026.10 comes after 2026.9."""
    return tuple(int(part) for part in vid.split(".") if part.isdigit())


def next_version_id(taken: list[str], today: dt.date) -> str:
    """'<year>.<n>': the next number in the year of release, or in the latest year an ID already uses, so a
    new ID always sorts after every existing one (never 2026.2 once 2027.1 exists)."""
    keys = [id_key(vid) for vid in taken if re.fullmatch(r"[0-9]{4}\.[0-9]+", vid)]
    year = max([today.year, *(k[0] for k in keys)])
    number = max((k[1] for k in keys if k[0] == year), default=0) + 1
    return f"{year}.{number}"


def check_version_id(vid: str, taken: list[str], today: dt.date) -> None:
    """Refuse an ID that exists, is malformed, or sorts before an existing one (readers and feeds order by ID)."""
    if vid in taken:
        raise ReleaseRefused(f"version '{vid}' already exists in data/versions.yml or {ARCHIVE_DIR}/; "
                             "a released version never changes: choose another ID")
    if not re.fullmatch(r"[0-9]{4}(?:\.[0-9]+)+", vid):
        raise ReleaseRefused(f"expected a version ID such as '{today.year}.1', got '{vid}'")
    later = [t for t in taken if re.fullmatch(r"[0-9]{4}(?:\.[0-9]+)+", t) and id_key(t) > id_key(vid)]
    if later:
        latest = max(later, key=id_key)
        raise ReleaseRefused(f"version '{vid}' sorts before {latest}, which exists; IDs follow the order of "
                             f"release: use {next_version_id(taken, today)} or later")


def _summary(project: Project, base: Project | None, report, level: str | None, overrides: Path) -> dict[str, str]:
    """The summary lines per language, drafted from the diff (the legal team may edit them before merging)."""
    from trustsite.changes.notice import change_sentences, significant_once
    from trustsite.render.localize import localizer_for

    out = {}
    for language in project.languages:
        loc = localizer_for(language, overrides)
        if base is None:
            out[language] = loc.gettext(N_("First version of the privacy statement."))
            continue
        if level == "significant":
            lines = change_sentences(significant_once(report), base, project, language, overrides)
            out[language] = " ".join(lines)
        else:
            out[language] = loc.gettext(N_("Editorial update: the wording changed; the processing of personal data did not."))
    return out


def plan_release(root: Path, effective: dt.date, today: dt.date, vid: str | None = None,
                 level: str | None = None, cache: Caches | None = None) -> tuple[Plan, Project]:
    """What `trustsite release` would record, or ReleaseRefused. Writes nothing."""
    from trustsite.changes.report import compare
    from trustsite.load.siteconfig import overrides_dir

    project, problems = check_project(root, today, cache=cache)  # without the errata check: the differences are what is released
    errors = [p for p in problems if p.severity == "error"]
    if project is None or errors:
        raise ReleaseRefused("the data or content is invalid (trustsite check fails); fix it first", problems)
    archived = archived_ids(root)
    taken = sorted(set(project.versions) | set(archived))
    vid = vid or next_version_id(taken, today)
    check_version_id(vid, taken, today)
    if effective < today:
        raise ReleaseRefused(f"the effective date {effective.isoformat()} is before the release date "
                             f"{today.isoformat()}; a version cannot take effect before it is published")
    archived_known = [v for v in version_order(project.versions) if v in archived]
    previous = archived_known[-1] if archived_known else None
    base = None
    report = None
    counts: dict[str, int] = {}
    overrides = overrides_dir(root)
    if previous is not None:
        base, base_problems = check_project(archive_path(root, previous), expiry=False, files=False, archived=True,
                                            cache=cache)
        if base is None:
            raise ReleaseRefused(f"{ARCHIVE_DIR}/{previous} cannot be read as a project", base_problems)
        # the digests recorded at release are bookkeeping of the archive, not a change to announce
        report = compare(without_digests(base), without_digests(project), f"version {previous}", "working tree",
                         today=today)
        # the record of versions (their errata included) is history, not something a new version states
        report.decisions = [d for d in report.decisions if d.change.entity != "version"]
        counts = report.counts()
        found = report.level
        if found == "none":
            raise ReleaseRefused(f"nothing changed since version {previous}; there is nothing to release")
        if found == "review" and level is None:
            raise ReleaseRefused(f"{counts['review']} change(s) since version {previous} need a person's decision "
                                 "(see 'trustsite diff'); decide, then pass --level significant or --level editorial")
        if level is not None and found == "significant" and level != "significant":
            raise ReleaseRefused(f"the changes since version {previous} are significant; --level {level} cannot lower that")
        level = level or found
        notice = project.organisation.notice_period_days
        earliest = today + dt.timedelta(days=notice)
        if level == "significant" and effective < earliest:
            raise ReleaseRefused(
                f"significant changes since version {previous} need {notice} days' notice: version {vid} can take "
                f"effect on {earliest.isoformat()} at the earliest, not {effective.isoformat()} "
                f"(notice_period_days in data/organisation.yml)")
    else:
        level = None
    latest = version_order(project.versions)[-1] if project.versions else None
    if latest is not None and effective < project.versions[latest].effective:
        raise ReleaseRefused(f"the effective date {effective.isoformat()} is before that of version {latest} "
                             f"({project.versions[latest].effective.isoformat()}); a new version holds every earlier one's "
                             "changes, so it takes effect after them")
    summary = _summary(project, base, report, level, overrides)
    return Plan(vid, today, effective, level, previous, summary, counts), project


def without_digests(project: Project) -> Project:
    """The project with no manifest_sha256 in its versions (an archived copy never holds its own)."""
    versions = {vid: v.model_copy(update={"manifest_sha256": None}) for vid, v in project.versions.items()}
    return dataclasses.replace(project, versions=versions)


class _PlainDumper(yaml.SafeDumper):
    """Never anchors and aliases: the same date as published and effective would be written as `*id001`, which
    data files refuse (load/yamlsrc.py)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def versions_entry(plan: Plan, manifest_sha256: str | None = None) -> str:
    """The YAML of the new entry, appended to data/versions.yml (comments and order above stay as they are)."""
    entry: dict = {"published": plan.published, "effective": plan.effective}
    if plan.level:
        entry["level"] = plan.level
    entry["summary"] = plan.summary
    if manifest_sha256 is not None:
        entry["manifest_sha256"] = manifest_sha256
    text = yaml.dump({plan.vid: entry}, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_style=None)
    text = text.replace(f"{plan.vid}:", f'"{plan.vid}":', 1) if not text.startswith('"') and not text.startswith("'") else text
    return "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())


_EMPTY_VERSIONS = re.compile(r"^versions:[ \t]*\{[ \t]*\}[ \t]*(#.*)?$", re.MULTILINE)


def append_entry(current: str, entry: str) -> str:
    """data/versions.yml with `entry` added; an empty history (`versions: {}`) becomes a block mapping."""
    current = _EMPTY_VERSIONS.sub("versions:", current, count=1).rstrip("\n")
    return current + ("\n" if current.endswith("versions:") else "\n\n") + entry


def release(root: Path, effective: dt.date, today: dt.date, vid: str | None = None,
            level: str | None = None, cache: Caches | None = None) -> Plan:
    """Record the version in data/versions.yml and freeze it as archive/<id>, or refuse and write nothing.

    All or nothing: the archive is staged in a hidden folder of archive/ and the new data/versions.yml in a
    hidden file beside it; both are renamed into place with stop signals held (Ctrl-C, SIGTERM wait until
    both renames are done). A stop request or an error before that removes what was staged."""
    from trustsite.load.siteconfig import overrides_dir

    root = Path(root)
    plan, _ = plan_release(root, effective, today, vid, level, cache)
    path = root / VERSIONS_FILE
    current = path.read_text(encoding="utf-8")
    with stop_as_exception():
        remove_stale_release_staging(root)
        staged = stage_archive(root, root, plan.vid, today, append_entry(current, versions_entry(plan)),
                               overrides_dir(root), previous=chain_head(root))
        staged_versions: Path | None = None
        target = archive_path(root, plan.vid)
        moved = False
        try:
            digest = hashlib.sha256((staged / MANIFEST).read_bytes()).hexdigest()
            fd, name = tempfile.mkstemp(prefix=staging_prefix(path, "release"), dir=path.parent)
            staged_versions = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(append_entry(current, versions_entry(plan, digest)))
            with signals_held():
                os.rename(staged, target)
                moved = True
                os.replace(staged_versions, path)
                staged_versions = None
        except BaseException:
            if moved and staged_versions is not None:  # versions.yml could not be replaced: undo the archive
                shutil.rmtree(target, ignore_errors=True)
            shutil.rmtree(staged, ignore_errors=True)
            if staged_versions is not None:
                staged_versions.unlink(missing_ok=True)
            raise
    return plan


def remove_stale_release_staging(root: Path) -> None:
    """What a release killed outright (SIGKILL, power cut) left: hidden staging folders in archive/ and files
    in data/ of processes that no longer run."""
    for folder in (archive_root(root), Path(root) / VERSIONS_FILE.parent):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            found = RELEASE_STAGING.match(entry.name)
            if found is None or entry.is_symlink() or process_alive(int(found["pid"])):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


RELEASE_STAGING = re.compile(r"^\..+\.release-(?P<pid>\d+)-[A-Za-z0-9_]+$")
