"""The README stays true: its commands match CI, and its data reference matches the models."""

from __future__ import annotations

from click.testing import CliRunner

from tests.conftest import REPO
from trustsite.cli import main

SERVE = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/trustsite build && .venv/bin/mkdocs serve -a 127.0.0.1:8000"
TEST = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert SERVE in readme and TEST in readme
    assert TEST in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_data_reference_is_current() -> None:
    result = CliRunner().invoke(main, ["reference", "--write", str(REPO / "README.md"), "--check"])
    assert result.exit_code == 0, result.output


def test_change_rules_are_current() -> None:
    result = CliRunner().invoke(main, ["rules", "--write", str(REPO / "README.md"), "--check"])
    assert result.exit_code == 0, result.output


def test_every_command_is_documented() -> None:
    """In the README or a page of docs/ (which takes over from the README's longer sections)."""
    docs = [(REPO / "README.md").read_text(encoding="utf-8")]
    docs += [page.read_text(encoding="utf-8") for page in sorted((REPO / "docs").rglob("*.md"))]
    for name in main.commands:
        assert any(f"trustsite {name}" in text for text in docs), name
