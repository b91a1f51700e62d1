"""The parse cache: same values as a fresh parse, exact positions in messages, damage tolerated."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustsite.load import yamlsrc
from trustsite.load.cache import Caches, ParseCache
from trustsite.load.yamlsrc import read_yaml

TEXT = "subprocessors:\n  acme:\n    name: Acme\n    processing_locations: [DE, \"NO\"]\n    since: 2024-05-01\n"


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def run(folder: Path) -> Caches:
    """The caches of a new run with `folder` on disk (a new run remembers nothing in memory)."""
    return Caches(folder)


def test_cached_values_equal_a_fresh_parse(tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    fresh, _ = read_yaml(path, "data/subprocessors.yml", run(cache))
    assert len(list(cache.glob("*.pickle"))) == 1
    monkeypatch.setattr(yamlsrc, "parse_yaml", lambda *args: pytest.fail("parsed again instead of read from the cache"))
    cached, problems = read_yaml(path, "data/subprocessors.yml", run(cache))
    assert problems == []
    assert cached.data == fresh.data
    assert cached.data["subprocessors"]["acme"]["processing_locations"] == ["DE", "NO"]  # YAML 1.2 kept


def test_positions_of_a_cached_file_are_exact(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    read_yaml(path, "data/subprocessors.yml", run(cache))
    cached, _ = read_yaml(path, "data/subprocessors.yml", run(cache))
    problem = cached.problem(("subprocessors", "acme", "processing_locations", 1), "no safeguard")
    assert (problem.file, problem.line, problem.column) == ("data/subprocessors.yml", 4, 32)


def test_files_with_problems_are_not_cached(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    _, problems = read_yaml(path, "data/broken.yml", run(cache))
    assert problems and not list(cache.glob("*.pickle"))


def test_a_damaged_entry_is_parsed_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    read_yaml(path, "data/subprocessors.yml", run(cache))
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    located, problems = read_yaml(path, "data/subprocessors.yml", run(cache))
    assert problems == [] and located.data["subprocessors"]["acme"]["name"] == "Acme"
    assert entry.read_bytes() != b"not a pickle"  # parsed again, and kept again


def test_the_cache_folder_marks_itself(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "c")
    cache.put(b"\x01" * 32, {"a": 1})
    assert cache.get(b"\x01" * 32) == {"a": 1}
    assert (tmp_path / "c" / ".gitignore").read_text() == "*\n"
    assert (tmp_path / "c" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_a_checked_project_is_kept_and_checked_again_when_any_input_changes(
        minimal_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check_project keeps a valid project by a digest of every file it reads; the same inputs give the same
    project and warnings without validating again, and an edit of data, content or the date checks again."""
    import datetime as dt

    from trustsite import project as project_module

    today = dt.date(2026, 7, 1)
    first, first_problems = project_module.check_project(minimal_copy, today, cache=run(cache))
    assert first is not None
    checked: list[Path] = []
    real = project_module._check_project
    monkeypatch.setattr(project_module, "_check_project", lambda *args, **kwargs: checked.append(args[0]) or real(*args, **kwargs))

    again, again_problems = project_module.check_project(minimal_copy, today, cache=run(cache))
    assert checked == []  # read back, not validated again
    assert again is not None and again is not first
    assert again.subprocessors == first.subprocessors and again.organisation == first.organisation
    assert again.content.pages.keys() == first.content.pages.keys() and again_problems == first_problems

    home = minimal_copy / "content" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    edited, _ = project_module.check_project(minimal_copy, today, cache=run(cache))
    assert len(checked) == 1 and edited is not None
    assert any("One more sentence." in page.text for page in edited.content.pages.values())

    project_module.check_project(minimal_copy, today + dt.timedelta(days=1), cache=run(cache))  # expiry rules depend on the date
    assert len(checked) == 2

    orgfile = minimal_copy / "data" / "organisation.yml"
    orgfile.write_text(orgfile.read_text(encoding="utf-8").replace("dpo:", "dpo_typo:", 1), encoding="utf-8")
    broken, problems = project_module.check_project(minimal_copy, today, cache=run(cache))
    assert len(checked) == 3 and broken is None and problems  # an invalid project is reported, never kept


def test_the_same_project_in_another_folder_is_its_own(minimal_copy: Path, cache: Path, tmp_path: Path) -> None:
    """A project knows its folder (documents, archive): a copy elsewhere is not served the first one."""
    import datetime as dt
    import shutil

    from trustsite.project import check_project

    today = dt.date(2026, 7, 1)
    caches = run(cache)  # one run checking both: the memo of parsed files is shared, the projects are not
    first, _ = check_project(minimal_copy, today, cache=caches)
    copy = shutil.copytree(minimal_copy, tmp_path / "elsewhere")
    second, _ = check_project(copy, today, cache=caches)
    assert first is not None and second is not None
    assert first.root == minimal_copy and second.root == copy


def test_a_pickled_document_leaves_its_nodes_behind_and_still_finds_positions() -> None:
    import pickle

    from trustsite.load.yamlsrc import parse_yaml_slowly

    located, problems = parse_yaml_slowly(TEXT, "data/subprocessors.yml")  # with PyYAML's node tree
    assert located is not None and not problems and located.root is not None
    copy = pickle.loads(pickle.dumps(located))
    assert copy.root is None and copy.data == located.data
    path = ("subprocessors", "acme", "since")
    assert copy.position(path) == located.position(path) == (5, 12)


def test_a_value_that_cannot_be_pickled_is_not_kept_and_leaves_no_file(tmp_path: Path) -> None:
    store = ParseCache(tmp_path / "store")
    store.put(b"\x01" * 32, {"renders": lambda: None})  # pickle refuses a lambda halfway through the dict
    assert store.get(b"\x01" * 32) is None
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == [".gitignore", "CACHEDIR.TAG"]


def test_remembered_keeps_only_what_keep_if_accepts(tmp_path: Path) -> None:
    caches = Caches(tmp_path / "cache")
    computed: list[str] = []

    def compute(value: str):  # noqa: ANN202
        return lambda: computed.append(value) or value

    assert caches.remembered("kind", 4, b"a" * 32, compute("invalid"), keep_if=lambda v: v != "invalid") == "invalid"
    assert caches.remembered("kind", 4, b"a" * 32, compute("valid"), keep_if=lambda v: v != "invalid") == "valid"
    assert caches.remembered("kind", 4, b"a" * 32, compute("again"), keep_if=lambda v: v != "invalid") == "valid"
    assert computed == ["invalid", "valid"]


def test_without_a_folder_nothing_is_kept(tmp_path: Path) -> None:
    caches = Caches(None)  # --no-cache, `cache: false`
    computed: list[str] = []
    for value in ("first", "second"):
        assert caches.remembered("kind", 4, b"a" * 32, lambda v=value: computed.append(v) or v) == value
    assert computed == ["first", "second"] and caches.below("kind", 4) is None


def test_a_file_is_parsed_once_per_run_and_again_in_the_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed files are remembered by content for the length of one run (a diff reads two states sharing most
    files), never by the process: the next run without a folder parses again."""
    path = tmp_path / "subprocessors.yml"
    path.write_text(TEXT, encoding="utf-8")
    parsed: list[str] = []
    real = yamlsrc.parse_yaml
    monkeypatch.setattr(yamlsrc, "parse_yaml", lambda raw, display: parsed.append(display) or real(raw, display))
    first_run = Caches(None)
    read_yaml(path, "data/subprocessors.yml", first_run)
    read_yaml(path, "data/subprocessors.yml", first_run)
    assert parsed == ["data/subprocessors.yml"]
    read_yaml(path, "data/subprocessors.yml", Caches(None))
    assert parsed == ["data/subprocessors.yml"] * 2
    assert not (tmp_path / "cache").exists()


def test_two_runs_with_different_folders_share_nothing(minimal_copy: Path, tmp_path: Path) -> None:
    """Two checks in one process, each with its own cache folder (two plugin instances, two commands): the
    second's folder gets every entry of its own, none is read from or written to the first's."""
    import datetime as dt

    from trustsite.render.checkrun import check_all_blocks
    from trustsite.versions.errata import check_released_project

    def check(folder: Path) -> None:
        caches = Caches(folder)
        project, problems = check_released_project(minimal_copy, dt.date(2026, 7, 1), caches)
        assert project is not None, problems
        assert check_all_blocks(project, None, dt.date(2026, 7, 1), cache=caches) == []

    def entries(folder: Path) -> dict[str, int]:
        return {kind.name: len(list(kind.glob("*.pickle"))) for kind in [folder, *folder.iterdir()] if kind.is_dir()}

    check(tmp_path / "one")
    first = entries(tmp_path / "one")
    assert first["one"] >= 3 and first["projects"] == 1 and first["checked-blocks"] == 1  # data files, compiled fragments
    check(tmp_path / "two")
    assert entries(tmp_path / "two") == {"two": first["one"], **{k: v for k, v in first.items() if k != "one"}}
    assert entries(tmp_path / "one") == first  # the second check wrote nothing into the first's folder
