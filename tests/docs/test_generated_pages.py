"""The generated parts of the documentation stay true: the data reference matches the models, the change
table matches hooks/trustsite/rules/changes.yml, and the command-line page lists every command and option."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from trustsite.clidoc import command_names, render_cli_reference
from trustsite.cli import main

PAGES = REPO / "docs" / "pages"


@pytest.mark.parametrize("command, page", [("reference", "reference.md"), ("rules", "change-rules.md"),
                                           ("commands", "cli.md"), ("legal-rules", "legal-rules.md")])
def test_generated_page_is_current(command: str, page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the commands' default target is relative to the repository
    result = CliRunner().invoke(main, [command, "--check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command, page", [("reference", "reference.md"), ("rules", "change-rules.md"),
                                           ("commands", "cli.md"), ("legal-rules", "legal-rules.md")])
def test_write_fills_the_markers_of_its_page_and_nothing_else(command: str, page: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "docs" / "pages" / page
    target.parent.mkdir(parents=True)
    original = (PAGES / page).read_text(encoding="utf-8")
    start, rest = original.split("-->\n", 1)
    end_marker = rest[rest.index("<!--"):]
    target.write_text(f"# Before\n\n{start}-->\n{end_marker}", encoding="utf-8")  # an emptied generated part
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, [command, "--check"]).exit_code == 1  # stale: nothing between the markers
    assert runner.invoke(main, [command, "--write"]).exit_code == 0
    assert runner.invoke(main, [command, "--check"]).exit_code == 0
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Before\n\n") and written.endswith(end_marker)
    assert runner.invoke(main, [command]).output in written  # what it prints is what it writes


def test_every_command_and_option_is_on_the_cli_page() -> None:
    page = (PAGES / "cli.md").read_text(encoding="utf-8")
    for name in command_names(main):
        assert f"### `{name}`" in page, f"{name} is not documented: run trustsite commands --write"
    for command in main.commands.values():
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert opt in page, f"{opt} of {command.name} is not documented"


def test_the_cli_reference_escapes_what_markdown_would_misread() -> None:
    text = render_cli_reference(main)
    assert "archive/&lt;id&gt;/" in text  # release: <id> would be read as an HTML tag
    assert "<code>--format [text&#124;json&#124;markdown&#124;github]</code>" in text  # a | would end the cell


def test_generated_pages_outside_the_repository_say_how_to_write_them(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["reference", "--check"])
    assert result.exit_code == 2
    assert "docs/pages/reference.md does not exist" in result.output


def test_the_coverage_page_is_current_and_the_example_covers_every_element(monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/pages/coverage.md holds `trustsite coverage --format markdown` of the example this repository ships; a
    fork's own project (`trustsite init --here`) covers every element too, and its docs page is left as shipped."""
    from tests.site.root_features import ROOT

    monkeypatch.chdir(REPO)
    if not ROOT.is_shipped_example():
        result = CliRunner().invoke(main, ["coverage"])
        assert result.exit_code == 0, result.output  # exit 1 on a gap
        return
    result = CliRunner().invoke(main, ["coverage", "--check"])
    assert result.exit_code == 0, result.output
    page = (PAGES / "coverage.md").read_text(encoding="utf-8")
    assert page.count(": 17/17\n") == page.count("\n### `")  # every language of the example: no gap
