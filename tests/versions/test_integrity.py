"""The archive as a legal record: a missing archive, a changed file with its hash rewritten, a broken chain;
the first release of an empty history; `trustsite seal` for versions released before digests were kept."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from tests.conftest import cli_args
from trustsite.cli import main

TODAY = "2026-07-01"


def run(root: Path, *args: str, today: str = TODAY) -> Result:
    return CliRunner().invoke(main, cli_args([*args, "--root", str(root)], today, no_cache=True), catch_exceptions=False)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def second_version(root: Path) -> Result:
    """Release 2026.1 after an editorial change of the statement's prose."""
    page = root / "content" / "privacy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("is responsible for your data.",
                                                             "is responsible for your personal data."), encoding="utf-8")
    page = root / "content" / "privacy" / "index.de.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nWir beantworten Anfragen schnell.\n", encoding="utf-8")
    (root / "content" / "privacy" / "index.md").write_text(
        (root / "content" / "privacy" / "index.md").read_text(encoding="utf-8") + "\nWe answer requests quickly.\n",
        encoding="utf-8")
    return run(root, "release", "--effective", TODAY, "--level", "editorial")


def test_the_minimal_archive_is_sealed(minimal_copy: Path) -> None:
    result = run(minimal_copy, "check")
    assert result.exit_code == 0, result.output


def test_check_fails_on_a_version_without_its_archive(minimal_copy: Path) -> None:
    shutil.rmtree(minimal_copy / "archive" / "2025.1")
    result = run(minimal_copy, "check")
    assert result.exit_code == 1
    assert result.stderr == (
        'data/versions.yml:2:3: versions["2025.1"]: no archive: archive/2025.1/ is missing; a released version must '
        "stay readable as it was published: restore archive/2025.1/ from git (versions are recorded by "
        "'trustsite release')\n1 error in data/\n")


def test_check_fails_on_a_changed_file_whose_hash_was_rewritten_in_the_manifest(minimal_copy: Path) -> None:
    folder = minimal_copy / "archive" / "2025.1"
    statement = folder / "statement" / "en.md"
    statement.write_text(statement.read_text(encoding="utf-8").replace("Minimal Example GmbH", "Someone Else Ltd"),
                         encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["statement/en.md"] = sha(statement)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    result = run(minimal_copy, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    text = (minimal_copy / "data" / "versions.yml").read_text(encoding="utf-8")
    line = text[:text.index("manifest_sha256:")].count("\n") + 1
    assert lines[0].startswith(f'data/versions.yml:{line}:22: versions["2025.1"].manifest_sha256: '
                               "archive/2025.1/manifest.json does not match the SHA-256 recorded at release "
                               "(b49795d45cec..., now ")
    assert lines[0].endswith("...): the archived version was changed after release; a published version cannot "
                             "change: restore archive/2025.1/ from git")
    assert lines[1] == "1 error in data/"


def test_check_fails_on_a_removed_archive_folder_of_an_unlisted_version(minimal_copy: Path) -> None:
    assert second_version(minimal_copy).exit_code == 0
    (minimal_copy / "archive" / "2026.2").mkdir()
    shutil.copy(minimal_copy / "archive" / "2026.1" / "manifest.json", minimal_copy / "archive" / "2026.2" / "manifest.json")
    result = run(minimal_copy, "check")
    assert result.exit_code == 1
    assert "archive/2026.2: version '2026.2' is archived but missing from data/versions.yml" in result.stderr
    assert "archive/2026.2/manifest.json: names version '2026.1' but lies in archive/2026.2/" in result.stderr


def test_release_chains_each_manifest_to_the_one_before(minimal_copy: Path) -> None:
    result = second_version(minimal_copy)
    assert result.exit_code == 0, result.output
    first = minimal_copy / "archive" / "2025.1" / "manifest.json"
    manifest = json.loads((minimal_copy / "archive" / "2026.1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous"] == {"version": "2025.1", "sha256": sha(first)}
    versions = (minimal_copy / "data" / "versions.yml").read_text(encoding="utf-8")
    assert f"manifest_sha256: {sha(minimal_copy / 'archive' / '2026.1' / 'manifest.json')}" in versions
    assert run(minimal_copy, "check").exit_code == 0


def test_check_fails_on_a_broken_chain_even_with_both_digests_rewritten(minimal_copy: Path) -> None:
    """Rewriting an earlier version completely (file, manifest, its digest in data/versions.yml) still shows:
    the next version's manifest names the old digest."""
    assert second_version(minimal_copy).exit_code == 0
    folder = minimal_copy / "archive" / "2025.1"
    statement = folder / "statement" / "en.md"
    statement.write_text("# Something else\n", encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["statement/en.md"] = sha(statement)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    versions = minimal_copy / "data" / "versions.yml"
    versions.write_text(versions.read_text(encoding="utf-8").replace(
        "b49795d45cec63ba3b6f0d3ed05ffa2643d7d73b606d7868946e8c6e512c90ce", sha(folder / "manifest.json")),
        encoding="utf-8")
    result = run(minimal_copy, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"archive/2026.1/manifest.json: previous: names version '2025.1' with SHA-256 b49795d45cec..., but "
        f"archive/2025.1/manifest.json has {sha(folder / 'manifest.json')[:12]}...: the chain of versions is broken; "
        "a published version cannot change: restore archive/2025.1/ from git",
        "1 error in archive/"]


def test_check_fails_on_a_version_removed_from_the_middle_of_the_chain(minimal_copy: Path) -> None:
    assert second_version(minimal_copy).exit_code == 0
    shutil.rmtree(minimal_copy / "archive" / "2025.1")
    versions = minimal_copy / "data" / "versions.yml"
    text = versions.read_text(encoding="utf-8")
    versions.write_text("versions:\n" + text[text.index("  '2026.1':"):], encoding="utf-8")
    result = run(minimal_copy, "check")
    assert result.exit_code == 1
    assert ("archive/2026.1/manifest.json: previous: names version '2025.1' as the previous one, but archive/2025.1/ "
            "is not archived: the chain of versions is broken; restore archive/2025.1/ from git") in result.stderr


def test_release_works_on_an_empty_history(minimal_copy: Path) -> None:
    shutil.rmtree(minimal_copy / "archive")
    (minimal_copy / "data" / "versions.yml").write_text("versions: {}\n", encoding="utf-8")
    checked = run(minimal_copy, "check")
    assert checked.exit_code == 0, checked.output
    assert ("data/versions.yml:1:11: warning: versions: no version released yet: 'trustsite release --effective "
            "YYYY-MM-DD' records the first one (a site is built only once a version is released)") in checked.stderr
    result = run(minimal_copy, "release", "--effective", "2026-07-15")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("released 2026.1 (first version), effective 2026-07-15")
    manifest = json.loads((minimal_copy / "archive" / "2026.1" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["previous"] is None
    versions = (minimal_copy / "data" / "versions.yml").read_text(encoding="utf-8")
    assert versions.startswith("versions:\n  '2026.1':\n    published: 2026-07-01\n    effective: 2026-07-15\n")
    assert "level:" not in versions  # the first version has no level and no notice period
    after = run(minimal_copy, "check")
    assert after.exit_code == 0 and after.stderr == "", after.output


def test_the_first_version_needs_no_notice_period(minimal_copy: Path) -> None:
    shutil.rmtree(minimal_copy / "archive")
    (minimal_copy / "data" / "versions.yml").write_text("versions: {}\n", encoding="utf-8")
    result = run(minimal_copy, "release", "--effective", TODAY)
    assert result.exit_code == 0, result.output


def test_a_build_without_a_released_version_is_refused(minimal_copy: Path, tmp_path: Path) -> None:
    from tests.safety.helpers import one_line, trustsite

    shutil.rmtree(minimal_copy / "archive")
    (minimal_copy / "data" / "versions.yml").write_text("versions: {}\n", encoding="utf-8")
    result = trustsite(minimal_copy, "build", "-d", str(tmp_path / "site"))
    assert result.returncode == 1
    assert ("trustsite: no version of the statement is released yet; nothing was built.\n"
            "data/versions.yml: record the first one with 'trustsite release --effective YYYY-MM-DD'") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
    assert one_line(result.stderr).endswith("the published site was left as it was")


def _unseal(root: Path) -> None:
    for manifest_path in (root / "archive").glob("*/manifest.json"):
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        manifest.pop("previous")
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    versions = root / "data" / "versions.yml"
    versions.write_text("".join(line for line in versions.read_text(encoding="utf-8").splitlines(keepends=True)
                                if "manifest_sha256" not in line), encoding="utf-8")


def test_seal_migrates_versions_released_before_digests(minimal_copy: Path) -> None:
    assert second_version(minimal_copy).exit_code == 0
    _unseal(minimal_copy)
    files_before = {p: p.read_bytes() for p in (minimal_copy / "archive").rglob("*") if p.is_file() and p.name != "manifest.json"}
    before = run(minimal_copy, "check")
    assert before.exit_code == 1
    assert ("archive/2025.1/manifest.json: previous: not chained to the version released before it; run 'trustsite "
            "seal' once for versions released before trustsite sealed its archive") in before.stderr
    sealed = run(minimal_copy, "seal")
    assert sealed.exit_code == 0, sealed.output
    assert sealed.stdout.splitlines()[-1] == "the archive is sealed"
    assert run(minimal_copy, "check").exit_code == 0
    assert {p: p.read_bytes() for p in files_before} == files_before  # the archived content is untouched
    again = run(minimal_copy, "seal")
    assert again.stdout == "nothing to seal: every version is chained and recorded\n"


def test_seal_refuses_a_tampered_archive(minimal_copy: Path) -> None:
    _unseal(minimal_copy)
    (minimal_copy / "archive" / "2025.1" / "statement" / "de.md").write_text("x", encoding="utf-8")
    versions_before = (minimal_copy / "data" / "versions.yml").read_text(encoding="utf-8")
    result = run(minimal_copy, "seal")
    assert result.exit_code == 1
    assert result.stderr.startswith("refused: the archive does not match its manifests; restore it from git first:")
    assert "archive/2025.1/statement/de.md: the file does not match the manifest" in result.stderr
    assert (minimal_copy / "data" / "versions.yml").read_text(encoding="utf-8") == versions_before
