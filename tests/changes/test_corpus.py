"""The graded corpus (tests/changes/corpus/*.yml): no edit a lawyer calls significant is graded lower, at most
10 % of the edits a lawyer calls editorial are graded higher, and docs/pages/change-rules.md shows the current figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.changes.corpus import DOCS, FIGURES_END, FIGURES_START, Bases, Edit, Scored, figures, load_corpus, score

CORPUS = load_corpus()
_RESULTS: dict[str, Scored] = {}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scored]:
    """Every edit scored once per run (the per-edit tests and the figures share them)."""
    if len(_RESULTS) != len(CORPUS):
        work = tmp_path_factory.mktemp("corpus")
        bases = Bases()
        for n, edit in enumerate(CORPUS):
            if edit.id not in _RESULTS:
                _RESULTS[edit.id] = score(edit, work / str(n), bases)
    return _RESULTS


def test_corpus_is_large_varied_and_sourced() -> None:
    assert len(CORPUS) >= 150
    assert len({e.id for e in CORPUS}) == len(CORPUS)  # every edit has its own name
    assert len({e.fixture for e in CORPUS}) >= 2
    for level in ("significant", "review", "editorial"):
        assert sum(e.level == level for e in CORPUS) >= 30, level
    for edit in CORPUS:
        assert "WP260" in edit.source or "GDPR" in edit.source or "Art." in edit.source, edit.id


@pytest.mark.parametrize("edit", CORPUS, ids=[e.id for e in CORPUS])
def test_no_edit_is_graded_lower_than_the_lawyer_grades_it(edit: Edit, results: dict[str, Scored]) -> None:
    found = results[edit.id]
    assert not found.lower, f"lawyer: {edit.level} ({edit.source}); tool: {found.tool} by {found.rules}"


def test_editorial_edits_are_rarely_graded_higher(results: dict[str, Scored]) -> None:
    editorial = [r for r in results.values() if r.edit.level == "editorial"]
    over = [r for r in editorial if r.higher]
    print(figures(list(results.values())))
    assert len(over) <= 0.10 * len(editorial), [(r.edit.id, r.tool, r.rules) for r in over]


def test_docs_show_the_current_figures(results: dict[str, Scored]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    shown = text.split(FIGURES_START, 1)[1].split(FIGURES_END, 1)[0].lstrip("\n")
    ordered = [results[e.id] for e in CORPUS]
    assert shown == figures(ordered), "run: PYTHONPATH=hooks python -m tests.changes.corpus --write"


def test_corpus_operations_fail_loudly_on_a_stale_edit(tmp_path: Path) -> None:
    from tests.changes.corpus import run_edit

    stale = Edit("x", "passing_saas", "stale", "review", "GDPR", (), ({"replace": "content/privacy/index.md",
                                                                      "old": "no such words", "new": "x"},))
    with pytest.raises(AssertionError, match="no such words"):
        run_edit(stale, tmp_path)
