"""Rules stage: the legal rule tables shipped with trustsite (reviewable YAML beside this file).

transfers.yml holds, per regime (EU/EEA GDPR, UK GDPR, Swiss FADP), the adequacy decisions with their
act, dates, scope and EEA incorporation, and the mechanisms each regime accepts. `TransferRules.assess`
decides one transfer under one regime; validate/transfers.py turns its verdicts into located errors and
the fragments render its bases, so the check and the statement can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

RULES_DIR = Path(__file__).parent
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the rule tables are trusted, plain YAML

TransferClass = Literal["eu", "eea", "adequate", "adequate_partial", "third_country"]

# Mechanisms that are Art. 46-type safeguards: a transfer impact assessment belongs to them (C-311/18
# Schrems II, para 134; EDPB Recommendations 01/2020 v2.0; Clause 14 of the 2021 SCCs).
ASSESSED_MECHANISMS = frozenset({"scc_2021_914", "bcr", "code_of_conduct", "certification", "ad_hoc_clauses",
                                 "uk_idta", "uk_addendum", "uk_bcr", "swiss_scc", "swiss_bcr"})


@dataclass(frozen=True)
class Adequacy:
    """One adequacy finding of one regime for one destination (country, territory or international organisation)."""

    regime: str
    destination: str
    act: str | None  # the act's number in English, e.g. "2000/518/EC"; None where only its date is known
    kind: str  # decision | implementing_decision | regulation | ordinance
    adopted: dt.date
    expires: dt.date | None
    review: str | None
    scope: str | None  # None: the whole destination
    via: str | None  # the mechanism that records the recipients' certification (DPF)
    eea: str | None  # GDPR only: incorporated | pending | unverified (unverified is relied on, and listed for
    # review in docs/pages/legal-rules.md: the EEA-EFTA states apply EU adequacy decisions once incorporated, and
    # refusing every unconfirmed one would push controllers in Norway to contracts the law does not ask for)
    status: str  # verified | unverified
    source: str

    @property
    def partial(self) -> bool:
        return self.scope is not None


@dataclass(frozen=True)
class Mechanism:
    key: str
    regime: str  # a regime key, or "any"
    article: str | dict[str, str]
    needs: tuple[str, ...]
    reason: str
    source: str
    certification: str | None = None  # the DPF List flag the recipient must hold
    only_in: tuple[str, ...] = ()
    fallback: bool = False  # a fallback mechanism may be named
    occasional: bool = False  # a derogation: named, occasional transfers only

    def article_in(self, regime: str) -> str:
        return self.article[regime] if isinstance(self.article, dict) else self.article


@dataclass(frozen=True)
class Regime:
    key: str
    name: str  # short, for messages: "EU/EEA GDPR"
    cite: str  # the articles on transfers, for messages
    title: str
    always: bool
    home: frozenset[str]
    complaint_country: str | None
    source: str


@dataclass(frozen=True)
class Derogation:
    key: str
    article: str
    reason: str


@dataclass(frozen=True)
class Verdict:
    """How one transfer stands under one regime: its basis (when lawful) and what is wrong or uncertain."""

    basis: str | None  # "adequacy" (implicit), a mechanism key, or None when no transfer happens
    decision: Adequacy | None = None
    errors: tuple[tuple[str, str], ...] = ()  # (field the error belongs to, message)
    warnings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TransferRules:
    groups: dict[str, tuple[str, ...]]
    regimes: dict[str, Regime]
    adequacy: dict[str, dict[str, Adequacy]]  # regime -> destination -> finding (groups expanded)
    mechanisms: dict[str, Mechanism]
    international_organisations: dict[str, dict[str, str]]
    derogations: dict[str, Derogation]
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    # ---- the EU/EEA view the rest of the engine used before regimes (change levels, exports)

    @property
    def eu(self) -> frozenset[str]:
        return frozenset(self.groups["EU"])

    @property
    def eea(self) -> frozenset[str]:
        return frozenset(self.groups["EEA_EFTA"])

    def classify(self, country: str, regime: str = "gdpr") -> TransferClass:
        """Where a destination stands under a regime's Chapter V (default: the EU/EEA GDPR)."""
        if regime == "gdpr":
            if country in self.eu:
                return "eu"
            if country in self.eea:
                return "eea"
        elif country in self.regimes[regime].home:
            return "eu"
        decision = self.adequacy[regime].get(country)
        if decision is None:
            return "third_country"
        return "adequate_partial" if decision.partial else "adequate"

    def needs_transfer_basis(self, country: str, regime: str = "gdpr") -> bool:
        return country not in self.regimes[regime].home

    # ---- one transfer under one regime

    def assess(self, regime: str, destination: str, spec: Any, *, controller_country: str, today: dt.date | None,
               certified: frozenset[str], systematic: bool, role_modules: frozenset[int]) -> Verdict:
        """The verdict for a transfer to `destination` under `regime`.

        spec: the transfer's recorded mechanism for this regime (a model with .mechanism, .module, ...)
        or None; certified: the recipient's DPF List flags; systematic: a processor's routine transfers
        (Art. 49 derogations never cover them); role_modules: the SCC modules the recipient's role allows.
        """
        if destination in self.regimes[regime].home:
            if spec is not None:
                return Verdict(None, errors=(("", f"{destination} is inside the area of this regime, so no transfer"
                                                  " takes place and no mechanism is needed"),))
            return Verdict(None)
        decision = self.adequacy[regime].get(destination)
        decision_problem = self._decision_problem(decision, controller_country, today) if decision else None
        if spec is None:
            if decision is None:
                return Verdict(None, errors=(("", f"no adequacy finding covers it; name a mechanism of this regime"
                                                  f" such as {self._examples(regime)} ({self.regimes[regime].cite})"),))
            if decision_problem is not None:
                return Verdict(None, decision, errors=(("", f"{decision_problem}; name a mechanism of this regime such as"
                                                            f" {self._examples(regime)}"),))
            if decision.partial:
                hint = f"'{decision.via}' for a certified recipient" if decision.via else "'adequacy' for a recipient within it"
                return Verdict(None, decision, errors=(("", f"the adequacy finding covers only {decision.scope}; name"
                                                            f" {hint}, or a mechanism such as {self._examples(regime)}"),))
            return Verdict("adequacy", decision)
        return self._assess_mechanism(regime, destination, spec, decision, decision_problem, controller_country, today,
                                      certified, systematic, role_modules)

    def _assess_mechanism(self, regime: str, destination: str, spec: Any, decision: Adequacy | None,
                          decision_problem: str | None, controller_country: str, today: dt.date | None,
                          certified: frozenset[str], systematic: bool, role_modules: frozenset[int]) -> Verdict:
        errors: list[tuple[str, str]] = []
        warnings: list[tuple[str, str]] = []
        mechanism = self.mechanisms[spec.mechanism]
        title = self.regimes[regime].name
        if mechanism.regime not in ("any", regime):
            home = self.regimes[mechanism.regime].name
            return Verdict(None, decision, errors=(("mechanism", f"'{spec.mechanism}' is an instrument of the {home};"
                                                                 f" it cannot cover a transfer under the {title}"
                                                                 f" ({self.regimes[regime].source}); name one of"
                                                                 f" {self._examples(regime)}"),))
        if mechanism.key == "adequacy":
            if decision is None:
                errors.append(("mechanism", f"no adequacy finding of this regime covers it; name a mechanism such as"
                                            f" {self._examples(regime)}"))
            elif decision_problem is not None:
                errors.append(("mechanism", decision_problem))
            elif decision.via:
                errors.append(("mechanism", f"the adequacy finding covers only {decision.scope}; name '{decision.via}'"
                                            " and record the recipient's certification"))
        if mechanism.only_in and destination not in mechanism.only_in:
            errors.append(("mechanism", f"'{spec.mechanism}' covers only recipients in {', '.join(mechanism.only_in)}"
                                        f" ({mechanism.source}); name one of {self._examples(regime)}"))
        elif mechanism.certification:
            row = self.adequacy[regime].get(destination)
            if row is not None and (problem := self._decision_problem(row, controller_country, today)):
                errors.append(("mechanism", problem))
            if mechanism.certification not in certified:
                errors.append(("mechanism", f"'{spec.mechanism}' covers only organisations certified under the"
                                            f" {CERTIFICATIONS[mechanism.certification]} ({mechanism.source}); record the"
                                            f" recipient's entry on the DPF List in 'dpf_certification' or name another"
                                            " mechanism"))
        if mechanism.occasional and systematic:
            errors.append(("mechanism", f"'{spec.mechanism}' is a derogation for specific, occasional transfers"
                                        f" ({mechanism.source}); the routine transfers to a processor need a safeguard"
                                        f" such as {self._examples(regime)}"))
        errors.extend(self._missing_facts(mechanism, spec, role_modules))
        fallback = getattr(spec, "fallback", None)
        if fallback is not None:
            fb = self.mechanisms[fallback.mechanism]
            if not mechanism.fallback:
                errors.append(("fallback", f"only a DPF transfer names a fallback; '{spec.mechanism}' is itself the basis"))
            elif fb.regime != regime or fb.occasional or fb.key == "adequacy" or fb.certification:
                errors.append(("fallback", f"'{fallback.mechanism}' cannot be the fallback under the {title};"
                                           f" name one of {self._examples(regime)}"))
            else:
                errors.extend((f"fallback.{where}" if where else "fallback", message)
                              for where, message in self._missing_facts(fb, fallback, role_modules))
        if mechanism.key in ASSESSED_MECHANISMS and getattr(spec, "tia", None) is None:
            warnings.append(("", "no transfer impact assessment is recorded ('tia' with its date or reference);"
                                 " an Art. 46 safeguard needs one (CJEU C-311/18 Schrems II; EDPB Recommendations"
                                 " 01/2020), and the statement mentions one only when it is recorded"))
        return Verdict(None if errors else spec.mechanism, decision, tuple(errors), tuple(warnings))

    def _missing_facts(self, mechanism: Mechanism, spec: Any, role_modules: frozenset[int]) -> list[tuple[str, str]]:
        errors = []
        for fact in ("module", "importer", "reference", "derogation", "occasion"):
            value = getattr(spec, fact, None)
            if fact in mechanism.needs and value is None:
                errors.append(("", f"'{mechanism.key}' needs '{fact}': {NEEDS[fact]}"))
            elif fact not in mechanism.needs and value is not None:
                errors.append((fact, f"'{fact}' does not apply to '{mechanism.key}'; remove it"))
        module = getattr(spec, "module", None)
        if module is not None and "module" in mechanism.needs and role_modules and module not in role_modules:
            allowed = " or ".join(str(m) for m in sorted(role_modules))
            errors.append(("module", f"module {module} does not fit the recipient's role, which needs module {allowed}"
                                     " (Decision (EU) 2021/914, Annex, Section I)"))
        return errors

    def _decision_problem(self, decision: Adequacy, controller_country: str, today: dt.date | None) -> str | None:
        act = self.act_label(decision)
        if today is not None and decision.expires is not None and decision.expires < today:
            return f"{act} expired on {decision.expires}"
        if today is not None and decision.adopted > today:
            return f"{act} applies only from {decision.adopted}"
        if decision.regime == "gdpr" and controller_country in self.eea and decision.eea == "pending":
            return (f"{act} is adopted by the EU but not yet incorporated into the EEA"
                    f" Agreement, so it does not cover a controller established in {controller_country} (an EEA-EFTA"
                    " state)")
        return None

    def _examples(self, regime: str) -> str:
        keys = [k for k, m in self.mechanisms.items() if m.regime == regime and not m.occasional and not m.certification]
        return ", ".join(f"'{k}'" for k in keys[:3])

    @staticmethod
    def act_label(decision: Adequacy) -> str:
        return f"the adequacy finding {decision.act}" if decision.act else \
            f"the adequacy finding adopted on {decision.adopted.isoformat()}"

    def destination_known(self, destination: str) -> bool:
        return destination in self.international_organisations


CERTIFICATIONS = {
    "eu_us": "EU-US Data Privacy Framework",
    "uk_extension": "UK Extension to the EU-US Data Privacy Framework",
    "swiss_us": "Swiss-US Data Privacy Framework",
}

NEEDS = {
    "module": "the module of the clauses, 1 to 4 (Decision (EU) 2021/914)",
    "importer": "the legal entity that signs as data importer",
    "reference": "the approval, code, certificate or authorisation relied on",
    "derogation": "the point of Art. 49(1) relied on, a to g or 'compelling'",
    "occasion": "the specific, occasional transfer it covers, in every language",
}


def _expand(destinations: list[str], groups: dict[str, tuple[str, ...]]) -> list[str]:
    out: list[str] = []
    for d in destinations:
        out.extend(groups.get(str(d), (str(d),)))
    return out


@lru_cache(maxsize=1)
def load_transfer_rules() -> TransferRules:
    raw = yaml.load((RULES_DIR / "transfers.yml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
    groups = {name: tuple(str(c) for c in members) for name, members in raw["groups"].items()}
    regimes = {
        key: Regime(key, row["name"], row["cite"], row["title"], bool(row["always"]), frozenset(_expand(row["home"], groups)),
                    row.get("complaint_country"), row["source"])
        for key, row in raw["regimes"].items()
    }
    adequacy: dict[str, dict[str, Adequacy]] = {}
    for regime, rows in raw["adequacy"].items():
        table: dict[str, Adequacy] = {}
        for dest, row in rows.items():
            for code in _expand([dest], groups):
                table[code] = Adequacy(regime, code, row.get("act"), row["kind"], row["adopted"], row.get("expires"),
                                       row.get("review"), row.get("scope"), row.get("via"), row.get("eea"),
                                       row["status"], row["source"])
        adequacy[regime] = table
    mechanisms = {
        key: Mechanism(key, row["regime"], row["article"], tuple(row.get("needs", ())), row["reason"], row["source"],
                       row.get("certification"), tuple(row.get("only_in", ())), bool(row.get("fallback", False)),
                       bool(row.get("occasional", False)))
        for key, row in raw["mechanisms"].items()
    }
    derogations = {key: Derogation(key, row["article"], row["reason"]) for key, row in raw["derogations"].items()}
    return TransferRules(groups, regimes, adequacy, mechanisms, dict(raw["international_organisations"]), derogations)


@dataclass(frozen=True)
class ConsentAge:
    """The age of digital consent of one country (GDPR Art. 8(1)); None where the law sets none (Switzerland)."""

    country: str
    age: int | None
    provision: str
    status: str  # verified | secondary


@lru_cache(maxsize=1)
def load_consent_ages() -> dict[str, ConsentAge]:
    """rules/children.yml: the age of digital consent per country, with the provision and how it was checked."""
    raw = yaml.load((RULES_DIR / "children.yml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
    return {str(code): ConsentAge(str(code), row["age"], row["provision"], row["status"])
            for code, row in raw["countries"].items()}
