"""Model stage: the legal rule tables shipped with trustsite (reviewable YAML beside this file)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

RULES_DIR = Path(__file__).parent
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the rule tables are trusted, plain YAML

TransferClass = Literal["eu", "eea", "adequate", "adequate_partial", "third_country"]


@dataclass(frozen=True)
class Adequacy:
    kind: str  # "decision" or "implementing_decision" (acts since 2015 are implementing decisions)
    act: str  # the act's number in English, e.g. "2000/518/EC" or "(EU) 2023/1795"
    partial: bool
    scope: str | None
    source: str


@dataclass(frozen=True)
class SafeguardRule:
    article: str
    allowed_in: str | tuple[str, ...]  # "any", "adequate", or a tuple of country codes
    reason: str
    refusal: str  # why it cannot be used elsewhere; {country} is filled in


@dataclass(frozen=True)
class TransferRules:
    eu: frozenset[str]
    eea: frozenset[str]
    adequacy: dict[str, Adequacy]
    safeguards: dict[str, SafeguardRule]

    def classify(self, country: str) -> TransferClass:
        """Where a location stands under GDPR Chapter V."""
        if country in self.eu:
            return "eu"
        if country in self.eea:
            return "eea"
        decision = self.adequacy.get(country)
        if decision is None:
            return "third_country"
        return "adequate_partial" if decision.partial else "adequate"

    def needs_transfer_basis(self, country: str) -> bool:
        return self.classify(country) not in ("eu", "eea")

    def safeguard_allowed(self, safeguard: str, country: str) -> bool:
        rule = self.safeguards[safeguard]
        if rule.allowed_in == "any":
            return True
        if rule.allowed_in == "adequate":
            return self.classify(country) == "adequate"
        return country in rule.allowed_in


@lru_cache(maxsize=1)
def load_transfer_rules() -> TransferRules:
    raw = yaml.load((RULES_DIR / "transfers.yml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
    return TransferRules(
        eu=frozenset(raw["eu"]["countries"]),
        eea=frozenset(str(c) for c in raw["eea"]["countries"]),
        adequacy={
            code: Adequacy(row["kind"], row["act"], row["partial"], row.get("scope"), row["source"])
            for code, row in raw["adequacy"].items()
        },
        safeguards={
            key: SafeguardRule(
                row["article"],
                row["allowed_in"] if isinstance(row["allowed_in"], str) else tuple(row["allowed_in"]),
                row["reason"],
                row.get("refusal", ""),
            )
            for key, row in raw["safeguards"].items()
        },
    )
