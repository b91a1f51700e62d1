"""Validate stage: what no value of a data file and no line of prose may hold, whatever its field —
control characters (NUL, ANSI escape sequences), bidirectional override characters that disguise a name
(characters.py), and markup the policy screen refuses (validate/markup.py)."""

from __future__ import annotations

from trustsite.errors import Problem, format_path
from trustsite.load.yamlsrc import Located
from trustsite.characters import REFUSED_SCREEN, character_problem, refused_character
from trustsite.validate.markup import _strings, screen_data


def check_values(located: Located) -> list[Problem]:
    """Every refused character (keys too) and every refused element of one parsed data file, located."""
    if _clean_source(located.source) or _plainly_clean(located.data):
        return []
    problems: list[Problem] = []
    for path, value in _strings(located.data, ()):
        message = character_problem(value)
        if message is not None:
            line, column = located.position(path)
            problems.append(Problem(located.file, line, column, format_path(path), message))
    for path in _keys(located.data, ()):
        message = character_problem(str(path[-1]))
        if message is not None:
            line, column = located.position(path, key=True)
            problems.append(Problem(located.file, line, column, format_path(path), "the key " + message))
    problems.extend(screen_data(located))
    return problems


def _clean_source(text: str | None) -> bool:
    """Whether the file's text holds no refused character, no '<' and no backslash. YAML writes a character that
    is not in its text only as an escape of a double-quoted scalar (a backslash); folding and line breaks make
    only spaces and line feeds: so no value or key read from such a text holds one either. A '<' or a refused
    character in a comment only sends the file to the walks below."""
    return text is not None and "<" not in text and "\\" not in text and not REFUSED_SCREEN.found_in(text)


def _plainly_clean(data: object) -> bool:
    """Whether no value or key holds a refused character and no value a '<' (the only way into markup):
    one search over all of them joined, instead of locating each of the 300,000 values of 5,000
    sub-processors (0.5 s). Where this is False the located walk below finds what there is."""
    texts: list[str] = []
    todo = [data]
    while todo:
        value = todo.pop()
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts.extend(map(str, value))
            todo.extend(value.values())
        elif isinstance(value, list):
            todo.extend(value)
    joined = "\n".join(texts)  # a line feed is allowed everywhere, so joining adds no refused character
    return "<" not in joined and not REFUSED_SCREEN.found_in(joined)


def _keys(value: object, path: tuple) -> list[tuple]:
    found: list[tuple] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, key))
            found.extend(_keys(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_keys(item, (*path, index)))
    return found


def check_prose_characters(text: str, file: str) -> list[Problem]:
    """The first refused character on each line of a content page."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = refused_character(line.rstrip("\r"))
        if found is not None:
            message = character_problem(line.rstrip("\r"))
            problems.append(Problem(file, number, found[0] + 1, "", (message or "").replace(
                f" at character {found[0] + 1}", "")))
    return problems
