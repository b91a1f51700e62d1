"""Site layer: what the plugin needs to know of mkdocs.yml, and what it checks there (no state)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from trustsite.errors import Problem
from trustsite.model.files import Project
from trustsite.paths import THEME_DIR
from trustsite.load.directives import block_names


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
    # Material's footer line "Made with Material for MkDocs" is English on every language's pages: a page
    # shows text in its own language or none at all
    config.extra["generator"] = False
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


# Blocks whose fragments link to other pages or exports by root-relative links ('/trust/....md').
LINKING_BLOCKS = frozenset({"subprocessor_list", "subprocessor_changes", "subprocessor_upcoming", "certifications",
                            "documents", "exports"})


TOC_WARN_ENTRIES = 50  # sub-processors from which a table of contents listing each of them is a problem


def _toc_bottom(config: MkDocsConfig) -> int:
    """The deepest heading level in the toc extension's table of contents (toc_depth: 3 or "2-3")."""
    depth = str((config.mdx_configs.get("toc") or {}).get("toc_depth", 6))
    try:
        return int(depth.rpartition("-")[2])
    except ValueError:
        return 6


def check_site_config(config: MkDocsConfig, project: Project) -> list[Problem]:
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


def site_url(config: MkDocsConfig) -> str:
    """The site's address, ending in '/' ('' when mkdocs.yml gives none)."""
    url = config.site_url or ""
    return url if not url or url.endswith("/") else url + "/"


def i18n_building(config: MkDocsConfig) -> bool:
    """True inside mkdocs-static-i18n's nested build of a further language."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))
