"""`trustsite coverage`: per language, where the statement gives each element of GDPR Art. 13/14 and what is missing
(issue 15: the hand-written table stopped at A16 and overstated A6 and A9)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustsite.cli import main
from trustsite.render.coverage import CONDITIONS, load_elements
from trustsite.load.directives import BLOCKS

ALL_BLOCKS = """
## Who we are {: #who-we-are }

{{ controller }}

{{ contacts }}

## Recipients

{{ recipients }}

{{ transfers }}

## Changes {: #changes }

{{ changes }}
"""


def run(root: Path, *args: str):
    return CliRunner().invoke(main, ["coverage", "--root", str(root), *args])


def complete(root: Path, languages: tuple[str, ...] = ("", ".de")) -> None:
    """The minimal statement with every block an element needs, in the given languages."""
    for suffix in languages:
        page = root / "content" / "privacy" / f"index{suffix}.md"
        page.write_text(page.read_text(encoding="utf-8") + ALL_BLOCKS, encoding="utf-8")


def test_the_table_has_every_element_once_with_its_articles() -> None:
    elements = load_elements()
    assert [e.key for e in elements] == [f"A{n}" for n in range(1, 18)]
    for e in elements:
        assert e.articles and all(a.startswith(("13(", "14(")) for a in e.articles), e.key
        assert e.blocks and set(e.blocks) <= set(BLOCKS) and e.applies in CONDITIONS, e.key
    by_key = {e.key: e for e in elements}
    assert by_key["A7"].articles == ("14(1)(d)",) and by_key["A14"].articles == ("13(2)(e)",)  # one article only
    assert by_key["A6"].articles == ("13(1)(d)", "14(2)(b)")  # the numbers differ between the two articles


def test_a_gap_is_reported_per_language_with_what_to_add_and_exits_1(minimal_copy: Path) -> None:
    result = run(minimal_copy)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "en: 12/17 elements of GDPR Art. 13/14 covered"
    assert ("  A1  Identity and contact details of the controller (Art. 13(1)(a), Art. 14(1)(a)): MISSING: no page in"
            " 'en' has {{ controller }}; add it to the statement") in lines
    assert ("  A4  Purposes of the processing (Art. 13(1)(c), Art. 14(1)(c)): content/privacy/index.md {{ purposes }} in"
            " 'Purposes'") in lines
    assert ("  A13 Right to lodge a complaint with a supervisory authority (Art. 13(2)(d), Art. 14(2)(e)):"
            " content/privacy/index.de.md {{ authorities }} in 'Beschwerden'") in lines
    assert lines[-1] == "10 gaps"


def test_an_element_that_does_not_apply_says_why(minimal_copy: Path) -> None:
    lines = run(minimal_copy).output.splitlines()
    assert ("  A6  Legitimate interests pursued (Art. 13(1)(d), Art. 14(2)(b)): not applicable: no purpose relies on"
            " legitimate interests (GDPR Art. 6(1)(f))") in lines
    assert ("  A15 Source of the data, and whether it came from publicly accessible sources (Art. 14(2)(f)): not"
            " applicable: all data is obtained from the person (Art. 14 does not apply)") in lines


def test_every_block_in_every_language_covers_17_of_17(minimal_copy: Path) -> None:
    complete(minimal_copy)
    result = run(minimal_copy)
    assert result.exit_code == 0, result.output
    assert "en: 17/17 elements of GDPR Art. 13/14 covered" in result.output
    assert "de: 17/17 elements of GDPR Art. 13/14 covered" in result.output
    assert result.output.endswith("no gaps\n")
    assert "content/privacy/index.md {{ changes }} in 'Changes' (#changes)" in result.output


def test_a_block_missing_in_one_language_stops_coverage_as_it_stops_check(minimal_copy: Path) -> None:
    """Every language holds the same blocks (check), so one language can never cover less than another."""
    complete(minimal_copy, languages=("",))
    result = run(minimal_copy)
    assert result.exit_code == 1
    assert "content/privacy/index.de.md: data sections differ from content/privacy/index.md: missing {{ controller }}" \
        in result.output


def test_json_names_each_element_with_its_status_and_place(minimal_copy: Path) -> None:
    result = run(minimal_copy, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["languages"]["de"]["covered"] == "12/17" and doc["gaps"] == 10
    elements = {e["id"]: e for e in doc["languages"]["de"]["elements"]}
    assert elements["A17"]["status"] == "missing" and elements["A17"]["articles"] == ["13(3)", "14(4)"]
    assert elements["A11"]["where"] == [{"page": "content/privacy/index.de.md", "block": "rights",
                                         "section": "Ihre Rechte", "anchor": ""}]


def test_an_element_applies_once_the_data_says_so(minimal_copy: Path) -> None:
    """A source not from the person brings in Art. 14 (categories of data, the source); without the blocks that
    say them, they are gaps."""
    complete(minimal_copy)
    (minimal_copy / "data" / "sources.yml").write_text(
        (minimal_copy / "data" / "sources.yml").read_text(encoding="utf-8")
        + "  register:\n    title: {en: Commercial register, de: Handelsregister}\n"
          "    description: {en: Company details., de: Firmendaten.}\n    from_data_subject: false\n"
          "    publicly_accessible: true\n    names: [Handelsregister]\n", encoding="utf-8")
    result = run(minimal_copy)
    assert result.exit_code == 1
    assert ("  A15 Source of the data, and whether it came from publicly accessible sources (Art. 14(2)(f)): MISSING:"
            " no page in 'en' has {{ sources }}; add it to the statement") in result.output.splitlines()


@pytest.mark.parametrize("fmt", ["markdown", "json", "text"])
def test_every_format_reports_the_same_scores(minimal_copy: Path, fmt: str) -> None:
    output = run(minimal_copy, "--format", fmt).output
    assert "12/17" in output


def test_the_full_fixture_covers_every_element_in_every_language() -> None:
    """passing_full, the engine's most complete project, states all 17 elements in each of its 5 languages."""
    from tests.conftest import FULL

    result = run(FULL)
    assert result.exit_code == 0, result.output
    scores = [line for line in result.output.splitlines() if "elements of GDPR Art. 13/14 covered" in line]
    assert scores == [f"{lang}: 17/17 elements of GDPR Art. 13/14 covered" for lang in ("en", "nl", "de", "lt", "fr")]
    assert result.output.endswith("no gaps\n")
