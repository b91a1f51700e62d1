"""The first version of a new history: `trustsite release` on `versions: {}` (no diff, no notice period)."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from trustsite.cli import main
from trustsite.versions.release import append_entry

TODAY = "2026-11-25"


def test_an_empty_history_is_a_warning_and_its_first_release_takes_effect_today(minimal_copy: Path) -> None:
    shutil.rmtree(minimal_copy / "archive")  # the minimal project's released version goes with its history
    versions = minimal_copy / "data" / "versions.yml"
    versions.write_text("# the history\nversions: {}\n", encoding="utf-8")
    on_the_day = ["--root", str(minimal_copy), "--today", TODAY, "--no-cache"]
    result = CliRunner().invoke(main, ["check", *on_the_day])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("data/versions.yml:2:11: warning: versions: no version released yet: 'trustsite release "
                             "--effective YYYY-MM-DD' records the first one (a site is built only once a version is "
                             "released)\n1 warning in data/\n")
    result = CliRunner().invoke(main, ["release", *on_the_day, "--effective", TODAY])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("released 2026.1 (first version), effective 2026-11-25")
    text = versions.read_text(encoding="utf-8")
    assert text.startswith("# the history\nversions:\n  '2026.1':\n    published: 2026-11-25\n"
                           "    effective: 2026-11-25\n")  # the same date twice, never a YAML alias
    assert "*id" not in text and "&id" not in text
    assert (minimal_copy / "archive" / "2026.1" / "manifest.json").is_file()
    assert CliRunner().invoke(main, ["check", *on_the_day]).exit_code == 0


def test_append_entry_keeps_what_stands_above() -> None:
    entry = '  "2026.2":\n    published: 2026-12-01\n'
    assert append_entry("versions: {}  # none yet\n", entry) == "versions:\n" + entry
    assert append_entry('versions:\n  "2026.1":\n    published: 2026-11-01\n', entry) == \
        'versions:\n  "2026.1":\n    published: 2026-11-01\n\n' + entry


def test_a_build_before_the_first_release_says_what_to_do(minimal_copy: Path) -> None:
    shutil.rmtree(minimal_copy / "archive")
    (minimal_copy / "data" / "versions.yml").write_text("versions: {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(minimal_copy), "--today", TODAY, "--no-cache"])
    assert result.exit_code == 1
    assert ("trustsite: no version of the statement is released yet; nothing was built.\n"
            "data/versions.yml: record the first one with 'trustsite release --effective YYYY-MM-DD'") in result.stderr
    assert "Traceback" not in result.output and "ValueError" not in result.stderr
    assert not (minimal_copy / "site").exists()
