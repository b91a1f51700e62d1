"""The Mailman adapter end to end: a real GNU Mailman 3 core (SQLite) delivers through a local aiosmtpd sink to
readers subscribed in three languages and one scope; each gets the day's one message in their language, with
the objection deadline and how to object; a reader who has not confirmed gets only Mailman's confirmation request.

Needs the `mailman` extra (pip install -e '.[test,mailman]'; .ci/run installs it)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.subprocessors.helpers import ANNOUNCED, copy_trust_center
from tests.subprocessors.mailman_core import MailmanCore, Sink, free_port, REST_PASSWORD, REST_USER
from trustsite.cli import main
from trustsite.project import load_project
from trustsite.render.context import RenderContext

pytest.importorskip("mailman", reason="the mailman extra is not installed (pip install -e '.[mailman]')")
aiosmtpd = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd comes with the mailman extra")

LISTS = {"en": "changes-en@lists.example.com", "de": "changes-de@lists.example.com",
         "fr": "changes-fr@lists.example.com", "en.ai_features": "changes-en-ai@lists.example.com"}
READERS = {"anna@example.org": "en", "bernd@example.org": "de", "chloe@example.org": "fr",
           "dora@example.org": "en.ai_features"}
SENDER = "privacy@example.com"


def mailman_subscriptions() -> str:
    lists = "\n".join(f"      {key}: {address}" for key, address in LISTS.items())
    return ("subscriptions:\n  provider:\n    kind: mailman\n"
            "    signup_url: https://lists.example.com/postorius/lists/\n"
            f"    lists:\n{lists}\n  privacy:\n"
            "    en: Our lists run on our own Mailman server; every message says how to unsubscribe.\n"
            "    de: Unsere Listen laufen auf unserem eigenen Mailman-Server; jede Nachricht sagt, wie Sie sich abmelden.\n"
            "    fr: Nos listes fonctionnent sur notre propre serveur Mailman ; chaque message indique comment vous"
            " désabonner.\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = copy_trust_center(tmp_path / "project")
    (copy / "data" / "subscriptions.yml").write_text(mailman_subscriptions(), encoding="utf-8")
    return copy


def body_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.mark.slow
def test_mailman_delivers_one_message_per_reader_in_their_language(project: Path, tmp_path: Path) -> None:
    sink = Sink()
    smtp = aiosmtpd.Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    (tmp_path / "mailman").mkdir()
    core = MailmanCore(tmp_path / "mailman", smtp.port)
    try:
        core.start()
        for address in LISTS.values():
            core.create_list(address, SENDER)
        for reader, key in READERS.items():
            core.subscribe(LISTS[key], reader, confirmed=True)
        core.subscribe(LISTS["de"], "erik@example.org", confirmed=False)  # signed up, never confirmed

        result = CliRunner().invoke(main, ["notify", "mailman", "--root", str(project), "--no-cache", "--date", ANNOUNCED,
                                           "--api-url", core.url, "--api-user", REST_USER,
                                           "--api-password", REST_PASSWORD])
        assert result.exit_code == 0, result.output
        assert "posted 4 message(s) for 2025-03-03" in result.output
        assert result.output.count("posting to ") == 4 and "would post" not in result.output

        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not all(
                any("Minimal" in m["Subject"] for m in sink.to(r)) for r in READERS):
            time.sleep(0.5)
    finally:
        core.stop()
        smtp.stop()

    expected = {
        "en": ("Minimal: changes to the sub-processors, announced on March 3, 2025",
               "Objections until April 2, 2025.", "Write to objections@example.com or use our form at"),
        "de": ("Minimal: Änderungen bei den Unterauftragsverarbeitern, angekündigt am 3. März 2025",
               "Einspruch bis zum 2. April 2025.", "Schreiben Sie an objections@example.com oder nutzen Sie"),
        "fr": ("Minimal\u00a0: modifications des sous-traitants ultérieurs, annoncées le 3 mars 2025",
               "Objections possibles jusqu’au 2 avril 2025.", "Écrivez à objections@example.com ou utilisez"),
        "en.ai_features": ("Minimal: changes to the sub-processors for AI features, announced on March 3, 2025",
                           "Objections until April 2, 2025.", "Write to objections@example.com or use our form at"),
    }
    for reader, key in READERS.items():
        got = [m for m in sink.to(reader) if "Minimal" in m["Subject"]]
        assert len(got) == 1, (reader, [m["Subject"] for m in sink.to(reader)])  # two changes that day: one message
        subject, deadline_line, channel = expected[key]
        assert " ".join(subject.split()) in " ".join(got[0]["Subject"].split()), got[0]["Subject"]
        text = body_text(got[0])
        assert text.count(deadline_line) == 2  # the replacement and the removal each state it
        assert channel in text
        assert got[0]["List-Id"] == f"<{LISTS[key].replace('@', '.')}>"
    pending = sink.to("erik@example.org")  # Mailman's double opt-in: asked to confirm, told nothing else
    assert [m["Subject"].split(" the ")[0] for m in pending] == ["Your confirmation is needed to join"]


def test_mailman_dry_run_sends_nothing_and_shows_each_posting(project: Path) -> None:
    result = CliRunner().invoke(main, ["notify", "mailman", "--root", str(project), "--no-cache", "--date", ANNOUNCED, "--dry-run",
                                       "--api-url", "http://127.0.0.1:9/"])  # nothing listens there
    assert result.exit_code == 0, result.output
    for address in LISTS.values():
        assert f"would post to {address}: " in result.output
    assert "Content-Language: fr" in result.output


def test_mailman_signup_block_offers_the_join_addresses(project: Path) -> None:
    day = dt.date.fromisoformat(ANNOUNCED)
    block = RenderContext(load_project(project, day), "en", day).render_fragment("subscribe.md")
    assert "[changes-en-join@lists.example.com](mailto:changes-en-join@lists.example.com)" in block
    assert "[changes-en-ai-join@lists.example.com](mailto:changes-en-ai-join@lists.example.com)" in block
    assert "<form" not in block  # nothing posts to another host: the reader writes an e-mail
