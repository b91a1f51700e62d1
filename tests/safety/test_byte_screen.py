"""The byte screens answer exactly what their character-class patterns answer, on every code point: the refused
characters of data and prose (characters.py) and what PyYAML's reader refuses (the fast YAML path sends such a
file to PyYAML, which locates the message). A screen that misses one would let a control or bidirectional
character through unlocated (check_values trusts a clean screen) or read a file PyYAML refuses."""

from __future__ import annotations

import pytest
import yaml.reader

from trustsite.characters import _REFUSED, REFUSED_SCREEN, ByteScreen
from trustsite.load.fastyaml import _NON_PRINTABLE

SCREENS = {"refused": (REFUSED_SCREEN, _REFUSED), "yaml": (_NON_PRINTABLE, yaml.reader.Reader.NON_PRINTABLE)}
EVERY = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]  # text never holds a lone surrogate


@pytest.mark.parametrize("name", SCREENS)
def test_the_screen_finds_exactly_the_characters_of_its_pattern(name: str) -> None:
    screen, pattern = SCREENS[name]
    expected = [char for char in EVERY if pattern.search(char)]
    assert expected, "the pattern finds no character at all"
    # every character alone: in runs of 64 (a run the screen passes holds none it could find: the screen finds a
    # character in a text exactly when it finds it alone), each alone in a run the pattern finds something in
    found = []
    for start in range(0, len(EVERY), 64):
        run = EVERY[start:start + 64]
        if pattern.search("".join(run)) or screen.found_in("".join(run)):
            found += [char for char in run if screen.found_in(char)]
    assert found == expected
    # between ordinary text, at the start and at the end
    assert [char for char in expected if not screen.found_in(f"Vendor ’s «text»{char}")] == []
    assert [char for char in expected if not screen.found_in(f"{char}ä – x")] == []
    # the others, all in one text of 1.1 million characters, find nothing
    clean = "".join(char for char in EVERY if not pattern.search(char))
    assert not screen.found_in(clean)


def test_a_lone_surrogate_is_left_to_the_exact_search() -> None:
    assert REFUSED_SCREEN.found_in("a\ud800b")


def test_a_lead_sequence_alone_is_not_a_finding() -> None:
    # the screen searches the pattern only where its lead bytes occur; those bytes in other characters are clean
    screen = ByteScreen("\x00", {b"\xe2\x80": rb"\xe2\x80[\xaa-\xae]"})
    assert not screen.found_in("“quoted” – and ‘single’ …")
    assert screen.found_in("“quoted” \u202e")
