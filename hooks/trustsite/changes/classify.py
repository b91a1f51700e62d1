"""Change stage: the reviewable rule table (rules/changes.yml) and the level it gives each change."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

import yaml

from trustsite.changes.diff import Change
from trustsite.rules import RULES_DIR

LEVELS = ("editorial", "review", "significant")  # ascending; "none" is below all of them
CONDITIONS = ("entity", "action", "field", "text", "transfer", "retention")


@dataclass(frozen=True)
class ChangeRule:
    id: str
    when: dict[str, tuple[str, ...]]
    level: str
    reason: str
    source: str

    def matches(self, change: Change) -> bool:
        for key, allowed in self.when.items():
            if key == "field":
                if not any(fnmatchcase(change.field, pattern) for pattern in allowed):
                    return False
            elif key in ("entity", "action"):
                if getattr(change, key) not in allowed:
                    return False
            elif change.facts.get(key) not in allowed:
                return False
        return True


class RuleTableError(ValueError):
    """rules/changes.yml itself is malformed (a defect of trustsite, caught by its tests)."""


@lru_cache(maxsize=1)
def load_change_rules() -> tuple[ChangeRule, ...]:
    raw = yaml.safe_load((RULES_DIR / "changes.yml").read_text(encoding="utf-8"))
    rules = []
    for row in raw["rules"]:
        unknown = set(row["when"]) - set(CONDITIONS)
        if unknown or row["level"] not in LEVELS:
            raise RuleTableError(f"rule {row['id']}: unknown condition {sorted(unknown)} or level {row['level']!r}")
        when = {k: tuple(v) if isinstance(v, list) else (v,) for k, v in row["when"].items()}
        rules.append(ChangeRule(row["id"], when, row["level"], row["reason"], row["source"]))
    if rules[-1].when:
        raise RuleTableError("the last rule must match every change (when: {})")
    return tuple(rules)


def rule_ids() -> list[str]:
    return [r.id for r in load_change_rules()]


@dataclass(frozen=True)
class Decision:
    """A change, the rule that fired, and the level after the organisation's own overrides."""

    change: Change
    rule: ChangeRule
    level: str
    override: str | None = None  # the organisation's reason when it changed the rule's level

    def as_json(self) -> dict[str, Any]:
        c = self.change
        return {
            "level": self.level,
            "rule": self.rule.id,
            "reason": self.rule.reason,
            "source": self.rule.source,
            "override": self.override,
            "entity": c.entity,
            "id": c.id,
            "title": c.title,
            "action": c.action,
            "field": c.field,
            "before": c.before,
            "after": c.after,
            "facts": dict(c.facts),
            "file": c.file,
            "line": c.line,
        }


def classify_change(change: Change, overrides: dict[str, Any] | None = None) -> Decision:
    """The first matching rule decides; an organisation's override replaces that rule's level."""
    for rule in load_change_rules():
        if rule.matches(change):
            own = (overrides or {}).get(rule.id)
            if own is not None:
                return Decision(change, rule, own.level, own.reason)
            return Decision(change, rule, rule.level)
    raise RuleTableError("no rule matched")  # unreachable: the last rule matches everything


def overall_level(decisions: list[Decision]) -> str:
    """'none' without changes, else the highest level of any change."""
    if not decisions:
        return "none"
    return max((d.level for d in decisions), key=LEVELS.index)
