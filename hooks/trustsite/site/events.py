"""Site layer: MkDocs event handlers. The only part of trustsite that imports MkDocs.

mkdocs-static-i18n builds every extra language by calling MkDocs' build() again from its own
on_post_build, in one process and on one config object: on_config runs once per build, the page
events once per language. Data is therefore loaded in on_config (fresh on every `mkdocs serve`
rebuild) and rendered per page for the language the i18n plugin is building.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.reconfigure import LUNR_LANGUAGES

from trustsite.clock import BuildDateError, build_date
from trustsite.errors import Problem, format_problems
from trustsite.export.paths import BLOCK_ALTERNATES, EXPORT_BY_KEY, export_path
from trustsite.export.write import SiteFacts, data_exports, feed_exports, stub_paths, write_exports
from trustsite.load.cache import CACHE_DIR_NAME, remembered, use_cache
from trustsite.load.project import check_project
from trustsite.model.files import Project
from trustsite.paths import FRAGMENTS_DIR, LOCALES_DIR, THEME_DIR
from trustsite.render.context import RenderContext
from trustsite.render.directives import block_names, expand_directives
from trustsite.render.dryrun import inputs_digest, render_all_blocks
from trustsite.render.templates import theme_templates
from trustsite.site.headers import write_headers_file
from trustsite.site.inline import check_built_pages
from trustsite.site.preview import allows_fewer_languages
from trustsite.site.sitemaps import write_probed_sitemaps
from trustsite.versions.archive import STATEMENT_PAGE
from trustsite.versions.pages import GeneratedPage, generated_pages, render_archived, render_changes, render_current, render_list

log = logging.getLogger("mkdocs.plugins.trustsite")
render_jobs = 1  # processes rendering the blocks of every language (site/build.py: `trustsite build --jobs`)
EXPORTS_CACHE = "exports"  # below the parse cache folder: data_exports of the last builds
VERSION_PAGES_CACHE = "version-pages"  # and the Markdown of the generated version pages


@dataclass
class BuildState:
    project: Project
    today: dt.date
    overrides: Path | None  # the project's theme custom_dir, if it has one
    contexts: dict[str, RenderContext] = field(default_factory=dict)
    exports: dict[str, str] = field(default_factory=dict)  # data_exports, written after the build
    digest: bytes = b""  # render.dryrun.inputs_digest of this build

    def context(self, language: str) -> RenderContext:
        if language not in self.contexts:
            self.contexts[language] = RenderContext(self.project, language, self.today, overrides=self.overrides)
        return self.contexts[language]


@dataclass
class LanguageFacts:
    """What each language's build learns for the exports written at the very end."""

    site_names: dict[str, str] = field(default_factory=dict)  # language -> site name (i18n sets it per build)
    changes_pages: dict[str, str] = field(default_factory=dict)  # language -> URL of the change log page


_state: BuildState | None = None
# on_config runs again for every language i18n builds; these facts must outlive those runs, so they
# are reset only by the on_config of the outer (default-language) build.
_facts = LanguageFacts()


# Called once the outer build has checked the project (site/build.py starts its language workers then,
# so an invalid project is reported once, by this process, and no worker is started for it).
checked_listeners: list[Callable[[], None]] = []


def reset_language_facts() -> None:
    global _facts
    _facts = LanguageFacts()


def language_facts() -> dict[str, dict[str, str]]:
    """The facts learnt so far, for a parallel build's worker to hand back (site/build.py)."""
    return {"site_names": dict(_facts.site_names), "changes_pages": dict(_facts.changes_pages)}


def absorb_language_facts(facts: dict[str, dict[str, str]]) -> None:
    """Take over what a worker learnt building its language, as if this process had built it."""
    _facts.site_names.update(facts.get("site_names", {}))
    for language, url in facts.get("changes_pages", {}).items():
        _facts.changes_pages.setdefault(language, url)


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def custom_dir(config: MkDocsConfig) -> Path | None:
    """The project's own theme customisation (fragments and catalogs of its own may sit there too)."""
    return Path(config.theme.custom_dir).resolve() if config.theme.custom_dir else None


ENGINE_ASSETS = (("extra_css", "assets/stylesheets/trustsite.css"),  # the no-JavaScript filter; accessibility fixes
                 ("extra_javascript", "assets/javascripts/trustsite.js"))  # keyboard access to wide tables
WATCHED = ("data", "archive", "documents", "translations")  # inputs of the build besides content/ and mkdocs.yml


def add_engine_theme(config: MkDocsConfig) -> None:
    """The engine's theme files (Material overrides, scripts, stylesheets) ship in the package: their folder
    goes after the project's custom_dir, so a project can still override any of them, and before Material's."""
    theme_dir = str(THEME_DIR)
    if theme_dir not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
    for key, path in ENGINE_ASSETS:
        if path not in [str(item) for item in config[key]]:
            config[key].append(path)
    root = project_root(config)
    watched = {str(Path(item).resolve()) for item in config.watch}
    for name in WATCHED:  # a folder the project lacks is not watched (MkDocs would refuse a missing one)
        folder = root / name
        if folder.is_dir() and str(folder.resolve()) not in watched:
            config.watch.append(str(folder))


def current_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("mkdocs.yml: the i18n plugin (mkdocs-static-i18n) is required by trustsite")
    return i18n.current_language


def _check_i18n_config(config: MkDocsConfig, project: Project) -> list[Problem]:
    """mkdocs.yml must build exactly the organisation's languages, with no silent fallback."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [Problem("mkdocs.yml", 0, 0, "plugins", "the i18n plugin (mkdocs-static-i18n) is required")]
    problems = []
    built = [lang.locale for lang in i18n.config.languages if lang.build]
    if sorted(built) != sorted(project.languages) and not allows_fewer_languages(config, built, project.languages):
        problems.append(Problem("mkdocs.yml", 0, 0, "plugins.i18n.languages",
                                f"expected the languages of data/organisation.yml ({', '.join(project.languages)}),"
                                f" got {', '.join(built)}"))
    default = next((lang.locale for lang in i18n.config.languages if lang.default), None)
    if default != project.default_language:
        problems.append(Problem("mkdocs.yml", 0, 0, "plugins.i18n.languages",
                                f"expected '{project.default_language}' as the default language, got '{default}'"))
    for lang in i18n.config.languages:
        if lang.build and not lang.default and not lang.site_name:
            problems.append(Problem("mkdocs.yml", 0, 0, f"plugins.i18n.languages[{lang.locale}].site_name",
                                    f"missing: pages in '{lang.locale}' would show the site name in"
                                    f" '{project.default_language}'"))
    if not i18n.config.reconfigure_search:  # i18n would add them to the search plugin itself
        search = config.plugins.get("material/search") or config.plugins.get("search")
        listed = set(getattr(search, "config", {}).get("lang") or []) if search is not None else set()
        for lang in built:
            if search is not None and lang in LUNR_LANGUAGES and lang not in listed:
                problems.append(Problem("mkdocs.yml", 0, 0, "plugins.search.lang",
                                        f"'{lang}' is missing: search would not recognise the forms of a word in"
                                        f" '{lang}' pages; add it to the list", severity="warning"))
    if i18n.config.fallback_to_default:
        problems.append(Problem("mkdocs.yml", 0, 0, "plugins.i18n.fallback_to_default",
                                "must be false: legal text never falls back to another language"))
    return problems


# Blocks whose fragments link to other pages or exports by root-relative links ('/trust/....md').
LINKING_BLOCKS = frozenset({"subprocessor_list", "subprocessor_changes", "certifications", "documents", "exports"})


TOC_WARN_ENTRIES = 50  # sub-processors from which a table of contents listing each of them is a problem


def _toc_bottom(config: MkDocsConfig) -> int:
    """The deepest heading level in the toc extension's table of contents (toc_depth: 3 or "2-3")."""
    depth = str((config.mdx_configs.get("toc") or {}).get("toc_depth", 6))
    try:
        return int(depth.rpartition("-")[2])
    except ValueError:
        return 6


def _check_site_config(config: MkDocsConfig, project: Project) -> list[Problem]:
    """The trust center's links and exports need an absolute site_url and docs-relative absolute links."""
    used = {name for page in project.content.pages.values() for name in block_names(page.text)}
    if not used & LINKING_BLOCKS:
        return []
    problems = []
    listed = len(project.subprocessors)
    if "subprocessor_list" in used and listed >= TOC_WARN_ENTRIES and _toc_bottom(config) >= 4:
        problems.append(Problem("mkdocs.yml", 0, 0, "markdown_extensions.toc.toc_depth",
                                f"the sub-processor page's table of contents would list all {listed} sub-processors "
                                "(each has a #### heading) and building it grows with their square; set toc_depth: 3 "
                                "(search still finds each sub-processor)", severity="warning"))
    if not config.site_url:
        problems.append(Problem("mkdocs.yml", 0, 0, "site_url",
                                "missing: the Atom feeds and the JSON-LD export need the site's absolute address"))
    if config.validation.links.absolute_links != -1:  # _AbsoluteLinksValidationValue.RELATIVE_TO_DOCS
        problems.append(Problem("mkdocs.yml", 0, 0, "validation.links.absolute_links",
                                "must be relative_to_docs: the trust center's blocks link to pages as '/trust/....md'"))
    return problems


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    # mkdocs-static-i18n points the language switcher at each page's translations by setting an attribute
    # on config.extra that shadows the 'alternate' item it resets per language; left over from the last
    # page of the previous language, it would give the next language's 404 page that page's links
    vars(config.extra).pop("alternate", None)
    if _i18n_building(config) and _state is not None:
        return config  # mkdocs-static-i18n's build of a further language: checked and rendered already
    _state = None
    reset_language_facts()
    add_engine_theme(config)
    if not os.environ.get("TRUSTSITE_NO_CACHE"):
        use_cache(project_root(config) / CACHE_DIR_NAME)
    try:
        today = build_date()
    except BuildDateError as exc:
        raise PluginError(str(exc)) from None
    project, problems = check_project(project_root(config), today)
    if project is not None:
        problems = [*problems, *_check_i18n_config(config, project), *_check_site_config(config, project)]
    # Logged at INFO on purpose: `mkdocs build --strict` aborts on any WARNING, and a warning (such
    # as a certificate expiring within 60 days) must not block publishing; the line still says "warning:".
    for warning in (p for p in problems if p.severity == "warning"):
        log.info(warning.format())
    if project is None or any(p.severity == "error" for p in problems):
        raise PluginError("trustsite: the data or content is invalid; nothing was built.\n" + format_problems(problems))
    overrides = custom_dir(config)
    digest = inputs_digest(project, overrides, today)
    contexts, render_problems = render_all_blocks(project, overrides, today, key=digest, jobs=render_jobs)
    if render_problems:
        raise PluginError("trustsite: the templates cannot be rendered; nothing was built.\n"
                          + format_problems(render_problems))
    site_url = _site_url(config)
    try:  # the exports are built now (the feeds as a dry run): nothing may fail after the pages are written
        exports = remembered(EXPORTS_CACHE, 4, hashlib.sha256(digest + site_url.encode()).digest(),
                             lambda: data_exports(project, today, site_url))
        feed_exports(project, contexts, SiteFacts(site_url, {}, {}))
    except (LookupError, TypeError, ValueError, AttributeError) as exc:
        raise PluginError(f"trustsite: the exports cannot be built; nothing was built.\n{type(exc).__name__}: {exc}") from None
    _state = BuildState(project, today, overrides, contexts, exports, digest)
    for listener in list(checked_listeners):
        listener()
    return config


@event_priority(-150)  # after mkdocs-static-i18n (-100): it rebuilds every file from disk, dropping generated content
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Fragments and catalogs in overrides/ are inputs of the build, not files of the site; the version
    pages (list, archived statements, what changed) are added as stub pages of the language being built."""
    own = custom_dir(config)
    private = [own / FRAGMENTS_DIR, own / LOCALES_DIR] if own is not None else []
    for file in list(files):
        src = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if src is not None and any(src.is_relative_to(p) for p in private):
            files.remove(file)
    if _state is None:
        return files
    language = current_language(config)
    prefix = "" if language == _state.project.default_language else f"{language}/"
    for src_uri in generated_pages(_state.project.root, _state.project):
        if files.get_file_from_path(src_uri) is not None:
            continue
        file = File.generated(config, src_uri, content="# \n")  # the content comes from on_page_markdown
        if prefix:  # as mkdocs-static-i18n places the pages of a language (suffix.create_i18n_file)
            file.dest_uri = prefix + file.dest_uri
            file.url = file._get_url(config.use_directory_urls)
            file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, file.dest_path))
        base_url = file.url[len(prefix):] if prefix else file.url
        file.alternates = {  # the language switcher leads to the same version page in each language
            lang: _Alternate(("" if lang == _state.project.default_language else f"{lang}/") + base_url)
            for lang in _state.project.languages
        }
        file.alternates[language] = file
        file.locale = language
        file.locale_alternate_of = language
        file.localization = None
        file.norm_src_uri = src_uri
        files.append(file)
    return files


@dataclass(frozen=True)
class _Alternate:
    """Where a generated page stands in another language (all mkdocs-static-i18n reads of an alternate)."""

    url: str


class _StubLinkFilter(logging.Filter):
    """MkDocs reports links to excluded files at INFO; for the stubs below that note is wrong (they are written later)."""

    paths: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("which is excluded from the built site" in message
                    and any(f"'{path}'" in message for path in self.paths))


_stub_filter = _StubLinkFilter()
logging.getLogger("mkdocs.structure.pages").addFilter(_stub_filter)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Register the exports and documents written after the build, so that pages can link to them.

    They are added as excluded stubs (never written by MkDocs: on_post_build writes them once for
    all languages) after the i18n plugin has arranged the files, which is why this is on_nav.
    """
    assert _state is not None, "on_config did not run"
    for path in stub_paths(_state.project, current_language(config)):
        _stub_filter.paths.add(path)
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=b"", inclusion=InclusionLevel.EXCLUDED))
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state is not None, "on_config did not run"
    language = current_language(config)
    source_language = getattr(page.file, "locale", language)
    if source_language != language:
        raise PluginError(f"content/{page.file.src_uri}: shown as the '{language}' page but written in"
                          f" '{source_language}'; legal text never falls back to another language")
    ctx = _state.context(language)
    root = _state.project.root
    default = _state.project.default_language
    generated = generated_pages(root, _state.project).get(page.file.src_uri)
    if generated is not None:
        return _version_page(generated, page, ctx, root, language)
    blocks = block_names(markdown)
    if "subprocessor_changes" in blocks:
        _facts.changes_pages.setdefault(language, page.url)
    _facts.site_names[language] = config.site_name
    keys = list(dict.fromkeys(key for name in blocks for key in BLOCK_ALTERNATES.get(name, ())))
    page.meta["trustsite_alternates"] = [
        {"href": export_path(key, language, _state.project.default_language),
         "type": EXPORT_BY_KEY[key].media_type, "title": ctx.loc.gettext(EXPORT_BY_KEY[key].label)}
        for key in keys
    ]
    if _is_statement(page.file.src_uri):
        page.meta["trustsite_alternates"].append(_versions_feed_link(ctx, language))
        try:
            current = render_current(ctx, root, markdown)
        except (OSError, LookupError, ValueError, jinja2.TemplateError) as exc:
            raise PluginError(f"trustsite: cannot render the version in force: {type(exc).__name__}: {exc}") from None
        if current is not None:
            return current
    return expand_directives(markdown, ctx)


def _is_statement(src_uri: str) -> bool:
    assert _state is not None
    return any(p.src_uri == src_uri and p.base == STATEMENT_PAGE for p in _state.project.content.pages.values())


def _versions_feed_link(ctx: RenderContext, language: str) -> dict[str, str]:
    assert _state is not None
    return {"href": export_path("versions_atom", language, _state.project.default_language),
            "type": EXPORT_BY_KEY["versions_atom"].media_type,
            "title": ctx.loc.gettext(EXPORT_BY_KEY["versions_atom"].label)}


def _version_page(generated: GeneratedPage, page: Page, ctx: RenderContext, root: Path, language: str) -> str:
    """The Markdown of a generated version page (from the archive, never from today's data)."""
    assert _state is not None
    page.meta["trustsite_alternates"] = []
    if generated.kind == "list":
        page.meta["trustsite_alternates"] = [_versions_feed_link(ctx, language)]
    # archived versions never change: a page is rendered again only when some input of the build has changed
    key = hashlib.sha256(_state.digest + f"\0{generated.kind}\0{generated.vid}\0{language}".encode()).digest()
    try:
        return remembered(VERSION_PAGES_CACHE, 512, key, lambda: _render_version_page(generated, ctx, root, language))
    except (OSError, LookupError, ValueError, jinja2.TemplateError) as exc:
        raise PluginError(f"trustsite: cannot render {page.file.src_uri} in '{language}': "
                          f"{type(exc).__name__}: {exc}") from None


def _render_version_page(generated: GeneratedPage, ctx: RenderContext, root: Path, language: str) -> str:
    assert _state is not None
    if generated.kind == "list":
        return render_list(ctx, root, "/" + export_path("versions_atom", language, _state.project.default_language))
    if generated.kind == "version":
        return render_archived(ctx, root, generated.vid)
    return render_changes(ctx, root, generated.vid)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Every language's build gets a new theme environment from MkDocs; sharing the compiled templates
    between them compiles Material's templates once per build instead of once per language (and, with the
    parse cache, once per change of the theme)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = theme_templates(env)  # None (compiled per language) where sharing is unsafe
    return env


NOT_FOUND = "404.html"
_default_not_found: str | None = None  # the default language's 404 page of the current build


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """mkdocs-static-i18n renders the theme's 404 page once per language into the same root file, so the
    last language built (French here) would answer every missing URL. The root keeps the default
    language's page (restored in on_post_build), and each further language gets its own beside its pages,
    where hosts that look for the nearest 404.html (Cloudflare Pages) find it."""
    global _default_not_found
    if template_name != NOT_FOUND:
        return output
    if not _i18n_building(config):
        _default_not_found = output
    else:
        target = Path(config.site_dir) / current_language(config) / NOT_FOUND
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
    return output


def _site_url(config: MkDocsConfig) -> str:
    """The site's address, ending in '/' ('' when mkdocs.yml gives none)."""
    site_url = config.site_url or ""
    return site_url if not site_url or site_url.endswith("/") else site_url + "/"


def _i18n_building(config: MkDocsConfig) -> bool:
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every other language
def on_post_build(config: MkDocsConfig) -> None:
    """Write the exports and the hosts' `_headers` once per build, when every language exists (skipped inside
    i18n's nested builds), and check every page against the Content-Security-Policy of those headers."""
    if _state is None or _i18n_building(config):
        return
    site_url = _site_url(config)
    facts = SiteFacts(site_url, dict(_facts.site_names), dict(_facts.changes_pages))
    for language in _state.project.languages:
        _state.context(language)
    if _default_not_found is not None:
        (Path(config.site_dir) / NOT_FOUND).write_text(_default_not_found, encoding="utf-8")
    try:
        write_exports(_state.project, {**_state.exports, **feed_exports(_state.project, _state.contexts, facts)},
                      Path(config.site_dir))
        write_headers_file(Path(config.site_dir), https=site_url.startswith("https://"))
    except OSError as exc:
        raise PluginError(f"trustsite: cannot write the exports: {exc}") from None
    try:  # Material's script fetches sitemap.xml beside every <link rel="alternate">: see site/sitemaps.py
        write_probed_sitemaps(Path(config.site_dir), site_url)
    except OSError as exc:
        raise PluginError(f"trustsite: cannot write the sitemaps Material's script reads: {exc}") from None
    problems = check_built_pages(Path(config.site_dir), project_root(config))
    if problems:
        raise PluginError("trustsite: the built pages break the site's Content-Security-Policy"
                          " (hooks/trustsite/site/headers.py).\n" + format_problems(problems))
