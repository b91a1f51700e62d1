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
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# bump when the parsed form changes (booleans, tags, value types), so old entries are never read
FORMAT = 2  # bumped when parsing changes what a file yields (2: aliases and deep nesting refused)
CACHE_DIR_NAME = ".trustsite_cache"
KEEP = 1024  # entries (parsed files, compiled templates); the oldest are removed beyond this


class ParseCache:
    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep
        self.tag = f"v{FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"

    def below(self, name: str, keep: int) -> ParseCache:
        """A cache of its own in a subfolder, pruned to its own number of entries."""
        return ParseCache(self.folder / name, keep)

    def _path(self, digest: bytes) -> Path:
        return self.folder / f"{digest.hex()}-{self.tag}.pickle"

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


_active: ParseCache | None = None


def use_cache(folder: Path | None) -> None:
    """Turn the cache on (a folder) or off (None) for this process."""
    global _active
    _active = ParseCache(folder) if folder is not None else None


def cache_folder(root: Path, enabled: bool = True, folder: Path | None = None) -> Path | None:
    """Where the command line keeps a project's cache, where a build of it keeps it too (docs/pages/cli.md):
    none when not `enabled` (--no-cache) or with the plugin's `cache: false`; else `folder` (--cache-dir), or
    the plugin's `cache_dir` relative to mkdocs.yml, by default .trustsite_cache/ in the project.
    (TRUSTSITE_NO_CACHE and TRUSTSITE_CACHE_DIR are still read until the tests and benchmarks pass the options.)"""
    from trustsite.load.siteconfig import plugin_options

    if not enabled or os.environ.get("TRUSTSITE_NO_CACHE"):
        return None
    folder = folder if folder is not None else os.environ.get("TRUSTSITE_CACHE_DIR") or None
    if folder is not None:
        return Path(folder)
    options = plugin_options(root)
    if options.get("cache") is False:
        return None
    return root / str(options.get("cache_dir") or CACHE_DIR_NAME)


def active_cache() -> ParseCache | None:
    if _active is None and os.environ.get("TRUSTSITE_CACHE_DIR"):  # legacy, see cache_folder
        return ParseCache(Path(os.environ["TRUSTSITE_CACHE_DIR"]))
    return _active


def remembered(kind: str, keep: int, key: bytes, compute: Callable[[], T],
               keep_if: Callable[[T], bool] = lambda value: True) -> T:
    """compute(), or its result from an earlier run with the same key (a digest of every input it reads),
    kept in the subfolder `kind` of the active cache (the newest `keep` results) when keep_if(result).
    Without a cache: compute()."""
    cache = active_cache()
    store = cache.below(kind, keep) if cache is not None else None
    if store is not None:
        found = store.get(key)
        if found is not None:
            return found
    value = compute()
    if store is not None and keep_if(value):
        store.put(key, value)
    return value


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
