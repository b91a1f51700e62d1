"""The change table itself: well-formed, reviewable, and every rule reachable."""

from __future__ import annotations

import pytest

from tests.changes.test_edit_cases import CASES
from trustsite.changes.classify import LEVELS, classify_change, load_change_rules, rule_ids
from trustsite.changes.diff import Change


def test_rule_ids_are_unique_and_every_rule_says_why() -> None:
    rules = load_change_rules()
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        assert rule.level in LEVELS
        assert rule.reason.endswith(".") and len(rule.reason) > 20, rule.id
        assert ("WP260" in rule.source or "GDPR" in rule.source or "checklist" in rule.source
                or "ePrivacy" in rule.source), rule.id
        assert rule.source.endswith(("(W)", "(I)")), rule.id  # named by WP260, or our inference


def test_the_last_rule_catches_everything() -> None:
    assert load_change_rules()[-1].when == {}
    assert load_change_rules()[-1].level == "review"  # what no rule foresaw goes to a person


# changes no edit of the example can produce while staying valid, checked directly
SYNTHETIC = [
    (Change("purpose", "newsletter", "added", "title.fr", None, "Lettre", {"text": "translation_added"}), "translation-added"),
    (Change("organisation", "", "added", "representative", None, {"legal_name": "Rep BV"}), "representative"),
    (Change("organisation", "", "added", "subsidiaries.fi_oy", None, {"legal_name": "Fjelltopp Oy"}), "group-companies"),
    (Change("data_category", "application_data", "changed", "special", False, True), "data-category-special"),
    (Change("right", "portability", "removed", "", {"title": {}}, None), "right-removed"),
    (Change("legal_basis", "public_task", "added", "", None, {"title": {}}), "new-legal-basis-text"),
    (Change("page", "privacy/index", "removed", "de", "Absatz", None, {"text": "substantive"}), "prose-changed"),
    (Change("cookie", "theme", "removed", "", {}, None), "removal"),
    (Change("subprocessor_change", "lumivault_2027", "added", "", None, {}), "change-log-record"),
    (Change("certification", "iso27001", "changed", "valid_until", "2026-12-01", "2029-12-01"), "certification-renewed"),
    (Change("security_measure", "mfa", "removed", "", {}, None), "security-measure-removed"),
    (Change("security_measure", "hsm", "added", "", None, {}), "other-change"),
    (Change("subprocessor", "x", "added", "", None, {}, {"transfer": "eea"}), "subprocessor-added"),
    (Change("subprocessor", "x", "added", "", None, {}, {"transfer": "third_country"}), "subprocessor-added-third-country"),
]


@pytest.mark.parametrize(("change", "rule"), SYNTHETIC, ids=[r for _, r in SYNTHETIC])
def test_synthetic_change(change: Change, rule: str) -> None:
    assert classify_change(change).rule.id == rule


def test_every_rule_is_exercised_by_a_case() -> None:
    used = set().union(*(case[3] for case in CASES)) | {rule for _, rule in SYNTHETIC}
    assert [r for r in rule_ids() if r not in used] == []
