"""Render stage: `trustsite check` of every block in every language, rendering in full only what can fail.

The build needs every block in every language and renders them (render/dryrun.py). A check needs only to
know that each would render. It renders every block in full in the default language; for each further
language it then does only what can fail there and not in the default language:

1. blocks whose template may take another path in that language (render/neutral.py) are rendered in full;
2. every call the default language's render made into its Localizer (gettext, dates, countries, lists,
   durations, GDPR articles, data texts) is made again, with the same arguments, by that language's
   Localizer: a locale that lacks a unit, a data text missing that language;
3. every message the templates asked gettext for is checked to format with the same variables in that
   language's catalog (`%(country)s` translated as `%(land)s` fails there only).

Where a collection is large, all of this renders one item of each shape instead of every item
(render/sample.py). Whenever any of this finds something, or the default language fails, the full render
of every block in every language runs instead (dryrun.render_all_blocks), so that the messages are exactly
those the full render gives. What the shortcut cannot miss is argued in neutral.py and proven error class by error class
in tests/render/test_checkrun.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from trustsite.errors import Problem
from trustsite.load.cache import Caches
from trustsite.model.files import Project
from trustsite.render.context import RenderContext
from trustsite.load.directives import BLOCKS, block_names
from trustsite.render.dryrun import RENDER_CACHE, RENDER_CACHE_KEEP, _render_language, inputs_digest, render_all_blocks
from trustsite.render.neutral import neutral_reasons
from trustsite.render.sample import SAMPLE_FROM, may_sample, sample_project

CHECKED_CACHE = "checked-blocks"  # below the parse cache folder: inputs whose blocks were checked, all valid
CHECKED_CACHE_KEEP = 16

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([diouxXeEfFgGcrsa%])")
_SAMPLES = {"s": "x", "r": "x", "a": "x", "c": 1, "e": 1.0, "E": 1.0, "f": 1.0, "F": 1.0, "g": 1.0, "G": 1.0}


def check_all_blocks(project: Project, overrides: Path | None, today: dt.date, jobs: int = 1,
                     sample_from: int = SAMPLE_FROM, cache: Caches | None = None) -> list[Problem]:
    """The problems the full render of every block in every language would report (none, mostly).
    `sample_from`: collections of at least this many items are rendered one item per shape (render/sample.py).
    `cache`: the run's caches; with a folder, inputs checked or rendered before without a problem are not again."""
    if cache is not None and cache.disk is not None:
        key = inputs_digest(project, overrides, today)
        if cache.disk.below(RENDER_CACHE, RENDER_CACHE_KEEP).get(key) is not None:
            return []  # a build or full check rendered exactly these inputs without a problem
        checked = hashlib.sha256(key + b"checked").digest()
        return cache.remembered(CHECKED_CACHE, CHECKED_CACHE_KEEP, checked,
                                lambda: _check_all_blocks(project, overrides, today, jobs, sample_from, cache),
                                keep_if=lambda problems: not problems)
    return _check_all_blocks(project, overrides, today, jobs, sample_from, cache)


def _check_all_blocks(project: Project, overrides: Path | None, today: dt.date, jobs: int,
                      sample_from: int, cache: Caches | None = None) -> list[Problem]:
    # the sample fails wherever the project would (render/sample.py); whatever it finds, the full project
    # is rendered for the messages
    shown = sample_project(project, today, sample_from) if may_sample(project, overrides) else project
    default = RenderContext(shown, project.default_language, today, overrides=overrides, cache=cache)
    others = [language for language in project.languages if language != project.default_language]
    if others:  # noting every Localizer call costs a fifth of the render: only another language replays them
        default.loc.calls = {}
    if _render_language(default, shown, overrides):
        return _full(project, overrides, today, jobs, cache)
    if not others:
        return []
    neutral = {name for name, reason in neutral_reasons(default.env, sorted(default._rendered)).items()
               if reason is None}
    for language in others:
        ctx = RenderContext(shown, language, today, overrides=overrides, cache=cache)
        if not _language_holds(ctx, shown, neutral, default.loc.calls):
            return _full(project, overrides, today, jobs, cache)
    return []


def _full(project: Project, overrides: Path | None, today: dt.date, jobs: int, cache: Caches | None) -> list[Problem]:
    """Every block in every language: the messages of today's full dry render, exactly."""
    return render_all_blocks(project, overrides, today, jobs=jobs, cache=cache)[1]


def _language_holds(ctx: RenderContext, project: Project, neutral: set[str],
                    calls: dict[tuple, tuple[str, tuple]]) -> bool:
    """Whether every block the pages of ctx's language use renders there (see the module docstring).
    `neutral`: the blocks rendered in the default language whose templates take the same path in every one."""
    used = {BLOCKS[name] for page in project.content.pages.values() if page.language == ctx.language
            for name in block_names(page.text)}
    in_full = sorted(used - neutral)
    for template in in_full:  # a problem here: the full render reports it with its exact message
        try:
            ctx.render_fragment(template)
        except Exception:  # noqa: BLE001 - whatever it is, the full render reports it
            return False
    for method, args in calls.values():
        try:
            getattr(ctx.loc, method)(*args)
        except Exception:  # noqa: BLE001
            return False
        if method in ("gettext", "pgettext", "ngettext") and not _formats_alike(ctx, method, args):
            return False
    return True


def _formats_alike(ctx: RenderContext, method: str, args: tuple[Any, ...]) -> bool:
    """Whether the translation formats with whatever variables the message ID formats with (Jinja's
    gettext always applies `%`; for ngettext with `num` added)."""
    if method == "gettext":
        source, translated = args[0], ctx.loc.translations.gettext(args[0])
    elif method == "pgettext":
        source, translated = args[1], ctx.loc.translations.pgettext(*args)
    else:
        source = args[0] if args[2] == 1 else args[1]
        translated = ctx.loc.translations.ngettext(*args)
    if translated == source:
        return True
    variables: dict[str, Any] = {"num": args[2]} if method == "ngettext" else {}
    for name, conversion in _PLACEHOLDER.findall(source):
        if name:
            variables[name] = _SAMPLES.get(conversion, 1)
    try:
        source % variables
    except (KeyError, ValueError, TypeError):
        return False  # cannot tell which variables it takes: render in full
    try:
        translated % variables
    except (KeyError, ValueError, TypeError):
        return False
    return True
