"""The README stays short and true: its two commands match CI, and it fits in 10 KB."""

from __future__ import annotations

from tests.conftest import REPO

SERVE = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/trustsite build && .venv/bin/mkdocs serve -a 127.0.0.1:8000"
TEST = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/pytest"


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert SERVE in readme and TEST in readme
    assert TEST in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_is_under_10_kb() -> None:
    size = (REPO / "README.md").stat().st_size
    assert size < 10 * 1024, f"README.md is {size} bytes: move detail into docs/pages/ and link it"
