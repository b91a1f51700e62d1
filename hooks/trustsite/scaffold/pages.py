"""Scaffold stage: the pages, mkdocs.yml, README, CI workflows and .gitignore of a new project, from the
templates in scaffold/templates/ (package data).

The templates use [[ ]], [% %] and [# #] so that trustsite's own `{{ directive }}` lines, and the
`${{ ... }}` expressions of GitHub workflows, pass through unchanged. Page templates are rendered once per
language with that language's catalog (babel.cfg extracts their messages into messages.pot).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale

from trustsite.scaffold.texts import TODO, Translator

TEMPLATES = Path(__file__).resolve().parent / "templates"
CONTENT = "content"
PAGES = ("index", "privacy/index", "trust/index", "trust/subprocessors", "trust/changes", "trust/security",
         "trust/certifications", "trust/documents", "trust/contact")
# template -> where it goes in the project (dot-files and folders are stored without their dot)
PROJECT_FILES = {"mkdocs.yml": "mkdocs.yml", "README.md": "README.md", "gitignore": ".gitignore",
                 "requirements.txt": "requirements.txt",
                 "github/workflows/site.yml": ".github/workflows/site.yml",
                 "github/workflows/privacy-changes.yml": ".github/workflows/privacy-changes.yml"}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        extensions=["jinja2.ext.i18n"],
        block_start_string="[%", block_end_string="%]",
        variable_start_string="[[", variable_end_string="]]",
        comment_start_string="[#", comment_end_string="#]",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=False,  # Markdown and YAML, not HTML
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # JSON scalars and lists are YAML
    env.globals.update(
        link=lambda text, target: f"[{text}]({target})",
        todo=lambda text: f"<!-- {TODO}: {text} -->",
    )
    return env


def page_path(base: str, language: str, default: str) -> str:
    """content/<base>.md in the default language, content/<base>.<lang>.md in the others (i18n's suffix layout)."""
    return f"{CONTENT}/{base}.md" if language == default else f"{CONTENT}/{base}.{language}.md"


def render_pages(translators: dict[str, Translator], default: str, has_subsidiaries: bool) -> dict[str, str]:
    """Every page in every language, by path below the project."""
    env = environment()
    out = {}
    for language, translator in translators.items():
        env.install_gettext_callables(translator.gettext, translator.ngettext, newstyle=True)  # type: ignore[attr-defined]
        for base in PAGES:
            text = env.get_template(f"{CONTENT}/{base}.md").render(subsidiaries=has_subsidiaries)
            out[page_path(base, language, default)] = text.rstrip("\n") + "\n"
    return out


def language_name(code: str) -> str:
    """The language's name in itself, as the language switcher shows it ('Polski', 'Čeština')."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def render_project_files(values: dict[str, Any]) -> dict[str, str]:
    """mkdocs.yml, README.md, the CI workflows, requirements.txt and .gitignore."""
    env = environment()
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # these files are not translated
    return {target: env.get_template(template).render(**values) for template, target in PROJECT_FILES.items()}
