"""`trustsite build`: a failed build never replaces a good site, and `--jobs N` builds the languages in
parallel processes into a site byte-identical to the serial build."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, FULL_BUILD_DATE, overlay_fixture


def trustsite_build(root: Path, site: Path, *args: str, env: dict[str, str] | None = None,
                    program: tuple[str, str] = ("-m", "trustsite.cli")) -> subprocess.CompletedProcess[str]:
    """`trustsite build` of `root` into `site`; `program` runs the command line another way (a script).
    The build date suits both fixture projects (the minimal one's version is in force long before)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, *program, "build", "--root", str(root), "-d", str(site), "--today",
                           FULL_BUILD_DATE, *args],
                          capture_output=True, text=True, env=env, cwd=root, timeout=600)


def fingerprint(site: Path) -> dict[str, str]:
    """Every file of a site by its path, with a hash of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith("."))


@pytest.mark.slow
def test_parallel_build_is_byte_identical_to_the_serial_build(full_copy: Path, tmp_path: Path) -> None:
    serial = trustsite_build(full_copy, tmp_path / "serial", "--jobs", "1")
    assert serial.returncode == 0, serial.stderr
    # without the cache the serial build filled: the blocks are rendered in two processes too
    parallel = trustsite_build(full_copy, tmp_path / "parallel", "--jobs", "2", "--no-cache")
    assert parallel.returncode == 0, parallel.stderr
    assert "(2 jobs)" in parallel.stdout
    a, b = fingerprint(tmp_path / "serial"), fingerprint(tmp_path / "parallel")
    assert sorted(set(a) ^ set(b)) == []
    assert [path for path in a if a[path] != b[path]] == []
    for language in ("nl", "fr", "lt"):  # every language is really there, merged from the workers
        assert (tmp_path / "parallel" / language / "trust" / "subprocessors" / "index.html").is_file()
    sitemap = (tmp_path / "parallel" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://trust.example.com/lt/trust/subprocessors/" in sitemap
    assert "https://trust.example.com/trust/subprocessors/" in sitemap
    assert leftovers(tmp_path / "parallel") == []


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_invalid_data_leaves_the_published_site_as_it_was(minimal_copy: Path, tmp_path: Path, jobs: str) -> None:
    site = tmp_path / "published"
    first = trustsite_build(minimal_copy, site, "--jobs", jobs)
    assert first.returncode == 0, first.stderr
    before = fingerprint(site)
    overlay_fixture(FIXTURES / "failing_bad_email", minimal_copy)
    second = trustsite_build(minimal_copy, site, "--jobs", jobs)
    assert second.returncode == 1
    assert "data/organisation.yml:15:12: organisation.dpo.email" in second.stderr
    assert second.stderr.count("organisation.dpo.email") == 1  # reported once, not again by each worker
    assert "the published site was left as it was" in second.stderr
    assert "Traceback" not in second.stderr
    assert fingerprint(site) == before
    assert leftovers(site) == []


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_failing_after_its_pages_are_written_publishes_nothing(minimal_copy: Path, tmp_path: Path,
                                                                       jobs: str) -> None:
    """A dead link in the German home page: strict MkDocs writes every page, then aborts on the warning;
    with --jobs 2 that page is built by a worker process, whose failure must stop the build too."""
    site = tmp_path / "published"
    assert trustsite_build(minimal_copy, site, "--jobs", jobs).returncode == 0
    before = fingerprint(site)
    home = minimal_copy / "content" / "index.de.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n[Archiv](archiv.md)\n", encoding="utf-8")
    failed = trustsite_build(minimal_copy, site, "--jobs", jobs)
    assert failed.returncode == 1, failed.stdout
    assert "archiv.md" in failed.stderr
    assert "the published site was left as it was" in failed.stderr
    if jobs == "2":
        assert "the 'de' pages could not be built" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert fingerprint(site) == before
    assert leftovers(site) == []


KILLED_WORKER = """
import os, signal, sys
import trustsite.site.build as build

def _build_language(language, folder):  # what the kernel does to a worker out of memory
    os.kill(os.getpid(), signal.SIGKILL)

build._build_language = _build_language  # the workers are forked from this process: they run this one
from trustsite.cli import main
sys.argv[0] = "trustsite"
main()
"""


@pytest.mark.slow
def test_a_worker_killed_mid_build_stops_the_build_with_a_message(minimal_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "published"
    assert trustsite_build(minimal_copy, site).returncode == 0
    before = fingerprint(site)
    killed = trustsite_build(minimal_copy, site, "--jobs", "2", program=("-c", KILLED_WORKER))
    assert killed.returncode == 1, killed.stdout + killed.stderr
    assert "the process building the 'de' pages stopped" in killed.stderr
    assert "the published site was left as it was" in killed.stderr
    assert "Traceback" not in killed.stderr
    assert fingerprint(site) == before
    assert leftovers(site) == []


@pytest.mark.slow
def test_a_first_build_that_fails_creates_no_site(minimal_copy: Path, tmp_path: Path) -> None:
    overlay_fixture(FIXTURES / "failing_bad_email", minimal_copy)
    site = tmp_path / "never"
    result = trustsite_build(minimal_copy, site)
    assert result.returncode == 1
    assert not site.exists()
    assert leftovers(site) == []


@pytest.mark.slow
def test_a_successful_build_replaces_the_whole_site(minimal_copy: Path, tmp_path: Path) -> None:
    """The new site is swapped in whole: a page that no longer exists does not linger from the old one."""
    site = tmp_path / "published"
    assert trustsite_build(minimal_copy, site).returncode == 0
    (site / "removed-page").mkdir()
    (site / "removed-page" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    again = trustsite_build(minimal_copy, site, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert not (site / "removed-page").exists()
    assert (site / "de" / "index.html").is_file()
    assert leftovers(site) == []


@pytest.mark.slow
def test_a_file_in_the_way_is_not_replaced(minimal_copy: Path, tmp_path: Path) -> None:
    site = tmp_path / "published"
    site.write_text("not a folder", encoding="utf-8")
    result = trustsite_build(minimal_copy, site)
    assert result.returncode == 2  # a usage error, before anything is built
    assert "is a file" in result.stderr
    assert site.read_text(encoding="utf-8") == "not a folder"


def test_sitemaps_merge_language_by_language_and_refuse_another_layout() -> None:
    from mkdocs.exceptions import Abort

    from trustsite.site.build import _merge_sitemaps

    head = '<?xml version="1.0"?>\n<urlset xmlns="x">'
    parts = [f"{head}\n    <url>{lang}</url>\n</urlset>" for lang in ("en", "nl")]
    assert _merge_sitemaps(parts) == f"{head}\n    <url>en</url>\n    <url>nl</url>\n</urlset>"
    with pytest.raises(Abort, match="build with --jobs 1"):
        _merge_sitemaps([parts[0], "<urlset>custom</urlset>"])
