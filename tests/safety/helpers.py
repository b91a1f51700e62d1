"""Helpers for the fault and probe tests: run the command line in a subprocess, fingerprint folders."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, cli_args

TODAY = "2026-07-01"


def cli_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": str(REPO / "hooks"), **extra}


def as_from_a_terminal(then=None):
    """What runs in the child before the command: Ctrl-C's signal gets its default action back, as in a command
    typed at a terminal. A test run started in the background of a shell (`pytest &`) inherits SIGINT ignored, and
    a process that starts with SIGINT ignored rightly keeps ignoring it, which the tests that send it would take
    for a failure."""
    def preexec() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if then is not None:
            then()
    return preexec


def trustsite(root: Path, *args: str, code: str | None = None, preexec=None, env: dict[str, str] | None = None,
              timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """`trustsite ARGS --root ROOT --today TODAY` in a subprocess (--today where the command takes it); `code` runs
    first (to inject a fault), then the command."""
    program = (code or "") + "\nfrom trustsite.entry import run\nrun()\n"
    return subprocess.run([sys.executable, "-c", program, *cli_args([*args, "--root", str(root)], TODAY)],
                          capture_output=True, text=True, env=env or cli_env(), cwd=root, timeout=timeout,
                          preexec_fn=as_from_a_terminal(preexec))


def popen(root: Path, *args: str, code: str | None = None) -> subprocess.Popen[str]:
    program = (code or "") + "\nfrom trustsite.entry import run\nrun()\n"
    return subprocess.Popen([sys.executable, "-c", program, *cli_args([*args, "--root", str(root)], TODAY)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=root,
                            preexec_fn=as_from_a_terminal())


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file below a folder (the parse cache aside) by path, with a hash of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".trustsite_cache" not in p.parts}


def hidden_beside(folder: Path) -> list[str]:
    """Staging folders (and anything else hidden) beside a site folder."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(".") and p.name != ".trustsite_cache")


def one_line(stderr: str) -> str:
    """The last line of stderr, after asserting nothing looks like a traceback."""
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()[-1]
