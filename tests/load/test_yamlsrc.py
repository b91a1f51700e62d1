"""The YAML loader keeps positions, reads NO as Norway, and turns every malformed file into a located problem."""

from __future__ import annotations

import datetime as dt

import pytest

from trustsite.load.yamlsrc import parse_yaml


def parse(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_yaml(raw, "data/x.yml")


@pytest.mark.parametrize("scalar", ["NO", "no", "yes", "on", "off", "Yes", "OFF", "y", "n"])
def test_yaml_11_booleans_stay_strings(scalar: str) -> None:
    doc, problems = parse(f"value: {scalar}\n")
    assert problems == []
    assert doc.data == {"value": scalar}


@pytest.mark.parametrize("scalar, expected", [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_yaml_12_booleans_are_booleans(scalar: str, expected: bool) -> None:
    doc, _ = parse(f"value: {scalar}\n")
    assert doc.data == {"value": expected}


def test_norway_in_a_list_of_countries() -> None:
    doc, _ = parse("countries: [DE, NO, SE]\n")
    assert doc.data["countries"] == ["DE", "NO", "SE"]


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc, _ = parse("a:\n  b: [x, y]\n  c: 2024-05-01\n")
    assert doc.position(("a", "b", 1)) == (2, 10)
    assert doc.position(("a", "c"), key=True) == (3, 3)
    assert doc.position(("a", "c")) == (3, 6)
    assert doc.position(("a", "missing", 3)) == (2, 3)  # the nearest ancestor that exists
    assert doc.data["a"]["c"] == dt.date(2024, 5, 1)


def test_mapping_keys_keep_their_spelling() -> None:
    doc, _ = parse('versions:\n  2026.10: {}\n  "2026.2": {}\n')
    assert list(doc.data["versions"]) == ["2026.10", "2026.2"]


def test_duplicate_key_is_reported_with_both_lines() -> None:
    _, problems = parse("a: 1\nb: 2\na: 3\n")
    assert [p.format() for p in problems] == [
        "data/x.yml:3:1: a: duplicate key 'a' (first given at line 1); each key may appear once"
    ]


def test_bom_is_accepted() -> None:
    doc, problems = parse(b"\xef\xbb\xbfa: 1\n")
    assert problems == [] and doc.data == {"a": 1}


def test_non_utf8_byte_is_located() -> None:
    _, problems = parse(b"a: ok\nb: caf\xe9\n")
    assert [p.format() for p in problems] == [
        "data/x.yml:2:7: file is not valid UTF-8 (byte 0xe9); save it with UTF-8 encoding"
    ]


def test_tab_indentation_gets_a_hint() -> None:
    _, problems = parse("a:\n\tb: 1\n")
    assert problems[0].line == 2 and problems[0].column == 1
    assert "indent with spaces" in problems[0].message


def test_empty_file_has_no_data() -> None:
    doc, problems = parse("")
    assert problems == [] and doc.data is None


def test_complex_key_is_rejected() -> None:
    _, problems = parse("? [a, b]\n: 1\n")
    assert problems[0].message == "a key must be a plain word, not a list or mapping"


def test_unknown_tag_is_located_not_raised() -> None:
    _, problems = parse("a: !!python/object:os.system x\n")
    assert problems and problems[0].line == 1
