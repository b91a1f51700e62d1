"""Properties of the classifier over generated edits (hypothesis)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from babel import Locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from trustsite.changes.classify import LEVELS
from trustsite.changes.prose import diff_page, text_kind
from trustsite.changes.report import compare
from trustsite.project import load_project
from trustsite.model.base import Text
from trustsite.model.files import Project
from trustsite.rules import load_transfer_rules

EXAMPLE: Project = load_project(FIXTURES / "passing_saas")  # a project the tests own
PROSE = EXAMPLE.content.get("privacy/index", "en").text

# ------------------------------------------------------------------ editorial mutations of a text


def _respace(text: str, data: st.DataObject) -> str:
    words = text.split(" ")
    i = data.draw(st.integers(0, len(words) - 1))
    words[i] = words[i] + data.draw(st.sampled_from(["  ", "\n", " \t"]))
    return " ".join(words)


def _recase(text: str, data: st.DataObject) -> str:
    return data.draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))(text)


def _repunctuate(text: str, data: st.DataObject) -> str:
    words = text.split(" ")
    i = data.draw(st.integers(0, len(words) - 1))
    words[i] = words[i].rstrip(",;") + data.draw(st.sampled_from([",", ";", " –", ":"]))
    return " ".join(words)


def _reorder_sentences(text: str, data: st.DataObject) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(data.draw(st.permutations(sentences)))


MUTATIONS = [_respace, _recase, _repunctuate, _reorder_sentences]


def _texts(project: Project) -> list[tuple[str, str, str]]:
    """(table, entry ID, field) of every translated title/description in the collections."""
    out = []
    for table in ("purposes", "data_categories", "data_subjects", "sources", "recipients", "rights"):
        for entry_id, entry in getattr(project, table).items():
            for name in ("title", "description"):
                if isinstance(getattr(entry, name, None), Text):
                    out.append((table, entry_id, name))
    return out


TEXT_FIELDS = _texts(EXAMPLE)


def _with_text(project: Project, table: str, entry_id: str, name: str, language: str, value: str) -> Project:
    entry = getattr(project, table)[entry_id]
    text = getattr(entry, name)
    changed = entry.model_copy(update={name: Text({**text.root, language: value})})
    return dataclasses.replace(project, **{table: {**getattr(project, table), entry_id: changed}})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXT_FIELDS), st.sampled_from(EXAMPLE.languages), st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3), st.data())
def test_editorial_mutations_of_data_never_raise_the_level(field: tuple[str, str, str], language: str,
                                                          mutations: list, data: st.DataObject) -> None:
    table, entry_id, name = field
    value = getattr(getattr(EXAMPLE, table)[entry_id], name).root[language]
    for mutate in mutations:
        value = mutate(value, data)
    head = _with_text(EXAMPLE, table, entry_id, name, language, value)
    report = compare(EXAMPLE, head, "example", "mutated")
    assert report.level in ("none", "editorial"), [(d.rule.id, d.change.before, d.change.after) for d in report.decisions]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3), st.data())
def test_editorial_mutations_of_a_paragraph_never_raise_the_level(mutations: list, data: st.DataObject) -> None:
    blocks = PROSE.split("\n\n")
    candidates = [i for i, b in enumerate(blocks) if b[:1].isalpha() and len(b) > 60]
    i = data.draw(st.sampled_from(candidates))
    for mutate in mutations:
        blocks[i] = mutate(blocks[i], data)
    hunks = diff_page(PROSE, "\n\n".join(blocks))
    assert all(h.kind in ("editorial", "moved") for h in hunks), hunks


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_moving_paragraphs_is_editorial(data: st.DataObject) -> None:
    blocks = PROSE.split("\n\n")
    i = data.draw(st.integers(0, len(blocks) - 1))
    j = data.draw(st.integers(0, len(blocks) - 1))
    blocks.insert(j, blocks.pop(i))
    assert all(h.kind in ("editorial", "moved") for h in diff_page(PROSE, "\n\n".join(blocks)))


def test_a_changed_word_is_substantive() -> None:
    assert text_kind("We keep it for 12 months.", "We keep it for 24 months.") == "substantive"
    assert text_kind("We do not sell your data.", "We sell your data.") == "substantive"
    assert text_kind("1.5 GB", "15 GB") == "substantive"
    assert text_kind("e-mail us, please", "Email us please!") == "editorial"


# ------------------------------------------------------------------ sub-processors outside the EEA

RULES = load_transfer_rules()
ALL_COUNTRIES = sorted(code for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", code))
NO_ADEQUACY = [c for c in ALL_COUNTRIES if RULES.classify(c) == "third_country"]


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(NO_ADEQUACY),
    st.sampled_from(sorted(EXAMPLE.subprocessors)),
    st.from_regex(r"[a-z][a-z0-9_]{2,20}", fullmatch=True),
    st.booleans(),
)
def test_a_subprocessor_added_outside_the_eea_without_adequacy_is_always_significant(
        country: str, template: str, new_id: str, as_access: bool) -> None:
    if new_id in EXAMPLE.subprocessors:
        new_id += "_new"
    base_sub = EXAMPLE.subprocessors[template]
    if as_access:
        fields = {"access_locations": [country], "safeguards": {country: "scc_2021_914"}}
    else:
        fields = {"processing_locations": [country], "access_locations": [], "safeguards": {country: "scc_2021_914"}}
    new = base_sub.model_copy(update={"name": f"Sub {new_id}", **fields})
    head = dataclasses.replace(EXAMPLE, subprocessors={**EXAMPLE.subprocessors, new_id: new})
    report = compare(EXAMPLE, head, "example", "added")
    assert report.level == "significant"
    (decision,) = report.decisions
    assert decision.rule.id == "subprocessor-added-third-country"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(NO_ADEQUACY), st.sampled_from(sorted(EXAMPLE.subprocessors)))
def test_a_location_added_outside_the_eea_without_adequacy_is_always_significant(country: str, sid: str) -> None:
    sub = EXAMPLE.subprocessors[sid]
    if country in sub.processing_locations:
        return
    new = sub.model_copy(update={"processing_locations": [*sub.processing_locations, country],
                                 "safeguards": {**sub.safeguards, country: "scc_2021_914"}})
    head = dataclasses.replace(EXAMPLE, subprocessors={**EXAMPLE.subprocessors, sid: new})
    report = compare(EXAMPLE, head, "example", "moved")
    assert report.level == "significant"
    assert "location-outside-eea" in {d.rule.id for d in report.decisions}


@pytest.mark.parametrize("level", LEVELS)
def test_an_organisation_can_lower_any_rule_and_the_report_says_so(level: str) -> None:
    org = EXAMPLE.organisation
    from trustsite.model.organisation import ChangeRuleOverride

    overrides = {"subprocessor-added-third-country": ChangeRuleOverride(level=level, reason="decided by the DPO")}
    head_org = org.model_copy(update={"change_rules": overrides})
    sub = EXAMPLE.subprocessors["mailer"]  # in the US
    head = dataclasses.replace(EXAMPLE, organisation=head_org, subprocessors={**EXAMPLE.subprocessors, "mailer2": sub})
    decisions = [d for d in compare(EXAMPLE, head, "a", "b").decisions if d.change.entity == "subprocessor"]
    assert [(d.level, d.override) for d in decisions] == [(level, "decided by the DPO")]
