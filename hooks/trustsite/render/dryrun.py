"""Render stage: render every block of every page in every language once, before anything is written.

A broken fragment template or a value a template cannot handle then stops `check` and the build
with a located message, instead of a traceback halfway through writing the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import jinja2

from trustsite.errors import Problem
from trustsite.load.archive import archive_root
from trustsite.load.cache import Caches, add_tree
from trustsite.load.directives import BLOCKS, block_names
from trustsite.model.files import Project
from trustsite.paths import FRAGMENTS_DIR, LOCALES_DIR, PACKAGE_FRAGMENTS, TEMPLATES_DIR, display_path, fragment_dirs
from trustsite.render.context import RenderContext


RENDER_CACHE = "rendered"  # below the parse cache folder
RENDER_CACHE_KEEP = 4  # whole renders of an organisation; large ones take tens of MB each


def templates_digest(overrides: Path | None, today: dt.date) -> bytes:
    """What every rendering depends on besides the facts: templates, catalogs, rule tables, the build
    date, and the code and libraries that render."""
    import babel
    import trustsite
    from trustsite.rules import RULES_DIR

    digest = hashlib.sha256(f"render 1 {today.isoformat()} {jinja2.__version__} {babel.__version__}".encode())
    for base in (b for b in (overrides, TEMPLATES_DIR) if b is not None):  # the project's own, then the package's
        add_tree(digest, base / FRAGMENTS_DIR, read=True)
        add_tree(digest, base / LOCALES_DIR, read=True)
    add_tree(digest, RULES_DIR, read=True)
    add_tree(digest, Path(trustsite.__file__).parent, read=False)
    return digest.digest()


def archive_digest(root: Path) -> bytes:
    """The archived versions: their manifests, which `check` verifies every archived file against."""
    digest = hashlib.sha256(b"archive 1")
    add_tree(digest, archive_root(root), read=True, pattern="manifest.json")
    return digest.digest()


def inputs_digest(project: Project, overrides: Path | None, today: dt.date) -> bytes:
    """Everything a block's Markdown or an export depends on: templates_digest, data, the pages (which
    blocks they use, and where), documents and the archive."""
    digest = hashlib.sha256(b"inputs 3" + templates_digest(overrides, today))
    # unreleased prose makes the version block a draft's (render/context.py draft_of), prose being no input here
    digest.update(f"\0unreleased {project.unreleased.version if project.unreleased else ''}\0".encode())
    add_tree(digest, project.root / "data", read=True)
    add_tree(digest, project.root / "documents", read=False)
    digest.update(archive_digest(project.root))
    for page in sorted(project.content.pages.values(), key=lambda page: (page.src_uri, page.language)):
        # a block's Markdown depends on a page only through the blocks it uses (page_links): prose edits
        # (a `trustsite serve` save) keep the rendered blocks
        digest.update(f"{page.src_uri} {page.language}".encode() + b"\0" + " ".join(block_names(page.text)).encode() + b"\0")
    return digest.digest()


def render_all_blocks(project: Project, overrides: Path | None, today: dt.date, key: bytes | None = None,
                      jobs: int = 1, cache: Caches | None = None) -> tuple[dict[str, RenderContext], list[Problem]]:
    """One RenderContext per language with every used block rendered (and cached), or the problems.

    Where the run has a cache folder (`cache`), a render without problems is kept there too, keyed by every input
    (inputs_digest, or `key` where the caller has it): a check or build after editing prose only, or a
    `mkdocs serve` reload, takes the blocks from it instead of rendering thousands of sub-processors
    again in every language. With `jobs` > 1 the languages are rendered in that many processes."""
    store = cache.below(RENDER_CACHE, RENDER_CACHE_KEEP) if cache is not None else None
    if store is not None and key is None:
        key = inputs_digest(project, overrides, today)
    stored = store.get(key) if store is not None else None
    if isinstance(stored, dict) and set(stored) == set(project.languages):
        return _contexts(project, overrides, today, stored, cache), []
    contexts, problems = _render_all_blocks(project, overrides, today, jobs, cache)
    if store is not None and not problems:
        store.put(key, {language: dict(ctx._rendered) for language, ctx in contexts.items()})
    return contexts, problems


def _contexts(project: Project, overrides: Path | None, today: dt.date, rendered: dict[str, dict[str, str]],
              cache: Caches | None) -> dict[str, RenderContext]:
    """Render contexts holding blocks rendered elsewhere (the cache, a worker process)."""
    contexts = {}
    for language in project.languages:
        contexts[language] = RenderContext(project, language, today, overrides=overrides, cache=cache)
        contexts[language]._rendered.update(rendered[language])
    return contexts


# What a language's render found: (template, problem, whether the template itself is broken: reported once)
Found = list[tuple[str, Problem, bool]]


def _render_all_blocks(project: Project, overrides: Path | None, today: dt.date, jobs: int = 1,
                       cache: Caches | None = None) -> tuple[dict[str, RenderContext], list[Problem]]:
    if jobs > 1 and len(project.languages) > 1:
        results = _render_in_processes(project, overrides, today, jobs, cache)
        contexts = _contexts(project, overrides, today, {language: rendered for language, (rendered, _) in results.items()},
                             cache)
        found = [results[language][1] for language in project.languages]
    else:
        contexts = {language: RenderContext(project, language, today, overrides=overrides, cache=cache)
                    for language in project.languages}
        found = [_render_language(contexts[language], project, overrides) for language in project.languages]
    problems: list[Problem] = []
    reported: set[str] = set()
    for language_found in found:  # a broken template once, as the first language found it
        for template, problem, template_broken in language_found:
            if template in reported:
                continue
            if template_broken:
                reported.add(template)
            problems.append(problem)
    return contexts, problems


def _render_language(ctx: RenderContext, project: Project, overrides: Path | None) -> Found:
    """Render every block the pages of ctx's language use (kept in ctx); what went wrong, per template."""
    found: Found = []
    used = {name for page in project.content.pages.values() if page.language == ctx.language
            for name in block_names(page.text)}
    for name in sorted(used):
        template = BLOCKS[name]
        try:
            ctx.render_fragment(template)
        except jinja2.TemplateSyntaxError as exc:
            found.append((template, Problem(_display(overrides, template), exc.lineno or 0, 0 if not exc.lineno else 1, "",
                                            f"template error: {exc.message}"), True))
        except jinja2.TemplateNotFound as exc:
            found.append((template, Problem(_display(overrides, template), 0, 0, "",
                                            f"template not found: {exc.name}; reinstall trustsite, or remove the project's fragment that includes it"), True))
        except (jinja2.TemplateError, LookupError, TypeError, ValueError, AttributeError) as exc:
            found.append((template, Problem(_display(overrides, template), 0, 0, "",
                                            f"cannot render '{{{{ {name} }}}}' in '{ctx.language}': {type(exc).__name__}: {exc}"),
                          False))
    return found


_forked: tuple[Project, Path | None, dt.date, Caches | None] | None = None  # what a forked render process inherits


def _render_forked(language: str) -> tuple[dict[str, str], Found]:
    assert _forked is not None, "not a forked render process"
    project, overrides, today, cache = _forked
    ctx = RenderContext(project, language, today, overrides=overrides, cache=cache)
    found = _render_language(ctx, project, overrides)
    return dict(ctx._rendered), found


def _render_in_processes(project: Project, overrides: Path | None, today: dt.date, jobs: int,
                         cache: Caches | None) -> dict[str, tuple[dict[str, str], Found]]:
    """Each language rendered in one of `jobs` forked processes (they inherit the checked project, so it
    is not copied to them); the rendered Markdown comes back."""
    global _forked
    import multiprocessing
    from concurrent.futures import BrokenExecutor, ProcessPoolExecutor

    _forked = (project, overrides, today, cache)
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(project.languages)),
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            return dict(zip(project.languages, pool.map(_render_forked, project.languages)))
    except BrokenExecutor:  # a process died (killed, out of memory): render here instead
        return {language: _render_forked(language) for language in project.languages}
    finally:
        _forked = None


def _display(overrides: Path | None, template: str) -> str:
    """The file a template error is in: the project's own fragment where it has one, else the package's."""
    for folder in fragment_dirs(overrides):
        if (folder / template).is_file():
            return display_path(folder / template, Path.cwd())
    return display_path(PACKAGE_FRAGMENTS / template)
