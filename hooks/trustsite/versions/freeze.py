"""Versions stage: freeze a version into the archive — its data/ and content/ as they are, its statement with every
directive expanded, and its manifest chained to the version before (load/archive.py reads what this writes)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from trustsite.load.archive import (
    ARCHIVE_DIR,
    FROZEN_DIRS,
    MANIFEST,
    STATEMENT_DIR,
    STATEMENT_PAGE,
    Link,
    Manifest,
    archive_path,
    archive_root,
    files_below,
    sha256,
)
from trustsite.model.files import Project
from trustsite.safety.folders import staging_prefix


def render_statements(project: Project, vid: str, overrides: Path, today: dt.date) -> dict[str, str]:
    """The statement page of every language with every directive expanded, rendered as version `vid`."""
    from trustsite.render.context import RenderContext
    from trustsite.render.expand import expand_directives

    out = {}
    for language in project.languages:
        page = project.content.get(STATEMENT_PAGE, language)
        if page is None:
            raise ValueError(f"content/{STATEMENT_PAGE}.md has no '{language}' version")
        ctx = RenderContext(project, language, today, overrides=overrides, version_id=vid)
        out[language] = expand_directives(page.text, ctx)
    return out


def stage_archive(root: Path, source: Path, vid: str, released: dt.date, versions_yml: str, overrides: Path,
                  previous: Link | None) -> Path:
    """Freeze `source`'s data/ and content/ (with `versions_yml` as data/versions.yml) as a staging folder in
    archive/ (a hidden name that no check reads) and return it; `trustsite release` renames it into place.
    A failure or a stop request removes the staging folder."""
    from trustsite.project import check_project
    from trustsite.errors import ProjectError

    target = archive_path(root, vid)
    if target.exists():
        raise FileExistsError(f"{ARCHIVE_DIR}/{vid} already exists")
    archive_root(root).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=staging_prefix(Path(vid), "release"), dir=archive_root(root)))
    try:
        for name in FROZEN_DIRS:
            shutil.copytree(Path(source) / name, tmp / name)
        (tmp / "data" / "versions.yml").write_text(versions_yml, encoding="utf-8", newline="")
        project, problems = check_project(tmp, released, expiry=False, files=False)
        if project is None:
            raise ProjectError(problems)
        statement = tmp / STATEMENT_DIR
        statement.mkdir()
        # rendered as of the day the version takes effect: what starts before then is current in the statement
        as_of = max(released, project.versions[vid].effective)
        for language, text in render_statements(project, vid, overrides, as_of).items():
            (statement / f"{language}.md").write_text(text, encoding="utf-8", newline="")
        manifest = Manifest(vid, released, {rel: sha256(tmp / rel) for rel in files_below(tmp)}, previous)
        (tmp / MANIFEST).write_text(manifest.as_json(), encoding="utf-8", newline="")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp
