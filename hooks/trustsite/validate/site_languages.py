"""Validate stage: the languages of data/organisation.yml are the languages mkdocs.yml builds and searches.

A language is declared once, in data/organisation.yml (`languages`, `default_language`); mkdocs.yml must
follow it: mkdocs-static-i18n builds exactly those languages, the default one as its default, never falling
back to another language, with a site name per language; the search plugin stems the words of each language
lunr.js knows. `trustsite languages add` writes all of it; this check reports every mismatch, located, in
`trustsite check` and in every build. mkdocs.yml is read as plain YAML here (no MkDocs below the site layer).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from trustsite.errors import Problem
from trustsite.load.siteconfig import SiteConfig

CONFIG = "mkdocs.yml"


@lru_cache(maxsize=1)
def lunr_languages() -> frozenset[str]:
    """Languages whose words lunr.js (MkDocs' search) can stem: the language files MkDocs ships, found without
    importing MkDocs."""
    spec = importlib.util.find_spec("mkdocs")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    found = {"en"}
    for folder in folders:
        for path in (Path(folder) / "contrib" / "search" / "lunr-language").glob("lunr.??.js"):
            found.add(path.name[5:7])
    return frozenset(found)


def check_site_languages(site: SiteConfig, languages: list[str], default: str) -> list[Problem]:
    """Every way mkdocs.yml disagrees with the organisation's languages."""
    if site.data is None:
        return []  # no mkdocs.yml (a state compared by `diff`): nothing to compare
    i18n = site.plugin("i18n")
    if i18n is None:
        return [site.problem(("plugins",), "the i18n plugin (mkdocs-static-i18n) is required: add '- i18n:' with the"
                             f" languages of data/organisation.yml ({', '.join(languages)})")]
    problems: list[Problem] = []
    entries = [e for e in (i18n.get("languages") or []) if isinstance(e, dict)]
    where = ("plugins", "i18n", "languages")
    built = [str(e.get("locale")) for e in entries if e.get("build", True) is not False]
    for language in languages:
        if language not in built:
            problems.append(site.problem(where, f"'{language}' is a language of data/organisation.yml but is not built"
                                         " here; run 'trustsite languages add " f"{language}' or add its entry"))
    for index, entry in enumerate(entries):
        locale = str(entry.get("locale"))
        path = (*where, index)
        if entry.get("build", True) is not False and locale not in languages:
            problems.append(site.problem((*path, "locale"), f"'{locale}' is built but is not a language of"
                                         f" data/organisation.yml ({', '.join(languages)}); add it there or remove it"))
        if entry.get("default") is True and locale != default:
            problems.append(site.problem((*path, "default"), f"the default language here is '{locale}', but"
                                         f" data/organisation.yml says '{default}'"))
        if locale in languages and locale != default and not entry.get("site_name"):
            problems.append(site.problem(path, f"'{locale}' has no site_name: its pages would show the site name in"
                                         f" '{default}'; add site_name in '{locale}'"))
        elif locale != default and entry.get("site_name") and entry.get("site_name") == site.data.get("site_name"):
            problems.append(site.problem((*path, "site_name"), f"the site name of '{locale}' is the same as the"
                                         f" default language's; translate it into '{locale}'", severity="warning"))
    if not any(e.get("default") is True for e in entries):
        problems.append(site.problem(where, f"no language is marked 'default: true'; mark '{default}'"))
    if i18n.get("fallback_to_default", True) is not False:
        problems.append(site.problem(("plugins", "i18n", "fallback_to_default"), "must be false: legal text never"
                                     " falls back to another language (mkdocs-static-i18n falls back unless told not to)"))
    problems.extend(_check_search(site, built))
    return problems


def _check_search(site: SiteConfig, built: list[str]) -> list[Problem]:
    search = site.plugin("search")
    i18n = site.plugin("i18n") or {}
    if search is None or i18n.get("reconfigure_search", True) is not False:
        return []  # mkdocs-static-i18n sets the search languages itself
    listed = search.get("lang") or []
    listed = [listed] if isinstance(listed, str) else [str(x) for x in listed]
    stemmed = lunr_languages()
    problems = []
    for language in built:
        if language in stemmed and language not in listed:
            problems.append(site.problem(("plugins", "search", "lang"), f"'{language}' is missing: search would not"
                                         f" recognise the forms of a word in '{language}' pages; add it to the list",
                                         severity="warning"))
    for language in listed:
        if language not in built and language != "en":
            problems.append(site.problem(("plugins", "search", "lang"), f"'{language}' is listed but no page is built"
                                         " in it; remove it", severity="warning"))
    return problems


def configured_languages(site: SiteConfig) -> list[str]:
    """The languages mkdocs.yml builds (for messages and `trustsite languages`)."""
    i18n = site.plugin("i18n") or {}
    return [str(e.get("locale")) for e in (i18n.get("languages") or []) if isinstance(e, dict)]

