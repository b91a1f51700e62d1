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
