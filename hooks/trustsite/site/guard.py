"""Site layer: what a build refuses before MkDocs writes anything (MkDocs empties its site folder right
after on_config, so this runs there, for `mkdocs build` as for `trustsite build`)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from trustsite.errors import Problem
from trustsite.model.files import Project  # noqa: F401 (the plugin passes it; kept for the signature)
from trustsite.safety.folders import site_folder_problem


def check_build_inputs(config: MkDocsConfig, project: Project) -> list[Problem]:
    """The site folder would not delete sources (a build before the first release is stopped by the plugin)."""
    root = Path(config.config_file_path).resolve().parent
    problems = []
    sources = [Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
    unsafe = site_folder_problem(root, Path(config.site_dir), sources)
    if unsafe is not None:
        problems.append(Problem("mkdocs.yml", 0, 0, "site_dir", unsafe))
    return problems
