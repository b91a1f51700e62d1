"""One sub-processor change walked through its life, in English, German and French (GDPR Art. 28(2)).

Example Translate replaces Example Old Translate: announced on 3 March 2025, customers can object until
2 April 2025 (30 days' notice), in effect from 10 April 2025. The trust center, its Atom feed, `gate`, the
notice e-mail and the exports must each say the right thing on each day.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from babel.dates import format_date
from click.testing import CliRunner

from tests.site.helpers import soup
from tests.subprocessors.helpers import ANNOUNCED, EFFECTIVE, LANGUAGES, build, copy_trust_center, page, text_of
from trustsite.changes.gate import check_subprocessor_notice
from trustsite.cli import main
from trustsite.project import load_project
from trustsite.notify.digest import collect, draft_messages
from trustsite.paths import catalog_files
from trustsite.render.localize import Localizer, load_catalog

ATOM = "{http://www.w3.org/2005/Atom}"
DEADLINE = dt.date(2025, 4, 2)


def loc(language: str) -> Localizer:
    return Localizer(language, load_catalog(catalog_files(None, language), language))


def long_date(day: dt.date, language: str) -> str:
    return format_date(day, format="long", locale=language)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_trust_center(tmp_path_factory.mktemp("lifecycle") / "project")


@pytest.fixture(scope="module")
def before(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project, tmp_path_factory.mktemp("before") / "site", "2025-03-02")


@pytest.fixture(scope="module")
def announced(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(project, tmp_path_factory.mktemp("announced") / "site", ANNOUNCED)


def feed_entries(site: Path, language: str) -> dict[str, ET.Element]:
    prefix = "" if language == "en" else f"{language}/"
    root = ET.parse(site / prefix / "trust" / "subprocessor-changes.atom").getroot()
    return {e.find(f"{ATOM}id").text.rsplit(":", 1)[1]: e for e in root.findall(f"{ATOM}entry")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_before_the_announcement_nothing_is_shown(before: Path, language: str) -> None:
    doc = page(before, "trust/subprocessors", language)
    assert doc.find(id="sp-translator") is None and doc.find(id="upcoming-translator") is None
    assert doc.find(id="sp-old-translator") is not None  # still the current one
    assert not doc.select('[id^="change-translator"]')
    assert "translator_added" not in feed_entries(before, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_announced_change_is_upcoming_with_its_deadline_and_how_to_object(announced: Path, language: str) -> None:
    l10n = loc(language)
    for base in ("trust/subprocessors", "trust/changes"):
        doc = page(announced, base, language)
        row = doc.find(id="change-translator-added").find_parent("tr")
        cells = [" ".join(td.get_text(" ").split()) for td in row.find_all("td")]
        assert cells[0].startswith("Example Translate")
        assert l10n.gettext("replaces %(name)s") % {"name": "Example Old Translate"} in cells[0]
        assert cells[3:] == [long_date(dt.date(2025, 3, 3), language), long_date(DEADLINE, language),
                             long_date(dt.date(2025, 4, 10), language)]
        headers = [th.get_text(strip=True) for th in row.find_parent("table").find_all("th")]
        assert headers[4] == l10n.gettext("Objections until")
        text = text_of(doc)
        assert "objections@example.com" in text and "https://www.example.com/objections" in text
        assert l10n.gettext("To object to an upcoming change, tell us before its objection deadline and give your"
                            " reasons.") in text
    if language != "en":
        assert loc(language).gettext("Objections until") != "Objections until"


@pytest.mark.parametrize("language", LANGUAGES)
def test_upcoming_subprocessor_is_not_current(announced: Path, language: str) -> None:
    doc = page(announced, "trust/subprocessors", language)
    full_list = doc.select_one(".ts-filter-all")
    assert full_list.find(id="sp-translator") is None  # not in the current list ...
    assert doc.find(id="upcoming-translator") is not None  # ... but described as upcoming
    assert full_list.find(id="sp-old-translator") is not None  # the one it replaces is current until then
    history = page(announced, "trust/changes", language).select_one("#history, #verlauf, #historique")
    assert history is not None
    assert "Example Translate" not in " ".join(history.find_next("table").get_text(" ").split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_entry_appears_on_the_announcement_date(announced: Path, language: str) -> None:
    entry = feed_entries(announced, language)["translator_added"]
    assert entry.find(f"{ATOM}published").text.startswith("2025-03-03T00:00:00")
    linked, anchor = entry.find(f"{ATOM}link").get("href").split("#")  # the row of the upcoming change, on a built page
    relative = urlsplit(linked).path.strip("/")
    assert soup(announced / relative / "index.html").find(id=anchor) is not None
    summary = entry.find(f"{ATOM}summary").text
    l10n = loc(language)
    assert l10n.gettext("Objections until %(date)s.") % {"date": long_date(DEADLINE, language)} in summary
    assert l10n.gettext("Takes effect on %(date)s.") % {"date": long_date(dt.date(2025, 4, 10), language)} in summary


def test_gate_refuses_an_effective_date_inside_the_notice_period(project: Path) -> None:
    base = load_project(project, dt.date(2025, 3, 1))
    head = load_project(project, dt.date(2025, 3, 1))
    change = head.subprocessor_changes["translator_added"]
    base.subprocessor_changes.pop("translator_added")
    verdict = check_subprocessor_notice(base, head, dt.date(2025, 3, 1))
    assert verdict.ok, verdict.message
    late = dict(head.subprocessor_changes, translator_added=change.model_copy(update={"date": dt.date(2025, 4, 2)}))
    head.subprocessor_changes = late
    verdict = check_subprocessor_notice(base, head, dt.date(2025, 3, 1))
    assert not verdict.ok
    assert ("translator_added: takes effect on 2025-04-02, inside the notice period: customers told on 2025-03-03"
            " can object until 2025-04-02 (30 days); set its date to 2025-04-03 or later") in verdict.message
    # announced in the past: the notice runs from the day the pull request is checked
    verdict = check_subprocessor_notice(base, load_project(project, dt.date(2025, 3, 1)), dt.date(2025, 3, 20))
    assert "customers told on 2025-03-20 can object until 2025-04-19" in verdict.message


@pytest.mark.parametrize("language", LANGUAGES)
def test_notice_email_states_deadline_and_how_to_object_in_one_message(project: Path, language: str) -> None:
    loaded = load_project(project, dt.date(2025, 3, 3))
    announcement = collect(loaded, dt.date(2025, 3, 3))
    assert [t.cid for t in announcement.changes] == ["old_translator_removed", "translator_added"]
    messages = [m for m in draft_messages(loaded, announcement, "https://trust.example.com/", None, [language])]
    assert len(messages) == 1  # both changes announced that day: one message
    message = messages[0]
    l10n = loc(language)
    deadline = l10n.gettext("Objections until %(date)s.") % {"date": long_date(DEADLINE, language)}
    for body in (message.text, message.html):
        assert body.count(deadline) == 2  # each change states its deadline
        assert "objections@example.com" in body and "https://www.example.com/objections" in body
    assert l10n.gettext("How to object") in message.text
    prefix = "" if language == "en" else f"{language}/"
    assert f"https://trust.example.com/{prefix}trust/changes/" in message.text  # the page of the change log
    assert message.as_email("privacy@example.com", "list@example.com", dt.date(2025, 3, 3))["Content-Language"] == language


def test_nothing_is_sent_on_a_day_without_announcement(project: Path) -> None:
    result = CliRunner().invoke(main, ["notify", "listmonk", "--root", str(project), "--date", "2025-03-04",
                                       "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output == "nothing was announced on 2025-03-04\n"


def test_effective_date_makes_it_current_and_history(project: Path, tmp_path: Path) -> None:
    """On the effective date the replaced sub-processor leaves data/subprocessors.yml (check refuses it listed)."""
    copy = copy_trust_center(tmp_path / "project")
    subs_file = copy / "data" / "subprocessors.yml"
    data = yaml.safe_load(subs_file.read_text(encoding="utf-8"))
    del data["subprocessors"]["old_translator"]
    subs_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # the statement names its sub-processors: the list without the one announced as removed is released first
    # (editorial: readers were told through the change log), as a published site only shows released data
    released = CliRunner().invoke(main, ["release", "--root", str(copy), "--effective", EFFECTIVE, "--today", EFFECTIVE,
                                         "--level", "editorial"])
    assert released.exit_code == 0, released.output
    site = build(copy, tmp_path / "site", EFFECTIVE)
    for language in LANGUAGES:
        doc = page(site, "trust/subprocessors", language)
        assert doc.select_one(".ts-filter-all").find(id="sp-translator") is not None
        assert doc.find(id="sp-old-translator") is None and doc.find(id="upcoming-translator") is None
        assert loc(language).gettext("No change to the list of sub-processors is announced at the moment.") \
            in text_of(doc)
        changes = page(site, "trust/changes", language)
        history_rows = changes.select('span[id^="change-"]')
        assert [s["id"] for s in history_rows] == ["change-translator-added", "change-old-translator-removed",
                                                   "change-mailer-added"]  # newest first
        assert set(feed_entries(site, language)) == {"mailer_added", "translator_added", "old_translator_removed"}


def test_gate_command_exits_4_for_a_change_inside_its_notice_period(tmp_path: Path) -> None:
    """`trustsite gate BASE HEAD`, as CI runs it on the pull request that adds the change. `check` already refuses
    an effective date inside the period counted from `announced`; the gate also refuses a backdated announcement:
    customers can only be told from the day the change is merged."""
    base = copy_trust_center(tmp_path / "base")
    for path in (base / "data" / "subprocessor_changes.yml", base / "data" / "subprocessors.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        key = next(iter(data))
        for gone in ("translator_added", "old_translator_removed", "translator"):
            data[key].pop(gone, None)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    head = copy_trust_center(tmp_path / "head")
    with (head / "data" / "versions.yml").open("a", encoding="utf-8") as fh:  # the statement names the new one
        fh.write('  "2025.2":\n    published: 2025-03-03\n    effective: 2025-04-10\n')

    def gate(today: str):
        return CliRunner().invoke(main, ["gate", "--root", str(head), str(base), str(head), "--today", today])

    ok = gate("2025-03-01")
    assert ok.exit_code == 0, ok.output
    blocked = gate("2025-03-20")  # merged 17 days after the announcement it claims
    assert blocked.exit_code == 4
    assert ("translator_added: takes effect on 2025-04-10, inside the notice period: customers told on 2025-03-20"
            " can object until 2025-04-19 (30 days); set its date to 2025-04-20 or later") in blocked.stderr
