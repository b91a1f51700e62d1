"""`trustsite release` is all or nothing: a stop request (SIGINT, SIGTERM) or a system error at any moment
leaves either the whole new version (archive and data/versions.yml) or nothing, and no staging file."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.safety.helpers import fingerprint, one_line, popen, trustsite
from tests.versions.test_integrity import second_version  # noqa: F401  (the edit a release needs)

RELEASE = ("release", "--effective", "2026-07-01", "--level", "editorial")


def edit(root: Path) -> None:
    page = root / "content" / "privacy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWe answer requests quickly.\n", encoding="utf-8")
    page = root / "content" / "privacy" / "index.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWir beantworten Anfragen schnell.\n", encoding="utf-8")


def hidden(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for folder in ("archive", "data") for p in (root / folder).iterdir()
                  if p.name.startswith("."))


def released(root: Path) -> bool:
    in_archive = (root / "archive" / "2026.1").exists()
    in_versions = "2026.1" in (root / "data" / "versions.yml").read_text(encoding="utf-8")
    assert in_archive == in_versions, "half a release"
    return in_archive


def _stop_while_staging(signum: int) -> str:
    """Send the signal to this process while the archive is being staged (its statements rendered)."""
    return ("import os, trustsite.versions.freeze as a\n"
            "_orig = a.render_statements\n"
            "def _stop(*args, **kw):\n"
            f"    os.kill(os.getpid(), {int(signum)})\n"
            "    return _orig(*args, **kw)\n"
            "a.render_statements = _stop\n")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_release_stopped_while_staging_writes_nothing(minimal_copy: Path, signum: int) -> None:
    edit(minimal_copy)
    before = fingerprint(minimal_copy)
    result = trustsite(minimal_copy, *RELEASE, code=_stop_while_staging(signum))
    assert result.returncode == 1
    name = signal.Signals(signum).name
    assert one_line(result.stderr) == f"error: the release was stopped ({name}); nothing was written"
    assert fingerprint(minimal_copy) == before
    assert hidden(minimal_copy) == []
    again = trustsite(minimal_copy, *RELEASE)  # and the next release is not told "nothing changed"
    assert again.returncode == 0, again.stderr
    assert released(minimal_copy)


def _stop_inside_a_library(signum: int) -> str:
    """Send the signal while the project is checked, from inside a library that turns whatever its callback raised
    into an error of its own, as pydantic-core does while it builds a model's schema (seen: a SIGINT 0.3 s into a
    release came out as a SchemaError with a traceback)."""
    return ("import os, trustsite.versions.release as r\n"
            "_orig = r.plan_release\n"
            "def _wrapped(*args, **kw):\n"
            "    try:\n"
            f"        os.kill(os.getpid(), {int(signum)})\n"
            "    except BaseException as exc:\n"
            "        raise ValueError(f'Error building validator: {exc!r}') from None\n"
            "    return _orig(*args, **kw)\n"
            "r.plan_release = _wrapped\n")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_request_a_library_wrapped_ends_with_one_line(minimal_copy: Path, signum: int) -> None:
    edit(minimal_copy)
    before = fingerprint(minimal_copy)
    result = trustsite(minimal_copy, *RELEASE, code=_stop_inside_a_library(signum))
    assert result.returncode == 1
    assert one_line(result.stderr) == f"error: stopped ({signal.Signals(signum).name})"
    assert fingerprint(minimal_copy) == before and hidden(minimal_copy) == []


def test_an_error_without_a_stop_request_is_not_taken_for_one(minimal_copy: Path) -> None:
    failing = ("import trustsite.versions.release as r\n"
               "def _broken(*args, **kw):\n"
               "    raise ValueError('a bug')\n"
               "r.plan_release = _broken\n")
    result = trustsite(minimal_copy, *RELEASE, code=failing)
    assert result.returncode != 0
    assert "ValueError: a bug" in result.stderr and "stopped" not in result.stderr


FULL_DISK_ON_VERSIONS = ("import errno, os\n"
                         "_orig = os.replace\n"
                         "def _replace(src, dst, *a, **k):\n"
                         "    if str(dst).endswith('versions.yml'):\n"
                         "        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))\n"
                         "    return _orig(src, dst, *a, **k)\n"
                         "os.replace = _replace\n")


def test_a_release_that_cannot_write_versions_yml_removes_its_archive(minimal_copy: Path) -> None:
    edit(minimal_copy)
    before = fingerprint(minimal_copy)
    result = trustsite(minimal_copy, *RELEASE, code=FULL_DISK_ON_VERSIONS)
    assert result.returncode == 1
    assert one_line(result.stderr) == (f"error: cannot write the release: {minimal_copy}/data/versions.yml: the disk is "
                                       "full: free space and run the command again; nothing was written")
    assert fingerprint(minimal_copy) == before
    assert hidden(minimal_copy) == []


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1.2])
def test_a_release_interrupted_at_any_moment_is_all_or_nothing(minimal_copy: Path, delay: float) -> None:
    edit(minimal_copy)
    process = popen(minimal_copy, *RELEASE)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    assert hidden(minimal_copy) == []
    if released(minimal_copy):
        assert process.returncode in (0, 1)
        assert trustsite(minimal_copy, "check").returncode == 0
    else:
        assert process.returncode == 1
        assert one_line(stderr) in ("error: the release was stopped (SIGINT); nothing was written",
                                    "error: stopped (SIGINT) while starting; nothing was written",
                                    "error: stopped (SIGINT)"), stderr


def test_the_next_release_removes_what_a_killed_one_left(minimal_copy: Path) -> None:
    edit(minimal_copy)
    hang = ("import time, trustsite.versions.freeze as a\n"
            "_orig = a.render_statements\n"
            "def _hang(*args, **kw):\n    print('staging', flush=True)\n    time.sleep(60)\n"
            "a.render_statements = _hang\n")
    process = popen(minimal_copy, *RELEASE, code=hang)
    assert process.stdout.readline().strip() == "staging"
    process.kill()
    process.wait(timeout=30)
    assert [name for name in hidden(minimal_copy) if ".release-" in name]
    assert not released(minimal_copy)
    result = trustsite(minimal_copy, *RELEASE)
    assert result.returncode == 0, result.stderr
    assert hidden(minimal_copy) == [] and released(minimal_copy)
