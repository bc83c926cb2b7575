"""The embedded program and the queries users need, checked against the fact sheet's figures."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from oas_program import default_program
from oas_program.model import (
    Activity,
    Actor,
    Addressee,
    Assignment,
    Membership,
    Objective,
    Program,
    ResolutionRole,
    Text,
    TextStatus,
)


@pytest.fixture(scope="module")
def program() -> Program:
    return default_program()


def test_embedded_program_holds_what_the_fact_sheet_lists(program: Program) -> None:
    assert program.resolution(program.adopted_by).symbol == "AG/RES. 2141 (XXXV-O/05)"
    states = [a for a in program.actors if a.kind == "member-state"]
    assert len(states) == 35
    assert all(a.iso3 and a.name.en and a.name.es and a.memberships for a in states)
    oas = program.recorded_activities((Addressee.OAS,))
    assert len(oas) == 26
    assert len(program.recorded_activities((Addressee.OAS,), original_only=True)) == 23
    assert {a.id for a in oas if a.added} == {"dsde-1", "dsde-2", "dsde-3"}
    assert len(program.recorded_activities((Addressee.MEMBER_STATES,))) == 3


def test_every_description_is_a_sourced_summary_in_english_and_spanish(program: Program) -> None:
    described = [*program.activities, *program.objectives]
    for entity in described:
        assert entity.summary.status is TextStatus.SUMMARY, entity.id
        assert entity.summary.en and entity.summary.es, entity.id
        assert entity.sources, entity.id
        assert entity.text is None, f"{entity.id}: no official wording is known"


def test_completeness_compares_declared_and_recorded(program: Program) -> None:
    rows = {c.declaration.id: c for c in program.completeness()}
    gs = rows["gs-activities-33"]
    assert (gs.declaration.count, gs.recorded, gs.missing) == (33, 23, 10)
    others = [c for c in rows.values() if Addressee.CIVIL_SOCIETY in c.declaration.addressees]
    assert sorted((c.declaration.quantifier.value, c.declaration.count) for c in others) == [
        ("almost", 70),
        ("more-than", 100),
    ]
    assert all(c.missing is None and c.declaration.sources for c in others)
    assert len(program.conflicting_declarations()) == 1


def test_activities_for_an_actor_include_its_children(program: Program) -> None:
    assert {a.id for a in program.activities_for("iachr")} == {f"iachr-{i}" for i in range(1, 5)}
    assert {a.id for a in program.activities_for("iachr-rapporteur")} == {
        f"iachr-{i}" for i in range(1, 5)
    }
    # DSDE and DECST sit under SEDI: SEDI's activities include theirs.
    assert {a.id for a in program.activities_for("sedi")} == {
        *("dsde-1", "dsde-2", "dsde-3"),
        *("decst-1", "decst-2", "decst-3", "decst-4"),
    }
    assert program.activities_for("sedi", descendants=False) == ()
    # A member state gets the activities addressed to every member state.
    assert {a.id for a in program.activities_for("mex")} == {
        "ms-instruments",
        "ms-legislation",
        "ms-training",
    }


def test_members_on_a_date_follow_the_dated_periods(program: Program) -> None:
    def members(day: str) -> set[str]:
        return {a.id for a in program.members_on(day)}

    # In 2005 Cuba's government was still excluded from participation (1962-2009): Cuba was
    # a member state throughout, and the data says so.
    assert len(members("2005-06-07")) == 34
    assert "cub" not in members("2005-06-07")
    cuba = program.actor("cub")
    assert [m.status.value for m in cuba.memberships] == ["member"]
    assert [(p.status.value, p.start, p.end) for p in cuba.participation] == [
        ("excluded", "1962-01-31", "2009-06-03"),
        ("not-participating", "2009-06-03", None),
    ]
    assert cuba.current_participation is cuba.participation[1]
    assert "cub" in members("2010-01-01")
    assert "ven" not in members("2020-01-01") and "ven" in members("2019-04-26")
    assert "nic" in members("2023-11-18") and "nic" not in members(dt.date(2023, 11, 19))


def test_resolutions_by_role_are_in_date_order(program: Program) -> None:
    background = program.resolutions_by_role("background")
    assert background[0].symbol == "AG/RES. 1404 (XXVI-O/96)"
    dates = [r.date for r in background if r.date]
    assert dates == sorted(dates)
    assert [r.symbol for r in program.resolutions_by_role(ResolutionRole.ADOPTION)] == [
        "AG/RES. 2141 (XXXV-O/05)"
    ]


def test_lookup_by_id_and_by_kind() -> None:
    text = Text(status="official", en="x")  # type: ignore[arg-type]
    program = Program(
        id="p",
        title=text,
        adopted_by="r",
        actors=(
            Actor(id="top", kind="oas-organ", name=text),  # type: ignore[arg-type]
            Actor(id="mid", kind="gs-area", name=text, parent="top"),  # type: ignore[arg-type]
            Actor(id="low", kind="gs-area", name=text, parent="mid"),  # type: ignore[arg-type]
        ),
        objectives=(
            Objective(id="o1", kind="general", summary=text),  # type: ignore[arg-type]
            Objective(id="o2", kind="specific", summary=text, parent="o1"),  # type: ignore[arg-type]
        ),
        activities=(
            Activity(
                id="a1",
                label="A1",
                addressee="oas",  # type: ignore[arg-type]
                summary=text,
                assignments=(Assignment(actor="low"),),
                objectives=("o2",),
            ),
        ),
    )
    assert program.get("low").id == "low"
    assert [a.id for a in program.ancestors("low")] == ["mid", "top"]
    assert [a.id for a in program.descendants("top")] == ["mid", "low"]
    assert [a.id for a in program.activities_for("top")] == ["a1"]
    assert [a.id for a in program.activities_serving("o1")] == ["a1"]
    with pytest.raises(KeyError, match="'nope'"):
        program.get("nope")
    with pytest.raises(KeyError, match="not a Activity"):
        program.activity("low")


def test_parent_cycles_do_not_hang() -> None:
    text = Text(status="official", en="x")  # type: ignore[arg-type]
    program = Program(
        id="p",
        title=text,
        adopted_by="r",
        actors=(
            Actor(id="a", kind="gs-area", name=text, parent="b"),  # type: ignore[arg-type]
            Actor(id="b", kind="gs-area", name=text, parent="a"),  # type: ignore[arg-type]
        ),
    )
    assert [a.id for a in program.ancestors("a")] == ["b"]
    assert [a.id for a in program.descendants("a")] == ["b"]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Text(status="summary"), "at least one language"),
        (lambda: Text(status="summary", en=" "), "blank"),
        (lambda: Membership(status="member", start="2020-01-01", end="2019"), "before start"),
        (lambda: Membership(status="member", start="2021-02-29"), "not a calendar date"),
        (
            lambda: Actor(
                id="x", kind="member-state", name=Text(status="official", en="X"), iso3="mx"
            ),
            "alpha-3",
        ),
        (
            lambda: Objective(
                id="o", kind="general", number=0, summary=Text(status="summary", en="s")
            ),
            ">= 1",
        ),
    ],
)
def test_domain_invariants_are_enforced(build: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()  # type: ignore[operator]


def test_entities_are_frozen(program: Program) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        program.activities[0].label = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Actor(id="mex\n", kind="member-state", name=Text(status="official", en="M")),
        lambda: Actor(
            id="mex", kind="member-state", name=Text(status="official", en="M"), iso3="MEX\n"
        ),
        lambda: Membership(status="member", start="2020\n"),
    ],
)
def test_a_trailing_newline_is_not_part_of_a_valid_value(build: object) -> None:
    # `$` alone would accept "mex\n": identifiers, codes and dates are matched whole.
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]
