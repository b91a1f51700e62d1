"""Load stage: a content-addressed cache of parsed data files, shared by check, diff and builds.

Parsing YAML dominates every command on large organisations (0.8 s for 5,000 sub-processors,
mostly libyaml building nodes). A file whose bytes were parsed before is read back from a pickle
of its plain values instead; positions for messages are recomputed from the bytes only when a
message needs one. Only files that parsed without a problem are stored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# bump when the parsed form changes (booleans, tags, value types), so old entries are never read
FORMAT = 2  # bumped when parsing changes what a file yields (2: aliases and deep nesting refused)
CACHE_DIR_NAME = ".trustsite_cache"
KEEP = 1024  # entries (parsed files, compiled templates); the oldest are removed beyond this


class ParseCache:
    """The store on disk: values by the digest of what they were computed from, one pickle each."""

    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep
        self.tag = f"v{FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"

    def below(self, name: str, keep: int) -> ParseCache:
        """A cache of its own in a subfolder, pruned to its own number of entries."""
        return ParseCache(self.folder / name, keep)

    def _path(self, digest: bytes) -> Path:
        return self.folder / f"{digest.hex()}-{self.tag}.pickle"

    def has(self, digest: bytes) -> bool:
        return self._path(digest).is_file()

    def get(self, digest: bytes) -> Any | None:
        try:
            with open(self._path(digest), "rb") as f:
                return pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return None  # missing or damaged: parse again

    def put(self, digest: bytes, data: Any) -> None:
        """Keep `data` under `digest`. Where that fails, nothing is kept and the next run computes it again:
        a read-only checkout still works, only slower, and so does a value that cannot be pickled."""
        tmp: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker = self.folder / "CACHEDIR.TAG"
            if not marker.exists():  # backup tools skip it; git ignores it
                marker.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# trustsite parse cache\n")
                (self.folder / ".gitignore").write_text("*\n")
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._path(digest))  # atomic: a parallel reader never sees half a file
            tmp = None
            self._prune()
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass
        finally:
            if tmp is not None:  # pickling failed halfway: no partial file is left behind
                Path(tmp).unlink(missing_ok=True)

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-self.keep]:
            old.unlink(missing_ok=True)


class Memo:
    """Values kept in memory while one run lasts, the newest `size`, and at most `per_group` of one group
    (the versions of one file: an editor saving one large file again and again must not fill memory)."""

    def __init__(self, size: int, per_group: int) -> None:
        self.size = size
        self.per_group = per_group
        self._values: OrderedDict[tuple[Hashable, Hashable], Any] = OrderedDict()

    def get(self, key: Hashable, group: Hashable, compute: Callable[[], T]) -> T:
        """The value kept under (key, group), or compute() kept there."""
        slot = (key, group)
        if slot in self._values:
            self._values.move_to_end(slot)
            return self._values[slot]
        versions = [k for k in self._values if k[1] == group]
        for stale in versions[:max(0, len(versions) - self.per_group + 1)]:
            del self._values[stale]
        value = self._values[slot] = compute()
        if len(self._values) > self.size:
            self._values.popitem(last=False)
        return value


class Caches:
    """What one run keeps: one command of the command line, or one build (and its further languages).
    Whoever runs a check or a build owns it (the CLI command, the plugin instance) and passes it down;
    nothing of it outlives its owner, so two runs in one process share nothing.

    `disk`: the content-addressed store below `folder` (None: --no-cache, `cache: false`), read by the
    next run too. `parsed`: the parsed data files of this run, by content: `trustsite diff` reads two
    states that share most files (two versions of each file at most: the two states of a diff)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.disk = ParseCache(folder) if folder is not None else None
        self.parsed = Memo(size=64, per_group=2)

    def below(self, kind: str, keep: int) -> ParseCache | None:
        """The store of one kind of result (a subfolder, its own `keep` newest entries), None without a folder."""
        return self.disk.below(kind, keep) if self.disk is not None else None

    def remembered(self, kind: str, keep: int, key: bytes, compute: Callable[[], T],
                   keep_if: Callable[[T], bool] = lambda value: True) -> T:
        """compute(), or its result from an earlier run with the same key (a digest of every input it reads),
        kept in the subfolder `kind` (the newest `keep` results) when keep_if(result). Without a folder: compute()."""
        store = self.below(kind, keep)
        if store is not None:
            found = store.get(key)
            if found is not None:
                return found
        value = compute()
        if store is not None and keep_if(value):
            store.put(key, value)
        return value


def cache_folder(root: Path, enabled: bool = True, folder: Path | None = None) -> Path | None:
    """Where the command line keeps a project's cache, where a build of it keeps it too (docs/pages/cli.md):
    none when not `enabled` (--no-cache) or with the plugin's `cache: false`; else `folder` (--cache-dir), or
    the plugin's `cache_dir` relative to mkdocs.yml, by default .trustsite_cache/ in the project."""
    from trustsite.load.siteconfig import plugin_options

    if not enabled:
        return None
    if folder is not None:
        return Path(folder)
    options = plugin_options(root)
    if options.get("cache") is False:
        return None
    return root / str(options.get("cache_dir") or CACHE_DIR_NAME)


def add_tree(digest: "hashlib._Hash", folder: Path, read: bool, pattern: str = "*") -> None:
    """Add the files below `folder` (names, and their bytes or, with read=False, size and time stamp) to a digest."""
    files = [p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts] if folder.is_dir() else []
    for path in sorted(files):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if read:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        else:  # the code and large documents: size and time stamp are enough
            stat = path.stat()
            digest.update(f"{stat.st_size} {stat.st_mtime_ns}".encode())
