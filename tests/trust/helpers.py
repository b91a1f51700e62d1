"""What the trust-center tests share: the complete fixture project, its languages and the URL of each page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import FULL, FULL_BUILD_DATE
from trustsite.project import load_project

PROJECT = load_project(FULL, dt.date.fromisoformat(FULL_BUILD_DATE))
LANGUAGES = list(PROJECT.languages)  # from the data, never hard-coded
DEFAULT = PROJECT.default_language
TRUST_PAGES = sorted(base for base in PROJECT.content.bases if base.startswith("trust/"))


def prefix(language: str) -> str:
    return "" if language == DEFAULT else f"{language}/"


def page_html(site: Path, base: str, language: str) -> Path:
    """Where MkDocs (use_directory_urls) writes a page: trust/changes -> trust/changes/index.html."""
    folder = base[: -len("/index")] if base.endswith("/index") else base
    return site / prefix(language) / folder / "index.html"
