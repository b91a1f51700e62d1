"""Validate stage: translation staleness — which translations were made from a source text that has changed since.

Every translatable unit has a source in the default language: a translated string in data/ (by its
path) or a section of a page (by its heading ID; the text before the first heading is '_intro').
`translations/<lang>.yml` records, per unit, a short hash of the source text a translation was made
from. When the source changes, the hash no longer matches and the translation is stale until a
translator updates it and records the new hash (`trustsite translations mark`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trustsite.errors import Problem, format_path
from trustsite.model.base import Text
from trustsite.model.files import DATA_FILES, Project
from trustsite.rules import FAST_LOADER

LOCK_DIR = "translations"
_HEADING = re.compile(r"^#{1,6} .*?\{:?\s*#(?P<id>[A-Za-z0-9_-]+)\s*\}\s*$", re.M)
_SCALARS = (str, int, float, bool)


def source_hash(text: str) -> str:
    """12 hex digits of SHA-256 over the text with its whitespace collapsed (re-wrapping is no change)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Unit:
    file: str  # the source file: data/purposes.yml, content/privacy/index.md
    key: str  # purposes.newsletter.title, or a heading ID
    source: str  # the text in the default language


def _texts(value: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Text]]:
    found: list[tuple[tuple[Any, ...], Text]] = []
    if isinstance(value, Text):
        found.append((path, value))
    elif hasattr(value, "__dict__") and hasattr(type(value), "model_fields"):
        for name, field_value in value.__dict__.items():
            if field_value is not None and not isinstance(field_value, _SCALARS):
                found.extend(_texts(field_value, (*path, name)))
    elif isinstance(value, dict):
        for k, v in value.items():
            found.extend(_texts(v, (*path, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(_texts(v, (*path, i)))
    return found


def sections(text: str) -> dict[str, tuple[str, int]]:
    """Heading ID -> (section text, line of the heading); '_intro' is the text before the first one."""
    out: dict[str, tuple[str, int]] = {}
    matches = list(_HEADING.finditer(text))
    starts = [(m.group("id"), m.start()) for m in matches]
    intro_end = matches[0].start() if matches else len(text)
    if text[:intro_end].strip():
        out["_intro"] = (text[:intro_end], 1)
    for i, (hid, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        out[hid] = (text[start:end], text.count("\n", 0, start) + 1)
    return out


def units(project: Project) -> list[Unit]:
    """Every translatable unit, with its source text in the default language."""
    lang = project.default_language
    found = []
    for spec in DATA_FILES:
        value = getattr(project, spec.key, None)
        if value is None:
            continue
        for path, text in _texts(value, ()):
            if lang in text.root:
                found.append(Unit(f"data/{spec.name}", format_path((spec.key, *path)), text.root[lang]))
    for base in project.content.bases:
        page = project.content.get(base, lang)
        if page is not None:
            for hid, (text, _) in sections(page.text).items():
                found.append(Unit(f"content/{page.src_uri}", hid, text))
    return found


def lock_path(root: Path, language: str) -> Path:
    return root / LOCK_DIR / f"{language}.yml"


def read_lock(root: Path, language: str) -> dict[str, dict[str, str]]:
    path = lock_path(root, language)
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) or {}  # libyaml: 0.4 s -> 0.04 s
    return {str(f): {str(k): str(v) for k, v in (keys or {}).items()} for f, keys in data.items()}


def write_lock(root: Path, language: str, lock: dict[str, dict[str, str]]) -> Path:
    path = lock_path(root, language)
    path.parent.mkdir(exist_ok=True)
    header = (f"# The source text each '{language}' translation was made from: a short hash per unit.\n"
              f"# Written by `trustsite translations mark {language}`; do not edit by hand.\n")
    body = yaml.safe_dump({f: dict(sorted(keys.items())) for f, keys in sorted(lock.items())},
                          allow_unicode=True, sort_keys=False, width=120)
    path.write_text(header + body, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Status:
    language: str
    unit: Unit
    state: str  # current | stale | unrecorded

    @property
    def translation_file(self) -> str:
        if self.unit.file.startswith("content/") and self.language:
            return self.unit.file.removesuffix(".md") + f".{self.language}.md"
        return self.unit.file


def translation_status(project: Project) -> list[Status]:
    """The state of every unit in every language other than the default."""
    out: list[Status] = []
    others = [language for language in project.languages if language != project.default_language]
    if not others:  # one language: nothing is translated (the units of 5,000 sub-processors took 0.25 s)
        return out
    all_units = units(project)
    hashes = [source_hash(unit.source) for unit in all_units]  # once, not once per language
    for language in others:
        lock = read_lock(project.root, language)
        for unit, current in zip(all_units, hashes):
            recorded = lock.get(unit.file, {}).get(unit.key)
            state = "unrecorded" if recorded is None else "current" if recorded == current else "stale"
            out.append(Status(language, unit, state))
    return out


def mark_current(project: Project, language: str, keys: list[str] | None = None) -> tuple[Path, int]:
    """Record the current source of the given units (all when keys is None) as translated."""
    lock = read_lock(project.root, language)
    count = 0
    for unit in units(project):
        if keys is None or unit.key in keys or f"{unit.file}:{unit.key}" in keys:
            lock.setdefault(unit.file, {})[unit.key] = source_hash(unit.source)
            count += 1
    return write_lock(project.root, language, lock), count


def _where(project: Project, status: Status) -> tuple[str, int, int]:
    """The translation's own place: its key in the data file, or its heading in the language's page."""
    unit = status.unit
    if unit.file.startswith("data/"):
        key = next(spec.key for spec in DATA_FILES if f"data/{spec.name}" == unit.file)
        doc = project.located.get(key)
        path = _path_parts(unit.key)  # starts with the file's key, as the YAML does
        line, col = doc.position((*path, status.language), key=True) if doc is not None else (0, 0)
        return unit.file, line, col
    base = unit.file.removeprefix("content/").removesuffix(".md")
    page = project.content.get(base, status.language)
    if page is None:
        return status.translation_file, 0, 0
    found = sections(page.text).get(unit.key)
    return page.file, (found[1] if found else 1), 1


def _path_parts(dotted: str) -> tuple[Any, ...]:
    """Inverse of format_path for the paths units() produces: a.b[2]["2026.1"]."""
    parts: list[Any] = []
    for m in re.finditer(r'\["([^"]+)"\]|\[(\d+)\]|([^.\[\]]+)', dotted):
        quoted, index, plain = m.groups()
        parts.append(quoted if quoted is not None else int(index) if index is not None else plain)
    return tuple(parts)


def check_translations(project: Project) -> list[Problem]:
    """Warnings for stale translations, located at the translation (WP260 para 13: versions must agree)."""
    problems = []
    for status in translation_status(project):
        if status.state != "stale":
            continue
        file, line, col = _where(project, status)
        what = "section" if status.unit.file.startswith("content/") else "text"
        problems.append(Problem(
            file, line, col, status.unit.key if what == "text" else f"#{status.unit.key}",
            f"the '{status.language}' {what} is stale: its source in {status.unit.file} changed since it was"
            f" translated; update it, then run 'trustsite translations mark {status.language} {status.unit.key}'",
            "warning"))
    return problems


_MISSING = (re.compile(r"missing the '(?P<lang>[a-z]{2,3}(?:_[A-Z]{2})?)' text"),
            re.compile(r"missing translation of .* for language '(?P<lang>[a-z]{2,3}(?:_[A-Z]{2})?)'"))


def missing_by_language(problems: list[Problem]) -> dict[str, list[Problem]]:
    """The 'missing translation' errors of a check, per language (for the status of an invalid project)."""
    found: dict[str, list[Problem]] = {}
    for problem in problems:
        for pattern in _MISSING:
            m = pattern.search(problem.message)
            if m:
                found.setdefault(m.group("lang"), []).append(problem)
                break
    return found
