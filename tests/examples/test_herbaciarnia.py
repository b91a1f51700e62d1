"""The second example organisation (examples/herbaciarnia: a fictional Polish online shop in pl, cs, es, en)
is finished and valid: check passes with no warning (no TODO left), and it builds in every language with no
English label on the Polish, Czech and Spanish pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import REPO
from tests.scaffold.test_languages import clean, english_labels, names_only, proper_nouns, same_in, shown_in, translations, without
from tests.site.helpers import article_text, soup
from trustsite.cli import main

pytestmark = pytest.mark.slow
EXAMPLE = REPO / "examples" / "herbaciarnia"
TODAY = "2026-12-01"
HERE = ("index.html", "privacy/index.html", "trust/index.html", "trust/subprocessors/index.html",
        "trust/changes/index.html", "trust/security/index.html", "trust/contact/index.html")


def names_in_data() -> set[str]:
    """The names of the companies in the example's data: the same in every language."""
    data = {name: yaml.safe_load((EXAMPLE / "data" / f"{name}.yml").read_text(encoding="utf-8"))
            for name in ("organisation", "subprocessors", "recipients")}
    organisation = data["organisation"]["organisation"]
    names = {organisation["controller"]["legal_name"], organisation["controller"]["trading_name"]}
    names |= {s["legal_name"] for s in organisation["subsidiaries"].values()}
    names |= {s["name"] for s in data["subprocessors"]["subprocessors"].values()}
    names |= {s["legal_entity"] for s in data["subprocessors"]["subprocessors"].values()}
    names |= {n for r in data["recipients"]["recipients"].values() for n in r.get("names", [])}
    return names


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("herbaciarnia") / "p"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site", ".trustsite_cache"))
    # its mkdocs.yml lists the plugin: the build date is its option, as a project pins it for reproducible builds
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = "  - trustsite          # after i18n: it renders each language's pages as i18n builds them\n"
    assert plugin in text
    config.write_text(text.replace(plugin, f"  - trustsite:\n      build_date: '{TODAY}'\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
                            capture_output=True, text=True, env=env, cwd=project, timeout=600)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_check_passes_with_no_warning() -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(EXAMPLE), "--today", TODAY, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 17 data files and 28 pages valid in pl, cs, es, en\n"
    assert result.stderr == ""


def test_every_language_is_built(site: Path) -> None:
    for prefix, lang in (("", "pl"), ("cs/", "cs"), ("es/", "es"), ("en/", "en")):
        for page in HERE:
            assert (site / prefix / page).is_file(), prefix + page
        assert soup(site / prefix / "privacy" / "index.html").html["lang"] == lang


@pytest.mark.parametrize("prefix, language", [("", "pl"), ("cs/", "cs"), ("es/", "es")])
def test_no_english_label_on_the_other_pages(site: Path, prefix: str, language: str) -> None:
    labels = english_labels(site, HERE)
    nouns = proper_nouns(EXAMPLE, language) | names_in_data()
    if language in ("pl", "cs"):
        nouns.add("Newsletter")  # the shop's own word for it in Polish and Czech too
    identical = same_in(language)
    words = set(translations(language).values())  # a label that is also a word of this language ('Data' in Polish)
    wanted = {label for label in labels - words if not names_only(label, nouns)
              and not any(pattern.fullmatch(label) for pattern in identical)}
    leaks = {}
    for page in HERE:
        text = without(clean(soup(site / prefix / page).find("article").get_text(" ")), nouns)
        leaks[page] = sorted(label for label in wanted if shown_in(label, text))
    assert len(labels) >= 60
    assert {page: found for page, found in leaks.items() if found} == {}


def test_the_facts_read_in_each_language(site: Path) -> None:
    polish = article_text(site / "privacy" / "index.html")
    assert "3 lata; licząc od dostarczenia zamówienia" in polish
    assert "Urząd Ochrony Danych Osobowych" in polish and "nasz wiodący organ nadzorczy" in polish
    czech = article_text(site / "cs" / "privacy" / "index.html")
    assert "3 roky; počítáno od doručení objednávky" in czech
    spanish = article_text(site / "es" / "privacy" / "index.html")
    assert "Agencia Española de Protección de Datos" in spanish
    transfers = article_text(site / "en" / "privacy" / "index.html")
    assert "Postwing" in transfers and "EU-US Data Privacy Framework" in transfers
    for page in site.rglob("*.html"):
        assert "TODO" not in page.read_text(encoding="utf-8"), page
