"""`trustsite check` warns, with file, line and column, at every TODO left in pages, data and mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from trustsite.cli import main


def run_check(project: Path):
    return CliRunner().invoke(main, ["check", "--root", str(project), "--no-cache"])


def test_todos_are_located_warnings_and_check_passes(minimal_copy: Path) -> None:
    page = minimal_copy / "content" / "privacy" / "index.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- TODO: Zweck der Seite beschreiben -->\n",
                    encoding="utf-8")
    data = minimal_copy / "data" / "organisation.yml"
    text = data.read_text(encoding="utf-8").replace("city: Berlin, country: DE, subdivision: DE-BE}\n    head_office",
                                                    "city: TODO, country: DE, subdivision: DE-BE}\n    head_office")
    data.write_text("# TODO: name the DPO\n" + text, encoding="utf-8")
    config = minimal_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_url: https://trust.example.com/", "site_url: https://trust.example.com/  # TODO: the real address"),
        encoding="utf-8")
    result = run_check(minimal_copy)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "content/privacy/index.de.md:19:6: warning: TODO left in the page: Zweck der Seite beschreiben\n"
        "data/organisation.yml:1:3: warning: TODO left in the data: name the DPO\n"
        "data/organisation.yml:8:77: warning: TODO left in the data: registered_address: {street: Hauptstraße 1, "
        "postal_code: \"10115\", city: TODO, country: DE, subdivision: DE-BE}\n"
        # the city is a fact version 2025.1 stated: editing it prepares the next version (a note, not a warning)
        "data/versions.yml: note: not released yet: 2 changes since version 2025.1 (archive/2025.1/), the first in"
        " data/organisation.yml:8; 'trustsite build' refuses to publish them as version 2025.1: run 'trustsite"
        " release' to make the next version, or record an erratum of version 2025.1 in data/versions.yml for what"
        " corrects it; 'trustsite serve' and 'trustsite build --draft' show a draft\n"
        "mkdocs.yml:2:41: warning: TODO left in the configuration: the real address\n"
        "4 warnings in content/ and data/ and mkdocs.yml\n")


def test_a_todo_in_a_code_block_or_inside_a_word_is_no_marker(minimal_copy: Path) -> None:
    page = minimal_copy / "content" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```\n# TODO: an example of a marker\n```\n\nTODOS and mastodon.\n",
                    encoding="utf-8")
    result = run_check(minimal_copy)
    assert result.exit_code == 0
    assert result.stderr == ""


def test_a_project_without_todos_prints_no_warning(minimal_copy: Path) -> None:
    result = run_check(minimal_copy)
    assert result.exit_code == 0 and result.stderr == ""
