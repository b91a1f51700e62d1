"""Site layer: `trustsite serve`, a live preview that rebuilds only the languages a save affects.

`mkdocs serve` rebuilds every language on every save (about 6 s for the example's eight). The preview
builds into a fresh folder each time and lays the result over the served one:

- a saved content page (`content/privacy/index.nl.md`) rebuilds only its language;
- any other saved input (data/, archive/, documents/, translations/, the theme folder, mkdocs.yml)
  rebuilds every served language;
- `--lang` limits the served languages; a save in another language rebuilds nothing.

Each rebuild is an ordinary MkDocs build of those languages, so trustsite's hook checks the whole project
(every language's data and content) and renders every block before a page is written, as a build does: an
error is logged and the pages served before stay. Which languages a build makes is set through
mkdocs-static-i18n's public configuration (`build` of each language) and, where the default language is
not among them, the language it starts with (`current_language`, which its own loop sets the same way;
site/build.py's workers depend on it too). What is changed is found by comparing the files' sizes and
times with those of the last build, so no watcher event can be missed or raced.

The search index and sitemap of a build that leaves out the default language are not laid over: they
stay those of the last build of the default language. Memory stays flat over saves: loading a project
freezes its objects for the cyclic collector (project.py paused_gc); the plugin unfreezes them when its
build ends, and each rebuild here collects what the previous build left.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileCreatedEvent, FileDeletedEvent,
                             FileModifiedEvent, FileMovedEvent, FileSystemEventHandler)

from trustsite.site.plugin import load_site_config

log = logging.getLogger("mkdocs.plugins.trustsite")

INPUT_FOLDERS = ("content", "data", "archive", "documents", "translations", "overrides")
SHARED_OF_DEFAULT = ("search", "sitemap.xml", "sitemap.xml.gz")  # written by every build; kept from the default's


class PreviewError(Exception):
    """The preview cannot start (an unknown language, a broken mkdocs.yml); the message says why."""


Snapshot = dict[str, tuple[int, int]]


@dataclass
class Preview:
    """The served site of one project: which languages it serves and the state of its inputs at the last build."""

    config_file: Path
    site_dir: Path
    languages: list[str]  # served, in mkdocs.yml's order
    default: str
    all_languages: list[str]  # configured in mkdocs.yml
    serve_url: str | None = None
    snapshot: Snapshot = field(default_factory=dict)
    on_built: Callable[[list[str], float], None] | None = None  # after each build: the languages, the seconds
    options: dict[str, Any] = field(default_factory=dict)  # the plugin's options from the command line

    @classmethod
    def open(cls, config_file: Path, site_dir: Path, languages: list[str] | None = None,
             options: dict[str, Any] | None = None) -> Preview:
        # a preview shows what is being edited: data not yet released is built as a draft, marked on its pages
        options = {**(options or {}), "draft": True}
        try:
            config = load_site_config(config_file, options)
        except (Abort, ConfigurationError, PluginError) as exc:
            raise PreviewError(str(exc)) from None
        i18n = config.plugins.get("i18n")
        if i18n is None:
            raise PreviewError("mkdocs.yml: the i18n plugin (mkdocs-static-i18n) is required by trustsite")
        configured = [lang.locale for lang in i18n.config.languages]
        default = next(lang.locale for lang in i18n.config.languages if lang.default)
        unknown = [lang for lang in languages or [] if lang not in configured]
        if unknown:
            raise PreviewError(f"not a language of mkdocs.yml: {', '.join(unknown)} (its languages: {', '.join(configured)})")
        served = [lang for lang in configured if not languages or lang in languages]
        return cls(config_file.resolve(), site_dir, served, default, configured, options=dict(options or {}))

    # ---- what a save affects

    def take_changes(self) -> list[str]:
        """The input files added, changed or removed since the last call (paths relative to the project)."""
        now = snapshot_inputs(self.config_file.parent)
        changed = sorted(path for path in now.keys() | self.snapshot.keys() if now.get(path) != self.snapshot.get(path))
        self.snapshot = now
        return changed

    def languages_for(self, changed: list[str]) -> list[str]:
        """The served languages to rebuild after `changed` (paths relative to the project)."""
        affected: set[str] = set()
        for path in changed:
            language = self._page_language(path)
            if language is None:  # data, archive, theme, mkdocs.yml: every page may show it
                return list(self.languages)
            affected.add(language)
        return [lang for lang in self.languages if lang in affected]

    def _page_language(self, path: str) -> str | None:
        parts = Path(path).parts
        if len(parts) < 2 or parts[0] != "content" or not path.endswith(".md"):
            return None
        suffixes = Path(path).name.split(".")
        if len(suffixes) >= 3 and suffixes[-2] in self.all_languages:  # index.nl.md (i18n's suffix structure)
            return suffixes[-2]
        return self.default  # index.md

    # ---- building

    def build(self, languages: list[str]) -> bool:
        """Build `languages` into a fresh folder and lay it over the served site; False when the build
        failed (its message is logged; the pages served before stay)."""
        if not languages:
            return True
        started = time.perf_counter()
        staging = Path(tempfile.mkdtemp(prefix=".preview-", dir=self.site_dir.parent))
        try:
            config = self._config(languages, staging / "site")
            mkdocs_build(config, serve_url=self.serve_url)
            self._lay_over(staging / "site", languages)
        except (Abort, PluginError, ConfigurationError, OSError) as exc:
            log.error(f"trustsite serve: the preview of {', '.join(languages)} was not rebuilt:\n{exc}")
            return False
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            gc.unfreeze()  # see the module docstring: what the last build left is collected now
            gc.collect()
        seconds = time.perf_counter() - started
        log.info(f"trustsite serve: rebuilt {', '.join(languages)} in {seconds:.2f} s")
        if self.on_built is not None:
            self.on_built(languages, seconds)
        return True

    def rebuild(self) -> None:
        """After a save: rebuild what it affects."""
        changed = self.take_changes()
        languages = self.languages_for(changed)
        if changed and not languages:
            log.info(f"trustsite serve: {', '.join(changed)} changed; no served language shows it")
        self.build(languages)

    def _config(self, languages: list[str], site_dir: Path) -> MkDocsConfig:
        config = load_site_config(self.config_file, self.options, site_dir=str(site_dir))
        if self.serve_url is not None:
            config.site_url = self.serve_url
        i18n = config.plugins["i18n"]
        # mkdocs-static-i18n's own switch, set after its validation (which requires the default language) and
        # on the loaded configuration only: trustsite's check of mkdocs.yml reads the file, where every language
        # is built (validate/site_languages.py)
        for lang in i18n.config.languages:
            lang.build = lang.locale in languages
        if self.default not in languages:  # its build starts with the default language otherwise
            i18n.current_language = languages[0]
        return config

    def _lay_over(self, built: Path, languages: list[str]) -> None:
        """Move the build's files over the served site: everything when the default language was built
        (but the search index and sitemap unless every served language was), else the languages' folders."""
        if self.default in languages:
            keep_shared = set(languages) != set(self.languages) and (self.site_dir / "search").exists()
            names = [name for name in os.listdir(built) if not (keep_shared and name in SHARED_OF_DEFAULT)]
        else:  # the language the build started with wrote its 404 page at the root (trustsite's hook puts
            # a further language's beside its pages: site/events.py on_post_template)
            first_not_found = built / "404.html"
            if first_not_found.is_file() and (built / languages[0]).is_dir():
                os.replace(first_not_found, built / languages[0] / "404.html")
            names = list(languages)
        for name in names:
            source = built / name
            if source.is_dir():
                _move_tree(source, self.site_dir / name)
            elif source.exists():
                self.site_dir.mkdir(parents=True, exist_ok=True)
                os.replace(source, self.site_dir / name)


def _move_tree(source: Path, target: Path) -> None:
    """Replace the files of `target` with those of `source` (files only in `target` are removed: a page deleted
    since the last build disappears from the preview too)."""
    built = set()
    for directory, _, names in os.walk(source):
        relative = Path(directory).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(directory) / name, target / relative / name)
            built.add((relative / name).as_posix())
    for directory, _, names in os.walk(target):
        relative = Path(directory).relative_to(target)
        for name in names:
            if (relative / name).as_posix() not in built:
                (Path(directory) / name).unlink()


def snapshot_inputs(root: Path) -> Snapshot:
    """Size and time of every input file of a build (relative path -> (mtime_ns, size))."""
    found: Snapshot = {}
    paths = [root / "mkdocs.yml"]
    for folder in INPUT_FOLDERS:
        if (root / folder).is_dir():
            paths.extend(p for p in (root / folder).rglob("*") if p.is_file())
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return found


CHANGES = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, DirCreatedEvent, DirMovedEvent,
           DirDeletedEvent]  # what a save, a new page or a removed one is to watchdog (not: opened, read, closed)


class SaveWatcher:
    """What tells MkDocs' live-reload server that a file was saved, in place of its polling observer: the system's
    own file events (inotify, FSEvents, ReadDirectoryChangesW, through watchdog's Observer), which report a save at
    once, and MkDocs' polling, which looks every `polling_interval` seconds (on average half of it, plus a scan of
    every watched file, was added to each reload) and still sees the saves a system does not report (network and
    some container mounts, the reason MkDocs polls). Both report most saves; an event is passed on only when its
    file's state (time and size, or absence) differs from the one last passed on for that path, so a save starts
    one rebuild and reloads the browser once. Where the system's events cannot be had (its limit of watches
    reached), polling alone goes on. What a rebuild builds is decided by Preview.take_changes, not by events."""

    def __init__(self, polling_interval: float) -> None:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        self.polling = PollingObserver(timeout=polling_interval)
        self.native: Any = Observer()
        self._passed: dict[str, tuple[int, int] | None] = {}  # path -> its state when last passed on
        self._lock = threading.Lock()

    def schedule(self, handler: Any, path: str, recursive: bool = True) -> tuple[Any, Any]:
        once = _PassedOnce(handler, self)
        native = None
        if self.native is not None:
            try:  # changes only: a build opens and reads hundreds of the watched files, which are events too
                native = self.native.schedule(once, path, recursive=recursive, event_filter=CHANGES)
            except OSError as exc:
                self._without_system_events(exc)
        return self.polling.schedule(once, path, recursive=recursive, event_filter=CHANGES), native

    def unschedule(self, watches: tuple[Any, Any]) -> None:
        polling, native = watches
        self.polling.unschedule(polling)
        if native is not None and self.native is not None:
            self.native.unschedule(native)

    def start(self) -> None:
        self.polling.start()
        if self.native is not None:
            try:
                self.native.start()
            except OSError as exc:  # inotify's limits of watches and instances are met when it starts
                self._without_system_events(exc)

    def _without_system_events(self, exc: OSError) -> None:
        """Polling alone from here on: it still sees every save, a little later."""
        log.info(f"trustsite serve: no file events from the system ({exc}); polling every {self.polling.timeout} s")
        if self.native.is_alive():
            self.native.stop()
        self.native = None

    def stop(self) -> None:
        for observer in (self.polling, self.native):
            if observer is not None and observer.is_alive():
                observer.stop()

    def join(self) -> None:
        for observer in (self.polling, self.native):
            if observer is not None and observer.is_alive():
                observer.join()

    def is_new(self, event: Any) -> bool:
        """Whether the event shows a state of its file not passed on yet (and records it)."""
        states = {}
        for path in {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")} - {""}:
            try:
                stat = os.stat(path)
                states[path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                states[path] = None
        with self._lock:
            new = any(path not in self._passed or self._passed[path] != state for path, state in states.items())
            self._passed.update(states)
        return new


class _PassedOnce(FileSystemEventHandler):
    """A watchdog event handler that passes an event on to MkDocs' handler only when SaveWatcher.is_new."""

    def __init__(self, handler: Any, watcher: SaveWatcher) -> None:
        super().__init__()
        self.handler = handler
        self.watcher = watcher

    def dispatch(self, event: Any) -> None:
        if event.is_directory or self.watcher.is_new(event):
            self.handler.dispatch(event)


def serve_preview(config_file: Path, languages: list[str] | None = None, dev_addr: str = "127.0.0.1:8000",
                  *, polling_interval: float = 0.25, on_built: Callable[[list[str], float], None] | None = None,
                  options: dict[str, Any] | None = None) -> None:
    """Serve a live preview of the project of `config_file` until interrupted (see the module docstring)."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise PreviewError(f"--dev-addr: expected HOST:PORT such as 127.0.0.1:8000, got '{dev_addr}'")
    site_dir = Path(tempfile.mkdtemp(prefix="trustsite-serve-"))
    try:
        preview = Preview.open(config_file, site_dir / "site", languages, options)
        preview.on_built = on_built
        first = load_site_config(preview.config_file, preview.options)
        mount_path = urlsplit(first.site_url or "/").path
        preview.serve_url = f"http://{host}:{port}{mount_path}"
        first.plugins.on_startup(command="serve", dirty=False)
        preview.take_changes()
        if not preview.build(preview.languages):
            raise PreviewError("the first build failed; fix the errors above and start again")
        server = LiveReloadServer(builder=preview.rebuild, host=host, port=int(port), root=str(preview.site_dir),
                                  mount_path=mount_path, polling_interval=polling_interval)
        server.observer = SaveWatcher(polling_interval)  # before watch(): see SaveWatcher
        server.watch(str(preview.config_file))
        for folder in INPUT_FOLDERS:
            if (preview.config_file.parent / folder).is_dir():
                server.watch(str(preview.config_file.parent / folder))
        start = preview.languages[0] if preview.default not in preview.languages else ""
        log.info(f"trustsite serve: serving {', '.join(preview.languages)} at {preview.serve_url}"
                 f"{start + '/' if start else ''}")
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
            first.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)

