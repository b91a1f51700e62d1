"""The elements issue 15 found missing are said in the statement: the Art. 9(2) condition, children (Art. 8), the
Art. 22(2) exception and Art. 22(3) safeguards, specific sources (Art. 14(2)(f)) and the competent Land authority
of each German establishment (§ 40(1) BDSG)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render.test_legal_text import edit, render
from trustsite.rules import load_consent_ages
from trustsite.rules import load_transfer_rules

DECISION = """\
    automated_decision:
      logic: {en: A score from your payment history decides whether you may pay by invoice., de: "Ein Wert aus Ihrer Zahlungshistorie entscheidet, ob Sie auf Rechnung zahlen dürfen."}
      significance: {en: Without it you must pay in advance., de: Ohne ihn müssen Sie im Voraus zahlen.}
      consequences: {en: You may have to pay in advance., de: Sie müssen eventuell im Voraus zahlen.}
      exception: contract
      safeguards:
        human_intervention: {en: Ask us and a person decides again., de: Fragen Sie uns; dann entscheidet ein Mensch erneut.}
        express_view: {en: Tell us why the score is wrong., de: "Sagen Sie uns, warum der Wert falsch ist."}
        contest: {en: Object to the decision at privacy@example.com., de: Widersprechen Sie der Entscheidung über privacy@example.com.}
"""

RIGHT = """\
  automated_decisions:
    title: {en: Automated decisions, de: Automatisierte Entscheidungen}
    description: {en: Your rights in automated decisions., de: Ihre Rechte bei automatisierten Entscheidungen.}
    how_to_exercise: {en: Write to privacy@example.com., de: Schreiben Sie an privacy@example.com.}
"""


def test_the_art_9_2_condition_is_shown_with_its_purpose(minimal_copy: Path) -> None:
    edit(minimal_copy, "data_categories.yml", "    description: {en: How you use the service., de: Wie Sie den Dienst nutzen.}\n",
         "    description: {en: How you use the service., de: Wie Sie den Dienst nutzen.}\n    special: true\n")
    edit(minimal_copy, "purposes.yml", "    legal_basis: contract\n",
         "    legal_basis: contract\n    special_category_condition: health_care\n")
    text = render(minimal_copy, "purposes")
    assert ("Condition for special categories of data\n:   Preventive or occupational medicine, health or social care,"
            " under professional secrecy (Art. 9(2)(h) GDPR)") in text
    assert "(Art. 9 Abs. 2 lit. h DSGVO)" in render(minimal_copy, "purposes", language="de")


def test_a_statement_not_offered_to_children_says_so(minimal_copy: Path) -> None:
    text = render(minimal_copy, "children")
    assert text.strip() == "Our software is for businesses; we do not offer it to children."


def test_a_service_offered_to_children_gives_each_country_s_age_and_the_parental_consent(minimal_copy: Path) -> None:
    edit(minimal_copy, "organisation.yml", "offered_to_children: false",
         "offered_to_children: true\n    parental_consent: {en: A parent confirms by e-mail., de: Ein Elternteil bestätigt per E-Mail.}")
    text = render(minimal_copy, "children")
    assert "| Germany | 16 years |" in text and "| Norway | 13 years |" in text
    # Art. 8(1)'s words: consent "given or authorised by the holder of parental responsibility over the child"
    assert "Consent of the holder of parental responsibility\n:   A parent confirms by e-mail." in text


def test_every_eu_and_eea_country_has_an_age_of_digital_consent_between_13_and_16() -> None:
    """GDPR Art. 8(1): 16, or a lower age set by national law, not below 13 (EEA Agreement for IS, LI, NO)."""
    ages = load_consent_ages()
    eea = load_transfer_rules().regimes["gdpr"].home
    assert set(eea) <= set(ages)
    for country in eea:
        assert 13 <= ages[country].age <= 16, country
        assert ages[country].provision and ages[country].status in ("verified", "secondary")
    assert ages["GB"].age == 13 and ages["CH"].age is None


def test_an_automated_decision_says_why_it_is_allowed_and_the_safeguards(minimal_copy: Path) -> None:
    edit(minimal_copy, "purposes.yml", "      consequence: {en: We cannot provide the service., de: Wir können den Dienst nicht erbringen.}\n",
         "      consequence: {en: We cannot provide the service., de: Wir können den Dienst nicht erbringen.}\n" + DECISION)
    (minimal_copy / "data" / "rights.yml").write_text(
        (minimal_copy / "data" / "rights.yml").read_text(encoding="utf-8") + RIGHT, encoding="utf-8")
    text = render(minimal_copy, "automated_decisions")
    assert ("Why the decision may be automated\n:   Necessary for entering into or performing a contract with you"
            " (Art. 22(2)(a) GDPR)") in text
    assert ("**Review by a person:** Ask us and a person decides again. **Your point of view:** Tell us why the score"
            " is wrong. **Contesting the decision:** Object to the decision at privacy@example.com.") in text


def test_specific_sources_are_named(minimal_copy: Path) -> None:
    (minimal_copy / "data" / "sources.yml").write_text(
        (minimal_copy / "data" / "sources.yml").read_text(encoding="utf-8")
        + "  register:\n    title: {en: Commercial register, de: Handelsregister}\n"
          "    description: {en: Company details., de: Firmendaten.}\n    from_data_subject: false\n"
          "    publicly_accessible: true\n    names: [Handelsregister (www.handelsregister.de)]\n", encoding="utf-8")
    text = render(minimal_copy, "sources")
    assert "| Commercial register | Company details. | Handelsregister (www.handelsregister.de) | Yes |" in text


@pytest.mark.parametrize("language, expected", [
    ("en", "- **Minimal Example GmbH** (Berlin): Berliner Beauftragte für Datenschutz und Informationsfreiheit"),
    ("de", "- **Minimal Example GmbH** (Berlin): Berliner Beauftragte für Datenschutz und Informationsfreiheit"),
])
def test_the_land_authority_of_each_german_establishment_is_named(minimal_copy: Path, language: str,
                                                                  expected: str) -> None:
    text = render(minimal_copy, "authorities", language=language)
    assert expected in text
    assert "§ 40(1) BDSG" in text or "§ 40 Abs. 1 BDSG" in text
