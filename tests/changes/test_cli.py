"""`trustsite diff`, `gate` and `notice` on a git repository holding a fixture project, as CI runs them."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from tests.changes.editing import Edits
from tests.conftest import FIXTURES, cli_args
from trustsite.cli import main

TODAY = "2026-11-25"
SAAS = FIXTURES / "passing_saas"  # a B2B software company in en/de/lt, also a processor for its customers


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Edits:
    """The fixture committed on main, then a feature branch checked out (the pull-request situation)."""
    edits = Edits(SAAS, tmp_path / "repo")
    git(edits.root, "init", "-q", "-b", "main")
    git(edits.root, "config", "user.email", "ci@example.com")
    git(edits.root, "config", "user.name", "CI")
    git(edits.root, "add", "-A")
    git(edits.root, "commit", "-q", "-m", "published statement")
    git(edits.root, "checkout", "-q", "-b", "feature")
    return edits


def run(edits: Edits, *args: str) -> Result:
    """A command as the pull-request workflow runs it: BASE is the branch the pull request goes into (without
    BASE, diff compares with the archived version in force: tests/changes/test_default_base.py)."""
    if args and args[0] in ("diff", "gate", "notice") and (len(args) == 1 or args[1].startswith("-")):
        args = (args[0], "main", *args[1:])
    return CliRunner().invoke(main, cli_args([*args, "--root", str(edits.root)], TODAY), catch_exceptions=False)


def add_us_subprocessor(e: Edits) -> None:
    e.data("subprocessors")["lumivault"] = {
        "name": "Lumivault", "legal_entity": "Lumivault Inc.", "entity_country": "US",
        "service": e.text("Encrypted backup storage"), "purposes": ["service"],
        "data_categories": ["account_data"], "processing_locations": ["US"],
        "safeguards": {"US": {"gdpr": {"mechanism": "scc_2021_914", "module": 3, "importer": "Lumivault Inc.",
                                        "tia": {"date": dt.date(2026, 10, 1)}}}}, "website": "https://lumivault.example.com",
        "since": dt.date(2027, 1, 4),
    }


def add_version(e: Edits, effective: str) -> None:
    e.data("versions")["2026.3"] = {"published": dt.date.fromisoformat(TODAY),
                                    "effective": dt.date.fromisoformat(effective),
                                    "summary": e.text("A new sub-processor for encrypted backups.")}


# ------------------------------------------------------------------ diff: exit codes


def test_no_change_exits_0(repo: Edits) -> None:
    result = run(repo, "diff")
    assert result.exit_code == 0
    assert result.stdout.startswith("NONE: no change to the privacy facts or prose")
    assert "main (" in result.stdout.splitlines()[0]


def test_editorial_only_exits_0(repo: Edits) -> None:
    repo.replace("content/privacy/index.md", "## Who we are {: #who-we-are }\n\n", "## Who we are {: #who-we-are }\n\n\n\n")
    repo.replace("content/privacy/index.de.md", "Wir ", "WIR ")
    result = run(repo, "diff")
    assert result.exit_code == 0
    assert result.stdout.startswith("EDITORIAL: editorial changes only")
    assert "rule wording-only" in result.stdout


def test_review_exits_3(repo: Edits) -> None:
    repo.data("subprocessors")["mailer"]["name"] = "Postwerk Mail"
    repo.save()
    result = run(repo, "diff")
    assert result.exit_code == 3
    assert "subprocessors “Postwerk Mail”: name changed from Postwerk to Postwerk Mail." in result.stdout
    assert "rule subprocessor-renamed" in result.stdout


def test_significant_exits_4_and_names_file_line_rule_and_source(repo: Edits) -> None:
    add_us_subprocessor(repo)
    repo.save()
    result = run(repo, "diff")
    assert result.exit_code == 4
    lines = result.stdout.splitlines()
    assert lines[0].startswith("SIGNIFICANT: significant changes; customers must be told before they take effect (1 significant)")
    assert lines[2].startswith("significant data/subprocessors.yml:")
    assert "rule subprocessor-added-third-country" in result.stdout and "WP260 rev.01 para 30" in result.stdout


def test_invalid_head_exits_1_with_located_errors(repo: Edits) -> None:
    repo.replace("data/purposes.yml", "legal_basis: consent", "legal_basis: consnet")
    result = run(repo, "diff")
    assert result.exit_code == 1
    assert "data/purposes.yml:" in result.stderr and "did you mean 'consent'" in result.stderr
    assert "Traceback" not in result.output


def test_invalid_base_names_the_ref(repo: Edits) -> None:
    repo.replace("data/purposes.yml", "legal_basis: consent", "legal_basis: consnet")
    git(repo.root, "commit", "-qam", "broken")
    git(repo.root, "checkout", "-q", "-b", "fix")
    git(repo.root, "revert", "--no-edit", "HEAD")
    result = run(repo, "diff", "feature")
    assert result.exit_code == 1
    assert result.stderr.startswith("feature (")  # the problem is located in the ref, not the working tree
    assert ":data/purposes.yml:" in result.stderr


def test_unknown_ref_is_a_usage_error(repo: Edits) -> None:
    result = run(repo, "diff", "no-such-branch")
    assert result.exit_code == 2
    assert "'no-such-branch' is neither a project directory" in result.stderr


def test_two_refs_and_two_directories(repo: Edits, tmp_path: Path) -> None:
    add_us_subprocessor(repo)
    repo.save()
    git(repo.root, "commit", "-qam", "new sub-processor")
    assert run(repo, "diff", "main", "feature").exit_code == 4
    assert run(repo, "diff", "feature", "main").exit_code == 0  # the removal is editorial
    other = Edits(SAAS, tmp_path / "other")
    assert run(repo, "diff", str(other.root), str(repo.root)).exit_code == 4


def test_without_a_main_branch_asks_for_a_base(tmp_path: Path) -> None:
    edits = Edits(SAAS, tmp_path / "nomain")
    shutil.rmtree(edits.root / "archive", ignore_errors=True)  # nothing released yet: the base would be the main branch
    git(edits.root, "init", "-q", "-b", "trunk")
    git(edits.root, "-c", "user.email=ci@example.com", "-c", "user.name=CI", "commit", "-q", "--allow-empty", "-m", "x")
    result = CliRunner().invoke(main, ["diff", "--root", str(edits.root)])
    assert result.exit_code == 2
    assert "no main branch found" in result.stderr


# ------------------------------------------------------------------ diff: formats


def test_json_format(repo: Edits) -> None:
    add_us_subprocessor(repo)
    repo.save()
    result = run(repo, "diff", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1 and doc["level"] == "significant"
    assert doc["counts"] == {"significant": 1, "review": 0, "editorial": 0}
    (change,) = doc["changes"]
    assert change["rule"] == "subprocessor-added-third-country" and change["entity"] == "subprocessor"
    assert change["after"]["processing_locations"] == ["US"]
    assert change["facts"] == {"transfer": "adequate_partial", "scope": "wider"}  # DPF covers some US recipients
    assert change["file"] == "data/subprocessors.yml" and change["line"] > 0


def test_markdown_format_is_a_pull_request_comment(repo: Edits) -> None:
    add_us_subprocessor(repo)
    repo.data("subprocessors")["mailer"]["name"] = "Postwerk Mail"
    repo.save()
    repo.replace("content/privacy/index.de.md", "Wir verkaufen", "WIR verkaufen")
    result = run(repo, "diff", "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "<!-- trustsite-diff -->"
    assert lines[1].startswith("**Significant: customers must be told before this takes effect.** 1 significant, 1 review, 1 editorial")
    assert lines[2].startswith("Next: record a version that takes effect at least 30 days")
    text = result.stdout
    assert text.index("### Significant") < text.index("### Review") < text.index("<summary>Editorial")
    assert "| New sub-processor Lumivault (Lumivault Inc., United States) for Encrypted backup storage;" in text
    assert "| `subprocessor-added-third-country`: A new sub-processor processes or accesses data outside the EU/EEA" in text
    assert "trustsite notice" in text


def test_github_format_annotates_file_and_line(repo: Edits) -> None:
    add_us_subprocessor(repo)
    repo.save()
    result = run(repo, "diff", "--format", "github")
    first, summary = result.stdout.splitlines()
    assert first.startswith("::error file=data/subprocessors.yml,line=")  # a significant change fails the check
    assert "title=significant%3A subprocessor-added-third-country::" in first
    assert "%0Arule subprocessor-added-third-country" in first  # the message stays one line
    assert summary.startswith("::notice title=trustsite diff::SIGNIFICANT")


def test_output_file(repo: Edits, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run(repo, "diff", "--format", "markdown", "--output", str(out))
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!-- trustsite-diff -->")


# ------------------------------------------------------------------ gate


def test_gate_passes_without_significant_change(repo: Edits) -> None:
    result = run(repo, "gate")
    assert result.exit_code == 0 and result.stdout.startswith("ok: no significant change")


def test_gate_blocks_a_significant_change_without_a_version(repo: Edits) -> None:
    add_us_subprocessor(repo)
    repo.save()
    result = run(repo, "gate")
    assert result.exit_code == 4
    assert "no new version in data/versions.yml" in result.stderr and "on or after 2026-12-25" in result.stderr


def test_gate_blocks_a_version_inside_the_notice_period(repo: Edits) -> None:
    add_us_subprocessor(repo)
    add_version(repo, "2026-12-10")
    repo.save()
    result = run(repo, "gate")
    assert result.exit_code == 4
    assert "version 2026.3 takes effect on 2026-12-10, 15 days after 2026-11-25" in result.stderr
    assert "set its effective date to 2026-12-25 or later" in result.stderr


def test_gate_uses_the_organisations_notice_period(repo: Edits) -> None:
    add_us_subprocessor(repo)
    add_version(repo, "2026-12-10")
    repo.data("organisation")["notice_period_days"] = 14
    repo.save()
    assert run(repo, "gate").exit_code == 0


def test_gate_passes_with_enough_notice(repo: Edits) -> None:
    add_us_subprocessor(repo)
    add_version(repo, "2027-01-04")
    repo.save()
    result = run(repo, "gate")
    assert result.exit_code == 0
    assert "take effect with version 2026.3 on 2027-01-04, 40 days after 2026-11-25" in result.stdout


# ------------------------------------------------------------------ notice


def test_notice_needs_a_new_version(repo: Edits, tmp_path: Path) -> None:
    add_us_subprocessor(repo)
    repo.save()
    result = run(repo, "notice", "--out", str(tmp_path / "n"))
    assert result.exit_code == 1 and "no new version in data/versions.yml to announce" in result.stderr


def test_no_notice_for_editorial_changes(repo: Edits, tmp_path: Path) -> None:
    result = run(repo, "notice", "--out", str(tmp_path / "n"))
    assert result.exit_code == 0 and result.stdout.startswith("no notice needed")
    assert not (tmp_path / "n").exists()


def test_notice_files_in_every_language(repo: Edits, tmp_path: Path) -> None:
    add_us_subprocessor(repo)
    add_version(repo, "2027-01-04")
    repo.save()
    out = tmp_path / "n"
    result = run(repo, "notice", "--out", str(out))
    assert result.exit_code == 0, result.output
    languages = repo.data("organisation")["languages"]
    subjects: dict[str, str] = {}
    assert sorted(p.name for p in out.iterdir()) == sorted(languages)
    for lang in languages:
        message = email.message_from_bytes((out / lang / "message.eml").read_bytes(), policy=email.policy.default)
        assert message["Content-Language"] == lang and message["From"] == "privacy@example.com"
        assert message["Subject"].strip() == (out / lang / "subject.txt").read_text(encoding="utf-8").strip()
        text = message.get_body(("plain",)).get_content()
        html = BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")
        assert html.html["lang"] == lang
        assert "Lumivault" in text and "privacy@example.com" in text
        assert Locale.parse(lang).territories["US"] in text  # the country by its name in the reader's language
        assert format_date(dt.date(2027, 1, 4), "long", locale=lang) in message["Subject"]
        subjects[lang] = message["Subject"]
        assert html.select("ul li") and "Lumivault" in html.select_one("ul li").get_text()
        link = "https://trust.vilkas.example.com/privacy/" if lang == "en" else f"https://trust.vilkas.example.com/{lang}/privacy/"
        assert link in text and html.find("a", href=link)
    assert len(set(subjects.values())) == len(languages)  # written in each language, not copied
