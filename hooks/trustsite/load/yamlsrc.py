"""Load stage: read one YAML file into plain values and remember where every value stood.

Two deliberate departures from PyYAML's defaults, both for legal editors:
- booleans follow YAML 1.2 (only true/false), so a country code `NO` stays Norway and a `yes`
  in a boolean field is reported instead of silently read;
- a key given twice in one mapping is an error, not "last one wins".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from trustsite.errors import Path, Problem, format_path

try:  # the C parser is several times faster on large sub-processor lists
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core-schema booleans."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _first in "tTfF":
    _Yaml12Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", _BOOL_12)
    )


@dataclass
class Located:
    """A parsed YAML document with the position of every value and mapping key (1-based)."""

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at `path` (or of its key), else of the nearest ancestor."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)

    def problem(self, path: Path, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, col = self.position(tuple(path), key=key)
        return Problem(self.file, line, col, format_path(path), message, severity)


_TAB_HINT = "YAML does not allow tab characters for indentation; indent with spaces"


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    try:
        text = raw.decode("utf-8-sig")  # a leading BOM is harmless; strip it
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                file, line, col, "",
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it with UTF-8 encoding",
            )
        ]
    return text, []


def _tab_near(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    return 0 <= line_index < len(lines) and "\t" in lines[line_index][: len(lines[line_index]) - len(lines[line_index].lstrip())]


def parse_yaml(raw: bytes, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse YAML bytes; return the located document or the problems that prevented it."""
    text, problems = _decode(raw, file)
    if text is None:
        return None, problems
    loader = _Yaml12Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = f"YAML syntax error: {exc.problem or exc.context}"
        if mark is not None and _tab_near(text, mark.line):
            message += f"; {_TAB_HINT}"
        if exc.context and exc.problem:
            message += f" ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                message += f" at line {exc.context_mark.line + 1}"
            message += ")"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return None, [Problem(file, line, col, "", message)]
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        return None, [Problem(file, 0, 0, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    located = Located(file, None)
    if node is None:
        return located, []
    located.data = _build(node, (), located, problems, loader)
    return located, problems


def _build(node: yaml.Node, path: Path, located: Located, problems: list[Problem], loader: Any) -> Any:
    located.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    Problem(located.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            format_path(path), "a key must be a plain word, not a list or mapping")
                )
                continue
            key = key_node.value
            child = (*path, key)
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in result:
                first = located.keys[child]
                problems.append(
                    Problem(located.file, *key_pos, format_path(child),
                            f"duplicate key '{key}' (first given at line {first[0]}); each key may appear once")
                )
                continue
            located.keys[child] = key_pos
            result[key] = _build(value_node, child, located, problems, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), located, problems, loader) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        problems.append(
            Problem(located.file, node.start_mark.line + 1, node.start_mark.column + 1,
                    format_path(path), f"cannot read this value: {exc.problem}")
        )
        return None


def read_yaml(path: FsPath, display: str) -> tuple[Located | None, list[Problem]]:
    """Read and parse a YAML file from disk, named `display` in messages."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, 0, "", f"cannot read file: {exc.strerror}")]
    return parse_yaml(raw, display)
