"""Where the statement cannot say a fact the law makes relevant, check warns at its place: whether the products are
offered to children (GDPR Art. 8), and the Land of a German establishment (§ 40(1) BDSG)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from trustsite.cli import main


def check(root: Path):
    return CliRunner().invoke(main, ["check", "--root", str(root)])


def edit(root: Path, old: str, new: str) -> None:
    path = root / "data" / "organisation.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_statement_silent_on_children_is_warned_about(minimal_copy: Path) -> None:
    path = minimal_copy / "data" / "organisation.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  children:")], encoding="utf-8")
    result = check(minimal_copy)
    assert result.exit_code == 0
    assert ("data/organisation.yml:1:1: warning: organisation: missing 'children': say whether your products are offered"
            " directly to children (GDPR Art. 8, Recital 38), e.g. children: {offered_to_children: false, explanation:"
            " ...}; until then the statement says nothing about children") in result.stderr


def test_a_german_establishment_without_its_land_is_warned_about(minimal_copy: Path) -> None:
    edit(minimal_copy, ", subdivision: DE-BE}", "}")
    result = check(minimal_copy)
    assert result.exit_code == 0
    assert ("data/organisation.yml:7:94: warning: organisation.controller.registered_address.country: an establishment"
            " in Germany is supervised by the data protection authority of its Land (§ 40(1) BDSG): add 'subdivision',"
            " the ISO 3166-2 code of the Land, such as 'DE-BE'; until then the statement does not name it") in result.stderr


def test_a_land_that_is_not_german_is_an_error(minimal_copy: Path) -> None:
    edit(minimal_copy, "subdivision: DE-BE}", "subdivision: DE-XX}")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert "'DE-XX' is not one of the 16 German Länder" in result.stderr
