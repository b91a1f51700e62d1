"""`trustsite init`: a new organisation's project that checks and builds with no further edit, what it
writes, and what it refuses (with nothing written)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.scaffold.helpers import TODAY, build, check, files_below, init, scaffolded_data_files
from tests.site.helpers import article_text, soup
from trustsite.scaffold.project import STEMMED_LANGUAGES, SUPPORTED_LANGUAGES

ACME = ["--organisation", "Acme Handel", "--country", "FR", "--languages", "fr,en,de",
        "--subsidiary", "DE", "--subsidiary", "AT", "--email", "privacy@example.com",
        "--website", "https://www.example.com", "--site-url", "https://privacy.example.com/"]


def load(project: Path, name: str) -> dict:
    return yaml.safe_load((project / "data" / f"{name}.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A French organisation publishing in fr, en and de, with group companies in Germany and Austria."""
    project = tmp_path_factory.mktemp("init") / "acme"
    result = init(project, *ACME)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote 98 files into {project.as_posix()}/ for Acme Handel in fr, en, de;")
    return project


def test_the_project_passes_check_with_its_todos_as_located_warnings(acme: Path) -> None:
    result = check(acme)
    assert result.exit_code == 0, result.output
    written = scaffolded_data_files("Acme Handel", "FR", "fr,en,de", ("DE", "AT"))
    assert written == len(list((acme / "data").glob("*.yml")))  # check counts every data file init wrote
    assert result.stdout == f"ok: {written} data files and 27 pages valid in fr, en, de\n"
    lines = result.stderr.splitlines()
    assert "content/privacy/index.md:7:6: warning: TODO left in the page: Indiquez à qui s’adresse la présente " \
           "déclaration et quels produits, sites web et activités elle couvre." in lines
    assert "content/privacy/index.de.md:7:6: warning: TODO left in the page: Sagen Sie, an wen sich diese " \
           "Erklärung richtet und welche Produkte, Websites und Tätigkeiten sie umfasst." in lines
    assert "data/organisation.yml:16:15: warning: TODO left in the data: street: TODO" in lines
    assert not any(line.startswith("mkdocs.yml") for line in lines)  # --site-url was given
    assert all(": warning: TODO left in the " in line for line in lines[:-1])
    assert re.fullmatch(r"\d+ warnings in content/ and data/", lines[-1])


@pytest.mark.slow  # a whole-site build
def test_the_project_builds_in_every_language_without_english_on_the_other_pages(acme: Path) -> None:
    result = build(acme)
    assert result.returncode == 0, result.stderr
    site = acme / "site"
    for prefix, lang in (("", "fr"), ("en/", "en"), ("de/", "de")):
        page = site / prefix / "privacy" / "index.html"
        assert soup(page).html["lang"] == lang
    german = article_text(site / "de" / "privacy" / "index.html")
    assert german.startswith("Datenschutzerklärung")
    assert "Rechtliche Verpflichtung (Art. 6 Abs. 1 lit. c DSGVO)" in german
    assert "Wir setzen keine Unterauftragsverarbeiter ein." in german
    for english in ("Privacy statement", "Legal obligation", "Right of access", "We do not engage"):
        assert english not in german
    french = article_text(site / "privacy" / "index.html")
    assert "Droit d’accès" in french and "Commission nationale de l'informatique et des libertés" in french


def test_the_authorities_of_every_country_served_and_the_lead_authority(acme: Path) -> None:
    organisation = load(acme, "organisation")["organisation"]
    assert organisation["countries_served"] == ["FR", "DE", "AT"]
    assert organisation["lead_authority"] == "fr_cnil"  # the head office is in France (GDPR Art. 56)
    authorities = load(acme, "authorities")["authorities"]
    german = sorted(key for key, a in authorities.items() if a["country"] == "DE")
    assert len(german) == 18 and "de_bfdi" in german and "de_by_baylda" in german  # no Land given: all of them
    assert {a["country"] for a in authorities.values()} == {"FR", "DE", "AT"}
    assert "# SOURCES" in (acme / "data" / "authorities.yml").read_text(encoding="utf-8")


def test_the_starter_data_invents_nothing(acme: Path) -> None:
    for name in ("subprocessors", "cookies", "recipients", "certifications", "documents", "security_measures",
                 "subprocessor_changes"):
        assert load(acme, name) == {name: {}}, name
    assert list(load(acme, "purposes")["purposes"]) == ["requests"]
    assert set(load(acme, "rights")["rights"]) >= {"access", "rectification", "erasure", "restriction",
                                                  "portability", "object", "complaint"}
    subsidiary = load(acme, "organisation")["organisation"]["subsidiaries"]["de_company"]
    assert subsidiary == {"legal_name": "TODO", "address": {"street": "TODO", "postal_code": "TODO",
                                                            "city": "TODO", "country": "DE"}}


def test_the_first_version_is_released(acme: Path) -> None:
    versions = load(acme, "versions")["versions"]
    assert list(versions) == ["2026.1"]
    assert str(versions["2026.1"]["published"]) == TODAY == str(versions["2026.1"]["effective"])
    assert (acme / "archive" / "2026.1" / "manifest.json").is_file()
    assert (acme / "archive" / "2026.1" / "statement" / "de.md").is_file()
    readme = (acme / "README.md").read_text(encoding="utf-8")
    assert "delete `archive/2026.1/`" in readme and "{version_id}" not in readme


def test_mkdocs_yml_configures_every_language(acme: Path) -> None:
    config = yaml.safe_load((acme / "mkdocs.yml").read_text(encoding="utf-8"))
    search, i18n, plugin = config["plugins"]
    assert search == {"search": {"lang": ["fr", "en", "de"]}}
    assert plugin == "trustsite"
    languages = i18n["i18n"]["languages"]
    assert [(lang["locale"], lang.get("default", False)) for lang in languages] == \
        [("fr", True), ("en", False), ("de", False)]
    assert languages[2]["site_name"] == "Datenschutzzentrum von Acme Handel"
    assert config["site_name"] == "Centre de protection des données de Acme Handel"
    assert i18n["i18n"]["fallback_to_default"] is False
    assert config["site_url"] == "https://privacy.example.com/"


def test_the_workflows_run_the_site_checks_not_the_engine_tests(acme: Path) -> None:
    from tests.test_workflows import trustsite_calls  # the same parser as the repository's own workflows

    import click

    from trustsite.cli import main

    for name in ("site.yml", "privacy-changes.yml"):
        doc = yaml.safe_load((acme / ".github" / "workflows" / name).read_text(encoding="utf-8"))
        scripts = [step["run"] for job in doc["jobs"].values() for step in job["steps"] if "run" in step]
        assert not any("pytest" in script for script in scripts), name
        for command, *rest in trustsite_calls(scripts):
            found = main.get_command(click.Context(main), command)
            assert found is not None, command
            found.make_context(command, list(rest))
    site = (acme / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert "trustsite check" in site and "trustsite build" in site and "linkchecker" in site
    assert "trustsite==" in (acme / "requirements.txt").read_text(encoding="utf-8")
    assert "/site/" in (acme / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.parametrize("land, expected, lead", [
    ("DE-BY", ["de_by_baylda"], "de_by_baylda"),  # BayLDA: companies; BayLfD (public bodies only) is left out
    ("DE-BE", ["de_be_blnbdi"], "de_be_blnbdi"),
])
def test_a_german_land_picks_its_authority(tmp_path: Path, land: str, expected: list[str], lead: str) -> None:
    project = tmp_path / "p"
    result = init(project, "--organisation", "Beispiel", "--country", "DE", "--languages", "de,en", "--land", land)
    assert result.exit_code == 0, result.output
    assert sorted(load(project, "authorities")["authorities"]) == expected
    assert load(project, "organisation")["organisation"]["lead_authority"] == lead


def test_germany_without_a_land_lists_every_authority_and_asks_for_the_lead(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert init(project, "--organisation", "Beispiel", "--country", "DE", "--languages", "de").exit_code == 0
    assert "lead_authority" not in load(project, "organisation")["organisation"]
    assert len(load(project, "authorities")["authorities"]) == 18
    result = check(project)
    assert result.exit_code == 0
    assert re.search(r"^data/organisation\.yml:5:3: warning: TODO left in the data: name your lead supervisory "
                     r"authority", result.stderr, re.M)


def test_a_head_office_outside_the_eea_has_no_lead_authority(tmp_path: Path) -> None:
    project = tmp_path / "p"
    result = init(project, "--organisation", "Example Ltd", "--country", "GB", "--languages", "en",
                  "--subsidiary", "NL", "--subsidiary", "NL")
    assert result.exit_code == 0, result.output
    organisation = load(project, "organisation")["organisation"]
    assert "lead_authority" not in organisation  # one-stop shop (Art. 56) needs a main establishment in the EU
    assert list(organisation["subsidiaries"]) == ["nl_company", "nl_company_2"]
    assert organisation["countries_served"] == ["GB", "NL"]


@pytest.mark.parametrize("args, message", [
    (["--languages", "pl,xx"], "error: --languages: 'xx' is not a supported language; choose from bg, cs, da,"),
    (["--languages", "en,en"], "error: --languages: 'en' is listed twice"),
    (["--country", "UK"], "error: --country: expected an ISO 3166-1 alpha-2 country code such as 'PL', got 'UK' "
                          "(the ISO code of the United Kingdom is GB)"),
    (["--country", "US"], "error: --country: trustsite's registry has no supervisory authority for US; it covers "
                          "the EU, the EEA, the United Kingdom and Switzerland (AT, BE, BG, CH, CY, CZ, DE,"),
    (["--subsidiary", "Germany"], "error: --subsidiary: expected an ISO 3166-1 alpha-2 country code such as 'PL', "
                                  "got 'Germany'"),
    (["--land", "DE-BY"], "error: --land: the organisation has no seat in Germany"),
    (["--country", "DE", "--land", "BY"], "error: --land: expected the ISO 3166-2 code of a German Land (DE-BB, "),
    (["--email", "privacy"], "error: --email: expected an e-mail address such as 'privacy@example.com', got 'privacy'"),
    (["--website", "http://example.com"], "error: --website: expected an address starting with https://, got "),
])
def test_bad_options_are_refused_and_nothing_is_written(tmp_path: Path, args: list[str], message: str) -> None:
    base = {"--organisation": "Acme", "--country": "FR", "--languages": "en"}
    for option, value in zip(args[::2], args[1::2]):
        base[option] = value
    argv = [part for option, value in base.items() for part in (option, value)]
    result = init(tmp_path / "p", *argv)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_with_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = init(tmp_path, "--organisation", "Acme", "--country", "FR", "--languages", "en")
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path}: the folder is not empty; give a new or empty folder (or, in a fork of "
                             "the trustsite repository, --here to replace its example organisation)\n")
    assert files_below(tmp_path) == ["notes.txt"]


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    result = init(tmp_path, "--organisation", "Acme", "--country", "FR", "--languages", "en")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mkdocs.yml").is_file() and (tmp_path / "archive" / "2026.1").is_dir()
    assert not [p for p in tmp_path.parent.iterdir() if p.name.startswith(f".{tmp_path.name}.init-")]


def test_a_language_without_translated_starter_texts_is_refused(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every shipped catalog translates the starter texts today; one that loses a text (a catalog edited by a
    project, a language added without them) must stop init, never give English."""
    from trustsite.scaffold import texts

    probe, real = texts.RIGHTS["access"][0], texts._package_messages

    def without_probe(language: str) -> dict[str, str]:
        found = dict(real(language))
        if language == "fi":
            found.pop(probe)
        return found

    monkeypatch.setattr(texts, "_package_messages", without_probe)
    result = init(tmp_path / "p", "--organisation", "Acme", "--country", "FR", "--languages", "en,fi")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the starter texts are not yet translated into every language; a page "
                                    "never shows another language's text, so nothing was written:\n"
                                    f"  fi: 1 text(s) untranslated in {texts.catalog_path('fi')}, such as {probe!r}")
    assert not (tmp_path / "p").exists()


def test_here_replaces_the_example_of_a_fork_and_keeps_the_tool(tmp_path: Path) -> None:
    fork = tmp_path / "fork"
    for rel, text in {"mkdocs.yml": "site_name: Example\n", "data/organisation.yml": "old\n",
                      "content/index.md": "# Old\n", "content/old.md": "# Old\n", "archive/2025.1/manifest.json": "{}",
                      "translations/nl.yml": "{}\n", "documents/dpa.pdf": "%PDF", "README.md": "# the tool\n",
                      ".github/workflows/ci.yml": "name: ci\n", "pyproject.toml": "[project]\nname = 'trustsite'\n",
                      "hooks/trustsite_hooks.py": "# hook\n", "tests/test_engine.py": "# tests\n"}.items():
        (fork / rel).parent.mkdir(parents=True, exist_ok=True)
        (fork / rel).write_text(text, encoding="utf-8")
    result = init(None, "--organisation", "Acme", "--country", "PL", "--languages", "pl,en,cs", "--here", cwd=fork)
    assert result.exit_code == 0, result.output
    assert (fork / "README.md").read_text(encoding="utf-8") == "# the tool\n"
    assert (fork / ".github" / "workflows" / "ci.yml").is_file() and (fork / "tests" / "test_engine.py").is_file()
    assert not (fork / ".github" / "workflows" / "site.yml").exists()
    assert not (fork / "content" / "old.md").exists() and not (fork / "translations").exists()
    assert not (fork / "documents").exists() and not (fork / "archive" / "2025.1").exists()
    assert (fork / "content" / "privacy" / "index.cs.md").is_file()
    assert load(fork, "organisation")["organisation"]["languages"] == ["pl", "en", "cs"]
    assert check(fork).exit_code == 0


def test_here_needs_a_project(tmp_path: Path) -> None:
    result = init(None, "--organisation", "Acme", "--country", "PL", "--languages", "pl", "--here", cwd=tmp_path)
    assert result.exit_code == 1
    assert "--here replaces the example project of a trustsite fork in place, but there is no mkdocs.yml here" \
        in result.stderr


def test_the_search_languages_are_those_lunr_stems() -> None:
    from mkdocs_static_i18n.reconfigure import LUNR_LANGUAGES

    assert STEMMED_LANGUAGES == tuple(sorted(set(SUPPORTED_LANGUAGES) & set(LUNR_LANGUAGES)))
