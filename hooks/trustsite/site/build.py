"""`trustsite build`: MkDocs' build into a fresh folder that replaces the site only when it succeeded,
optionally with the languages built in parallel processes.

A failed build never replaces a good site: MkDocs writes into a temporary folder beside the target, and
only a build that finished (strict warnings included) is swapped in, atomically where the kernel can
exchange two paths (Linux renameat2), else by two renames a moment apart.

Parallel build (`jobs` > 1): mkdocs-static-i18n builds the default language, then each further language
by running MkDocs' build again over the same site folder; each of those runs writes its language's pages
and rewrites the shared files (theme assets, 404 page, sitemap, search index), so the last language
written wins those. With N jobs, N - 1 worker processes build further languages, from the last one
backwards, each into a folder of its own, while this process builds the default language and then, going
forwards, each further language no worker has taken yet, as the serial build does. When i18n's loop here
reaches a language a worker took, its folder is laid over the site and its search entries and facts are
taken over, in the same order as a serial build. The site is byte-identical to the serial one (a test
compares every file).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound
from mkdocs import utils as mkdocs_utils
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
import mkdocs_static_i18n.plugin as i18n_plugin_module

from trustsite.safety.faults import describe_os_error
from trustsite.safety.folders import remove_stale_staging, site_folder_problem, staging_prefix
from trustsite.safety.signals import signals_held, stop_as_exception
from trustsite.site.plugin import TrustsitePlugin, find_plugin, load_site_config

log = logging.getLogger("mkdocs.plugins.trustsite")


class BuildFailed(Exception):
    """The build did not finish; the message says why (the site, if any, is untouched)."""


@dataclass
class LanguageBuild:
    """What a worker hands back for one language: its folder, its search entries and its facts."""

    language: str
    folder: str
    search_entries: list[dict[str, Any]]
    facts: dict[str, dict[str, str]]
    error: str | None = None


# ---- worker processes ---------------------------------------------------------------------------------

_worker_config: MkDocsConfig | None = None  # a worker process's own configuration (one per process)
_checked_plugin: TrustsitePlugin | None = None  # the plugin of the build that forks the workers


def _worker_start(config_file: str, options: dict[str, Any]) -> None:
    global _worker_config
    _worker_config = load_site_config(Path(config_file), options)
    _worker_config.plugins["i18n"].building = True  # as in i18n's own loop: a nested language build
    if _checked_plugin is not None:  # forked after the check: the worker builds from the same checked project
        find_plugin(_worker_config).adopt(_checked_plugin)


def _build_language(language: str, folder: str) -> LanguageBuild:
    """One further language, built as i18n's loop would build it, into `folder`."""
    config = _worker_config
    assert config is not None, "worker not started"
    i18n = config.plugins["i18n"]
    config["site_dir"] = folder
    i18n.current_language = language
    i18n.i18n_files_per_language.clear()  # its sitemap lists this language only (see _merge_sitemaps)
    plugin = find_plugin(config)
    plugin.facts = type(plugin.facts)()
    first_entry = len(i18n.search_entries)
    clean, mkdocs_utils.clean_directory = mkdocs_utils.clean_directory, lambda path: None
    try:
        mkdocs_build(config, dirty=False)
    except (Abort, PluginError, ConfigurationError, OSError) as exc:
        return LanguageBuild(language, folder, [], {}, error=str(exc) or type(exc).__name__)
    finally:
        mkdocs_utils.clean_directory = clean
    return LanguageBuild(language, folder, list(i18n.search_entries[first_entry:]), plugin.facts.as_dict())


# ---- this process ---------------------------------------------------------------------------------------

def _lay_over(source: Path, target: Path) -> None:
    """Copy a language's folder over the site, as its build would have written into it."""
    for directory, _, names in os.walk(source):
        relative = Path(directory).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(directory) / name, target / relative / name)


SITEMAP = "sitemap.xml"
_URLSET_END = "\n</urlset>"


def _split_sitemap(part: str) -> tuple[str, str]:
    """(everything up to and including the <urlset ...> tag, the <url> entries after it)."""
    head, found, rest = part.partition("<urlset")
    start = rest.find(">") + 1
    if not found or start == 0 or not rest.endswith(_URLSET_END):
        raise Abort("trustsite: the languages' sitemaps do not have mkdocs-static-i18n's layout; build with --jobs 1")
    return head + found + rest[:start], rest[start:-len(_URLSET_END)]


def _merge_sitemaps(parts: list[str]) -> str:
    """One sitemap from each language's: i18n's template lists, language by language in build order,
    the pages of every language built so far, so the serial build's last sitemap is the languages' own
    <url> lists one after the other."""
    split = [_split_sitemap(part) for part in parts]
    if any(opening != split[0][0] for opening, _ in split):
        raise Abort("trustsite: the languages' sitemaps do not have mkdocs-static-i18n's layout; build with --jobs 1")
    return split[0][0] + "".join(body for _, body in split) + _URLSET_END


def _write_sitemap(site: Path, text: str) -> None:
    """sitemap.xml and its gzip copy, stamped with the time MkDocs gave the last one (the build date)."""
    gz = site / (SITEMAP + ".gz")
    mtime = int.from_bytes(gz.read_bytes()[4:8], "little")
    (site / SITEMAP).write_text(text, encoding="utf-8")
    with open(gz, "wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(gz), mode="wb", mtime=mtime) as packed:
        packed.write(text.encode("utf-8"))


class _WorkList:
    """The further languages, shared by i18n's loop in this process (taking them from the front) and the
    workers (fed from the back, one language per idle worker): the two meet where their work is even.
    What the workers have taken is always a tail of the list, so the languages built here come first."""

    def __init__(self, languages: list[str], pool: ProcessPoolExecutor, workers: int, scratch: Path) -> None:
        self.lock = threading.Lock()
        self.free = list(languages)  # taken by nobody yet, in i18n's order
        self.taken: dict[str, Future[LanguageBuild]] = {}
        self.pool, self.workers, self.scratch = pool, workers, scratch

    def start(self) -> None:
        for _ in range(self.workers):
            self._feed()

    def _feed(self, finished: Future[LanguageBuild] | None = None) -> None:
        """Hand the last free language to a worker that is idle (at the start, or as `finished` is done)."""
        with self.lock:
            if not self.free:
                return
            language = self.free.pop()
            try:
                future = self.pool.submit(_build_language, language, str(self.scratch / language))
            except RuntimeError:  # the pool is shutting down: the build has failed here already
                return
            self.taken[language] = future
        future.add_done_callback(self._feed)

    def claim(self, language: str) -> Future[LanguageBuild] | None:
        """The worker's build of `language`, or None when no worker took it and this process builds it."""
        with self.lock:
            if language in self.free:
                self.free.remove(language)
                return None
            return self.taken[language]


class _ParallelLanguages:
    """Stands in for MkDocs' build inside i18n's language loop: builds each language no worker has taken as
    the serial build would, and takes the others from their workers."""

    def __init__(self, work: _WorkList, own_build: Any, last: str) -> None:
        self.work = work
        self.own_build = own_build
        self.last = last
        self.sitemaps: list[str] = []

    def __call__(self, config: MkDocsConfig, dirty: bool = False) -> None:
        i18n = config.plugins["i18n"]
        language = i18n.current_language
        future = self.work.claim(language)
        if future is None:  # before any worker's language: build it here
            self.own_build(config, dirty=dirty)
            return
        site = Path(config.site_dir)
        if not self.sitemaps:  # i18n's sitemap of the languages built here so far (the default's and ours)
            self.sitemaps.append((site / SITEMAP).read_text(encoding="utf-8"))
        try:
            result = future.result()
        except BrokenExecutor as exc:  # a worker died (killed, out of memory): nothing of it is used
            raise Abort(f"trustsite: the process building the '{language}' pages stopped: {exc}") from None
        if result.error is not None:
            raise Abort(f"trustsite: the '{language}' pages could not be built: {result.error}")
        self.sitemaps.append((Path(result.folder) / SITEMAP).read_text(encoding="utf-8"))
        _lay_over(Path(result.folder), site)
        i18n.search_entries.extend(result.search_entries)
        find_plugin(config).facts.absorb(result.facts)
        if language == self.last:  # its sitemap lists every language's pages so far
            _write_sitemap(site, _merge_sitemaps(self.sitemaps))


def _build_into(config_file: Path, folder: Path, jobs: int, options: dict[str, Any]) -> None:
    config = load_site_config(config_file, options, site_dir=str(folder))
    i18n = config.plugins.get("i18n")
    languages = [lang for lang in getattr(i18n, "build_languages", []) if lang != getattr(i18n, "default_language", None)]
    if jobs <= 1 or not languages:
        mkdocs_build(config)
        return
    find_plugin(config).render_jobs = jobs  # the blocks of every language are rendered before the workers start
    _build_in_parallel(config_file, config, i18n, languages, folder, jobs, options)


def _build_in_parallel(config_file: Path, config: MkDocsConfig, i18n: Any, languages: list[str], folder: Path,
                       jobs: int, options: dict[str, Any]) -> None:
    global _checked_plugin
    scratch = Path(tempfile.mkdtemp(prefix=".languages-", dir=folder.parent))
    context = multiprocessing.get_context("fork")  # the workers start with MkDocs and the theme imported
    workers = min(jobs - 1, len(languages))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_worker_start, initargs=(str(config_file), options)) as pool:
        work = _WorkList(languages, pool, workers, scratch)

        plugin = find_plugin(config)

        def start_workers() -> None:  # once this build has found the project valid
            global _checked_plugin
            plugin.checked_listeners.remove(start_workers)
            _checked_plugin = plugin
            work.start()

        plugin.checked_listeners.append(start_workers)
        original = i18n_plugin_module.build
        i18n_plugin_module.build = _ParallelLanguages(work, original, languages[-1])
        try:
            mkdocs_build(config)
        finally:
            _checked_plugin = None
            i18n_plugin_module.build = original
            if start_workers in plugin.checked_listeners:
                plugin.checked_listeners.remove(start_workers)
            pool.shutdown(wait=True, cancel_futures=True)
            shutil.rmtree(scratch, ignore_errors=True)


# ---- swapping the new site in -----------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _swap_in(new: Path, target: Path) -> None:
    """Put the new site in place; the renames run with stop signals held, so a stop request lands before
    (the old site stays) or after (the new site is in place), never between two renames."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise BuildFailed(f"{target} exists and is not a folder; nothing was replaced")
    with signals_held():
        if not target.exists():
            os.rename(new, target)
            return
        if _exchange(new, target):
            swapped = True
        else:
            swapped = False
            old = Path(tempfile.mkdtemp(prefix=staging_prefix(target, "old"), dir=target.parent))
            os.rename(target, old / target.name)
            os.rename(new, target)
    shutil.rmtree(new if swapped else old, ignore_errors=True)  # the old site


def build_site(config_file: Path, site_dir: Path | None = None, jobs: int = 1,
               options: dict[str, Any] | None = None) -> Path:
    """Build the site of `config_file` into `site_dir` (default: mkdocs.yml's site_dir), replacing what is
    there only when the whole build succeeded. Returns the site folder; raises BuildFailed.

    A site folder that would replace the project's sources, or a folder that is not a site, is refused
    before anything is written. What earlier killed builds left beside the site is removed first; a stop
    request (Ctrl-C, SIGTERM) or a system error (a full disk) removes this build's staging folder and
    leaves the published site as it was. `options` are the plugin's options from the command line, set over
    mkdocs.yml's (site/plugin.py load_site_config)."""
    config_file = config_file.resolve()
    options = options or {}
    try:
        config = load_site_config(config_file, options)
    except (Abort, ConfigurationError, PluginError) as exc:
        raise BuildFailed(str(exc)) from None
    site_dir = Path(site_dir if site_dir is not None else config.site_dir).resolve()
    sources = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    unsafe = site_folder_problem(config_file.parent, site_dir, sources)
    if unsafe is not None:
        raise BuildFailed(unsafe)
    try:
        with stop_as_exception():
            return _build_and_swap(config_file, site_dir, jobs, options)
    except TemplateNotFound as exc:  # an OSError to Jinja, but a theme's fault, not the disk's
        raise BuildFailed(f"the theme has no template '{exc.name}'; a theme_dir or custom_dir in mkdocs.yml may be"
                          " missing a file, or a plugin asks for a language the theme does not have") from None
    except OSError as exc:
        raise BuildFailed(describe_os_error(exc, "write the site")) from None


def _build_and_swap(config_file: Path, site_dir: Path, jobs: int, options: dict[str, Any]) -> Path:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site_dir), dir=site_dir.parent))
    try:
        try:
            _build_into(config_file, staging / "site", jobs, options)
        except (Abort, PluginError, ConfigurationError) as exc:
            raise BuildFailed(str(exc)) from None
        _swap_in(staging / "site", site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir
