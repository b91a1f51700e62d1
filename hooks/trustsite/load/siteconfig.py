"""Load stage: the few facts of mkdocs.yml the engine needs, read as plain YAML (no MkDocs import)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trustsite.errors import Problem, format_path


class _TolerantLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: read on every build
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


PathKey = tuple[str | int, ...]


@dataclass
class SiteConfig:
    """mkdocs.yml as plain data, with the position of every value for located messages."""

    data: dict[str, Any] | None
    node: yaml.Node | None = None
    file: str = "mkdocs.yml"

    def plugin(self, name: str) -> dict[str, Any] | None:
        """A plugin's options ({} when listed without options; None when not listed); Material's `material/search`
        counts as `search`."""
        for entry in (self.data or {}).get("plugins") or []:
            if isinstance(entry, str) and entry in (name, f"material/{name}"):
                return {}
            if isinstance(entry, dict):
                for key in (name, f"material/{name}"):
                    if key in entry:
                        return entry[key] if isinstance(entry[key], dict) else {}
        return None

    def problem(self, path: PathKey, message: str, severity: str = "error") -> Problem:
        line, column = self._position(path)
        return Problem(self.file, line, column, format_path(path), message, severity=severity)

    def node_at(self, path: PathKey) -> yaml.Node | None:
        """The YAML node at `path` (plugins are found by name in the plugins list)."""
        node = self.node
        for key in path:
            if node is None:
                return None
            node = _child(node, key)
        return node

    def _position(self, path: PathKey) -> tuple[int, int]:
        node, found = self.node, (0, 0)
        for key in path:
            if node is None:
                break
            found = (node.start_mark.line + 1, node.start_mark.column + 1)
            node = _child(node, key)
        if node is not None:
            found = (node.start_mark.line + 1, node.start_mark.column + 1)
        return found


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    if isinstance(node, yaml.SequenceNode):
        if isinstance(key, int):
            return node.value[key] if 0 <= key < len(node.value) else None
        for item in node.value:  # a plugin in the plugins list, by name
            if isinstance(item, yaml.ScalarNode) and item.value in (key, f"material/{key}"):
                return item
            if isinstance(item, yaml.MappingNode):
                found = _child(item, key) or _child(item, f"material/{key}")
                if found is not None:
                    return found
    return None


def load_site_config(root: Path) -> SiteConfig:
    """mkdocs.yml of a project, located; SiteConfig(None) when there is none or it is not YAML (MkDocs and
    the mkdocs.yml checks report that)."""
    path = root / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_TolerantLoader)
        data = yaml.load(text, Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return SiteConfig(None)
    return SiteConfig(data if isinstance(data, dict) else None, node)


def plugin_options(root: Path) -> dict[str, Any]:
    """The options of the trustsite plugin in mkdocs.yml (`plugins: - trustsite: {...}`); {} without them."""
    plugins = read_site_config(root).get("plugins")
    entries = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("trustsite"), dict):
            return entry["trustsite"]
    if isinstance(plugins, dict) and isinstance(plugins.get("trustsite"), dict):
        return plugins["trustsite"]
    return {}
