"""Hand-written tables of the documentation that the code can prove: the directives, the plugin's options,
and the GDPR citation of every label catalog."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from trustsite.paths import PACKAGE_LOCALES, catalog_files
from trustsite.load.directives import BLOCKS, INLINES
from trustsite.render.expand import INLINE_VALUES
from trustsite.render.localize import Localizer, load_catalog
from trustsite.site.config import TrustsiteConfig

PAGES = REPO / "docs" / "pages"


def table_rows(page: str, header: str) -> list[list[str]]:
    """The cells of the table whose header row starts with `header`."""
    lines = (PAGES / page).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_the_directives_page_lists_every_directive_and_no_other() -> None:
    blocks = {re.fullmatch(r"`\{\{ (\S+) \}\}`", row[0])[1] for row in table_rows("directives.md", "| block directive")}
    inlines = {re.fullmatch(r"`\{\{ (\S+) \}\}`", row[0])[1] for row in table_rows("directives.md", "| inline directive")}
    assert blocks == set(BLOCKS)
    assert inlines == set(INLINES)


def test_every_inline_directive_of_the_grammar_has_a_value() -> None:
    # the grammar (load/) accepts a name that the renderer (render/) must fill: one without a value would crash a build
    assert sorted(INLINE_VALUES) == sorted(INLINES)


def test_getting_started_lists_every_plugin_option() -> None:
    documented = {row[0].strip("`") for row in table_rows("getting-started.md", "| option | default")}
    assert documented == {name for name, _ in TrustsiteConfig._schema}


CATALOG_LANGUAGES = sorted(p.name for p in PACKAGE_LOCALES.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def test_the_citation_table_has_every_catalog() -> None:
    languages = [row[0] for row in table_rows("languages.md", "| language | Art. 6(1)(f)")]
    assert languages == ["en", *CATALOG_LANGUAGES]


@pytest.mark.parametrize("row", table_rows("languages.md", "| language | Art. 6(1)(f)"), ids=lambda row: row[0])
def test_the_citation_table_shows_what_the_catalog_prints(row: list[str]) -> None:
    language, point, article = row
    localizer = Localizer(language, load_catalog(catalog_files(None, language), language))
    assert (localizer.gdpr_article("6(1)(f)"), localizer.gdpr_article("9")) == (point, article)
