"""Paragraph-level prose diffs: where a change is, and whether only its wording moved."""

from __future__ import annotations

from trustsite.changes.prose import diff_page, normalize, split_blocks

OLD = "# Title\n\nFirst paragraph here.\nIt wraps.\n\n\nSecond paragraph.\n\n- a list\n- of items\n"


def test_blocks_carry_their_first_line() -> None:
    assert [(b.line, b.text.split("\n")[0]) for b in split_blocks(OLD)] == [
        (1, "# Title"), (3, "First paragraph here."), (7, "Second paragraph."), (9, "- a list")]


def test_normalize_keeps_numbers_and_words_apart() -> None:
    assert normalize("E-mail us: NOW!") == "email us now"
    assert normalize("1.5 GB") != normalize("15 GB")


def test_unchanged_text_has_no_hunks() -> None:
    assert diff_page(OLD, OLD) == []


def test_rewrapped_paragraph_is_editorial_at_its_new_line() -> None:
    new = OLD.replace("First paragraph here.\nIt wraps.", "First paragraph here. It wraps.")
    (hunk,) = diff_page(OLD, new)
    assert (hunk.kind, hunk.action, hunk.line) == ("editorial", "changed", 3)


def test_inserted_paragraph_is_substantive_at_its_line() -> None:
    new = OLD.replace("Second paragraph.", "We now sell data.\n\nSecond paragraph.")
    (hunk,) = diff_page(OLD, new)
    assert (hunk.kind, hunk.action, hunk.after, hunk.line) == ("substantive", "added", "We now sell data.", 7)


def test_removed_paragraph_points_at_the_old_line() -> None:
    new = OLD.replace("Second paragraph.\n\n", "")
    (hunk,) = diff_page(OLD, new)
    assert (hunk.action, hunk.before, hunk.line) == ("removed", "Second paragraph.", 7)


def test_moved_paragraph_is_reported_once_as_moved() -> None:
    new = "# Title\n\nSecond paragraph.\n\nFirst paragraph here.\nIt wraps.\n\n- a list\n- of items\n"
    hunks = diff_page(OLD, new)
    assert [h.kind for h in hunks] == ["moved"]


def test_changed_paragraph_keeps_before_and_after() -> None:
    new = OLD.replace("Second paragraph.", "Second paragraph, now longer.")
    (hunk,) = diff_page(OLD, new)
    assert (hunk.before, hunk.after, hunk.kind) == ("Second paragraph.", "Second paragraph, now longer.", "substantive")
