"""Safety: nothing outside the project reaches the site or the checks.

A symbolic link in data/, content/ or documents/ that points outside the project (to /etc/passwd, to a
home folder) would be read as data or copied into the public site by MkDocs, which follows links. Such a
link is a located error and is never read; so is anything that is not a plain file or folder (a FIFO
would block the build forever, a device would be read as a page). Links that stay inside the project
are allowed: the file they name is the project's own.

A hard link is a second name of the same file, and nothing says where the other names are:
`documents/terms.pdf` may be `/etc/shadow` under another name. So a file with more than one name on disk
(st_nlink > 1) is refused and never read, wherever its other names are. Git never checks files out as hard
links, so a project from a repository has none; strict is cheap here.
"""

from __future__ import annotations

import os
import stat
import tarfile
from pathlib import Path, PurePosixPath

from trustsite.errors import Problem

# Folders whose files are read or published; archive/ holds released versions, translations/ the records of
# what was translated from which source.
SCANNED = ("data", "content", "documents", "archive", "translations")
LEAVES = "is a link to {target}, outside the project; nothing outside the project may be read or published: " \
         "copy the file into the project instead of linking to it"
NOT_A_FILE = "is not a regular file or folder ({kind}); only files and folders can be read or published"
HARD_LINK = "is a hard link (the file has {names} names on disk); another name may be a file outside the project, " \
            "so it is never read or published: replace it with a copy (cp --no-preserve=links)"


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, lies within `root` (itself followed)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def readable_inside(path: Path, root: Path) -> bool:
    """A file that may be read: it stays inside the project once links are followed, and is a regular file."""
    if not inside(path, root):
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(status.st_mode) and status.st_nlink == 1


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "a special file"


def scan_folder(root: Path, name: str, folder: Path | None = None) -> list[Problem]:
    """Every link leaving the project, dangling link and special file below `folder` (default root/name),
    named from the project root. Links to folders inside the project are followed, once each."""
    root = Path(root)
    top = folder if folder is not None else root / name
    if not top.exists() and not top.is_symlink():
        return []
    real_root = os.path.realpath(root)
    problems: list[Problem] = []
    seen: set[str] = set()
    # each path with its real path where that is known without asking the disk: an entry that is not a link, in a
    # folder whose real path is known, is that folder's real path and its name (realpath looks at every component
    # of every path: a tenth of a 5,000-sub-processor check, for an archive of 600 files)
    pending: list[tuple[Path, str | None]] = [(top, None)]
    while pending:
        current, real = pending.pop()
        shown = _shown(current, root)
        if real is None:
            real = os.path.realpath(current)
        if not Path(real).is_relative_to(real_root):
            problems.append(Problem(shown, 0, 0, "", LEAVES.format(target=real)))
            continue
        try:
            status = os.stat(current)
            mode = status.st_mode
        except FileNotFoundError:
            problems.append(Problem(shown, 0, 0, "", f"is a link to {os.readlink(current)}, which does not exist"))
            continue
        except OSError as exc:
            problems.append(Problem(shown, 0, 0, "", f"cannot be read: {exc.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            if real in seen:
                continue
            seen.add(real)
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError as exc:
                problems.append(Problem(shown + "/", 0, 0, "", f"cannot read this folder: {exc.strerror}; "
                                        "give the build read access to it"))
                continue
            pending.extend((Path(entry.path), None if entry.is_symlink() else os.path.join(real, entry.name))
                           for entry in reversed(entries))
        elif not stat.S_ISREG(mode):
            problems.append(Problem(shown, 0, 0, "", NOT_A_FILE.format(kind=_kind(mode))))
        elif status.st_nlink > 1:
            problems.append(Problem(shown, 0, 0, "", HARD_LINK.format(names=status.st_nlink)))
    return problems


def scan_project(root: Path, extra: list[Path] | None = None) -> list[Problem]:
    """The folders every check reads or publishes, and `extra` ones (the theme's custom_dir)."""
    problems: list[Problem] = []
    for name in SCANNED:
        problems.extend(scan_folder(root, name))
    for folder in extra or []:
        problems.extend(scan_folder(root, "", folder))
    return sorted(set(problems))


def _shown(path: Path, root: Path) -> str:
    """The path as a message names it: below the project folder, without following links."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def tar_links_leaving(tar: tarfile.TarFile, label: str) -> tuple[list[tarfile.TarInfo], list[Problem]]:
    """The members of a git state's tar that may be extracted, and a located problem for each link that
    leaves the state (absolute, or climbing above it) and each special file; those are never extracted."""
    kept: list[tarfile.TarInfo] = []
    problems: list[Problem] = []
    for member in tar.getmembers():
        where = f"{label}:{member.name}"
        if member.issym() or member.islnk():
            target = member.linkname
            resolved = PurePosixPath(member.name).parent / target if member.issym() else PurePosixPath(target)
            if PurePosixPath(target).is_absolute() or _climbs_out(resolved):
                problems.append(Problem(where, 0, 0, "", LEAVES.format(target=target)))
                continue
        elif not (member.isfile() or member.isdir()):
            problems.append(Problem(where, 0, 0, "", NOT_A_FILE.format(kind="a special file")))
            continue
        kept.append(member)
    return kept, problems


def _climbs_out(path: PurePosixPath) -> bool:
    depth = 0
    for part in path.parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False
