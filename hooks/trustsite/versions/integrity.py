"""Versions stage: the archive is a legal record — every released version is there, unchanged, in one chain.

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

import hashlib
from dataclasses import dataclass
from pathlib import Path

from trustsite.errors import Problem
from trustsite.load.yamlsrc import Located
from trustsite.model.organisation import Version
from trustsite.versions.archive import (
    ARCHIVE_DIR,
    MANIFEST,
    Link,
    Manifest,
    _files_below,
    archive_path,
    archived_ids,
    read_manifest,
    sha256,
)

SEAL = "run 'trustsite seal' once for versions released before trustsite sealed its archive"
RESTORE = "a published version cannot change: restore archive/{vid}/ from git"


@dataclass
class _Read:
    """An archived version as found on disk."""

    vid: str
    manifest: Manifest
    digest: str  # SHA-256 of its manifest.json


def manifest_digest(root: Path, vid: str) -> str:
    return hashlib.sha256((archive_path(root, vid) / MANIFEST).read_bytes()).hexdigest()


def _where(vid: str, rel: str = "") -> str:
    return f"{ARCHIVE_DIR}/{vid}/{rel}" if rel else f"{ARCHIVE_DIR}/{vid}"


def _version_problem(located: Located | None, vid: str, field: str | None, message: str) -> Problem:
    path: tuple[str, ...] = ("versions", vid, field) if field else ("versions", vid)
    if located is None:
        return Problem("data/versions.yml", 0, 0, "", message)
    return located.problem(path, message, key=field is None)


def _read_all(root: Path, problems: list[Problem]) -> dict[str, _Read]:
    """Every archived version whose manifest can be read, after checking its files against it."""
    found: dict[str, _Read] = {}
    for vid in archived_ids(root):
        folder = archive_path(root, vid)
        where = _where(vid, MANIFEST)
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
            problems.append(Problem(where, 0, 0, "", f"names version '{manifest.version}' but lies in {_where(vid)}/"))
        present = set(_files_below(folder))
        for rel, digest in sorted(manifest.files.items()):
            if rel not in present:
                problems.append(Problem(_where(vid, rel), 0, 0, "", "missing, but listed in the manifest; "
                                        "a published version cannot change: restore it from git"))
            elif sha256(folder / rel) != digest:
                problems.append(Problem(_where(vid, rel), 0, 0, "", "the file does not match the manifest; a published "
                                        "version cannot change: restore it from git and release a new version instead"))
        for rel in sorted(present - set(manifest.files)):
            problems.append(Problem(_where(vid, rel), 0, 0, "", "not in the manifest; a published version cannot "
                                    "change: remove the file"))
        found[vid] = _Read(vid, manifest, manifest_digest(root, vid))
    return found


def check_archive(root: Path, versions: dict[str, Version], located: Located | None = None) -> list[Problem]:
    """Every archived file matches its manifest, every manifest its recorded digest and its place in the chain,
    and every version of data/versions.yml is archived (and the other way round)."""
    problems: list[Problem] = []
    archived = _read_all(root, problems)
    on_disk = set(archived_ids(root))
    for vid, version in versions.items():
        if vid not in on_disk:
            problems.append(_version_problem(located, vid, None, f"no archive: {_where(vid)}/ is missing; a released "
                                             f"version must stay readable as it was published: restore {_where(vid)}/ "
                                             "from git (versions are recorded by 'trustsite release')"))
        elif vid in archived:
            recorded = version.manifest_sha256
            if recorded is None:
                problems.append(_version_problem(located, vid, None, f"the SHA-256 of {_where(vid, MANIFEST)} is not "
                                                 f"recorded (manifest_sha256); {SEAL}"))
            elif recorded != archived[vid].digest:
                problems.append(_version_problem(
                    located, vid, "manifest_sha256",
                    f"{_where(vid, MANIFEST)} does not match the SHA-256 recorded at release ({recorded[:12]}..., now "
                    f"{archived[vid].digest[:12]}...): the archived version was changed after release; "
                    + RESTORE.format(vid=vid)))
    for vid in sorted(on_disk - set(versions)):
        problems.append(Problem(_where(vid), 0, 0, "", f"version '{vid}' is archived but missing from data/versions.yml;"
                                " if a release was interrupted, remove this folder and release again"))
    problems.extend(check_chain(archived))
    return problems


def check_chain(archived: dict[str, _Read]) -> list[Problem]:
    """One chain from the first version: each manifest names the version before it with that manifest's
    digest, no two name the same one, and every archived version is reached from the first."""
    problems: list[Problem] = []
    firsts = sorted(vid for vid, read in archived.items() if read.manifest.chained and read.manifest.previous is None)
    followers: dict[str, str] = {}
    for vid, read in sorted(archived.items()):
        where = _where(vid, MANIFEST)
        manifest = read.manifest
        if not manifest.chained:
            problems.append(Problem(where, 0, 0, "previous", f"not chained to the version released before it; {SEAL}"))
            continue
        link = manifest.previous
        if link is None:
            if len(firsts) > 1 and vid != firsts[0]:
                problems.append(Problem(where, 0, 0, "previous", f"names no previous version, but {_where(firsts[0])} "
                                        "is the first version already: the chain of versions is broken; "
                                        + RESTORE.format(vid=vid)))
            continue
        if link.version not in archived:
            problems.append(Problem(where, 0, 0, "previous", f"names version '{link.version}' as the previous one, "
                                    f"but {_where(link.version)}/ is not archived: the chain of versions is broken; "
                                    f"restore {_where(link.version)}/ from git"))
            continue
        if archived[link.version].digest != link.sha256:
            problems.append(Problem(where, 0, 0, "previous", f"names version '{link.version}' with SHA-256 "
                                    f"{link.sha256[:12]}..., but {_where(link.version, MANIFEST)} has "
                                    f"{archived[link.version].digest[:12]}...: the chain of versions is broken; "
                                    + RESTORE.format(vid=link.version)))
        if link.version in followers:
            problems.append(Problem(where, 0, 0, "previous", f"names version '{link.version}' as the previous one, as "
                                    f"{_where(followers[link.version], MANIFEST)} does: the chain of versions forks"))
            continue
        followers[link.version] = vid
    if not problems and archived:
        reached = _walk(firsts[0] if firsts else None, followers)
        for vid in sorted(set(archived) - reached):
            problems.append(Problem(_where(vid, MANIFEST), 0, 0, "previous", "not reached from the first version: the "
                                    "chain of versions is a loop; " + RESTORE.format(vid=vid)))
    return problems


def _walk(first: str | None, followers: dict[str, str]) -> set[str]:
    reached: set[str] = set()
    current = first
    while current is not None and current not in reached:
        reached.add(current)
        current = followers.get(current)
    return reached


def chain_head(root: Path) -> Link | None:
    """The last released version (no manifest names it as its previous one) and its manifest's SHA-256: what a
    new release is chained to. None for an empty archive."""
    named = set()
    manifests = {}
    for vid in archived_ids(root):
        manifest = read_manifest(archive_path(root, vid))
        manifests[vid] = manifest
        if manifest.previous is not None:
            named.add(manifest.previous.version)
    heads = sorted(set(manifests) - named, key=lambda v: (manifests[v].released, v))
    if not heads:
        return None
    return Link(heads[-1], manifest_digest(root, heads[-1]))


class SealRefused(Exception):
    """The archive cannot be sealed as it stands; the message says why. Nothing was written."""


def seal_archive(root: Path) -> list[str]:
    """Chain the manifests of versions released before trustsite chained them, and record the SHA-256 of every
    manifest that data/versions.yml does not record yet, oldest release first. Never changes a link or a digest
    that is already there, and refuses an archive whose files do not match their manifests. Returns what it did."""
    from trustsite.load.yamlsrc import read_yaml
    from trustsite.safety.signals import signals_held

    root = Path(root)
    problems: list[Problem] = []
    archived = _read_all(root, problems)
    if problems:
        raise SealRefused("the archive does not match its manifests; restore it from git first:\n"
                          + "\n".join(p.format() for p in problems))
    versions_path = root / "data" / "versions.yml"
    located, parse_problems = read_yaml(versions_path, "data/versions.yml")
    if located is None or parse_problems or not isinstance(located.data, dict) \
            or not isinstance(located.data.get("versions"), dict):
        raise SealRefused("data/versions.yml cannot be read; run 'trustsite check'")
    entries = located.data["versions"]
    order = sorted(archived, key=lambda vid: (archived[vid].manifest.released, vid))
    done: list[str] = []
    manifests: dict[str, str] = {}  # vid -> new manifest.json text
    digests: dict[str, str] = {}
    previous: Link | None = None
    for vid in order:
        manifest = archived[vid].manifest
        recorded = (entries.get(vid) or {}).get("manifest_sha256") if isinstance(entries.get(vid), dict) else None
        if not manifest.chained:
            if recorded is not None:
                raise SealRefused(f"{_where(vid, MANIFEST)} is not chained, but its SHA-256 is recorded already: "
                                  "restore the archive from git")
            manifest = Manifest(manifest.version, manifest.released, manifest.files, previous)
            manifests[vid] = manifest.as_json()
            digest = hashlib.sha256(manifests[vid].encode("utf-8")).hexdigest()
            done.append(f"chained {_where(vid, MANIFEST)} to {previous.version if previous else 'nothing (first version)'}")
        else:
            digest = archived[vid].digest
        if vid in entries and recorded is None:
            digests[vid] = digest
            done.append(f"recorded the SHA-256 of {_where(vid, MANIFEST)} in data/versions.yml")
        previous = Link(vid, digest)
    if not done:
        return []
    text = versions_path.read_text(encoding="utf-8")
    for vid in sorted(digests, key=lambda v: -located.position(("versions", v), key=True)[0]):
        text = _insert_digest(text, located.position(("versions", vid), key=True)[0], vid, digests[vid])
    writes = {archive_path(root, vid) / MANIFEST: manifest_text for vid, manifest_text in manifests.items()}
    if digests:
        writes[versions_path] = text
    staged = {path: _stage(path, content) for path, content in writes.items()}
    with signals_held():  # every file is written already: only renames remain, all or none
        for path, tmp in staged.items():
            tmp.replace(path)
    return done


def _insert_digest(text: str, key_line: int, vid: str, digest: str) -> str:
    """Insert `manifest_sha256: <digest>` as the first line of the block entry whose key is on `key_line`."""
    lines = text.splitlines(keepends=True)
    key = lines[key_line - 1]
    body = next((line for line in lines[key_line:] if line.strip() and not line.lstrip().startswith("#")), "")
    indent = body[: len(body) - len(body.lstrip())]
    if not key.rstrip().endswith(":") or len(indent) <= len(key) - len(key.lstrip()):
        raise SealRefused(f"data/versions.yml:{key_line}: write version '{vid}' as an indented block (one field a "
                          "line) so that its digest can be added")
    lines.insert(key_line, f"{indent}manifest_sha256: {digest}\n")
    return "".join(lines)


def _stage(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.seal")
    tmp.write_text(text, encoding="utf-8", newline="")
    return tmp
