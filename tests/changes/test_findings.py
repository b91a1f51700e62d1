"""Issue 16, finding by finding: each test failed on the classification as it was, and passes now.

All of them edit tests/fixtures/passing_saas (a B2B software company that is also a processor for its
customers, in en/de/lt) or tests/fixtures/passing_shop (a consumer shop, in en/fr/nb).
"""

from __future__ import annotations

import copy
import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.changes.editing import Edits
from tests.conftest import FIXTURES, cli_args
from trustsite.changes.report import Report, compare, format_github, format_markdown, format_text
from trustsite.cli import main
from trustsite.project import check_project

SAAS = FIXTURES / "passing_saas"
SHOP = FIXTURES / "passing_shop"


def SCC(importer: str) -> dict:  # noqa: N802 - reads like the data it writes
    """A transfer on the standard contractual clauses, with the facts check requires (module, importer, TIA)."""
    return {"gdpr": {"mechanism": "scc_2021_914", "module": 3, "importer": importer, "tia": {"date": dt.date(2026, 10, 1)}}}
TODAY = "2026-11-25"  # the fixture's version 2026.2 and sub-processor Tiketa start on 2027-01-04


def edited(tmp_path: Path, edit: Callable[[Edits], None], source: Path = SAAS,
           setup: Callable[[Edits], None] | None = None) -> Report:
    """Compare the fixture (after `setup`) with the fixture after `setup` and `edit`."""
    base_edits = Edits(source, tmp_path / "base")
    head_edits = Edits(source, tmp_path / "head")
    if setup is not None:
        setup(base_edits)
        base_edits.save()
        setup(head_edits)
    edit(head_edits)
    # as `trustsite diff` reads two states: data and content, without the archive's checks (files=False)
    base, problems = check_project(base_edits.save(), dt.date.fromisoformat(TODAY), files=False)
    assert base is not None and not [p for p in problems if p.severity == "error"], problems
    head, problems = check_project(head_edits.save(), dt.date.fromisoformat(TODAY), files=False)
    assert head is not None and not [p for p in problems if p.severity == "error"], problems
    return compare(base, head, "base", "head", today=dt.date.fromisoformat(TODAY))


def levels(report: Report) -> dict[str, str]:
    return {f"{d.change.entity}:{d.change.id}:{d.change.field}": d.level for d in report.decisions}


# ------------------------------------------------------------------ promised dates brought forward


def test_effective_date_brought_forward_is_significant(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("versions")["2026.2"].__setitem__("effective", dt.date(2026, 12, 2)))
    assert report.level == "significant"
    (d,) = report.decisions
    assert d.rule.id == "promise-brought-forward" and "Art. 28(2)" in d.rule.source


def test_subprocessor_start_brought_forward_is_significant(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:
        e.data("subprocessors")["helpdesk"]["since"] = dt.date(2026, 12, 2)
        e.data("subprocessor_changes")["tiketa_added_2027"]["date"] = dt.date(2026, 12, 2)
    report = edited(tmp_path, edit)
    assert {d.rule.id for d in report.decisions} == {"promise-brought-forward"}
    assert report.level == "significant" and len(report.decisions) == 2


def test_postponed_date_is_editorial(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("versions")["2026.2"].__setitem__("effective", dt.date(2027, 2, 1)))
    assert report.level == "editorial"


def test_past_start_date_corrected_earlier_goes_to_a_person(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("subprocessors")["hosting"].__setitem__("since", dt.date(2024, 2, 1)))
    assert [d.rule.id for d in report.decisions] == ["promise-past-corrected"] and report.level == "review"


# ------------------------------------------------------------------ direction of the facts


def test_cookie_kept_longer_is_significant_like_retention(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("cookies")["analytics"].__setitem__("duration", {"value": 2, "unit": "years"}))
    (d,) = report.decisions
    assert (d.level, d.rule.id, d.change.facts["keeping"]) == ("significant", "keeping-longer", "longer")


def test_session_cookie_becoming_persistent_keeps_longer(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("cookies")["session"].__setitem__("duration", {"value": 1, "unit": "years"}))
    assert report.level == "significant"


def test_cookie_kept_shorter_is_editorial(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("cookies")["language"].__setitem__("duration", {"value": 6, "unit": "months"}))
    assert report.level == "editorial"


def test_data_becoming_required_is_significant_and_the_reverse_editorial(tmp_path: Path) -> None:
    stricter = edited(tmp_path / "a", lambda e: e.data("purposes")["support"]["requirement"].__setitem__("kind", "contractual"))
    looser = edited(tmp_path / "b", lambda e: e.data("purposes")["service"]["requirement"].__setitem__("kind", "voluntary"))
    assert (stricter.level, looser.level) == ("significant", "editorial")


def test_removed_certification_and_security_measure_are_both_claims_withdrawn(tmp_path: Path) -> None:
    cert = edited(tmp_path / "a", lambda e: e.data("certifications").pop("iso_27001"))
    measure = edited(tmp_path / "b", lambda e: e.data("security_measures").pop("backups"))
    assert [d.rule.id for d in cert.decisions] == [d.rule.id for d in measure.decisions] == ["claim-withdrawn"]
    assert cert.level == measure.level == "review"


def test_added_certification_is_editorial(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:
        e.data("certifications")["iso_27701"] = {**copy.deepcopy(e.data("certifications")["iso_27001"]), "title": "ISO/IEC 27701:2019"}
    report = edited(tmp_path, edit)
    assert report.level == "editorial" and [d.rule.id for d in report.decisions] == ["claim-added"]


def test_safeguard_copies_for_a_fee_is_significant(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:
        e.data("organisation")["safeguard_copies"]["en"] = "Write to privacy@example.com; we send a copy of the safeguards for a fee of EUR 25."
    assert edited(tmp_path, edit).level == "significant"


def test_head_office_moving_country_is_significant(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:
        e.data("organisation")["controller"]["head_office"] = {"street": "Beispielstraße 4", "postal_code": "10117",
                                                               "city": "Berlin", "country": "DE", "subdivision": "DE-BE"}
    report = edited(tmp_path, edit)
    assert levels(report)["organisation::controller.head_office.country"] == "significant"


def test_new_group_company_in_a_third_country_is_significant(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:
        e.data("organisation")["subsidiaries"]["us_inc"] = {
            "legal_name": "Vilkas Software Private Limited",
            "address": {"street": "1 Example Road", "postal_code": "560001", "city": "Bengaluru", "country": "IN"}}
    report = edited(tmp_path, edit)
    (d,) = report.decisions
    assert (d.level, d.change.facts.get("transfer")) == ("significant", "third_country")  # India: no adequacy decision


def test_contracting_entity_moving_outside_the_eea_is_a_transfer(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:
        sub = e.data("subprocessors")["metrika"]
        sub.update(legal_entity="Metrika Inc.", entity_country="US", safeguards={"US": SCC("Metrika Inc.")})
    report = edited(tmp_path, edit)
    assert levels(report)["subprocessor:metrika:entity_country"] == "significant"


def test_check_requires_a_safeguard_for_a_contracting_entity_outside_the_eea(tmp_path: Path) -> None:
    edits = Edits(SAAS, tmp_path / "p")
    edits.data("subprocessors")["metrika"].update(legal_entity="Metrika Inc.", entity_country="US")
    project, problems = check_project(edits.save(), dt.date.fromisoformat(TODAY))
    messages = [p.format() for p in problems if p.severity == "error"]
    # Metrika's servers stay in France: only its contracting entity is in the United States
    assert any(m.startswith("data/subprocessors.yml:") and "subprocessors.metrika: transfer to US (United States)" in m
               for m in messages), messages


def test_cookie_moving_off_consent_is_significant(tmp_path: Path) -> None:
    def edit(e: Edits) -> None:  # check refuses a non-necessary cookie without consent: it is declared necessary
        e.data("cookies")["analytics"].update(legal_basis="contract", category="strictly_necessary",
                                              necessity=e.text("We need to count visits to keep the site running."))
    report = edited(tmp_path, edit)
    d = next(d for d in report.decisions if d.change.field == "legal_basis")
    assert (d.level, d.change.facts.get("choice")) == ("significant", "removed")


# ------------------------------------------------------------------ trivia stays quiet


PRIVACY = "content/privacy/index.md"


TYPOS = [  # (where in the fixture's prose, the text with a typo, the corrected text)
    ("We never sell personal data.", "No one can recieve it from us.", "No one can receive it from us."),
    ("We only set cookies", "We only set measurment cookies", "We only set measurement cookies"),
]


@pytest.mark.parametrize(("anchor", "typo", "fixed"), TYPOS, ids=["recieve", "measurment"])
def test_spelling_correction_in_prose_is_editorial(tmp_path: Path, anchor: str, typo: str, fixed: str) -> None:
    setup = lambda e: e.replace(PRIVACY, anchor, f"{anchor} {typo}" if anchor.endswith(".") else typo)
    edit = lambda e: e.replace(PRIVACY, typo, fixed)
    report = edited(tmp_path, edit, setup=setup)
    (d,) = report.decisions
    assert (d.level, d.change.facts["text"]) == ("editorial", "spelling")


def test_spelling_correction_in_lithuanian_data_is_editorial(tmp_path: Path) -> None:
    def setup(e: Edits) -> None:
        e.data("purposes")["support"]["description"]["lt"] = "Atsakome į jūsų klausimus ir sprendžiame problemas, apie kurias mums pranešte."
    edit = lambda e: (setup(e), e.data("purposes")["support"]["description"].__setitem__(
        "lt", "Atsakome į jūsų klausimus ir sprendžiame problemas, apie kurias mums pranešate."))
    report = edited(tmp_path, edit, setup=setup)
    assert report.level == "editorial" and report.decisions[0].change.facts["text"] == "spelling"


def test_corrected_registration_number_is_editorial(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("organisation")["controller"].__setitem__("registration_number", "305123465"))
    (d,) = report.decisions
    assert d.level == "editorial" and "merger" not in d.rule.reason


def test_another_registration_number_is_still_the_identity(tmp_path: Path) -> None:
    report = edited(tmp_path, lambda e: e.data("organisation")["controller"].__setitem__("registration_number", "411987001"))
    assert report.level == "significant"


# ------------------------------------------------------------------ reports in plain words


def _new_us_subprocessor(e: Edits) -> None:
    e.data("subprocessors")["backupco"] = {
        "name": "Lumivault", "legal_entity": "Lumivault Inc.", "entity_country": "US", "category": "infrastructure",
        "service": e.text("Encrypted backup storage"), "purposes": ["service"], "data_categories": ["account_data"],
        "processing_locations": ["US"], "safeguards": {"US": SCC("Lumivault Inc.")},
        "website": "https://lumivault.example.com", "since": dt.date(2027, 1, 4)}
    # a sub-processor starting after the build date is announced first (GDPR Art. 28(2)); check requires it
    e.data("subprocessor_changes")["backupco_added"] = {
        "announced": dt.date(2026, 11, 1), "date": dt.date(2027, 1, 4), "change": "added",
        "subprocessor": "backupco", "summary": e.text("Lumivault will store our encrypted backups.")}


def test_added_entry_is_a_sentence_not_json(tmp_path: Path) -> None:
    text = format_text(edited(tmp_path, _new_us_subprocessor))
    assert "{" not in text and "access_locations" not in text
    assert "New sub-processor Lumivault (Lumivault Inc., United States)" in text
    assert "standard contractual clauses" in text.lower()


def test_github_format_maps_significant_to_error(tmp_path: Path) -> None:
    first = format_github(edited(tmp_path, _new_us_subprocessor)).splitlines()[0]
    assert first.startswith("::error file=data/subprocessors.yml,line=")


def test_markdown_report_leads_with_the_decision_and_next_steps(tmp_path: Path) -> None:
    lines = format_markdown(edited(tmp_path, _new_us_subprocessor)).splitlines()
    assert lines[1].startswith("**Significant: customers must be told before this takes effect.**")
    assert "trustsite release --effective" in lines[2] and "trustsite notice" in lines[2]


# ------------------------------------------------------------------ notices that fit the organisation (CLI, in git)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def repository(source: Path, target: Path) -> Edits:
    edits = Edits(source, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "-c", "user.email=ci@example.com", "-c", "user.name=CI", "add", "-A")
    git(target, "-c", "user.email=ci@example.com", "-c", "user.name=CI", "commit", "-qm", "published")
    git(target, "checkout", "-qb", "feature")
    return edits


def run(edits: Edits, *args: str) -> Result:
    return CliRunner().invoke(main, cli_args([*args, "--root", str(edits.root)], TODAY), catch_exceptions=False)


def _announce(e: Edits, effective: dt.date) -> None:
    e.data("versions")["2026.3"] = {"published": dt.date.fromisoformat(TODAY), "effective": effective,
                                    "summary": e.text("A new sub-processor for backups.")}


def test_gate_blocks_an_effective_date_brought_forward_inside_the_notice_period(tmp_path: Path) -> None:
    repo = repository(SAAS, tmp_path / "repo")
    repo.data("versions")["2026.2"]["effective"] = dt.date(2026, 12, 2)
    repo.save()
    result = run(repo, "gate")
    assert result.exit_code == 4
    assert "2026.2" in result.stderr and "2027-01-04" in result.stderr and "2026-12-02" in result.stderr


def test_gate_blocks_a_subprocessor_start_brought_forward(tmp_path: Path) -> None:
    repo = repository(SAAS, tmp_path / "repo")
    repo.data("subprocessors")["helpdesk"]["since"] = dt.date(2026, 12, 2)
    repo.data("subprocessor_changes")["tiketa_added_2027"]["date"] = dt.date(2026, 12, 2)
    _announce(repo, dt.date(2027, 1, 4))  # a new version far enough ahead does not excuse the earlier start
    repo.save()
    result = run(repo, "gate")
    assert result.exit_code == 4 and "helpdesk" in result.stderr and "2026-12-25" in result.stderr


def test_lithuanian_notice_has_no_double_full_stop(tmp_path: Path) -> None:
    repo = repository(SAAS, tmp_path / "repo")
    _new_us_subprocessor(repo)
    _announce(repo, dt.date(2027, 1, 15))
    repo.save()
    out = tmp_path / "notice"
    assert run(repo, "notice", "--out", str(out)).exit_code == 0
    body = (out / "lt" / "body.txt").read_text(encoding="utf-8")
    assert "2027 m. sausio 15 d." in body and ".." not in body.replace("...", "")


def test_notice_links_to_the_address_in_heads_mkdocs_yml(tmp_path: Path) -> None:
    repo = repository(SAAS, tmp_path / "repo")
    _new_us_subprocessor(repo)
    _announce(repo, dt.date(2027, 1, 15))
    repo.save()
    repo.replace("mkdocs.yml", "https://trust.vilkas.example.com/", "https://uncommitted.example.com/")
    out = tmp_path / "notice"
    assert run(repo, "notice", "--out", str(out)).exit_code == 0
    body = (out / "en" / "body.txt").read_text(encoding="utf-8")
    assert "https://trust.vilkas.example.com/privacy/" in body and "uncommitted" not in body


def test_processor_notice_tells_customers_how_to_object_and_a_consumer_notice_does_not(tmp_path: Path) -> None:
    saas = repository(SAAS, tmp_path / "saas")
    _new_us_subprocessor(saas)
    _announce(saas, dt.date(2027, 1, 15))
    saas.save()
    assert run(saas, "notice", "--out", str(tmp_path / "n1")).exit_code == 0
    assert "data processing agreement" in (tmp_path / "n1" / "en" / "body.txt").read_text(encoding="utf-8")

    shop = repository(SHOP, tmp_path / "shop")
    shop.data("subprocessors")["backupco"] = {
        "name": "Lumivault", "legal_entity": "Lumivault Oy", "entity_country": "FI", "category": "infrastructure",
        "service": shop.text("Encrypted backup storage"), "purposes": ["orders"], "data_categories": ["contact_details"],
        "processing_locations": ["FI"], "website": "https://lumivault.example.com", "since": dt.date(2027, 1, 15)}
    _announce(shop, dt.date(2027, 1, 15))
    shop.save()
    assert run(shop, "notice", "--out", str(tmp_path / "n2")).exit_code == 0
    body = (tmp_path / "n2" / "en" / "body.txt").read_text(encoding="utf-8")
    assert "Lumivault" in body and "data processing agreement" not in body


# ------------------------------------------------------------------ release IDs and the cache


def test_release_id_sorts_after_every_existing_id() -> None:
    from trustsite.versions.release import next_version_id

    assert next_version_id(["2026.1", "2027.1"], dt.date(2026, 11, 25)) == "2027.2"
    assert next_version_id(["2026.1", "2026.10", "2026.9"], dt.date(2026, 11, 25)) == "2026.11"
    assert next_version_id(["2025.3"], dt.date(2026, 11, 25)) == "2026.1"


def test_release_refuses_an_id_that_sorts_before_an_existing_one(tmp_path: Path) -> None:
    from trustsite.versions.release import ReleaseRefused, check_version_id

    with pytest.raises(ReleaseRefused, match="sorts before 2027.1"):
        check_version_id("2026.5", ["2026.1", "2027.1"], dt.date(2026, 11, 25))


@pytest.mark.parametrize("command", [["check"], ["diff", "main"]])
@pytest.mark.parametrize("cache_dir", [None, ".cache/trustsite"])
def test_cache_goes_where_the_documentation_says(tmp_path: Path, command: list[str], cache_dir: str | None) -> None:
    """docs/pages/cli.md: the cache is .trustsite_cache/ in the project, or where the plugin's cache_dir puts it
    (relative to mkdocs.yml) — for `check --root X` and `diff` as for a build, wherever the command runs."""
    repo = repository(SAAS, tmp_path / "repo")
    if cache_dir is not None:
        repo.replace("mkdocs.yml", "plugins:\n", f"plugins:\n  - trustsite:\n      cache_dir: {cache_dir}\n")
    # bytes no earlier test parsed, so this process's memory of parsed files cannot stand in for the cache
    repo.replace("data/organisation.yml", "organisation:", f"# {tmp_path.name}\norganisation:")
    result = CliRunner().invoke(main, cli_args([*command, "--root", str(repo.root)], TODAY), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    expected = repo.root / (cache_dir or ".trustsite_cache")
    assert any(expected.rglob("*.pickle")), f"nothing cached in {expected}"
    others = [p for p in (repo.root / ".trustsite_cache", repo.root / ".cache") if p != expected and not expected.is_relative_to(p)]
    assert not any(p.exists() for p in others)


def test_statement_lists_the_transfer_to_a_contracting_entity_outside_the_eea(tmp_path: Path) -> None:
    """What check now requires (a safeguard for the entity's country) the statement also tells (Art. 13(1)(f))."""
    from trustsite.render.context import RenderContext

    edits = Edits(SAAS, tmp_path / "p")
    edits.data("subprocessors")["metrika"].update(legal_entity="Metrika Inc.", entity_country="US",
                                                  safeguards={"US": SCC("Metrika Inc.")})
    project, problems = check_project(edits.save(), dt.date.fromisoformat(TODAY))
    assert project is not None, problems
    block = RenderContext(project, "en", dt.date.fromisoformat(TODAY)).render_fragment("transfers.md")
    row = next(line for line in block.splitlines() if "Metrika" in line)
    assert "United States" in row and "Standard contractual clauses" in row


def test_notice_tells_which_data_is_kept_longer(tmp_path: Path) -> None:
    """The retention rows became the generic keeping-longer rule; the notice still names the data and period."""
    from trustsite.changes.notice import change_sentences, significant_once

    report = edited(tmp_path, lambda e: e.data("retention")["contract_term"].__setitem__("period", {"value": 12, "unit": "months"}))
    base, head = load_pair(tmp_path)
    (sentence,) = change_sentences(significant_once(report), base, head, "en", head.root / "overrides")
    assert sentence.startswith('We will keep "Account data" longer: 12 months')


def load_pair(tmp_path: Path):  # -> tuple[Project, Project]
    base, _ = check_project(tmp_path / "base", dt.date.fromisoformat(TODAY))
    head, _ = check_project(tmp_path / "head", dt.date.fromisoformat(TODAY))
    return base, head
