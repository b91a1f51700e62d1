"""Whatever bytes a data file holds, `check` reports problems and never raises."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINIMAL
from trustsite.project import check_project
from trustsite.load.yamlsrc import parse_yaml

PURPOSES = (MINIMAL / "data" / "purposes.yml").read_bytes()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parser_never_raises_on_bytes(raw: bytes) -> None:
    doc, problems = parse_yaml(raw, "data/x.yml")
    assert doc is not None or problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=len(PURPOSES)), st.integers(min_value=0, max_value=40),
       st.text(alphabet=st.sampled_from(list(" \t\n:-[]{}#&*!|>'\"%@`,?NOyes0123abc\u00e9\ufeff")), max_size=12))
def test_check_never_raises_on_edited_data(tmp_path_factory, start: int, length: int, insert: str) -> None:
    project = tmp_path_factory.mktemp("fuzz") / "p"
    shutil.copytree(MINIMAL, project)
    edited = PURPOSES[:start] + insert.encode("utf-8") + PURPOSES[start + length:]
    (project / "data" / "purposes.yml").write_bytes(edited)
    result, problems = check_project(project)
    assert result is not None or any(p.severity == "error" for p in problems)
    for p in problems:
        assert p.file.startswith(("data/", "content/")) and p.message
