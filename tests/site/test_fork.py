"""A company forks the repository and replaces the example organisation with its own: the engine's tests
(which run on fixtures they own) and the site-level tests (which crawl whatever site the root project
builds) still pass. Proven on a copy of the repository's tracked files whose root project is replaced by
another organisation (by hand with a fixture project, and with `trustsite init --here`), running the test
suites there as the fork's CI would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL, PROJECT_DIRS, REPO, copy_project, read_mkdocs_config

pytestmark = pytest.mark.slow

SUITES = ["tests/site", "tests/trust", "tests/render", "tests/validate"]


def tracked_files(repo: Path) -> list[str]:
    if not (repo / ".git").exists() or shutil.which("git") is None:
        pytest.skip("the repository is not a git checkout: its tracked files are unknown")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True).stdout
    return [name for name in out.decode("utf-8").split("\0") if name]


def copy_tracked(fork: Path) -> Path:
    """The repository's tracked files, as they are in the working tree."""
    for name in tracked_files(REPO):
        source = REPO / name
        if source.is_file():
            (fork / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, fork / name)
    return fork


# What the minimal fixture's statement leaves out and a company's must say (GDPR Art. 13/14, as
# `trustsite coverage` and the root project's invariant test require), per language.
COMPLETING_BLOCKS = {
    "": "\n## Who we are {: #who-we-are }\n\n{{ controller }}\n\n{{ contacts }}\n\n## Recipients {: #recipients }\n\n"
        "{{ recipients }}\n\n{{ transfers }}\n\n## Changes to this statement {: #changes }\n\n{{ changes }}\n",
    ".de": "\n## Wer wir sind {: #who-we-are }\n\n{{ controller }}\n\n{{ contacts }}\n\n## Empfänger {: #recipients }\n\n"
           "{{ recipients }}\n\n{{ transfers }}\n\n## Änderungen dieser Erklärung {: #changes }\n\n{{ changes }}\n",
}


def replace_with_fixture(fork: Path, env: dict[str, str]) -> None:
    """By hand: the root project's data, content, documents, archive, translations, theme overrides and
    mkdocs.yml give way to the minimal fixture's (two languages, no trust center); the company completes its
    statement and releases that as a new version, as it must before publishing it."""
    config = read_mkdocs_config(fork)
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    for name in {*PROJECT_DIRS, config.get("docs_dir") or "docs", theme.get("custom_dir") or "overrides"}:
        shutil.rmtree(fork / name, ignore_errors=True)
    (fork / "mkdocs.yml").unlink()
    copy_project(MINIMAL, fork)
    for suffix, blocks in COMPLETING_BLOCKS.items():
        page = fork / "content" / "privacy" / f"index{suffix}.md"
        page.write_text(page.read_text(encoding="utf-8") + blocks, encoding="utf-8")
    # what readers are newly told (recipients, transfers) is significant: announced a notice period ahead
    released = subprocess.run([sys.executable, "-m", "trustsite.cli", "release", "--effective", "2027-01-05", "--today",
                               "2026-12-05", "--level", "significant"], cwd=fork, env=env, capture_output=True,
                              text=True, timeout=300)
    assert released.returncode == 0, released.stdout + released.stderr


def replace_with_init(fork: Path, env: dict[str, str]) -> None:
    """As the README tells a company: `trustsite init --here`, for a Polish retailer with a Czech subsidiary
    whose statement is in Polish (the default), English and Czech."""
    result = subprocess.run([sys.executable, "-m", "trustsite.cli", "init", "--organisation", "Acme Handel",
                             "--country", "PL", "--languages", "pl,en,cs", "--subsidiary", "CZ", "--here"],
                            cwd=fork, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def names_of(project: Path) -> list[str]:
    organisation = yaml.safe_load((project / "data" / "organisation.yml").read_text(encoding="utf-8"))["organisation"]
    return [organisation["controller"]["legal_name"], organisation["controller"]["trading_name"]]


@pytest.mark.parametrize("replace", [replace_with_fixture, replace_with_init], ids=["fixture", "init-here"])
def test_the_tests_pass_in_a_fork_that_replaced_the_example(tmp_path: Path, replace) -> None:
    fork = copy_tracked(tmp_path / "fork")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fork / "hooks"), str(fork)]),
           "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TRUSTSITE_TODAY", None)
    example = names_of(REPO)
    replace(fork, env)
    assert names_of(fork) != example
    leftovers = [p.relative_to(fork).as_posix() for p in [fork / "mkdocs.yml", *(fork / "data").rglob("*"),
                                                            *(fork / "content").rglob("*")]
                 if p.is_file() and any(name in p.read_text(encoding="utf-8") for name in example)]
    assert leftovers == []  # the root project is another organisation's, through and through
    result = subprocess.run([sys.executable, "-m", "pytest", *SUITES, "-q", "-m", "not slow", "-p", "no:cacheprovider",
                             "-o", "addopts=", f"--basetemp={tmp_path / 'basetemp'}"],
                            cwd=fork, env=env, capture_output=True, text=True, timeout=3600)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", summary) and not re.search(r"\b\d+ (failed|errors?)\b", summary), summary
