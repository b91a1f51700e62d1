"""The pull-request pipelines (GitHub Actions, GitLab CI example) call commands that exist, as documented."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import click
import pytest
import yaml

from tests.conftest import REPO
from trustsite.changes.report import COMMENT_MARKER
from trustsite.cli import DIFF_EXITS, main

GITHUB = REPO / ".github" / "workflows" / "privacy-changes.yml"
GITLAB = REPO / ".ci" / "gitlab-ci.yml"


def github_scripts() -> list[str]:
    doc = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    assert "pull_request" in doc[True]  # YAML 1.1 reads the key 'on' as true
    return [step["run"] for job in doc["jobs"].values() for step in job["steps"] if "run" in step]


def gitlab_scripts() -> list[str]:
    doc = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    job = doc["privacy-changes"]
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    return list(job["script"])


def trustsite_calls(scripts: list[str]) -> list[list[str]]:
    """Every `trustsite ...` command line, split like the shell would, with variables filled in."""
    calls = []
    for script in scripts:
        for line in script.splitlines():
            for match in re.finditer(r"\btrustsite (\w.*?)\s*(?:;|&&|\|\|?|>>?|$)", line):
                args = shlex.split(match.group(1).replace("$BASE", "origin/main").replace('"', ""))
                calls.append(args)
    return calls


@pytest.mark.parametrize("scripts", [github_scripts, gitlab_scripts], ids=["github", "gitlab"])
def test_every_trustsite_call_parses(scripts) -> None:
    calls = trustsite_calls(scripts())
    assert {c[0] for c in calls} >= {"check", "diff", "gate", "notice"}
    for name, *rest in calls:
        command = main.get_command(click.Context(main), name)
        assert command is not None, f"trustsite {name} does not exist"
        while isinstance(command, click.Group):  # e.g. `trustsite translations status`
            name, *rest = rest
            command = command.get_command(click.Context(command), name)
            assert command is not None, f"trustsite ... {name} does not exist"
        command.make_context(name, list(rest))  # raises on an unknown option or a bad --format value


@pytest.mark.parametrize("scripts", [github_scripts, gitlab_scripts], ids=["github", "gitlab"])
def test_pipeline_installs_the_test_extra_and_builds_safely(scripts) -> None:
    runs = scripts()
    text = "\n".join(runs)
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    installs = re.findall(r"pip install -e '\.\[(\w+)\]'", text)
    assert installs and all(extra in extras for extra in installs)
    assert "trustsite build --jobs 2" in runs  # strict (mkdocs.yml), published only when it succeeded
    assert "pytest" in runs  # the README's test suite, as a step of its own


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_exit_codes_in_the_pipeline_match_the_cli(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for level, code in (("editorial", DIFF_EXITS["editorial"]), ("review", DIFF_EXITS["review"]),
                        ("significant", DIFF_EXITS["significant"])):
        assert re.search(rf"\b{code}\) level={level}\b", text), (level, code)
    assert "*) exit $code" in text  # invalid data (1) and usage errors (2) fail the pipeline


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_the_report_comment_is_found_by_its_marker(path: Path) -> None:
    assert COMMENT_MARKER in path.read_text(encoding="utf-8")


def test_github_workflow_can_comment_and_label() -> None:
    doc = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    assert doc["permissions"] == {"contents": "read", "pull-requests": "write", "issues": "write"}
    checkout = doc["jobs"]["check"]["steps"][0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("scripts", [github_scripts, gitlab_scripts], ids=["github", "gitlab"])
def test_the_report_and_the_notice_draft_come_before_what_can_stop_the_pipeline(scripts) -> None:
    """A change blocked by its notice period (gate) or not yet released (the production build refuses it) still
    gets its report and its notice draft: those steps run first."""
    order = [call[0] for call in trustsite_calls(scripts()) if call[0] in ("diff", "notice", "gate", "build")]
    first = {name: order.index(name) for name in order}
    assert first["diff"] < first["notice"] < first["gate"] < first["build"], order
