"""Load stage: read one YAML file into plain values and remember where every value stood.

Two deliberate departures from PyYAML's defaults, both for legal editors:
- booleans follow YAML 1.2 (only true/false), so a country code `NO` stays Norway and a `yes`
  in a boolean field is reported instead of silently read;
- a key given twice in one mapping is an error, not "last one wins".
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml

from trustsite.errors import Path, Problem, format_path
from trustsite.load.cache import Caches, ParseCache
from trustsite.characters import describe_character
from trustsite.load.fastyaml import FastReader, Unsure

try:  # the C parser is several times faster on large sub-processor lists
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


_STR = "tag:yaml.org,2002:str"


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core-schema booleans."""

    # PyYAML's resolver also walks path resolvers on every node; there are none here, and on a
    # 5,000-entry sub-processor list that walk was a third of the load time.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


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
    """A parsed YAML document: plain values, and the node tree that knows where each value stood.

    Positions are looked up by walking the tree along a path when a message needs one: a valid
    file never needs them, and indexing every node of a 5,000-entry file cost more than parsing it.
    """

    file: str
    data: Any
    root: yaml.Node | None = field(default=None, repr=False)
    source: str | None = field(default=None, repr=False)  # the text, when read from the cache without nodes
    # the key and value nodes of each mapping node a lookup has passed through, by key: a report locating every
    # entry of a 10,000-entry mapping otherwise searches it 10,000 times (dropped with the node tree)
    _keys: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the node tree (millions of objects for a large file; the project cache keeps
        checked projects): positions are found again from the text when a message needs one."""
        state = dict(self.__dict__)
        if state.get("source") is not None:
            state["root"] = None
        state["_keys"] = {}
        return state

    def _walk(self, path: Path) -> tuple[list[yaml.Node], yaml.Node | None]:
        """The nodes along `path` as far as it exists, and the key node of its last step (if a key)."""
        if self.root is None and self.source is not None:
            loader = _Yaml12Loader(self.source)
            try:
                self.root = loader.get_single_node()
                self._keys = {}
            finally:
                loader.dispose()
        if self.root is None:
            return [], None
        nodes, key_node = [self.root], None
        for part in path:
            node = nodes[-1]
            key_node = None
            if type(node) is yaml.MappingNode:
                keys = self._keys.get(id(node))
                if keys is None:
                    keys = self._keys[id(node)] = {}
                    for k, v in node.value:
                        if type(k) is yaml.ScalarNode:
                            keys.setdefault(k.value, (k, v))  # the first, as the search did
                found = keys.get(part)
                if found is None:
                    break
                key_node, child = found
            elif type(node) is yaml.SequenceNode and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            else:
                break
            nodes.append(child)
        return nodes, key_node

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position (1-based) of the value at `path` (or of its key), else of the nearest ancestor."""
        nodes, key_node = self._walk(tuple(path))
        if not nodes:
            return (1, 1)
        if key and key_node is not None and len(nodes) == len(path) + 1:
            return _mark(key_node)
        return _mark(nodes[-1])

    def problem(self, path: Path, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, col = self.position(tuple(path), key=key)
        return Problem(self.file, line, col, format_path(path), message, severity)


_TAB_HINT = "YAML does not allow tab characters for indentation; indent with spaces"


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Text of a file, or the located problem: the line, column and byte of the first invalid byte."""
    return _decode(raw, file)


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
    try:
        return Located(file, _FAST.read(text), None, text), []
    except Unsure:  # read by PyYAML, which finds and locates every problem
        pass
    return parse_yaml_slowly(text, file)


def parse_yaml_slowly(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """parse_yaml by PyYAML alone, keeping its node tree (the reference the fast path is compared with)."""
    problems: list[Problem] = []
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
    except yaml.reader.ReaderError as exc:  # a control character in the file: located, on one line
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [Problem(file, line, column, "", f"YAML error: {describe_character(chr(exc.character))} is "
                              "not allowed in a YAML file; remove it")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, 0, "", "YAML error: " + " ".join(str(exc).split()))]
    finally:
        loader.dispose()
    located = Located(file, None, node, text)
    if node is None:
        return located, []
    seen: dict[int, tuple[yaml.Node, Path, list[Path]]] = {}
    located.data = _build(node, (), located, problems, loader, seen)
    for anchored, first, again in seen.values():
        if again:
            more = f" and {len(again) - 1} more place{'s' if len(again) > 2 else ''}" if len(again) > 1 else ""
            problems.append(Problem(file, *_mark(anchored), format_path(first) or "(document)",
                                    f"this value, anchored here, is used again at '{format_path(again[0])}'{more} "
                                    "through a YAML alias; aliases are not allowed in data files: write the value out "
                                    "where it is needed"))
    return located, problems


MAX_DEPTH = 64  # lists and mappings within each other; the deepest data file needs 6, Python's stack ~450
_FAST = FastReader(_Yaml12Loader.yaml_implicit_resolvers, MAX_DEPTH)  # holds no state between files


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: Path, located: Located, problems: list[Problem], loader: Any,
           seen: dict[int, tuple[yaml.Node, Path, list[Path]]]) -> Any:
    """Plain values from the node tree; the path is only extended where a problem may need it.

    A list or mapping met twice came through a YAML alias (*name). Aliases are refused: a reviewer of a
    pull request should see each fact where it applies, and nine nested aliases of nine items each (the
    "billion laughs") would otherwise expand to a billion values. `seen` maps each node to where it was
    first used and where again (PyYAML's C composer keeps no position for an alias, so the anchor is shown)."""
    kind = type(node)
    known = seen.get(id(node))
    if known is not None:
        known[2].append(path)
        return None
    seen[id(node)] = (node, path, [])
    if len(path) > MAX_DEPTH and kind is not yaml.ScalarNode:
        problems.append(Problem(located.file, *_mark(node), format_path(path[:3]) + "...",
                                f"nested more than {MAX_DEPTH} levels deep; no data file needs more than a few levels"))
        return None
    if kind is yaml.ScalarNode:
        if node.tag == _STR:  # most values: no constructor needed
            return node.value
        try:
            return loader.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            problems.append(Problem(located.file, *_mark(node), format_path(path), f"cannot read this value: {exc.problem}"))
            return None
        except ValueError as exc:  # a well-formed but impossible value, such as 2025-02-30
            kind = {"timestamp": "date"}.get(node.tag.rsplit(":", 1)[-1], node.tag.rsplit(":", 1)[-1])
            problems.append(Problem(located.file, *_mark(node), format_path(path),
                                    f"'{node.value}' is not a valid {kind}: {exc}"))
            return None
    if kind is yaml.SequenceNode:
        return [_build(item, (*path, i), located, problems, loader, seen) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    first: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode:
            problems.append(Problem(located.file, *_mark(key_node), format_path(path),
                                    "a key must be a plain word, not a list or mapping"))
            continue
        key = key_node.value
        if key in first:
            problems.append(Problem(located.file, *_mark(key_node), format_path((*path, key)),
                                    f"duplicate key '{key}' (first given at line {_mark(first[key])[0]}); "
                                    "each key may appear once"))
            continue
        first[key] = key_node
        result[key] = _build(value_node, (*path, key), located, problems, loader, seen)
    return result


def read_yaml(path: FsPath, display: str, cache: Caches | None = None) -> tuple[Located | None, list[Problem]]:
    """Read and parse a YAML file from disk, named `display` in messages; with `cache`, a file whose bytes
    this run or (on disk) an earlier one parsed is not parsed again."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, 0, "", f"cannot read file: {exc.strerror}")]
    if cache is None:
        return parse_yaml(raw, display)
    digest = hashlib.sha256(raw).digest()
    # located documents are never modified after parsing: one per content serves every reader of this run
    located, problems = cache.parsed.get(digest, display, lambda: _parse_cached(raw, display, digest, cache.disk))
    return located, list(problems)


def _parse_cached(raw: bytes, display: str, digest: bytes,
                  disk: ParseCache | None) -> tuple[Located | None, list[Problem]]:
    if disk is not None:
        data = disk.get(digest)
        if data is not None:
            return Located(display, data, None, raw.decode("utf-8-sig")), []
    located, problems = parse_yaml(raw, display)
    if disk is not None and located is not None and not problems:
        disk.put(digest, located.data)
    return located, problems
