"""A language is declared in data/organisation.yml; `check` (not only a build) reports, located, every way
mkdocs.yml disagrees with it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from trustsite.cli import main

ENV = {"TRUSTSITE_TODAY": "2026-11-25", "TRUSTSITE_NO_CACHE": "1"}


def check(root: Path) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(root)], env=ENV)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_minimal_project_agrees(minimal_copy: Path) -> None:
    result = check(minimal_copy)
    assert result.exit_code == 0, result.stderr


def test_a_language_mkdocs_does_not_build(minimal_copy: Path) -> None:
    edit(minimal_copy / "mkdocs.yml", "        - locale: de\n          name: Deutsch\n          build: true\n",
         "        - locale: de\n          name: Deutsch\n          build: false\n")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert ("mkdocs.yml:26:9: plugins.i18n.languages: 'de' is a language of data/organisation.yml but is not built"
            " here; run 'trustsite languages add de' or add its entry") in result.stderr


def test_a_built_language_the_organisation_does_not_publish(minimal_copy: Path) -> None:
    edit(minimal_copy / "data" / "organisation.yml", "languages: [en, de]", "languages: [en]")
    for page in (minimal_copy / "content").rglob("*.de.md"):
        page.unlink()
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert ("mkdocs.yml:30:19: plugins.i18n.languages[1].locale: 'de' is built but is not a language of"
            " data/organisation.yml (en); add it there or remove it") in result.stderr


def test_another_default_language(minimal_copy: Path) -> None:
    edit(minimal_copy / "data" / "organisation.yml", "default_language: en", "default_language: de")
    result = check(minimal_copy)
    assert ("mkdocs.yml:27:20: plugins.i18n.languages[0].default: the default language here is 'en', but"
            " data/organisation.yml says 'de'") in result.stderr


def test_fallback_to_another_language(minimal_copy: Path) -> None:
    edit(minimal_copy / "mkdocs.yml", "fallback_to_default: false", "fallback_to_default: true")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert ("mkdocs.yml:22:28: plugins.i18n.fallback_to_default: must be false: legal text never falls back to"
            " another language (mkdocs-static-i18n falls back unless told not to)") in result.stderr


def test_fallback_left_at_its_default_is_refused_too(minimal_copy: Path) -> None:
    edit(minimal_copy / "mkdocs.yml", "      fallback_to_default: false   # legal text never silently falls back to English\n", "")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert "plugins.i18n.fallback_to_default: must be false" in result.stderr


def test_search_languages_follow_the_built_ones(minimal_copy: Path) -> None:
    edit(minimal_copy / "mkdocs.yml", "      reconfigure_search: true\n", "      reconfigure_search: false\n")
    edit(minimal_copy / "mkdocs.yml", "  - search\n", "  - search:\n      lang: [en, fr]\n")
    result = check(minimal_copy)
    assert result.exit_code == 0, result.stderr
    assert ("mkdocs.yml:20:13: warning: plugins.search.lang: 'de' is missing: search would not recognise the forms of"
            " a word in 'de' pages; add it to the list") in result.stderr
    assert ("mkdocs.yml:20:13: warning: plugins.search.lang: 'fr' is listed but no page is built in it; remove it"
            in result.stderr)
