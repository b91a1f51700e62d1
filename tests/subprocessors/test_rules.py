"""The lifecycle, scope, document-access and well-known rules: each gives its exact located message, and each
fails when loosened (the data below is the smallest change that breaks the rule)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.subprocessors.helpers import copy_trust_center
from trustsite.cli import main


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_trust_center(tmp_path / "project")


def edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(project: Path, today: str = "2025-03-10") -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--root", str(project), "--today", today, "--no-cache"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


def test_fixture_is_valid(project: Path) -> None:
    code, lines = check(project)
    assert (code, lines) == (0, [])


ADDED = "    announced: 2025-03-03\n    date: 2025-04-10\n    change: added"
REMOVED = "    announced: 2025-03-03\n    date: 2025-04-10\n    change: removed"
OBJECTIONS = "  subprocessor_objections:\n    email: objections@example.com\n    url: https://www.example.com/objections\n"

# rule -> the edits (file, old, new) that break it, and the first errors `check` then gives, exactly
BROKEN = {
    "shorter notice period than the DPA's": (
        [("subprocessor_changes.yml", ADDED, ADDED.replace("change:", "notice_period_days: 14\n    change:"))],
        ["data/subprocessor_changes.yml:11:25: subprocessor_changes.translator_added.notice_period_days: 14 days is"
         " shorter than the 30 days of notice_period_days in data/organisation.yml, which the data processing"
         " agreement promises customers to object to a new sub-processor (GDPR Art. 28(2)); give at least 30 days or"
         " remove the field"]),
    "a longer notice period moves the deadline": (
        [("subprocessor_changes.yml", ADDED, ADDED.replace("change:", "notice_period_days: 45\n    change:"))],
        ["data/subprocessor_changes.yml:10:11: subprocessor_changes.translator_added.date: the change takes effect on"
         " 2025-04-10, inside its notice period: customers can object until 2025-04-17 (45 days from the announcement"
         " on 2025-03-03, GDPR Art. 28(2) and the data processing agreement); set the date to 2025-04-18 or later"]),
    "a future change needs its announcement": (
        [("subprocessor_changes.yml", ADDED, ADDED.replace("    announced: 2025-03-03\n", ""))],
        ["data/subprocessor_changes.yml:9:11: subprocessor_changes.translator_added.date: the change takes effect on"
         " 2025-04-10, after the build date 2025-03-10, but has no 'announced' date; customers must be told first and"
         " be able to object (GDPR Art. 28(2)): add 'announced:' with the day they are told"]),
    "a planned sub-processor needs its addition": (
        [("subprocessors.yml", "    website: https://hosting.example.net\n    since: 2024-01-01",
          "    website: https://hosting.example.net\n    since: 2025-06-01")],
        ["data/subprocessors.yml:15:12: subprocessors.hosting.since: engaged from 2025-06-01, after the build date"
         " 2025-03-10, but its addition is not recorded: add an 'added' change in data/subprocessor_changes.yml with"
         " the day customers are told ('announced', GDPR Art. 28(2))"]),
    "a replacement needs the removal on the same day": (
        [("subprocessor_changes.yml", REMOVED, REMOVED.replace("2025-04-10", "2025-04-11"))],
        ["data/subprocessor_changes.yml:13:15: subprocessor_changes.translator_added.replaces: 'old_translator' is"
         " replaced on 2025-04-10, but no 'removed' change of 'old_translator' takes effect that day; add one (with"
         " its 'name') so that the list and the history show the replacement"]),
    "an announced change needs an objection channel": (
        [("organisation.yml", OBJECTIONS, "")],
        ["data/organisation.yml:2:3: organisation: 'translator_added' in data/subprocessor_changes.yml is announced,"
         " so customers need to know where to object (GDPR Art. 28(2)): add 'subprocessor_objections:' with an"
         " 'email' or 'url'"]),
    "scopes are known and a standby sub-processor says when": (
        [("subprocessors.yml", "    scopes: [eu_hosting]", "    scopes: [eu_hostng]"),
         ("subprocessors.yml", "    scopes: [us_hosting]", "    scopes: [us_hosting]\n    engagement: standby")],
        ["data/subprocessors.yml:16:14: subprocessors.hosting.scopes[0]: unknown scope 'eu_hostng'; did you mean"
         " 'eu_hosting'?; it must be an ID in data/scopes.yml",
         "data/subprocessors.yml:31:17: subprocessors.us_cloud.engagement: a standby sub-processor needs a"
         " 'condition' saying when it processes data"]),
    "a document is published or says where to ask for it": (
        [("documents.yml", "    request: {email: security@example.com}\n", ""), ("documents.yml", "file: dpa-1.pdf, ", "")],
        ["data/documents.yml:8:9: documents.dpa.versions[0]: a public document is published: give the 'file' in"
         " documents/ (or set 'access' to on_request or nda)",
         "data/documents.yml:13:13: documents.pentest.access: a document with access 'nda' is not published: add"
         " 'request' with the 'email' or 'url' where readers ask for it"]),
    "a subscription list names a known scope": (
        [("subscriptions.yml", "      en.ai_features:", "      en.ai_feature:")],
        ["data/subscriptions.yml:10:7: subscriptions.provider.lists[\"en.ai_feature\"]: unknown scope 'ai_feature';"
         " did you mean 'ai_features'?; it must be an ID in data/scopes.yml"]),
    "a security.txt contact is a URI": (
        [("well_known.yml", '"mailto:security@example.com"', '"security@example.com"')],
        ["data/well_known.yml:4:15: well_known.security_txt.contact[0]: expected a 'mailto:', 'tel:' or 'https://'"
         " address (RFC 9116 2.5.3), got 'security@example.com'"]),
}


@pytest.mark.parametrize("rule", BROKEN)
def test_a_broken_rule_gives_its_located_message(project: Path, rule: str) -> None:
    edits, expected = BROKEN[rule]
    for file, old, new in edits:
        edit(project, file, old, new)
    code, lines = check(project)
    assert code == 1
    assert lines[:len(expected)] == expected


def test_announced_changes_must_be_shown_where_the_history_is(project: Path) -> None:
    """Art. 28(2): a site with a change history that shows no upcoming changes hides the announcement."""
    for page in sorted((project / "content" / "trust").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("{{ subprocessor_upcoming }}", ""), encoding="utf-8")
    code, lines = check(project)
    assert code == 1
    assert lines[0] == ("content/trust/changes.md: announced sub-processor changes (translator_added,"
                        " old_translator_removed) take effect after 2025-03-10 but no page shows them: add"
                        " {{ subprocessor_upcoming }} to this page (in every language), so that customers see each"
                        " one with its objection deadline before it takes effect (GDPR Art. 28(2))")


def test_no_upcoming_block_is_needed_once_every_change_is_in_effect(project: Path) -> None:
    for page in sorted((project / "content" / "trust").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("{{ subprocessor_upcoming }}", ""), encoding="utf-8")
    assert check(project, "2025-03-02") == (0, [])  # the day before the announcement: nothing is upcoming


def test_effective_on_the_deadline_is_inside_the_notice_period(project: Path) -> None:
    edit(project, "subprocessor_changes.yml", REMOVED, REMOVED.replace("2025-03-03", "2025-03-11"))
    code, lines = check(project)
    assert code == 1
    assert ("data/subprocessor_changes.yml:17:11: subprocessor_changes.old_translator_removed.date: the change takes"
            " effect on 2025-04-10, inside its notice period: customers can object until 2025-04-10 (30 days from the"
            " announcement on 2025-03-11, GDPR Art. 28(2) and the data processing agreement); set the date to"
            " 2025-04-11 or later") in lines


@pytest.mark.parametrize("today, expected_code, expected", [
    ("2025-12-01", 0, "data/well_known.yml:5:14: warning: well_known.security_txt.expires: security.txt expires on"
                      " 2025-12-31, in 30 days; check the contacts and move the date forward, or the build will fail"
                      " from the day after"),
    ("2025-11-30", 0, None),  # 31 days ahead: no warning yet
    ("2026-01-01", 1, "data/well_known.yml:5:14: well_known.security_txt.expires: security.txt expired on 2025-12-31;"
                      " RFC 9116 2.5.5 forbids serving a stale file: move the date forward after checking the"
                      " contacts"),
])
def test_security_txt_expiry(project: Path, today: str, expected_code: int, expected: str | None) -> None:
    remove_replaced_subprocessor(project)  # by then the replacement is in effect
    code, lines = check(project, today)
    assert code == expected_code
    assert [line for line in lines if "security_txt" in line] == ([expected] if expected else [])


def remove_replaced_subprocessor(project: Path) -> None:
    import yaml

    path = project / "data" / "subprocessors.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["subprocessors"]["old_translator"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
