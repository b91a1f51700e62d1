"""Project stage: read data/ and content/ of a project, validate everything, return a checked Project or all problems (the one entry for the CLI and the plugin)."""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from trustsite.clock import build_date

from trustsite.errors import Problem, ProjectError
from trustsite.model.exports import DOCUMENTS_DIR
from trustsite.load.archive import ARCHIVE_DIR
from trustsite.load.cache import Caches, add_tree
from trustsite.load.yamlsrc import Located, read_yaml
from trustsite.model.files import DATA_FILES, Project, absent_value
from trustsite.load.siteconfig import overrides_dir
from trustsite.safety.links import readable_inside, scan_folder, scan_project
from trustsite.validate.archive import check_archive
from trustsite.validate.content import check_content, load_content
from trustsite.validate.rules import Checked, run_rules
from trustsite.validate.siteconfig import check_mkdocs_yml
from trustsite.validate.schema import validate_file
from trustsite.validate.todos import find_todos
from trustsite.validate.translations import LOCK_DIR, check_translations
from trustsite.validate.values import check_values


def read_data(root: Path, cache: Caches | None = None) -> tuple[Checked, list[Problem]]:
    """Parse and schema-check every data file; entries of broken files are None."""
    values: dict[str, Any] = {}
    located: dict[str, Located] = {}
    problems: list[Problem] = []
    for spec in DATA_FILES:
        display = f"data/{spec.name}"
        path = root / "data" / spec.name
        values[spec.key] = None
        if not path.is_file():
            if spec.optional:
                values[spec.key] = absent_value(spec)
            else:
                problems.append(Problem(display, 0, 0, "", "data file is missing"))
            continue
        if not readable_inside(path, root):  # a link leaving the project is never read (safety/links.py says so)
            continue
        doc, parse_problems = read_yaml(path, display, cache)
        problems.extend(parse_problems)
        if doc is None or parse_problems:
            continue
        located[spec.key] = doc
        problems.extend(check_values(doc))
        model, schema_problems = validate_file(doc, spec.file_model)
        problems.extend(schema_problems)
        if model is not None:
            values[spec.key] = getattr(model, spec.key)
    problems.extend(check_stray_files(root))
    return Checked(values, located, root=root), problems


def check_stray_files(root: Path) -> list[Problem]:
    """A file in data/ that trustsite does not read: an error when its name is close to a data file's (edits to
    data/cookie.yml beside cookies.yml would vanish), a warning otherwise."""
    folder = root / "data"
    known = [spec.name for spec in DATA_FILES]
    try:
        names = sorted(entry.name for entry in folder.iterdir() if not entry.name.startswith("."))
    except OSError:
        return []  # no data/ folder, or unreadable: safety/links.py reports it
    problems = []
    for name in names:
        if name in known or not name.endswith((".yml", ".yaml")) or not (folder / name).is_file():
            continue  # a README or notes beside the data files are for people
        close = difflib.get_close_matches(name.removesuffix(".yaml").removesuffix(".yml") + ".yml", known, n=1,
                                          cutoff=0.85)
        if close:
            problems.append(Problem(f"data/{name}", 0, 0, "", f"not a data file trustsite reads; did you mean "
                                    f"'{close[0]}'? (what it holds is ignored: merge it into that file and remove it)"))
        else:
            problems.append(Problem(f"data/{name}", 0, 0, "", "not a data file trustsite reads; it is ignored "
                                    f"(data files: {', '.join(known)})", severity="warning"))
    return problems


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading builds millions of small acyclic objects; the cyclic collector scanning them again and
    again took 70% of the time of a 5,000-sub-processor check (3.3 s -> 1.0 s without it).

    Afterwards they are frozen (moved out of the collector's generations): otherwise the first
    collection after re-enabling scans them all at once (0.8 s). Frozen objects are still freed by
    reference counting when no longer used, but frozen cycles are not: the next load (and the plugin at
    the end of each build) unfreezes them, so a long `mkdocs serve` does not keep every old project.
    """
    enabled = gc.isenabled()
    gc.unfreeze()  # what an earlier load froze is collectable again: a long `mkdocs serve` stays flat
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def check_project(root: Path, today: dt.date | None = None, *, expiry: bool = True, files: bool = True,
                  archived: bool = False, cache: Caches | None = None,
                  inputs: bytes | None = None) -> tuple[Project | None, list[Problem]]:
    """Everything `trustsite check` and every build verify; the project only when there is no error.

    `today` is the build date (default: clock.build_date()); expiry rules compare against it.
    `expiry=False` skips them: comparing two states (trustsite diff) is not about whether a
    certificate has lapsed since. `files=False` skips what lies beside data/ and content/ (the
    documents, the archive of versions): a state from git or an archived version holds only those two.
    `archived=True` reads a released version as the record it is: without the legal rules added since
    (validate/rules.py, rule(current_only=True)), which would otherwise make history unreadable.
    The errata and the comparison of today's data with the newest released version lie a layer above (they read
    the archive as a project and compare states): versions/errata.py check_released_project adds them.
    `cache`: the caches of the run this check is part of (load/cache.py Caches); None reads everything again.
    `inputs`: inputs_key(root, today, expiry, files), where the caller has computed it already (it reads every
    input file: versions/errata.py keys its own cache by it too).
    """
    root = Path(root)
    with paused_gc():
        if cache is None or cache.disk is None or not files:  # states of a diff: temporary folders, never read twice
            return _check_project(root, today, expiry, files, archived, cache)
        day = today if today is not None else build_date()
        project, problems = cache.remembered(PROJECT_CACHE, PROJECT_CACHE_KEEP,
                                             inputs if inputs is not None else inputs_key(root, day, expiry, files),
                                             lambda: _check_project(root, day, expiry, files, cache=cache),
                                             keep_if=lambda checked: checked[0] is not None)  # never an invalid one
        return project, list(problems)


# A valid project, kept by a digest of everything checking it reads: validating thousands of
# sub-processors costs more than reading back the pickle (0.44 s against 0.08 s for 5,000).
PROJECT_CACHE = "projects"
PROJECT_CACHE_KEEP = 16  # the project folder as it was at the last few checks


def inputs_key(root: Path, today: dt.date, expiry: bool, files: bool) -> bytes:
    import babel
    import pydantic
    import trustsite

    # the folder itself too: a project knows where it lies (documents, archive), and a diff reads states
    # of the same content from different temporary folders
    digest = hashlib.sha256(f"project 3 {root.resolve()}\0{today.isoformat()} {expiry} {files} {pydantic.VERSION} "
                            f"{babel.__version__}".encode())
    for folder in ("data", "content", LOCK_DIR, ARCHIVE_DIR):
        digest.update(f"\0{folder}\0".encode())
        add_tree(digest, root / folder, read=True)
    digest.update(b"\0documents\0")
    add_tree(digest, root / DOCUMENTS_DIR, read=False)
    # mkdocs.yml and the theme's custom_dir are checked too (validate/siteconfig.py, safety/links.py)
    config = root / "mkdocs.yml"
    digest.update(b"\0mkdocs.yml\0" + (hashlib.sha256(config.read_bytes()).digest() if config.is_file() else b"-"))
    add_tree(digest, overrides_dir(root), read=False)
    digest.update(b"\0code\0")
    add_tree(digest, Path(trustsite.__file__).parent, read=False)
    return digest.digest()


def _check_project(root: Path, today: dt.date | None, expiry: bool, files: bool,
                   archived: bool = False, cache: Caches | None = None) -> tuple[Project | None, list[Problem]]:
    checked, problems = read_data(root, cache)
    checked.archived = archived
    # links leaving the project and special files: in data/ and content/ always, in what a site publishes too
    custom = overrides_dir(root)  # outside the project it is reported by check_mkdocs_yml, and not read
    problems.extend(scan_project(root, [custom] if custom.is_relative_to(root.resolve()) else []) if files else
                    [*scan_folder(root, "data"), *scan_folder(root, "content")])
    if files:  # the project's own mkdocs.yml (a state of a diff and an archived version have none)
        problems.extend(check_mkdocs_yml(root))
    checked.today = (today if today is not None else build_date()) if expiry else None
    if not files:
        checked.root = None  # the rules about files beside data/ need a full project folder
    org = checked.values.get("organisation")
    content = None
    if org is not None and org.default_language in org.languages:
        content, content_problems = load_content(root, list(org.languages), org.default_language)
        problems.extend(content_problems)
        problems.extend(check_content(content, list(org.languages), org.default_language))
    checked.content = content  # read once: the rules about what the pages show use it too
    problems.extend(run_rules(checked))
    if files and checked.values.get("versions") is not None \
            and not any(p.file == "data/versions.yml" and p.severity == "error" for p in problems):
        problems.extend(check_archive(  # against a valid data/versions.yml
            root, checked.values["versions"], checked.located.get("versions")))
    organisation_valid = org is not None and not any(  # comparing mkdocs.yml with broken languages is noise
        p.severity == "error" and p.path.startswith(("organisation.languages", "organisation.default_language"))
        for p in problems)
    if files and organisation_valid:  # mkdocs.yml builds the organisation's languages, with every label translated
        from trustsite.load.siteconfig import load_site_config
        from trustsite.validate.catalogs import check_catalogs
        from trustsite.validate.site_languages import check_site_languages

        problems.extend(check_site_languages(load_site_config(root), list(org.languages), org.default_language))
        problems.extend(check_catalogs(list(org.languages), overrides_dir(root), root))
    if files:
        problems.extend(find_todos(root, content))
    if any(p.severity == "error" for p in problems):
        return None, sorted(problems)
    project = Project(root=root, content=content, located=checked.located, **checked.values)
    if files and (root / LOCK_DIR).is_dir():  # warnings: a stale translation does not stop a build
        problems.extend(check_translations(project))
    return project, sorted(problems)


def load_project(root: Path, today: dt.date | None = None, cache: Caches | None = None) -> Project:
    """The validated project, or ProjectError carrying every problem."""
    project, problems = check_project(root, today, cache=cache)
    if project is None:
        raise ProjectError(problems)
    return project
