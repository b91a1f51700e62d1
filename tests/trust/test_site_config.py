"""mkdocs.yml settings the trust center relies on are checked before anything is written.

The check reads mkdocs.yml and a few facts of the project: it is tested on a loaded configuration of the
minimal project (edited per test), not by building whole sites (three builds of the example took a minute).
That a failed check stops the build with nothing written is tested in tests/site/test_build_minimal.py; the
languages and search languages of mkdocs.yml are checked in tests/validate/test_site_languages.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from mkdocs.config import load_config

from tests.conftest import MINIMAL, REPO
from trustsite.site.mkdocs_config import check_site_config

CONFIG = (MINIMAL / "mkdocs.yml").read_text(encoding="utf-8")
VALID = CONFIG + "validation:\n  links:\n    absolute_links: relative_to_docs\n"
TRUST_PAGE = {"trust/subprocessors.md": "# Sub-processors\n\n{{ subprocessor_list }}\n"}


def config_of(tmp_path: Path, text: str):  # noqa: ANN201 - MkDocsConfig
    """mkdocs.yml loaded as MkDocs loads it (its plugins validated), beside the folders it names."""
    for folder in ("content", "data"):  # docs_dir and the watched folder must exist
        (tmp_path / folder).mkdir(exist_ok=True)
    path = tmp_path / "mkdocs.yml"
    path.write_text(text.replace("../../../hooks/trustsite_hooks.py", str(REPO / "hooks" / "trustsite_hooks.py")),
                    encoding="utf-8")
    return load_config(str(path))


def project_with(pages: dict[str, str], subprocessors: int = 1):  # noqa: ANN201
    """The facts of a project the check reads: its pages' text and how many sub-processors it lists."""
    return SimpleNamespace(content=SimpleNamespace(pages={uri: SimpleNamespace(text=text) for uri, text in pages.items()}),
                           subprocessors={f"vendor_{i}": None for i in range(subprocessors)})


def messages(problems) -> list[str]:  # noqa: ANN001
    return [p.format() for p in problems]


def test_missing_site_url_and_docs_relative_links_are_errors(tmp_path: Path) -> None:
    text = CONFIG.replace("site_url: https://trust.example.com/\n", "")
    text += "validation:\n  links:\n    absolute_links: warn\n"
    assert messages(check_site_config(config_of(tmp_path, text), project_with(TRUST_PAGE))) == [
        "mkdocs.yml: site_url: missing: the Atom feeds and the JSON-LD export need the site's absolute address",
        "mkdocs.yml: validation.links.absolute_links: must be relative_to_docs: the trust center's blocks link to"
        " pages as '/trust/....md'",
    ]
    assert check_site_config(config_of(tmp_path, VALID), project_with(TRUST_PAGE)) == []


def test_a_site_without_trust_center_blocks_needs_neither(tmp_path: Path) -> None:
    text = CONFIG.replace("site_url: https://trust.example.com/\n", "")
    assert check_site_config(config_of(tmp_path, text), project_with({"index.md": "# Home\n"})) == []


def test_a_table_of_contents_of_every_sub_processor_is_warned_about(tmp_path: Path) -> None:
    """With 60 sub-processors and toc_depth at 4, the page's sidebar would list each one: a warning, not an error."""
    deep = VALID.replace("      permalink: true\n", "      permalink: true\n      toc_depth: 4\n")
    assert messages(check_site_config(config_of(tmp_path, deep), project_with(TRUST_PAGE, 60))) == [
        "mkdocs.yml: warning: markdown_extensions.toc.toc_depth: the sub-processor page's table of contents would list"
        " all 60 sub-processors (each has a #### heading) and building it grows with their square; set toc_depth: 3"
        " (search still finds each sub-processor)"]
    shallow = deep.replace("toc_depth: 4", "toc_depth: 3")
    assert check_site_config(config_of(tmp_path, shallow), project_with(TRUST_PAGE, 60)) == []
    assert check_site_config(config_of(tmp_path, deep), project_with(TRUST_PAGE, 49)) == []  # a short list
