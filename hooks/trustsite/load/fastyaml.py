"""Load stage: read a data file with rapidyaml where that certainly gives what the PyYAML path gives.

PyYAML's C loader builds a Python node for every value: 0.6 s of the 1.0 s it takes to check 5,000
sub-processors. rapidyaml (C++) parses the same file in 0.05 s and writes it out as JSON, which Python's
C JSON reader turns into lists and dicts in another 0.02 s. That fast reading is used only where it is
known to equal what yamlsrc.parse_yaml builds; every other file is read by the PyYAML path, which gives
every located message of today (tests/load/test_fastyaml.py compares both on the YAML test suite):

- values are resolved by the same rules as the PyYAML path (its resolver table: YAML 1.2 booleans, so
  `NO` stays a string; YAML 1.1 numbers, dates and nulls) and built by PyYAML's own constructors, and
  only where the scalar was plain (quoted and block scalars are text), which rapidyaml's tree tells;
- anything the fast path does not read the same way sends the file to PyYAML: a syntax error, tabs,
  characters YAML does not allow, anchors, aliases, tags, directives, complex keys, several documents,
  empty or long keys, a duplicate key, nesting deeper than yamlsrc.MAX_DEPTH, a scalar PyYAML's constructor
  refuses (2025-02-30), numbers JSON cannot carry (.inf, 0x1F);
- positions are not kept here: a message that needs one finds it by parsing the text with PyYAML
  (yamlsrc.Located.position), so every line and column stays byte-identical. A valid file never needs one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml
import yaml.reader

from trustsite.characters import ByteScreen

try:
    import ryml
    from ryml import _ryml  # the extension's functions, called directly where the tree is walked value by value
except ImportError:  # pragma: no cover - the wheel is missing for this platform: everything goes to PyYAML
    ryml = _ryml = None

_STR = "tag:yaml.org,2002:str"
_CONSTRUCTED = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                          "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"})
# PyYAML refuses a simple key longer than 1024 characters, rapidyaml does not: a longer key is read by PyYAML
# (100 characters of value are at most 1,000 in the file, escapes such as \U0001F600 included)
MAX_KEY = 100

# Where a node begins (a line's start, after `: `, `- `, `? ` or a flow separator), a character that the two
# parsers may read differently: an anchor (&), alias (*), tag (!), a reserved indicator (@ `), a directive
# (%), a flow indicator where a block node begins (`key: }`), a complex key (? ), a block scalar header,
# a flow collection, a quoted key. Each is looked at in _unsure_at; one inside a text ("see, [1]") only
# costs speed. The pattern starts with a character class, so the regex engine skips to candidates quickly.
_NODE_START = re.compile(r"[\n:?\[{,-][ \t]*[&*!@`%\]},?|>\[{\"']")
# an escape in a double-quoted scalar that PyYAML may not know (or a backslash in other text: rare in data)
_ODD_ESCAPE = re.compile(r"\\(?![0abtnvfre \"\\N_LP]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_BLOCK_HEADER = re.compile(r"[|>](?:[-+]?[1-9]?|[1-9][-+])[ \t]*(?:\n|$)")
# Flow collections ([DE, NO], {value: 12, unit: months}, {gdpr: {mechanism: dpf}}) are read fast only when they
# are simple, on one line and nested at most once: the two parsers differ on comments, colons and line breaks
# inside them.
_FLOW_PLAIN = r"[^\s,\[\]{}#:\"'&*!|>%@`?\-][^,\[\]{}#:\"'\n\\]*?"
_FLOW_SCALAR = rf"""(?:{_FLOW_PLAIN}|'(?:[^'\n]|'')*'|"(?:[^"\\\n]|\\.)*")"""


def _flow(value: str) -> str:
    """A one-line flow sequence or mapping whose items (mapping values) match `value`."""
    return (rf"""(?:\[[ \t]*(?:{value}(?:[ \t]*,[ \t]*{value})*)?[ \t]*\]"""
            rf"""|\{{[ \t]*(?:{_FLOW_SCALAR}:[ \t]+{value}(?:[ \t]*,[ \t]*{_FLOW_SCALAR}:[ \t]+{value})*)?[ \t]*\}})""")


_FLOW_SIMPLE = re.compile(_flow(rf"(?:{_FLOW_SCALAR}|{_flow(_FLOW_SCALAR)})") + r"[ \t]*(?:\n|$)")
# a quoted scalar that opens a line and goes on to the next: PyYAML refuses it as a key (keys stay on one
# line), rapidyaml does not
_QUOTED_LINE = re.compile(r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*')""")


def _unsure_at(text: str, match: re.Match[str]) -> bool | int:
    """Whether the node beginning at `match` may be read differently by the two parsers; for a flow
    collection that may not, where it ends (what lies inside it was checked with it)."""
    before, char, at = match.group()[0], match.group()[-1], match.end() - 1
    if char in "&*!@`%":
        return True
    if char in "]},":  # `[]` and `{}` are empty collections; anything else is a flow indicator out of place
        return not (before == "[" and char == "]" or before == "{" and char == "}")
    if char == "?":
        return text[at + 1:at + 2] in ("", " ", "\t", "\n")
    if char in "|>":
        return before in "\n:?-" and not _BLOCK_HEADER.match(text, at)
    if char in "[{":
        flow = _FLOW_SIMPLE.match(text, at)
        return True if flow is None else -flow.end()
    # a quote: at a line's start (or a list item's), it must close on that line
    return before in "\n-" and not _QUOTED_LINE.match(text, at)


# what PyYAML's reader refuses (yaml.reader.Reader.NON_PRINTABLE), screened on the bytes: its ASCII characters (C0
# controls but tab, line feed and carriage return; DEL) taken from its pattern, its others written out (C1 controls
# but NEL, U+0080-U+009F, lead byte C2; U+FFFE and U+FFFF, EF BF BE/BF)
_NON_PRINTABLE = ByteScreen("".join(chr(c) for c in range(0x80) if yaml.reader.Reader.NON_PRINTABLE.match(chr(c))),
                            {b"\xc2": rb"\xc2[\x80-\x84\x86-\x9f]", b"\xef\xbf": rb"\xef\xbf[\xbe\xbf]"})


def _needs_pyyaml(text: str, raw: bytes) -> bool:
    """`raw`: the text as UTF-8."""
    if "\t" in text or "\r" in text or "\ufeff" in text or _NON_PRINTABLE.found_in_utf8(raw) or _ODD_ESCAPE.search(text):
        return True
    last_line = text[text.rfind("\n") + 1:]
    if last_line and not last_line.strip():  # the two differ on trailing blanks of a last block scalar
        return True
    lined = "\n" + text  # the first line begins a node too
    checked_until = 0  # the end of the last flow collection found simple: its insides were checked with it
    for match in _NODE_START.finditer(lined):
        if match.end() <= checked_until:
            continue
        found = _unsure_at(lined, match)
        if found is True:
            return True
        if found is not False:
            checked_until = -found
    return False


class Unsure(Exception):
    """The fast reading might differ from the PyYAML path's for this file."""


class _Bare(str):
    """A number as rapidyaml wrote it into the JSON (unquoted: it was a plain scalar)."""


def _refuse(_: str) -> Any:
    raise Unsure("NaN or Infinity")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A mapping from the JSON, refused where PyYAML would refuse or read its keys otherwise (builtins only:
    called for every mapping)."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise Unsure("duplicate key")
    joined = "".join(found)  # short keys (most mappings are translations: 'en', 'nl') are all checked at once
    if "\n" in joined or "" in found or (len(joined) > MAX_KEY and max(map(len, found)) > MAX_KEY):
        raise Unsure("an empty, long or multi-line key")
    return found


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml's C++ error handler prints its message on file descriptor 2 before raising; the PyYAML
    path then reports the error, so that print would only be a second, differently worded message."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no real stderr (embedded): let it print
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class _Nodes:
    """The nodes of rapidyaml's tree that hold the values, found only for the few values that need one (whether a
    scalar was plain). A list or mapping of the JSON is known by a link, (itself, its parent's link, its key there):
    a tuple per container, made as the walk goes; its node is looked up the first time one of its scalars is asked
    about (5,000 sub-processors: 50,000 containers, 14,000 questions).

    rapidyaml finds the n-th child by walking its siblings; values are typed in order, so each parent
    remembers the last child found and walks on from there (5,000 sub-processors: linear, not quadratic)."""

    def __init__(self, tree: Any, root: int, data: Any) -> None:
        self.tree = tree
        self.last: dict[int, tuple[int, int]] = {}
        self.found: dict[int, int] = {id(data): root}  # the node of a container, by the container's id()
        self.positions: dict[int, dict[str, int]] = {}  # a mapping's keys in order, by the mapping's id()

    def child(self, parent: int, index: int) -> int:
        last = self.last.get(parent)
        if last is not None and last[0] <= index:
            at, node = last
            next_sibling, tree = _ryml.Tree_next_sibling, self.tree
            while at < index:
                node = next_sibling(tree, node)
                at += 1
        else:
            node = _ryml.Tree_child(self.tree, parent, index)
        self.last[parent] = (index, node)
        return node

    def node(self, link: tuple[Any, Any, Any]) -> int:
        """The node of the container `link` names (its own, the root's, is known from the start)."""
        container, parent, key = link
        found = self.found.get(id(container))
        if found is None:
            found = self.found[id(container)] = self.child(self.node(parent), self.position(parent[0], key))
        return found

    def position(self, container: Any, key: str | int) -> int:
        if type(container) is not dict:
            return key  # type: ignore[return-value]
        positions = self.positions.get(id(container))
        if positions is None:
            positions = self.positions[id(container)] = {name: i for i, name in enumerate(container)}
        return positions[key]  # type: ignore[index]

    def plain(self, link: tuple[Any, Any, Any], key: str | int) -> bool:
        """Whether the scalar at `key` of the container `link` names was written plain (quoted and block scalars
        are always text)."""
        return bool(_ryml.Tree_is_val_plain(self.tree, self.child(self.node(link), self.position(link[0], key))))


class FastReader:
    """Reads values with rapidyaml and the PyYAML path's resolver table (passed in by yamlsrc)."""

    def __init__(self, resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]], max_depth: int) -> None:
        self.resolvers = resolvers
        self.max_depth = max_depth
        self.constructor = yaml.constructor.SafeConstructor()
        self.first = frozenset(first for first in resolvers if first is not None)
        self.built: dict[tuple[str, str], Any] = {}  # constructed values of the file being read
        self.tags: dict[str, str] = {}  # the tag each text of the file being read resolves to

    def read(self, text: str) -> Any:
        """The file's values, or Unsure."""
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: PyYAML's reader reports it
            raise Unsure("not UTF-8") from None
        if ryml is None or _needs_pyyaml(text, raw):
            raise Unsure("a feature read by PyYAML only")
        try:
            with _quiet_stderr():
                tree = ryml.parse_in_arena(raw)
        except Exception as exc:  # rapidyaml's own exception types vary between releases
            raise Unsure(f"rapidyaml: {exc}") from None
        root = tree.root_id()
        if tree.is_stream(root):  # `---` before the document, or several documents
            if tree.num_children(root) != 1:
                raise Unsure("several documents")
            root = tree.first_child(root)
        if not (tree.is_map(root) or tree.is_seq(root)):
            raise Unsure("not a mapping or list")  # empty files, a lone scalar: small, and mostly errors
        try:
            with _quiet_stderr():  # rapidyaml's limits (depth) are reported there too
                # into a buffer Python owns: emit_json() leaks the C++ buffer it returns (rapidyaml 0.15:
                # each rebuild of `mkdocs serve` grew by the size of the data as JSON)
                emitted = bytearray(ryml.compute_json_length(tree, root))
                ryml.emit_json_in_place(tree, emitted, root)
            data = json.loads(emitted, object_pairs_hook=_pairs, parse_int=_Bare, parse_float=_Bare,
                              parse_constant=_refuse)
            self._resolve(_Nodes(tree, root, data), (data, None, None), 0)
        except Unsure:
            raise
        except Exception as exc:  # numbers JSON cannot carry (+1); rapidyaml's limits (depth)
            raise Unsure(f"JSON: {exc}") from None
        finally:
            self.built, self.tags = {}, {}
        return data

    def _resolve(self, nodes: _Nodes, link: tuple[Any, Any, Any], depth: int) -> None:
        """Type the scalars of a list or mapping (link[0], in place) as the PyYAML path would, and check the depth.
        The hot loop of the fast path (100,000 values for 5,000 sub-processors): most values are text that no
        resolver's first character starts."""
        if depth > self.max_depth:
            raise Unsure("nested too deep")
        first, tags = self.first, self.tags
        value = link[0]
        for index, item in (value.items() if type(value) is dict else enumerate(value)):
            kind = type(item)
            if kind is str:
                if item[:1] in first:
                    tag = tags.get(item)
                    if tag is None:  # the same texts recur (IDs, countries, dates): each is resolved once per file
                        tag = tags[item] = next((tag for tag, rx in self.resolvers[item[:1]] if rx.match(item)), _STR)
                    if tag != _STR and nodes.plain(link, index):
                        value[index] = self._construct(tag, item)
            elif kind is dict or kind is list:
                self._resolve(nodes, (item, link, index), depth + 1)
            elif kind is _Bare:  # unquoted in the JSON: rapidyaml saw a plain number
                tag = next((tag for tag, rx in self.resolvers.get(item[:1], ()) if rx.match(item)), _STR)
                value[index] = self._construct(tag, item) if tag != _STR else str(item)
            # True, False and None: rapidyaml writes only the plain true, false, null (or nothing) as such

    def _construct(self, tag: str, value: str) -> Any:
        """The value PyYAML's constructor makes of a plain scalar. The same text is built once per file; a
        date is handed out as a copy, as PyYAML makes one object per value (PyYAML's dumper writes one date
        object met twice as an anchor and an alias: benchmarks/synth.py writes data read here)."""
        key = (tag, str(value))
        found = self.built.get(key, self)
        if found is not self:
            return found.replace() if isinstance(found, dt.date) else found
        if tag not in _CONSTRUCTED:  # merge keys (<<) and the like: the PyYAML path reports them
            raise Unsure(f"tag {tag}")
        try:  # the constructor itself, not construct_object, which remembers every node it built
            found = self.constructor.yaml_constructors[tag](self.constructor, yaml.ScalarNode(tag, key[1]))
        except (yaml.YAMLError, ValueError) as exc:  # 2025-02-30: the PyYAML path locates the message
            raise Unsure(str(exc)) from None
        self.built[key] = found
        return found
