"""The quick walk of check_languages (rules._all_in) reaches every Text the full walk (rules._texts) reaches: it
skips the fields whose annotations cannot hold a Text, and a field skipped wrongly would let a text missing a
language through unreported (WP260 para 13: the statement in every language it is offered in)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tests.conftest import FULL
from trustsite.model.base import Text
from trustsite.project import read_data
from trustsite.validate.rules import _all_in, _can_hold_text, _text_fields, _texts


def _replaced(value: Any, path: tuple, new: Any) -> Any:
    """`value` with what lies at `path` replaced by `new` (models are frozen: copied along the path)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, BaseModel):
        return value.model_copy(update={head: _replaced(getattr(value, head), rest, new)})
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    return [_replaced(item, rest, new) if index == head else item for index, item in enumerate(value)]


def test_every_text_with_a_language_missing_is_found_by_the_quick_walk() -> None:
    checked, problems = read_data(FULL)
    assert problems == [], problems
    wanted = set(checked.values["organisation"].languages)
    tried, files = 0, set()
    for key, value in checked.values.items():
        if value is None:
            continue
        assert _all_in(value, wanted), key
        for path, text in _texts(value, ()):
            shorter = Text({lang: words for lang, words in text.root.items() if lang != sorted(wanted)[0]})
            assert not _all_in(_replaced(value, path, shorter), wanted), f"{key}: {path} is not walked"
            tried += 1
            files.add(key)
    assert tried > 200 and len(files) >= 15, (tried, files)  # the fixture's texts, in every kind of file


class _Node(BaseModel):
    label: Text | None = None
    children: list[_Node] = []
    note: Any = None
    level: int = 0


def test_fields_that_cannot_hold_a_text_are_skipped_and_unknown_ones_walked() -> None:
    assert _text_fields(_Node) == ("label", "children", "note")  # a tree of itself; Any is walked
    assert not _can_hold_text(dict[str, list[int]], set())
    assert _can_hold_text(dict[str, list[Text]], set())
