"""`trustsite languages add`: one command adds a language everywhere it is needed, and `check` then lists exactly
the translation work left (pages copied as work items never publish as they are)."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from tests.conftest import cli_args
from trustsite.cli import main

TODAY = "2026-11-25"


def cli(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, cli_args([*args, "--root", str(root)], TODAY, no_cache=True))


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_adding_a_language(minimal_copy: Path) -> None:
    result = cli(minimal_copy, "languages", "add", "pl")
    assert result.exit_code == 0, result.output
    assert "content/privacy/index.pl.md" in result.output
    organisation = yaml.safe_load((minimal_copy / "data" / "organisation.yml").read_text(encoding="utf-8"))
    assert organisation["organisation"]["languages"] == ["en", "de", "pl"]
    config = yaml.safe_load((minimal_copy / "mkdocs.yml").read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert i18n["languages"][-1] == {"locale": "pl", "name": "Polski", "build": True, "site_name": "Minimal"}
    copy = (minimal_copy / "content" / "privacy" / "index.pl.md").read_text(encoding="utf-8")
    source = (minimal_copy / "content" / "privacy" / "index.md").read_text(encoding="utf-8")
    assert copy.split("\n", 1)[1] == source

    check = cli(minimal_copy, "check")
    assert check.exit_code == 1
    errors = check.stderr.splitlines()[:-1]
    assert ("content/privacy/index.pl.md:1:1: this page is still a copy of the default language's page: translate it"
            " into 'pl', then delete the first line") in errors
    assert ("mkdocs.yml:37:22: warning: plugins.i18n.languages[2].site_name: the site name of 'pl' is the same as the"
            " default language's; translate it into 'pl'") in errors
    others = [e for e in errors if "still a copy" not in e and "site name of 'pl'" not in e]
    assert others and all(e.endswith("missing the 'pl' text; every text must exist in en, de, pl") for e in others), others


def test_a_block_list_of_languages_keeps_its_layout(minimal_copy: Path) -> None:
    org = minimal_copy / "data" / "organisation.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("  languages: [en, de]\n", "  languages:\n    - en\n    - de\n"),
                   encoding="utf-8")
    assert cli(minimal_copy, "languages", "add", "cs").exit_code == 0
    assert "  languages:\n    - en\n    - de\n    - cs\n" in org.read_text(encoding="utf-8")


def test_a_language_without_a_catalog_or_already_there_changes_nothing(minimal_copy: Path) -> None:
    before = snapshot(minimal_copy)
    unknown = cli(minimal_copy, "languages", "add", "xx")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("error: 'xx' has no label catalog in trustsite; supported: bg, cs, da, de, el, en,")
    present = cli(minimal_copy, "languages", "add", "de")
    assert present.exit_code == 1
    assert present.stderr == "error: 'de' is already a language of data/organisation.yml (en, de)\n"
    assert snapshot(minimal_copy) == before


def test_the_search_list_kept_by_hand_gets_the_language(minimal_copy: Path) -> None:
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("      reconfigure_search: true\n", "      reconfigure_search: false\n")
    config.write_text(text.replace("  - search\n", "  - search:\n      lang: [en, de]\n"), encoding="utf-8")
    assert cli(minimal_copy, "languages", "add", "fi").exit_code == 0
    assert "      lang: [en, de, fi]\n" in config.read_text(encoding="utf-8")
    assert cli(minimal_copy, "languages", "add", "pl").exit_code == 0  # lunr.js cannot stem Polish: not listed
    assert "      lang: [en, de, fi]\n" in config.read_text(encoding="utf-8")
