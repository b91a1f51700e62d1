"""Expiry of certifications: expired fails check and build (nothing written); expiring soon only warns."""

from __future__ import annotations

import pytest

from pathlib import Path

from click.testing import CliRunner

from tests.conftest import FIXTURES, overlay_fixture
from tests.site.helpers import build_site
from trustsite.cli import main

CERT = """# yaml-language-server: $schema=../schemas/certifications.schema.json
certifications:
  iso_27001:
    title: ISO/IEC 27001:2022
    kind: certification
    issuer: Example Certification Body
    scope: {{en: The online service., de: Der Online-Dienst.}}
    valid_from: 2024-01-01
    valid_until: {until}
"""


def write_cert(project: Path, until: str) -> None:
    (project / "data" / "certifications.yml").write_text(CERT.format(until=until), encoding="utf-8")


def check(project: Path, today: str):
    return CliRunner().invoke(main, ["check", "--root", str(project), "--today", today])


def test_expiring_within_60_days_warns_but_passes(minimal_copy: Path) -> None:
    write_cert(minimal_copy, "2026-08-30")
    result = check(minimal_copy, "2026-07-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "data/certifications.yml:9:18: warning: certifications.iso_27001.valid_until: 'ISO/IEC 27001:2022'"
        " expires on 2026-08-30, in 60 days; renew it in time, or the build will fail from the day after\n"
        "1 warning in data/\n")


def test_61_days_ahead_is_quiet(minimal_copy: Path) -> None:
    write_cert(minimal_copy, "2026-08-31")
    result = check(minimal_copy, "2026-07-01")
    assert result.exit_code == 0 and result.stderr == ""


def test_last_valid_day_warns_and_the_next_day_fails(minimal_copy: Path) -> None:
    write_cert(minimal_copy, "2026-07-01")
    assert "in 0 days" in check(minimal_copy, "2026-07-01").stderr
    result = check(minimal_copy, "2026-07-02")
    assert result.exit_code == 1
    assert "expired on 2026-07-01" in result.stderr


@pytest.mark.slow
def test_build_with_an_expiring_certification_publishes_and_says_so(minimal_copy: Path, tmp_path: Path) -> None:
    write_cert(minimal_copy, "2026-08-01")
    result = build_site(minimal_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode == 0, result.stderr
    assert "warning: certifications.iso_27001.valid_until" in result.stderr
    assert (tmp_path / "site" / "trust" / "subprocessors.json").is_file()


@pytest.mark.slow
def test_build_with_an_expired_certification_writes_nothing(minimal_copy: Path, tmp_path: Path) -> None:
    overlay_fixture(FIXTURES / "failing_certification_expired", minimal_copy)
    result = build_site(minimal_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode != 0
    assert "data/certifications.yml:9:18: certifications.iso_27001.valid_until: 'ISO/IEC 27001:2022' expired on 2023-12-31" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_build_date_is_an_option_of_the_command_line(minimal_copy: Path) -> None:
    # --today alone decides which day the certificate is checked on
    write_cert(minimal_copy, "2026-12-31")
    valid = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--today", "2026-07-01", "--no-cache"])
    assert valid.exit_code == 0, valid.stderr
    expired = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--today", "2027-01-01", "--no-cache"])
    assert expired.exit_code == 1
    assert "'ISO/IEC 27001:2022' expired on 2026-12-31" in expired.stderr


@pytest.mark.slow
def test_the_build_date_of_trustsite_build_decides_expiry_too(minimal_copy: Path, tmp_path: Path) -> None:
    """`trustsite build --today` is the day a build checks expiry on, as `check --today` is; the second build
    runs with the cache the first filled, which must not stand in for a check on another day."""
    write_cert(minimal_copy, "2026-12-31")
    valid = build_site(minimal_copy, tmp_path / "valid", today="2026-07-01")
    assert valid.returncode == 0, valid.stderr
    assert (tmp_path / "valid" / "index.html").is_file()
    assert any((minimal_copy / ".trustsite_cache" / "projects").glob("*.pickle"))  # the cache was on
    expired = build_site(minimal_copy, tmp_path / "expired", today="2027-01-01")
    assert expired.returncode == 1
    assert ("data/certifications.yml:9:18: certifications.iso_27001.valid_until: 'ISO/IEC 27001:2022' expired on"
            " 2026-12-31") in expired.stderr
    assert not (tmp_path / "expired").exists()


def test_a_build_date_that_is_no_date_is_a_usage_error(minimal_copy: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--today", "1 July 2026"])
    assert result.exit_code == 2
    assert "Invalid value for '--today': '1 July 2026' does not match the format '%Y-%m-%d'" in result.output


def test_the_cache_folder_is_an_option_of_the_command_line(minimal_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "elsewhere"
    moved = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--today", "2026-07-01", "--cache-dir",
                                      str(cache)])
    assert moved.exit_code == 0, moved.stderr
    assert any(cache.rglob("*.pickle")) and not (minimal_copy / ".trustsite_cache").exists()
    off = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--today", "2026-07-01", "--no-cache"])
    assert off.exit_code == 0, off.stderr
    assert not (minimal_copy / ".trustsite_cache").exists()


def test_two_checks_in_one_process_each_fill_their_own_cache_folder(minimal_copy: Path, tmp_path: Path) -> None:
    """The cache belongs to the command that runs (load/cache.py Caches), not to the process: a second check in
    the same process with another --cache-dir is served nothing from the first's, and writes every entry anew."""
    def check_with(folder: Path) -> list[str]:
        result = CliRunner().invoke(main, ["check", "--root", str(minimal_copy), "--today", "2026-07-01",
                                           "--cache-dir", str(folder)])
        assert result.exit_code == 0, result.stderr
        return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pickle"))

    first = check_with(tmp_path / "one")
    assert any(name.startswith("projects/") for name in first) and len(first) > 10
    assert check_with(tmp_path / "two") == first  # the same entries, each computed and written again
    assert not (minimal_copy / ".trustsite_cache").exists()
