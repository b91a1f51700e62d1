"""Versions stage: what a released version states stays what it stated. Today's data is presented as the newest
released version (its statement page once in force, the statement export, the trust center); it may differ from
that version's archive only by the version's errata, and an erratum may correct only what was already true.

An erratum corrects a statement about facts: the version said something that was not so when it was published (a
claim without a modelled basis, a wrong country, a wrong sentence). It never changes what readers were promised: a
change of the facts is a new version, released with notice where the change table calls it significant (WP260 rev.01
para 29-31). So every path an erratum corrects is classified by the change engine (changes/classify.py, the rules of
rules/changes.yml); a significant one is refused.

A difference no erratum records is the next version in preparation, the normal state of a project between two
releases: `trustsite check` notes it in one line, a draft build (`trustsite serve`, `trustsite build --draft`)
shows it on pages marked "draft, not released", and only a production build refuses it, because that build would
publish it under the number of a version that never said it (site/plugin.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from trustsite.errors import Problem, did_you_mean, format_path
from trustsite.model.files import DATA_FILE_BY_KEY, DATA_FILES, Project, Unreleased
from trustsite.load.cache import Caches
from trustsite.load.archive import ARCHIVE_DIR, STATEMENT_PAGE, archived_ids, version_order

STATEMENT_SOURCE = f"content/{STATEMENT_PAGE}.md"  # how an erratum names the statement's prose (every language)
VERSIONED_KEYS = tuple(spec.key for spec in DATA_FILES if spec.versioned)
# Fields of a versioned file that no version states: the organisation's own change policy (never published), the
# channel for customers' objections to sub-processor changes, and a sub-processor's address, contact and scopes (the
# trust center's records under the processing agreement, e.g. Annex III of the 2021 clauses).
UNVERSIONED_FIELDS = {"organisation": ("change_rules", "subprocessor_objections"),
                      "subprocessors": ("address", "contact", "scopes")}
_SEGMENT = re.compile(r'\["([^"]+)"\]|\[(\d+)\]|([^.\[\]]+)')
# facts of a correction that no difference in the data shows (the archived text of an older version said something
# its data did not hold): prose counts as substantive; other rules decide by the field alone
_TEXT_FACTS = {"text": "substantive"}


def newest_archived(root: Path, project: Project) -> str | None:
    """The newest version of data/versions.yml that is archived: the version today's data is presented as."""
    archived = set(archived_ids(root))
    found = [vid for vid in version_order(project.versions) if vid in archived]
    return found[-1] if found else None


def change_path(change: Any) -> str:
    """Where a change lies, as an erratum names it: 'purposes.newsletter.legal_basis', 'content/privacy/index.md'."""
    if change.entity == "page":
        return f"content/{change.id}.md"
    key = _file_key(change.entity)
    spec = DATA_FILE_BY_KEY[key]
    prefix = format_path([key, change.id] if spec.collection else [key])
    if not change.field:
        return prefix
    return prefix + (change.field if change.field.startswith("[") else "." + change.field)


def covers(corrected: str, path: str) -> bool:
    """Whether an erratum's path covers a change's path (itself, or something inside it)."""
    return path == corrected or path.startswith(corrected + ".") or path.startswith(corrected + "[")


def _file_key(entity: str) -> str:
    from trustsite.changes.diff import ENTITY_NAMES

    return next(key for key, name in ENTITY_NAMES.items() if name == entity)


def _synthetic_changes(path: str) -> list[Any]:
    """The changes a correction of `path` could be, when no difference in the data shows it (worst facts)."""
    from trustsite.changes.diff import ENTITY_NAMES, Change

    if path == STATEMENT_SOURCE:
        return [Change("page", STATEMENT_PAGE, "changed", "", facts={"text": "substantive"})]
    segments = [next(g for g in m.groups() if g is not None) for m in _SEGMENT.finditer(path)]
    key, rest = segments[0], segments[1:]
    spec = DATA_FILE_BY_KEY[key]
    entry_id = rest.pop(0) if spec.collection and rest else ""
    parts: list[str | int] = [int(s) if s.isdigit() else s for s in rest]
    field = format_path(parts)
    return [Change(ENTITY_NAMES[key], entry_id, action, field, facts=_TEXT_FACTS)
            for action in ("added", "changed", "removed")]


def _as_released(root: Path, vid: str) -> bool:
    """Whether today's files of what a version states (the versioned data files, the statement's pages in every
    language) are byte for byte those archive/<vid>/ holds, by its manifest's SHA-256 digests: then nothing
    differs, and neither the archive nor a diff has to be read (the check of a released project, as in CI)."""
    from trustsite.load.archive import archive_path, read_manifest, sha256

    try:
        listed = read_manifest(archive_path(root, vid)).files
    except (OSError, ValueError, KeyError, TypeError):
        return False  # the archive's own check reports it; the full comparison says what it can
    statement = f"content/{STATEMENT_PAGE}"
    names = {f"data/{DATA_FILE_BY_KEY[key].name}" for key in VERSIONED_KEYS}
    names |= {name for name in listed if name.startswith(statement + ".") and name.endswith(".md")}
    names |= {path.relative_to(root).as_posix() for path in (root / "content" / Path(STATEMENT_PAGE).parent).glob(
        f"{Path(STATEMENT_PAGE).name}.*md") if path.is_file()}
    for name in names:
        path = root / name
        if listed.get(name) != (sha256(path) if path.is_file() else None):
            return False
    return True


def _drift(root: Path, project: Project, vid: str, head: Project | None = None) -> list[Any]:
    """The classified differences between the archive of `vid` and `head` (default: today's data), in what a
    version states."""
    from trustsite.changes.report import classify
    from trustsite.versions.pages import load_archived

    if head is None and _as_released(root, vid):
        return []
    archived = load_archived(root, vid)
    if archived is None:
        raise ValueError(f"{ARCHIVE_DIR}/{vid} cannot be read as a project")
    decisions = classify(archived, head if head is not None else project)  # no sentence: a note says what() only
    versioned = {_entity(key) for key in VERSIONED_KEYS}
    unversioned = {_entity(key): fields for key, fields in UNVERSIONED_FIELDS.items()}
    return [d for d in decisions
            if (d.change.entity == "page" and d.change.id == STATEMENT_PAGE)
            or (d.change.entity in versioned
                and not d.change.field.split(".", 1)[0].split("[", 1)[0] in unversioned.get(d.change.entity, ()))]


def _entity(key: str) -> str:
    from trustsite.changes.diff import ENTITY_NAMES

    return ENTITY_NAMES[key]


def check_errata(root: Path, project: Project) -> tuple[list[Problem], Unreleased | None]:
    """Every erratum names what a version states and is no significant change (errors); and what today's data holds
    that the newest archived version does not and no erratum of it records (the next version in preparation: not
    an error here, see site/plugin.py for the build that refuses it)."""
    from trustsite.changes.classify import classify_change

    located = project.located["versions"]
    newest = newest_archived(root, project)
    try:
        drift = _drift(root, project, newest) if newest is not None else []
    except ValueError as exc:
        return [Problem(f"{ARCHIVE_DIR}/{newest}", 0, 0, "", f"{exc}; restore it from git")], None
    overrides = project.organisation.change_rules
    problems: list[Problem] = []
    covered: set[int] = set()
    for vid, version in project.versions.items():
        for i, erratum in enumerate(version.errata):
            for j, corrected in enumerate(erratum.corrects):
                where = ("versions", vid, "errata", i, "corrects", j)
                unknown = _unknown_path(corrected)
                if unknown:
                    problems.append(located.problem(where, unknown))
                    continue
                real = [n for n, d in enumerate(drift) if vid == newest and covers(corrected, change_path(d.change))]
                covered.update(real)
                decisions = [drift[n] for n in real]
                if not decisions:  # an older version, or a correction of its text alone: the field decides
                    decisions = [classify_change(c, overrides) for c in _synthetic_changes(corrected)]
                significant = [d for d in decisions if d.level == "significant"]
                if significant:
                    problems.append(located.problem(where, _significant_message(vid, significant[0])))
    unreleased = tuple(_drift_problem(newest, d) for n, d in enumerate(drift) if n not in covered)
    return problems, Unreleased(newest, unreleased) if unreleased and newest is not None else None


def unreleased_note(unreleased: Unreleased) -> Problem:
    """The one line `trustsite check` prints about unreleased changes: editing after a release is how the next
    version is prepared, so it is a note, never an error or a warning."""
    vid, count = unreleased.version, len(unreleased.problems)
    first = unreleased.problems[0]
    where = first.file + (f":{first.line}" if first.line else "")
    changes = f"{count} change{'s' if count != 1 else ''}"
    return Problem("data/versions.yml", 0, 0, "",
                   f"not released yet: {changes} since version {vid} ({ARCHIVE_DIR}/{vid}/), the first in {where};"
                   f" 'trustsite build' refuses to publish {'it' if count == 1 else 'them'} as version {vid}: run"
                   f" 'trustsite release' to make the next version, or record an erratum of version {vid} in"
                   f" data/versions.yml for what corrects it; 'trustsite serve' and 'trustsite build --draft' show a"
                   f" draft", severity="info")


def _unknown_path(corrected: str) -> str:
    """Why a path names nothing a version states ('' when it does)."""
    if corrected == STATEMENT_SOURCE:
        return ""
    first = corrected.split(".", 1)[0].split("[", 1)[0]
    if first in VERSIONED_KEYS and (corrected == first or DATA_FILE_BY_KEY[first].collection is False
                                     or corrected[len(first):].startswith((".", "["))):
        return ""
    choices = [*VERSIONED_KEYS, STATEMENT_SOURCE]
    return (f"'{corrected}' is not something a version states{did_you_mean(first, choices)}; an erratum corrects a data"
            f" path of {', '.join(f'data/{DATA_FILE_BY_KEY[k].name}' for k in VERSIONED_KEYS)} (as check reports"
            f" it, e.g. 'subprocessors.hosting.safeguards') or the statement's prose, '{STATEMENT_SOURCE}'")


def _significant_message(vid: str, decision: Any) -> str:
    return (f"an erratum corrects what version {vid} said about facts that were already true; this correction is a"
            f" significant change (rule {decision.rule.id}: {decision.rule.reason}), which readers must be told of"
            f" before it takes effect: release a new version instead ('trustsite release')")


def _drift_problem(vid: str, decision: Any) -> Problem:
    from trustsite.changes.report import what

    change = decision.change
    path = change_path(change)
    file = change.file if change.action != "removed" else f"{ARCHIVE_DIR}/{vid}/{change.file}"
    return Problem(file, change.line, change.column or (1 if change.line else 0), path if change.entity != "page" else "",
                   f"differs from version {vid} as released ({ARCHIVE_DIR}/{vid}/): {what(decision)}; the site"
                   f" would present it as version {vid}: release a new version ('trustsite release'), or, if this"
                   f" corrects a statement about facts that were already true, record an erratum of version {vid} in"
                   f" data/versions.yml that corrects '{path}'")


def errata_of(project: Project, vid: str) -> list[Any]:
    """A version's errata, oldest first (as shown on its page)."""
    return sorted(project.versions[vid].errata, key=lambda e: e.date)


def check_released_project(root: Path, today: dt.date | None = None,
                           cache: Caches | None = None) -> tuple[Project | None, list[Problem]]:
    """check_project, then the errata and today's data against the newest released version: the check of `trustsite
    check` and of every build. What differs and no erratum records is `project.unreleased`, with one note among
    the problems (check_errata says why it is no error here). `cache`: the caches of the run (load/cache.py)."""
    from trustsite.clock import build_date
    from trustsite.project import check_project, inputs_key

    # the digest of every input keys both caches: computed once (it reads the archive and every page)
    inputs = inputs_key(root, today if today is not None else build_date(), True, True) \
        if cache is not None and cache.disk is not None else None
    project, problems = check_project(root, today, cache=cache, inputs=inputs)
    if project is None:
        return None, problems
    errata_problems, project.unreleased = _checked_errata(root, project, inputs, cache)
    if any(p.severity == "error" for p in errata_problems):
        return None, sorted([*problems, *errata_problems])
    if project.unreleased is not None:  # the next version in preparation: a note, not an error
        errata_problems.append(unreleased_note(project.unreleased))
    return project, sorted([*problems, *errata_problems])


ERRATA_CACHE = "errata"  # below the parse cache folder: check_errata of the last few states of a project


def _checked_errata(root: Path, project: Project, inputs: bytes | None,
                    cache: Caches | None) -> tuple[list[Problem], Unreleased | None]:
    """check_errata, kept in the parse cache by every input of the check (`inputs`, project.py inputs_key; reading
    the archive as a project and comparing it with today's data took 0.4 s of a 1.1 s check of the example)."""
    import hashlib

    if cache is None or cache.disk is None or inputs is None:
        problems, unreleased = check_errata(root, project)
        return list(problems), unreleased
    key = hashlib.sha256(b"errata 1" + inputs)
    problems, unreleased = cache.remembered(ERRATA_CACHE, 4, key.digest(), lambda: check_errata(root, project))
    return list(problems), unreleased
