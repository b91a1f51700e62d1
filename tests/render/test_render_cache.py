"""The render cache: a second check of unchanged inputs takes every block from the cache, identical to a
fresh render; changing data, a template or the build date renders again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from trustsite.load.cache import Caches
from trustsite.project import check_project
from trustsite.render import dryrun
from trustsite.paths import PACKAGE_FRAGMENTS

TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def cached(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def render(folder: Path, project_root: Path, overrides: Path | None,
           today: dt.date = TODAY) -> dict[str, dict[str, str]]:
    """What one run (a check, a build) with its cache in `folder` renders."""
    cache = Caches(folder)
    project, problems = check_project(project_root, today, cache=cache)
    assert project is not None, problems
    contexts, problems = dryrun.render_all_blocks(project, overrides, today, cache=cache)
    assert problems == []
    return {language: dict(ctx._rendered) for language, ctx in contexts.items()}


def test_unchanged_inputs_come_from_the_cache(minimal_copy: Path, cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = None
    fresh = render(cached, minimal_copy, overrides)
    assert fresh["en"] and fresh["de"]
    calls = []
    monkeypatch.setattr(dryrun, "_render_all_blocks", lambda *args: calls.append(args) or ({}, []))
    assert render(cached, minimal_copy, overrides) == fresh
    assert calls == []  # nothing was rendered


def test_data_templates_and_date_are_part_of_the_key(minimal_copy: Path, cached: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(PACKAGE_FRAGMENTS, overrides / "fragments")  # the project's own copy of every fragment
    first = render(cached, minimal_copy, overrides)

    purposes = minimal_copy / "data" / "purposes.yml"
    purposes.write_text(purposes.read_text(encoding="utf-8").replace("We send the newsletter you asked for.",
                                                                     "We send the monthly newsletter you asked for."),
                        encoding="utf-8")
    after_data = render(cached, minimal_copy, overrides)
    assert "monthly newsletter" in after_data["en"]["purposes.md"]
    assert "monthly newsletter" not in first["en"]["purposes.md"]

    fragment = overrides / "fragments" / "purposes.md"
    fragment.write_text(fragment.read_text(encoding="utf-8") + "\nA sentence added to the template.\n", encoding="utf-8")
    after_template = render(cached, minimal_copy, overrides)
    assert "A sentence added to the template." in after_template["de"]["purposes.md"]

    renders = []
    real = dryrun._render_all_blocks
    monkeypatch.setattr(dryrun, "_render_all_blocks", lambda *args: renders.append(args[2]) or real(*args))
    render(cached, minimal_copy, overrides)
    assert renders == []  # unchanged since the last render
    render(cached, minimal_copy, overrides, dt.date(2026, 7, 2))  # the version in force and expiries depend on the date
    assert renders == [dt.date(2026, 7, 2)]


def test_the_cache_keeps_a_few_renders_only(minimal_copy: Path, cached: Path) -> None:
    purposes = minimal_copy / "data" / "purposes.yml"
    text = purposes.read_text(encoding="utf-8")
    for i in range(dryrun.RENDER_CACHE_KEEP + 3):
        purposes.write_text(text.replace("asked for.", f"asked for ({i})."), encoding="utf-8")
        render(cached, minimal_copy, None)
    assert len(list((cached / dryrun.RENDER_CACHE).glob("*.pickle"))) == dryrun.RENDER_CACHE_KEEP


def test_prose_edits_keep_the_blocks_and_a_moved_block_renders_again(minimal_copy: Path, cached: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A block depends on the pages only through which blocks they use (the links between them): a `trustsite
    serve` save of a sentence takes every block from the cache; adding a block to a page renders again."""
    render(cached, minimal_copy, None)
    renders = []
    real = dryrun._render_all_blocks
    monkeypatch.setattr(dryrun, "_render_all_blocks", lambda *args: renders.append(args) or real(*args))
    page = minimal_copy / "content" / "privacy" / "index.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin weiterer Satz.\n", encoding="utf-8")
    render(cached, minimal_copy, None)
    assert renders == []
    for name in ("index.md", "index.de.md"):  # every language must use the same blocks
        home = minimal_copy / "content" / name
        home.write_text(home.read_text(encoding="utf-8") + "\n{{ rights }}\n", encoding="utf-8")
    render(cached, minimal_copy, None)
    assert len(renders) == 1
