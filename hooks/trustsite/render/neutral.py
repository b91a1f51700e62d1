"""Render stage: whether a fragment template takes the same path in every language (a static check).

`trustsite check` renders every block fully in the default language only (render/checkrun.py). That is
sound for another language when the template does there exactly what it did in the default language
except for the text that comes out of the language-dependent calls (gettext, the Localizer's filters and
the context helpers that use it): then a render in that language can only fail in one of those calls,
and checkrun replays each of them in that language. This module proves the "exactly what it did" part
for a template and everything it imports or includes:

- no condition (`if`, `elif`, an inline `x if c else y`, a loop's `if`) reads a value that differs
  between languages, unless every branch it chooses between is constant text (`{% if not loop.last %} · `);
- no loop runs over such a value, except a list whose order alone differs (countries sorted by their
  name in the reader's language): then `loop` differs and is treated as such;
- such a value only flows into operations that cannot fail on any text: output, the escaping filters,
  links, gettext's variables, macro arguments (the macro's parameters then carry it), a lookup of a
  mapping built with language-independent keys.

Anything the analysis does not know makes the template not neutral, and checkrun renders it in full in
every language: an unknown construct costs time, never a missed error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import jinja2
from jinja2 import nodes

VALUE, ORDER = 1, 2  # taint: the value differs between languages / only the order of a list differs

# Calls and filters whose result is text in the reader's language (render/context.py, render/localize.py)
LANGUAGE_CALLS = frozenset({"_", "gettext", "ngettext", "pgettext", "titles", "eu_act", "authority_name"})
LANGUAGE_FILTERS = frozenset({"t", "date", "country", "countries", "duration", "join_list", "gdpr"})
LANGUAGE_NAMES = frozenset({"lang"})
# TrustView methods (render/trust.py) whose result depends on the language, and how
TRUST_CALLS = {"language_name": VALUE, "export_link": VALUE, "countries": ORDER}
ORDER_CALLS = frozenset({"transfer_rows"})  # sorted by country names in the reader's language
# Filters and calls that accept any text without failing (they escape, join or wrap it)
TOTAL_FILTERS = frozenset({"cell", "escaped", "anchor", "lower", "upper", "trim", "escape", "e", "safe", "string",
                           "capitalize", "title", "striptags"})
TOTAL_CALLS = frozenset({"link", "mailto"})
COLLECTING_METHODS = frozenset({"update", "append"})  # {% set x = d.update({...}) %}: d takes the taint


class NotNeutral(Exception):
    """The template may take another path, or fail otherwise, in another language."""


@dataclass
class _Analysis:
    templates: dict[str, nodes.Template]
    tainted: dict[str, int] = field(default_factory=dict)  # variable or macro parameter -> taint
    macros: dict[str, list[str]] = field(default_factory=dict)  # macro name -> its parameters

    def run(self) -> None:
        for tree in self.templates.values():
            for macro in tree.find_all(nodes.Macro):
                self.macros[macro.name] = [arg.name for arg in macro.args]
        while True:  # taints only grow: a fixpoint over assignments and macro calls
            before = dict(self.tainted)
            for tree in self.templates.values():
                self._statements(tree.body)
            if self.tainted == before:
                return

    def _taint(self, name: str, taint: int) -> None:
        if taint:
            self.tainted[name] = self.tainted.get(name, 0) | taint

    def _statements(self, body: list[nodes.Node]) -> None:
        for node in body:
            self._statement(node)

    def _statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                self._expr(child)
        elif isinstance(node, nodes.If):
            self._condition(node.test, [node.body, *[[e] for e in node.elif_], node.else_])
            self._statements(node.body)
            for branch in node.elif_:
                self._statement(branch)
            self._statements(node.else_)
        elif isinstance(node, nodes.For):
            taint = self._expr(node.iter)
            if taint & VALUE:
                raise NotNeutral("a loop over text in the reader's language")
            if node.test is not None:
                self._condition(node.test, [node.body])
            if taint & ORDER:  # the same elements in another order: loop.first, loop.index differ
                self._taint("loop", VALUE)
            self._statements(node.body)
            self._statements(node.else_)
        elif isinstance(node, nodes.Assign):
            taint = self._expr(node.node)
            for name in _names(node.target):
                self._taint(name, taint)
        elif isinstance(node, nodes.AssignBlock):  # {% set row %}...{% endset %}: the row takes what it prints
            if node.filter is not None or not all(isinstance(child, nodes.Output) for child in node.body):
                raise NotNeutral("a set block with a filter or statements")
            taint = 0
            for output in node.body:
                for child in output.nodes:
                    taint |= self._expr(child)
            for name in _names(node.target):
                self._taint(name, VALUE if taint else 0)  # printed: a reordered list is other text
        elif isinstance(node, nodes.Macro):
            for default in node.defaults:
                self._expr(default)
            self._statements(node.body)
        elif isinstance(node, nodes.ExprStmt):
            self._expr(node.node)
        elif isinstance(node, (nodes.Import, nodes.FromImport, nodes.Include)):
            if not isinstance(node.template, nodes.Const):
                raise NotNeutral("a template chosen at render time")
        else:  # call blocks, filter blocks, with, ...: not used by the fragments
            raise NotNeutral(f"{type(node).__name__} is not analysed")

    def _condition(self, test: nodes.Expr, branches: list[list[nodes.Node]]) -> None:
        """A test whose outcome may differ between languages chooses only between constant texts. A list
        whose order alone differs is as empty or full in every language (`{% if rows %}`)."""
        if self._expr(test) & VALUE and not all(_constant(branch) for branch in branches):
            raise NotNeutral("a condition on a value in the reader's language")

    def _expr(self, node: nodes.Node) -> int:
        """The taint of an expression's value; raises NotNeutral where a tainted value may make it fail."""
        if isinstance(node, (nodes.Const, nodes.TemplateData)):
            return 0
        if isinstance(node, nodes.Name):
            return VALUE if node.name in LANGUAGE_NAMES else self.tainted.get(node.name, 0)
        if isinstance(node, nodes.Getattr):
            base = self._expr(node.node)
            if base & ORDER:
                return ORDER  # a method of a reordered list (.items()): still the same elements
            return base
        if isinstance(node, nodes.Getitem):
            base, key = self._expr(node.node), self._expr(node.arg)
            if key or base & ORDER:
                raise NotNeutral("an index or key that differs between languages")
            return base
        if isinstance(node, nodes.Filter):
            return self._filter(node)
        if isinstance(node, nodes.Test):
            if self._expr(node.node) or any(self._expr(arg) for arg in node.args):
                return VALUE
            return 0
        if isinstance(node, nodes.Call):
            return self._call(node)
        if isinstance(node, nodes.CondExpr):
            taint = self._expr(node.expr1) | (self._expr(node.expr2) if node.expr2 is not None else 0)
            if self._expr(node.test) & VALUE and not (_constant_expr(node.expr1) and
                                                (node.expr2 is None or _constant_expr(node.expr2))):
                raise NotNeutral("a condition on a value in the reader's language")
            return taint
        if isinstance(node, (nodes.Concat,)):
            return _union(self._expr(child) for child in node.nodes)
        if isinstance(node, (nodes.List, nodes.Tuple)):
            return _union(self._expr(child) for child in node.items)
        if isinstance(node, nodes.Dict):
            for pair in node.items:
                if self._expr(pair.key):
                    raise NotNeutral("a mapping keyed by text in the reader's language")
            return _union(self._expr(pair.value) for pair in node.items)
        if isinstance(node, nodes.Not):
            return self._expr(node.node) & VALUE  # `not rows` is as true in every language
        if isinstance(node, (nodes.Compare, nodes.And, nodes.Or)):
            return VALUE if _union(self._expr(child) for child in node.iter_child_nodes()) else 0  # a boolean
        if isinstance(node, nodes.Operand):
            return self._expr(node.expr)
        if isinstance(node, (nodes.BinExpr, nodes.UnaryExpr)):  # arithmetic: may fail on other values
            if _union(self._expr(child) for child in node.iter_child_nodes()):
                raise NotNeutral("arithmetic on a value in the reader's language")
            return 0
        if isinstance(node, (nodes.MarkSafe, nodes.MarkSafeIfAutoescape)):
            return self._expr(node.expr)
        raise NotNeutral(f"{type(node).__name__} is not analysed")

    def _filter(self, node: nodes.Filter) -> int:
        base = self._expr(node.node) if node.node is not None else 0
        args = _union(self._expr(arg) for arg in [*node.args, *(kw.value for kw in node.kwargs)])
        if node.name in LANGUAGE_FILTERS:
            if base or args:  # its recorded argument would not be what the other language passes
                raise NotNeutral(f"|{node.name} of a value in the reader's language")
            return VALUE
        if base or args:
            if node.name in TOTAL_FILTERS:
                return base | args
            raise NotNeutral(f"|{node.name} of a value in the reader's language")
        return 0

    def _call(self, node: nodes.Call) -> int:
        args = [*node.args, *(kw.value for kw in node.kwargs)]
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            raise NotNeutral("a call with *args or **kwargs")
        callee = node.node
        if isinstance(callee, nodes.Name) and callee.name in LANGUAGE_CALLS:
            if callee.name in ("_", "gettext", "ngettext", "pgettext"):
                if any(self._expr(arg) for arg in node.args):
                    raise NotNeutral("a message ID that differs between languages")
                for keyword in node.kwargs:  # formatted in: a placeholder check in checkrun covers it
                    self._expr(keyword.value)
            elif any(self._expr(arg) for arg in args):
                raise NotNeutral(f"{callee.name}() of a value in the reader's language")
            return VALUE
        if isinstance(callee, nodes.Name) and callee.name in TOTAL_CALLS:
            return _union(self._expr(arg) for arg in args)
        if isinstance(callee, nodes.Name) and callee.name in ORDER_CALLS:
            if any(self._expr(arg) for arg in args):
                raise NotNeutral(f"{callee.name}() of a value in the reader's language")
            return ORDER
        macro = _macro_name(callee, self.macros)
        if macro is not None:  # its parameters take the arguments' taint; its text is the reader's
            params = self.macros[macro]
            for i, arg in enumerate(node.args):
                if i < len(params):
                    self._taint(params[i], self._expr(arg))
            for keyword in node.kwargs:
                self._taint(keyword.key, self._expr(keyword.value))
            return VALUE
        if isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name) and callee.node.name == "trust":
            if any(self._expr(arg) for arg in args):
                raise NotNeutral(f"trust.{callee.attr}() of a value in the reader's language")
            return TRUST_CALLS.get(callee.attr, 0)
        if isinstance(callee, nodes.Getattr) and callee.attr in COLLECTING_METHODS:
            taint = _union(self._expr(arg) for arg in args)
            for name in _names(callee.node):
                self._taint(name, taint)
            return self._expr(callee.node)
        base = self._expr(callee)
        if base or any(self._expr(arg) for arg in args):
            raise NotNeutral("a call on or with a value in the reader's language")
        return 0


def _names(node: nodes.Node) -> list[str]:
    """The variable names in an assignment target or expression (find_all skips the node itself)."""
    found = [node] if isinstance(node, nodes.Name) else list(node.find_all(nodes.Name))
    return [name.name for name in found]


def _union(taints: Iterator[int] | list[int]) -> int:
    out = 0
    for taint in taints:
        out |= taint
    return out


def _macro_name(callee: nodes.Expr, macros: dict[str, list[str]]) -> str | None:
    if isinstance(callee, nodes.Name) and callee.name in macros:
        return callee.name
    if isinstance(callee, nodes.Getattr) and isinstance(callee.node, nodes.Name) and callee.attr in macros:
        return callee.attr  # m.basis(...) with `import "_macros.md" as m`
    return None


def _constant(body: list[nodes.Node]) -> bool:
    """Only constant text: whichever branch is taken, nothing in it can fail."""
    return all(isinstance(node, nodes.Output) and all(_constant_expr(child) for child in node.nodes) for node in body)


def _constant_expr(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.Const, nodes.TemplateData))


def _reachable(env: jinja2.Environment, name: str, parsed: dict[str, nodes.Template]) -> dict[str, nodes.Template]:
    """The template and every template it imports or includes, parsed (each once: `parsed` is shared)."""
    found: dict[str, nodes.Template] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        if current not in parsed:
            source, _, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
            parsed[current] = env.parse(source, current)
        found[current] = parsed[current]
        for node in found[current].find_all((nodes.Import, nodes.FromImport, nodes.Include)):
            if isinstance(node.template, nodes.Const):
                todo.append(node.template.value)
    return found


def neutral_reasons(env: jinja2.Environment, names: list[str]) -> dict[str, str | None]:
    """For each template: None when it takes the same path in every language (see the module docstring),
    else why not. A template that cannot be read or parsed is not neutral: its full render reports it."""
    parsed: dict[str, nodes.Template] = {}
    reasons: dict[str, str | None] = {}
    for name in names:
        try:
            _Analysis(_reachable(env, name, parsed)).run()
        except NotNeutral as exc:
            reasons[name] = str(exc)
        except jinja2.TemplateError as exc:
            reasons[name] = f"cannot be parsed: {exc}"
        else:
            reasons[name] = None
    return reasons
