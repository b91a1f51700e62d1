"""The site-level tests visit what the root project offers (tests/site/root_features.py) and skip, saying why,
where it lacks a feature: in a fork that is right, in this repository it would hide a test that never ran. So
the example this repository ships must offer every feature, and whatever the root project is, what the tests
derive must be what its data says."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL
from tests.site.root_features import FEATURES, ROOT, RootProject, lunr_languages


def test_the_shipped_example_runs_every_site_level_test() -> None:
    missing = ROOT.missing()
    if not ROOT.is_shipped_example():  # a fork: each of its skips names what it lacks
        assert set(missing) <= set(FEATURES) and all(missing.values())
        return
    assert missing == {}, "the example would skip site-level tests:\n" + "\n".join(
        f"{feature}: {reason}" for feature, reason in missing.items())


def test_the_languages_are_those_of_the_organisation_with_the_default_first() -> None:
    organisation = ROOT.project.organisation
    assert ROOT.languages[0] == organisation.default_language
    assert sorted(ROOT.languages) == sorted(organisation.languages)
    assert set(ROOT.languages) == set(ROOT.facts.languages) and ROOT.default == ROOT.facts.default  # mkdocs.yml


def test_the_switcher_leaves_and_reaches_every_language_once() -> None:
    pairs = ROOT.switcher_pairs()
    if len(ROOT.languages) == 1:
        assert pairs == []
        return
    assert sorted(lang for lang, _ in pairs) == sorted(target for _, target in pairs) == sorted(ROOT.languages)
    assert all(lang != target for lang, target in pairs)


def test_the_search_languages_are_of_the_kind_their_name_says() -> None:
    stemmed, unstemmed = ROOT.stemmed_language(), ROOT.unstemmed_language()
    assert stemmed is None or (stemmed in lunr_languages() and stemmed != ROOT.default)
    assert unstemmed is None or (unstemmed not in lunr_languages() and unstemmed != ROOT.default)


def test_the_upcoming_version_takes_effect_after_the_build_date_and_has_pages() -> None:
    if ROOT.upcoming is None:
        pytest.skip(ROOT.missing()["upcoming_version"])
    assert ROOT.project.versions[ROOT.upcoming].effective > ROOT.today
    assert ROOT.upcoming in ROOT.archived_versions and ROOT.upcoming in ROOT.project.versions


def test_an_unknown_feature_is_refused() -> None:
    with pytest.raises(AssertionError, match="unknown features"):
        ROOT.require("second_langauge")


def test_a_project_without_notice_or_sub_processors_skips_saying_what_it_lacks() -> None:
    """The minimal fixture: English and German, one version (in force), no trust center."""
    minimal = RootProject(MINIMAL, ROOT.today)
    assert minimal.languages == ["en", "de"] and minimal.switcher_pairs() == [("en", "de"), ("de", "en")]
    assert minimal.page_kinds() == ["", "privacy/", "privacy/versions/2025.1/"]
    assert minimal.missing() == {
        "upcoming_version": f"no release of data/versions.yml takes effect after {ROOT.today.isoformat()}: "
                            "there is no advance notice",
        "subprocessor_list": "no sub-processor is current (data/subprocessors.yml) or there is no "
                             "content/trust/subprocessors.md",
        "unstemmed_language": "every language of data/organisation.yml besides the default is one lunr.js stems",
    }
    with pytest.raises(pytest.skip.Exception, match="the root project lacks what this test needs: "
                                                     "subprocessor_list: no sub-processor is current"):
        minimal.require("second_language", "subprocessor_list")
    assert not minimal.is_shipped_example()
