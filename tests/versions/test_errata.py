"""A released version stays what it stated (issue 15: a data change after release updated the page that still said
"Version 2027.1, published on ..." while archive/2027.1 held something else, and nothing reported it).

Today's data may differ from the newest archived version while the next version is prepared: check notes it in one
line, and only a production build refuses it (tests/versions/test_drift_build.py) unless that version's errata record
it. An erratum corrects what a version said about facts that were already true, so check refuses one the change table
calls significant. The pages of a version (its own page, and the statement page while it is in force) are its
archive plus its errata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import cli_args
from trustsite.cli import main
from trustsite.project import check_project
from trustsite.render.context import RenderContext
from trustsite.load.archive import read_statement
from trustsite.versions.errata import check_released_project
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
    return CliRunner().invoke(main, cli_args([*args, "--root", str(root)], today), catch_exceptions=False)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_erratum(root: Path, vid: str, path: str) -> int:
    """An erratum of version `vid`, first among its errata; returns the line of its `corrects` list."""
    versions = root / "data" / "versions.yml"
    text = versions.read_text(encoding="utf-8")
    entry = text.index(f'  "{vid}":\n') if f'  "{vid}":\n' in text else text.index(f"  '{vid}':\n")
    head, rest = text[:entry], text[entry:]
    if "\n    errata:\n" in rest.split("\n  \"", 1)[0] + "\n":  # the version has errata: this one goes first
        rest = rest.replace("\n    errata:\n", "\n    errata:\n" + ERRATUM.format(path=path).split("\n", 1)[1], 1)
    else:
        first_line_end = rest.index("\n") + 1
        rest = rest[:first_line_end] + ERRATUM.format(path=path) + rest[first_line_end:]
    text = head + rest
    versions.write_text(text, encoding="utf-8")
    return text[:text.index(f"corrects: [{path}]", entry)].count("\n") + 1


@pytest.fixture
def released(minimal_copy: Path) -> Path:
    """The minimal project released as version 2026.1 (in force from its release): its first archived version."""
    result = run(minimal_copy, "release", "--effective", RELEASED, "--id", "2026.1", "--today", RELEASED, "--level",
                 "editorial", today=RELEASED)  # what changed since 2025.1 is what its errata record
    assert result.exit_code == 0, result.output
    assert run(minimal_copy, "check").exit_code == 0
    return minimal_copy


def describe_support(root: Path) -> None:
    edit(root, "data/purposes.yml", "description: {en: We run the service you bought.,",
         "description: {en: We run the service you bought and support it.,")


def unreleased(root: Path) -> list[str]:
    """What a production build would refuse: each difference from the newest released version, located."""
    project, problems = check_released_project(root, TODAY)
    assert project is not None, problems
    return [p.format() for p in project.unreleased.problems] if project.unreleased is not None else []


def test_check_passes_on_data_edited_after_release_with_one_note(released: Path) -> None:
    describe_support(released)
    result = run(released, "check")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "data/versions.yml: note: not released yet: 1 change since version 2026.1 (archive/2026.1/), the first in"
        " data/purposes.yml:15; 'trustsite build' refuses to publish it as version 2026.1: run 'trustsite release' to"
        " make the next version, or record an erratum of version 2026.1 in data/versions.yml for what corrects it;"
        " 'trustsite serve' and 'trustsite build --draft' show a draft\n")
    assert result.stdout.startswith("ok: 17 data files and 4 pages valid in en, de")


def test_a_data_change_after_release_is_located_where_it_was_made(released: Path) -> None:
    describe_support(released)
    assert unreleased(released) == [
        "data/purposes.yml:15:18: purposes.service.description: differs from version 2026.1 as released"
        " (archive/2026.1/): description changed: [en] We run the service you bought. -> [en] We run the service you"
        " bought and support it.; the site would present it as version 2026.1: release a new version ('trustsite"
        " release'), or, if this corrects a statement about facts that were already true, record an erratum of"
        " version 2026.1 in data/versions.yml that corrects 'purposes.service.description'"]


def test_a_removed_entry_is_located_in_the_archive(released: Path) -> None:
    edit(released, "data/purposes.yml", "    recipients: [service_providers]\n", "")
    (found,) = unreleased(released)
    assert found.startswith("archive/2026.1/data/purposes.yml:21:17: ")
    assert "purposes.service.recipients: differs from version 2026.1 as released" in found


def test_a_prose_change_of_the_statement_is_unreleased_too(released: Path) -> None:
    edit(released, "content/privacy/index.md", "is responsible for your data.", "is responsible for all your data.")
    (found,) = unreleased(released)
    assert found.startswith("content/privacy/index.md:5:1: differs from version 2026.1 as released")
    assert "record an erratum of version 2026.1 in data/versions.yml that corrects 'content/privacy/index.md'" in found
    assert "1 change since version 2026.1 (archive/2026.1/), the first in content/privacy/index.md:5;" in \
        run(released, "check").stderr


def test_a_change_of_the_trust_center_s_own_records_needs_no_version(released: Path) -> None:
    edit(released, "data/subprocessor_changes.yml", "summary: {en: E-mail delivery by Example Mail.,",
         "summary: {en: E-mail delivery by Example Mail (newsletter).,")
    assert unreleased(released) == []
    result = run(released, "check")
    assert result.exit_code == 0 and "note:" not in result.stderr


def test_an_erratum_covers_the_difference_and_is_shown_on_the_version_s_pages(released: Path) -> None:
    describe_support(released)
    add_erratum(released, "2026.1", "purposes.service.description")
    result = run(released, "check")
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr and unreleased(released) == []  # recorded: a production build may show it
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
    line = add_erratum(released, "2026.1", "purposes.service")
    result = run(released, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"data/versions.yml:{line}:20: versions[\"2026.1\"].errata[0].corrects[0]: an erratum corrects what version 2026.1"
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


def test_a_project_as_released_is_not_compared_with_its_archive(released: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check of a released project (CI, a production build) hashes the files a version states instead of
    reading the archive as a second project and diffing the two; any byte of them that differs brings the diff back."""
    import trustsite.versions.pages as pages

    read: list[str] = []
    real = pages.load_archived
    monkeypatch.setattr(pages, "load_archived", lambda root, vid: read.append(vid) or real(root, vid))
    assert unreleased(released) == [] and read == []
    edit(released, "data/purposes.yml", "purposes:\n", "purposes:  # reviewed\n")  # bytes, not meaning
    assert unreleased(released) == [] and read == ["2026.1"]
    edit(released, "data/purposes.yml", "purposes:  # reviewed\n", "purposes:\n")
    assert unreleased(released) == [] and read == ["2026.1"]  # as released again
    edit(released, "content/privacy/index.de.md", "für Ihre Daten", "für all Ihre Daten")  # one language's prose
    assert [line.split(": ", 1)[0] for line in unreleased(released)] == ["content/privacy/index.de.md:5:1"]
    assert len(read) == 2
