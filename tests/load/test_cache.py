"""The parse cache: same values as a fresh parse, exact positions in messages, damage tolerated."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trustsite.load import yamlsrc
from trustsite.load.cache import ParseCache, use_cache
from trustsite.load.yamlsrc import read_yaml

TEXT = "subprocessors:\n  acme:\n    name: Acme\n    processing_locations: [DE, \"NO\"]\n    since: 2024-05-01\n"


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "cache"
    use_cache(folder)
    yamlsrc._PARSED.clear()  # the in-process memo would hide the disk cache
    yield folder
    use_cache(None)
    yamlsrc._PARSED.clear()


def test_cached_values_equal_a_fresh_parse(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    fresh, _ = read_yaml(path, "data/subprocessors.yml")
    assert len(list(cache.glob("*.pickle"))) == 1
    yamlsrc._PARSED.clear()
    cached, problems = read_yaml(path, "data/subprocessors.yml")
    assert problems == [] and cached.root is None  # came from the cache, not the parser
    assert cached.data == fresh.data
    assert cached.data["subprocessors"]["acme"]["processing_locations"] == ["DE", "NO"]  # YAML 1.2 kept


def test_positions_of_a_cached_file_are_exact(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    read_yaml(path, "data/subprocessors.yml")
    yamlsrc._PARSED.clear()
    cached, _ = read_yaml(path, "data/subprocessors.yml")
    problem = cached.problem(("subprocessors", "acme", "processing_locations", 1), "no safeguard")
    assert (problem.file, problem.line, problem.column) == ("data/subprocessors.yml", 4, 32)


def test_files_with_problems_are_not_cached(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    _, problems = read_yaml(path, "data/broken.yml")
    assert problems and not list(cache.glob("*.pickle"))


def test_a_damaged_entry_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    read_yaml(path, "data/subprocessors.yml")
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    yamlsrc._PARSED.clear()
    located, problems = read_yaml(path, "data/subprocessors.yml")
    assert problems == [] and located.root is not None and located.data["subprocessors"]["acme"]["name"] == "Acme"


def test_the_cache_folder_marks_itself(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "c")
    cache.put(b"\x01" * 32, {"a": 1})
    assert cache.get(b"\x01" * 32) == {"a": 1}
    assert (tmp_path / "c" / ".gitignore").read_text() == "*\n"
    assert (tmp_path / "c" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
