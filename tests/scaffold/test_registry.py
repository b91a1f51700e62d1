"""The registry of supervisory authorities shipped with trustsite: every entry is a valid authority, every
country of the EU, the EEA, the UK and Switzerland has one that hears complaints about companies, and every
German Land has its own."""

from __future__ import annotations

import pytest

from trustsite.model.transfers import Authority
from trustsite.rules import load_transfer_rules
from trustsite.scaffold.registry import load_registry

REGISTRY = load_registry()
RULES = load_transfer_rules()


@pytest.mark.parametrize("key", list(REGISTRY.entries))
def test_every_entry_is_a_valid_authority_with_its_sources(key: str) -> None:
    entry = REGISTRY.entries[key]
    Authority.model_validate(entry)  # the model of data/authorities.yml; a country such as NO stays a string
    assert entry["src"], key


def test_every_country_served_by_trustsite_has_a_complaints_authority() -> None:
    assert set(REGISTRY.countries()) == set(RULES.eu) | set(RULES.eea) | {"GB", "CH"}
    for country in REGISTRY.countries():
        assert REGISTRY.for_country(country), country


def test_every_german_land_has_an_authority_for_companies() -> None:
    assert len(REGISTRY.lands()) == 16
    for land in REGISTRY.lands():
        assert len(REGISTRY.for_country("DE", land)) == 1, land


def test_germany_has_no_national_authority_for_companies() -> None:
    assert REGISTRY.national("DE") is None  # the BfDI supervises federal public bodies (BDSG s. 9), not companies
    assert REGISTRY.national("FR") == "fr_cnil"
