"""The probe's categories as one suite: bad YAML, bad paths, hostile prose and data, archive tampering (faults
are in test_build_faults.py and versions/test_release_faults.py). Every case ends `check` and `build` with exit
1 and located messages, no traceback, the project unchanged by either and the published site as it was."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import MINIMAL, REPO
from tests.safety.helpers import fingerprint, hidden_beside, trustsite
from tests.safety.test_policy_screen import HOSTILE_DATA, HOSTILE_PROSE
from trustsite.cli import main

pytestmark = pytest.mark.slow  # builds a site per case

LOCATED = re.compile(r"^(?:[^\s:]+|\S+ \([0-9a-f]{12}\):[^\s:]+)(?::\d+:\d+)?: \S")
SUMMARY = re.compile(r"^\d+ (?:error|warning)s?( and \d+ warnings?)? in ")

Edit = Callable[[Path], None]


def _project(target: Path) -> Path:
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns(".trustsite_cache"))
    config = target / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../hooks/trustsite_hooks.py",
                                                                  str(REPO / "hooks" / "trustsite_hooks.py")),
                      encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A minimal project with two released versions and its published site, built once."""
    root = _project(tmp_path_factory.mktemp("probe") / "project")
    page = root / "content" / "privacy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWe answer requests quickly.\n", encoding="utf-8")
    page = root / "content" / "privacy" / "index.de.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWir antworten schnell.\n", encoding="utf-8")
    released = trustsite(root, "release", "--effective", "2026-07-01", "--level", "editorial")
    assert released.returncode == 0, released.stderr
    built = trustsite(root, "build", "-d", str(root.parent / "site"))
    assert built.returncode == 0, built.stderr
    return root, root.parent / "site"


def probe(published: tuple[Path, Path], tmp_path: Path, edit: Edit) -> str:
    """Apply `edit` to a copy of the project and its site; assert the contract; return check's stderr."""
    root = tmp_path / "project"
    shutil.copytree(published[0], root, symlinks=True, ignore=shutil.ignore_patterns(".trustsite_cache"))
    site = tmp_path / "site"
    shutil.copytree(published[1], site)
    edit(root)
    project_before, site_before = fingerprint(root), fingerprint(site)
    checked = CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-07-01", "--no-cache"])
    assert checked.exit_code == 1, checked.output
    assert "Traceback" not in checked.output
    lines = checked.stderr.splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    for line in lines[:-1]:
        assert LOCATED.match(line), line
    # in this process, as check above (a build in a process of its own, killed or out of disk, is in
    # test_build_faults.py): an exception that escaped the command would be Click's result, not an exit code
    built = CliRunner().invoke(main, ["build", "--root", str(root), "-d", str(site), "--today", "2026-07-01"])
    assert built.exit_code == 1 and isinstance(built.exception, SystemExit), (built.exception, built.stderr)
    assert "Traceback" not in built.stderr
    assert built.stderr.strip().splitlines()[-1].endswith("the published site was left as it was")
    assert fingerprint(site) == site_before
    assert hidden_beside(site) == []
    assert fingerprint(root) == project_before  # nothing of the project was written or removed
    return checked.stderr


def write(rel: str, text: str | bytes) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return edit


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def link(rel: str, target: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
    return edit


BAD_YAML: dict[str, tuple[Edit, str]] = {
    "syntax": (replace("data/purposes.yml", "purposes:", "purposes: ["), "data/purposes.yml:3:10: YAML syntax error"),
    "tab indentation": (replace("data/sources.yml", "\n  ", "\n\t"), "YAML does not allow tab characters"),
    "duplicate key": (replace("data/organisation.yml", "  dpo:", "  dpo:\n    email: a@example.com\n  dpo:"),
                      "duplicate key 'dpo'"),
    "alias": (replace("data/organisation.yml", "  privacy_contact:\n    email: privacy@example.com",
                      "  privacy_contact: &c\n    email: privacy@example.com\n  x: *c"), "aliases are not allowed"),
    "not UTF-8": (write("data/cookies.yml", b"cookies:\n  a: \xff\n"), "file is not valid UTF-8 (byte 0xff)"),
    "control character in the stream": (write("data/cookies.yml", "cookies: {}\n# \x07\n"),
                                         "data/cookies.yml:2:3: YAML error: U+0007 (control character) is not allowed"),
    "Norway unquoted is still a string": (replace("data/organisation.yml", '[DE, "NO"]', "[DE, NO, yes]"),
                                          "expected an ISO 3166-1 alpha-2 code such as 'DE', got 'yes'"),
    "two documents": (replace("data/sources.yml", "sources:", "---\nsources: {}\n---\nsources:"),
                      "but found another document"),
    "empty file": (write("data/rights.yml", ""), "data/rights.yml: file is empty"),
    "list for mapping": (write("data/cookies.yml", "cookies: [a, b]\n"), "expected a mapping"),
    "key is a mapping": (write("data/cookies.yml", "cookies:\n  ? {a: 1}\n  : x\n"), "a key must be a plain word"),
    "deep nesting": (write("data/cookies.yml", "cookies: " + "[" * 80 + "]" * 80 + "\n"), "nested more than 64"),
    "unclosed quote": (replace("data/organisation.yml", "trading_name: Minimal", 'trading_name: "Minimal'),
                       "data/organisation.yml:"),
    "mkdocs.yml syntax": (replace("mkdocs.yml", "site_name: Minimal", "site_name: [Minimal"),
                          "mkdocs.yml:2:9: YAML syntax error"),
    "mkdocs.yml python tag": (replace("mkdocs.yml", "strict: true", "strict: !!python/name:os.system"),
                              "the tag !!python/name:os.system makes MkDocs import and run Python"),
}


@pytest.mark.parametrize("case", BAD_YAML, ids=list(BAD_YAML))
def test_bad_yaml(published: tuple[Path, Path], tmp_path: Path, case: str) -> None:
    edit, expected = BAD_YAML[case]
    assert expected in probe(published, tmp_path, edit)


def fifo(rel: str) -> Edit:
    return lambda root: os.mkfifo(root / rel)


BAD_PATHS: dict[str, tuple[Edit, str]] = {
    "data file linked to /etc/passwd": (link("data/cookies.yml", "/etc/passwd"),
                                        "data/cookies.yml: is a link to /etc/passwd, outside the project"),
    "document linked to /etc/passwd": (link("documents/dpa-1.pdf", "/etc/passwd"),
                                       "documents/dpa-1.pdf: is a link to /etc/passwd, outside the project"),
    "static file linked out": (link("content/img/logo.png", "/etc/hostname"),
                               "content/img/logo.png: is a link to /etc/hostname"),
    "content folder linked out": (link("content/etc", "/etc"), "content/etc: is a link to /etc"),
    "page linked out": (link("content/about.md", "/etc/hostname"), "content/about.md: is a link to /etc/hostname"),
    "dangling link": (link("content/gone.md", "nowhere.md"), "content/gone.md: is a link to nowhere.md, which does not exist"),
    "named pipe": (fifo("content/stream.md"), "content/stream.md: is not a regular file or folder (a named pipe)"),
    "document path leaving documents/": (replace("data/documents.yml", "file: dpa-1.pdf", "file: ../data/organisation.yml"),
                                         "data/documents.yml:"),
    "docs_dir /etc": (replace("mkdocs.yml", "docs_dir: content", "docs_dir: /etc"), "docs_dir: points outside the project"),
    "custom_dir outside": (replace("mkdocs.yml", "theme:\n", "theme:\n  custom_dir: ../..\n"),
                           "theme.custom_dir: points outside the project"),
    "site_dir over data": (replace("mkdocs.yml", "strict: true", "strict: true\nsite_dir: data"),
                           "site_dir: "),
    "explicit default-language page": (lambda root: shutil.copy(root / "content" / "index.md",
                                                                root / "content" / "index.en.md"),
                                       "content/index.en.md: a second 'en' page"),
    "near-miss data file": (lambda root: shutil.copy(root / "data" / "cookies.yml", root / "data" / "cookie.yml"),
                            "data/cookie.yml: not a data file trustsite reads; did you mean 'cookies.yml'?"),
}


@pytest.mark.parametrize("case", BAD_PATHS, ids=list(BAD_PATHS))
def test_bad_paths(published: tuple[Path, Path], tmp_path: Path, case: str) -> None:
    edit, expected = BAD_PATHS[case]
    stderr = probe(published, tmp_path, edit)
    assert expected in stderr
    assert "root:x:0:0" not in stderr


@pytest.mark.parametrize(("prose", "element", "reason"), HOSTILE_PROSE, ids=[c[0][:40] for c in HOSTILE_PROSE])
def test_hostile_prose(published: tuple[Path, Path], tmp_path: Path, prose: str, element: str, reason: str) -> None:
    stderr = probe(published, tmp_path, lambda root: (root / "content" / "privacy" / "index.md").write_text(
        (root / "content" / "privacy" / "index.md").read_text(encoding="utf-8") + "\n" + prose + "\n", encoding="utf-8"))
    assert "content/privacy/index.md:" in stderr and f": {element}: {reason}" in stderr


@pytest.mark.parametrize(("old", "new", "path", "message"), HOSTILE_DATA, ids=[c[1][:40] for c in HOSTILE_DATA])
def test_hostile_data(published: tuple[Path, Path], tmp_path: Path, old: str, new: str, path: str, message: str) -> None:
    def edit(root: Path) -> None:
        data = root / "data" / "subprocessors.yml"
        text = data.read_text(encoding="utf-8")
        at = text.index(old, text.index("mailer:"))
        data.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")

    stderr = probe(published, tmp_path, edit)
    assert f": {path}: {message}" in stderr
    assert "\x1b" not in stderr and "\u202e" not in stderr and "\x00" not in stderr


def _manifest(root: Path, vid: str) -> dict:
    return json.loads((root / "archive" / vid / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(root: Path, vid: str, doc: dict) -> None:
    (root / "archive" / vid / "manifest.json").write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def _rehash(root: Path, vid: str, rel: str) -> None:
    import hashlib

    doc = _manifest(root, vid)
    doc["files"][rel] = hashlib.sha256((root / "archive" / vid / rel).read_bytes()).hexdigest()
    _write_manifest(root, vid, doc)


def _edit_and_rehash(root: Path) -> None:
    target = root / "archive" / "2025.1" / "statement" / "en.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nAdded later.\n", encoding="utf-8")
    _rehash(root, "2025.1", "statement/en.md")


def _rewrite_fully(root: Path) -> None:
    """Edit, rehash in the manifest, and rewrite the recorded digest in data/versions.yml too."""
    import hashlib

    before = hashlib.sha256((root / "archive" / "2025.1" / "manifest.json").read_bytes()).hexdigest()
    _edit_and_rehash(root)
    after = hashlib.sha256((root / "archive" / "2025.1" / "manifest.json").read_bytes()).hexdigest()
    versions = root / "data" / "versions.yml"
    versions.write_text(versions.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")


def _set_previous(vid: str, previous) -> Edit:
    def edit(root: Path) -> None:
        doc = _manifest(root, vid)
        doc["previous"] = previous
        _write_manifest(root, vid, doc)
    return edit


def _remove(rel: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return edit


ARCHIVE_TAMPERING: dict[str, tuple[Edit, str]] = {
    "a byte changed": (replace("archive/2025.1/statement/de.md", "Datenschutzerklärung", "Datenschutzerklaerung"),
                       "archive/2025.1/statement/de.md: the file does not match the manifest"),
    "a file removed": (_remove("archive/2025.1/data/purposes.yml"),
                       "archive/2025.1/data/purposes.yml: missing, but listed in the manifest"),
    "a file added": (write("archive/2025.1/statement/fr.md", "# Déclaration\n"),
                     "archive/2025.1/statement/fr.md: not in the manifest"),
    "the manifest removed": (_remove("archive/2025.1/manifest.json"), "archive/2025.1/manifest.json: missing"),
    "the manifest unreadable": (write("archive/2025.1/manifest.json", "{not json"),
                                "archive/2025.1/manifest.json: unreadable manifest"),
    "a version folder removed": (_remove("archive/2026.1"), "no archive: archive/2026.1/ is missing"),
    "a file changed with its hash rewritten": (_edit_and_rehash, 'versions["2025.1"].manifest_sha256: '
                                               "archive/2025.1/manifest.json does not match the SHA-256 recorded"),
    "a version rewritten with its digest": (_rewrite_fully, "archive/2026.1/manifest.json: previous: names version "
                                            "'2025.1' with SHA-256"),
    "the chain cut": (_set_previous("2026.1", None), "names no previous version, but archive/2025.1 is the first"),
    "the chain pointing nowhere": (_set_previous("2026.1", {"version": "2024.9", "sha256": "0" * 64}),
                                   "names version '2024.9' as the previous one, but archive/2024.9/ is not archived"),
    "a recorded digest edited": (replace("data/versions.yml", "manifest_sha256: b4", "manifest_sha256: c4"),
                                 "does not match the SHA-256 recorded at release"),
    "a recorded digest removed": (replace("data/versions.yml",
                                          "    manifest_sha256: b49795d45cec63ba3b6f0d3ed05ffa2643d7d73b606d7868946e8c6e512c90ce\n",
                                          ""), "is not recorded (manifest_sha256)"),
    "an unlisted version planted": (lambda root: shutil.copytree(root / "archive" / "2026.1", root / "archive" / "2026.9"),
                                    "archive/2026.9: version '2026.9' is archived but missing from data/versions.yml"),
    "the manifest names another version": (lambda root: _write_manifest(root, "2026.1", {**_manifest(root, "2026.1"),
                                                                                         "version": "2026.5"}),
                                           "names version '2026.5' but lies in archive/2026.1/"),
}


@pytest.mark.parametrize("case", ARCHIVE_TAMPERING, ids=list(ARCHIVE_TAMPERING))
def test_archive_tampering(published: tuple[Path, Path], tmp_path: Path, case: str) -> None:
    edit, expected = ARCHIVE_TAMPERING[case]
    assert expected in probe(published, tmp_path, edit)


def test_every_category_has_at_least_ten_cases() -> None:
    from tests.safety import test_build_faults
    from tests.versions import test_release_faults

    faults = [name for module in (test_build_faults, test_release_faults) for name in dir(module)
              if name.startswith("test_")]
    assert min(len(BAD_YAML), len(BAD_PATHS), len(HOSTILE_PROSE) + len(HOSTILE_DATA), len(ARCHIVE_TAMPERING)) >= 10
    assert len(faults) >= 8  # parametrized over signals, limits and moments: more than twenty cases
