"""The package is self-contained: a wheel built from the repository, installed into a fresh virtual
environment in an empty folder outside the repository, makes a new organisation's project with `trustsite init`
and checks and builds it, with no file of the repository on the path.

Slow (it builds a wheel and installs its dependencies, from pip's cache where it can, else from PyPI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.scaffold.helpers import scaffolded_data_files

pytestmark = pytest.mark.slow
SOURCES = ("pyproject.toml", "README.md", "hooks")  # what setuptools needs to build the wheel (pyproject.toml)


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result


def test_a_wheel_makes_checks_and_builds_a_new_project_outside_the_repository(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: an in-tree build/ folder could carry files deleted since
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copyfile(REPO / name, source / name)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    today = ["--today", "2026-12-01"]
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)], tmp_path, env)
    wheel = next(dist.glob("trustsite-*.whl"))
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], tmp_path, env)

    work = tmp_path / "work"  # empty, outside the repository
    work.mkdir()
    where = run([str(venv / "bin" / "python"), "-c", "import trustsite; print(trustsite.__file__)"], work, env)
    assert Path(where.stdout.strip()).is_relative_to(venv)
    trustsite = str(venv / "bin" / "trustsite")
    made = run([trustsite, "init", "lumen", "--organisation", "Lumen Retail", "--country", "PL",
                "--languages", "pl,en,cs", "--subsidiary", "CZ", "--subsidiary", "SK",
                "--email", "privacy@example.com", *today], work, env)
    assert "for Lumen Retail in pl, en, cs" in made.stdout
    project = work / "lumen"
    checked = run([trustsite, "check", *today], project, env)
    written = scaffolded_data_files("Lumen Retail", "PL", "pl,en,cs", ("CZ", "SK"))
    assert checked.stdout == f"ok: {written} data files and 27 pages valid in pl, en, cs\n"
    assert "warning: TODO left in the page" in checked.stderr
    run([trustsite, "build", "--quiet", *today], project, env)
    for page in ("privacy/index.html", "en/privacy/index.html", "cs/privacy/index.html", "cs/trust/index.html"):
        assert (project / "site" / page).is_file(), page
    assert "Polityka prywatności" in (project / "site" / "privacy" / "index.html").read_text(encoding="utf-8")
    assert not list(project.rglob("*.py"))  # the project holds no code: everything came from the wheel
