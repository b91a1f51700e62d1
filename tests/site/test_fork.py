"""A company forks the repository and replaces the example organisation with its own: the engine's tests
(which run on fixtures they own) and the site-level tests (which crawl whatever site the root project
builds) still pass. Proven on a copy of the repository's tracked files whose root project is replaced by
another organisation (by hand with a fixture project, and with `trustsite init --here`), running the test
suites there as the fork's CI would."""

from __future__ import annotations

import datetime as dt
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


def run_pytest(fork: Path, env: dict[str, str], basetemp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest in the fork, as its CI runs it (no cache written into the fork, the repository's addopts aside)."""
    return subprocess.run([sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider", "-o", "addopts=",
                           f"--basetemp={basetemp}"], cwd=fork, env=env, capture_output=True, text=True, timeout=3600)


def make_fork(tmp_path: Path, replace) -> tuple[Path, dict[str, str]]:
    fork = copy_tracked(tmp_path / "fork")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fork / "hooks"), str(fork)]),
           "NO_MKDOCS_2_WARNING": "1"}
    example = names_of(REPO)
    replace(fork, env)
    assert names_of(fork) != example
    leftovers = [p.relative_to(fork).as_posix() for p in [fork / "mkdocs.yml", *(fork / "data").rglob("*"),
                                                            *(fork / "content").rglob("*")]
                 if p.is_file() and any(name in p.read_text(encoding="utf-8") for name in example)]
    assert leftovers == []  # the root project is another organisation's, through and through
    return fork, env


def assert_passed(result: subprocess.CompletedProcess[str]) -> str:
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", summary) and not re.search(r"\b\d+ (failed|errors?)\b", summary), summary
    return summary


# a test file that names the root project (or a fixture of its site) reads it; the others run on fixtures they own
READS_THE_ROOT = re.compile(r"\b(?:REPO|ROOT|root_site|example_site|root_features)\b")


def reading_the_root(fork: Path) -> list[str]:
    """The test files of SUITES that read the root project."""
    return sorted(path.relative_to(fork).as_posix() for suite in SUITES for path in (fork / suite).glob("test_*.py")
                  if READS_THE_ROOT.search(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(("replace", "everything"), [(replace_with_init, True), (replace_with_fixture, False)],
                         ids=["init-here", "fixture"])
def test_the_tests_pass_in_a_fork_that_replaced_the_example(tmp_path: Path, replace, everything: bool) -> None:
    """The fork made with `trustsite init --here` runs all four folders: the engine's tests pass whatever the root
    project is. The fork made by hand (two languages, no trust center) runs the tests that read the root project:
    the others have nothing to see in it."""
    fork, env = make_fork(tmp_path, replace)
    suites = SUITES if everything else reading_the_root(fork)
    assert "tests/validate/test_example_invariants.py" in reading_the_root(fork)  # the selection finds them
    assert_passed(run_pytest(fork, env, tmp_path / "basetemp", *suites, "-m", "not slow"))


def test_the_site_level_tests_check_the_site_of_a_fork_made_with_init_here(tmp_path: Path) -> None:
    """After `trustsite init --here` for a Polish organisation (pl, en, cs): every test of the repository
    collects; the browser tests visit the fork's languages, pages and versions; the site-level tests pass on the
    fork's own site; and a test that needs what the fork lacks (an advance notice, sub-processors) skips
    naming it."""
    from tests.conftest import build_date_of
    from tests.site.root_features import RootProject

    fork, env = make_fork(tmp_path, replace_with_init)
    root = RootProject(fork, dt.date.fromisoformat(build_date_of(fork)))
    collected = run_pytest(fork, env, tmp_path / "collect", "tests", "--collect-only")
    assert collected.returncode == 0, collected.stdout[-8000:] + collected.stderr[-2000:]
    ids = collected.stdout.splitlines()

    def params(test: str) -> list[str]:  # the parameters of a test, by file and name
        return [line.split("[", 1)[1].rstrip("]") for line in ids if line.startswith(f"{test}[")]

    version = f"privacy/versions/{root.shown_version}/"
    assert params("tests/browser/test_csp.py::test_language_switcher_keeps_the_page_under_the_policy") \
        == ["pl-en-privacy/", f"en-cs-{version}", "cs-pl-privacy/"]
    assert params("tests/browser/test_sweep.py::test_every_page_of_a_language") == ["pl", "en", "cs"]
    assert params("tests/browser/test_pages.py::test_advance_notice_banner_is_visible_and_leads_to_the_new_version") \
        == ["pl", "en", "cs"]
    assert params("tests/browser/test_pages.py::test_screenshots") == ["privacy/", version]
    assert params("tests/site/test_root_site.py::test_site_name_in_the_page_language") == ["pl", "en", "cs"]

    assert root.shown_version is not None  # init released the first version
    assert not root.is_shipped_example()
    assert root.languages == ["pl", "en", "cs"] and root.stemmed_language() == "en"
    assert root.unstemmed_language() == "cs"  # lunr.js has no Czech
    lacking = root.missing()
    assert set(lacking) == {"upcoming_version", "subprocessor_list"}, lacking

    site_level = run_pytest(fork, env, tmp_path / "site", "tests/site/test_root_site.py",
                            "tests/site/test_root_features.py", "tests/site/test_not_found.py", "-rs")
    summary = assert_passed(site_level)
    assert re.search(r"\b1 skipped\b", summary), summary  # the one test that needs an advance notice, saying so
    assert f"no release of data/versions.yml takes effect after {root.today.isoformat()}" in site_level.stdout
