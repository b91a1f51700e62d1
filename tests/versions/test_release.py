"""`trustsite release` and the archive: refusals, what is written, and integrity in `trustsite check`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.changes.editing import Edits
from tests.conftest import FULL, REPO, cli_args
from trustsite.cli import main
from trustsite.project import check_project
from trustsite.load.archive import archived_ids, read_statement, sha256

TODAY = "2026-11-25"


@pytest.fixture
def project(tmp_path: Path) -> Edits:
    edits = Edits(FULL, tmp_path / "project")
    assert (edits.root / "archive").is_dir() and (edits.root / "translations").is_dir()
    return edits


def run(edits: Edits, *args: str) -> Result:
    return CliRunner().invoke(main, cli_args([*args, "--root", str(edits.root)], TODAY), catch_exceptions=False)


def add_eu_subprocessor(e: Edits) -> None:
    e.data("subprocessors")["mailbirch"] = {
        "name": "Mailbirch", "legal_entity": "Mailbirch Oy", "entity_country": "FI", "category": "infrastructure",
        "service": e.text("E-mail delivery."), "purposes": ["support_requests"],
        "data_categories": ["identity_contact"], "processing_locations": ["FI"],
        "website": "https://mailbirch.example.com", "since": dt.date(2027, 2, 1),
    }
    e.data("subprocessor_changes")["mailbirch_added"] = {  # customers are told first (GDPR Art. 28(2))
        "announced": dt.date.fromisoformat(TODAY), "date": dt.date(2027, 2, 1), "change": "added",
        "subprocessor": "mailbirch", "summary": e.text("Mailbirch delivers our support e-mail."),
    }
    e.save()


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p) for p in sorted(root.rglob("*"))
            if p.is_file() and ".trustsite_cache" not in p.parts}


def test_release_refuses_a_significant_change_inside_the_notice_period(project: Edits) -> None:
    add_eu_subprocessor(project)
    before = snapshot(project.root)
    result = run(project, "release", "--effective", "2026-12-01")
    assert result.exit_code == 1
    # 2027.2 exists already, so the next ID is 2027.3 (IDs follow the order of release), not 2026.2
    assert ("significant changes since version 2027.2 need 30 days' notice: version 2027.3 can take effect on"
            " 2026-12-25 at the earliest, not 2026-12-01") in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(project.root) == before


def test_release_refuses_an_existing_id(project: Edits) -> None:
    add_eu_subprocessor(project)
    before = snapshot(project.root)
    result = run(project, "release", "--effective", "2027-03-01", "--id", "2026.1")
    assert result.exit_code == 1
    assert "version '2026.1' already exists" in result.stderr
    assert snapshot(project.root) == before


def test_release_refuses_when_check_fails(project: Edits) -> None:
    add_eu_subprocessor(project)
    project.replace("data/subprocessors.yml", "entity_country: FI", "entity_country: Finland")
    before = snapshot(project.root)
    result = run(project, "release", "--effective", "2027-03-01")
    assert result.exit_code == 1
    assert ".entity_country: expected an ISO 3166-1 alpha-2 code" in result.stderr
    assert "refused: the data or content is invalid (trustsite check fails)" in result.stderr
    assert snapshot(project.root) == before


def test_release_writes_the_archive_manifest_and_version(project: Edits) -> None:
    add_eu_subprocessor(project)
    result = run(project, "release", "--effective", "2027-03-02")
    assert result.exit_code == 0, result.output
    assert "released 2027.3 (significant since version 2027.2)" in result.stdout  # after 2027.2, never 2026.2
    assert "2027.3" in archived_ids(project.root)
    folder = project.root / "archive" / "2027.3"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == "2027.3" and manifest["released"] == TODAY
    assert manifest["files"]["data/subprocessors.yml"] == sha256(project.root / "data" / "subprocessors.yml")
    languages = project.data("organisation")["languages"]
    assert {f"statement/{lang}.md" for lang in languages} <= set(manifest["files"])
    assert "{{" not in read_statement(project.root, "2027.3", "nl")
    assert "Mailbirch" in read_statement(project.root, "2027.3", "de")
    versions = (project.root / "data" / "versions.yml").read_text(encoding="utf-8")
    assert "'2027.3':" in versions and "level: significant" in versions and "Mailbirch" in versions
    project_now, problems = check_project(project.root, dt.date.fromisoformat(TODAY))
    assert project_now is not None, problems
    assert project_now.versions["2027.3"].effective == dt.date(2027, 3, 2)
    again = run(project, "release", "--effective", "2027-03-02", "--id", "2027.3")
    assert again.exit_code == 1 and "already exists" in again.stderr
    earlier = run(project, "release", "--effective", "2027-03-02", "--id", "2026.7")
    assert earlier.exit_code == 1 and "'2026.7' sorts before 2027.3" in earlier.stderr


def test_release_refuses_to_take_effect_before_the_latest_version(project: Edits) -> None:
    add_eu_subprocessor(project)
    result = run(project, "release", "--effective", "2027-02-01")
    assert result.exit_code == 1
    assert ("the effective date 2027-02-01 is before that of version 2027.2 (2027-02-08); a new version holds every"
            " earlier one's changes, so it takes effect after them") in result.stderr


def test_release_refuses_when_nothing_changed(project: Edits) -> None:
    add_eu_subprocessor(project)
    assert run(project, "release", "--effective", "2027-03-02").exit_code == 0  # what changed is now released
    result = run(project, "release", "--effective", "2027-04-01")
    assert result.exit_code == 1
    assert "nothing changed since version 2027.3" in result.stderr


def test_check_reports_an_edited_archive_byte(project: Edits) -> None:
    target = project.root / "archive" / "2026.1" / "statement" / "nl.md"
    data = bytearray(target.read_bytes())
    data[100] = ord("X") if data[100] != ord("X") else ord("Y")
    target.write_bytes(bytes(data))
    result = run(project, "check")
    assert result.exit_code == 1
    assert ("archive/2026.1/statement/nl.md: the file does not match the manifest; a published version cannot "
            "change: restore it from git and release a new version instead") in result.stderr


def test_check_reports_added_and_removed_archive_files(project: Edits) -> None:
    (project.root / "archive" / "2025.1" / "data" / "purposes.yml").unlink()
    (project.root / "archive" / "2025.1" / "statement" / "xx.md").write_text("x", encoding="utf-8")
    result = run(project, "check")
    assert result.exit_code == 1
    assert "archive/2025.1/data/purposes.yml: missing, but listed in the manifest" in result.stderr
    assert "archive/2025.1/statement/xx.md: not in the manifest" in result.stderr


def test_the_root_projects_archive_is_intact() -> None:
    """Whatever organisation the repository holds (the example, or a fork's own): every released version is
    archived, nothing else is, and no archived file differs from its manifest."""
    from tests.site.root_features import ROOT
    from trustsite.validate.archive import check_archive

    assert check_archive(REPO, ROOT.project.versions) == []
    assert sorted(archived_ids(REPO)) == sorted(ROOT.project.versions)
