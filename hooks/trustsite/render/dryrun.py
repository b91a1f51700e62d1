"""Render stage: render every block of every page in every language once, before anything is written.

A broken fragment template or a value a template cannot handle then stops `check` and the build
with a located message, instead of a traceback halfway through writing the site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from trustsite.errors import Problem
from trustsite.model.files import Project
from trustsite.render.context import FRAGMENTS_DIR, RenderContext
from trustsite.render.directives import BLOCKS, block_names


def render_all_blocks(project: Project, overrides: Path, today: dt.date) -> tuple[dict[str, RenderContext], list[Problem]]:
    """One RenderContext per language with every used block rendered (and cached), or the problems."""
    contexts: dict[str, RenderContext] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    for language in project.languages:
        ctx = RenderContext(project, language, today, overrides=overrides)
        contexts[language] = ctx
        used = {name for page in project.content.pages.values() if page.language == language
                for name in block_names(page.text)}
        for name in sorted(used):
            template = BLOCKS[name]
            if template in failed:
                continue
            try:
                ctx.render_fragment(template)
            except jinja2.TemplateSyntaxError as exc:
                failed.add(template)
                problems.append(Problem(_display(overrides, template), exc.lineno or 0, 0 if not exc.lineno else 1, "",
                                        f"template error: {exc.message}"))
            except jinja2.TemplateNotFound as exc:
                failed.add(template)
                problems.append(Problem(_display(overrides, template), 0, 0, "",
                                        f"template not found: {exc.name}; restore it from the trustsite repository"))
            except (jinja2.TemplateError, LookupError, TypeError, ValueError, AttributeError) as exc:
                problems.append(Problem(_display(overrides, template), 0, 0, "",
                                        f"cannot render '{{{{ {name} }}}}' in '{language}': {type(exc).__name__}: {exc}"))
    return contexts, problems


def _display(overrides: Path, template: str) -> str:
    path = overrides / FRAGMENTS_DIR / template
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return f"overrides/{FRAGMENTS_DIR}/{template}"
