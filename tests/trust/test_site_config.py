"""mkdocs.yml settings the trust center relies on are checked before anything is written."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from trustsite.cli import main
from tests.site.helpers import build_site


def test_missing_docs_relative_links_and_site_url_stop_the_build(full_copy: Path, tmp_path: Path) -> None:
    config = full_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("    absolute_links: relative_to_docs", "    absolute_links: warn")
    text = text.replace("site_url: https://trust.example.com/\n", "")
    config.write_text(text, encoding="utf-8")
    result = build_site(full_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode != 0
    assert "mkdocs.yml: site_url: missing: the Atom feeds and the JSON-LD export need the site's absolute address" in result.stderr
    assert ("mkdocs.yml: validation.links.absolute_links: must be relative_to_docs: the trust center's blocks"
            " link to pages as '/trust/....md'") in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_table_of_contents_of_every_sub_processor_is_warned_about(full_copy: Path, tmp_path: Path) -> None:
    """With 60 sub-processors and toc_depth at 4, the page's sidebar would list each one: a warning, not an error."""
    import yaml

    data = full_copy / "data" / "subprocessors.yml"
    subs = yaml.safe_load(data.read_text(encoding="utf-8"))
    first_id, first = next(iter(subs["subprocessors"].items()))
    for i in range(60):
        subs["subprocessors"][f"{first_id}_{i}"] = dict(first, name=f"{first['name']} {i}")
    class NoAliases(yaml.SafeDumper):  # data files refuse aliases; write each copy out
        def ignore_aliases(self, data: object) -> bool:
            return True

    data.write_text(yaml.dump(subs, Dumper=NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    released = CliRunner().invoke(main, ["release", "--root", str(full_copy), "--effective", "2027-06-01",
                                         "--id", "2027.9", "--today", "2026-07-01"])  # today's data is a released version
    assert released.exit_code == 0, released.output
    config = full_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      toc_depth: 3\n", "      toc_depth: 4\n"), encoding="utf-8")
    result = build_site(full_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode == 0, result.stderr
    assert ("mkdocs.yml: warning: markdown_extensions.toc.toc_depth: the sub-processor page's table of contents would list all "
            f"{len(subs['subprocessors'])} sub-processors") in result.stderr
    config.write_text(text, encoding="utf-8")  # toc_depth: 3, as the fixture has it: no warning
    result = build_site(full_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode == 0, result.stderr
    assert "toc_depth" not in result.stderr and "plugins.search.lang" not in result.stderr


def test_a_language_missing_from_the_search_plugin_is_warned_about(full_copy: Path, tmp_path: Path) -> None:
    """With i18n's search reconfiguration off, the search plugin must list each language lunr.js can stem."""
    config = full_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      lang: [en, nl, de, fr]\n" in text and "reconfigure_search: false" in text
    config.write_text(text.replace("      lang: [en, nl, de, fr]\n", "      lang: [en, nl, de]\n"),
                      encoding="utf-8")
    result = build_site(full_copy, tmp_path / "site", today="2026-07-01")
    assert result.returncode == 0, result.stderr
    assert ("warning: plugins.search.lang: 'fr' is missing: search would not recognise the forms of a"
            " word in 'fr' pages; add it to the list") in result.stderr
    assert "'lt' is missing" not in result.stderr  # lunr.js cannot stem Lithuanian
