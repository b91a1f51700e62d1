"""Change classification, edit by edit: what a legal editor changes in the example, and the level it gets."""

from __future__ import annotations

import copy
import re
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.changes.editing import Edits, scc_everywhere
from tests.conftest import REPO
from trustsite.changes.report import Report, compare
from trustsite.project import check_project, load_project
from trustsite.model.files import Project


def _purpose_added(e: Edits) -> None:
    p = e.data("purposes")
    new = copy.deepcopy(p["feedback_surveys"])
    new["title"] = e.text("Product research interviews")
    new["description"] = e.text("We invite customers to interviews about how they use our products.")
    p["research_interviews"] = new


def _subprocessor(e: Edits, locations: list[str], safeguards: dict[str, object] | None = None) -> None:
    s = e.data("subprocessors")
    new = copy.deepcopy(s["rekenvaart"])
    new.update(name="Lumivault", legal_entity="Lumivault Oy", entity_country="FI",
               service=e.text("Encrypted backup storage"), processing_locations=locations,
               access_locations=[], safeguards=safeguards or {}, website="https://lumivault.example.com",
               since=dt.date(2026, 12, 1))
    s["lumivault"] = new


def _automated(e: Edits) -> None:
    e.data("purposes")["free_trial"]["automated_decision"] = {
        "logic": e.text("A score from the company's size and sector decides whether a trial is approved."),
        "significance": e.text("Without approval you cannot start a trial."),
        "consequences": e.text("You can ask a person to review the decision."),
        "exception": "contract",
        "safeguards": {"human_intervention": e.text("Ask us and a person decides again."),
                       "express_view": e.text("Tell us why the decision is wrong."),
                       "contest": e.text("Object to the decision at privacy@example.com.")},
    }
    e.data("rights")["automated_decisions"] = {
        "title": e.text("Right not to be subject to automated decisions"),
        "description": e.text("You can ask for a person to review an automated decision."),
        "how_to_exercise": e.text("Write to privacy@example.com."),
    }


def _set(key: str, entry: str, field: str, value: object) -> Callable[[Edits], None]:
    def edit(e: Edits) -> None:
        e.data(key)[entry][field] = value
    return edit


def _add_item(key: str, entry: str, field: str, item: object) -> Callable[[Edits], None]:
    def edit(e: Edits) -> None:
        e.data(key)[entry][field].append(item)
    return edit


def _remove_item(key: str, entry: str, field: str, item: object) -> Callable[[Edits], None]:
    def edit(e: Edits) -> None:
        e.data(key)[entry][field].remove(item)
    return edit


def _text(key: str, entry: str, field: str, change: Callable[[str], str], lang: str = "en") -> Callable[[Edits], None]:
    def edit(e: Edits) -> None:
        target = e.data(key) if entry == "" else e.data(key)[entry]
        for part in field.split(".")[:-1]:
            target = target[part]
        leaf = target[field.split(".")[-1]]
        leaf[lang] = change(leaf[lang])
    return edit


def _prose(rel: str, old: str, new: str) -> Callable[[Edits], None]:
    return lambda e: e.replace(rel, old, new)


def _remove(key: str, entry: str) -> Callable[[Edits], None]:
    return lambda e: e.data(key).pop(entry)


def _new_entry(key: str, entry: str, template: str, **fields: object) -> Callable[[Edits], None]:
    def edit(e: Edits) -> None:
        table = e.data(key)
        new = copy.deepcopy(table[template])
        for name, value in fields.items():
            new[name] = e.text(value) if isinstance(value, str) and name in ("title", "description") else value
        table[entry] = new
    return edit


def _both(*edits: Callable[[Edits], None]) -> Callable[[Edits], None]:
    def edit(e: Edits) -> None:
        for one in edits:
            one(e)
    return edit


def _quorvey_removed(e: Edits) -> None:
    e.data("subprocessors").pop("quorvey")
    e.data("subprocessor_changes")["quorvey_removed_2026"] = {
        "date": dt.date(2026, 12, 1), "change": "removed", "subprocessor": "quorvey", "name": "Quorvey",
        "summary": e.text("Customer surveys are now run with our own tools.")}


def _override(e: Edits) -> None:
    e.data("organisation")["change_rules"] = {
        "subprocessor-added": {"level": "review", "reason": "Our DPA lets customers object within 30 days of notice on the list."},
    }
    _subprocessor(e, ["FI"])


def _move_paragraph(e: Edits) -> None:
    path = e.root / "content" / "privacy" / "index.md"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    i = next(n for n, b in enumerate(blocks) if b.startswith("## Who we are"))
    blocks[i + 1], blocks[i + 2] = blocks[i + 2], blocks[i + 1]
    path.write_text("\n\n".join(blocks), encoding="utf-8")


P = "content/privacy/index.md"

# (case, edit, expected overall level, rules that must fire — and no other rule)
CASES: list[tuple[str, Callable[[Edits], None], str, set[str]]] = [
    ("purpose added", _purpose_added, "significant", {"purpose-added"}),
    ("purpose removed", _both(_remove("purposes", "feedback_surveys"), _remove_item("subprocessors", "cumulara", "purposes", "feedback_surveys"), _remove_item("subprocessors", "firnsafe", "purposes", "feedback_surveys"), _quorvey_removed), "editorial", {"removal", "change-log-record"}),
    ("legal basis changed", _set("purposes", "newsletter", "legal_basis", "contract"), "significant", {"purpose-legal-basis"}),
    ("data category added to purpose", _add_item("purposes", "newsletter", "data_categories", "billing_data"), "significant", {"purpose-data-added"}),
    ("data category dropped from purpose", _remove_item("purposes", "direct_sales", "data_categories", "communication_content"), "editorial", {"removal"}),
    ("purpose concerns more people", _add_item("purposes", "newsletter", "data_subjects", "website_visitors"), "significant", {"purpose-data-added"}),
    ("purpose uses a new source", _add_item("purposes", "feedback_surveys", "sources", "website_telemetry"), "significant", {"purpose-data-added"}),
    ("purpose discloses to more recipients", _add_item("purposes", "job_applications", "recipients", "professional_advisers"), "significant", {"purpose-data-added"}),
    ("purpose keeps data longer", _set("purposes", "free_trial", "retention", "prospect_data"), "significant", {"purpose-retention"}),
    ("purpose keeps data shorter", _set("purposes", "direct_sales", "retention", "contract_term"), "editorial", {"retention-not-longer"}),
    ("purpose described anew", _text("purposes", "newsletter", "description", lambda t: t + " We also send you offers from partners."), "review", {"purpose-described"}),
    ("purpose description punctuation", _text("purposes", "newsletter", "description", lambda t: t.replace(", we", " we", 1)), "editorial", {"wording-only"}),
    ("purpose title case", _text("purposes", "newsletter", "title", str.upper), "editorial", {"wording-only"}),
    ("purpose sentences re-ordered", _text("purposes", "newsletter", "description", lambda t: " ".join(reversed(re.split(r"(?<=\.)\s+", t)))), "editorial", {"wording-only"}),
    ("legitimate interest reworded", _text("purposes", "direct_sales", "legitimate_interest", lambda t: t + " We also want to grow in new markets."), "review", {"purpose-interest"}),
    ("providing data becomes required", lambda e: _set("purposes", "feedback_surveys", "requirement", {"kind": "contractual", "consequence": e.text("Without answers we cannot renew the contract.")})(e), "review", {"purpose-requirement"}),
    ("automated decision introduced", _automated, "significant", {"purpose-automated-decision", "other-change"}),
    ("new data category", _both(_new_entry("data_categories", "location_data", "online_identifiers", title="Location data", description="The approximate location of your device."), _add_item("purposes", "web_forms", "data_categories", "location_data")), "significant", {"data-category-added", "purpose-data-added"}),
    ("new data subject group", _both(_new_entry("data_subjects", "event_guests", "community_members", title="Event guests", description="People who attend our events as guests."), _add_item("purposes", "events_webinars", "data_subjects", "event_guests")), "significant", {"data-subject-added", "purpose-data-added"}),
    ("new source", _both(_new_entry("sources", "trade_registers", "public_sources", title="Trade registers", description="Public company registers."), _add_item("purposes", "direct_sales", "sources", "trade_registers")), "significant", {"source-added", "purpose-data-added"}),
    ("source becomes public", _set("sources", "aggregators_partners", "publicly_accessible", True), "review", {"source-access"}),
    ("new recipient category", _both(_new_entry("recipients", "insurers", "professional_advisers", title="Insurers", description="Our insurers, when a claim is made."), _add_item("purposes", "contract_administration", "recipients", "insurers")), "significant", {"recipient-added", "purpose-data-added"}),
    ("recipient role changed", _both(_set("recipients", "resellers_partners", "role", "joint_controller"), _set("recipients", "resellers_partners", "joint_arrangement", {"en": "We answer every request.", "nl": "x", "de": "x", "nb": "x", "sv": "x", "da": "x", "lt": "x", "fr": "x"})), "significant", {"recipient-role", "recipient-arrangement"}),
    ("named recipient joins a category", lambda e: e.data("recipients")["group_companies"]["entities"].append({"name": "Fjelltopp CRM Oy", "country": "FI"}), "review", {"recipient-named"}),
    ("unused recipient removed", _remove("recipients", "marketplace_vendors"), "editorial", {"removal"}),
    ("retention period longer", _set("retention", "survey_responses", "period", {"value": 36, "unit": "months"}), "significant", {"retention-longer"}),
    ("retention period shorter", _set("retention", "support_tickets", "period", {"value": 24, "unit": "months"}), "editorial", {"retention-not-longer"}),
    ("retention period as criteria", _both(lambda e: e.data("retention")["survey_responses"].pop("starts", None), _set("retention", "survey_responses", "period", None), lambda e: _set("retention", "survey_responses", "criteria", e.text("Until the survey report is final."))(e)), "review", {"retention-incomparable", "removal", "other-change"}),
    ("how to exercise a right", _text("rights", "access", "how_to_exercise", lambda t: t + " Requests by post are no longer accepted."), "significant", {"rights-exercise"}),
    ("right description punctuation", _text("rights", "access", "description", lambda t: t.rstrip(".") + "!"), "editorial", {"wording-only"}),
    ("right renamed", _text("rights", "object", "title", lambda t: "Right to say no"), "review", {"other-change"}),
    ("controller renamed", _set("organisation", "controller", "legal_name", "Fjelltopp Holding AS"), "significant", {"controller-identity"}),
    ("DPO e-mail changed", _set("organisation", "dpo", "email", "data-protection@example.com"), "significant", {"contact-channel"}),
    ("request form moved", _set("organisation", "privacy_contact", "web_form", "https://www.example.com/forms/privacy"), "significant", {"contact-channel"}),
    ("notice period shortened", lambda e: e.data("organisation").__setitem__("notice_period_days", 14), "review", {"change-policy"}),
    ("sub-processor added in the EEA", lambda e: _subprocessor(e, ["FI"]), "significant", {"subprocessor-added"}),
    ("sub-processor added in the US", lambda e: _subprocessor(e, ["US"], {"US": scc_everywhere("Lumivault Oy")}), "significant", {"subprocessor-added-third-country"}),
    ("sub-processor added in an adequate country", lambda e: _subprocessor(e, ["CH"]), "significant", {"subprocessor-added-third-country"}),
    ("sub-processor removed", _quorvey_removed, "editorial", {"removal", "change-log-record"}),
    ("processing moves to India", _both(_add_item("subprocessors", "rekenvaart", "processing_locations", "IN"), lambda e: e.data("subprocessors")["rekenvaart"].setdefault("safeguards", {}).__setitem__("IN", scc_everywhere("Rekenvaart India"))), "significant", {"location-outside-eea", "safeguard-changed"}),
    ("processing added in Finland", _add_item("subprocessors", "rekenvaart", "processing_locations", "FI"), "editorial", {"location-inside-eea"}),
    ("remote access ends", _both(_remove_item("subprocessors", "deskharbor", "access_locations", "IN"), lambda e: e.data("subprocessors")["deskharbor"]["safeguards"].pop("IN")), "editorial", {"removal"}),
    ("safeguard replaced", lambda e: e.data("subprocessors")["sendquill"]["safeguards"].__setitem__("US", scc_everywhere("Sendquill, Inc.")), "review", {"safeguard-changed", "removal"}),
    ("sub-processor does more", _add_item("subprocessors", "quorvey", "purposes", "direct_sales"), "review", {"subprocessor-tasks"}),
    ("sub-processor renamed", _set("subprocessors", "quorvey", "name", "Quorvey Insights"), "review", {"subprocessor-renamed"}),
    ("sub-processor start date corrected", _both(_set("subprocessors", "quorvey", "since", dt.date(2023, 3, 21)), _set("subprocessor_changes", "quorvey_added_2023", "date", dt.date(2023, 3, 21))), "editorial", {"subprocessor-record", "change-log-record"}),
    ("cookie added", _new_entry("cookies", "theme", "language", name="fj_theme"), "review", {"cookie-added"}),
    ("cookie kept longer", _set("cookies", "analytics", "duration", {"value": 25, "unit": "months"}), "review", {"cookie-changed"}),
    ("authority website moved", _set("authorities", "no_datatilsynet", "website", "https://www.datatilsynet.no/en/"), "editorial", {"authority-registry"}),
    ("version recorded", lambda e: e.data("versions").__setitem__("2026.2", {"published": dt.date(2026, 11, 1), "effective": dt.date(2026, 11, 1), "summary": e.text("Editorial corrections.")}), "editorial", {"version-record"}),
    ("prose whitespace", _prose(P, "## Who we are {: #who-we-are }\n\n", "## Who we are {: #who-we-are }\n\n\n"), "none", set()),
    ("prose paragraph moved", _move_paragraph, "editorial", {"wording-only"}),
    ("prose sentence added", _prose(P, "## Who we are {: #who-we-are }\n\n", "## Who we are {: #who-we-are }\n\nWe may also share your data with our investors.\n\n"), "review", {"prose-changed"}),
    ("prose case in Dutch", lambda e: _case_first_paragraph(e, "content/privacy/index.nl.md"), "editorial", {"wording-only"}),
    ("prose paragraph removed in German", lambda e: _drop_paragraph(e, "content/privacy/index.de.md"), "review", {"prose-changed"}),
    ("legal basis explanation reworded", _text("legal_bases", "contract", "explanation", lambda t: t + " This includes steps before a contract."), "review", {"other-change"}),
    ("organisation lowers a rule to review", _override, "review", {"subprocessor-added", "change-policy"}),
    ("translation fixed in one language", _text("purposes", "newsletter", "title", lambda t: "Nieuwsbrief en marketing waar u om hebt gevraagd", lang="nl"), "review", {"purpose-described"}),
    ("trading name changed", lambda e: e.data("organisation")["controller"].__setitem__("trading_name", "Fjelltopp CRM"), "editorial", {"organisation-presentation"}),
    ("new country served", lambda e: e.data("organisation")["countries_served"].append("FI"), "review", {"countries-served"}),
]


def _case_first_paragraph(e: Edits, rel: str) -> None:
    path = e.root / rel
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    i = next(n for n, b in enumerate(blocks) if b and not b.startswith(("#", "{", "---", "|", "-", "*")) and len(b) > 80)
    blocks[i] = blocks[i].lower()
    path.write_text("\n\n".join(blocks), encoding="utf-8")


def _drop_paragraph(e: Edits, rel: str) -> None:
    path = e.root / rel
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    i = next(n for n, b in enumerate(blocks) if b and not b.startswith(("#", "{", "---", "|", "-", "*")) and len(b) > 80)
    del blocks[i]
    path.write_text("\n\n".join(blocks), encoding="utf-8")


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project(REPO)


def run_case(example: Project, tmp_path: Path, edit: Callable[[Edits], None]) -> Report:
    edits = Edits(REPO, tmp_path / "edited")
    edit(edits)
    head, problems = check_project(edits.save(), released=False)  # an edit to classify is not yet released
    assert head is not None, "the edited example must stay valid:\n" + "\n".join(map(str, problems))
    return compare(example, head, "example", "edited")


@pytest.mark.parametrize(("case", "edit", "level", "rules"), CASES, ids=[c[0] for c in CASES])
def test_edit_is_classified(example: Project, tmp_path: Path, case: str, edit: Callable[[Edits], None],
                            level: str, rules: set[str]) -> None:
    report = run_case(example, tmp_path, edit)
    fired = {d.rule.id for d in report.decisions}
    assert fired == rules, [(d.rule.id, d.change.entity, d.change.id, d.change.field) for d in report.decisions]
    assert report.level == level


def test_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_override_is_reported(example: Project, tmp_path: Path) -> None:
    report = run_case(example, tmp_path, _override)
    added = next(d for d in report.decisions if d.change.entity == "subprocessor")
    assert (added.rule.id, added.rule.level, added.level) == ("subprocessor-added", "significant", "review")
    assert added.override and "object within 30 days" in added.override
