"""Validate stage: elements of the notice beyond the core of Art. 13/14 that the law still asks for: children
(Art. 8), the exceptions and safeguards of automated decisions (Art. 22(2)-(4)), specific sources (Art. 14(2)(f))
and the competent German Land authority of each establishment (§ 40(1) BDSG). Each rule cites its source; all are
rules of the data being published (current_only), so versions archived before them stay readable."""

from __future__ import annotations

from typing import Any, Iterator

from trustsite.errors import Problem
from trustsite.validate.rules import Checked, rule
from trustsite.validate.todos import MARKER

# The 16 Länder by ISO 3166-2 code: each has its own supervisory authority for the private sector (§ 40(1) BDSG;
# Bavaria's is the BayLDA, the others' the Land commissioner). The BfDI supervises federal public bodies and
# telecommunications and postal services, not a company's establishment as such.
GERMAN_LAENDER = ("DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV", "DE-NI", "DE-NW", "DE-RP",
                  "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH")


@rule("organisation", "purposes", current_only=True)
def check_children(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 8 and Recital 38: whether the service is offered directly to children; where it is and consent is
    relied on, how consent is given or authorised by the holder of parental responsibility (Art. 8(1)-(2)), for
    every country served with its age of digital consent (rules/children.yml)."""
    from trustsite.rules import load_consent_ages

    org = ctx.values["organisation"]
    children = org.children
    if children is None:  # a warning: Art. 13/14 do not name children, but without the fact Art. 8 cannot be checked
        yield ctx.problem("organisation", (), "missing 'children': say whether your products are offered directly to"
                                              " children (GDPR Art. 8, Recital 38), e.g. children: {offered_to_children:"
                                              " false, explanation: ...}; until then the statement says nothing about"
                                              " children", key=True, severity="warning")
        return
    if not children.offered_to_children:
        return
    consent = [pid for pid, p in ctx.values["purposes"].items() if "consent" in p.basis_keys]
    if consent and children.parental_consent is None:
        yield ctx.problem("organisation", ("children", "offered_to_children"),
                          f"'{consent[0]}' relies on consent and the service is offered to children: add"
                          " 'parental_consent', how consent is given or authorised by the holder of parental"
                          " responsibility below the age of digital consent, and how you verify it (GDPR Art. 8(1)-(2))")
    ages = load_consent_ages()
    for i, country in enumerate(org.countries_served):
        if country not in ages:
            yield ctx.problem("organisation", ("countries_served", i),
                              f"no age of digital consent is recorded for {country} (hooks/trustsite/rules/children.yml);"
                              " the statement must tell children there from which age they consent alone (GDPR Art. 8(1))")


SPECIAL_FOR_ART22_4 = ("explicit_consent", "substantial_public_interest")  # Art. 9(2)(a) or (g)


@rule("purposes", "data_categories", current_only=True)
def check_automated_decisions(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 22(2)-(4): an automated decision names the exception that allows it; under (a) or (c) it states the
    safeguards of Art. 22(3), under (b) the law; on special-category data only with Art. 9(2)(a) or (g)."""
    categories = ctx.values["data_categories"]
    for pid, p in ctx.values["purposes"].items():
        decision = p.automated_decision
        if decision is None:
            continue
        where = (pid, "automated_decision")
        if decision.exception is None:
            yield ctx.problem("purposes", where, "name the exception of GDPR Art. 22(2) that allows a decision based"
                                                 " solely on automated processing: exception: contract (a), law (b) or"
                                                 " explicit_consent (c)")
        elif decision.exception == "law" and decision.law is None:
            yield ctx.problem("purposes", (*where, "exception"),
                              "exception 'law' (GDPR Art. 22(2)(b)) needs 'law': the Union or Member State law that"
                              " authorises the decision and the safeguards it lays down")
        elif decision.exception in ("contract", "explicit_consent") and decision.safeguards is None:
            yield ctx.problem("purposes", (*where, "exception"),
                              f"exception '{decision.exception}' needs 'safeguards': how to obtain human intervention,"
                              " express your point of view and contest the decision (GDPR Art. 22(3))")
        special = [c for c in p.data_categories if c in categories and categories[c].special]
        conditions = {p.special_category_condition, *(use.special_category_condition for use in p.legal_bases)}
        if special and not conditions & set(SPECIAL_FOR_ART22_4):
            yield ctx.problem("purposes", where,
                              f"'{special[0]}' is special-category data: an automated decision on it is allowed only"
                              " with explicit consent or for a substantial public interest, Art. 9(2)(a) or (g) (GDPR"
                              " Art. 22(4))")


@rule("sources", current_only=True)
def check_specific_sources(ctx: Checked) -> Iterator[Problem]:
    """GDPR Art. 14(2)(f), Recital 61, WP260 rev.01 para 60 and Annex: a source other than the person is named
    specifically; only data that cannot be attributed to a particular source is described by the nature of its
    sources, and why."""
    for sid, source in ctx.values["sources"].items():
        if source.from_data_subject or source.names or source.unattributable is not None:
            continue
        yield ctx.problem("sources", (sid, "from_data_subject"),
                          "a source other than the person must be named specifically (GDPR Art. 14(2)(f); WP260 rev.01"
                          " para 60): list the sources in 'names', or say in 'unattributable' why the data cannot be"
                          " attributed to a particular source and what kind of sources they are (public or private,"
                          " kind of organisation, sector)")


def _establishments(org: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path in organisation.yml, address) of every establishment: the controller's offices and the group companies."""
    yield ("controller", "registered_address"), org.controller.registered_address
    if org.controller.head_office != org.controller.registered_address:
        yield ("controller", "head_office"), org.controller.head_office
    for sid, sub in org.subsidiaries.items():
        yield ("subsidiaries", sid, "address"), sub.address


@rule("organisation", "authorities", current_only=True)
def check_german_establishments(ctx: Checked) -> Iterator[Problem]:
    """§ 40(1) BDSG with GDPR Art. 51 and 55: in Germany the authority of the Land where an establishment lies
    supervises it; each German establishment gives its Land, and data/authorities.yml has that Land's authority."""
    org = ctx.values["organisation"]
    authorities = ctx.values["authorities"]
    for path, address in _establishments(org):
        if address.country != "DE":
            if address.subdivision is not None and not address.subdivision.startswith(address.country + "-"):
                yield ctx.problem("organisation", (*path, "subdivision"),
                                  f"'{address.subdivision}' is not a subdivision of {address.country}")
            continue
        if address.subdivision is None and MARKER in (address.street, address.city):
            continue  # a placeholder from `trustsite init`: reported as a TODO; the Land is asked for once it is filled
        if address.subdivision is None:  # a warning: Art. 13(2)(d) asks for the right to complain, not the authority
            yield ctx.problem("organisation", (*path, "country"),
                              "an establishment in Germany is supervised by the data protection authority of its Land"
                              " (§ 40(1) BDSG): add 'subdivision', the ISO 3166-2 code of the Land, such as 'DE-BE';"
                              " until then the statement does not name it", severity="warning")
        elif address.subdivision not in GERMAN_LAENDER:
            yield ctx.problem("organisation", (*path, "subdivision"),
                              f"'{address.subdivision}' is not one of the 16 German Länder ({', '.join(GERMAN_LAENDER)})")
        elif not land_authorities(authorities, address.subdivision):
            yield ctx.problem("organisation", (*path, "subdivision"),
                              f"no authority for the private sector of {address.subdivision} in data/authorities.yml;"
                              " add the Land's authority (scope land_all or land_private) so that readers learn who"
                              " supervises this establishment")


def land_authorities(authorities: dict[str, Any], subdivision: str) -> list[str]:
    """IDs of the authorities supervising the private sector of a German Land."""
    return [aid for aid, a in authorities.items()
            if a.subdivision == subdivision and a.scope in ("land_all", "land_private")]
