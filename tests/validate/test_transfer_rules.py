"""The transfer rule table, row by row: where a destination stands under each regime, and what each mechanism may cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from trustsite.project import check_project
from trustsite.rules import load_transfer_rules

RULES = load_transfer_rules()
TODAY = dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    "country, regime, expected",
    [
        ("DE", "gdpr", "eu"), ("LT", "gdpr", "eu"), ("GR", "gdpr", "eu"), ("SE", "gdpr", "eu"),
        ("NO", "gdpr", "eea"), ("IS", "gdpr", "eea"), ("LI", "gdpr", "eea"),
        ("CH", "gdpr", "adequate"), ("GB", "gdpr", "adequate"), ("JE", "gdpr", "adequate"), ("BR", "gdpr", "adequate"),
        ("US", "gdpr", "adequate_partial"), ("CA", "gdpr", "adequate_partial"), ("JP", "gdpr", "adequate_partial"),
        ("KR", "gdpr", "adequate_partial"),
        ("IN", "gdpr", "third_country"), ("CN", "gdpr", "third_country"), ("GL", "gdpr", "third_country"),
        ("MC", "gdpr", "third_country"),
        # the UK's own adequacy regulations (DPA 2018 Sch. 21; SI 2022/1213; SI 2023/1028)
        ("GB", "uk_gdpr", "eu"), ("DE", "uk_gdpr", "adequate"), ("NO", "uk_gdpr", "adequate"), ("GI", "uk_gdpr", "adequate"),
        ("KR", "uk_gdpr", "adequate_partial"), ("US", "uk_gdpr", "adequate_partial"), ("BR", "uk_gdpr", "third_country"),
        ("IN", "uk_gdpr", "third_country"),
        # the Federal Council's list (DPO Annex 1)
        ("CH", "fadp", "eu"), ("DE", "fadp", "adequate"), ("GB", "fadp", "adequate"), ("US", "fadp", "adequate_partial"),
        ("JP", "fadp", "third_country"), ("IN", "fadp", "third_country"),
    ],
)
def test_classify(country: str, regime: str, expected: str) -> None:
    assert RULES.classify(country, regime) == expected


@dataclass(frozen=True)
class Spec:
    mechanism: str
    module: int | None = None
    importer: str | None = None
    reference: str | None = None
    tia: object | None = None
    derogation: str | None = None
    occasion: object | None = None
    fallback: object | None = None


def verdict(regime: str, destination: str, spec: Spec | None, *, controller: str = "DE", today: dt.date = TODAY,
            certified: frozenset[str] = frozenset(), systematic: bool = True):
    return RULES.assess(regime, destination, spec, controller_country=controller, today=today, certified=certified,
                        systematic=systematic, role_modules=frozenset({2, 3}))


SCC = Spec("scc_2021_914", module=2, importer="Importer Ltd", tia="2026-01-01")


@pytest.mark.parametrize(
    "regime, destination, spec, lawful",
    [
        ("gdpr", "CH", None, True), ("gdpr", "GB", None, True), ("gdpr", "US", None, False), ("gdpr", "IN", None, False),
        ("gdpr", "IN", SCC, True), ("gdpr", "US", SCC, True),
        ("gdpr", "IN", Spec("uk_idta", importer="I"), False),  # a UK instrument under the GDPR
        ("gdpr", "IN", Spec("uk_addendum", module=2, importer="I"), False),
        ("gdpr", "IN", Spec("swiss_scc", module=2, importer="I"), False),
        ("uk_gdpr", "IN", Spec("scc_2021_914", module=2, importer="I"), False),  # EU SCCs alone under the UK GDPR
        ("uk_gdpr", "IN", Spec("uk_idta", importer="I"), True),
        ("uk_gdpr", "IN", Spec("uk_addendum", module=2, importer="I"), True),
        ("fadp", "IN", Spec("swiss_scc", module=2, importer="I"), True),
        ("fadp", "IN", Spec("uk_idta", importer="I"), False),
        ("gdpr", "IN", Spec("scc_2021_914", importer="I"), False),  # no module
        ("gdpr", "IN", Spec("scc_2021_914", module=2), False),  # no importer
        ("gdpr", "IN", Spec("scc_2021_914", module=1, importer="I"), False),  # module 1 for a processor
        ("gdpr", "US", Spec("dpf"), False),  # not certified
        ("gdpr", "IN", Spec("dpf"), False),  # the DPF covers only the US
        ("gdpr", "US", Spec("adequacy"), False),  # the US finding covers certified recipients only
        ("gdpr", "CA", Spec("adequacy"), True),  # a recipient within PIPEDA, asserted explicitly
        ("gdpr", "IN", Spec("art49", derogation="b", occasion="x"), False),  # systematic
        ("gdpr", "DE", SCC, False),  # no transfer inside the EU/EEA
    ],
)
def test_mechanism_lawful(regime: str, destination: str, spec: Spec | None, lawful: bool) -> None:
    found = verdict(regime, destination, spec)
    assert (not found.errors) is lawful, found.errors


def test_dpf_needs_the_certification_of_its_own_framework() -> None:
    assert not verdict("gdpr", "US", Spec("dpf"), certified=frozenset({"eu_us"})).errors
    assert verdict("gdpr", "US", Spec("dpf"), certified=frozenset({"swiss_us"})).errors
    assert not verdict("uk_gdpr", "US", Spec("uk_us_data_bridge"), certified=frozenset({"uk_extension"})).errors
    assert verdict("fadp", "US", Spec("swiss_us_dpf"), certified=frozenset({"eu_us"})).errors


def test_art49_is_for_a_named_occasional_transfer_only() -> None:
    occasional = Spec("art49", derogation="e", occasion="court case")
    assert not verdict("gdpr", "IN", occasional, systematic=False).errors
    assert verdict("gdpr", "IN", occasional, systematic=True).errors
    assert verdict("gdpr", "IN", Spec("art49", derogation="e"), systematic=False).errors  # which transfer?


def test_brazil_is_not_adequate_for_an_eea_efta_controller() -> None:
    assert not verdict("gdpr", "BR", None, controller="DE").errors
    errors = verdict("gdpr", "BR", None, controller="NO").errors
    assert errors and "not yet incorporated into the EEA Agreement" in errors[0][1]


def test_an_expired_decision_is_no_basis() -> None:
    assert not verdict("gdpr", "GB", None, today=dt.date(2031, 12, 27)).errors
    errors = verdict("gdpr", "GB", None, today=dt.date(2031, 12, 28)).errors
    assert errors == (("", "the adequacy finding adopted on 2025-12-19 expired on 2031-12-27; name a mechanism of this"
                           " regime such as 'scc_2021_914', 'bcr', 'code_of_conduct'"),)


def test_a_tia_is_recorded_or_warned_about() -> None:
    without = verdict("gdpr", "IN", Spec("scc_2021_914", module=2, importer="I"))
    assert not without.errors and "no transfer impact assessment" in without.warnings[0][1]
    assert not verdict("gdpr", "IN", SCC).warnings


def test_every_row_has_its_act_dates_and_source() -> None:
    for regime, rows in RULES.adequacy.items():
        for destination, row in rows.items():
            assert row.kind and row.source and row.adopted and row.status in ("verified", "unverified"), (regime, destination)
            assert row.act or row.kind == "implementing_decision", (regime, destination)
            if regime == "gdpr":
                assert row.eea in ("incorporated", "pending", "unverified"), destination
    assert RULES.adequacy["gdpr"]["GB"].expires == dt.date(2031, 12, 27)
    assert RULES.adequacy["gdpr"]["GB"].adopted == dt.date(2025, 12, 19)
    assert RULES.adequacy["gdpr"]["eporg"].act == "(EU) 2025/1382"
    assert RULES.adequacy["gdpr"]["BR"].eea == "pending"
    assert all(m.article and m.reason and m.source for m in RULES.mechanisms.values())
    assert {m.regime for m in RULES.mechanisms.values()} == {"any", "gdpr", "uk_gdpr", "fadp"}
    assert len(RULES.eu) == 27


def test_uk_and_swiss_instruments_belong_to_their_regime_only() -> None:
    assert {k for k, m in RULES.mechanisms.items() if m.regime == "uk_gdpr"} == {
        "uk_idta", "uk_addendum", "uk_bcr", "uk_us_data_bridge", "uk_art49"}
    assert {k for k, m in RULES.mechanisms.items() if m.regime == "fadp"} == {
        "swiss_scc", "swiss_bcr", "swiss_us_dpf", "fadp_art17"}


def test_the_check_reports_an_expired_decision_with_its_place(minimal_copy: Path) -> None:
    subs = minimal_copy / "data" / "subprocessors.yml"
    subs.write_text(subs.read_text(encoding="utf-8").replace("processing_locations: [DE]", "processing_locations: [GB]"),
                    encoding="utf-8")
    project, problems = check_project(minimal_copy, dt.date(2032, 1, 1))
    assert project is None
    assert [p.format() for p in problems] == [
        "data/subprocessors.yml:3:5: subprocessors.hosting: transfer to GB (United Kingdom) under the EU/EEA GDPR"
        " regime: the adequacy finding adopted on 2025-12-19 expired on 2031-12-27; name a mechanism of this regime"
        " such as 'scc_2021_914', 'bcr', 'code_of_conduct'"]


def test_an_international_organisation_can_be_a_recipient(minimal_copy: Path) -> None:
    recipients = minimal_copy / "data" / "recipients.yml"
    recipients.write_text(recipients.read_text(encoding="utf-8") + """\
  patent_office:
    title: {en: Patent office, de: Patentamt}
    description: {en: We file patent applications., de: Wir melden Patente an.}
    role: independent_controller
    entities:
      - {name: European Patent Office, international_organisation: eporg}
      - {name: Unknown Body, international_organisation: unknown_org}
""", encoding="utf-8")
    project, problems = check_project(minimal_copy, TODAY)
    assert [p.format() for p in problems] == [
        "data/recipients.yml:13:58: recipients.patent_office.entities[1].international_organisation: unknown international"
        " organisation 'unknown_org'; known: eporg"]
