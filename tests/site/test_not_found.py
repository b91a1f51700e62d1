"""The 404 page: the site root answers in the default language, each further language has its own beside
its pages, and none carries another page's language links (mkdocs-static-i18n leaves them behind).
Checked on the site of the project at the repository root, from its own configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.site.helpers import site_facts, soup

FACTS = site_facts(REPO)
FURTHER = [lang for lang in FACTS.languages if lang != FACTS.default]


def test_the_root_404_page_is_in_the_default_language(root_site: Path) -> None:
    page = soup(root_site / "404.html")
    assert page.html["lang"] == FACTS.default  # before: the last language built answered every missing URL
    assert page.title.get_text().startswith(FACTS.site_names[FACTS.default])


@pytest.mark.parametrize("lang", FURTHER)
def test_each_language_has_its_own_404_page_linking_to_the_language_homes(root_site: Path, lang: str) -> None:
    page = soup(root_site / lang / "404.html")
    assert page.html["lang"] == lang
    assert page.title.get_text().startswith(FACTS.site_names[lang])
    switcher = {a["hreflang"]: a["href"] for a in page.find_all("a", hreflang=True)}
    assert switcher.get(FACTS.default) == "/" and switcher.get(lang) == f"/{lang}/", switcher
    assert switcher == {other: "/" + FACTS.prefix(other) for other in FACTS.languages}  # homes, not some page's
