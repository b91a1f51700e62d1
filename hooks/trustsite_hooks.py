"""MkDocs hook file: events only, each one delegating to the trustsite package (hooks/trustsite/)."""

from trustsite.site.events import on_config, on_files, on_env, on_nav, on_page_markdown, on_post_build, on_post_template  # noqa: F401
