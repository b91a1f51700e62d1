"""CLI: a thin command line over the library; imports no MkDocs so CI can check without building."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trustsite.clock import BuildDateError, build_date
from trustsite.errors import format_problems
from trustsite.load.project import check_project
from trustsite.load.siteconfig import overrides_dir
from trustsite.model.files import DATA_FILES
from trustsite.render.dryrun import render_all_blocks

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2  # click's own code for bad usage

root_option = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project folder (with data/ and content/).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """trustsite: privacy statements and trust centers from validated YAML."""


@main.command()
@root_option
def check(root: Path) -> None:
    """Validate data/ and content/; print every problem, compiler-style.

    Exit 0 when valid (warnings may be printed), 1 when any error is found.
    """
    try:
        today = build_date()
    except BuildDateError as exc:
        raise click.UsageError(str(exc)) from None
    project, problems = check_project(root, today)
    if project is not None:  # a dry run of every block catches template errors before any build
        _, render_problems = render_all_blocks(project, overrides_dir(root), today)
        problems = [*problems, *render_problems]
    if problems:
        click.echo(format_problems(problems), err=True)
    if project is None or any(p.severity == "error" for p in problems):
        sys.exit(EXIT_INVALID)
    languages = ", ".join(project.languages)
    click.echo(f"ok: {len(DATA_FILES)} data files and {len(project.content.pages)} pages valid in {languages}")


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


@main.command()
@click.option("--write", "target", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Replace the reference between the markers in this file (e.g. README.md).")
@click.option("--check", "verify", is_flag=True, help="With --write: exit 1 if the file is out of date.")
def reference(target: Path | None, verify: bool) -> None:
    """Print the data reference (every file, every field) generated from the models."""
    from trustsite.render.reference import END, START, render_reference, replace_reference

    if target is None:
        click.echo(render_reference(), nl=False)
        return
    text = target.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise click.ClickException(f"{target}: add the markers {START!r} and {END!r} where the reference goes")
    updated = replace_reference(text)
    if verify:
        if updated != text:
            click.echo(f"{target}: the data reference is out of date; run 'trustsite reference --write {target}'", err=True)
            sys.exit(EXIT_INVALID)
        return
    target.write_text(updated, encoding="utf-8")
    click.echo(f"updated the data reference in {target}")


if __name__ == "__main__":  # pragma: no cover
    main()
