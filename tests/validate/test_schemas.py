"""Published JSON Schemas: current, named correctly where a data file names one, and accepting the data of
every valid project (the one at the repository root and the fixture projects)."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import FULL, MINIMAL, REPO
from trustsite.cli import main
from trustsite.load.yamlsrc import parse_yaml
from trustsite.model.files import DATA_FILES


def test_published_schemas_are_current() -> None:
    result = CliRunner().invoke(main, ["schema", "--check", "--root", str(REPO)])
    assert result.exit_code == 0, result.output


PROJECTS = {"root": REPO, "full": FULL, "minimal": MINIMAL}
CASES = [(name, spec) for name in PROJECTS for spec in DATA_FILES  # an optional file a project lacks: nothing to check
         if not spec.optional or (PROJECTS[name] / "data" / spec.name).is_file()]
SCHEMA_LINE = "# yaml-language-server: $schema="


FULL_FILES = [spec for spec in DATA_FILES if not spec.optional or (FULL / "data" / spec.name).is_file()]


@pytest.mark.parametrize("spec", FULL_FILES, ids=[s.name for s in FULL_FILES])
def test_every_data_file_of_the_complete_fixture_references_its_schema(spec) -> None:
    first = (FULL / "data" / spec.name).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"{SCHEMA_LINE}../schemas/{spec.key}.schema.json"


@pytest.mark.parametrize("project, spec", CASES, ids=[f"{name}-{spec.name}" for name, spec in CASES])
def test_a_data_file_that_names_a_schema_names_its_own(project: str, spec) -> None:
    """An editor validates the file against the schema its first line names: the right one, and one that
    exists where the repository publishes it."""
    first = (PROJECTS[project] / "data" / spec.name).read_text(encoding="utf-8").splitlines()[0]
    if first.startswith(SCHEMA_LINE):
        assert first == f"{SCHEMA_LINE}../schemas/{spec.key}.schema.json"
        assert (REPO / "schemas" / f"{spec.key}.schema.json").is_file()


@pytest.mark.parametrize("project, spec", CASES, ids=[f"{name}-{spec.name}" for name, spec in CASES])
def test_valid_data_is_valid_against_the_published_schema(project: str, spec) -> None:
    schema = json.loads((REPO / "schemas" / f"{spec.key}.schema.json").read_text(encoding="utf-8"))
    doc, problems = parse_yaml((PROJECTS[project] / "data" / spec.name).read_bytes(), spec.name)
    assert problems == []
    data = json.loads(json.dumps(doc.data, default=str))  # dates as YYYY-MM-DD, as an editor sees them
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_rejects_a_typo_like_the_checker() -> None:
    schema = json.loads((REPO / "schemas" / "purposes.schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"purposes": {"x": {"legal_basos": "consent"}}}))
    assert any("legal_basos" in e.message for e in errors)


def test_every_art_9_2_condition_can_be_named() -> None:
    """GDPR Art. 9(2)(a)-(j): each condition has a key (before: (d), (h), (i) and (j) could not be stated)."""
    from trustsite.model.processing import SPECIAL_CONDITION_ARTICLES, SpecialCondition

    assert set(SPECIAL_CONDITION_ARTICLES) == set(SpecialCondition.__args__)
    assert sorted(a[-2] for a in SPECIAL_CONDITION_ARTICLES.values()) == list("abcdefghij")
