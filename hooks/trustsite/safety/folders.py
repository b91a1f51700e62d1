"""Safety: the folders a build may write, swap and delete, and what a killed build left behind.

A build replaces its site folder as a whole. Pointed at the project itself (`-d .`), at data/ or at a
folder above the project, that replacement would delete the sources; pointed at a folder that is not a
built site (a home folder), it would delete that. Both are refused before anything is written.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

# What a project's sources are: every folder a check reads, and the theme's own customisation.
SOURCE_FOLDERS = ("data", "content", "archive", "documents", "overrides", "translations", "hooks")
SITE_MARKERS = ("index.html", "404.html", "sitemap.xml", "_headers")  # a folder a build wrote has them
STAGING = re.compile(r"^\.(?P<site>.+)\.(?:building|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")


class UnsafeSiteFolder(Exception):
    """The site folder would replace or delete the project's sources, or a folder that is not a site."""


def source_folders(root: Path, extra: list[Path] | None = None) -> list[Path]:
    """The project folder and every folder of it holding sources (resolved), `extra` too (custom_dir, docs_dir)."""
    root = Path(root).resolve()
    return [root, *(root / name for name in SOURCE_FOLDERS), *(Path(p).resolve() for p in extra or [])]


def site_folder_problem(root: Path, site_dir: Path, extra: list[Path] | None = None) -> str | None:
    """Why `site_dir` may not be a build's target, or None. A site inside the project (site/) is normal;
    the project itself, a folder of its sources or anything inside one, or any folder above them is not."""
    target = Path(site_dir).resolve()
    root_resolved = Path(root).resolve()
    for source in source_folders(root, extra):
        shown = "the project folder" if source == root_resolved else f"{_relative(source, root_resolved)}/"
        if target == source:
            return f"{_shown(site_dir)} is {shown}: the build replaces its site folder and would delete the sources"
        if source.is_relative_to(target):
            return (f"{_shown(site_dir)} holds {shown}: the build replaces its site folder and would delete "
                    "the sources")
        if source != root_resolved and target.is_relative_to(source):
            return f"{_shown(site_dir)} lies inside {shown}: the site would be read as sources; build outside it"
    if target.is_dir() and any(target.iterdir()) and not any((target / m).exists() for m in SITE_MARKERS):
        return (f"{_shown(site_dir)} exists and is not a built site (no index.html, 404.html, sitemap.xml or "
                "_headers): the build would replace it; choose an empty or new folder")
    return None


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _shown(path: Path) -> str:
    return Path(path).as_posix()


def staging_prefix(site_dir: Path, kind: str = "building") -> str:
    """The name prefix of this process's staging folder beside the site: `.site.building-<pid>-`."""
    return f".{Path(site_dir).name}.{kind}-{os.getpid()}-"


def process_alive(pid: int) -> bool:
    """Whether a process with this ID runs (its staging folder is in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove what earlier builds of this site that were killed (SIGKILL, power cut) left beside it: staging
    folders whose process no longer runs. Returns what was removed."""
    parent = Path(site_dir).resolve().parent
    removed = []
    if not parent.is_dir():
        return removed
    for entry in parent.iterdir():
        found = STAGING.match(entry.name)
        if found is None or found["site"] != Path(site_dir).name or not entry.is_dir() or entry.is_symlink():
            continue
        if int(found["pid"]) != os.getpid() and not process_alive(int(found["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed
