"""A released version stays what it stated (issue 15: a data change after release updated the page that still said
"Version 2027.1, published on ..." while archive/2027.1 held something else, and nothing reported it).

Today's data may differ from the newest archived version only by that version's errata; an erratum corrects what a
version said about facts that were already true, so check refuses one the change table calls significant. The
pages of a version (its own page, and the statement page while it is in force) are its archive plus its errata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from trustsite.cli import main
from trustsite.project import check_project
from trustsite.render.context import RenderContext
from trustsite.versions.archive import read_statement
from trustsite.versions.pages import render_archived, render_current

RELEASED = "2026-12-05"
TODAY = dt.date(2026, 12, 20)

ERRATUM = """\
    errata:
      - date: 2026-12-10
        corrects: [{path}]
        text:
          en: The statement said that we only run the service; we also support it, as we always have.
          de: Die Erklärung sagte, dass wir den Dienst nur betreiben; wir unterstützen ihn auch, wie schon immer.
"""


def run(root: Path, *args: str, today: str = TODAY.isoformat()) -> Result:
    return CliRunner().invoke(main, [*args, "--root", str(root)], env={"TRUSTSITE_TODAY": today},
                              catch_exceptions=False)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_erratum(root: Path, vid: str, path: str) -> None:
    """An erratum at the end of version `vid`'s entry (the last entry of the minimal project's versions.yml)."""
    versions = root / "data" / "versions.yml"
    text = versions.read_text(encoding="utf-8")
    assert text.rstrip().endswith("de: Erste Fassung der Datenschutzerklärung.") or vid == "2025.1"
    if vid == "2025.1":
        text = text.replace("    effective: 2025-02-10\n", "    effective: 2025-02-10\n" + ERRATUM.format(path=path), 1)
    else:
        text = text.rstrip("\n") + "\n" + ERRATUM.format(path=path)
    versions.write_text(text, encoding="utf-8")


@pytest.fixture
def released(minimal_copy: Path) -> Path:
    """The minimal project released as version 2026.1 (in force from its release): its first archived version."""
    result = run(minimal_copy, "release", "--effective", RELEASED, "--id", "2026.1", "--today", RELEASED, today=RELEASED)
    assert result.exit_code == 0, result.output
    assert run(minimal_copy, "check").exit_code == 0
    return minimal_copy


def describe_support(root: Path) -> None:
    edit(root, "data/purposes.yml", "description: {en: We run the service you bought.,",
         "description: {en: We run the service you bought and support it.,")


def test_a_data_change_after_release_fails_check_with_its_place(released: Path) -> None:
    describe_support(released)
    result = run(released, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        "data/purposes.yml:15:18: purposes.service.description: differs from version 2026.1 as released"
        " (archive/2026.1/): description changed: [en] We run the service you bought. -> [en] We run the service you"
        " bought and support it.; the site presents today's data as version 2026.1: release a new version ('trustsite"
        " release'), or, if this corrects a statement about facts that were already true, record an erratum of"
        " version 2026.1 in data/versions.yml that corrects 'purposes.service.description'\n1 error in data/\n")


def test_a_removed_entry_is_located_in_the_archive(released: Path) -> None:
    edit(released, "data/purposes.yml", "    recipients: [service_providers]\n", "")
    result = run(released, "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("archive/2026.1/data/purposes.yml:21:17: ")
    assert "purposes.service.recipients: differs from version 2026.1 as released" in result.stderr


def test_a_prose_change_of_the_statement_fails_too(released: Path) -> None:
    edit(released, "content/privacy/index.md", "is responsible for your data.", "is responsible for all your data.")
    result = run(released, "check")
    assert result.exit_code == 1
    assert result.stderr.startswith("content/privacy/index.md:5:1: differs from version 2026.1 as released")
    assert "record an erratum of version 2026.1 in data/versions.yml that corrects 'content/privacy/index.md'" in result.stderr


def test_a_change_of_the_trust_center_s_own_records_needs_no_version(released: Path) -> None:
    edit(released, "data/subprocessor_changes.yml", "summary: {en: E-mail delivery by Example Mail.,",
         "summary: {en: E-mail delivery by Example Mail (newsletter).,")
    assert run(released, "check").exit_code == 0


def test_an_erratum_covers_the_difference_and_is_shown_on_the_version_s_pages(released: Path) -> None:
    describe_support(released)
    add_erratum(released, "2026.1", "purposes.service.description")
    result = run(released, "check")
    assert result.exit_code == 0, result.output
    project, _ = check_project(released, TODAY)
    ctx = RenderContext(project, "en", TODAY)
    version_page = render_archived(ctx, released, "2026.1")
    current = render_current(ctx, released, project.content.get("privacy/index", "en").text)
    for page in (version_page, current):
        assert '!!! note errata "Corrections to version 2026.1"' in page
        assert "**Corrected on December 10, 2026:** The statement said that we only run the service" in page
        assert page.index("Corrections to version 2026.1") < page.index("## Purposes")  # below the title
    # the version in force is its archive, as published: the corrected fact is in the erratum, not in its text
    assert "We run the service you bought and support it." not in current
    assert "We run the service you bought." in read_statement(released, "2026.1", "en")
    german = render_current(RenderContext(project, "de", TODAY), released, project.content.get("privacy/index", "de").text)
    assert "**Berichtigt am 10. Dezember 2026:** Die Erklärung sagte" in german


def test_an_erratum_cannot_make_a_significant_change(released: Path) -> None:
    edit(released, "data/purposes.yml", "    legal_basis: contract\n", "    legal_basis: consent\n")
    add_erratum(released, "2026.1", "purposes.service")
    result = run(released, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        "data/versions.yml:14:20: versions[\"2026.1\"].errata[0].corrects[0]: an erratum corrects what version 2026.1"
        " said about facts that were already true; this correction is a significant change (rule purpose-legal-basis:"
        " A purpose now relies on another legal basis or Art. 9 condition (or on several, each for part of it).), which readers must be told of before it"
        " takes effect: release a new version instead ('trustsite release')\n1 error in data/\n")


def test_an_erratum_of_an_older_version_is_classified_from_what_it_corrects(released: Path) -> None:
    add_erratum(released, "2025.1", "purposes.newsletter.legal_basis")
    result = run(released, "check")
    assert result.exit_code == 1
    assert "versions[\"2025.1\"].errata[0].corrects[0]: an erratum corrects what version 2025.1" in result.stderr
    assert "(rule purpose-legal-basis:" in result.stderr


def test_an_erratum_of_an_older_version_may_correct_its_prose(released: Path) -> None:
    add_erratum(released, "2025.1", "content/privacy/index.md")
    assert run(released, "check").exit_code == 0


def test_an_erratum_names_something_a_version_states(released: Path) -> None:
    add_erratum(released, "2026.1", "certifications.iso")
    result = run(released, "check")
    assert result.exit_code == 1
    assert ("versions[\"2026.1\"].errata[0].corrects[0]: 'certifications.iso' is not something a version states;"
            " an erratum corrects a data path of data/organisation.yml") in result.stderr


def test_release_still_works_while_today_s_data_differs(released: Path) -> None:
    describe_support(released)
    result = run(released, "release", "--effective", "2027-01-20", "--id", "2026.2", "--level", "editorial",
                 "--today", "2026-12-20")
    assert result.exit_code == 0, result.output
    assert run(released, "check").exit_code == 0
