"""Validate stage: the archive is a legal record — every released version is there, unchanged, in one chain.

Three anchors, each checked by `trustsite check`:
- every file of archive/<id>/ matches the SHA-256 in its manifest.json (nothing added, changed or removed);
- the SHA-256 of each manifest.json is recorded in data/versions.yml at release (manifest_sha256), so a
  file edited together with its hash in the manifest no longer matches what was recorded;
- each manifest names the version released before it and that version's manifest SHA-256 (previous), so
  the versions form one chain from the first: a version removed, inserted or rewritten breaks a link.
A version listed in data/versions.yml without its archive is reported too: its text must stay readable as
it was published (GDPR Art. 5(2), accountability; Art. 13(3): readers are told of changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trustsite.errors import Problem
from trustsite.load.archive import (
    MANIFEST,
    Manifest,
    archive_display,
    archive_path,
    archived_ids,
    files_below,
    manifest_digest,
    read_manifest,
    sha256,
)
from trustsite.load.yamlsrc import Located
from trustsite.model.organisation import Version

SEAL = "run 'trustsite seal' once for versions released before trustsite sealed its archive"
RESTORE = "a published version cannot change: restore archive/{vid}/ from git"


@dataclass
class ArchivedVersion:
    """An archived version as found on disk."""

    vid: str
    manifest: Manifest
    digest: str  # SHA-256 of its manifest.json


def _version_problem(located: Located | None, vid: str, field: str | None, message: str) -> Problem:
    path: tuple[str, ...] = ("versions", vid, field) if field else ("versions", vid)
    if located is None:
        return Problem("data/versions.yml", 0, 0, "", message)
    return located.problem(path, message, key=field is None)


def read_archived(root: Path, problems: list[Problem]) -> dict[str, ArchivedVersion]:
    """Every archived version whose manifest can be read, after checking its files against it."""
    found: dict[str, ArchivedVersion] = {}
    for vid in archived_ids(root):
        folder = archive_path(root, vid)
        where = archive_display(vid, MANIFEST)
        try:
            manifest = read_manifest(folder)
        except FileNotFoundError:
            problems.append(Problem(where, 0, 0, "", "missing: an archived version needs its manifest; archive "
                                    "versions with 'trustsite release'"))
            continue
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(Problem(where, 0, 0, "", f"unreadable manifest: {exc}"))
            continue
        if manifest.version != vid:
            problems.append(Problem(where, 0, 0, "", f"names version '{manifest.version}' but lies in {archive_display(vid)}/"))
        present = set(files_below(folder))
        for rel, digest in sorted(manifest.files.items()):
            if rel not in present:
                problems.append(Problem(archive_display(vid, rel), 0, 0, "", "missing, but listed in the manifest; "
                                        "a published version cannot change: restore it from git"))
            elif sha256(folder / rel) != digest:
                problems.append(Problem(archive_display(vid, rel), 0, 0, "", "the file does not match the manifest; a published "
                                        "version cannot change: restore it from git and release a new version instead"))
        for rel in sorted(present - set(manifest.files)):
            problems.append(Problem(archive_display(vid, rel), 0, 0, "", "not in the manifest; a published version cannot "
                                    "change: remove the file"))
        found[vid] = ArchivedVersion(vid, manifest, manifest_digest(root, vid))
    return found


def check_archive(root: Path, versions: dict[str, Version], located: Located | None = None) -> list[Problem]:
    """Every archived file matches its manifest, every manifest its recorded digest and its place in the chain,
    and every version of data/versions.yml is archived (and the other way round)."""
    problems: list[Problem] = []
    archived = read_archived(root, problems)
    on_disk = set(archived_ids(root))
    for vid, version in versions.items():
        if vid not in on_disk:
            problems.append(_version_problem(located, vid, None, f"no archive: {archive_display(vid)}/ is missing; a released "
                                             f"version must stay readable as it was published: restore {archive_display(vid)}/ "
                                             "from git (versions are recorded by 'trustsite release')"))
        elif vid in archived:
            recorded = version.manifest_sha256
            if recorded is None:
                problems.append(_version_problem(located, vid, None, f"the SHA-256 of {archive_display(vid, MANIFEST)} is not "
                                                 f"recorded (manifest_sha256); {SEAL}"))
            elif recorded != archived[vid].digest:
                problems.append(_version_problem(
                    located, vid, "manifest_sha256",
                    f"{archive_display(vid, MANIFEST)} does not match the SHA-256 recorded at release ({recorded[:12]}..., now "
                    f"{archived[vid].digest[:12]}...): the archived version was changed after release; "
                    + RESTORE.format(vid=vid)))
    for vid in sorted(on_disk - set(versions)):
        problems.append(Problem(archive_display(vid), 0, 0, "", f"version '{vid}' is archived but missing from data/versions.yml;"
                                " if a release was interrupted, remove this folder and release again"))
    problems.extend(check_chain(archived))
    return problems


def check_chain(archived: dict[str, ArchivedVersion]) -> list[Problem]:
    """One chain from the first version: each manifest names the version before it with that manifest's
    digest, no two name the same one, and every archived version is reached from the first."""
    problems: list[Problem] = []
    firsts = sorted(vid for vid, read in archived.items() if read.manifest.chained and read.manifest.previous is None)
    followers: dict[str, str] = {}
    for vid, read in sorted(archived.items()):
        where = archive_display(vid, MANIFEST)
        manifest = read.manifest
        if not manifest.chained:
            problems.append(Problem(where, 0, 0, "previous", f"not chained to the version released before it; {SEAL}"))
            continue
        link = manifest.previous
        if link is None:
            if len(firsts) > 1 and vid != firsts[0]:
                problems.append(Problem(where, 0, 0, "previous", f"names no previous version, but {archive_display(firsts[0])} "
                                        "is the first version already: the chain of versions is broken; "
                                        + RESTORE.format(vid=vid)))
            continue
        if link.version not in archived:
            problems.append(Problem(where, 0, 0, "previous", f"names version '{link.version}' as the previous one, "
                                    f"but {archive_display(link.version)}/ is not archived: the chain of versions is broken; "
                                    f"restore {archive_display(link.version)}/ from git"))
            continue
        if archived[link.version].digest != link.sha256:
            problems.append(Problem(where, 0, 0, "previous", f"names version '{link.version}' with SHA-256 "
                                    f"{link.sha256[:12]}..., but {archive_display(link.version, MANIFEST)} has "
                                    f"{archived[link.version].digest[:12]}...: the chain of versions is broken; "
                                    + RESTORE.format(vid=link.version)))
        if link.version in followers:
            problems.append(Problem(where, 0, 0, "previous", f"names version '{link.version}' as the previous one, as "
                                    f"{archive_display(followers[link.version], MANIFEST)} does: the chain of versions forks"))
            continue
        followers[link.version] = vid
    if not problems and archived:
        reached = _walk(firsts[0] if firsts else None, followers)
        for vid in sorted(set(archived) - reached):
            problems.append(Problem(archive_display(vid, MANIFEST), 0, 0, "previous", "not reached from the first version: the "
                                    "chain of versions is a loop; " + RESTORE.format(vid=vid)))
    return problems


def _walk(first: str | None, followers: dict[str, str]) -> set[str]:
    reached: set[str] = set()
    current = first
    while current is not None and current not in reached:
        reached.add(current)
        current = followers.get(current)
    return reached
