"""The 404 page: the site root answers in the default language, each further language has its own beside
its pages, and none carries another page's language links (mkdocs-static-i18n leaves them behind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.helpers import soup

LANGUAGES = ["nl", "de", "nb", "sv", "da", "lt", "fr"]


def test_the_root_404_page_is_in_the_default_language(example_site: Path) -> None:
    page = soup(example_site / "404.html")
    assert page.html["lang"] == "en"  # before: the last language built (French) answered every missing URL
    assert page.title.get_text().startswith("Fjelltopp Privacy Center")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_404_page_linking_to_the_language_homes(example_site: Path, lang: str) -> None:
    page = soup(example_site / lang / "404.html")
    assert page.html["lang"] == lang
    switcher = {a["hreflang"]: a["href"] for a in page.find_all("a", hreflang=True)}
    assert switcher.get("en") == "/" and switcher.get(lang) == f"/{lang}/", switcher
    assert all(href.count("/") <= 2 for href in switcher.values()), switcher  # homes, not some page's translations
