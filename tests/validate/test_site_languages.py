"""A language is declared in data/organisation.yml; `check` (not only a build) reports, located, every way
mkdocs.yml disagrees with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from trustsite.cli import main

TODAY = "2026-11-25"


def check(root: Path) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(root), "--today", TODAY, "--no-cache"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_minimal_project_agrees(minimal_copy: Path) -> None:
    result = check(minimal_copy)
    assert result.exit_code == 0, result.stderr


# case -> the edits (file, old, new) of the minimal project, whether its German pages go, the exit code of check,
# and lines its stderr must hold, exactly
DISAGREEMENTS = {
    "a language mkdocs does not build": (
        [("mkdocs.yml", "        - locale: de\n          name: Deutsch\n          build: true\n",
          "        - locale: de\n          name: Deutsch\n          build: false\n")], False, 1,
        ["mkdocs.yml:26:9: plugins.i18n.languages: 'de' is a language of data/organisation.yml but is not built here;"
         " run 'trustsite languages add de' or add its entry"]),
    "a built language the organisation does not publish": (
        [("data/organisation.yml", "languages: [en, de]", "languages: [en]")], True, 1,
        ["mkdocs.yml:30:19: plugins.i18n.languages[1].locale: 'de' is built but is not a language of"
         " data/organisation.yml (en); add it there or remove it"]),
    "another default language": (
        [("data/organisation.yml", "default_language: en", "default_language: de")], False, 1,
        ["mkdocs.yml:27:20: plugins.i18n.languages[0].default: the default language here is 'en', but"
         " data/organisation.yml says 'de'"]),
    "fallback to another language": (
        [("mkdocs.yml", "fallback_to_default: false", "fallback_to_default: true")], False, 1,
        ["mkdocs.yml:22:28: plugins.i18n.fallback_to_default: must be false: legal text never falls back to another"
         " language (mkdocs-static-i18n falls back unless told not to)"]),
    "fallback left at its default": (
        [("mkdocs.yml", "      fallback_to_default: false   # legal text never silently falls back to English\n", "")],
        False, 1,
        ["mkdocs.yml:21:7: plugins.i18n.fallback_to_default: must be false: legal text never falls back to another"
         " language (mkdocs-static-i18n falls back unless told not to)"]),
    "search languages that do not follow the built ones": (
        [("mkdocs.yml", "      reconfigure_search: true\n", "      reconfigure_search: false\n"),
         ("mkdocs.yml", "  - search\n", "  - search:\n      lang: [en, fr]\n")], False, 0,
        ["mkdocs.yml:20:13: warning: plugins.search.lang: 'de' is missing: search would not recognise the forms of a"
         " word in 'de' pages; add it to the list",
         "mkdocs.yml:20:13: warning: plugins.search.lang: 'fr' is listed but no page is built in it; remove it"]),
}


@pytest.mark.parametrize("case", DISAGREEMENTS)
def test_each_disagreement_is_reported_located(minimal_copy: Path, case: str) -> None:
    edits, without_german_pages, code, expected = DISAGREEMENTS[case]
    for file, old, new in edits:
        edit(minimal_copy / file, old, new)
    if without_german_pages:
        for page in (minimal_copy / "content").rglob("*.de.md"):
            page.unlink()
    result = check(minimal_copy)
    assert result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert [line for line in expected if line not in lines] == []
