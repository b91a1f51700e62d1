"""What the statement says follows from the data: regimes, transfer bases, several legal bases, joint controllers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trustsite.project import check_project
from trustsite.render.context import RenderContext
from trustsite.load.directives import BLOCKS

TODAY = dt.date(2026, 12, 5)

AUTHORITIES = """\
  gb_ico:
    country: "GB"
    scope: "national"
    abbreviation: "ICO"
    name_native: {en: "Information Commissioner's Office"}
    name_en: "Information Commissioner's Office"
    website: "https://ico.org.uk/"
    verified: true
  ch_fdpic:
    country: "CH"
    scope: "national"
    abbreviation: "FDPIC"
    name_native: {de: "Eidgenössischer Datenschutz- und Öffentlichkeitsbeauftragter"}
    name_en: "Federal Data Protection and Information Commissioner"
    website: "https://www.edoeb.admin.ch/"
    verified: true
"""


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def render(root: Path, block: str, language: str = "en", today: dt.date = TODAY) -> str:
    project, problems = check_project(root, today)
    assert project is not None, [p.format() for p in problems]
    return RenderContext(project, language, today).render_fragment(BLOCKS[block])


def declare_uk_and_swiss(root: Path) -> None:
    edit(root, "organisation.yml", '  countries_served: [DE, "NO"]',
         '  regimes: [gdpr, uk_gdpr, fadp]\n  countries_served: [DE, "NO", GB, CH]')
    (root / "data" / "authorities.yml").write_text(
        (root / "data" / "authorities.yml").read_text(encoding="utf-8") + AUTHORITIES, encoding="utf-8")
    edit(root, "subprocessors.yml", "    safeguards: {US: dpf}\n",
         "    safeguards:\n      US:\n        gdpr: {mechanism: dpf}\n        uk_gdpr: {mechanism: uk_us_data_bridge}\n"
         "        fadp: {mechanism: swiss_scc, module: 2, importer: Example Mail Inc.}\n")
    edit(root, "subprocessors.yml", "frameworks: [eu_us]", "frameworks: [eu_us, uk_extension]")


def test_the_statement_claims_only_the_gdpr_unless_more_is_declared(minimal_copy: Path) -> None:
    text = render(minimal_copy, "regimes")
    assert "Regulation (EU) 2016/679" in text
    assert "UK GDPR" not in text and "FADP" not in text and "Switzerland" not in text


def test_declared_regimes_are_claimed_and_every_transfer_shows_its_basis_per_regime(minimal_copy: Path) -> None:
    declare_uk_and_swiss(minimal_copy)
    regimes = render(minimal_copy, "regimes")
    assert "under the UK GDPR and the Data Protection Act 2018" in regimes
    assert "under the Swiss Federal Act on Data Protection (FADP)" in regimes
    transfers = render(minimal_copy, "transfers")
    assert ("| United States | Example Mail | EU/EEA (GDPR): Certification under the EU-US Data Privacy Framework"
            " (Commission Implementing Decision (EU) 2023/1795); United Kingdom (UK GDPR): Certification under the UK"
            " Extension to the EU-US Data Privacy Framework (UK adequacy regulations, SI 2023/1028); Switzerland (FADP):"
            " Standard contractual clauses with the adaptations recognised by the Swiss FDPIC, module 2, data importer:"
            " Example Mail Inc. |") in transfers
    # no transfer impact assessment is recorded, so none is claimed
    assert "impact assessment" not in transfers


def test_a_recorded_tia_is_mentioned_with_its_date(minimal_copy: Path) -> None:
    edit(minimal_copy, "subprocessors.yml", "    processing_locations: [DE]\n",
         "    processing_locations: [DE]\n    access_locations: [IN]\n    safeguards:\n      IN:\n        gdpr: {mechanism:"
         " scc_2021_914, module: 3, importer: Example Hosting India Pvt Ltd, tia: {date: 2026-03-02}}\n")
    transfers = render(minimal_copy, "transfers")
    assert ("| India | Example Hosting | Standard contractual clauses of the European Commission (Decision (EU) 2021/914),"
            " module 3, data importer: Example Hosting India Pvt Ltd; transfer impact assessment of March 2, 2026 |"
            ) in transfers
    german = render(minimal_copy, "transfers", "de")
    assert "2. März 2026" in german and "Modul 3" in german


def test_several_legal_bases_are_each_shown_with_what_they_cover(minimal_copy: Path) -> None:
    edit(minimal_copy, "purposes.yml", "    legal_basis: contract\n    data_categories: [contact_details, usage_data]",
         "    legal_bases:\n"
         "      - basis: contract\n        applies_to: {en: Running the service you bought., de: Betrieb des Dienstes.}\n"
         "      - basis: consent\n        applies_to: {en: Tips by e-mail if you ask for them., de: Tipps per E-Mail.}\n"
         "        data_categories: [contact_details]\n"
         "    data_categories: [contact_details, usage_data]")
    purposes = render(minimal_copy, "purposes")
    assert ("Legal basis\n:   Contract (Art. 6(1)(b) GDPR): Running the service you bought.\n"
            ":   Consent (Art. 6(1)(a) GDPR): Tips by e-mail if you ask for them. (Contact details)\n") in purposes
    summary = render(minimal_copy, "purpose_summary")
    assert "| Contract (Art. 6(1)(b) GDPR); Consent (Art. 6(1)(a) GDPR) |" in summary


def test_joint_controllers_show_the_essence_of_their_arrangement(minimal_copy: Path) -> None:
    (minimal_copy / "data" / "recipients.yml").write_text(
        (minimal_copy / "data" / "recipients.yml").read_text(encoding="utf-8") + """\
  partner:
    title: {en: Event partner, de: Veranstaltungspartner}
    description: {en: We run events together., de: Wir veranstalten gemeinsam.}
    role: joint_controller
    joint_arrangement: {en: We answer every request about the events., de: Wir beantworten jede Anfrage.}
    entities:
      - {name: Example Events Ltd, country: GB}
""", encoding="utf-8")
    recipients = render(minimal_copy, "recipients")
    assert ("Role\n:   Joint controller\n\nEssence of our arrangement (GDPR Art. 26(2))\n"
            ":   We answer every request about the events.\n\nNamed recipients\n:   Example Events Ltd\n") in recipients
    assert "| United Kingdom | Example Events Ltd | Adequacy decision of the European Commission" in render(
        minimal_copy, "transfers")
