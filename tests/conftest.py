"""Shared fixtures: copies of projects to edit, and built sites shared by the end-to-end tests.

Two kinds of project: the one at the repository root (the shipped example, or the organisation of a fork
that replaced it), which only the site-level tests look at, and knowing nothing about it beyond its own
configuration and data; and the fixture projects the tests own (tests/fixtures/passing_*), on which the
engine's tests run. Nothing is built or edited inside the repository: every build is of a copy in a
temporary folder, so that parallel workers (pytest-xdist) never write the same file.
"""

from __future__ import annotations

import compileall
import datetime as dt
import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "passing_minimal"
FULL = FIXTURES / "passing_full"  # five languages, an archive of four versions: see its README.md
FULL_BUILD_DATE = "2026-07-01"  # 2026.1 in force, 2027.1 upcoming, every certification valid (see its README)

PROJECT_DIRS = ("data", "content", "documents", "archive", "translations", "overrides")


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile the engine once, before the workers start, where Python would itself if it were allowed to
    write (its __pycache__ folders, which git ignores): on a machine that sets PYTHONDONTWRITEBYTECODE, as CI
    containers often do, each of the suite's 170 trustsite and MkDocs processes would compile the engine's 115
    modules from their source, 0.06 to 0.1 s each."""
    if sys.dont_write_bytecode and not hasattr(config, "workerinput"):  # workerinput: a pytest-xdist worker
        byte_compile_engine()


def byte_compile_engine() -> Path:
    """Byte-compile the engine where Python looks for it (its __pycache__ folders, which git ignores), as `pip
    install` leaves an installed package (benchmarks/targets.py measures it so); the folder compiled."""
    import trustsite

    package = Path(trustsite.__file__).resolve().parent
    if not compileall.compile_dir(str(package), quiet=2):
        raise RuntimeError(f"could not byte-compile {package}")
    return package


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as data: MkDocs' own tags (!ENV, !!python/name:...) become None."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's own files: its folders, mkdocs.yml, the docs and theme folders and hook files
    mkdocs.yml names. A hook file outside the project (a fixture's ../../../hooks/...) is copied into the
    copy's hooks/ and mkdocs.yml points there, so that the copy builds wherever it is."""
    config = read_mkdocs_config(source)
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    folders = {*PROJECT_DIRS, config.get("docs_dir") or "docs", theme.get("custom_dir") or "overrides"}
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(folders):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns(".trustsite_cache"))
    text = (source / "mkdocs.yml").read_text(encoding="utf-8")
    for hook in config.get("hooks") or []:
        path = (source / hook).resolve()
        inside = path.is_relative_to(source.resolve())
        relative = path.relative_to(source.resolve()).as_posix() if inside else f"hooks/{path.name}"
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / relative)
        text = text.replace(f"- {hook}\n", f"- {relative}\n")
    (target / "mkdocs.yml").write_text(text, encoding="utf-8")
    return target


def overlay_fixture(fixture: Path, target: Path) -> None:
    """Copy a failing_* fixture's files over a project and delete what its delete.txt names."""
    for f in fixture.rglob("*"):
        if f.is_file() and f.name not in ("delete.txt", "expected.txt"):
            dest = target / f.relative_to(fixture)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest)
    deletions = fixture / "delete.txt"
    if deletions.is_file():
        for rel in deletions.read_text(encoding="utf-8").split():
            (target / rel).unlink()


def copy_example(target: Path) -> Path:
    """A copy of the project at the repository root (kept under this name for the tests that still read it)."""
    return copy_project(REPO, target)


def cli_args(argv: list[str], today: str | None = None, no_cache: bool = False) -> list[str]:
    """`trustsite ARGV` with the build date (--today) and without the cache (--no-cache), each where the command
    takes it: a command without --today reads no date (verify, coverage, translations)."""
    import click

    from trustsite.cli import main

    command: click.Command = main
    for word in argv:
        if not isinstance(command, click.Group) or word not in command.commands:
            break
        command = command.commands[word]
    taken = {param.name for param in command.params}
    return [*argv, *(["--today", today] if today is not None and "today" in taken and "--today" not in argv else []),
            *(["--no-cache"] if no_cache and "no_cache" in taken and "--no-cache" not in argv else [])]


def build_date_of(project: Path) -> str:
    """The date the tests build a project on: the first day on which every published version is on the
    site (an upcoming one too) and one of them is in force. The build then does not depend on the day
    the tests run; a project without a version is built as of today."""
    doc = yaml.safe_load((project / "data" / "versions.yml").read_text(encoding="utf-8")) or {}
    versions = [v for v in (doc.get("versions") or {}).values() if isinstance(v, dict)]
    published = [v["published"] for v in versions if isinstance(v.get("published"), dt.date)]
    effective = [v["effective"] for v in versions if isinstance(v.get("effective"), dt.date)]
    if not published or not effective:
        return dt.date.today().isoformat()
    return max(max(published) + dt.timedelta(days=1), min(effective)).isoformat()


ROOT_BUILD_DATE = build_date_of(REPO)
EXAMPLE_BUILD_DATE = ROOT_BUILD_DATE  # the name the tests of the root project's versions and browsers use


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A copy of the minimal project to edit."""
    return copy_project(MINIMAL, tmp_path / "minimal")


@pytest.fixture
def full_copy(tmp_path: Path) -> Path:
    """A copy of the complete fixture project (tests/fixtures/passing_full) to edit."""
    return copy_project(FULL, tmp_path / "full")


@pytest.fixture
def root_copy(tmp_path: Path) -> Path:
    """A copy of the project at the repository root, to check or edit without writing into the repository."""
    return copy_project(REPO, tmp_path / "root")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that make(folder) fills once per test run: under pytest-xdist the first worker that asks makes it in
    the run's shared temporary folder while the others wait; after a failed make, the next test that asks tries again
    (removing the half-made folder first)."""
    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers of this run share
    folder = shared / name
    with _locked(shared / f"{name}.lock"):
        if not folder.is_dir():
            making = shared / f"{name}.making"
            shutil.rmtree(making, ignore_errors=True)
            make(making)
            making.rename(folder)
    return folder


def build_once(factory: pytest.TempPathFactory, name: str, project: Path, today: str) -> Path:
    """A copy of `project` built once per test run (shared_once); nothing is written into the repository (the
    build's cache goes beside the copy). Built with --jobs 2: the other worker usually waits for the same site,
    its core idle (the result is byte-identical to a serial build: tests/site/test_build_command.py)."""
    from tests.site.helpers import build_site

    def make(folder: Path) -> None:
        copy = copy_project(project, folder / "project")
        result = build_site(copy, folder / "site", today=today, jobs=2)
        assert result.returncode == 0, result.stderr[-5000:]

    return shared_once(factory, f"built-{name}", make) / "site"


@pytest.fixture(scope="session")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site the project at the repository root builds (the example, or a fork's own organisation)."""
    return build_once(tmp_path_factory, "root", REPO, ROOT_BUILD_DATE)


@pytest.fixture(scope="session")
def example_site(root_site: Path) -> Path:
    """The root project's site, under the name the browser and version tests use."""
    return root_site


@pytest.fixture(scope="session")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete fixture project's site, for the engine's end-to-end tests."""
    return build_once(tmp_path_factory, "full", FULL, FULL_BUILD_DATE)


SITE_FIXTURES = {"root_site", "full_site", "example_site"}  # each builds a whole site once per run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are marked `browser`, tests on a whole built site `slow` (the default local run,
    pytest -m "not browser and not slow", leaves both out; CI runs everything)."""
    for item in items:
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
