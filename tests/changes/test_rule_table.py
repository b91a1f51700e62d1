"""The change table itself: well-formed, reviewable, every rule reachable, and typos in it refused."""

from __future__ import annotations

import pytest

from tests.changes.test_rule_coverage import CASES
from trustsite.changes.classify import LEVELS, RuleTableError, classify_change, load_change_rules, parse_change_rules
from trustsite.changes.diff import Change
from trustsite.rules import RULES_DIR
from trustsite.rules.change_table import change_rule_ids


def test_rule_ids_are_unique_and_every_rule_says_why() -> None:
    rules = load_change_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert change_rule_ids() == tuple(r.id for r in rules)  # what an override is checked against is the parsed table
    for rule in rules:
        assert rule.level in LEVELS
        assert rule.reason.endswith(".") and len(rule.reason) > 20, rule.id
        assert ("WP260" in rule.source or "GDPR" in rule.source or "checklist" in rule.source
                or "ePrivacy" in rule.source or "EDPB" in rule.source), rule.id
        assert rule.source.endswith(("(W)", "(I)")), rule.id  # named by WP260 or the GDPR, or our inference


def test_the_last_rule_catches_everything() -> None:
    assert load_change_rules()[-1].when == {}
    assert load_change_rules()[-1].level == "review"  # what no rule foresaw goes to a person


# changes no edit of the fixtures produces while staying valid, checked directly
SYNTHETIC = [
    (Change("purpose", "newsletter", "added", "title.fr", None, "Lettre", {"text": "translation_added"}), "translation-added"),
    (Change("purpose", "newsletter", "removed", "title.fr", "Lettre", None, {"text": "translation_removed"}), "translation-removed"),
    (Change("organisation", "", "added", "representative", None, {"legal_name": "Rep BV"}), "representative"),
    (Change("right", "portability", "removed", "", {"title": {}}, None), "right-removed"),
    (Change("legal_basis", "public_task", "added", "", None, {"title": {}}), "new-legal-basis-text"),
    (Change("page", "privacy/index", "removed", "de", "Absatz", None, {"text": "substantive"}), "prose-changed"),
    (Change("cookie", "theme", "removed", "", {}, None), "removal"),
    (Change("subprocessor", "x", "added", "", None, {}, {"transfer": "eea"}), "subprocessor-added"),
    (Change("subprocessor", "x", "added", "", None, {}, {"transfer": "third_country"}), "subprocessor-added-third-country"),
    (Change("organisation", "", "changed", "controller.head_office.country", "LT", "DE", {"transfer": "eu"}), "controller-country"),
    (Change("version", "2027.1", "changed", "effective", "2027-01-04", "2026-12-02", {"promise": "brought_forward"}), "promise-brought-forward"),
    (Change("certification", "iso", "changed", "valid_until", "2027-01-01", "2026-12-01", {"date": "earlier"}), "certification-shortened"),
]


@pytest.mark.parametrize(("change", "rule"), SYNTHETIC, ids=[r for _, r in SYNTHETIC])
def test_synthetic_change(change: Change, rule: str) -> None:
    assert classify_change(change).rule.id == rule


def test_every_rule_but_the_catch_all_is_reached_by_some_field() -> None:
    used = {classify_change(change).rule.id for _, change in CASES} | {rule for _, rule in SYNTHETIC}
    assert [r for r in list(change_rule_ids())[:-1] if r not in used] == []  # a rule no change can reach is dead weight


def test_a_fact_value_the_diff_never_gives_is_refused() -> None:
    text = (RULES_DIR / "changes.yml").read_text(encoding="utf-8").replace("{keeping: longer}", "{keeping: longr}", 1)
    with pytest.raises(RuleTableError, match="keeping can be .* not \\['longr'\\]"):
        parse_change_rules(text)


def test_an_unknown_condition_is_refused() -> None:
    text = (RULES_DIR / "changes.yml").read_text(encoding="utf-8").replace("{keeping: longer}", "{kept: longer}", 1)
    with pytest.raises(RuleTableError, match="unknown condition \\['kept'\\]"):
        parse_change_rules(text)
