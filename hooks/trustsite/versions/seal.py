"""Versions stage: `trustsite seal` — chain the manifests of versions archived before trustsite chained them, and
record each manifest's SHA-256 in data/versions.yml (validate/archive.py checks both)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from trustsite.errors import Problem
from trustsite.load.archive import MANIFEST, Link, Manifest, archive_display, archive_path
from trustsite.load.yamlsrc import read_yaml
from trustsite.safety.signals import signals_held
from trustsite.validate.archive import read_archived


class SealRefused(Exception):
    """The archive cannot be sealed as it stands; the message says why. Nothing was written."""


def seal_archive(root: Path) -> list[str]:
    """Chain the manifests of versions released before trustsite chained them, and record the SHA-256 of every
    manifest that data/versions.yml does not record yet, oldest release first. Never changes a link or a digest
    that is already there, and refuses an archive whose files do not match their manifests. Returns what it did."""
    root = Path(root)
    problems: list[Problem] = []
    archived = read_archived(root, problems)
    if problems:
        raise SealRefused("the archive does not match its manifests; restore it from git first:\n"
                          + "\n".join(p.format() for p in problems))
    versions_path = root / "data" / "versions.yml"
    located, parse_problems = read_yaml(versions_path, "data/versions.yml")
    if located is None or parse_problems or not isinstance(located.data, dict) \
            or not isinstance(located.data.get("versions"), dict):
        raise SealRefused("data/versions.yml cannot be read; run 'trustsite check'")
    entries = located.data["versions"]
    order = sorted(archived, key=lambda vid: (archived[vid].manifest.released, vid))
    done: list[str] = []
    manifests: dict[str, str] = {}  # vid -> new manifest.json text
    digests: dict[str, str] = {}
    previous: Link | None = None
    for vid in order:
        manifest = archived[vid].manifest
        recorded = (entries.get(vid) or {}).get("manifest_sha256") if isinstance(entries.get(vid), dict) else None
        if not manifest.chained:
            if recorded is not None:
                raise SealRefused(f"{archive_display(vid, MANIFEST)} is not chained, but its SHA-256 is recorded already: "
                                  "restore the archive from git")
            manifest = Manifest(manifest.version, manifest.released, manifest.files, previous)
            manifests[vid] = manifest.as_json()
            digest = hashlib.sha256(manifests[vid].encode("utf-8")).hexdigest()
            done.append(f"chained {archive_display(vid, MANIFEST)} to {previous.version if previous else 'nothing (first version)'}")
        else:
            digest = archived[vid].digest
        if vid in entries and recorded is None:
            digests[vid] = digest
            done.append(f"recorded the SHA-256 of {archive_display(vid, MANIFEST)} in data/versions.yml")
        previous = Link(vid, digest)
    if not done:
        return []
    text = versions_path.read_text(encoding="utf-8")
    for vid in sorted(digests, key=lambda v: -located.position(("versions", v), key=True)[0]):
        text = _insert_digest(text, located.position(("versions", vid), key=True)[0], vid, digests[vid])
    writes = {archive_path(root, vid) / MANIFEST: manifest_text for vid, manifest_text in manifests.items()}
    if digests:
        writes[versions_path] = text
    staged = {path: _stage(path, content) for path, content in writes.items()}
    with signals_held():  # every file is written already: only renames remain, all or none
        for path, tmp in staged.items():
            tmp.replace(path)
    return done


def _insert_digest(text: str, key_line: int, vid: str, digest: str) -> str:
    """Insert `manifest_sha256: <digest>` as the first line of the block entry whose key is on `key_line`."""
    lines = text.splitlines(keepends=True)
    key = lines[key_line - 1]
    body = next((line for line in lines[key_line:] if line.strip() and not line.lstrip().startswith("#")), "")
    indent = body[: len(body) - len(body.lstrip())]
    if not key.rstrip().endswith(":") or len(indent) <= len(key) - len(key.lstrip()):
        raise SealRefused(f"data/versions.yml:{key_line}: write version '{vid}' as an indented block (one field a "
                          "line) so that its digest can be added")
    lines.insert(key_line, f"{indent}manifest_sha256: {digest}\n")
    return "".join(lines)


def _stage(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.seal")
    tmp.write_text(text, encoding="utf-8", newline="")
    return tmp
