"""`trustsite diff` without BASE compares with what this organisation published (the archived version in
force), not with a git merge base — in a fork that would be the upstream example — and says what BASE was."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from trustsite.changes.states import default_base_for, published_base
from trustsite.cli import main


def release(root: Path, vid: str, effective: str) -> None:
    """Archive the project's data/ and content/ as version `vid` (as `trustsite release` freezes them)."""
    versions = root / "data" / "versions.yml"
    text = versions.read_text(encoding="utf-8")
    if f'"{vid}"' not in text:
        versions.write_text(text + f'  "{vid}":\n    published: {effective}\n    effective: {effective}\n', encoding="utf-8")
    if (root / "archive" / vid).is_dir():  # the minimal project ships its first version released
        return
    for folder in ("data", "content"):
        shutil.copytree(root / folder, root / "archive" / vid / folder)


def test_the_version_in_force_is_the_base(minimal_copy: Path) -> None:
    release(minimal_copy, "2025.1", "2025-02-10")
    release(minimal_copy, "2026.1", "2026-09-01")
    assert published_base(minimal_copy, dt.date(2026, 8, 31)).label == \
        "version 2025.1 as published (in force since 2025-02-10, archive/2025.1)"
    assert published_base(minimal_copy, dt.date(2026, 9, 1)).spec == str(minimal_copy / "archive" / "2026.1")
    assert published_base(minimal_copy, dt.date(2024, 1, 1)).label == \
        "version 2026.1 as published (latest archived, in force from 2026-09-01, archive/2026.1)"


def test_diff_names_its_base_and_sees_only_this_organisations_changes(minimal_copy: Path) -> None:
    release(minimal_copy, "2025.1", "2025-02-10")
    purposes = minimal_copy / "data" / "purposes.yml"
    purposes.write_text(purposes.read_text(encoding="utf-8").replace("We send the newsletter you asked for.",
                                                                     "We send the monthly newsletter you asked for."),
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", "--root", str(minimal_copy), "--today", "2026-01-01", "--no-cache"])
    assert result.exit_code in (0, 3), result.output
    first = result.output.splitlines()[0]
    assert first.endswith("version 2025.1 as published (in force since 2025-02-10, archive/2025.1) -> working tree"
                          f" ({minimal_copy.as_posix()})"), first
    assert "purposes.newsletter" in result.output or "newsletter" in result.output


def test_before_the_first_release_the_merge_base_is_named(minimal_copy: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(minimal_copy), *args], check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                            "GIT_COMMITTER_EMAIL": "t@example.com", "PATH": "/usr/bin:/bin"})

    shutil.rmtree(minimal_copy / "archive")  # nothing released yet
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "start")
    base = default_base_for(minimal_copy, dt.date(2026, 1, 1))
    assert base.label.startswith("merge base with the main branch (") and base.label.endswith("; nothing is archived yet)")
