"""The theme speaks the page's language: no English from Material (its footer line, permalink titles, the 404
page, search labels) on a page in another language; the plugin and the hook file build the same site."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

import material
from tests.site.helpers import build_site, soup
from trustsite.paths import THEME_DIR, catalog_files
from trustsite.render.localize import Localizer, load_catalog

MATERIAL_LANGUAGES = Path(material.__file__).parent / "templates" / "partials" / "languages"
NOT_TEXT = {"language", "direction", "search.config.lang", "search.config.pipeline", "search.config.separator"}
ENGLISH_OF_OURS = ["Made with", "Material for MkDocs", "Permanent link", "404 - Not found", "Page not found"]


def theme_strings(language: str) -> dict[str, str]:
    """Material's interface strings for a language, the engine's own file first (Material has none for ga, mt)."""
    loader = jinja2.FileSystemLoader([str(THEME_DIR / "partials" / "languages"), str(MATERIAL_LANGUAGES)])
    source = loader.get_source(jinja2.Environment(), f"{language}.html")[0]
    return dict(re.findall(r'^\s*"([^"]+)": "((?:[^"\\]|\\.)*)"', source, re.M))


def english_leftovers(language: str) -> set[str]:
    """English strings that must not appear on a page in `language` (those the language writes the same way,
    like German "Navigation", are not leftovers)."""
    english, own = theme_strings("en"), theme_strings(language)
    ours = Localizer(language, load_catalog(catalog_files(None, language), language))
    return ({text for key, text in english.items()
             if key not in NOT_TEXT and own.get(key) != text and "#" not in text and len(text) > 3}
            | {text for text in ENGLISH_OF_OURS if ours.gettext(text) != text})


def visible_strings(page: Path) -> list[str]:
    """Text and the attributes a reader meets (title, aria-label, placeholder, alt) of a built page."""
    tree = soup(page)
    for tag in tree(["script", "style"]):
        tag.decompose()
    found = [" ".join(tree.get_text(" ").split())]
    for tag in tree.find_all(True):
        found += [str(tag.get(attr)) for attr in ("title", "aria-label", "placeholder", "alt") if tag.get(attr)]
    return found


@pytest.mark.parametrize("language", sorted(p.name for p in (THEME_DIR.parent / "locales").iterdir() if p.is_dir()))
def test_material_has_every_interface_string_in_every_supported_language(language: str) -> None:
    missing = set(theme_strings("en")) - set(theme_strings(language)) - NOT_TEXT - {"blog.authors"}  # no blog here
    assert not missing, f"{language}: Material would show these in English: {sorted(missing)}"


def test_no_page_of_the_project_shows_the_themes_english(root_site: Path) -> None:
    """On the site of the project at the repository root, from its own mkdocs.yml."""
    from tests.conftest import REPO
    from tests.site.helpers import site_facts

    facts = site_facts(REPO)
    leaks = []
    for language in facts.languages:
        if language == "en":
            continue
        leftovers = english_leftovers(language)
        pages = [page for page in sorted(root_site.rglob("*.html")) if facts.language_of(root_site, page) == language]
        for page in pages:
            for text in visible_strings(page):
                leaks += [(page.relative_to(root_site).as_posix(), s) for s in leftovers if s in text]
    assert not leaks, leaks[:20]


@pytest.mark.slow  # a whole-site build
def test_the_404_page_and_permalinks_speak_each_language(minimal_copy: Path, tmp_path: Path) -> None:
    result = build_site(minimal_copy, tmp_path / "site", today="2025-06-01")
    assert result.returncode == 0, result.stderr
    german = soup(tmp_path / "site" / "de" / "404.html")
    assert german.find("h1").get_text() == "Seite nicht gefunden"
    assert german.find("a", string="Zur Startseite")["href"] in ("/de/", "..", "../", "./", "/de")
    assert soup(tmp_path / "site" / "404.html").find("h1").get_text() == "Page not found"
    titles = {a["title"] for a in soup(tmp_path / "site" / "de" / "privacy" / "index.html").find_all("a", class_="headerlink")}
    assert titles == {"Permanenter Link"}
    assert not any("Made with" in page.read_text(encoding="utf-8") for page in (tmp_path / "site").rglob("*.html"))


@pytest.mark.slow  # a whole-site build
def test_the_plugin_and_the_hook_file_build_the_same_site(minimal_copy: Path, tmp_path: Path) -> None:
    hooked = build_site(minimal_copy, tmp_path / "hooked", today="2025-06-01")
    assert hooked.returncode == 0, hooked.stderr
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n  - [^\n]+\n", "\n", text)
    assert "hooks:" not in text
    config.write_text(text.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - trustsite\n", 1), encoding="utf-8")
    plugged = build_site(minimal_copy, tmp_path / "plugged", today="2025-06-01")
    assert plugged.returncode == 0, plugged.stderr

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    hooked_files, plugged_files = files(tmp_path / "hooked"), files(tmp_path / "plugged")
    assert hooked_files.keys() == plugged_files.keys()
    assert [name for name in hooked_files if hooked_files[name] != plugged_files[name]] == []
