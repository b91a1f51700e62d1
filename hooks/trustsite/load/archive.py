"""Load stage: the archive of released versions as it lies on disk — its layout, which versions it holds, in
which order, their statements and manifests. Writing a version is versions/freeze.py's part, checking the
archive validate/archive.py's.

archive/<id>/data/*.yml and archive/<id>/content/** are exact copies of the project at release (so
the diff engine loads an archived version like any project folder), archive/<id>/statement/<lang>.md
is the privacy statement with every directive expanded, as MkDocs renders it, and
archive/<id>/manifest.json holds the SHA-256 of every other file and the SHA-256 of the previous
version's manifest (a chain); data/versions.yml records the SHA-256 of each version's manifest. A
published version cannot be edited, removed or re-hashed without `trustsite check` saying so
(validate/archive.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from trustsite.model.organisation import Version

ARCHIVE_DIR = "archive"
MANIFEST = "manifest.json"
STATEMENT_DIR = "statement"
STATEMENT_PAGE = "privacy/index"  # the content page that is the privacy statement (content/privacy/index.md)
FROZEN_DIRS = ("data", "content")  # copied as they are, so that load_state() reads an archived version


def archive_root(root: Path) -> Path:
    return Path(root) / ARCHIVE_DIR


def archive_path(root: Path, vid: str) -> Path:
    return archive_root(root) / vid


def archive_display(vid: str, rel: str = "") -> str:
    """archive/<vid>/<rel> as a message names it."""
    return f"{ARCHIVE_DIR}/{vid}/{rel}" if rel else f"{ARCHIVE_DIR}/{vid}"


def archived_ids(root: Path) -> list[str]:
    """IDs of the archived versions (folders of archive/), unordered."""
    folder = archive_root(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def version_order(versions: dict[str, Version]) -> list[str]:
    """Version IDs oldest first: by effective date, then published date, then ID."""
    return sorted(versions, key=lambda vid: (versions[vid].effective, versions[vid].published, vid))


def previous_version(versions: dict[str, Version], vid: str, among: list[str] | None = None) -> str | None:
    """The version before `vid` (optionally only among `among`, e.g. the archived ones)."""
    order = [v for v in version_order(versions) if among is None or v in among or v == vid]
    at = order.index(vid)
    return order[at - 1] if at else None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST)


def manifest_digest(root: Path, vid: str) -> str:
    return hashlib.sha256((archive_path(root, vid) / MANIFEST).read_bytes()).hexdigest()


def read_statement(root: Path, vid: str, language: str) -> str:
    return (archive_path(root, vid) / STATEMENT_DIR / f"{language}.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Link:
    """Where a manifest is chained to: the version released before it and the SHA-256 of that version's
    manifest.json, so that rewriting an earlier version breaks every later link."""

    version: str
    sha256: str


@dataclass(frozen=True)
class Manifest:
    version: str
    released: dt.date
    files: dict[str, str]  # path relative to archive/<id>/ -> sha256
    previous: Link | None = None  # None for the first version
    chained: bool = True  # False for a manifest written before manifests were chained (no "previous" key)

    def as_json(self) -> str:
        previous = {"version": self.previous.version, "sha256": self.previous.sha256} if self.previous else None
        doc = {"version": self.version, "released": self.released.isoformat(), "previous": previous,
               "files": self.files}
        return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def read_manifest(folder: Path) -> Manifest:
    """The manifest of an archived version; ValueError, KeyError or TypeError when it is malformed."""
    doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    previous = doc.get("previous")
    link = Link(str(previous["version"]), str(previous["sha256"])) if previous is not None else None
    files = doc["files"]
    if not isinstance(files, dict):
        raise TypeError("'files' is not a mapping")
    return Manifest(str(doc["version"]), dt.date.fromisoformat(doc["released"]), dict(files), link,
                    chained="previous" in doc)


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
