"""Compiled templates shared between Jinja environments of the same configuration.

A build renders the fragments in every language, for the version in force and for each archived
version, and MkDocs' i18n plugin re-runs the build once per language: one environment per render
context would compile each fragment dozens of times (25 s of a 48 s profiled build). Jinja keys a
bytecode bucket by template name and file and checks the source's checksum, so an edited fragment is
compiled again; what it does not key is the environment's options (escaping, finalize, whitespace),
so each configuration gets its own cache.
"""

from __future__ import annotations

import jinja2


class SharedCompiledTemplates(jinja2.BytecodeCache):
    """Keeps compiled code objects in memory for the life of the process."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # type: ignore[assignment]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._code.clear()


FRAGMENTS = SharedCompiledTemplates()  # render/context.py: Markdown fragments, escaped and finalized
NOTICE_TEXT = SharedCompiledTemplates()  # changes/notice.py: plain-text e-mail
NOTICE_HTML = SharedCompiledTemplates()  # changes/notice.py: HTML e-mail
