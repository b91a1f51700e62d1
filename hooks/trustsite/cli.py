"""CLI: a thin command line over the library; imports no MkDocs so CI can check without building."""

from __future__ import annotations

import functools
import inspect
import json
import os
import shutil
import sys
from pathlib import Path

import click

from trustsite.clock import build_date
from trustsite.errors import format_problems
from trustsite.load.cache import Caches, cache_folder
from trustsite.project import check_project
from trustsite.load.siteconfig import overrides_dir
from trustsite.model.files import DATA_FILES
from trustsite.safety.faults import describe_os_error
from trustsite.safety.signals import Stopped, ignore_file_size_signal, stop_as_exception, stop_request
from trustsite.characters import for_terminal
from trustsite.render.checkrun import check_all_blocks

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2  # click's own code for bad usage
EXIT_REVIEW = 3  # diff: a person must decide
EXIT_SIGNIFICANT = 4  # diff: customers must be told first; gate: ... and the version does not allow it
DIFF_EXITS = {"none": EXIT_OK, "editorial": EXIT_OK, "review": EXIT_REVIEW, "significant": EXIT_SIGNIFICANT}

def root_option(command):  # -> the command with --root, --no-cache and --cache-dir
    """The project folder, and where its parsed data files are cached (cache_folder(); docs/pages/cli.md).
    A command that reads the project through the cache takes a `cache` parameter: the Caches of this one run,
    which it passes down (nothing of it outlives the command)."""
    takes_cache = "cache" in inspect.signature(command).parameters
    @click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."),
                  show_default=True, help="The project folder (with data/ and content/).")
    @click.option("--no-cache", is_flag=True, help="Read and render every input again; keep nothing for the next run.")
    @click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                  help="Where the cache is kept (default: cache_dir of the trustsite plugin in mkdocs.yml, "
                       "normally <root>/.trustsite_cache).")
    @functools.wraps(command)
    def with_root(*args, no_cache: bool, cache_dir: Path | None, **kwargs):
        if takes_cache:
            kwargs["cache"] = Caches(cache_folder(kwargs["root"], enabled=not no_cache, folder=cache_dir))
        return command(*args, **kwargs)

    return with_root


def _as_date(ctx: click.Context, param: click.Parameter, value):  # -> datetime.date | None
    return value.date() if value is not None else None


def today_option(help: str = "The build date: which version is in force and which certifications have expired "
                             "(default: the system date; for previews and reproducible builds)."):
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), callback=_as_date, help=help)


def _build_date(today):  # datetime.date | None -> datetime.date
    return build_date(today)


def site_options(today, cache: Caches) -> dict:  # today: datetime.date | None
    """The plugin's options a build takes from the command line, over the ones of mkdocs.yml: the build
    makes its own Caches in the same folder (it runs in MkDocs' plugin, which may also run without trustsite)."""
    options: dict = {"cache": cache.folder is not None}
    if cache.folder is not None:
        options["cache_dir"] = str(cache.folder)
    if today is not None:
        options["build_date"] = today.isoformat()
    return options


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """trustsite: privacy statements and trust centers from validated YAML."""


@main.command()
@root_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes rendering the languages' blocks (one per core is best).")
@today_option()
def check(root: Path, jobs: int, today, cache: Caches) -> None:
    """Validate data/ and content/; print every problem, compiler-style.

    Every block is also checked to render in every language, so a template error stops the check: each
    block is rendered in the default language, and in the others whatever can differ there (see
    render/checkrun.py); where anything fails, every language is rendered in full, in N processes with
    --jobs N. Exit 0 when valid (warnings may be printed), 1 when any error is found.
    """
    today = _build_date(today)
    from trustsite.versions.errata import check_released_project

    project, problems = check_released_project(root, today, cache)  # with the errata and what is not released yet
    if project is not None:  # a dry run of every block catches template errors before any build
        problems = [*problems, *check_all_blocks(project, overrides_dir(root), today, jobs=jobs, cache=cache)]
    if problems:
        click.echo(format_problems(problems), err=True)
    if project is None or any(p.severity == "error" for p in problems):
        sys.exit(EXIT_INVALID)
    languages = ", ".join(project.languages)
    present = sum(1 for spec in DATA_FILES if (root / "data" / spec.name).is_file())  # optional ones may be absent
    click.echo(f"ok: {present} data files and {len(project.content.pages)} pages valid in {languages}")


@main.command()
@root_option
@click.option("--site-dir", "-d", type=click.Path(file_okay=False, path_type=Path),
              help="Where the site goes (default: site_dir of mkdocs.yml, normally <root>/site).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes building the languages, this one included (one per core is best).")
@click.option("--quiet", "-q", is_flag=True, help="Print warnings and errors only.")
@click.option("--draft", is_flag=True, help="Build data not yet released as a draft: pages marked 'draft, not "
              "released' and kept out of search engines (without it, such data fails the build).")
@today_option()
def build(root: Path, site_dir: Path | None, jobs: int, quiet: bool, draft: bool, today, cache: Caches) -> None:
    """Build the site with MkDocs; replace the old site only if the whole build succeeds.

    The build goes into a temporary folder beside the site and is swapped in at the end, so a failed
    build leaves the published site as it was. With --jobs N the languages are built in N processes
    and merged; the result is byte-identical to the serial build. Data or statement prose that differs
    from the newest released version (and no erratum of it records) fails the build, located: the site
    would present it as that version; release it first, or build a preview with --draft. Exit 0 when
    built, 1 when not.
    """
    import logging
    import time

    from trustsite.site.build import BuildFailed, build_site  # MkDocs is imported here only

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.WARNING if quiet else logging.INFO)
    started = time.perf_counter()
    try:
        target = build_site(root / "mkdocs.yml", site_dir, jobs, {**site_options(today, cache), **({"draft": True} if draft else {})})
    except BuildFailed as exc:
        click.echo(f"error: the build failed ({for_terminal(str(exc))}); the published site was left as it was", err=True)
        sys.exit(EXIT_INVALID)
    except (KeyboardInterrupt, Stopped) as exc:
        click.echo(f"error: the build was stopped ({_signal_name(exc)}); the published site was left as it was",
                   err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"built {target} in {time.perf_counter() - started:.1f} s ({jobs} job{'s' if jobs > 1 else ''})")


@main.command()
@root_option
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="Serve only this language (repeat for more); default: every language of mkdocs.yml.")
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Where the preview is served.")
@today_option()
def serve(root: Path, languages: tuple[str, ...], dev_addr: str, today, cache: Caches) -> None:
    """Serve a live preview that rebuilds only what a save affects.

    A saved content page rebuilds its language only; a saved data file (or anything else the build
    reads) rebuilds every served language. Every rebuild checks the project as a build does: an error
    is printed and the preview keeps the pages it had. Changes not yet released are shown as a draft
    (as `build --draft` does). Stop with Ctrl+C.
    """
    import logging

    from trustsite.site.preview import PreviewError, serve_preview  # MkDocs is imported here only

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)  # trustsite's own messages log below "mkdocs" too
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        serve_preview(root / "mkdocs.yml", list(languages) or None, dev_addr, options=site_options(today, cache))
    except PreviewError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write the web-server examples of the site's response headers into this folder.")
@click.option("--check", "check_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Exit 1 if the examples in this folder are missing or out of date.")
def headers(write_dir: Path | None, check_dir: Path | None) -> None:
    """Print the site's response headers (Content-Security-Policy and the rest), or write or check the
    examples for web servers (nginx, Apache, Caddy, Firebase, Vercel, Netlify/Cloudflare `_headers`)."""
    from trustsite.site.headers import render_headers_file, stale_host_files, write_host_files  # no MkDocs

    if write_dir is not None and check_dir is not None:
        raise click.UsageError("give --write or --check, not both")
    if write_dir is not None:
        write_host_files(write_dir)
        click.echo(f"wrote the header examples into {write_dir}")
    elif check_dir is not None:
        stale = stale_host_files(check_dir)
        for name in stale:
            click.echo(f"{check_dir / name}: stale; run trustsite headers --write {check_dir}", err=True)
        if stale:
            sys.exit(EXIT_INVALID)
    else:
        click.echo(render_headers_file(https=True), nl=False)


@main.command()
@root_option
@click.argument("site", type=click.Path(path_type=Path))
def verify(root: Path, site: Path, cache: Caches) -> None:
    """Check a built SITE, whatever built it (MkDocs, ProperDocs, Zensical): no directive left unexpanded,
    every language and page, every export and document, the _headers file and the in-page policy current.
    Exit 0 when it holds, 1 when anything is missing or stale."""
    from trustsite.load.siteconfig import read_site_config
    from trustsite.site.verify import verify_site

    project, problems = check_project(root, expiry=False, cache=cache)
    if project is None:
        click.echo(format_problems(problems), err=True)
        click.echo("error: the project is not valid, so the site cannot be verified against it", err=True)
        sys.exit(EXIT_INVALID)
    site_url = str(read_site_config(root).get("site_url") or "")
    found = verify_site(site, project, https=site_url.startswith("https://"))
    if found:
        click.echo(format_problems(found), err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"ok: {site} holds every page in {', '.join(project.languages)}, every export, and current headers")


@main.command()
@root_option
@click.option("--check", "verify", is_flag=True, help="Exit 1 if the published schemas are out of date.")
def schema(root: Path, verify: bool) -> None:
    """Write the JSON Schemas of the data files to schemas/ and of the exports to schemas/exports/."""
    from trustsite.export.models import EXPORT_MODELS, export_schema

    out_dir = root / "schemas"
    documents: dict[Path, dict] = {}
    for spec in DATA_FILES:
        schema_doc = spec.file_model.model_json_schema()
        documents[out_dir / f"{spec.key}.schema.json"] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema", "title": spec.name, **schema_doc}
    for name in EXPORT_MODELS:  # the published exports (trust/*.json), versioned by schema_version
        documents[out_dir / "exports" / name] = export_schema(name)
    stale = []
    for target, schema_doc in documents.items():
        text = json.dumps(schema_doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        if verify:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target.as_posix())
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if stale:
        click.echo("out of date (run 'trustsite schema'): " + ", ".join(stale), err=True)
        sys.exit(EXIT_INVALID)
    if not verify:
        click.echo(f"wrote {len(documents)} schemas to {out_dir.as_posix()}/ (data files and exports/)")


def _write_between(target: Path, start: str, end: str, content: str, verify: bool, command: str) -> None:
    """Replace the generated part of a file (between two marker lines), or check that it is current."""
    text = target.read_text(encoding="utf-8")
    if start not in text or end not in text:
        raise click.ClickException(f"{target}: add the markers {start!r} and {end!r} where the generated text goes")
    from trustsite.clidoc import between_markers

    updated = between_markers(text, start, end, content)
    if verify:
        if updated != text:
            click.echo(f"{target}: the generated text is out of date; run '{command} --write {target}'", err=True)
            sys.exit(EXIT_INVALID)
        return
    target.write_text(updated, encoding="utf-8")
    click.echo(f"updated {target}")


# The tool's documentation site (docs/mkdocs.yml) keeps its pages here; the generated ones are written into them.
DOCS_PAGES = Path("docs") / "pages"


def generated_page_options(page: str):  # -> a decorator adding --write [FILE] and --check
    """`--write` replaces the generated text between its markers in FILE (default: the documentation page that
    holds it), `--check` exits 1 when that file is out of date instead of writing it."""
    default = DOCS_PAGES / page

    def decorate(command):
        command = click.option("--check", "verify", is_flag=True,
                               help=f"Exit 1 if the file (default: {default.as_posix()}) is out of date; write nothing.")(command)
        return click.option("--write", "target", is_flag=False, flag_value=default, metavar="FILE",
                            type=click.Path(exists=True, dir_okay=False, path_type=Path),
                            help=f"Replace the generated text between its markers in FILE "
                                 f"(default: {default.as_posix()}).")(command)
    return decorate


def _print_or_write(target: Path | None, verify: bool, page: str, start: str, end: str, content: str,
                    command: str) -> None:
    if target is None and not verify:
        click.echo(content, nl=False)
        return
    path = target or DOCS_PAGES / page
    if not path.is_file():
        raise click.UsageError(f"{path.as_posix()} does not exist; run this in the trustsite repository or give --write FILE")
    _write_between(path, start, end, content, verify, command)


@main.command()
@generated_page_options("reference.md")
def reference(target: Path | None, verify: bool) -> None:
    """Print the data reference (every file, every field) generated from the models."""
    from trustsite.render.reference import END, START, render_reference

    _print_or_write(target, verify, "reference.md", START, END, render_reference(), "trustsite reference")


@main.command()
@generated_page_options("change-rules.md")
def rules(target: Path | None, verify: bool) -> None:
    """Print the change table: which rule classifies which change, with its reason and source."""
    from trustsite.changes.classify import RULES_END, RULES_START, render_rule_table

    _print_or_write(target, verify, "change-rules.md", RULES_START, RULES_END, render_rule_table(), "trustsite rules")


@main.command()
@generated_page_options("cli.md")
def commands(target: Path | None, verify: bool) -> None:
    """Print the command-line reference: every command with its usage and options, as `--help` gives them."""
    from trustsite.clidoc import CLI_END, CLI_START, render_cli_reference

    _print_or_write(target, verify, "cli.md", CLI_START, CLI_END, render_cli_reference(main), "trustsite commands")


@main.command("legal-rules")
@generated_page_options("legal-rules.md")
def legal_rules(target: Path | None, verify: bool) -> None:
    """Print the legal rule tables for review: regimes, adequacy findings, transfer mechanisms, the rules check applies."""
    from trustsite.render.legal_rules import END, START, render_legal_rules

    _print_or_write(target, verify, "legal-rules.md", START, END, render_legal_rules(), "trustsite legal-rules")


@main.command()
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
@generated_page_options("coverage.md")
def coverage(root: Path, fmt: str, target: Path | None, verify: bool, cache: Caches) -> None:
    """Per language, each element of GDPR Art. 13/14 (A1-A17) with the page and block that says it, or what is
    missing; exit 1 on a gap. With --write or --check (Markdown), the generated part of docs/pages/coverage.md."""
    from trustsite.render.coverage import END, FORMATS, START, coverage as find_coverage, gaps

    project, problems = check_project(root, expiry=False, cache=cache)  # coverage is about the pages, not dates
    if project is None:
        click.echo(format_problems(problems), err=True)
        sys.exit(EXIT_INVALID)
    report = find_coverage(project)
    if target is not None or verify:
        _print_or_write(target, verify, "coverage.md", START, END, FORMATS["markdown"](report),
                        "trustsite coverage --format markdown")
    else:
        click.echo(FORMATS[fmt](report), nl=False)
    if gaps(report):
        sys.exit(EXIT_INVALID)


# ------------------------------------------------------------------ change detection

def _states(root: Path, base: str | None, head: str | None, today, cache: Caches):  # -> tuple[State, State]
    """Load both states; usage errors become click errors, invalid data exits 1 with every problem."""
    from trustsite.changes.states import StateError, default_base_for, load_state, published_base

    refs = [spec for spec in (base, head) if spec is not None and not (Path(spec) / "data").is_dir()]
    git_base = base is None and published_base(root, today) is None  # nothing archived: the merge base
    if (git_base or refs) and shutil.which("git") is None:
        what = f"'{refs[0]}' is not a project folder, so it names a git ref" if refs else \
            "nothing is archived yet, so without BASE the base is found with git (the merge base with the main branch)"
        click.echo(f"error: git is not installed: {what}; install git, or compare two project folders", err=True)
        sys.exit(EXIT_INVALID)
    try:
        if base is None:
            found = default_base_for(root, today)
            base_state = load_state(found.spec, root, cache)
            base_state.label = found.label
        else:
            base_state = load_state(base, root, cache)
        head_state = load_state(head, root, cache)
    except StateError as exc:
        raise click.UsageError(str(exc)) from None
    problems = [*base_state.problems, *head_state.problems]
    if problems:
        click.echo(format_problems(problems), err=True)
    for state in (base_state, head_state):
        if state.project is None:
            click.echo(f"error: {state.label} is not valid; fix it first (trustsite check)", err=True)
            sys.exit(EXIT_INVALID)
    return base_state, head_state


@main.command()
@root_option
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "github"]), default="text",
              show_default=True, help="text for people, json for tools, markdown for a pull-request comment, "
                                      "github for workflow annotations.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--language", "-l", help="Describe the changes in this language of the project (default: its default language).")
@today_option("The day promised dates are compared with and the published version is found for (default: the "
              "system date).")
def diff(root: Path, base: str | None, head: str | None, fmt: str, output: Path | None, language: str | None,
         today, cache: Caches) -> None:
    """Classify every change from BASE to HEAD: significant, review or editorial.

    BASE and HEAD are git refs or project directories. Without BASE: the version this organisation
    published (the archived version in force, else the latest archived one; before the first release, the
    merge base of HEAD with the main branch), named in the report; without HEAD: the working tree. Exit 0: nothing or editorial only; 1: invalid
    data; 2: usage error; 3: review needed; 4: significant.
    """
    from trustsite.changes.report import FORMATS, compare

    today = _build_date(today)
    base_state, head_state = _states(root, base, head, today, cache)
    report = compare(base_state.project, head_state.project, base_state.label, head_state.label, today=today,
                     overrides=overrides_dir(root), language=language)
    text = FORMATS[fmt](report)
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"error: {describe_os_error(exc, 'write the report')}", err=True)
            sys.exit(EXIT_INVALID)
        click.echo(report.summary(), err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(DIFF_EXITS[report.level])


@main.command()
@root_option
@click.argument("base", required=False)
@click.argument("head", required=False)
@today_option("The date to count the notice period from (default: the system date).")
def gate(root: Path, base: str | None, head: str | None, today, cache: Caches) -> None:
    """Fail when a significant change has no new version that leaves the notice period.

    Exit 0: no significant change, or a new version in data/versions.yml takes effect at least
    notice_period_days (data/organisation.yml) after today and no translation is stale; 1: invalid
    data; 2: usage error; 4: a significant change without such a version, or not yet translated.
    """
    from trustsite.changes.gate import check_notice_period, check_subprocessor_notice, check_translations_reached
    from trustsite.changes.report import compare

    day = _build_date(today)
    base_state, head_state = _states(root, base, head, day, cache)
    report = compare(base_state.project, head_state.project, base_state.label, head_state.label, today=day)
    verdict = check_notice_period(report, base_state.project, head_state.project, day)
    click.echo(verdict.message, err=not verdict.ok)
    subprocessors = check_subprocessor_notice(base_state.project, head_state.project, day)
    if not subprocessors.ok:
        click.echo(subprocessors.message, err=True)
    untranslated = check_translations_reached(report, head_state.project)
    if untranslated:
        click.echo(untranslated, err=True)
    sys.exit(EXIT_OK if verdict.ok and subprocessors.ok and not untranslated else EXIT_SIGNIFICANT)


@main.command()
@root_option
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("notice"),
              show_default=True, help="Folder for the drafts (one subfolder per language).")
@today_option("The day promised dates are compared with (default: the system date).")
def notice(root: Path, base: str | None, head: str | None, out_dir: Path, today, cache: Caches) -> None:
    """Draft the customer e-mail for the significant changes from BASE to HEAD, in every language.

    Writes <out>/<language>/subject.txt, body.txt, body.html and message.eml. Exit 0 when drafts
    were written or no notice is needed; 1 when data is invalid or the new version is missing.
    """
    from trustsite.changes.notice import NoticeError, site_url_of, write_notices
    from trustsite.changes.report import compare

    today = _build_date(today)
    base_state, head_state = _states(root, base, head, today, cache)
    report = compare(base_state.project, head_state.project, base_state.label, head_state.label, today=today)
    if report.level != "significant":
        click.echo(f"no notice needed: {report.summary()}")
        return
    try:
        written = write_notices(report, base_state.project, head_state.project, overrides_dir(root), out_dir,
                                site_url_of(root, head))
    except NoticeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    except OSError as exc:
        click.echo(f"error: {describe_os_error(exc, 'write the notice drafts')}", err=True)
        sys.exit(EXIT_INVALID)
    for path in written:
        click.echo(f"wrote {path.as_posix()}")


# ------------------------------------------------------------------ subscriptions


def _announcement_messages(root: Path, day, cache: Caches):  # -> (project, announcement, messages)
    """What was announced on `day`, drafted for every list of data/subscriptions.yml."""
    from trustsite.changes.notice import NoticeError, site_url_of
    from trustsite.notify.digest import collect, draft_messages

    project = _load_or_exit(root, cache)
    if project.subscriptions is None:
        raise click.UsageError("data/subscriptions.yml is missing: it names the list provider and its lists")
    try:
        url = site_url_of(root)
    except NoticeError as exc:
        raise click.UsageError(str(exc)) from None
    announcement = collect(project, day)
    lists = list(project.subscriptions.provider.lists)
    return project, announcement, draft_messages(project, announcement, url, overrides_dir(root), lists)


def _notify_day(day):  # -> datetime.date
    return _build_date(day.date() if day else None)


def _send_announcement(root: Path, day, dry_run: bool, verbs: tuple[str, str], plan, describe, deliver,
                       cache: Caches) -> None:
    """What every list provider's command does: draft the day's announcement, plan one item per list, show each
    (with its text on a dry run), then deliver them all; a provider's refusal ends with one error line.

    verbs: what is done to each item on a dry run and otherwise ('would post', 'posting');
    plan(project, messages, day) -> items; describe(item) -> the line after the verb;
    deliver(items, day) -> the closing line."""
    from trustsite.notify.http import ProviderError

    on = _notify_day(day)
    project, announcement, messages = _announcement_messages(root, on, cache)
    if not announcement:
        click.echo(f"nothing was announced on {on.isoformat()}")
        return
    items = plan(project, messages, on)
    for item in items:
        click.echo(f"{verbs[0] if dry_run else verbs[1]} {describe(item)}")
        if dry_run:
            click.echo(item.text)
    if dry_run:
        return
    try:
        summary = deliver(items, on)
    except ProviderError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(summary)


day_option = click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]),
                          help="The day whose announcements are sent (default: the system date).")
dry_run_option = click.option("--dry-run", is_flag=True, help="Print what would be sent; send nothing.")


@main.group()
def notify() -> None:
    """Send what was announced on a day (sub-processor changes, new versions) to the subscribers' lists.

    Run it once a day from CI, after the site is published: several changes announced on the same day go out as
    one message per list. The lists are named in data/subscriptions.yml; see docs/subprocessors.md.
    """


@notify.command("mailman")
@root_option
@day_option
@dry_run_option
@click.option("--api-url", envvar="MAILMAN_REST_URL", default="http://localhost:8001", show_default=True,
              help="Mailman core's REST API (env MAILMAN_REST_URL).")
@click.option("--api-user", envvar="MAILMAN_REST_USER", default="restadmin", show_default=True,
              help="REST user (env MAILMAN_REST_USER).")
@click.option("--api-password", envvar="MAILMAN_REST_PASSWORD", default="", help="REST password (env MAILMAN_REST_PASSWORD).")
@click.option("--sender", help="The From address (default: the privacy contact); it must be allowed to post.")
def notify_mailman(root: Path, day, dry_run: bool, api_url: str, api_user: str, api_password: str,
                   sender: str | None, cache: Caches) -> None:
    """Post the day's announcement to each Mailman 3 list (one per language and scope)."""
    from trustsite.notify import mailman
    from trustsite.notify.http import JsonApi

    def deliver(postings: list, on) -> str:
        mailman.post(JsonApi(api_url, api_user, api_password), postings)
        return f"posted {len(postings)} message(s) for {on.isoformat()}"

    _send_announcement(
        root, day, dry_run, ("would post", "posting"),
        plan=lambda project, messages, on: mailman.plan(messages, project.subscriptions.provider.lists,
                                                        sender or project.organisation.privacy_contact.email, on),
        describe=lambda posting: f"to {posting.list_address}: {posting.subject}",
        deliver=deliver, cache=cache)


@notify.command("listmonk")
@root_option
@day_option
@dry_run_option
@click.option("--api-url", envvar="LISTMONK_URL", help="listmonk's address, e.g. https://lists.example.com (env LISTMONK_URL).")
@click.option("--api-user", envvar="LISTMONK_API_USER", default="", help="API user (env LISTMONK_API_USER).")
@click.option("--api-token", envvar="LISTMONK_API_TOKEN", default="", help="API token (env LISTMONK_API_TOKEN).")
@click.option("--sender", help="The From address (default: listmonk's own setting).")
def notify_listmonk(root: Path, day, dry_run: bool, api_url: str | None, api_user: str, api_token: str,
                    sender: str | None, cache: Caches) -> None:
    """Send the day's announcement as a listmonk campaign to each list (one per language and scope)."""
    from trustsite.notify import listmonk
    from trustsite.notify.http import JsonApi

    def deliver(campaigns: list, on) -> str:
        if not api_url:
            raise click.UsageError("give --api-url (or LISTMONK_URL)")
        started = listmonk.send(JsonApi(api_url, api_user, api_token), campaigns, sender or "")
        return (f"started {len(started)} campaign(s) for {on.isoformat()}"
                + (f"; {len(campaigns) - len(started)} had been sent before" if len(started) < len(campaigns) else ""))

    _send_announcement(
        root, day, dry_run, ("would send", "sending"),
        plan=lambda project, messages, on: listmonk.plan(messages, project.subscriptions.provider.lists, on),
        describe=lambda campaign: f"campaign '{campaign.name}' to list {campaign.list_uuid}: {campaign.subject}",
        deliver=deliver, cache=cache)


# ------------------------------------------------------------------ versions


@main.command()
@root_option
@click.option("--effective", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The date the version takes effect (YYYY-MM-DD).")
@click.option("--id", "vid", help="The version ID (default: <year>.<n>, the next number in the year of release).")
@today_option("The release date (default: the system date).")
@click.option("--level", type=click.Choice(["significant", "editorial"]),
              help="Your decision when the diff leaves changes to review (it cannot lower a significant change).")
def release(root: Path, effective, vid: str | None, today, level: str | None, cache: Caches) -> None:
    """Record a new version in data/versions.yml and freeze it as archive/<id>/ with a SHA-256 manifest.

    Refuses (exit 1, nothing written) when trustsite check fails, when the ID exists, or when a
    significant change takes effect sooner than notice_period_days allows.
    """
    from trustsite.versions.release import ReleaseRefused, release as do_release

    try:
        plan = do_release(root, effective.date(), _build_date(today), vid, level, cache)
    except ReleaseRefused as exc:
        if exc.problems:
            click.echo(for_terminal(format_problems(exc.problems)), err=True)
        click.echo(f"refused: {for_terminal(str(exc))}; nothing was written", err=True)
        sys.exit(EXIT_INVALID)
    except (KeyboardInterrupt, Stopped) as exc:
        click.echo(f"error: the release was stopped ({_signal_name(exc)}); nothing was written", err=True)
        sys.exit(EXIT_INVALID)
    except OSError as exc:
        click.echo(f"error: {describe_os_error(exc, 'write the release')}; nothing was written", err=True)
        sys.exit(EXIT_INVALID)
    level_text = plan.level or "first version"
    since = f" since version {plan.previous}" if plan.previous else ""
    click.echo(f"released {plan.vid} ({level_text}{since}), effective {plan.effective.isoformat()}: "
               f"archive/{plan.vid}/ and data/versions.yml; review the drafted summary before merging")


@main.command()
@root_option
def seal(root: Path) -> None:
    """Record the SHA-256 of every archived version's manifest in data/versions.yml and chain the manifests,
    for versions released before trustsite did so at release. Never changes a digest or link already there;
    refuses (exit 1, nothing written) when an archived file does not match its manifest."""
    from trustsite.versions.seal import SealRefused, seal_archive

    try:
        done = seal_archive(root)
    except SealRefused as exc:
        click.echo(f"refused: {for_terminal(str(exc))}", err=True)
        sys.exit(EXIT_INVALID)
    except OSError as exc:
        click.echo(f"error: {describe_os_error(exc, 'seal the archive')}", err=True)
        sys.exit(EXIT_INVALID)
    for line in done:
        click.echo(line)
    click.echo("the archive is sealed" if done else "nothing to seal: every version is chained and recorded")


# ------------------------------------------------------------------ a new organisation


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--organisation", "name", required=True, help="The organisation's name, as readers know it.")
@click.option("--country", required=True, help="Country of the head office (ISO 3166-1 alpha-2, e.g. PL).")
@click.option("--languages", required=True, help="Languages of the statement, the default first (e.g. pl,en,cs).")
@click.option("--subsidiary", "subsidiaries", multiple=True, help="Country of a group company (repeat for each).")
@click.option("--email", help="The privacy contact's e-mail address.")
@click.option("--website", help="The organisation's website (https://...).")
@click.option("--site-url", help="Where this site will be published (https://...).")
@click.option("--land", help="German organisations: the Land of the seat (ISO 3166-2, e.g. DE-BY).")
@click.option("--here", is_flag=True, help="Replace the example organisation of a trustsite fork in place.")
@today_option("The release date of the first version (default: the system date).")
def init(directory: Path | None, name: str, country: str, languages: str, subsidiaries: tuple[str, ...],
         email: str | None, website: str | None, site_url: str | None, land: str | None, here: bool, today) -> None:
    """Write a new organisation's project into DIRECTORY (new or empty): data, pages in every language,
    mkdocs.yml, a first version, CI workflows and a README; then `trustsite check` lists what to fill in."""
    from trustsite.scaffold.project import Request, ScaffoldError, make_organisation, scaffold

    if directory is None and not here:
        raise click.UsageError("name the new project's folder (or pass --here in a fork of trustsite)")
    try:
        org = make_organisation(name, country, languages, subsidiaries, email, website, land)
        written = scaffold(Request(directory or Path("."), org, here, site_url), _build_date(today))
    except ScaffoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    where = (directory or Path(".")).as_posix()
    step = "trustsite check" if where == "." else f"cd {where} && trustsite check"
    click.echo(f"wrote {len(written)} files into {where}/ for {org.name} in {', '.join(org.languages)}; "
               f"next: {step} (it lists every TODO to fill in)")


# ------------------------------------------------------------------ translations


@main.group()
def translations() -> None:
    """Which translations are current, stale (their source changed) or not yet recorded."""


def _load_or_exit(root: Path, cache: Caches):  # -> Project
    project, problems = check_project(root, expiry=False, cache=cache)  # translating comes before releasing
    if project is None:
        click.echo(format_problems(problems), err=True)
        sys.exit(EXIT_INVALID)
    return project


@translations.command("status")
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when any translation is stale.")
def translations_status(root: Path, fmt: str, strict: bool, cache: Caches) -> None:
    """Per language: units current, stale and unrecorded, then every stale one with its place."""
    from trustsite.validate.catalogs import catalog_reviews
    from trustsite.validate.translations import check_translations, missing_by_language, translation_status

    project, problems = check_project(root, expiry=False, cache=cache)  # translating comes before releasing
    if project is None:  # missing translations stop a build; show them per language, then the details
        missing = missing_by_language(problems)
        for lang, found in missing.items():
            click.echo(f"{lang}: {len(found)} missing")
        click.echo(format_problems(problems), err=True)
        sys.exit(EXIT_INVALID)
    statuses = translation_status(project)
    languages = [lang for lang in project.languages if lang != project.default_language]
    counts = {lang: {"current": 0, "stale": 0, "unrecorded": 0} for lang in languages}
    for status in statuses:
        counts[status.language][status.state] += 1
    stale = check_translations(project)
    reviews = catalog_reviews(project.languages, overrides_dir(root))
    if fmt == "markdown":
        lines = ["# Translation status\n", f"Source language: `{project.default_language}`. "
                 "A translation is *stale* when its source changed after it was translated.\n",
                 "| Language | Current | Stale | Not yet recorded | State |", "|---|---|---|---|---|"]
        for lang in languages:
            c = counts[lang]
            state = "complete" if not c["stale"] and not c["unrecorded"] else "stale" if c["stale"] else "unrecorded"
            lines.append(f"| {lang} | {c['current']} | {c['stale']} | {c['unrecorded']} | {state} |")
        if stale:
            lines += ["", "## Stale", "", "| Where | Unit |", "|---|---|"]
            lines += [f"| `{p.file}:{p.line}` | `{p.path}` |" for p in stale]
        lines += ["", "## Label catalogs", "", "| Language | Reviewed by | On | Terminology checked on |",
                  "|---|---|---|---|"]
        lines += [f"| {r.language} | {r.reviewed_by or 'not reviewed'} | {r.reviewed_on} | {r.checked_on} |"
                  for r in reviews]
        click.echo("\n".join(lines))
    else:
        for lang in languages:
            c = counts[lang]
            click.echo(f"{lang}: {c['current']} current, {c['stale']} stale, {c['unrecorded']} not yet recorded")
        for review in reviews:
            state = (f"reviewed by {review.reviewed_by} on {review.reviewed_on}" if review.reviewed
                     else "not reviewed (a reviewer records their name and the date in locales/reviews.yml)")
            if not review.reviewed and review.checked_on:
                state += f"; terminology checked against the official GDPR text on {review.checked_on}"
            click.echo(f"labels {review.language}: {state}")
        for problem in stale:
            click.echo(problem.format())
    if strict and stale:
        sys.exit(EXIT_INVALID)


@translations.command("mark")
@root_option
@click.argument("language")
@click.argument("keys", nargs=-1)
@click.option("--all", "mark_all", is_flag=True, help="Record every unit of LANGUAGE as translated from its current source.")
def translations_mark(root: Path, language: str, keys: tuple[str, ...], mark_all: bool, cache: Caches) -> None:
    """Record that LANGUAGE's translation of KEYS (data paths or heading IDs) matches the current source."""
    from trustsite.validate.translations import mark_current

    project = _load_or_exit(root, cache)
    if language not in project.languages or language == project.default_language:
        others = [lang for lang in project.languages if lang != project.default_language]
        raise click.BadParameter(f"'{language}' is not a translated language ({', '.join(others)})",
                                 param_hint="LANGUAGE")
    if not keys and not mark_all:
        raise click.UsageError("name the units to mark (data paths or heading IDs), or pass --all")
    path, count = mark_current(project, language, None if mark_all else list(keys))
    if keys and count < len(keys):
        raise click.UsageError(f"only {count} of the {len(keys)} keys name a unit; see 'trustsite translations status'")
    click.echo(f"recorded {count} unit(s) in {path.as_posix()}")


@main.group()
def languages() -> None:
    """The languages a project publishes in (declared once, in data/organisation.yml)."""


@languages.command("add")
@root_option
@click.argument("language")
def languages_add(root: Path, language: str) -> None:
    """Publish in LANGUAGE too: data/organisation.yml, mkdocs.yml, and a copy of every page to translate."""
    from trustsite.languages import LanguageError, add_language

    try:
        added = add_language(root, language)
    except LanguageError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"added '{added.language}' to {' and '.join(added.edited)}; {len(added.pages)} page(s) to translate:")
    for page in added.pages:
        click.echo(f"  {page}")
    click.echo("next: translate those pages and the site name, then run 'trustsite check' for the texts in data/")


def _signal_name(exc: BaseException) -> str:
    return stop_request(exc) or str(exc)


def run() -> None:
    """The console entry point: `main`, then leave without tearing the heap down object by object.

    After loading two states of 5,000 sub-processors, freeing every object at exit took about as
    long as the work itself; the output is flushed first and nothing else needs cleaning up.
    A stop request that no command handled itself (they say what they kept) ends with one line, not
    click's "Aborted!" after an empty line.
    """
    ignore_file_size_signal()  # past `ulimit -f` a write fails with EFBIG (reported) instead of killing the process
    code = EXIT_OK
    stops = None
    try:
        with stop_as_exception() as stops:
            returned = main.main(standalone_mode=False)
        code = returned if isinstance(returned, int) else EXIT_OK
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort as exc:  # Ctrl-C, which click turns into Abort
        cause = exc.__cause__ if exc.__cause__ is not None else KeyboardInterrupt()
        click.echo(f"error: stopped ({_signal_name(cause)})", err=True)
        code = EXIT_INVALID
    except Stopped as exc:
        click.echo(f"error: stopped ({_signal_name(exc)})", err=True)
        code = EXIT_INVALID
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            click.echo(exc.code, err=True)
    except Exception as exc:  # a stop request a library wrapped into an error of its own (safety/signals.py)
        name = stop_request(exc, stops)
        if name is None:
            raise
        click.echo(f"error: stopped ({name})", err=True)
        code = EXIT_INVALID
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # the loaded projects are not freed object by object


if __name__ == "__main__":  # pragma: no cover
    run()
