"""Faults during `trustsite build`: a site folder that would delete sources, a stop request, a full disk, a
file-size limit; every one ends with one clear line, the published site as it was, no staging folder left."""

from __future__ import annotations

import resource
import signal
import time
from pathlib import Path

import pytest

from tests.safety.helpers import fingerprint, hidden_beside, one_line, popen, trustsite

pytestmark = pytest.mark.slow  # builds a site per case


@pytest.mark.parametrize("target", [".", "data", "content", "archive", "documents", "overrides", "data/site", "..",
                                    "content/site"])
def test_build_refuses_a_site_folder_holding_sources(minimal_copy: Path, target: str) -> None:
    (minimal_copy / "archive").mkdir(exist_ok=True)
    (minimal_copy / "overrides").mkdir(exist_ok=True)
    before = fingerprint(minimal_copy.parent)
    result = trustsite(minimal_copy, "build", "-d", target)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith("error: the build failed (") and "sources" in line, line
    assert fingerprint(minimal_copy.parent) == before


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(minimal_copy: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "letter.txt").write_text("keep me", encoding="utf-8")
    result = trustsite(minimal_copy, "build", "-d", str(home))
    assert result.returncode == 1
    assert f"{home} exists and is not a built site" in one_line(result.stderr)
    assert (home / "letter.txt").read_text(encoding="utf-8") == "keep me"


def test_a_site_folder_inside_the_project_is_fine(minimal_copy: Path) -> None:
    result = trustsite(minimal_copy, "build", "-d", "site")
    assert result.returncode == 0, result.stderr
    assert (minimal_copy / "site" / "index.html").is_file()
    again = trustsite(minimal_copy, "build", "-d", "site")  # replacing a built site is what a build does
    assert again.returncode == 0, again.stderr


def _wait_for_staging(site: Path, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(".building-" in name for name in hidden_beside(site)):
            return
        if process.poll() is not None:
            raise AssertionError(process.stderr.read())
        time.sleep(0.01)
    raise AssertionError("no staging folder appeared")


# Slow the build down inside MkDocs (each page written) so that the signal lands mid-build.
SLOW_PAGES = ("import time, mkdocs.commands.build as b\n"
              "_orig = b._build_page\n"
              "def _slow(*a, **k):\n    time.sleep(0.3)\n    return _orig(*a, **k)\n"
              "b._build_page = _slow\n")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopped_build_leaves_no_staging_folder_and_the_site_as_it_was(minimal_copy: Path, signum: int) -> None:
    site = minimal_copy / "site"
    assert trustsite(minimal_copy, "build", "-d", "site").returncode == 0
    before = fingerprint(site)
    process = popen(minimal_copy, "build", "-d", "site", code=SLOW_PAGES)
    _wait_for_staging(site, process)
    time.sleep(0.5)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1
    name = signal.Signals(signum).name
    assert one_line(stderr) == f"error: the build was stopped ({name}); the published site was left as it was"
    assert hidden_beside(site) == []
    assert fingerprint(site) == before


def test_the_next_build_removes_what_a_killed_build_left(minimal_copy: Path) -> None:
    site = minimal_copy / "site"
    process = popen(minimal_copy, "build", "-d", "site", code=SLOW_PAGES)
    _wait_for_staging(site, process)
    process.kill()  # SIGKILL: no handler runs
    process.wait(timeout=60)
    assert [n for n in hidden_beside(site) if ".building-" in n]
    result = trustsite(minimal_copy, "build", "-d", "site")
    assert result.returncode == 0, result.stderr
    assert hidden_beside(site) == []


def test_a_staging_folder_of_a_running_build_is_left_alone(minimal_copy: Path) -> None:
    import os

    running = minimal_copy / f".site.building-{os.getppid()}-abc"  # the test runner's parent: alive
    running.mkdir()
    assert trustsite(minimal_copy, "build", "-d", "site").returncode == 0
    assert running.is_dir()


FULL_DISK = ("import errno, os, mkdocs.utils as u\n"
             "def _full(*a, **k):\n    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), 'assets/x.css')\n"
             "u.copy_file = _full\n"
             "import mkdocs.structure.files as f\nf.copy_file = _full\n")


def test_a_full_disk_ends_with_one_line(minimal_copy: Path) -> None:
    site = minimal_copy / "site"
    assert trustsite(minimal_copy, "build", "-d", "site").returncode == 0
    before = fingerprint(site)
    result = trustsite(minimal_copy, "build", "-d", "site", code=FULL_DISK)
    assert result.returncode == 1
    assert one_line(result.stderr) == ("error: the build failed (cannot write the site: assets/x.css: the disk is full:"
                                       " free space and run the command again); the published site was left as it was")
    assert fingerprint(site) == before
    assert hidden_beside(site) == []


def test_a_file_size_limit_ends_with_one_line(minimal_copy: Path) -> None:
    site = minimal_copy / "site"
    assert trustsite(minimal_copy, "build", "-d", "site").returncode == 0
    before = fingerprint(site)

    def limit() -> None:  # smaller than Material's stylesheet: the copy fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = trustsite(minimal_copy, "build", "-d", "site", preexec=limit)
    assert result.returncode == 1, result.stderr
    line = one_line(result.stderr)
    assert "a file grew past the size limit of this process (ulimit -f)" in line, line
    assert line.endswith("the published site was left as it was")
    assert fingerprint(site) == before
    assert hidden_beside(site) == []


def test_a_missing_theme_template_is_named_not_taken_for_a_disk_error(minimal_copy: Path) -> None:
    """Jinja's TemplateNotFound is an OSError without errno: it once read 'cannot write the site: Success'."""
    overrides = minimal_copy / "overrides"
    overrides.mkdir(exist_ok=True)
    (overrides / "main.html").write_text('{% extends "base.html" %}\n{% block footer %}{% include "partials/gone.html" %}'
                                         '{% endblock %}\n', encoding="utf-8")
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "custom_dir:" not in text:
        config.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1),
                          encoding="utf-8")
    result = trustsite(minimal_copy, "build", "-d", "site")
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        "error: the build failed (the theme has no template 'partials/gone.html'; a theme_dir or custom_dir in"
        " mkdocs.yml may be missing a file, or a plugin asks for a language the theme does not have); the published"
        " site was left as it was")
    assert not (minimal_copy / "site").exists()
