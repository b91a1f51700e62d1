"""`trustsite verify SITE` fails on a built site with leftover directives, a missing language or page, a
missing export, or a stale or missing headers file and in-page policy, whoever built it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.safety.helpers import cli_env
from tests.site.helpers import build_site
from trustsite.cli import main


pytestmark = pytest.mark.slow  # builds the minimal site once for the module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The minimal project and its site, built once; each test verifies a copy of the site."""
    from tests.conftest import MINIMAL, REPO

    root = tmp_path_factory.mktemp("verify") / "minimal"
    shutil.copytree(MINIMAL, root, ignore=shutil.ignore_patterns(".trustsite_cache"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../hooks/trustsite_hooks.py",
                                                                  str(REPO / "hooks" / "trustsite_hooks.py")),
                      encoding="utf-8")
    site = root.parent / "site"
    result = build_site(root, site, today="2026-07-01")
    assert result.returncode == 0, result.stderr
    return root, site


def verify(root: Path, site: Path):
    return CliRunner().invoke(main, ["verify", str(site), "--root", str(root), "--no-cache"])


@pytest.fixture
def site(built: tuple[Path, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built[1], copy)
    return copy


def test_a_site_built_by_trustsite_passes(built: tuple[Path, Path], site: Path) -> None:
    result = verify(built[0], site)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"ok: {site} holds every page in en, de, every export, and current headers\n"


def test_leftover_directives_fail(built: tuple[Path, Path], site: Path) -> None:
    page = site / "privacy" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<h1", "<p>{{ purposes }}</p><h1", 1), encoding="utf-8")
    line = html[:html.index("<h1")].count("\n") + 1
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert (f"site/privacy/index.html:{line}:1: leftover directive '{{{{ purposes }}}}': the generator did not expand "
            "it (did trustsite run as its hook or plugin?)") in result.stderr.splitlines()


def test_directive_syntax_inside_code_is_fine(built: tuple[Path, Path], site: Path) -> None:
    page = site / "privacy" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<h1", "<pre><code>{{ purposes }}</code></pre><h1", 1),
                    encoding="utf-8")
    assert verify(built[0], site).exit_code == 0


def test_a_missing_language_fails(built: tuple[Path, Path], site: Path) -> None:
    shutil.rmtree(site / "de")
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert "site/de/index.html: missing: no page of language 'de' was built" in result.stderr.splitlines()


def test_a_missing_page_fails(built: tuple[Path, Path], site: Path) -> None:
    (site / "de" / "privacy" / "index.html").unlink()
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert "site/de/privacy/index.html: missing: the 'de' page was not built" in result.stderr.splitlines()


@pytest.mark.parametrize("export", ["trust/subprocessors.csv", "trust/statement.jsonld", "de/privacy/versions/feed.xml",
                                    "documents/dpa-1.pdf"])
def test_a_missing_export_fails(built: tuple[Path, Path], site: Path, export: str) -> None:
    (site / export).unlink()
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert f"site/{export}: missing: an export or document the pages link to" in result.stderr.splitlines()


def test_a_missing_or_stale_headers_file_fails(built: tuple[Path, Path], site: Path) -> None:
    headers = site / "_headers"
    headers.write_text(headers.read_text(encoding="utf-8").replace("frame-ancestors 'none'", "frame-ancestors *"),
                       encoding="utf-8")
    result = verify(built[0], site)
    assert "site/_headers: stale: it differs from the headers trustsite sends (site/headers.py); build the site " \
           "again" in result.stderr.splitlines()
    headers.unlink()
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("site/_headers: missing: hosts that read it")


def test_a_page_without_the_policy_fails(built: tuple[Path, Path], site: Path) -> None:
    page = site / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    page.write_text(html[:start] + html[html.index(">", start) + 1:], encoding="utf-8")
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert "site/index.html: missing Content-Security-Policy meta element" in result.stderr.splitlines()


def test_a_page_in_the_wrong_language_fails(built: tuple[Path, Path], site: Path) -> None:
    page = site / "de" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<html lang="de"', '<html lang="en"', 1), encoding="utf-8")
    result = verify(built[0], site)
    assert result.exit_code == 1
    assert "site/de/index.html: in the 'de' part of the site but marked <html lang=\"en\">" in result.stderr.splitlines()


def test_properdocs_builds_the_minimal_project_and_verify_passes(built: tuple[Path, Path], tmp_path: Path) -> None:
    """ProperDocs, the maintained fork of MkDocs 1.x, builds the same project with trustsite's hook (it answers
    MkDocs' imports itself) into a site that `trustsite verify` accepts."""
    pytest.importorskip("properdocs")
    root = built[0]
    site = tmp_path / "properdocs-site"
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                             "-d", str(site)], capture_output=True, text=True, cwd=root,
                            env=cli_env(), timeout=600)
    assert result.returncode == 0, result.stderr
    assert "properdocs" in (site / "index.html").read_text(encoding="utf-8").lower()  # really built by ProperDocs
    verified = verify(root, site)
    assert verified.exit_code == 0, verified.output
