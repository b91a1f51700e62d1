"""End-to-end: the minimal project builds in every language, with no fallback and nothing from other hosts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.helpers import article_text, build_site, external_loads, soup

pytestmark = pytest.mark.slow  # whole-site builds (or a 7 MB organisation)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import MINIMAL, copy_project

    project = copy_project(MINIMAL, tmp_path_factory.mktemp("minimal") / "p")
    out = project / "site"
    result = build_site(project, out, today="2025-06-01")
    assert result.returncode == 0, result.stderr
    return out


def test_pages_exist_per_language(built: Path) -> None:
    assert (built / "privacy" / "index.html").is_file()
    assert (built / "de" / "privacy" / "index.html").is_file()


@pytest.mark.parametrize("page, lang", [("privacy/index.html", "en"), ("de/privacy/index.html", "de")])
def test_html_lang(built: Path, page: str, lang: str) -> None:
    assert soup(built / page).html["lang"] == lang


def test_german_page_has_german_facts(built: Path) -> None:
    text = article_text(built / "de" / "privacy" / "index.html")
    assert "Bereitstellung des Dienstes" in text  # purpose title from data, in German
    assert "10. Februar 2025" in text  # effective date, German long format
    assert "Norwegen" in text and "Deutschland" in text  # CLDR country names
    assert "Providing the service" not in text


def test_directives_are_all_expanded(built: Path) -> None:
    for page in built.rglob("*.html"):
        assert "{{" not in page.read_text(encoding="utf-8"), page


def test_fragments_and_catalogs_are_not_published(built: Path) -> None:
    assert not (built / "fragments").exists()
    assert not (built / "locales").exists()
    assert not list(built.rglob("*.po"))


def test_nothing_is_loaded_from_other_hosts(built: Path) -> None:
    assert external_loads(built) == []


def test_language_switcher_leads_to_the_same_page(built: Path) -> None:
    page = soup(built / "privacy" / "index.html")
    links = {a.get("hreflang"): a["href"] for a in page.select("a.md-select__link[hreflang]")}
    assert set(links) == {"en", "de"}
    target = (built / "privacy" / links["de"]).resolve()
    target = target / "index.html" if target.is_dir() else target
    assert target == (built / "de" / "privacy" / "index.html").resolve()


def test_missing_translation_fails_the_build_and_writes_nothing(minimal_copy: Path) -> None:
    (minimal_copy / "content" / "privacy" / "index.de.md").unlink()
    out = minimal_copy / "site"
    result = build_site(minimal_copy, out)
    assert result.returncode == 1
    assert "content/privacy/index.de.md: missing translation of content/privacy/index.md for language 'de'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_fallback_enabled_in_config_is_refused(minimal_copy: Path) -> None:
    config = minimal_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("fallback_to_default: false", "fallback_to_default: true"), encoding="utf-8")
    result = build_site(minimal_copy, minimal_copy / "site")
    assert result.returncode == 1
    assert "plugins.i18n.fallback_to_default: must be false" in result.stderr


def test_invalid_data_fails_the_build_with_the_check_messages(minimal_copy: Path) -> None:
    purposes = minimal_copy / "data" / "purposes.yml"
    purposes.write_text(purposes.read_text(encoding="utf-8").replace("legal_basis: consent", "legal_basis: consnet"), encoding="utf-8")
    result = build_site(minimal_copy, minimal_copy / "site")
    assert result.returncode == 1
    assert "data/purposes.yml:5:18: purposes.newsletter.legal_basis: expected one of" in result.stderr
    assert "did you mean 'consent'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_linkchecker_reports_no_broken_link(built: Path) -> None:
    from tests.site.helpers import linkcheck_site

    result = linkcheck_site(built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 errors found" in result.stdout


def test_untranslated_site_name_is_refused(minimal_copy: Path) -> None:
    config = minimal_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("          site_name: Minimal (Deutsch)\n", ""), encoding="utf-8")
    result = build_site(minimal_copy, minimal_copy / "site")
    assert result.returncode == 1
    assert ("mkdocs.yml:30:11: plugins.i18n.languages[1]: 'de' has no site_name: its pages would show the site name in"
            " 'en'; add site_name in 'de'") in result.stderr
