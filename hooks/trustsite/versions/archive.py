"""Versions stage: the archive of released versions — layout, manifest, writing and integrity.

archive/<id>/data/*.yml and archive/<id>/content/** are exact copies of the project at release (so
the diff engine loads an archived version like any project folder), archive/<id>/statement/<lang>.md
is the privacy statement with every directive expanded, as MkDocs renders it, and
archive/<id>/manifest.json holds the SHA-256 of every other file and the SHA-256 of the previous
version's manifest (a chain); data/versions.yml records the SHA-256 of each version's manifest. A
published version cannot be edited, removed or re-hashed without `trustsite check` saying so
(versions/integrity.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trustsite.model.files import Project
from trustsite.model.organisation import Version
from trustsite.safety.folders import staging_prefix

ARCHIVE_DIR = "archive"
MANIFEST = "manifest.json"
STATEMENT_DIR = "statement"
STATEMENT_PAGE = "privacy/index"  # the content page that is the privacy statement (content/privacy/index.md)
FROZEN_DIRS = ("data", "content")  # copied as they are, so that load_state() reads an archived version


def archive_root(root: Path) -> Path:
    return Path(root) / ARCHIVE_DIR


def archive_path(root: Path, vid: str) -> Path:
    return archive_root(root) / vid


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


def _files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST)


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


def render_statements(project: Project, vid: str, overrides: Path, today: dt.date) -> dict[str, str]:
    """The statement page of every language with every directive expanded, rendered as version `vid`."""
    from trustsite.render.context import RenderContext
    from trustsite.render.directives import expand_directives

    out = {}
    for language in project.languages:
        page = project.content.get(STATEMENT_PAGE, language)
        if page is None:
            raise ValueError(f"content/{STATEMENT_PAGE}.md has no '{language}' version")
        ctx = RenderContext(project, language, today, overrides=overrides, version_id=vid)
        out[language] = expand_directives(page.text, ctx)
    return out


def stage_archive(root: Path, source: Path, vid: str, released: dt.date, versions_yml: str, overrides: Path,
                  previous: Link | None) -> Path:
    """Freeze `source`'s data/ and content/ (with `versions_yml` as data/versions.yml) as a staging folder in
    archive/ (a hidden name that no check reads) and return it; `trustsite release` renames it into place.
    A failure or a stop request removes the staging folder."""
    from trustsite.project import check_project
    from trustsite.errors import ProjectError

    target = archive_path(root, vid)
    if target.exists():
        raise FileExistsError(f"{ARCHIVE_DIR}/{vid} already exists")
    archive_root(root).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=staging_prefix(Path(vid), "release"), dir=archive_root(root)))
    try:
        for name in FROZEN_DIRS:
            shutil.copytree(Path(source) / name, tmp / name)
        (tmp / "data" / "versions.yml").write_text(versions_yml, encoding="utf-8", newline="")
        project, problems = check_project(tmp, released, expiry=False, files=False)
        if project is None:
            raise ProjectError(problems)
        statement = tmp / STATEMENT_DIR
        statement.mkdir()
        # rendered as of the day the version takes effect: what starts before then is current in the statement
        as_of = max(released, project.versions[vid].effective)
        for language, text in render_statements(project, vid, overrides, as_of).items():
            (statement / f"{language}.md").write_text(text, encoding="utf-8", newline="")
        manifest = Manifest(vid, released, {rel: sha256(tmp / rel) for rel in _files_below(tmp)}, previous)
        (tmp / MANIFEST).write_text(manifest.as_json(), encoding="utf-8", newline="")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


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
