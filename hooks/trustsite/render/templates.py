"""Compiled templates shared between Jinja environments of the same configuration.

A build renders the fragments in every language, for the version in force and for each archived
version, and MkDocs' i18n plugin re-runs the build once per language: one environment per render
context would compile each fragment dozens of times (25 s of a 48 s profiled build). Jinja keys a
bytecode bucket by template name and file and checks the source's checksum, so an edited fragment is
compiled again; what it does not key is the environment's options (escaping, finalize, whitespace),
so each configuration gets its own cache. The theme's templates are shared the same way (site/events.py
on_env): MkDocs gives each language's build a new environment, which would compile Material's base
template and its partials again for every language. Where the parse cache is on (load/cache.py), compiled code is
kept there too, so `trustsite check` and each build process do not compile the fragments again.
"""

from __future__ import annotations

import hashlib
import marshal

import jinja2

from trustsite.load.cache import active_cache


class SharedCompiledTemplates(jinja2.BytecodeCache):
    """Keeps compiled code objects in memory for the life of the process."""

    def __init__(self, configuration: str) -> None:
        self.configuration = configuration
        self._code: dict[str, tuple[str, object]] = {}

    def _digest(self, bucket: jinja2.bccache.Bucket) -> bytes:
        key = f"jinja {jinja2.__version__} {self.configuration} {bucket.key} {bucket.checksum}"
        return hashlib.sha256(key.encode()).digest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # type: ignore[assignment]
            return
        cache = active_cache()
        stored = cache.get(self._digest(bucket)) if cache is not None else None
        if isinstance(stored, bytes):
            try:
                bucket.code = marshal.loads(stored)
            except (EOFError, ValueError, TypeError):
                return  # damaged: compile again
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is None:
            return
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        cache = active_cache()
        if cache is not None:  # the cache's file names carry the Python version marshal's format depends on
            cache.put(self._digest(bucket), marshal.dumps(bucket.code))

    def clear(self) -> None:
        self._code.clear()


def environment_signature(env: jinja2.Environment) -> str:
    """The options that change the code Jinja compiles a template into (a bytecode bucket does not key them)."""
    options = (sorted(env.extensions), env.autoescape if isinstance(env.autoescape, bool) else "function",
               env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
               env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, env.optimized, env.finalize is not None, env.is_async)
    return hashlib.sha256(repr(options).encode()).hexdigest()[:16]


_THEMES: dict[str, SharedCompiledTemplates] = {}


def theme_templates(env: jinja2.Environment) -> SharedCompiledTemplates:
    """The shared compiled templates for a theme environment of this configuration."""
    signature = environment_signature(env)
    if signature not in _THEMES:
        _THEMES[signature] = SharedCompiledTemplates(f"theme {signature}")
    return _THEMES[signature]


FRAGMENTS = SharedCompiledTemplates("fragments")  # render/context.py: Markdown fragments, escaped and finalized
NOTICE_TEXT = SharedCompiledTemplates("notice-text")  # changes/notice.py: plain-text e-mail
NOTICE_HTML = SharedCompiledTemplates("notice-html")  # changes/notice.py: HTML e-mail
