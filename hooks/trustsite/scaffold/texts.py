"""Scaffold stage: the starter texts `trustsite init` writes into data/, and their translation.

Every text a new project shows comes from the gettext catalogs (the msgids here and in the page templates),
in the catalogs' source language English or in a translation: a language whose catalog lacks one of them
is refused, never filled with English. The starter data is truthful and minimal: the rights and legal bases
as the GDPR words them, one purpose every controller has (answering requests about personal data, Art. 12),
and a visible "TODO" wherever only the organisation knows the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from trustsite.labels import N_
from trustsite.paths import catalog_files

SOURCE_LANGUAGE = "en"  # the language of the msgids: it needs no catalog
TODO = "TODO"  # the marker `trustsite check` reports (validate/todos.py)

SITE_NAME = N_("%(name)s Privacy Center")
SITE_DESCRIPTION = N_("Privacy statement of %(name)s")
ACTIVITY = N_("Describe in one or two sentences what your organisation does.")
CHILDREN = N_("Say whom your products are for and whether you offer them directly to children; if you do, set "
              "offered_to_children to true and describe how a parent gives or authorises consent (GDPR Art. 8).")
SAFEGUARD_COPIES = N_("You can obtain a copy of the safeguards on which we base transfers of personal data outside "
                      "the EU/EEA free of charge by writing to %(email)s.")

# GDPR Art. 6(1)(a)-(f): the names of the bases as the regulation words them, and what each means.
LEGAL_BASES = {
    "consent": (N_("Consent"), N_(
        "You have given your consent to the processing of your personal data for one or more specific purposes. "
        "You can withdraw it at any time; this does not affect the lawfulness of the processing before the "
        "withdrawal.")),
    "contract": (N_("Performance of a contract"), N_(
        "The processing is necessary to perform a contract with you, or to take steps at your request before "
        "entering into a contract.")),
    "legal_obligation": (N_("Legal obligation"), N_(
        "The processing is necessary to comply with a legal obligation to which we are subject.")),
    "vital_interests": (N_("Vital interests"), N_(
        "The processing is necessary to protect your vital interests or those of another person.")),
    "public_task": (N_("Public interest or official authority"), N_(
        "The processing is necessary for a task carried out in the public interest or in the exercise of official "
        "authority vested in us.")),
    "legitimate_interest": (N_("Legitimate interests"), N_(
        "The processing is necessary for the legitimate interests that we name for each purpose, and your "
        "interests and fundamental rights do not override them.")),
}

# GDPR Art. 15-18, 20-22, 7(3) and 77, in the order of model.processing.RightKey.
RIGHTS = {
    "access": (N_("Right of access"), N_(
        "You can ask us whether we process personal data about you and, if we do, obtain a copy of it and "
        "information about the processing.")),
    "rectification": (N_("Right to rectification"), N_(
        "You can have inaccurate personal data about you corrected and incomplete data completed.")),
    "erasure": (N_("Right to erasure"), N_(
        "You can have personal data about you erased, for example when we no longer need it or when you withdraw "
        "the consent on which the processing is based.")),
    "restriction": (N_("Right to restriction of processing"), N_(
        "You can have the processing restricted, for example while we check whether your data is accurate.")),
    "portability": (N_("Right to data portability"), N_(
        "Where we process data you provided to us by automated means on the basis of your consent or of a "
        "contract, you can receive it in a structured, commonly used and machine-readable format or have it "
        "transmitted to another controller.")),
    "object": (N_("Right to object"), N_(
        "Where we process your data on the basis of legitimate interests or of a task in the public interest, you "
        "can object at any time on grounds relating to your particular situation. You can object to direct "
        "marketing at any time, without giving reasons.")),
    "automated_decisions": (N_("Rights in automated decision-making"), N_(
        "You have the right not to be subject to a decision based solely on automated processing that produces "
        "legal effects concerning you or similarly significantly affects you. Where such a decision is allowed, "
        "you can obtain human intervention, express your point of view and contest the decision.")),
    "withdraw_consent": (N_("Right to withdraw consent"), N_(
        "You can withdraw your consent at any time, as easily as you gave it. The withdrawal does not affect the "
        "lawfulness of the processing before it.")),
    "complaint": (N_("Right to lodge a complaint"), N_(
        "You can lodge a complaint with a supervisory authority, in particular in the country where you live or "
        "work or where the alleged infringement took place.")),
}
HOW_TO_EXERCISE = N_("Write to %(email)s.")
# A complaint (Art. 77) is lodged with the authority itself, not with the controller.
COMPLAINT_HOW = N_("Contact a supervisory authority directly, such as one of those listed in this statement; you may "
                   "also write to us first at %(email)s.")

# The one purpose every controller has: answering requests about personal data (GDPR Art. 12-22).
PURPOSE_TITLE = N_("Answering your requests about personal data")
PURPOSE_DESCRIPTION = N_(
    "When you contact us about your personal data, for example to exercise one of your rights, we use your "
    "contact details and your request to answer you and to document how we answered.")
PURPOSE_CONSEQUENCE = N_("Without your contact details we cannot answer your request.")
CATEGORY_TITLE = N_("Contact details and request")
CATEGORY_DESCRIPTION = N_("Your name, your e-mail address and what you write to us.")
SUBJECT_TITLE = N_("People who contact us")
SUBJECT_DESCRIPTION = N_("Everyone who sends us a question or a request about personal data.")
SOURCE_TITLE = N_("You")
SOURCE_DESCRIPTION = N_("You give us the data yourself.")
RETENTION_TITLE = N_("Requests and our answers")
RETENTION_CRITERIA = N_("State how long you keep requests and your answers, for example until claims about them "
                        "are time-barred.")


@lru_cache(maxsize=64)
def _package_messages(language: str) -> dict[str, str]:
    """The package catalog of a language as msgid -> translation, without empty or fuzzy entries."""
    found: dict[str, str] = {}
    po = catalog_files(None, language)[-1]
    if not po.is_file():
        return found
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            found[message.id] = message.string
    return found


def catalog_path(language: str) -> Path:
    return catalog_files(None, language)[-1]


@dataclass
class Translator:
    """gettext for one language from the package catalog, remembering every message it could not translate
    (the scaffold is then refused: a starter text never falls back to English)."""

    language: str
    missing: set[str] = field(default_factory=set)

    def gettext(self, message: str) -> str:
        if self.language == SOURCE_LANGUAGE:
            return message
        found = _package_messages(self.language).get(message)
        if found is None:
            self.missing.add(message)
            return message
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:  # the templates use none; Jinja wants one
        return self.gettext(singular if n == 1 else plural)

    def text(self, message: str, **values: str) -> str:
        return self.gettext(message) % values if values else self.gettext(message)

    def todo(self, message: str, **values: str) -> str:
        """A visible placeholder that `trustsite check` reports until the organisation replaces it."""
        return f"{TODO}: {self.text(message, **values)}"
