"""`check` renders one item of each shape of a large collection (render/sample.py) and still finds every error the
full dry render finds, with the same messages.

With the threshold forced to 0 every collection is sampled. Each test compares, on the same project, the full
render of every block in every language (dryrun.render_all_blocks) with the render of the sample and with what
`check` reports (checkrun.check_all_blocks): the sample must fail exactly where the full render fails, and `check`
must report the full render's messages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import nodes

from tests.conftest import FIXTURES, MINIMAL, copy_project, overlay_fixture
from trustsite.errors import Problem
from trustsite.model.base import Text
from trustsite.model.files import Project
from trustsite.model.transfers import TransferMechanism
from trustsite.paths import PACKAGE_FRAGMENTS
from trustsite.project import check_project, read_data
from trustsite.render import sample
from trustsite.render.checkrun import check_all_blocks
from trustsite.render.dryrun import render_all_blocks
from trustsite.render.sample import item_shape, may_sample, sample_project
from trustsite.validate.content import load_content

TODAY = dt.date(2026, 7, 1)
TRUST = FIXTURES / "passing_trust_center"
TRUST_DAY = dt.date(2025, 3, 20)  # its changes announced, not yet in effect: the upcoming list is rendered too
FAILING = sorted(p for p in FIXTURES.glob("failing_*") if p.is_dir())
PASSING = {"passing_minimal": TODAY, "passing_full": TODAY, "passing_saas": TODAY, "passing_shop": TODAY,
           "passing_trust_center": TRUST_DAY}


def typed_project(root: Path) -> Project | None:
    """The project as the render would see it if every file typed, whatever rule it breaks (a dangling
    reference, a missing translation): what the dry render catches beyond the rules."""
    checked, _ = read_data(root)
    org = checked.values.get("organisation")
    if org is None or org.default_language not in org.languages:
        return None
    content, _ = load_content(root, list(org.languages), org.default_language)
    return Project(root=root, content=content, located=checked.located, **checked.values)


def sampled_as_full(project: Project, today: dt.date) -> list[Problem]:
    """The full render's problems, after asserting that the sample fails exactly where it does and that
    `check` reports them."""
    overrides = project.root / "overrides"
    full = render_all_blocks(project, overrides, today)[1]
    sampled = render_all_blocks(sample_project(project, today, 0), overrides, today)[1]
    assert bool(sampled) == bool(full), (sampled, full)
    assert check_all_blocks(project, overrides, today, sample_from=0) == full
    return full


# ---- (a) the failing fixtures, (b) the passing ones

@pytest.fixture(scope="module")
def overlaid(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Project | None]:
    """A failing fixture over a copy of the minimal project, typed (made once per fixture)."""
    made: dict[Path, Project | None] = {}

    def typed(fixture: Path) -> Project | None:
        if fixture not in made:
            root = copy_project(MINIMAL, tmp_path_factory.mktemp(fixture.name) / "minimal")
            overlay_fixture(fixture, root)
            made[fixture] = typed_project(root)
        return made[fixture]

    return typed


@pytest.mark.parametrize("fixture", FAILING, ids=[p.name for p in FAILING])
def test_a_failing_fixture_fails_in_the_sample_as_in_full(fixture: Path, overlaid) -> None:
    project = overlaid(fixture)
    if project is None:
        pytest.skip("its organisation does not type: nothing reaches the render")
    sampled_as_full(project, TODAY)


def test_most_failing_fixtures_reach_the_render(overlaid) -> None:
    """Otherwise the parametrized test above proves little; and some of them fail in the render."""
    reached = [project for project in map(overlaid, FAILING) if project is not None]
    failing = [project for project in reached if render_all_blocks(project, project.root / "overrides", TODAY)[1]]
    assert len(reached) >= 100 and len(failing) >= 30, (len(reached), len(failing))


@pytest.mark.parametrize("name", sorted(PASSING))
def test_a_passing_fixture_renders_in_the_sample_as_in_full(name: str) -> None:
    project, problems = check_project(FIXTURES / name, PASSING[name], expiry=False)
    assert project is not None, problems
    assert sampled_as_full(project, PASSING[name]) == []


# ---- (c) mutations that make rendering fail, in an item that shares its shape with earlier ones

@lru_cache(maxsize=1)
def trust_center() -> Project:
    project, problems = check_project(TRUST, TRUST_DAY, expiry=False)
    assert project is not None, problems
    return project


def with_copies(project: Project, copies: int = 3) -> Project:
    """Every sub-processor `copies` more times, under other IDs and names: each copy has the original's shape."""
    subs = dict(project.subprocessors)
    for sid, sub in project.subprocessors.items():
        for n in range(1, copies + 1):
            subs[f"{sid}_{n}"] = sub.model_copy(update={"name": f"{sub.name} {n}", "legal_entity": f"Copy {n} Ltd"})
    return dataclasses.replace(project, subprocessors=subs)


def text(**languages: str) -> Text:
    return Text.model_construct(root=languages)


MUTATIONS = {  # name: (sub-processor, the field, its value in the last copy)
    "service lacks German": ("hosting", "service", text(en="Hosting", fr="Hébergement")),
    "condition lacks French": ("old_translator", "condition", text(en="When asked", de="Auf Wunsch")),
    "unknown purpose": ("mailer", "purposes", ["no_such_purpose"]),
    "unknown data category": ("hosting", "data_categories", ["no_such_category"]),
    "unknown scope": ("us_cloud", "scopes", ["no_such_scope"]),
    "derogation without its point": ("mailer", "safeguards",
                                     {"US": {"gdpr": TransferMechanism.model_construct(mechanism="art49")}}),
    "transfer without safeguard or adequacy": ("hosting", "access_locations", ["IN"]),
}


def mutated(name: str) -> Project:
    sid, field, value = MUTATIONS[name]
    project = with_copies(trust_center())
    subs = dict(project.subprocessors)
    subs[f"{sid}_3"] = subs[f"{sid}_3"].model_copy(update={field: value})
    return dataclasses.replace(project, subprocessors=subs)


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_mutation_in_one_item_of_a_shape_is_found_in_the_sample(name: str) -> None:
    assert sampled_as_full(mutated(name), TRUST_DAY) != []


def test_the_copies_are_sampled_away() -> None:
    """Without a mutation the copies add no shape: the sample is the fixture's own sub-processors."""
    project = with_copies(trust_center())
    assert sample_project(project, TRUST_DAY, 0).subprocessors.keys() == trust_center().subprocessors.keys()
    assert sampled_as_full(project, TRUST_DAY) == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_shape_without_the_mutated_field_misses_the_error(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """What makes the tests above fail when a field leaves the shape: with it left out, the sample renders
    another item of the mutated one's shape, which renders, and the error is missed."""
    _, field, _ = MUTATIONS[name]
    fields = sample._fields
    monkeypatch.setattr(sample, "_FIELDS", {})
    monkeypatch.setattr(sample, "_fields", lambda model: tuple(row for row in fields(model) if row[0] != field))
    project = mutated(name)
    overrides = project.root / "overrides"
    assert render_all_blocks(project, overrides, TRUST_DAY)[1] != []
    assert render_all_blocks(sample_project(project, TRUST_DAY, 0), overrides, TRUST_DAY)[1] == []


# ---- generated sub-processor lists

LANGUAGES = ("en", "de", "fr")


@st.composite
def subprocessor_lists(draw: st.DrawFn) -> Project:
    """The trust center's sub-processors plus up to 12 generated from them, each with some of: a text missing a
    language, an unknown purpose, another engagement, access from a country with or without a safeguard."""
    project = trust_center()
    bases = sorted(project.subprocessors)
    subs = dict(project.subprocessors)
    for i in range(draw(st.integers(min_value=1, max_value=12))):
        sub = project.subprocessors[draw(st.sampled_from(bases))]
        update = {"name": f"Generated {i}",
                  "engagement": draw(st.sampled_from(["standing", "standby", "conditional"])),
                  "category": draw(st.sampled_from(["infrastructure", "payments", "other"])),
                  "access_locations": draw(st.sampled_from([[], ["DE"], ["US"], ["IN"]]))}
        languages = draw(st.sets(st.sampled_from(LANGUAGES), min_size=1))
        if languages != set(LANGUAGES):  # mostly complete: an incomplete one fails
            if draw(st.booleans()):
                update["service"] = text(**{lang: f"Service {i}" for lang in sorted(languages)})
        update["condition"] = draw(st.sampled_from([None, text(en="c", de="c", fr="c"), text(en="c", de="c")]))
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            update["purposes"] = [*sub.purposes, "no_such_purpose"]
        subs[f"generated_{i}"] = sub.model_copy(update=update)
    return dataclasses.replace(project, subprocessors=subs)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subprocessor_lists())
def test_generated_subprocessor_lists_fail_in_the_sample_as_in_full(project: Project) -> None:
    sampled_as_full(project, TRUST_DAY)


# ---- where sampling is not used, and the uses of counts the module docstring argues over

def test_a_small_project_is_rendered_in_full() -> None:
    project = with_copies(trust_center())
    assert sample_project(project, TRUST_DAY) is project  # 20 sub-processors: under SAMPLE_FROM


def test_a_project_with_its_own_fragments_is_not_sampled(tmp_path: Path) -> None:
    root = copy_project(MINIMAL, tmp_path / "minimal")
    project, _ = check_project(root, TODAY)
    assert project is not None and may_sample(project, root / "overrides")
    (root / "overrides" / "fragments").mkdir(parents=True)
    (root / "overrides" / "fragments" / "purposes.md").write_text("{{ p.purposes|length }}", encoding="utf-8")
    assert not may_sample(project, root / "overrides")


def test_free_text_is_no_part_of_the_shape_and_dates_only_by_their_order() -> None:
    sub = trust_center().subprocessors["hosting"]
    renamed = sub.model_copy(update={"name": "Other", "website": "https://other.example.com/x",
                                     "since": sub.since - dt.timedelta(days=3)})
    assert item_shape(renamed, TRUST_DAY) == item_shape(sub, TRUST_DAY)
    assert item_shape(sub.model_copy(update={"name": ""}), TRUST_DAY) != item_shape(sub, TRUST_DAY)
    planned = sub.model_copy(update={"since": TRUST_DAY + dt.timedelta(days=1)})
    assert item_shape(planned, TRUST_DAY) != item_shape(sub, TRUST_DAY)


# Every use of a count or of a loop's position in the package's fragments, reviewed for render/sample.py's
# argument (an item's own list, or a choice between constant texts); a new one fails here until it is.
REVIEWED_COUNTS = {
    ("_macros.md", "filter length"),  # transfer_basis: the regimes of one item's transfer
    ("documents.md", "loop.first"),  # a document's own versions
    ("purposes.md", "loop.first"),  # a purpose's own interests
    ("versions/changes.md", "call ngettext"),  # a count: every plural form is in every catalog
    ("changes.md", "call ngettext"),  # the organisation's notice period, not a collection's size
}


def test_every_use_of_a_count_in_the_fragments_is_reviewed() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    found = set()
    for path in sorted(PACKAGE_FRAGMENTS.rglob("*.md")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        name = path.relative_to(PACKAGE_FRAGMENTS).as_posix()
        for node in tree.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "loop" and node.attr != "last":
                found.add((name, f"loop.{node.attr}"))
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            if node.name in ("length", "count", "sum", "first", "last", "batch", "slice", "random"):
                found.add((name, f"filter {node.name}"))
        for node in tree.find_all(nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name in ("ngettext", "range", "len"):
                found.add((name, f"call {node.node.name}"))
    assert found == REVIEWED_COUNTS
