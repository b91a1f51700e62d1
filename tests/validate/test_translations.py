"""Translation staleness: a source edit makes its translations stale, located; updating and marking clears it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.conftest import cli_args
from trustsite.cli import main
from trustsite.validate.translations import sections, source_hash

TODAY = "2026-11-25"


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, cli_args([*args, "--root", str(root)], TODAY, no_cache=True))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_section_ids(root: Path) -> Path:
    for name in ("index.md", "index.de.md"):
        page = root / "content" / "privacy" / name
        text = page.read_text(encoding="utf-8")
        heading = "## Purposes" if name == "index.md" else "## Zwecke"
        if heading not in text:
            heading = next(line for line in text.splitlines() if line.startswith("## "))
        page.write_text(text.replace(heading, heading + " {: #purposes }", 1), encoding="utf-8")
    return root


def test_hash_ignores_rewrapping_only() -> None:
    assert source_hash("We send\n  the newsletter.") == source_hash("We send the newsletter.")
    assert source_hash("We send the newsletter.") != source_hash("We send the newsletters.")


def test_sections_by_heading_id() -> None:
    found = sections("Intro.\n\n## Who {: #who }\n\nText.\n\n## Why {#why}\n\nMore.\n")
    assert {k: v[1] for k, v in found.items()} == {"_intro": 1, "who": 3, "why": 7}
    assert found["who"][0].startswith("## Who") and "More." not in found["who"][0]


def test_nothing_recorded_means_no_warning(minimal_copy: Path) -> None:
    result = cli(minimal_copy, "check")
    assert result.exit_code == 0 and "stale" not in result.output
    status = cli(minimal_copy, "translations", "status")
    assert status.stdout.startswith("de: 0 current, 0 stale, ")


def test_a_source_edit_makes_the_translation_stale_until_updated(minimal_copy: Path) -> None:
    root = with_section_ids(minimal_copy)
    marked = cli(root, "translations", "mark", "de", "--all")
    assert marked.exit_code == 0 and marked.stdout.startswith("recorded ")
    assert (root / "translations" / "de.yml").is_file()
    assert "0 stale" in cli(root, "translations", "status").stdout

    purposes = root / "data" / "purposes.yml"
    replace(purposes, "We send the newsletter you asked for.", "We send the newsletter you asked for every week.")
    replace(root / "content" / "privacy" / "index.md", "{{ purposes }}", "Why we use data.\n\n{{ purposes }}")

    check = cli(root, "check")
    assert check.exit_code == 0  # a stale translation warns; it does not stop a build
    lines = [line for line in check.stderr.splitlines() if "stale" in line]
    assert lines[0].startswith("content/privacy/index.de.md:")  # the German section, at its heading
    assert "#purposes" in lines[0]
    data_line = next(line for line in lines if line.startswith("data/purposes.yml:"))
    assert "purposes.newsletter.description: the 'de' text is stale" in data_line
    line_no = int(data_line.split(":")[1])
    assert purposes.read_text(encoding="utf-8").splitlines()[line_no - 1].lstrip().startswith(("de:", "description:"))

    status = cli(root, "translations", "status", "--strict")
    assert status.exit_code == 1 and "de: " in status.stdout and " 2 stale" in status.stdout

    replace(purposes, "Wir senden Ihnen den bestellten Newsletter.", "Wir senden Ihnen wöchentlich den bestellten Newsletter.")
    assert cli(root, "translations", "mark", "de", "purposes.newsletter.description").exit_code == 0
    after = cli(root, "check")
    assert "purposes.newsletter.description" not in after.stderr and "#purposes" in after.stderr


def test_marking_an_unknown_key_is_a_usage_error(minimal_copy: Path) -> None:
    result = cli(minimal_copy, "translations", "mark", "de", "purposes.nonexistent.title")
    assert result.exit_code == 2 and "only 0 of the 1 keys name a unit" in result.stderr


def test_markdown_status_page(minimal_copy: Path) -> None:
    root = with_section_ids(minimal_copy)
    cli(root, "translations", "mark", "de", "--all")
    replace(root / "data" / "purposes.yml", "We send the newsletter you asked for.", "We send the newsletter.")
    page = cli(root, "translations", "status", "--format", "markdown").stdout
    assert "| de | " in page and "| stale |" in page
    assert "`purposes.newsletter.description`" in page


def test_status_counts_missing_translations_per_language(minimal_copy: Path) -> None:
    replace(minimal_copy / "data" / "purposes.yml", "de: Newsletter}", "}")
    (minimal_copy / "content" / "index.de.md").unlink()
    result = cli(minimal_copy, "translations", "status")
    assert result.exit_code == 1
    assert result.stdout == "de: 2 missing\n"
    assert "missing the 'de' text" in result.stderr and "for language 'de'" in result.stderr
