"""What the law lets an organisation have none of (sub-processors, cookies, recipients, certifications,
documents, security measures, group companies) may be empty: the project is valid and each block says so
in the reader's language instead of showing an empty table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from trustsite.project import check_project
from trustsite.render.context import RenderContext
from trustsite.load.directives import BLOCKS

EMPTY = ("subprocessors", "subprocessor_changes", "cookies", "recipients", "certifications", "documents",
         "security_measures")


def empty_everything(project: Path) -> None:
    for key in EMPTY:
        (project / "data" / f"{key}.yml").write_text(f"{key}: {{}}\n", encoding="utf-8")
    purposes_file = project / "data" / "purposes.yml"
    purposes = yaml.safe_load(purposes_file.read_text(encoding="utf-8"))
    for purpose in purposes["purposes"].values():
        purpose.pop("recipients", None)
    purposes_file.write_text(yaml.safe_dump(purposes, allow_unicode=True), encoding="utf-8")
    (project / "documents" / "dpa-1.pdf").unlink()


@pytest.mark.parametrize("language, block, sentence", [
    ("en", "subprocessors", "We do not engage any sub-processors."),
    ("en", "subprocessor_list", "We do not engage any sub-processors."),
    ("de", "subprocessor_list", "Wir setzen keine Unterauftragsverarbeiter ein."),
    ("en", "cookies", "Our websites use no cookies, local storage or web beacons."),
    ("de", "cookies", "Unsere Websites verwenden keine Cookies, keinen lokalen Speicher und keine Web-Beacons."),
    ("en", "recipients", "We do not disclose personal data to recipients outside our organisation."),
    ("en", "certifications", "We do not hold any certification or attestation at present."),
    ("en", "documents", "No documents are published at present."),
    ("en", "security_measures", "No security measures are described here yet."),
    ("en", "transfers", "We do not transfer personal data to countries outside the EU/EEA."),
    ("en", "subprocessor_changes", "The list of sub-processors has not changed yet."),
])
def test_an_empty_collection_renders_a_sentence(minimal_copy: Path, language: str, block: str, sentence: str) -> None:
    empty_everything(minimal_copy)
    project, problems = check_project(minimal_copy, dt.date(2025, 6, 1))
    assert project is not None, problems
    assert [p for p in problems if p.severity == "error"] == []
    text = RenderContext(project, language, dt.date(2025, 6, 1)).render_fragment(BLOCKS[block])
    assert sentence in text
    assert "|---" not in text.split(sentence)[0]  # no table header before it


def test_no_group_companies_render_nothing(minimal_copy: Path) -> None:
    project, _ = check_project(minimal_copy, dt.date(2025, 6, 1))
    assert project is not None and not project.organisation.subsidiaries
    assert RenderContext(project, "en", dt.date(2025, 6, 1)).render_fragment(BLOCKS["subsidiaries"]).strip() == ""
