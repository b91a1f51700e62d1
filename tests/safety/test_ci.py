"""CI builds the example with MkDocs and with ProperDocs and verifies both sites; publishing verifies too."""

from __future__ import annotations

import shlex

import click
import yaml

from tests.conftest import REPO
from trustsite.cli import main

WORKFLOWS = REPO / ".github" / "workflows"


def steps(name: str) -> list[str]:
    doc = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return [step["run"] for job in doc["jobs"].values() for step in job["steps"] if "run" in step]


def test_the_generators_job_builds_with_mkdocs_and_properdocs_and_verifies() -> None:
    doc = yaml.safe_load((WORKFLOWS / "generators.yml").read_text(encoding="utf-8"))
    assert doc["jobs"]["build"]["strategy"]["matrix"]["generator"] == ["mkdocs", "properdocs"]
    runs = steps("generators.yml")
    assert "python -m ${{ matrix.generator }} build --strict -f mkdocs.yml -d site" in runs
    assert runs[-1] == "trustsite verify site"
    assert any("'.[test]'" in run for run in runs)  # where ProperDocs comes from


def test_publishing_verifies_the_site_it_uploads() -> None:
    runs = steps("publish.yml")
    assert runs.index("trustsite verify site") > runs.index("trustsite build --jobs 2")


def test_the_verify_calls_parse() -> None:
    for run in [*steps("generators.yml"), *steps("publish.yml")]:
        if run.startswith("trustsite "):
            name, *rest = shlex.split(run)[1:]
            command = main.get_command(click.Context(main), name)
            assert command is not None, run
            command.make_context(name, list(rest))


def test_properdocs_is_in_the_test_extra() -> None:
    import tomllib

    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert any(req.startswith("properdocs") for req in extra["test"])


def test_the_fork_check_runs_init_here_then_ci_and_its_init_call_parses() -> None:
    """.ci/fork-check (issue 13's proof, run by hand before a release): bash accepts it, it commits what `init
    --here` wrote before running .ci/run, and its default `trustsite init` call is one the command accepts."""
    import re
    import subprocess

    script = REPO / ".ci" / "fork-check"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    text = script.read_text(encoding="utf-8")
    order = [text.index(step) for step in ("trustsite init --here", "git add -A", "commit -q", ".ci/run\n")]
    assert order == sorted(order), order
    defaults = shlex.split(re.search(r"args=\((--.*)\)\n", text).group(1))  # the defaults, not ("$@")
    fixed = shlex.split(re.search(r"trustsite init (--here .*?) \"\$\{args\[@\]\}\"", text).group(1))
    command = main.get_command(click.Context(main), "init")
    context = command.make_context("init", [*fixed, *defaults])
    assert context.params["here"] and context.params["languages"] == "pl,en,cs"
