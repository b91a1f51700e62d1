"""Published JSON Schemas: current, referenced from every data file, and accepting the example data."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from trustsite.cli import main
from trustsite.load.yamlsrc import parse_yaml
from trustsite.model.files import DATA_FILES


def test_published_schemas_are_current() -> None:
    result = CliRunner().invoke(main, ["schema", "--check", "--root", str(REPO)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("spec", DATA_FILES, ids=[s.name for s in DATA_FILES])
def test_data_file_references_its_schema(spec) -> None:
    first = (REPO / "data" / spec.name).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{spec.key}.schema.json"


@pytest.mark.parametrize("spec", DATA_FILES, ids=[s.name for s in DATA_FILES])
def test_example_data_is_valid_against_published_schema(spec) -> None:
    schema = json.loads((REPO / "schemas" / f"{spec.key}.schema.json").read_text(encoding="utf-8"))
    doc, problems = parse_yaml((REPO / "data" / spec.name).read_bytes(), spec.name)
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
