"""What no value or key of a data file may hold, located: check_values first tests all of a file's texts at
once and locates only where that finds something, so every kind of place a refused text can sit is tried here."""

from __future__ import annotations

import pytest

from trustsite.load.yamlsrc import parse_yaml
from trustsite.safety.urls import url_problem
from trustsite.validate.values import check_values

BIDI = "contains a bidirectional control character, U+202E (RIGHT-TO-LEFT OVERRIDE), at character 3"
ESCAPE = ("contains a control character, U+001B (ESCAPE), at character 2; it is not text and can hide or rewrite "
          "what a page or terminal shows: remove it")


def problems(text: str) -> list[str]:
    located, found = parse_yaml(text.encode("utf-8"), "data/cookies.yml")
    assert located is not None and not found, found
    return [p.format() for p in check_values(located)]


def test_clean_file_has_no_problem() -> None:
    assert problems("cookies:\n  session:\n    name: {en: Session, nl: Sessie}\n    days: [1, 2]\n") == []


@pytest.mark.parametrize(("text", "expected"), [
    # a value deep in a list of mappings
    ('cookies:\n  a:\n    names:\n      - x\n      - {en: "a\\e[31m"}\n',
     f"data/cookies.yml:5:14: cookies.a.names[1].en: {ESCAPE}"),
    # a key
    ('cookies:\n  "ab\\u202Ec": 1\n',
     f"data/cookies.yml:2:3: cookies[\"ab\\u202ec\"]: the key {BIDI}; it can make a name read as another one: remove it"),
    # a value beside keys that are not text (numbers, dates)
    ('cookies:\n  2026-01-01:\n    7: "x\\e"\n',
     f"data/cookies.yml:3:8: cookies[\"2026-01-01\"][\"7\"]: {ESCAPE}"),
])
def test_refused_character_anywhere_is_located(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_markup_in_a_value_is_located() -> None:
    found = problems('cookies:\n  a:\n    name: "<script>x</script>"\n')
    assert found == ["data/cookies.yml:3:11: cookies.a.name: holds HTML markup: <script>: runs script; the site loads "
                     "nothing from another host and runs no script but its own; remove it; a value is shown as text, "
                     "never as markup"]


def test_a_less_than_sign_alone_is_no_markup() -> None:
    assert problems('cookies:\n  a:\n    name: "a < b"\n') == []


@pytest.mark.parametrize(("url", "shown"), [
    ("https://mail.example.net/a b", "' '"),
    ("https://mail.example.net/a`b<c", "'`'"),  # the first of several
    ("https://mail.example.net/\x7f", "U+007F"),
])
def test_an_address_names_its_first_character_an_address_never_holds(url: str, shown: str) -> None:
    assert url_problem(url) == f"the address holds {shown}, which an address never holds as it is; encode it or remove it"
