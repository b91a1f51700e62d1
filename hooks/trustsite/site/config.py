"""Site layer: the trustsite plugin's options in mkdocs.yml (`plugins: - trustsite: {...}`)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class TrustsiteConfig(base.Config):
    """Options of the MkDocs plugin; the hook file (hooks/trustsite_hooks.py) uses their defaults."""

    enabled = c.Type(bool, default=True)

    # the build date decides the version in force and every expiry (YYYY-MM-DD; previews, reproducible
    # builds, tests); unset: the system date (trustsite.clock)
    build_date = c.Optional(c.Type(str))

    # the parse cache keeps validated data, rendered blocks and compiled templates between builds
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".trustsite_cache")  # relative to mkdocs.yml

    # a draft build (a preview): data and statement prose not yet released as a version are shown, every page
    # built from them marked "draft, not released" and kept out of search engines; without it such a build fails
    # (versions/errata.py). `trustsite serve` and `trustsite build --draft` switch it on.
    draft = c.Type(bool, default=False)

    # processes rendering the languages' blocks before the pages are built (`trustsite build --jobs`)
    jobs = c.Type(int, default=1)
