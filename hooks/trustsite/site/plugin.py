"""Site layer: the MkDocs plugin. Event handlers only; each delegates to the stages below. The site layer is
the only part of trustsite that imports MkDocs.

mkdocs-static-i18n builds every extra language by calling MkDocs' build() again from its own
on_post_build, in one process and on one config object: on_config runs once per build (and again, skipped,
for each nested language build), the page events once per language. The project is therefore checked and
its blocks rendered in the outer on_config, and the pages are rendered for the language the i18n plugin is
building. Everything a build learns lives on the plugin instance: MkDocs makes a new one for every build
(every `mkdocs serve` rebuild loads the configuration again), so nothing survives from one build to the next.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from trustsite.clock import build_date
from trustsite.errors import format_problems
from trustsite.model.exports import BLOCK_ALTERNATES, EXPORT_BY_KEY, export_path
from trustsite.export.write import SiteFacts, data_exports, feed_exports, stub_paths, write_exports
from trustsite.load.cache import Caches
from trustsite.model.files import Project
from trustsite.paths import FRAGMENTS_DIR, LOCALES_DIR
from trustsite.render.context import RenderContext
from trustsite.render.localize import PERMALINK_TITLE
from trustsite.load.directives import block_names
from trustsite.render.expand import expand_directives
from trustsite.render.dryrun import inputs_digest, render_all_blocks
from trustsite.render.templates import theme_templates
from trustsite.render.trust import form_action_origins
from trustsite.site.config import TrustsiteConfig
from trustsite.site.guard import check_build_inputs
from trustsite.site.headers import meta_content_security_policy, write_headers_file
from trustsite.site.inline import check_built_pages
from trustsite.site.mkdocs_config import (add_engine_theme, check_site_config, current_language,
                                          custom_dir, i18n_building, project_root, site_url)
from trustsite.site.sitemaps import write_probed_sitemaps
from trustsite.load.archive import STATEMENT_PAGE
from trustsite.versions.errata import check_released_project
from trustsite.versions.pages import (GeneratedPage, generated_pages, load_archived, render_archived, render_changes,
                                     render_current, render_draft_notice, render_list)

log = logging.getLogger("mkdocs.plugins.trustsite")
EXPORTS_CACHE = "exports"  # below the parse cache folder: data_exports of the last builds
VERSION_PAGES_CACHE = "version-pages"  # and the Markdown of the generated version pages
NOT_FOUND = "404.html"


@dataclass
class BuildState:
    """The checked project of this build and what was rendered from it."""

    project: Project
    today: dt.date
    overrides: Path | None  # the project's theme custom_dir, if it has one
    contexts: dict[str, RenderContext] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # data_exports, written after the build
    digest: bytes = b""  # render.dryrun.inputs_digest of this build
    draft_of: str | None = None  # a draft build of changes since this released version (pages say so)
    cache: Caches = field(default_factory=Caches)  # what this build keeps (load/cache.py), in the plugin's cache_dir

    def context(self, language: str) -> RenderContext:
        if language not in self.contexts:
            self.contexts[language] = RenderContext(self.project, language, self.today, overrides=self.overrides,
                                                    cache=self.cache)
        return self.contexts[language]


@dataclass
class LanguageFacts:
    """What each language's build learns for the exports written at the very end."""

    site_names: dict[str, str] = field(default_factory=dict)  # language -> site name (i18n sets it per build)
    changes_pages: dict[str, str] = field(default_factory=dict)  # language -> URL of the change log page
    exports_pages: dict[str, str] = field(default_factory=dict)  # language -> URL of the page listing the exports
    upcoming_pages: dict[str, str] = field(default_factory=dict)  # language -> URL of the upcoming changes page

    def as_dict(self) -> dict[str, dict[str, str]]:
        """For a parallel build's worker to hand back (site/build.py)."""
        return {"site_names": dict(self.site_names), "changes_pages": dict(self.changes_pages),
                "exports_pages": dict(self.exports_pages), "upcoming_pages": dict(self.upcoming_pages)}

    def absorb(self, facts: dict[str, dict[str, str]]) -> None:
        """Take over what a worker learnt building its language, as if this process had built it."""
        self.site_names.update(facts.get("site_names", {}))
        for language, url in facts.get("changes_pages", {}).items():
            self.changes_pages.setdefault(language, url)
        for language, url in facts.get("exports_pages", {}).items():
            self.exports_pages.setdefault(language, url)
        for language, url in facts.get("upcoming_pages", {}).items():
            self.upcoming_pages.setdefault(language, url)


@dataclass(frozen=True)
class _Alternate:
    """Where a generated page stands in another language (all mkdocs-static-i18n reads of an alternate)."""

    url: str


class _StubLinkFilter(logging.Filter):
    """MkDocs reports links to excluded files at INFO; for the export stubs that note is wrong (they are
    written after the pages). One per plugin instance, attached for the length of its build."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("which is excluded from the built site" in message
                    and any(f"'{path}'" in message for path in self.paths))


class TrustsitePlugin(BasePlugin[TrustsiteConfig]):
    """Checks the project before anything is written, renders the directives per language, adds the
    version pages, writes the exports and headers once every language is built."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.state: BuildState | None = None
        # on_config runs again for every language i18n builds; these facts outlive those runs, so only the
        # outer (default-language) build resets them
        self.facts = LanguageFacts()
        self.render_jobs = 1  # site/build.py sets it from `trustsite build --jobs`
        # called once the outer build has checked the project (site/build.py starts its language workers
        # then, so an invalid project is reported once, by this process, and no worker is started for it)
        self.checked_listeners: list[Callable[[], None]] = []
        self.default_not_found: str | None = None  # the default language's 404 page of this build
        self._stub_filter = _StubLinkFilter()

    # ---- configuration and checks --------------------------------------------------------------------------

    def adopt(self, other: TrustsitePlugin) -> None:
        """Take over another instance's checked project (a parallel build's worker, forked from the process
        that checked it, builds its language with a configuration of its own)."""
        self.state = other.state

    @event_priority(100)  # before Material's search plugin (0), whose on_config renders the theme's language partial:
    # the engine's theme folder (Irish and Maltese interface strings) must be on the theme's path by then
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        # mkdocs-static-i18n points the language switcher at each page's translations by setting an attribute
        # on config.extra that shadows the 'alternate' item it resets per language; left over from the last
        # page of the previous language, it would give the next language's 404 page that page's links
        vars(config.extra).pop("alternate", None)
        add_engine_theme(config)  # every configuration (a parallel build's workers load their own) needs it
        if i18n_building(config) and self.state is not None:
            return config  # a further language of this build: checked and rendered already
        self.state = None
        self.facts = LanguageFacts()
        root = project_root(config)
        # what this build keeps, on its BuildState (the plugin is new for every build); an absolute cache_dir stays
        cache = Caches(root / self.config.cache_dir if self.config.cache else None)
        today = self._build_date()
        project, problems = check_released_project(root, today, cache)  # project.unreleased: see _unreleased
        if project is not None:
            problems = [*problems, *check_site_config(config, project),  # languages: check_project
                        *check_build_inputs(config, project)]  # the site folder, a released version
        # Logged at INFO on purpose: `mkdocs build --strict` aborts on any WARNING, and a warning (such
        # as a certificate expiring within 60 days) must not block publishing; the line still says "warning:".
        for warning in (p for p in problems if p.severity == "warning"):
            log.info(warning.format())
        if project is None or any(p.severity == "error" for p in problems):
            raise PluginError("trustsite: the data or content is invalid; nothing was built.\n" + format_problems(problems))
        if not project.versions:  # a statement is published as a version: nothing to show before the first one
            raise PluginError("trustsite: no version of the statement is released yet; nothing was built.\n"
                              "data/versions.yml: record the first one with 'trustsite release --effective YYYY-MM-DD'")
        draft_of = self._unreleased(project)
        overrides = custom_dir(config) or root / "overrides"  # as the CLI finds a project's own fragments
        digest = inputs_digest(project, overrides, today)
        jobs = max(self.render_jobs, self.config.jobs)
        contexts, render_problems = render_all_blocks(project, overrides, today, key=digest, jobs=jobs, cache=cache)
        if render_problems:
            raise PluginError("trustsite: the templates cannot be rendered; nothing was built.\n"
                              + format_problems(render_problems))
        url = site_url(config)
        try:  # the exports are built now (the feeds as a dry run): nothing may fail after the pages are written
            released = load_archived(root, draft_of) if draft_of is not None else None
            exports = cache.remembered(EXPORTS_CACHE, 4, hashlib.sha256(digest + f"{url}\0{draft_of}".encode()).digest(),
                                       lambda: data_exports(project, today, url, released))
            feed_exports(project, contexts, SiteFacts(url, {}, {}))
        except (LookupError, TypeError, ValueError, AttributeError) as exc:
            raise PluginError(f"trustsite: the exports cannot be built; nothing was built.\n{type(exc).__name__}: {exc}") from None
        self.state = BuildState(project, today, overrides, contexts, exports, digest, draft_of, cache)
        logging.getLogger("mkdocs.structure.pages").addFilter(self._stub_filter)
        for listener in list(self.checked_listeners):
            listener()
        return config

    def _unreleased(self, project: Project) -> str | None:
        """The version a draft build shows changes since (None: nothing unreleased). A production build presents
        today's data as the newest released version, so it refuses data that version did not state and no
        erratum of it records (versions/errata.py); a draft build shows it, marked on every page."""
        unreleased = project.unreleased
        if unreleased is None:
            return None
        vid = unreleased.version
        if not self.config.draft:  # `trustsite build --draft` and `trustsite serve` set it
            raise PluginError(
                f"trustsite: the data and statement differ from version {vid} as released (archive/{vid}/), and no"
                f" erratum records it; a production build would present them as version {vid}; nothing was built.\n"
                + format_problems(unreleased.problems)
                + f"\nrelease them as a new version ('trustsite release'), record an erratum of version {vid} in"
                  " data/versions.yml where they correct what it said, or build a draft ('trustsite build --draft')")
        log.info(f"trustsite: a draft: {len(unreleased.problems)} change(s) since version {vid} are not released;"
                 " every page built from them says so and is kept out of search engines")
        return vid

    def _build_date(self) -> dt.date:
        try:
            return build_date(dt.date.fromisoformat(self.config.build_date) if self.config.build_date else None)
        except ValueError:
            raise PluginError(f"mkdocs.yml: plugins.trustsite.build_date: expected a date as YYYY-MM-DD,"
                              f" got {self.config.build_date!r}") from None

    # ---- files and navigation ------------------------------------------------------------------------------

    @event_priority(-150)  # after mkdocs-static-i18n (-100): it rebuilds every file from disk, dropping generated content
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """A project's own fragments and catalogs are inputs of the build, not files of the site; the version
        pages (list, archived statements, what changed) are added as stub pages of the language being built."""
        own = custom_dir(config)
        private = [own / FRAGMENTS_DIR, own / LOCALES_DIR] if own is not None else []
        for file in list(files):
            src = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if src is not None and any(src.is_relative_to(p) for p in private):
                files.remove(file)
        state = self.state
        if state is None:
            return files
        language = current_language(config)
        default = state.project.default_language
        prefix = "" if language == default else f"{language}/"
        for src_uri in generated_pages(state.project.root, state.project):
            if files.get_file_from_path(src_uri) is not None:
                continue
            file = File.generated(config, src_uri, content="# \n")  # the content comes from on_page_markdown
            if prefix:  # as mkdocs-static-i18n places the pages of a language (suffix.create_i18n_file)
                file.dest_uri = prefix + file.dest_uri
                file.url = file._get_url(config.use_directory_urls)
                file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_path))
            base_url = file.url[len(prefix):] if prefix else file.url
            file.alternates = {  # the language switcher leads to the same version page in each language
                lang: _Alternate(("" if lang == default else f"{lang}/") + base_url)
                for lang in state.project.languages
            }
            file.alternates[language] = file
            file.locale = language
            file.locale_alternate_of = language
            file.localization = None
            file.norm_src_uri = src_uri
            files.append(file)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Register the exports and documents written after the build, so that pages can link to them.

        They are added as excluded stubs (never written by MkDocs: on_post_build writes them once for
        all languages) after the i18n plugin has arranged the files, which is why this is on_nav.
        """
        state = self._checked()
        for path in stub_paths(state.project, current_language(config)):
            self._stub_filter.paths.add(path)
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=b"", inclusion=InclusionLevel.EXCLUDED))
        return nav

    # ---- pages ---------------------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        state = self._checked()
        language = current_language(config)
        source_language = getattr(page.file, "locale", language)
        if source_language != language:
            raise PluginError(f"content/{page.file.src_uri}: shown as the '{language}' page but written in"
                              f" '{source_language}'; legal text never falls back to another language")
        ctx = state.context(language)
        root = state.project.root
        generated = generated_pages(root, state.project).get(page.file.src_uri)
        if generated is not None:
            return self._version_page(generated, page, ctx, root, language)
        blocks = block_names(markdown)
        if "subprocessor_changes" in blocks:
            self.facts.changes_pages.setdefault(language, page.url)
        if "exports" in blocks:
            self.facts.exports_pages.setdefault(language, page.url)
        if "subprocessor_upcoming" in blocks:
            self.facts.upcoming_pages.setdefault(language, page.url)
        self.facts.site_names[language] = config.site_name
        keys = list(dict.fromkeys(key for name in blocks for key in BLOCK_ALTERNATES.get(name, ())))
        page.meta["trustsite_alternates"] = [
            {"href": export_path(key, language, state.project.default_language),
             "type": EXPORT_BY_KEY[key].media_type, "title": ctx.loc.gettext(EXPORT_BY_KEY[key].label)}
            for key in keys
        ]
        if state.draft_of is not None:  # today's unreleased data: the statement page too, marked as a draft
            if self._is_statement(page.file.src_uri):
                page.meta["trustsite_alternates"].append(self._versions_feed_link(ctx, language))
            page.meta["trustsite_draft"] = True  # theme/main.html: <meta name="robots" content="noindex">
            return render_draft_notice(ctx, expand_directives(markdown, ctx))
        if self._is_statement(page.file.src_uri):
            page.meta["trustsite_alternates"].append(self._versions_feed_link(ctx, language))
            try:
                current = render_current(ctx, root, markdown)
            except (OSError, LookupError, ValueError, jinja2.TemplateError) as exc:
                raise PluginError(f"trustsite: cannot render the version in force: {type(exc).__name__}: {exc}") from None
            if current is not None:
                return current
        return expand_directives(markdown, ctx)

    def _checked(self) -> BuildState:
        if self.state is None:
            raise PluginError("trustsite: the project was not checked (the plugin's on_config did not run)")
        return self.state

    def _is_statement(self, src_uri: str) -> bool:
        pages = self._checked().project.content.pages.values()
        return any(p.src_uri == src_uri and p.base == STATEMENT_PAGE for p in pages)

    def _versions_feed_link(self, ctx: RenderContext, language: str) -> dict[str, str]:
        return {"href": export_path("versions_atom", language, self._checked().project.default_language),
                "type": EXPORT_BY_KEY["versions_atom"].media_type,
                "title": ctx.loc.gettext(EXPORT_BY_KEY["versions_atom"].label)}

    def _version_page(self, generated: GeneratedPage, page: Page, ctx: RenderContext, root: Path, language: str) -> str:
        """The Markdown of a generated version page (from the archive, never from today's data)."""
        state = self._checked()
        page.meta["trustsite_alternates"] = []
        if generated.kind == "list":
            page.meta["trustsite_alternates"] = [self._versions_feed_link(ctx, language)]
        # archived versions never change: a page is rendered again only when some input of the build has changed
        key = hashlib.sha256(state.digest + f"\0{generated.kind}\0{generated.vid}\0{language}".encode()).digest()
        try:
            return state.cache.remembered(VERSION_PAGES_CACHE, 512, key,
                                          lambda: self._render_version_page(generated, ctx, root, language))
        except (OSError, LookupError, ValueError, jinja2.TemplateError) as exc:
            raise PluginError(f"trustsite: cannot render {page.file.src_uri} in '{language}': "
                              f"{type(exc).__name__}: {exc}") from None

    def _render_version_page(self, generated: GeneratedPage, ctx: RenderContext, root: Path, language: str) -> str:
        default = self._checked().project.default_language
        if generated.kind == "list":
            return render_list(ctx, root, "/" + export_path("versions_atom", language, default))
        if generated.kind == "version":
            return render_archived(ctx, root, generated.vid)
        return render_changes(ctx, root, generated.vid)

    # ---- theme ---------------------------------------------------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Labels MkDocs' Markdown extensions write into every page, in the language being built (mkdocs-static-i18n
        calls the build again per language, and MkDocs makes a Markdown converter per page from these options)."""
        if self.state is None:
            return
        loc = self.state.context(current_language(config)).loc
        if "toc" in config.mdx_configs and config.mdx_configs["toc"].get("permalink"):
            config.mdx_configs["toc"]["permalink_title"] = loc.gettext(PERMALINK_TITLE)

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Every language's build gets a new theme environment from MkDocs; sharing the compiled templates
        between them compiles Material's templates once per build instead of once per language (and, with the
        parse cache, once per change of the theme). The engine's own theme templates (the 404 page) take their
        labels from trustsite's catalogs in the language being built."""
        if env.bytecode_cache is None:
            # None (compiled per language) where sharing is unsafe
            env.bytecode_cache = theme_templates(env, self.state.cache.disk if self.state is not None else None)
        origins = form_action_origins(self.state.project) if self.state is not None else ()
        env.globals["trustsite_meta_csp"] = meta_content_security_policy(origins)  # theme/main.html: every page
        if self.state is not None:
            env.globals["_"] = self.state.context(current_language(config)).loc.gettext  # a call: never folded
        return env

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """mkdocs-static-i18n renders the theme's 404 page once per language into the same root file, so the
        last language built would answer every missing URL. The root keeps the default language's page
        (restored in on_post_build), and each further language gets its own beside its pages, where hosts
        that look for the nearest 404.html (Cloudflare Pages) find it."""
        if template_name != NOT_FOUND:
            return output_content
        if not i18n_building(config):
            self.default_not_found = output_content
        else:
            target = Path(config.site_dir) / current_language(config) / NOT_FOUND
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output_content, encoding="utf-8")
        return output_content

    # ---- after every language ------------------------------------------------------------------------------

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built every other language
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the exports and the hosts' `_headers` once per build, when every language exists (skipped inside
        i18n's nested builds), and check every page against the Content-Security-Policy of those headers."""
        state = self.state
        if state is None or i18n_building(config):
            return
        try:
            self._write_site_files(config, state)
        finally:
            self._end_build()

    def _write_site_files(self, config: MkDocsConfig, state: BuildState) -> None:
        url = site_url(config)
        facts = SiteFacts(url, dict(self.facts.site_names), dict(self.facts.changes_pages),
                          dict(self.facts.exports_pages), dict(self.facts.upcoming_pages))
        for language in state.project.languages:
            state.context(language)
        site = Path(config.site_dir)
        if self.default_not_found is not None:
            (site / NOT_FOUND).write_text(self.default_not_found, encoding="utf-8")
        try:
            write_exports(state.project, {**state.exports, **feed_exports(state.project, state.contexts, facts)}, site)
            write_headers_file(site, https=url.startswith("https://"), form_origins=form_action_origins(state.project))
        except OSError as exc:
            raise PluginError(f"trustsite: cannot write the exports: {exc}") from None
        try:  # Material's script fetches sitemap.xml beside every <link rel="alternate">: see site/sitemaps.py
            write_probed_sitemaps(site, url)
        except OSError as exc:
            raise PluginError(f"trustsite: cannot write the sitemaps Material's script reads: {exc}") from None
        problems = check_built_pages(site, project_root(config), form_action_origins(state.project), state.cache)
        if problems:
            raise PluginError("trustsite: the built pages break the site's Content-Security-Policy"
                              " (hooks/trustsite/site/headers.py).\n" + format_problems(problems))

    def on_build_error(self, error: Exception) -> None:
        self._end_build()

    def _end_build(self) -> None:
        """Let go of what this build held: the logging filter, and the loaded project's objects, which
        loading moved out of the garbage collector's sight (project.py paused_gc)."""
        logging.getLogger("mkdocs.structure.pages").removeFilter(self._stub_filter)
        gc.unfreeze()


def load_site_config(config_file: Path, options: dict[str, Any] | None = None, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml loaded as MkDocs loads it, with the plugin's options from the command line (`--today`,
    `--no-cache`, `--cache-dir` give build_date, cache and cache_dir) set over the ones mkdocs.yml gives."""
    config = load_config(str(config_file), **overrides)
    if options:
        plugin = find_plugin(config)
        for key, value in options.items():
            plugin.config[key] = value
    return config


def find_plugin(config: MkDocsConfig) -> TrustsitePlugin:
    """The trustsite plugin of a loaded configuration, whether listed under `plugins:` or through the hook file."""
    for plugin in config.plugins.values():
        found: Any = getattr(plugin, "plugin", plugin)  # the hook module keeps its instance as `plugin`
        if isinstance(found, TrustsitePlugin):
            return found
    raise PluginError("mkdocs.yml: trustsite is not configured (add `- trustsite` under plugins)")
