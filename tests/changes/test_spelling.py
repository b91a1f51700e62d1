"""Spelling corrections are editorial in every language the project publishes; words that change meaning never are."""

from __future__ import annotations

import pytest

from trustsite.changes.prose import text_kind
from trustsite.changes.spelling import SpellChecker, spell_checker

# (language, text with a typo, the corrected text): one real misspelling per language the example publishes
CORRECTIONS = [
    ("en", "We will recieve your request.", "We will receive your request."),
    ("de", "Ihr Arbeitgeber hat den Dienst gekauf.", "Ihr Arbeitgeber hat den Dienst gekauft."),
    ("fr", "Nous traitons votre comande.", "Nous traitons votre commande."),
    ("nb", "Vi behandler bestilingen din.", "Vi behandler bestillingen din."),
    ("da", "Vi sender en e-mail ellr et brev.", "Vi sender en e-mail eller et brev."),
    ("nl", "Wij verwerken uw persoonsgegevns.", "Wij verwerken uw persoonsgegevens."),
    ("sv", "Vi behandlar dina personuppgifer.", "Vi behandlar dina personuppgifter."),
    ("lt", "Juos perduodame tik nurodytiems gavejams.", "Juos perduodame tik nurodytiems gavėjams."),
]


def test_every_published_language_has_a_dictionary_here() -> None:
    """CI installs them (.ci/apt-packages.txt); without one, that language's typos would all go to review."""
    checker = spell_checker()
    assert [lang for lang, _, _ in CORRECTIONS if not checker.has_dictionary(lang)] == []


@pytest.mark.parametrize(("language", "typo", "fixed"), CORRECTIONS, ids=[c[0] for c in CORRECTIONS])
def test_a_corrected_misspelling_is_spelling(language: str, typo: str, fixed: str) -> None:
    assert text_kind(typo, fixed, language) == "spelling"


@pytest.mark.parametrize(("before", "after"), [
    ("You may object at any time.", "You must object at any time."),  # modal verb: both words are real
    ("We do sell your data.", "We do not sell your data."),  # a word inserted
    ("We keep it for 12 months.", "We keep it for 18 months."),  # a number
    ("We rely on your consnet.", "We rely on your consent."),  # a legal term, even misspelt
    ("We send you the form.", "We send you the from."),  # a dictionary word for another
    ("We keep the data.", "We keep teh data."),  # a typo introduced, not corrected
])
def test_meaning_changes_are_never_spelling(before: str, after: str) -> None:
    assert text_kind(before, after, "en") == "substantive"


def test_a_language_without_a_dictionary_is_strict() -> None:
    checker = SpellChecker()
    checker.languages["en"].tags = ("xx_NOPE",)  # as on a machine without hunspell-en-us
    checker.languages["en"]._dicts = None
    assert not checker.is_correction("recieve", "receive", "en")
    assert not checker.has_dictionary("en")


def test_a_missing_dictionary_is_named_in_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from tests.conftest import FIXTURES
    from trustsite.changes import spelling
    from trustsite.changes.report import compare, format_text
    from trustsite.project import load_project

    checker = SpellChecker()
    checker.languages["lt"].tags = ("xx_NOPE",)
    monkeypatch.setattr(spelling, "spell_checker", lambda: checker)
    base = load_project(FIXTURES / "passing_saas")
    pages = dict(base.content.pages)
    page = pages[("privacy/index", "lt")]
    from dataclasses import replace

    typo = replace(page, text=page.text.replace("nurodytiems gavėjams", "nurodytiems gavejams"))
    head_content = replace(base.content, pages={**pages, ("privacy/index", "lt"): page})
    base_content = replace(base.content, pages={**pages, ("privacy/index", "lt"): typo})
    report = compare(replace(base, content=base_content), replace(base, content=head_content), "a", "b",
                     today=dt.date(2026, 11, 25))
    assert report.level == "review"
    assert "note: no spelling dictionary for lt on this machine" in format_text(report)
