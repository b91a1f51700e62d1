"""mkdocs.yml settings the trust center relies on are checked before anything is written.

The checks read mkdocs.yml and the project only: they are tested on a loaded configuration of the minimal
project (edited per test) and the few project facts they read, not by building whole sites. That a failed
check stops the build with nothing written is tested once in tests/site/test_build_minimal.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.config import load_config

from tests.conftest import MINIMAL
from trustsite.site.events import _check_i18n_config, _check_site_config

CONFIG = (MINIMAL / "mkdocs.yml").read_text(encoding="utf-8")
SEARCH_OFF = """  - search:
      lang: [en, de]
"""


def config_of(tmp_path: Path, text: str):  # noqa: ANN201 - MkDocsConfig
    """mkdocs.yml loaded as MkDocs loads it (its plugins validated), beside the minimal project's content."""
    for folder in ("content", "data"):  # docs_dir and the watched folder must exist
        (tmp_path / folder).mkdir(exist_ok=True)
    path = tmp_path / "mkdocs.yml"
    path.write_text(text.replace("../../../hooks/trustsite_hooks.py", str(MINIMAL / "../../../hooks/trustsite_hooks.py")),
                    encoding="utf-8")
    return load_config(str(path))


def project_with(pages: dict[str, str], subprocessors: int = 1, languages: tuple[str, ...] = ("en", "de")):  # noqa: ANN201
    """The facts of a project these checks read: its pages' text, how many sub-processors, its languages."""
    return SimpleNamespace(
        content=SimpleNamespace(pages={uri: SimpleNamespace(text=text, language="en") for uri, text in pages.items()}),
        subprocessors={f"vendor_{i}": None for i in range(subprocessors)},
        languages=list(languages), default_language=languages[0])


TRUST_PAGE = {"trust/subprocessors.md": "# Sub-processors\n\n{{ subprocessor_list }}\n"}


def messages(problems) -> list[str]:  # noqa: ANN001
    return [p.format() for p in problems]


def test_missing_site_url_and_docs_relative_links_are_errors(tmp_path: Path) -> None:
    text = CONFIG.replace("site_url: https://trust.example.com/\n", "")
    text += "validation:\n  links:\n    absolute_links: warn\n"
    assert messages(_check_site_config(config_of(tmp_path, text), project_with(TRUST_PAGE))) == [
        "mkdocs.yml: site_url: missing: the Atom feeds and the JSON-LD export need the site's absolute address",
        "mkdocs.yml: validation.links.absolute_links: must be relative_to_docs: the trust center's blocks link to"
        " pages as '/trust/....md'",
    ]


def test_a_site_without_trust_center_blocks_needs_neither(tmp_path: Path) -> None:
    text = CONFIG.replace("site_url: https://trust.example.com/\n", "")
    assert _check_site_config(config_of(tmp_path, text), project_with({"index.md": "# Home\n"})) == []


def test_a_table_of_contents_of_every_sub_processor_is_warned_about(tmp_path: Path) -> None:
    """With 60 sub-processors and toc_depth at 4, the page's sidebar would list each one: a warning, not an error."""
    valid = CONFIG + "validation:\n  links:\n    absolute_links: relative_to_docs\n"
    deep = valid.replace("      permalink: true\n", "      permalink: true\n      toc_depth: 4\n")
    assert messages(_check_site_config(config_of(tmp_path, deep), project_with(TRUST_PAGE, 60))) == [
        "mkdocs.yml: warning: markdown_extensions.toc.toc_depth: the sub-processor page's table of contents would list"
        " all 60 sub-processors (each has a #### heading) and building it grows with their square; set toc_depth: 3"
        " (search still finds each sub-processor)"]
    shallow = deep.replace("toc_depth: 4", "toc_depth: 3")
    assert _check_site_config(config_of(tmp_path, shallow), project_with(TRUST_PAGE, 60)) == []
    assert _check_site_config(config_of(tmp_path, deep), project_with(TRUST_PAGE, 49)) == []  # a short list


def test_a_language_missing_from_the_search_plugin_is_warned_about(tmp_path: Path) -> None:
    """With i18n's search reconfiguration off, the search plugin must list each language lunr.js can stem."""
    text = CONFIG.replace("reconfigure_search: true", "reconfigure_search: false")
    text = text.replace("  - search\n", "  - search:\n      lang: [en]\n")
    assert messages(_check_i18n_config(config_of(tmp_path, text), project_with({}))) == [
        "mkdocs.yml: warning: plugins.search.lang: 'de' is missing: search would not recognise the forms of a word"
        " in 'de' pages; add it to the list"]
    listed = text.replace("lang: [en]", "lang: [en, de]")
    assert _check_i18n_config(config_of(tmp_path, listed), project_with({})) == []


def test_a_language_lunr_cannot_stem_needs_no_search_entry(tmp_path: Path) -> None:
    """lunr.js has no stemmer for either: nothing to add to the list."""
    text = CONFIG.replace("reconfigure_search: true", "reconfigure_search: false")
    text = text.replace("  - search\n", "  - search:\n      lang: [en]\n")
    text = text.replace("locale: de", "locale: lt").replace("Minimal (Deutsch)", "Minimal (lietuviškai)")
    assert _check_i18n_config(config_of(tmp_path, text), project_with({}, languages=("en", "lt"))) == []
