"""Validate stage: every label the engine shows has a translation in every language the project publishes.

The labels (table headers, citations, the names of rights and safeguards) are written in English in the
templates and translated in gettext catalogs; English is the catalogs' source language whatever the site's
default language is. A label without a translation would be shown in English on a page in another language,
so a missing catalog, a missing, empty or fuzzy entry, or a catalog older than the templates is an error,
never a fallback. A project may bring its own catalog (overrides/locales/<lang>/...): its entries come first,
the package's fill the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from trustsite.errors import Problem
import trustsite.paths
from trustsite.paths import CATALOG_TEMPLATE, LOCALES_DIR, catalog_files, display_path

SOURCE_LANGUAGE = "en"  # the language the labels are written in (msgids)
REVIEWS_FILE = "reviews.yml"  # beside the catalogs: who translated and who reviewed each one


@dataclass(frozen=True)
class CatalogReview:
    """Who last reviewed a language's catalog (empty: nobody yet)."""

    language: str
    path: Path
    reviewed_by: str
    reviewed_on: str
    checked_on: str = ""  # terminology checked against the official text by a non-native translator: not a review

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewed_by and self.reviewed_on)


def check_catalogs(languages: list[str], overrides: Path | None, root: Path | None = None) -> list[Problem]:
    """One located problem per label that a configured language lacks."""
    template = _read(CATALOG_TEMPLATE)
    if template is None:
        return [Problem(display_path(CATALOG_TEMPLATE), 0, 0, "", "the label template is missing; reinstall trustsite")]
    problems: list[Problem] = []
    for language in languages:
        if language == SOURCE_LANGUAGE:
            continue
        problems.extend(_check_language(language, template, overrides, root))
    return problems


def _check_language(language: str, template: Catalog, overrides: Path | None, root: Path | None) -> list[Problem]:
    files = [path for path in catalog_files(overrides, language) if path.is_file()]
    if not files:
        where = f"overrides/locales/{language}/LC_MESSAGES/messages.po"
        return [Problem("mkdocs.yml", 0, 0, "", f"no label catalog for '{language}': every table header and citation would"
                        f" be shown in English; add {where} (copy {display_path(CATALOG_TEMPLATE)} and translate"
                        " every msgstr)")]
    catalogs: list[tuple[Path, Catalog]] = []
    problems: list[Problem] = []
    for path in files:
        catalog = _read(path, language)
        if catalog is None:
            problems.append(Problem(display_path(path, root), 0, 0, "", "cannot read this catalog: not a gettext .po file"))
        else:
            catalogs.append((path, catalog))
    if not catalogs:
        return problems
    last_path, _ = catalogs[-1]
    for message in template:
        if not message.id:
            continue
        found = [(path, catalog.get(message.id, context=message.context)) for path, catalog in catalogs]
        entries = [(path, entry) for path, entry in found if entry is not None]
        if any(_complete(entry) for _, entry in entries):
            continue
        label = _label(message.id)
        if not entries:
            problems.append(Problem(display_path(last_path, root), 0, 0, f"labels.{language}",
                                    f"no translation of \"{label}\" (the catalog is older than the templates); add it"
                                    " with its msgstr"))
            continue
        path, entry = entries[-1]
        state = "fuzzy (not yet confirmed)" if entry.fuzzy else "empty"
        problems.append(Problem(display_path(path, root), entry.lineno or 0, 1 if entry.lineno else 0,
                                f"labels.{language}", f"the translation of \"{label}\" is {state}; write it and remove"
                                " any '#, fuzzy' line above it"))
    return problems


def catalog_reviews(languages: list[str], overrides: Path | None) -> list[CatalogReview]:
    """The review record of each language's catalog: the project's own record where it brings its own catalog
    (overrides/locales/reviews.yml), else the package's. pybabel rewrites a catalog's header, so the record
    lives beside the catalogs, not in them."""
    records = [_review_records(trustsite.paths.PACKAGE_LOCALES / REVIEWS_FILE)]
    if overrides is not None:
        records.insert(0, _review_records(overrides / LOCALES_DIR / REVIEWS_FILE))
    out = []
    for language in languages:
        if language == SOURCE_LANGUAGE:
            continue
        files = [path for path in catalog_files(overrides, language) if path.is_file()]
        if not files:
            continue
        record = next((found[language] for found in records if language in found), {})
        out.append(CatalogReview(language, files[0], str(record.get("reviewed_by") or ""),
                                 str(record.get("reviewed_on") or ""), str(record.get("terminology_checked_on") or "")))
    return out


def _review_records(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    catalogs = data.get("catalogs") if isinstance(data, dict) else None
    return {str(k): v for k, v in catalogs.items() if isinstance(v, dict)} if isinstance(catalogs, dict) else {}


def _complete(entry) -> bool:  # noqa: ANN001 - babel's Message
    if entry.fuzzy:
        return False
    strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    return bool(strings) and all(s and s.strip() for s in strings)


def _label(msgid: str | tuple[str, ...]) -> str:
    text = msgid[0] if isinstance(msgid, (list, tuple)) else msgid
    return text if len(text) <= 80 else text[:77] + "..."


def _read(path: Path, language: str | None = None) -> Catalog | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _parsed(str(path), language, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _parsed(path: str, language: str | None, mtime_ns: int, size: int) -> Catalog | None:
    """A catalog read once per file state (a `mkdocs serve` session checks on every save)."""
    try:
        with open(path, "rb") as fh:
            return read_po(fh, locale=language, abort_invalid=True)
    except (OSError, PoFileError, ValueError):
        return None
