"""Every failing_* fixture gives its exact located messages and exit code 1; passing ones give 0."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import FIXTURES, overlay_fixture
from trustsite.cli import main

FAILING = sorted(p for p in FIXTURES.glob("failing_*") if p.is_dir())


def test_corpus_is_large_enough() -> None:
    assert len(FAILING) >= 20


@pytest.mark.parametrize("fixture", FAILING, ids=[p.name for p in FAILING])
def test_failing_fixture_reports_exact_messages(fixture: Path, minimal_copy: Path) -> None:
    overlay_fixture(fixture, minimal_copy)
    result = CliRunner().invoke(main, ["check", "--root", str(minimal_copy)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == (fixture / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.output


def test_minimal_project_passes(minimal_copy: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(minimal_copy)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 17 data files and 4 pages valid in en, de")


def test_every_expected_file_is_located_and_summarised() -> None:
    for fixture in FAILING:
        lines = (fixture / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert lines[-1].split(" in ")[0].endswith(("error", "errors")), fixture.name
        for line in lines[:-1]:
            assert line.startswith(("data/", "content/")), (fixture.name, line)


def test_check_does_not_import_mkdocs(minimal_copy: Path) -> None:
    """CI runs `check` without a site toolchain: only the site layer may import MkDocs."""
    import subprocess

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from trustsite.cli import main\n"
        f"r = CliRunner().invoke(main, ['check', '--root', {str(minimal_copy)!r}])\n"  # a copy: check writes its cache
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_static_i18n')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
