"""Load stage: the few facts of mkdocs.yml the engine needs, read as plain YAML (no MkDocs import)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !!python/name or !ENV; their values do not matter here."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_config(root: Path) -> dict[str, Any]:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    return parse_site_config(path.read_text(encoding="utf-8"))


def parse_site_config(text: str) -> dict[str, Any]:
    """mkdocs.yml's text as a mapping ({} when it is broken: MkDocs reports that with its own message)."""
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def overrides_dir(root: Path) -> Path:
    """The theme's custom_dir (where fragments and catalogs live), relative to mkdocs.yml."""
    theme = read_site_config(root).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return (root / custom).resolve() if custom else root / "overrides"
