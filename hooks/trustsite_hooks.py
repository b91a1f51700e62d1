"""MkDocs hook file: events only, each one delegating to the trustsite package (hooks/trustsite/)."""

from trustsite.site.events import on_config, on_files, on_page_markdown  # noqa: F401
