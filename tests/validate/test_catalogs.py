"""Label catalogs: a label without a translation in a published language stops `check` and the build, located;
English is the labels' source language whatever the site's default language is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import trustsite.paths
from tests.conftest import cli_args
from trustsite.cli import main
from trustsite.paths import PACKAGE_LOCALES
from trustsite.validate.catalogs import catalog_reviews, check_catalogs

TODAY = "2026-11-25"


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, cli_args([*args, "--root", str(root)], TODAY, no_cache=True))


@pytest.fixture
def package_locales(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's catalogs that a test may break (the installed package stays as it is)."""
    copy = tmp_path / "locales"
    shutil.copytree(PACKAGE_LOCALES, copy)
    monkeypatch.setattr(trustsite.paths, "PACKAGE_LOCALES", copy)
    monkeypatch.setattr(trustsite.paths, "CATALOG_TEMPLATE", copy / "messages.pot")
    monkeypatch.setattr("trustsite.validate.catalogs.CATALOG_TEMPLATE", copy / "messages.pot")
    return copy


def edit_entry(po: Path, msgid: str, new_block: str) -> int:
    """Replace the msgid/msgstr pair of `msgid` with `new_block`; the line of its msgid."""
    lines = po.read_text(encoding="utf-8").split("\n")
    start = lines.index(f'msgid "{msgid}"')
    end = start + 1
    while end < len(lines) and lines[end].startswith(("msgstr", '"')):
        end += 1
    lines[start:end] = new_block.split("\n") if new_block else []
    po.write_text("\n".join(lines), encoding="utf-8")
    return start + 1


def test_every_shipped_catalog_is_complete() -> None:
    languages = sorted(p.name for p in PACKAGE_LOCALES.iterdir() if p.is_dir())
    assert len(languages) == 26  # every official EU/EEA language but English, the source language
    assert check_catalogs(languages, None) == []


def test_an_empty_translation_is_located(minimal_copy: Path, package_locales: Path) -> None:
    po = package_locales / "de" / "LC_MESSAGES" / "messages.po"
    line = edit_entry(po, "Legal basis", 'msgid "Legal basis"\nmsgstr ""')
    result = cli(minimal_copy, "check")
    assert result.exit_code == 1
    assert (f"{po.resolve().as_posix()}:{line}:1: labels.de: the translation of \"Legal basis\" is empty; write it"
            " and remove any '#, fuzzy' line above it") in result.stderr


def test_a_fuzzy_translation_is_located(minimal_copy: Path, package_locales: Path) -> None:
    po = package_locales / "de" / "LC_MESSAGES" / "messages.po"
    line = edit_entry(po, "Legal basis", '#, fuzzy\nmsgid "Legal basis"\nmsgstr "Rechtsgrundlage"') + 1
    result = cli(minimal_copy, "check")
    assert result.exit_code == 1
    assert (f"{po.resolve().as_posix()}:{line}:1: labels.de: the translation of \"Legal basis\" is fuzzy (not yet"
            " confirmed); write it and remove any '#, fuzzy' line above it") in result.stderr


def test_a_catalog_older_than_the_templates(minimal_copy: Path, package_locales: Path) -> None:
    po = package_locales / "de" / "LC_MESSAGES" / "messages.po"
    edit_entry(po, "Legal basis", "")
    result = cli(minimal_copy, "check")
    assert result.exit_code == 1
    assert (f"{po.resolve().as_posix()}: labels.de: no translation of \"Legal basis\" (the catalog is older than the"
            " templates); add it with its msgstr") in result.stderr


def test_a_missing_catalog_stops_check_and_build(minimal_copy: Path, package_locales: Path) -> None:
    shutil.rmtree(package_locales / "de")
    result = cli(minimal_copy, "check")
    assert result.exit_code == 1
    assert "mkdocs.yml: no label catalog for 'de': every table header and citation would be shown in English" in result.stderr
    build = cli(minimal_copy, "build")
    assert build.exit_code == 1
    assert "no label catalog for 'de'" in build.stderr


def test_a_catalog_made_by_pybabel_init_is_refused(minimal_copy: Path, package_locales: Path) -> None:
    """An empty catalog (every msgstr empty) is no translation at all: every label is reported."""
    from babel.messages.pofile import read_po, write_po

    with (package_locales / "messages.pot").open("rb") as fh:
        template = read_po(fh)
    template.locale = "de"
    with (package_locales / "de" / "LC_MESSAGES" / "messages.po").open("wb") as fh:
        write_po(fh, template)
    result = cli(minimal_copy, "check")
    assert result.exit_code == 1
    assert result.stderr.count("labels.de: the translation of") == len([m for m in template if m.id])


def test_the_projects_own_catalog_comes_first(minimal_copy: Path, package_locales: Path) -> None:
    """A project rewording one label keeps the package's translation of the rest; its own empty entry does not hide
    the package's."""
    po = package_locales / "de" / "LC_MESSAGES" / "messages.po"
    edit_entry(po, "Legal basis", 'msgid "Legal basis"\nmsgstr ""')
    own = minimal_copy / "overrides" / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    own.parent.mkdir(parents=True)
    own.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                   'msgid "Legal basis"\nmsgstr "Rechtsgrundlage der Verarbeitung"\n', encoding="utf-8")
    assert cli(minimal_copy, "check").exit_code == 0


def test_english_needs_no_catalog_even_when_it_is_not_the_default(minimal_copy: Path, package_locales: Path) -> None:
    shutil.rmtree(package_locales / "de")
    assert check_catalogs(["en"], None) == []
    assert [p.message.split(":")[0] for p in check_catalogs(["en", "de"], None)] == ["no label catalog for 'de'"]


def test_translations_status_lists_each_catalogs_review(minimal_copy: Path, package_locales: Path) -> None:
    reviews_file = package_locales / "reviews.yml"
    text = reviews_file.read_text(encoding="utf-8")
    result = cli(minimal_copy, "translations", "status")
    assert ("labels de: not reviewed (a reviewer records their name and the date in locales/reviews.yml); terminology"
            " checked against the official GDPR text on 2026-12-06") in result.output.splitlines()
    old = ("  de: {translated_by: trustsite contributors, reviewed_by: null, reviewed_on: null, "
           "terminology_checked_on: 2026-12-06}")
    assert old in text
    reviews_file.write_text(text.replace(old, "  de: {translated_by: trustsite contributors, reviewed_by: A. Jurist, "
                                              "reviewed_on: 2026-11-30}"), encoding="utf-8")
    reviews = catalog_reviews(["en", "de"], None)
    assert [(r.language, r.reviewed_by, r.reviewed_on) for r in reviews] == [("de", "A. Jurist", "2026-11-30")]
    result = cli(minimal_copy, "translations", "status")
    assert "labels de: reviewed by A. Jurist on 2026-11-30" in result.output


def test_every_shipped_catalog_has_a_review_record() -> None:
    languages = sorted(p.name for p in PACKAGE_LOCALES.iterdir() if p.is_dir())
    assert [r.language for r in catalog_reviews(languages, None)] == languages
