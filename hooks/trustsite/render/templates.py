"""Compiled templates shared between Jinja environments that compile a template to the same code.

A build renders the fragments in every language, for the version in force and for each archived
version, and MkDocs' i18n plugin re-runs the build once per language: one environment per render
context would compile each fragment dozens of times (25 s of a 48 s profiled build). The theme's
templates are shared the same way (site/plugin.py on_env): MkDocs gives each language's build a new
environment, which would compile Material's base template and its partials again for every language.
Jinja keys a bytecode bucket by template name and file and checks the source's checksum, so an edited
template is compiled again; it does not key the environment (its options, and which filters take the
render context), which also changes the compiled code: SharedCompiledTemplates keys that too. Where a run
has a cache folder (load/cache.py Caches, handed to kept_on()), compiled code is kept there as well, so
`trustsite check` and each build process do not compile the templates again.

The compiled code in memory is shared by the whole process (as Python shares imported modules): it is keyed
by the template's source and the environment, and holds nothing of any project or run.

Sharing code between languages is sound only if nothing language-dependent is evaluated when a template
is compiled. Jinja folds constants at compile time: `{{ "DE"|country }}` calls the filter then, and the
first language's country name would be compiled into every language's page. Calls (`_()`, macros) are
never folded, nor filters that take the render context; so the fragments' language-dependent filters
take it (per_language), and a theme environment is shared only when every filter and test it has is
Jinja's own or takes the context (theme_templates).
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from typing import Any

import jinja2
import jinja2.filters
import jinja2.tests
from jinja2.utils import _PassArg  # how Jinja's compiler itself tells a context filter (Jinja 3)

from trustsite.load.cache import ParseCache


class SharedCompiledTemplates(jinja2.BytecodeCache):
    """Keeps compiled code objects in memory for the life of the process (and, through kept_on(), in a run's
    cache folder), keyed by the template's file and source and by the environment's signature."""

    def __init__(self, name: str, disk: ParseCache | None = None, shared: SharedCompiledTemplates | None = None) -> None:
        self.name = name
        self.disk = disk
        self._code: dict[tuple[str, str], tuple[str, object]] = shared._code if shared is not None else {}

    def kept_on(self, disk: ParseCache | None) -> SharedCompiledTemplates:
        """These templates, with compiled code also read from and written to `disk` (a run's cache, or None)."""
        return self if disk is None else SharedCompiledTemplates(self.name, disk, shared=self)

    def _keys(self, bucket: jinja2.bccache.Bucket) -> tuple[tuple[str, str], bytes]:
        signature = environment_signature(bucket.environment)
        text = f"jinja {jinja2.__version__} {self.name} {signature} {bucket.key} {bucket.checksum}"
        return (signature, bucket.key), hashlib.sha256(text.encode()).digest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key, digest = self._keys(bucket)
        found = self._code.get(key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # type: ignore[assignment]
            if self.disk is not None and not self.disk.has(digest):  # compiled for another run: this run's folder
                self.disk.put(digest, marshal.dumps(bucket.code))  # gets its own, for its next process
            return
        stored = self.disk.get(digest) if self.disk is not None else None
        if isinstance(stored, bytes):
            try:
                bucket.code = marshal.loads(stored)
            except (EOFError, ValueError, TypeError):
                return  # damaged: compile again
            self._code[key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is None:
            return
        key, digest = self._keys(bucket)
        self._code[key] = (bucket.checksum, bucket.code)
        if self.disk is not None:  # the cache's file names carry the Python version marshal's format depends on
            self.disk.put(digest, marshal.dumps(bucket.code))

    def clear(self) -> None:
        self._code.clear()


def _takes(function: Any) -> str:
    kind = _PassArg.from_obj(function)
    return kind.name if kind is not None else "value"


def environment_signature(env: jinja2.Environment) -> str:
    """What changes the code Jinja compiles a template into besides its source (a bytecode bucket keys
    only the source): the options, and which filters and tests exist and what they take (a filter that
    takes the render context is called with it: the compiled call differs)."""
    options = (sorted(env.extensions), env.autoescape if isinstance(env.autoescape, bool) else "function",
               env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
               env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, env.optimized, env.finalize is not None, env.is_async,
               sorted((name, _takes(f)) for name, f in env.filters.items()),
               sorted((name, _takes(f)) for name, f in env.tests.items()))
    return hashlib.sha256(repr(options).encode()).hexdigest()[:16]


def per_language(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose result depends on the reader's language, made one that Jinja never evaluates while
    compiling (it takes the render context), so shared compiled code holds no language's result."""
    @jinja2.pass_context
    def at_render_time(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        return function(value, *args, **kwargs)

    return at_render_time


def foldable_unknowns(env: jinja2.Environment) -> list[str]:
    """Filters and tests that Jinja may evaluate while compiling and that are not Jinja's own: any of them
    might depend on the language (Material's blog plugin adds a `date` filter that does)."""
    found = []
    for kind, table, builtin in (("filter", env.filters, jinja2.filters.FILTERS), ("test", env.tests, jinja2.tests.TESTS)):
        for name, function in table.items():
            if builtin.get(name) is not function and _PassArg.from_obj(function) is not _PassArg.context:
                found.append(f"{kind} {name}")
    return sorted(found)


def theme_templates(env: jinja2.Environment, disk: ParseCache | None = None) -> SharedCompiledTemplates | None:
    """The shared compiled templates for a theme environment of this configuration (kept on `disk` too, a build's
    cache), or None when one of its filters or tests could put a language's result into the compiled code."""
    return None if foldable_unknowns(env) else THEME.kept_on(disk)


THEME = SharedCompiledTemplates("theme")  # site/plugin.py on_env: the theme's templates (Material and overrides/)
FRAGMENTS = SharedCompiledTemplates("fragments")  # render/context.py: Markdown fragments, escaped and finalized
NOTICE_TEXT = SharedCompiledTemplates("notice-text")  # changes/notice.py: plain-text e-mail
NOTICE_HTML = SharedCompiledTemplates("notice-html")  # changes/notice.py: HTML e-mail
