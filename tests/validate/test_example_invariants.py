"""Invariants over the shipped data: what a reader of the example statement relies on."""

from __future__ import annotations

import datetime as dt

from tests.conftest import EXAMPLE_BUILD_DATE, REPO
from trustsite.project import check_project
from trustsite.rules import load_transfer_rules

PROJECT, PROBLEMS = check_project(REPO, dt.date.fromisoformat(EXAMPLE_BUILD_DATE))  # certifications expire


def test_example_checks_clean() -> None:
    assert [p.format() for p in PROBLEMS] == []
    assert PROJECT is not None


def test_registry_holds_all_49_authorities() -> None:
    assert len(PROJECT.authorities) == 49
    german = [a for a in PROJECT.authorities.values() if a.country == "DE" and a.subdivision]
    assert len({a.subdivision for a in german}) == 16


def test_eight_countries_served_each_with_a_private_sector_authority() -> None:
    served = PROJECT.organisation.countries_served
    assert set(served) == {"NO", "SE", "DK", "DE", "NL", "GB", "CH", "LT"}
    for country in served:
        assert any(a.country == country and a.hears_private_sector for a in PROJECT.authorities.values())


def test_head_office_in_oslo_and_subsidiaries_in_the_other_seven_countries() -> None:
    org = PROJECT.organisation
    assert org.controller.head_office.city == "Oslo" and org.controller.head_office.country == "NO"
    assert {s.address.country for s in org.subsidiaries.values()} == {"SE", "DK", "DE", "NL", "GB", "CH", "LT"}


def test_example_uses_only_example_domains() -> None:
    for path in (REPO / "data").glob("*.yml"):
        if path.name == "authorities.yml":  # real authorities, real websites
            continue
        text = path.read_text(encoding="utf-8")
        for token in text.replace("(", " ").replace(")", " ").split():
            if "@" in token or "://" in token:
                host = token.split("@")[-1].split("://")[-1].split("/")[0].strip(".,;:'\"")
                assert host.endswith(("example.com", "example.net", "example.org")), (path.name, token)


def test_every_reference_purpose_has_retention_and_legitimate_interest_where_needed() -> None:
    assert len(PROJECT.purposes) >= 12
    for purpose in PROJECT.purposes.values():
        assert purpose.retention in PROJECT.retention
        assert (purpose.legitimate_interest is not None) == (purpose.legal_basis == "legitimate_interest")


def test_transfers_outside_eea_each_name_their_basis() -> None:
    rules = load_transfer_rules()
    outside = [(sid, c) for sid, s in PROJECT.subprocessors.items()
               for c in [*s.processing_locations, *s.access_locations] if rules.needs_transfer_basis(c)]
    assert outside, "the example should demonstrate transfers"
    for sid, country in outside:
        sub = PROJECT.subprocessors[sid]
        assert country in sub.safeguards or rules.classify(country) == "adequate"


def test_every_current_subprocessor_has_a_service_group() -> None:
    """The trust center groups sub-processors by service; 'other' is for projects that have not sorted theirs."""
    assert [sid for sid, s in PROJECT.subprocessors.items() if s.category == "other"] == []


def test_example_certifications_stay_valid_for_a_year_after_the_pinned_date() -> None:
    horizon = dt.date.fromisoformat(EXAMPLE_BUILD_DATE) + dt.timedelta(days=365)
    assert all(c.valid_until > horizon for c in PROJECT.certifications.values())


def test_the_example_covers_every_element_of_art_13_and_14_in_every_language() -> None:
    from trustsite.render.coverage import coverage, gaps

    report = coverage(PROJECT)
    assert set(report) == set(PROJECT.languages)
    assert gaps(report) == 0
