"""Change stage: the two states to compare — a directory, the working tree, or a git ref."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from trustsite.errors import Problem
from trustsite.load.archive import ARCHIVE_DIR
from trustsite.model.files import Project
from trustsite.load.cache import Caches
from trustsite.project import check_project
from trustsite.safety.links import tar_links_leaving

STATE_PATHS = ("data", "content", "documents", "translations")  # what a state consists of (documents: files data/documents.yml names; translations: staleness records)
MAIN_BRANCHES = ("main", "origin/main", "master", "origin/master")


class StateError(Exception):
    """A state cannot be read: not a directory, not a git ref, not a repository (a usage error)."""


@dataclass
class State:
    label: str  # as shown in reports: a ref name with its short hash, or a path
    project: Project | None
    problems: list[Problem] = field(default_factory=list)


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise StateError("git is not installed; compare two directories instead") from None
    if done.returncode != 0:
        raise StateError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout


def resolve_commit(repo: Path, ref: str) -> str:
    return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()


def committed_file(repo: Path, ref: str, path: str) -> str:
    """A file's text as committed in `ref` (StateError when there is no repository, ref or file)."""
    return _git(repo, "show", f"{ref}:{path}").decode("utf-8")


def default_base(repo: Path) -> str:
    """The merge base of HEAD with the main branch: what is published, before this branch's changes."""
    for branch in MAIN_BRANCHES:
        try:
            resolve_commit(repo, branch)
        except StateError:
            continue
        return _git(repo, "merge-base", "HEAD", branch).decode().strip()
    raise StateError(f"no main branch found ({', '.join(MAIN_BRANCHES)}); name the base explicitly")


@dataclass(frozen=True)
class Base:
    """What a diff compares with when no BASE is named, and how the report names it."""

    spec: str
    label: str


def published_base(root: Path, today: dt.date) -> Base | None:
    """The version this organisation has published: the archived version in force on `today` (else the latest
    archived one), as frozen in archive/<id>/ when it was released; None when nothing is archived yet."""
    try:
        data = yaml.load((root / "data" / "versions.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    versions = data.get("versions") if isinstance(data, dict) else None
    if not isinstance(versions, dict):
        return None
    archived = []
    for vid, version in versions.items():
        folder = root / ARCHIVE_DIR / str(vid)
        effective = _date(version.get("effective")) if isinstance(version, dict) else None
        if effective is not None and (folder / "data").is_dir() and not folder.is_symlink():
            archived.append((effective, str(vid), folder))
    if not archived:
        return None
    in_force = [row for row in archived if row[0] <= today]
    effective, vid, folder = max(in_force or archived)
    state = "in force since" if in_force else "latest archived, in force from"
    return Base(str(folder), f"version {vid} as published ({state} {effective.isoformat()}, {ARCHIVE_DIR}/{vid})")


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def default_base_for(root: Path, today: dt.date) -> Base:
    """Without BASE, a diff compares with what this organisation published (published_base); a project that
    has archived nothing yet compares with the merge base of HEAD with its main branch."""
    published = published_base(root, today)
    if published is not None:
        return published
    commit = default_base(root)
    return Base(commit, f"merge base with the main branch ({commit[:12]}; nothing is archived yet)")


def _extract(repo: Path, commit: str, target: Path) -> list[Problem]:
    listed = _git(repo, "ls-tree", "--name-only", commit).decode().split("\n")
    present = [p for p in STATE_PATHS if p in listed]
    if "data" not in present:
        raise StateError(f"{commit[:12]} has no data/ folder")
    archive = _git(repo, "archive", "--format=tar", commit, *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members, leaving = tar_links_leaving(tar, "")  # a link out of the state is reported, never extracted
        tar.extractall(target, members=members, filter="data")
    return [Problem(p.file.lstrip(":"), 0, 0, "", p.message) for p in leaving]


def load_state(spec: str | None, root: Path, cache: Caches | None = None) -> State:
    """None: the working tree at root; an existing directory; otherwise a git ref in root's repository.
    `cache`: the caches of the run (a diff reads two states that share most files)."""
    if spec is None:
        project, problems = check_project(root, expiry=False, files=False, cache=cache)
        return State(f"working tree ({root.as_posix()})", project, problems)
    path = Path(spec)
    if path.is_dir() and (path / "data").is_dir():  # an archived version is read as the record it is
        project, problems = check_project(path, expiry=False, files=False, archived=(path / "manifest.json").is_file(),
                                          cache=cache)
        return State(path.as_posix(), project, problems)
    try:
        commit = resolve_commit(root, spec)
    except StateError:
        raise StateError(f"'{spec}' is neither a project directory (with data/) nor a git ref in {root.as_posix()}") from None
    with tempfile.TemporaryDirectory(prefix="trustsite-state-") as tmp:
        leaving = _extract(root, commit, Path(tmp))
        project, problems = check_project(Path(tmp), expiry=False, files=False, cache=cache)
        if leaving:
            project, problems = None, sorted({*problems, *leaving})
        label = spec if spec.startswith(commit[:7]) else f"{spec} ({commit[:12]})"
        problems = [_relabel(p, label) for p in problems]
        if project is not None:
            project.root = root  # the temporary copy is gone after this; keep paths meaningful
        return State(label, project, problems)


def _relabel(problem: Problem, label: str) -> Problem:
    """Problems of a git state name the ref, so nobody looks for them in the working tree."""
    return Problem(f"{label}:{problem.file}", problem.line, problem.column, problem.path, problem.message,
                   problem.severity)
