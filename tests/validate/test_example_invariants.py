"""Invariants over the data of the project at the repository root, whatever organisation it describes (the
shipped example, or a fork's own): what a reader of its statement relies on. Nothing here names the
example's facts; the complete fixture project (tests/fixtures/passing_full) is held to the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import FULL, FULL_BUILD_DATE, MINIMAL, REPO, ROOT_BUILD_DATE, read_mkdocs_config
from tests.site.helpers import site_facts
from trustsite.project import check_project
from trustsite.rules import load_transfer_rules

PROJECTS = [(REPO, ROOT_BUILD_DATE), (FULL, FULL_BUILD_DATE)]
IDS = ["root", "full"]
RESERVED = ("example.com", "example.net", "example.org", ".example", ".invalid", ".test")  # RFC 2606: no one owns them


@pytest.fixture(scope="module", params=PROJECTS, ids=IDS)
def checked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The project checked on its build date (certifications expire), as a copy: check writes its cache."""
    from tests.conftest import copy_project

    root, day = request.param
    copy = copy_project(root, tmp_path_factory.mktemp("invariants") / "project")
    project, problems = check_project(copy, dt.date.fromisoformat(day))
    return root, project, problems


def test_project_checks_clean(checked) -> None:
    """No error; the fixture not even a warning. The root project may carry warnings (the TODO markers
    `trustsite init` leaves, an expiring certificate, a stale translation): they do not stop a build."""
    root, project, problems = checked
    assert [p.format() for p in problems if root == FULL or p.severity == "error"] == []
    assert project is not None


def test_the_site_builds_the_languages_the_data_declares(checked) -> None:
    root, project, _ = checked
    facts = site_facts(root)
    assert facts.languages == [project.default_language] + [lang for lang in project.languages
                                                            if lang != project.default_language]


def test_every_country_served_has_a_private_sector_authority(checked) -> None:
    _, project, _ = checked
    for country in project.organisation.countries_served:
        assert any(a.country == country and a.hears_private_sector for a in project.authorities.values()), country


def test_the_lead_authority_is_in_the_registry(checked) -> None:
    _, project, _ = checked
    assert project.organisation.lead_authority in project.authorities


def test_every_purpose_has_retention_and_legitimate_interest_where_needed(checked) -> None:
    """Art. 13(2)(a) (storage period) and Art. 13(1)(d) (the legitimate interests pursued)."""
    _, project, _ = checked
    assert project.purposes
    for purpose in project.purposes.values():
        assert purpose.retention in project.retention
        assert (purpose.legitimate_interest is not None) == (purpose.legal_basis == "legitimate_interest")


def test_transfers_outside_eea_each_name_their_basis(checked) -> None:
    """Art. 13(1)(f): a transfer to a third country names its adequacy decision or safeguard."""
    _, project, _ = checked
    rules = load_transfer_rules()
    outside = [(sid, c) for sid, s in project.subprocessors.items()
               for c in [*s.processing_locations, *s.access_locations] if rules.needs_transfer_basis(c)]
    for sid, country in outside:
        sub = project.subprocessors[sid]
        assert country in sub.safeguards or rules.classify(country) == "adequate", (sid, country)


def test_every_certification_is_valid_on_the_build_date(checked) -> None:
    root, project, _ = checked
    day = dict(PROJECTS)[root]
    assert all(c.valid_until >= dt.date.fromisoformat(day) for c in project.certifications.values())


def _hosts(path: Path) -> list[tuple[str, str]]:
    found = []
    for token in path.read_text(encoding="utf-8").replace("(", " ").replace(")", " ").split():
        if "@" in token or "://" in token:
            found.append((token, token.split("@")[-1].split("://")[-1].split("/")[0].strip(".,;:'\"{}[]")))
    return found


@pytest.mark.parametrize("root", [REPO, FULL, MINIMAL], ids=["root", "full", "minimal"])
def test_a_project_published_under_a_reserved_domain_uses_only_reserved_domains(root: Path) -> None:
    """A project whose site is on example.com is an example: every organisation, address and service in
    it is fictional, and no real company is named by its domain (the authorities are real, and keep
    their real websites). A fork that publishes under its own domain has real data: nothing to check."""
    if not urlparse(read_mkdocs_config(root)["site_url"]).hostname.endswith(RESERVED):
        pytest.skip("the project is published under its own domain")
    for path in sorted((root / "data").glob("*.yml")):
        if path.name == "authorities.yml":
            continue
        for token, host in _hosts(path):
            assert host.endswith(RESERVED), (path.name, token)


def test_the_complete_fixture_sorts_every_sub_processor_into_a_service_group() -> None:
    """The trust center groups sub-processors by service; 'other' is for projects that have not sorted theirs."""
    project, _ = check_project(FULL, dt.date.fromisoformat(FULL_BUILD_DATE), expiry=False, files=False)
    assert [sid for sid, s in project.subprocessors.items() if s.category == "other"] == []


def test_the_root_project_covers_every_element_of_art_13_and_14_in_every_language() -> None:
    """Issue 15: `trustsite coverage` reports 17/17 for every language of the project the repository ships."""
    from trustsite.project import check_project
    from trustsite.render.coverage import coverage, gaps

    project, problems = check_project(REPO, dt.date.fromisoformat(ROOT_BUILD_DATE))
    assert project is not None, problems
    report = coverage(project)
    assert set(report) == set(project.languages)
    assert gaps(report) == 0
