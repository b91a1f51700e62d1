"""Helpers for the tests of `trustsite init`: make a project, check it, build it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from tests.conftest import cli_args
from trustsite.cli import main

TODAY = "2026-12-01"  # the first version's release date in every project these tests make


def init(target: Path | None, *args: str, cwd: Path | None = None) -> Result:
    """`trustsite init [target] args...`, with the release date pinned."""
    argv = ["init", *([str(target)] if target is not None else []), *args]
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return CliRunner().invoke(main, cli_args(argv, TODAY))
    finally:
        os.chdir(old)


def check(project: Path) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(project), "--today", TODAY, "--no-cache"])


def build(project: Path, jobs: int = 1) -> subprocess.CompletedProcess[str]:
    """`trustsite build` in a process of its own, as a web team runs it (MkDocs' --strict is in mkdocs.yml)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "trustsite.cli", "build", "--quiet", "--root", str(project),
                            "--today", TODAY, "--jobs", str(jobs)],
                          capture_output=True, text=True, env=env, cwd=project, timeout=600)


def files_below(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def scaffolded_data_files(name: str, country: str, languages: str, subsidiaries: tuple[str, ...] = ()) -> int:
    """How many data files `trustsite init` writes for an organisation, from the scaffold's own list of files
    (data/versions.yml included; the optional ones it leaves out are not counted)."""
    from trustsite.scaffold.project import Request, make_organisation, render_project

    files = render_project(Request(Path("unwritten"), make_organisation(name, country, languages, subsidiaries)))
    return sum(1 for path in files if path.startswith("data/") and path.endswith(".yml"))
