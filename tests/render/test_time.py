"""Time is a fact: an entry whose start date is after the build date is shown as planned, with that date,
wherever it appears (issue 15: a sub-processor engaged a month after the build read as current)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path


from tests.render.test_legal_text import edit, render

BUILD = dt.date(2026, 12, 5)
MONTH_LATER = "2027-01-05"


def plan_the_mailer(root: Path) -> None:
    """The mailer starts a month after the build date; its change-log entry has the same date."""
    edit(root, "subprocessors.yml", "since: 2024-06-01", f"since: {MONTH_LATER}")
    edit(root, "subprocessor_changes.yml", "date: 2024-06-01", f"announced: 2026-11-20\n    date: {MONTH_LATER}")
    edit(root, "organisation.yml", "  privacy_contact:\n", "  subprocessor_objections: {email: privacy@example.com}\n  privacy_contact:\n")


def test_a_subprocessor_that_starts_after_the_build_date_is_planned_in_the_statement(minimal_copy: Path) -> None:
    plan_the_mailer(minimal_copy)
    text = render(minimal_copy, "subprocessors", today=BUILD)
    assert "Example Mail](https://mail.example.net) (planned from January 5, 2027)" in text
    assert "Planned from January 5, 2027" in text  # the 'Since' column
    assert "Example Hosting](https://hosting.example.net) (planned" not in text  # engaged in 2024: current


def test_the_trust_center_lists_a_planned_subprocessor_as_upcoming_not_current(minimal_copy: Path) -> None:
    """Composes with the change lifecycle: the current list leaves it out, the upcoming changes give its date."""
    plan_the_mailer(minimal_copy)
    current = render(minimal_copy, "subprocessor_list", today=BUILD)
    assert "Example Mail" not in current and "Example Hosting" in current
    upcoming = render(minimal_copy, "subprocessor_upcoming", today=BUILD)
    assert "Example Mail" in upcoming and "January 5, 2027" in upcoming


def test_the_transfer_table_marks_a_planned_recipient(minimal_copy: Path) -> None:
    plan_the_mailer(minimal_copy)
    text = render(minimal_copy, "transfers", today=BUILD)
    assert "Example Mail (planned from January 5, 2027)" in text


def test_planned_is_said_in_every_language(minimal_copy: Path) -> None:
    plan_the_mailer(minimal_copy)
    text = render(minimal_copy, "subprocessors", language="de", today=BUILD)
    assert "(geplant ab 5. Januar 2027)" in text
    assert "Geplant ab 5. Januar 2027" in text


def test_on_its_start_date_the_entry_is_current(minimal_copy: Path) -> None:
    plan_the_mailer(minimal_copy)
    for block in ("subprocessors", "subprocessor_list", "subprocessor_changes", "transfers"):
        text = render(minimal_copy, block, today=dt.date(2027, 1, 5))
        assert "planned" not in text.lower(), block
