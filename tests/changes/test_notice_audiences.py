"""Issue 16 item 5 and issue 17 item 1 in the notice: each announced sub-processor change's own objection deadline,
and a notice per affected audience when scopes exist. Runs `trustsite notice` on tests/fixtures/passing_trust_center
(a processor with EU and US hosting scopes and an AI features scope, in en/de/fr) and on passing_saas (no scopes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.changes.editing import Edits
from tests.changes.test_findings import SAAS, SCC, _announce, repository, run
from tests.conftest import FIXTURES

TRUST_CENTER = FIXTURES / "passing_trust_center"


def _add_subprocessor(e: Edits, sid: str, name: str, scopes: list[str], announced: dt.date,
                      notice_days: int | None = None) -> None:
    e.data("subprocessors")[sid] = {
        "name": name, "legal_entity": f"{name} Inc.", "entity_country": "US", "category": "infrastructure",
        "service": e.text("Encrypted backup storage."), "purposes": ["service"], "data_categories": ["usage_data"],
        "processing_locations": ["US"], "safeguards": {"US": SCC(f"{name} Inc.")},
        "website": "https://backup.example.net", "since": dt.date(2027, 1, 4), "scopes": scopes}
    change = {"announced": announced, "date": dt.date(2027, 1, 4), "change": "added", "subprocessor": sid,
              "summary": e.text(f"{name} will store our encrypted backups.")}
    if notice_days is not None:
        change["notice_period_days"] = notice_days
    e.data("subprocessor_changes")[f"{sid}_added"] = change


def _scoped_notices(tmp_path: Path) -> Path:
    repo = repository(TRUST_CENTER, tmp_path / "repo")
    repo.data("organisation")["processor_for_customers"] = True
    _add_subprocessor(repo, "eu_backup", "Eubackup", ["eu_hosting"], dt.date(2026, 11, 1))  # deadline 1 December
    _add_subprocessor(repo, "any_backup", "Anybackup", [], dt.date(2026, 11, 1), notice_days=40)  # 11 December
    _announce(repo, dt.date(2027, 1, 4))
    repo.save()
    out = tmp_path / "notice"
    result = run(repo, "notice", "--out", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_every_reader_gets_the_unscoped_change_with_its_own_deadline(tmp_path: Path) -> None:
    out = _scoped_notices(tmp_path)
    body = (out / "en" / "body.txt").read_text(encoding="utf-8")
    assert "Anybackup" in body and "Eubackup" not in body  # the EU-only one concerns EU-hosted customers only
    assert "can do so until December 11, 2026." in body  # its own 40 days, not the version's 4 January
    assert "January 4, 2027." not in body.split("What you can do")[1]
    assert "This notice is for customers of" not in body


def test_a_scope_gets_its_own_notice_with_every_change_that_concerns_it(tmp_path: Path) -> None:
    out = _scoped_notices(tmp_path)
    body = (out / "scopes" / "eu_hosting" / "en" / "body.txt").read_text(encoding="utf-8")
    assert body.startswith("This notice is for customers of EU hosting.")
    assert "Eubackup" in body and "Anybackup" in body
    # two changes, two deadlines: each named with its own
    assert "- Eubackup: Objections until December 1, 2026." in body
    assert "- Anybackup: Objections until December 11, 2026." in body
    german = (out / "scopes" / "eu_hosting" / "de" / "body.txt").read_text(encoding="utf-8")
    assert "Hosting in der EU" in german and "Eubackup" in german
    # US-hosted customers get nothing beyond the general notice: no scoped sub-processor concerns them
    assert not (out / "scopes" / "us_hosting").exists()
    # a region limit says nothing about features: AI feature customers (hosted in the EU or not) are told too
    assert "Eubackup" in (out / "scopes" / "ai_features" / "en" / "body.txt").read_text(encoding="utf-8")


def test_without_scopes_one_notice_per_language_with_the_changes_deadline(tmp_path: Path) -> None:
    repo = repository(SAAS, tmp_path / "repo")
    _add_subprocessor(repo, "backupco", "Lumivault", [], dt.date(2026, 11, 1))
    _announce(repo, dt.date(2027, 1, 15))
    repo.save()
    out = tmp_path / "notice"
    assert run(repo, "notice", "--out", str(out)).exit_code == 0
    assert not (out / "scopes").exists()
    body = (out / "en" / "body.txt").read_text(encoding="utf-8")
    # announced on 1 November with the organisation's 30 days: objections until 1 December, not the version's date
    assert "can do so until December 1, 2026." in body and "until January 15, 2027" not in body
