"""Site layer: MkDocs event handlers. The only part of trustsite that imports MkDocs.

mkdocs-static-i18n builds every extra language by calling MkDocs' build() again from its own
on_post_build, in one process and on one config object: on_config runs once per build, the page
events once per language. Data is therefore loaded in on_config (fresh on every `mkdocs serve`
rebuild) and rendered per page for the language the i18n plugin is building.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from trustsite.clock import BuildDateError, build_date
from trustsite.errors import Problem, format_problems
from trustsite.load.project import check_project
from trustsite.model.files import Project
from trustsite.render.context import FRAGMENTS_DIR, LOCALES_DIR, RenderContext
from trustsite.render.directives import expand_directives
from trustsite.render.dryrun import render_all_blocks

log = logging.getLogger("mkdocs.plugins.trustsite")


@dataclass
class BuildState:
    project: Project
    today: dt.date
    overrides: Path
    contexts: dict[str, RenderContext] = field(default_factory=dict)

    def context(self, language: str) -> RenderContext:
        if language not in self.contexts:
            self.contexts[language] = RenderContext(self.project, language, self.today, overrides=self.overrides)
        return self.contexts[language]


_state: BuildState | None = None


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def custom_dir(config: MkDocsConfig) -> Path:
    if not config.theme.custom_dir:
        raise PluginError("mkdocs.yml: theme.custom_dir must point at the trustsite overrides/ folder")
    return Path(config.theme.custom_dir).resolve()


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
    if sorted(built) != sorted(project.languages):
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
    if i18n.config.fallback_to_default:
        problems.append(Problem("mkdocs.yml", 0, 0, "plugins.i18n.fallback_to_default",
                                "must be false: legal text never falls back to another language"))
    return problems


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    _state = None
    try:
        today = build_date()
    except BuildDateError as exc:
        raise PluginError(str(exc)) from None
    project, problems = check_project(project_root(config), today)
    if project is not None:
        problems = [*problems, *_check_i18n_config(config, project)]
    # Logged at INFO on purpose: `mkdocs build --strict` aborts on any WARNING, and a warning (such
    # as a certificate expiring within 60 days) must not block publishing; the line still says "warning:".
    for warning in (p for p in problems if p.severity == "warning"):
        log.info(warning.format())
    if project is None or any(p.severity == "error" for p in problems):
        raise PluginError("trustsite: the data or content is invalid; nothing was built.\n" + format_problems(problems))
    overrides = custom_dir(config)
    contexts, render_problems = render_all_blocks(project, overrides, today)
    if render_problems:
        raise PluginError("trustsite: the templates cannot be rendered; nothing was built.\n"
                          + format_problems(render_problems))
    _state = BuildState(project, today, overrides, contexts)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Fragments and catalogs in overrides/ are inputs of the build, not files of the site."""
    private = [custom_dir(config) / FRAGMENTS_DIR, custom_dir(config) / LOCALES_DIR]
    for file in list(files):
        src = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if src is not None and any(src.is_relative_to(p) for p in private):
            files.remove(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _state is not None, "on_config did not run"
    language = current_language(config)
    source_language = getattr(page.file, "locale", language)
    if source_language != language:
        raise PluginError(f"content/{page.file.src_uri}: shown as the '{language}' page but written in"
                          f" '{source_language}'; legal text never falls back to another language")
    return expand_directives(markdown, _state.context(language))
