"""Shared paths: where the engine's own templates, catalogs and theme files ship (package data), and where
a project may put its own versions of them.

The engine never needs a file from the project's folder to render: a project's `overrides/` (the theme's
custom_dir) holds only that organisation's customisation. A fragment or catalog found there is used
before the package's, so a company can reword one fragment without copying the others.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
FRAGMENTS_DIR = "fragments"  # Jinja fragments the directives render (Markdown, notice .txt/.html)
LOCALES_DIR = "locales"  # gettext catalogs: <lang>/LC_MESSAGES/messages.po
THEME_DIR = TEMPLATES_DIR / "theme"  # Material overrides and the engine's scripts and stylesheets
PACKAGE_FRAGMENTS = TEMPLATES_DIR / FRAGMENTS_DIR
PACKAGE_LOCALES = TEMPLATES_DIR / LOCALES_DIR
CATALOG_TEMPLATE = PACKAGE_LOCALES / "messages.pot"


def fragment_dirs(overrides: Path | None) -> list[Path]:
    """Where fragments are looked up, the project's own first."""
    own = overrides / FRAGMENTS_DIR if overrides is not None else None
    return [own, PACKAGE_FRAGMENTS] if own is not None and own.is_dir() else [PACKAGE_FRAGMENTS]


def catalog_files(overrides: Path | None, language: str) -> list[Path]:
    """The catalogs of a language, the project's own first (its entries win; the rest come from the package)."""
    relative = Path(language) / "LC_MESSAGES" / "messages.po"
    own = overrides / LOCALES_DIR / relative if overrides is not None else None
    found = [own] if own is not None and own.is_file() else []
    return [*found, PACKAGE_LOCALES / relative]


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as a message shows it: relative to the project, or inside the trustsite package."""
    resolved = path.resolve()
    if root is not None and resolved.is_relative_to(root.resolve()):
        return resolved.relative_to(root.resolve()).as_posix()
    if resolved.is_relative_to(PACKAGE_DIR):
        return "trustsite/" + resolved.relative_to(PACKAGE_DIR).as_posix()
    return resolved.as_posix()
