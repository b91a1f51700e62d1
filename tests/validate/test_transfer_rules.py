"""The transfer rule table, row by row: where a location stands and which safeguards may cover it."""

from __future__ import annotations

import pytest

from trustsite.rules import load_transfer_rules

RULES = load_transfer_rules()


@pytest.mark.parametrize(
    "country, expected",
    [
        ("DE", "eu"), ("LT", "eu"), ("GR", "eu"), ("SE", "eu"), ("NL", "eu"), ("DK", "eu"),
        ("NO", "eea"), ("IS", "eea"), ("LI", "eea"),
        ("CH", "adequate"), ("GB", "adequate"), ("JE", "adequate"), ("BR", "adequate"), ("NZ", "adequate"),
        ("US", "adequate_partial"), ("CA", "adequate_partial"), ("JP", "adequate_partial"), ("KR", "adequate_partial"),
        ("IN", "third_country"), ("CN", "third_country"), ("AU", "third_country"), ("SG", "third_country"),
        ("GL", "third_country"), ("MC", "third_country"),
    ],
)
def test_classify(country: str, expected: str) -> None:
    assert RULES.classify(country) == expected


@pytest.mark.parametrize(
    "safeguard, country, allowed",
    [
        ("adequacy", "CH", True), ("adequacy", "GB", True), ("adequacy", "US", False), ("adequacy", "IN", False),
        ("dpf", "US", True), ("dpf", "IN", False), ("dpf", "GB", False),
        ("scc_2021_914", "IN", True), ("scc_2021_914", "US", True), ("bcr", "CN", True),
    ],
)
def test_safeguard_allowed(safeguard: str, country: str, allowed: bool) -> None:
    assert RULES.safeguard_allowed(safeguard, country) is allowed


def test_every_row_has_a_source_or_reason() -> None:
    assert all(a.act and a.source and a.kind in ("decision", "implementing_decision") for a in RULES.adequacy.values())
    assert all(s.article and s.reason for s in RULES.safeguards.values())
    assert len(RULES.eu) == 27
