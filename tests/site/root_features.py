"""What the site-level tests (tests/browser, tests/site/test_root_site.py) visit on the project at the repository
root, derived from that project alone: the languages and default language of its data/organisation.yml, the
releases of its data/versions.yml that its archive/ holds, the pages of its content folder, and which of its
languages lunr.js stems (mkdocs-static-i18n's list). Never from the example's facts: a company's CI checks its
own site with the same tests.

A test that needs something a project may lack (a second language, an archived or an upcoming version, a
sub-processor list, a language lunr.js does or does not stem) asks `ROOT.require(feature)` and is skipped with a
reason naming what the project lacks; tests/site/test_root_features.py makes sure that the example this
repository ships lacks none of them, so that its own CI never skips one silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest

from tests.conftest import REPO, ROOT_BUILD_DATE
from tests.site.helpers import SiteFacts, site_facts
from trustsite.model.files import Project
from trustsite.project import load_project

# The digest of the first sealed version of the example this repository ships (data/versions.yml): it tells
# this repository's own root project from a fork's, where a site-level test may skip for what the fork lacks.
# A sealed version never changes (trustsite.versions.seal), and `trustsite init --here` seals its own.
SHIPPED_EXAMPLE_FIRST_VERSION = "a2ad40fa87444bca790699da76ad1594df5c8d4fe00bf332bc40ac0bb9677089"

FEATURES = ("second_language", "archived_version", "upcoming_version", "subprocessor_list", "stemmed_language",
            "unstemmed_language")


def lunr_languages() -> frozenset[str]:
    """The languages whose words Material's search (lunr.js) stems, as mkdocs-static-i18n lists them."""
    from mkdocs_static_i18n.reconfigure import LUNR_LANGUAGES

    return frozenset(LUNR_LANGUAGES)


@dataclass
class RootProject:
    """The root project as its site-level tests see it, on the day the tests build it."""

    root: Path
    today: dt.date
    project: Project = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.project = load_project(self.root, self.today)

    @cached_property
    def facts(self) -> SiteFacts:
        return site_facts(self.root)

    @property
    def default(self) -> str:
        return self.project.default_language

    @property
    def languages(self) -> list[str]:
        """The languages of data/organisation.yml in their order, the default first."""
        return [self.default] + [lang for lang in self.project.languages if lang != self.default]

    def prefix(self, lang: str) -> str:
        return "" if lang == self.default else f"{lang}/"

    def switcher_pairs(self) -> list[tuple[str, str]]:
        """Each language to the next one in the configured order (the last to the first): every language is
        left once and reached once through the language switcher."""
        langs = self.project.languages
        return [(lang, langs[(i + 1) % len(langs)]) for i, lang in enumerate(langs)] if len(langs) > 1 else []

    @cached_property
    def archived_versions(self) -> list[str]:
        """The releases of data/versions.yml whose statement archive/ holds (each has its own pages), oldest first."""
        from trustsite.load.archive import archived_ids, version_order

        archived = set(archived_ids(self.root))
        return [vid for vid in version_order(self.project.versions) if vid in archived]

    @property
    def in_force(self) -> str | None:
        found = self.project.version_in_force(self.today)
        return found[0] if found else None

    @property
    def shown_version(self) -> str | None:
        """An archived version to visit: the one in force if it is archived, else the newest archived."""
        if self.in_force in self.archived_versions:
            return self.in_force
        return self.archived_versions[-1] if self.archived_versions else None

    @property
    def upcoming(self) -> str | None:
        """The released version whose advance notice the current statement shows (when it is archived)."""
        from trustsite.versions.pages import upcoming_version

        vid = upcoming_version(self.project, self.today)
        return vid if vid in self.archived_versions else None

    @property
    def has_subprocessor_list(self) -> bool:
        from trustsite.model.lifecycle import current_subprocessors

        return "trust/subprocessors" in self.facts.bases and bool(current_subprocessors(self.project, self.today))

    def subprocessors_in(self, country: str) -> set[str]:
        """The names of the current sub-processors that process data in a country or access it from there."""
        from trustsite.model.lifecycle import current_subprocessors

        return {sub.name for sub in current_subprocessors(self.project, self.today).values()
                if country in {*sub.processing_locations, *sub.access_locations}}

    def stemmed_language(self) -> str | None:
        """A further language lunr.js stems (its search uses that language's stemmer)."""
        return next((lang for lang in self.languages[1:] if lang in lunr_languages()), None)

    def unstemmed_language(self) -> str | None:
        """A further language lunr.js does not know (its words are searched unstemmed)."""
        return next((lang for lang in self.languages[1:] if lang not in lunr_languages()), None)

    def page_kinds(self) -> list[str]:
        """One page of each kind the project has, as paths after the language prefix: the home page, the
        statement, an archived version, the sub-processor list."""
        pages = ["", "privacy/"]
        if self.shown_version:
            pages.append(f"privacy/versions/{self.shown_version}/")
        if self.has_subprocessor_list:
            pages.append("trust/subprocessors/")
        return pages

    def missing(self) -> dict[str, str]:
        """feature -> what the project lacks for it, for every feature it lacks."""
        reasons = {
            "second_language": None if len(self.languages) > 1 else
            f"data/organisation.yml lists one language ({self.default}): there is no language to switch to",
            "archived_version": None if self.archived_versions else
            "no release of data/versions.yml is in archive/: there is no version page",
            "upcoming_version": None if self.upcoming else
            f"no release of data/versions.yml takes effect after {self.today.isoformat()}: there is no advance notice",
            "subprocessor_list": None if self.has_subprocessor_list else
            "no sub-processor is current (data/subprocessors.yml) or there is no content/trust/subprocessors.md",
            "stemmed_language": None if self.stemmed_language() else
            "no language of data/organisation.yml besides the default is one lunr.js stems",
            "unstemmed_language": None if self.unstemmed_language() else
            "every language of data/organisation.yml besides the default is one lunr.js stems",
        }
        return {feature: reason for feature, reason in reasons.items() if reason}

    def require(self, *features: str) -> None:
        """Skip the calling test, saying what the project lacks, unless it has every feature named."""
        unknown = set(features) - set(FEATURES)
        assert not unknown, f"unknown features {sorted(unknown)}; known: {FEATURES}"
        lacking = self.missing()
        reasons = [f"{feature}: {lacking[feature]}" for feature in features if feature in lacking]
        if reasons:
            pytest.skip("the root project lacks what this test needs: " + "; ".join(reasons))

    def is_shipped_example(self) -> bool:
        """Whether the root project is the example this repository ships (its first sealed version)."""
        from trustsite.load.archive import version_order

        order = version_order(self.project.versions)
        return bool(order) and self.project.versions[order[0]].manifest_sha256 == SHIPPED_EXAMPLE_FIRST_VERSION

    def localizer(self, lang: str):  # -> trustsite.render.localize.Localizer
        """How the site writes labels, countries and dates in a language: the project's catalog, then the package's."""
        from trustsite.load.siteconfig import overrides_dir
        from trustsite.render.localize import localizer_for

        return localizer_for(lang, overrides_dir(self.root))

ROOT = RootProject(REPO, dt.date.fromisoformat(ROOT_BUILD_DATE))
