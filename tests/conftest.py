"""Shared fixtures: the repository's example project and copies of fixture projects to edit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "passing_minimal"


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
    """A copy of the repository's example project (data, content, documents, archive, translations,
    overrides, mkdocs.yml, hook file)."""
    for name in ("data", "content", "documents", "archive", "translations", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    (target / "hooks").mkdir()
    shutil.copyfile(REPO / "hooks" / "trustsite_hooks.py", target / "hooks" / "trustsite_hooks.py")
    shutil.copyfile(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    """A copy of the minimal project whose mkdocs.yml points at the repository's hook file."""
    target = tmp_path / "minimal"
    shutil.copytree(MINIMAL, target)
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("../../../hooks/trustsite_hooks.py", str(REPO / "hooks" / "trustsite_hooks.py"))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


EXAMPLE_BUILD_DATE = "2026-07-01"  # pinned so that the version in force (and every expiry) is known


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per session (per xdist worker) for every end-to-end test (site/ and trust/),
    from a copy: the build keeps its parse cache in the project folder, which workers must not share."""
    from tests.site.helpers import build_site

    work = tmp_path_factory.mktemp("example")
    out = work / "site"
    result = build_site(copy_example(work / "project"), out, today=EXAMPLE_BUILD_DATE)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(autouse=True)
def no_parse_cache_from_another_test() -> Iterator[None]:
    """The CLI turns the parse cache on for its --root (a process-wide setting): reset it around every test, so
    that no test writes into a cache another test (or another xdist worker, for the example) set up."""
    from trustsite.load.cache import use_cache

    use_cache(None)
    yield
    use_cache(None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests are marked `browser`, tests on the built example site `slow` (the default local run,
    pytest -m "not browser and not slow", leaves both out; CI runs everything)."""
    for item in items:
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
        if "example_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
