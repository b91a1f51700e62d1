"""MkDocs hook for the build benchmark's second baseline: plain MkDocs plus the one thing trustsite's hook
also does for MkDocs' own work, sharing the compiled theme templates between the languages' builds
(render/templates.py). Against this baseline the ratio is the cost of trustsite's own work alone."""

from __future__ import annotations

from trustsite.render.templates import theme_templates


def on_env(env, config, files):  # noqa: ANN001, ANN201 (MkDocs' signature)
    if env.bytecode_cache is None:
        env.bytecode_cache = theme_templates(env)
    return env
