"""Shared by every stage: characters that must not reach a page or a terminal.

Control characters (NUL, ESC of ANSI sequences, the C1 range) are never text a legal editor means, and
bidirectional embedding, override and isolate characters (U+202A-U+202E, U+2066-U+2069) can make a name
read as another one (CVE-2021-42574, "Trojan Source"): both are refused in data and prose, and anything
shown in a terminal is escaped so that a hostile value cannot rewrite the screen.
"""

from __future__ import annotations

import re

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# C0 controls except tab and line feed (carriage return too: YAML and Markdown never need one inside a
# value), DEL and the C1 controls.
_CONTROL = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0d, 0x20), *range(0x7f, 0xa0)))
_REFUSED = re.compile("[" + re.escape(_CONTROL + "".join(sorted(BIDI_CONTROLS))) + "]")


class ByteScreen:
    """Whether a text holds any character of a set, answered on its UTF-8 bytes: the set's ASCII characters by one
    bytes.translate (C, a table lookup per byte), its other characters by a pattern per UTF-8 lead sequence, run
    only where that sequence occurs (a bytes search). A data file of 5 MB is screened in 3 ms instead of the 16 ms
    of one regex character class over its text: the 5,000-sub-processor check screens its files three times.

    Only whether: the caller's exact pattern says where (a screened text almost never holds one).
    tests/safety/test_byte_screen.py compares every screen with its character-class pattern on every code point."""

    def __init__(self, ascii_characters: str, others: dict[bytes, bytes]) -> None:
        """`ascii_characters`: the set's characters below U+0080; `others`: for each UTF-8 lead sequence of the
        set's other characters, a bytes pattern matching them (b'\\xc2': rb'\\xc2[\\x80-\\x9f]' for the C1
        controls)."""
        assert all(ord(char) < 0x80 for char in ascii_characters)
        self._keep = bytes(byte for byte in range(256) if byte >= 0x80 or chr(byte) not in ascii_characters)
        self._others = [(lead, re.compile(pattern)) for lead, pattern in others.items()]

    def found_in(self, text: str) -> bool:
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: not screened here, the caller's exact search decides
            return True
        return self.found_in_utf8(raw)

    def found_in_utf8(self, raw: bytes) -> bool:
        """The same for text already encoded as UTF-8."""
        if raw.translate(None, self._keep):  # what is left are the set's ASCII characters
            return True
        return any(lead in raw and pattern.search(raw) for lead, pattern in self._others)


# the refused characters (_REFUSED): C0 controls but tab and line feed, DEL; C1 controls (U+0080-U+009F, lead byte
# C2); bidirectional controls U+202A-U+202E (E2 80 AA-AE) and U+2066-U+2069 (E2 81 A6-A9)
REFUSED_SCREEN = ByteScreen("".join(char for char in _CONTROL if char < "\x80"),
                            {b"\xc2": rb"\xc2[\x80-\x9f]", b"\xe2\x80": rb"\xe2\x80[\xaa-\xae]",
                             b"\xe2\x81": rb"\xe2\x81[\xa6-\xa9]"})


def describe_character(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)' for a refused character."""
    import unicodedata

    name = unicodedata.name(char, "")
    if not name:
        name = {"\x00": "NUL", "\x1b": "ESCAPE", "\x7f": "DELETE", "\r": "CARRIAGE RETURN"}.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def refused_character(text: str) -> tuple[int, str] | None:
    """(offset, description) of the first control or bidirectional-override character, or None."""
    found = _REFUSED.search(text)
    if found is None:
        return None
    return found.start(), describe_character(found.group())


def character_problem(text: str) -> str | None:
    """The message for a value with a refused character, or None when it has none."""
    found = refused_character(text)
    if found is None:
        return None
    offset, described = found
    if text[offset] in BIDI_CONTROLS:
        return (f"contains a bidirectional control character, {described}, at character {offset + 1}; it can make "
                "a name read as another one: remove it")
    return (f"contains a control character, {described}, at character {offset + 1}; it is not text and can hide "
            "or rewrite what a page or terminal shows: remove it")


def for_terminal(text: str) -> str:
    """`text` with every control and bidirectional character written as an escape (\\x1b, \\u202e), so that a
    value from the data cannot move the cursor, recolour or clear the terminal, or reorder a line."""
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _REFUSED.sub(escape, text)
