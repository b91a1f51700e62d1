"""The fast loader (rapidyaml) gives exactly what the PyYAML path gives: values, problems and positions.

Wherever it reads a file itself, parse_yaml must equal parse_yaml_slowly (PyYAML alone); where it is unsure,
the file goes to PyYAML. Compared on the cases that matter to data files, on the YAML test suite, and on
random edits of real data files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINIMAL
from trustsite.load.fastyaml import Unsure
from trustsite.load.yamlsrc import _FAST, parse_yaml, parse_yaml_slowly

SUITE = json.loads((Path(__file__).parent / "yaml_test_suite" / "cases.json").read_text(encoding="utf-8"))


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1, 1.0 is not 1), key order included; NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def fast_reads(text: str) -> bool:
    try:
        _FAST.read(text)
    except Unsure:
        return False
    return True


def assert_same_as_pyyaml(raw: bytes) -> None:
    located, problems = parse_yaml(raw, "data/x.yml")
    text = raw.decode("utf-8-sig")
    reference, reference_problems = parse_yaml_slowly(text, "data/x.yml")
    assert [p.format() for p in problems] == [p.format() for p in reference_problems]
    assert (located is None) == (reference is None)
    if located is None or reference is None:
        return
    assert same(located.data, reference.data), (located.data, reference.data)
    for path in paths(reference.data):
        assert located.position(path) == reference.position(path), path
        assert located.position(path, key=True) == reference.position(path, key=True), path


# (id, YAML, whether the fast path reads it itself)
CASES = [
    ("block mapping of text", "a: one\nb: two words\nc: 'single'\nd: \"double\"\n", True),
    ("yaml 1.2 booleans", "a: [true, True, TRUE, false, False, FALSE]\n", True),
    ("yaml 1.1 booleans stay text", "a: [yes, no, on, off, y, n, NO, Yes, OFF]\n", True),
    ("quoted booleans stay text", "a: ['true', \"false\"]\nb: 'TRUE'\n", True),
    ("nulls", "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: ''\ng: '~'\nh: \"null\"\n", True),
    ("numbers and strings", "a: 1\nb: -1\nd: 1.5\ne: '1.5'\nf: 2026.1\ng: \"2026.1\"\nh: 1.10\ni: 1e3\nj: 1.0e+3\n", True),
    ("yaml 1.1 integers", "a: 012\nb: 0b101\nc: 1_000\nd: 1:30\ne: 0o17\n", True),
    ("hexadecimal, infinity and NaN", "a: 0x1F\nb: .inf\nc: -.Inf\nd: .nan\n", True),
    ("a number JSON cannot carry", "a: +1\n", False),
    ("dates", "a: 2020-01-06\nb: '2020-01-06'\nc: 2020-1-6\nd: 2001-12-14t21:59:43.10-05:00\ne: \"2020-01-06\"\n", True),
    ("impossible date", "a: 2025-02-30\n", False),
    ("version ids as keys", "versions:\n  2026.10: {}\n  \"2026.2\": {}\n  2026.1:\n    published: 2026-01-01\n", True),
    ("keys are never resolved", "1: a\ntrue: b\nnull: c\n2020-01-01: d\n", True),
    ("country codes", "countries: [DE, NO, SE]\nentity_country: NO\n", True),
    ("literal block", "a: |\n  line one\n  line two\nb: x\n", True),
    ("folded block", "a: >\n  folded\n  text\n\n  paragraph\nb: x\n", True),
    ("block chomping", "a: |-\n  2020-01-06\nb: |+\n  x\n\nc: >2\n    indented\n", True),
    ("block scalar with junk header", "a: |x\n  text\n", False),
    ("multi-line plain scalar", "a: one\n  two\n\n  three\n", True),
    ("multi-line quoted scalars", "a: \"one\n  two\"\nb: 'x\n\n  y'\n", True),
    ("escapes", "a: \"tab\\there \\u00e9 \\U0001F600 \\\\ \\\"\"\nb: 'it''s'\n", True),
    ("unknown escape", "a: \"\\q\"\n", False),
    ("flow collections", "a: [x, 'y', \"z\"]\nb: {value: 12, unit: months}\nc: []\nd: {}\n", True),
    ("flow nested once", "a: {b: [1, 2], c: {mechanism: scc, module: 2}}\nd: [x, [y, z]]\n", True),
    ("flow nested twice", "a: {b: {c: {d: 1}}}\n", False),
    ("comment inside a nested flow", "a: {b: {c: 1 #, d: 2}}\n", False),
    ("flow over lines", "a: [\n  x,\n  y\n]\n", False),
    ("comment inside flow", "a: {b: c #, d: e}\n", False),
    ("comments", "# head\na: b # tail\n# between\nc: d#e\n", True),
    ("sequences", "- a\n- - b\n  - c\n-\n- {d: e}\n", True),
    ("sequence not indented under key", "a:\n- x\n- y\n", True),
    ("unicode", "naam: Zoë\nville: Montréal\nemoji: 😀\nlt: Sąskaitų\n", True),
    ("explicit document start", "---\na: 1\n", True),
    ("document end marker", "a: 1\n...\n", True),
    ("two documents", "a: 1\n---\nb: 2\n", False),
    ("anchor and alias", "a: &x {b: 1}\nc: *x\n", False),
    ("alias bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n", False),
    ("scalar alias", "a: &x text\nb: *x\n", False),
    ("tag", "a: !!str 1\n", False),
    ("python tag", "a: !!python/object:os.system x\n", False),
    ("merge key", "a: <<\n", False),
    ("complex key", "? [a, b]\n: 1\n", False),
    ("flow key", "[a, b]: 1\n", False),
    ("empty key", ": x\n", False),
    ("quoted empty key", "'': x\n", False),
    ("duplicate key", "a: 1\nb: 2\na: 3\n", False),
    ("duplicate key in nested mapping", "a:\n  b: 1\n  b: 2\n", False),
    ("long key", "k" * 1100 + ": v\n", False),
    ("multi-line quoted key", '"a\n  b": c\n', False),
    ("tab indentation", "a:\n\tb: 1\n", False),
    ("tab inside text", "a: \"x\ty\"\n", False),
    ("carriage returns", "a: 1\r\nb: two\r\n", False),
    ("control character", "a: \"x\x01\"\n", False),
    ("byte order mark inside", "a: 1\n\ufeffb: 2\n", False),
    ("reserved indicator", "@key: x\n", False),
    ("directive", "%YAML 1.2\n---\na: 1\n", False),
    ("flow indicator out of place", "a: }\n", False),
    ("syntax error", "a: [1, 2\n", False),
    ("mapping in a plain scalar", "a: b: c\n", False),
    ("bad indentation", "a:\n  b: 1\n c: 2\n", False),
    ("empty file", "", False),
    ("only a comment", "# nothing\n", False),
    ("a lone scalar", "text\n", False),
    ("trailing blanks after a block scalar", "foo: |\n  x\n   ", False),
    ("no final line break", "a: 1\nb: x", True),
    ("deep nesting", "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)) + "  " * 70 + "v: 1\n", False),
]


@pytest.mark.parametrize("text, fast", [(text, fast) for _, text, fast in CASES], ids=[name for name, _, _ in CASES])
def test_values_problems_and_positions_equal_pyyaml(text: str, fast: bool) -> None:
    assert fast_reads(text) == fast  # the fast path stays in use where it can be, and out where it cannot
    assert_same_as_pyyaml(text.encode("utf-8"))


def test_bom_and_non_utf8_are_handled_before_either_parser() -> None:
    assert_same_as_pyyaml(b"\xef\xbb\xbfa: 1\n")
    located, problems = parse_yaml(b"\xef\xbb\xbfa: 1\n", "data/x.yml")
    assert problems == [] and located is not None and located.data == {"a": 1}
    _, problems = parse_yaml(b"a: ok\nb: caf\xe9\n", "data/x.yml")
    assert [p.format() for p in problems] == [
        "data/x.yml:2:7: file is not valid UTF-8 (byte 0xe9); save it with UTF-8 encoding"]


def test_dates_are_dates_and_quoted_dates_text() -> None:
    located, _ = parse_yaml(b"a: 2020-01-06\nb: '2020-01-06'\n", "data/x.yml")
    assert located is not None and located.data == {"a": dt.date(2020, 1, 6), "b": "2020-01-06"}


def test_equal_dates_are_distinct_objects_as_with_pyyaml() -> None:
    """PyYAML's dumper writes one object met twice as an anchor and an alias: a date read twice must be two."""
    located, _ = parse_yaml(b"published: 2025-01-10\neffective: 2025-01-10\n", "data/x.yml")
    assert located is not None and located.data["published"] is not located.data["effective"]
    assert "&" not in yaml.safe_dump(located.data)


def test_reading_again_and_again_holds_no_memory() -> None:
    """rapidyaml's emit_json() leaks the buffer it returns: `mkdocs serve` grew by the data's size per rebuild."""
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("reads the resident set size from /proc")

    def resident_kib() -> int:
        return next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmRSS:"))

    text = "".join(f"vendor_{i}:\n  name: Vendor {i} with a name long enough to weigh\n  since: 2020-01-06\n"
                   for i in range(1000))  # about 80 KB of JSON
    assert fast_reads(text)
    before = resident_kib()
    for _ in range(200):  # 16 MB of JSON in all
        fast_reads(text)
    assert resident_kib() - before < 4 * 1024


def test_rapidyaml_prints_nothing_on_a_syntax_error(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml's C++ handler writes to file descriptor 2; the PyYAML path's message is the only one."""
    _, problems = parse_yaml(b"a: b: c\n", "data/x.yml")
    assert problems and problems[0].message.startswith("YAML syntax error")
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("case", sorted(SUITE), ids=sorted(SUITE))
def test_yaml_test_suite_case_equals_pyyaml(case: str) -> None:
    text = SUITE[case]["yaml"].removeprefix("\ufeff")
    if fast_reads(text):
        assert_same_as_pyyaml(text.encode("utf-8"))


def test_the_fast_path_reads_part_of_the_suite() -> None:
    """A guard that cannot pass vacuously: the suite exercises the fast path, not only the fallback."""
    assert sum(fast_reads(case["yaml"].removeprefix("\ufeff")) for case in SUITE.values()) >= 50


EDITS = list(" \t\n:-[]{}#&*!|>'\"%@`,?NOyes0123abc\u00e9\ufeff.~_=<\\/\r") + [
    "  ", "\n  ", "- ", ": ", "\n- ", "2020-01-01", "1.5", "~", "null", "true", "0x1F", "1_0", ".inf", "<<",
    "---", "...", "\n---\n"]
DATA_FILES = [p.read_text(encoding="utf-8") for p in sorted((MINIMAL / "data").glob("*.yml"))]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DATA_FILES), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 20),
                                                        st.lists(st.sampled_from(EDITS), max_size=6)),
                                              min_size=1, max_size=3))
def test_edited_data_files_read_alike(text: str, edits: list[tuple[float, int, list[str]]]) -> None:
    for where, length, inserted in edits:
        start = int(where * len(text))
        text = text[:start] + "".join(inserted) + text[start + length:]
    if fast_reads(text):
        assert_same_as_pyyaml(text.encode("utf-8"))
