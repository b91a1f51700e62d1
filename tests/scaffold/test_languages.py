"""For every supported language: a project made by `trustsite init` in English and every other supported language
builds, and none of the English labels of its English pages (table headers, headings, definition terms, the version
box, bold labels) appears on another language's statement and trust-center pages. The project is made and built
once per test run (26 two-language builds took 100 s of the suite; one of 27 languages takes a fifth of that).

A language whose catalog does not yet translate every label is expected to fail (xfail, strict: it must start
passing once its catalog is complete); which ones are incomplete is read from the catalogs, not listed here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.messages.pofile import read_po

from tests.scaffold.helpers import build, init
from tests.site.helpers import soup
from trustsite.paths import CATALOG_TEMPLATE, PACKAGE_LOCALES
from trustsite.scaffold.project import SUPPORTED_LANGUAGES

NAME = "Nordwind Example"
PAGES = ("index.html", "privacy/index.html", "trust/index.html", "trust/subprocessors/index.html",
         "trust/changes/index.html", "trust/security/index.html", "trust/certifications/index.html",
         "trust/documents/index.html", "trust/contact/index.html")
LABEL_ELEMENTS = "th, dt, h1, h2, h3, h4, strong, .admonition-title, .admonition p, td"
CODE = re.compile(r"[\w.+-]*[/._+][\w./+-]*")  # media types and file names (application/json, x.schema.json)


@lru_cache(maxsize=None)
def translations(language: str) -> dict[str, str]:
    """msgid -> translation of the package catalog, without empty or fuzzy entries."""
    po = PACKAGE_LOCALES / language / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return {}
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    return {m.id if isinstance(m.id, str) else m.id[0]: m.string if isinstance(m.string, str) else m.string[0]
            for m in catalog if m.id and m.string and not m.fuzzy and all(m.string)}


def catalog_complete(language: str) -> bool:
    with CATALOG_TEMPLATE.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    return wanted <= set(translations(language))


def language_params() -> list:
    params = []
    for language in SUPPORTED_LANGUAGES:
        if language == "en":
            continue
        marks = [pytest.mark.slow]
        if not catalog_complete(language):
            marks.append(pytest.mark.xfail(strict=True, reason="catalog incomplete"))
        params.append(pytest.param(language, marks=marks, id=language))
    return params


def clean(text: str) -> str:
    return " ".join(text.replace("¶", " ").split())


def english_labels(site: Path, pages: tuple[str, ...] = PAGES, prefix: str = "en/") -> set[str]:
    """The labels of the English pages (below `prefix`): what trustsite writes around the organisation's facts."""
    found = set()
    for page in pages:
        article = soup(site / prefix / page).find("article")
        for element in article.select(LABEL_ELEMENTS):
            text = clean(element.get_text(" "))
            if re.search(r"[A-Za-z]{3}", text) and not CODE.fullmatch(text) and text != "TODO":
                found.add(text.rstrip(":"))
    return found


def proper_nouns(project: Path, language: str) -> set[str]:
    """What reads the same in every language: names of the organisation, authorities and countries."""
    authorities = yaml.safe_load((project / "data" / "authorities.yml").read_text(encoding="utf-8"))["authorities"]
    names = {NAME}
    for authority in authorities.values():
        names |= set(authority["name_native"].values()) | {authority["name_en"], authority.get("abbreviation", ""),
                                                            authority.get("land", "")}
    names |= set(Locale.parse(language).territories.values())
    names |= {"W3C Data Privacy Vocabulary", "Data Privacy Framework"}  # names of a vocabulary and a framework
    return {n for n in names if n}


def without(text: str, nouns: set[str]) -> str:
    """The text with the proper nouns taken out, so that 'Data' is not found in 'Data Privacy Framework'."""
    for noun in sorted(nouns, key=len, reverse=True):
        text = text.replace(noun, " ")
    return text


def same_in(language: str) -> list[re.Pattern[str]]:
    """Single words this language's catalog legitimately leaves as in English ('Version %(id)s', 'Cookie',
    'Contact'); a longer label left in English is what this test looks for."""
    return [re.compile(re.sub(r"%\\\(\w+\\\)s", ".+", re.escape(msgid)))
            for msgid, translated in translations(language).items()
            if msgid == translated and len(re.sub(r"%\(\w+\)s", "", msgid).split()) == 1]


def names_only(label: str, nouns: set[str]) -> bool:
    """A label made of proper nouns alone, such as 'Metryka (Metryka OÜ, Estonia)'."""
    rest = label
    for noun in sorted(nouns, key=len, reverse=True):
        rest = rest.replace(noun, " ")
    return re.search(r"[^\W\d_]{3}", rest) is None


def shown_in(label: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text) is not None


@pytest.fixture(scope="session")
def every_language(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `trustsite init` in English (the default) and every other supported language, built once
    per test run (by the first pytest-xdist worker that asks; the others wait for it)."""
    from tests.conftest import shared_once

    def make(folder: Path) -> None:
        languages = ",".join(["en", *(lang for lang in SUPPORTED_LANGUAGES if lang != "en")])
        result = init(folder, "--organisation", NAME, "--country", "FR", "--languages", languages,
                      "--subsidiary", "DE", "--email", "privacy@example.com", "--site-url", "https://privacy.example.com/")
        assert result.exit_code == 0, result.output
        built = build(folder, jobs=2)  # the other worker usually waits for it (as conftest's build_once)
        assert built.returncode == 0, built.stderr[-5000:]

    return shared_once(tmp_path_factory, "every-language", make)


@pytest.mark.parametrize("language", language_params())
def test_no_english_label_on_the_pages_of_another_language(every_language: Path, language: str) -> None:
    project = every_language
    site = project / "site"
    labels = english_labels(site, prefix="")
    assert len(labels) >= 40 and "Legal basis" in labels and "Right of access (Art. 15 GDPR)" in labels
    nouns = proper_nouns(project, language)
    identical = same_in(language)
    words = set(translations(language).values())  # a label that is also a word of this language ('Data' in Polish)
    wanted = {label for label in labels - words if not names_only(label, nouns)
              and not any(pattern.fullmatch(label) for pattern in identical)}
    leaks = {}
    for page in PAGES:
        text = without(clean(soup(site / language / page).find("article").get_text(" ")), nouns)
        found = sorted(label for label in wanted if shown_in(label, text))
        if found:
            leaks[page] = found
    assert leaks == {}, f"English labels on the '{language}' pages"
