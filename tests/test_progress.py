"""`services.tracking.progress` and `oas-program progress`, against figures counted by hand.

The fixture (`tracked`) has five actors in program order sg, area-a, area-b, aaa, bbb
(area-b is a child of area-a; aaa and bbb are member states, bbb leaves on 2025-07-01) and
four activities in order act-a1, act-b1, act-new (added 2025-03-16), ms-act (addressed to
every member state, no assignment). Its ten observations:

    id   activity  actor   period  date        status          applicability
    o1   act-a1    area-a  2024    2025-02-10  in-progress
    o2   act-a1    area-a  2025    2026-02-10  completed       (supersedes o1)
    o3   act-b1    area-b  2024    2025-02-11  planned
    o4   act-b1    area-b  2024    2025-04-01  not-started     (supersedes o3, same period)
    o5   act-new   area-b  2025    2026-02-11  in-progress
    o6   ms-act    aaa     2024    2025-03-01  completed
    o7   ms-act    aaa     2025    2026-03-01  completed
    o8   ms-act    bbb     2024    2025-03-02  no-information  not-applicable
    o9   act-a1    sg      2025    2026-01-15  discontinued    (sg is not assigned)
    o10  act-new   area-a  2025    2026-02-20  planned         unknown (not assigned)

Every expected figure below was counted from this table by hand.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model import (
    Activity,
    Actor,
    Addition,
    Assignment,
    Membership,
    Objective,
    Observation,
    Program,
    Resolution,
    Source,
)
from oas_program.model.text import summary
from oas_program.services.tracking.progress import (
    MAX_DUE_PERIODS,
    NO_OBJECTIVE,
    Calendar,
    Frequency,
    compute,
    default_first_period,
    expected_pairs,
    make_calendar,
    matrix,
    no_report_recorded,
    overdue,
    reporting_actors,
    rollup,
    totals,
)
from oas_program.services.tracking.reporting import reporting
from tests.strategies import programs

ORDER = (
    "not-started",
    "planned",
    "in-progress",
    "completed",
    "discontinued",
    "no-information",
    "no-report",
    "not-applicable",
)


def counts(**given: int) -> dict[str, int]:
    """Counts per status, zeros for the statuses not given (keyword names use _ for -)."""
    named = {key.replace("_", "-"): value for key, value in given.items()}
    assert set(named) <= set(ORDER)
    return {status: named.get(status, 0) for status in ORDER}


def shares(**given: float) -> dict[str, float]:
    named = {key.replace("_", "-"): value for key, value in given.items()}
    return {status: named.get(status, 0.0) for status in ORDER if status != "not-applicable"}


NONE_SHARES = dict.fromkeys(ORDER[:-1])


def _observation(
    id: str,
    activity: str,
    actor: str,
    period: str,
    date: str,
    status: str,
    applicability: str = "assigned",
) -> Observation:
    return Observation(
        id=id,
        activity=activity,
        actor=actor,
        period=period,
        date=date,
        status=status,
        applicability=applicability,
    )


def tracked() -> Program:
    actors = (
        Actor(id="sg", kind="oas-organ", name=summary("Secretary General")),
        Actor(id="area-a", kind="gs-area", name=summary("Area A"), parent="sg"),
        Actor(id="area-b", kind="gs-area", name=summary("Area B"), parent="area-a"),
        Actor(
            id="aaa",
            kind="member-state",
            name=summary("State A"),
            iso3="AAA",
            memberships=(Membership(status="member", start="1948-04-30"),),
        ),
        Actor(
            id="bbb",
            kind="member-state",
            name=summary("State B"),
            iso3="BBB",
            memberships=(Membership(status="member", start="1990-01-08", end="2025-07-01"),),
        ),
    )
    objectives = (
        Objective(id="obj-1", kind="general", summary=summary("Objective one")),
        Objective(id="obj-2", kind="specific", summary=summary("Objective two"), parent="obj-1"),
        Objective(id="obj-3", kind="specific", summary=summary("Objective three")),
    )
    activities = (
        Activity(
            id="act-a1",
            label="A1",
            addressee="oas",
            summary=summary("First"),
            assignments=(Assignment(actor="area-a"),),
            objectives=("obj-1",),
        ),
        Activity(
            id="act-b1",
            label="B1",
            addressee="oas",
            summary=summary("Second"),
            assignments=(
                Assignment(actor="area-b"),
                Assignment(actor="area-a", role="co-responsible"),
            ),
            objectives=("obj-2",),
        ),
        Activity(
            id="act-new",
            label="New",
            addressee="oas",
            summary=summary("Added later"),
            assignments=(Assignment(actor="area-b"),),
            added=Addition(date="2025-03-16"),
        ),
        Activity(
            id="ms-act",
            label="States",
            addressee="member-states",
            summary=summary("For every member state"),
        ),
    )
    observations = (
        _observation("o1", "act-a1", "area-a", "2024", "2025-02-10", "in-progress"),
        _observation("o2", "act-a1", "area-a", "2025", "2026-02-10", "completed"),
        _observation("o3", "act-b1", "area-b", "2024", "2025-02-11", "planned"),
        _observation("o4", "act-b1", "area-b", "2024", "2025-04-01", "not-started"),
        _observation("o5", "act-new", "area-b", "2025", "2026-02-11", "in-progress"),
        _observation("o6", "ms-act", "aaa", "2024", "2025-03-01", "completed"),
        _observation("o7", "ms-act", "aaa", "2025", "2026-03-01", "completed"),
        _observation(
            "o8",
            "ms-act",
            "bbb",
            "2024",
            "2025-03-02",
            "no-information",
            applicability="not-applicable",
        ),
        _observation("o9", "act-a1", "sg", "2025", "2026-01-15", "discontinued"),
        _observation(
            "o10", "act-new", "area-a", "2025", "2026-02-20", "planned", applicability="unknown"
        ),
    )
    return Program(
        id="tracked",
        title=summary("A tracked program"),
        adopted_by="res-1",
        adopted_on="2023-06-01",
        objectives=objectives,
        activities=activities,
        actors=actors,
        resolutions=(Resolution(id="res-1", symbol="AG/RES. 1 (LIII-O/23)", role="adoption"),),
        observations=observations,
    )


def cells(program: Program, period: str | None = None) -> list[tuple[str, str, str, str | None]]:
    return [
        (c.actor, c.activity, c.status, c.observation.id if c.observation else None)
        for c in matrix(program, period)
    ]


def figures(program: Program, by: str, period: str | None = None) -> list[tuple[object, ...]]:
    return [(g.key, g.counts, g.total, g.applicable) for g in rollup(program, by, period)]


# ---- the matrix -------------------------------------------------------------------------------


def test_matrix_over_every_period() -> None:
    assert cells(tracked()) == [
        ("sg", "act-a1", "discontinued", "o9"),  # observed, though only area-a is assigned
        ("area-a", "act-a1", "completed", "o2"),  # o2 supersedes o1
        ("area-a", "act-b1", "no-report", None),  # co-responsible, never reported
        ("area-a", "act-new", "planned", "o10"),  # applicability unknown: applicable
        ("area-b", "act-b1", "not-started", "o4"),  # o4 supersedes o3 in the same period
        ("area-b", "act-new", "in-progress", "o5"),
        ("aaa", "ms-act", "completed", "o7"),
        ("bbb", "ms-act", "not-applicable", "o8"),  # no longer a member, but it reported
    ]


def test_matrix_up_to_2024() -> None:
    # act-new was added in 2025; sg's and area-a's extra reports are for 2025.
    assert cells(tracked(), "2024") == [
        ("area-a", "act-a1", "in-progress", "o1"),
        ("area-a", "act-b1", "no-report", None),
        ("area-b", "act-b1", "not-started", "o4"),
        ("aaa", "ms-act", "completed", "o6"),
        ("bbb", "ms-act", "not-applicable", "o8"),
    ]


def test_matrix_up_to_2025_is_every_period() -> None:
    assert cells(tracked(), "2025") == cells(tracked())
    assert [c.period for c in matrix(tracked(), "2025")] == [
        "2025", "2025", None, "2025", "2024", "2025", "2025", "2024"
    ]  # fmt: skip


def test_member_states_are_those_members_when_the_period_starts() -> None:
    unreported = attrs.evolve(tracked(), observations=())
    states = [p for p in expected_pairs(unreported, "2025") if p[1] == "ms-act"]
    assert states == [("aaa", "ms-act"), ("bbb", "ms-act")]  # bbb a member on 2025-01-01
    states = [p for p in expected_pairs(unreported, "2025-H2") if p[1] == "ms-act"]
    assert states == [("aaa", "ms-act")]  # gone on 2025-07-01
    states = [p for p in expected_pairs(unreported) if p[1] == "ms-act"]
    assert states == [("aaa", "ms-act")]  # no period: members as the data stands
    assert expected_pairs(unreported, "2024") == (
        ("area-a", "act-a1"),
        ("area-a", "act-b1"),
        ("area-b", "act-b1"),
        ("aaa", "ms-act"),
        ("bbb", "ms-act"),
    )
    # Parents are not expected to report on their areas' activities.
    assert not any(actor == "sg" for actor, _ in expected_pairs(unreported))


def test_a_period_includes_the_shorter_periods_that_end_within_it() -> None:
    program = attrs.evolve(
        tracked(),
        observations=(
            _observation("h2", "act-a1", "area-a", "2025-H2", "2026-01-10", "completed"),
            _observation("y", "act-a1", "area-a", "2025", "2025-12-01", "in-progress"),
            _observation("h1", "act-a1", "area-a", "2025-H1", "2025-07-10", "planned"),
        ),
    )
    row = [c for c in cells(program, "2025") if c[:2] == ("area-a", "act-a1")]
    assert row == [("area-a", "act-a1", "completed", "h2")]  # same end as "2025", reported later
    row = [c for c in cells(program, "2025-H1") if c[:2] == ("area-a", "act-a1")]
    assert row == [("area-a", "act-a1", "planned", "h1")]  # the annual report ends later


# ---- roll-ups -----------------------------------------------------------------------------------


def test_rollup_by_actor() -> None:
    assert figures(tracked(), "actor") == [
        ("sg", counts(discontinued=1), 1, 1),
        ("area-a", counts(completed=1, no_report=1, planned=1), 3, 3),
        ("area-b", counts(not_started=1, in_progress=1), 2, 2),
        ("aaa", counts(completed=1), 1, 1),
        ("bbb", counts(not_applicable=1), 1, 0),
    ]
    groups = rollup(tracked(), "actor")
    assert [g.label for g in groups] == [
        "Secretary General",
        "Area A",
        "Area B",
        "State A",
        "State B",
    ]
    assert groups[1].shares == shares(planned=0.333, completed=0.333, no_report=0.333)
    assert groups[2].shares == shares(not_started=0.5, in_progress=0.5)
    assert groups[4].shares == NONE_SHARES  # nothing applicable: no share at all


def test_rollup_by_activity() -> None:
    assert figures(tracked(), "activity") == [
        ("act-a1", counts(discontinued=1, completed=1), 2, 2),
        ("act-b1", counts(no_report=1, not_started=1), 2, 2),
        ("act-new", counts(planned=1, in_progress=1), 2, 2),
        ("ms-act", counts(completed=1, not_applicable=1), 2, 1),
    ]
    assert rollup(tracked(), "activity")[3].shares == shares(completed=1.0)


def test_rollup_by_addressee() -> None:
    assert figures(tracked(), "addressee") == [
        ("oas", counts(not_started=1, planned=1, in_progress=1, completed=1, discontinued=1,
                       no_report=1), 6, 6),
        ("member-states", counts(completed=1, not_applicable=1), 2, 1),
        ("multilateral", counts(), 0, 0),
        ("civil-society", counts(), 0, 0),
    ]  # fmt: skip
    oas = rollup(tracked(), "addressee")[0]
    assert oas.shares == shares(
        not_started=0.167,
        planned=0.167,
        in_progress=0.167,
        completed=0.167,
        discontinued=0.167,
        no_report=0.167,
    )


def test_rollup_by_objective_closes_over_sub_objectives() -> None:
    assert figures(tracked(), "objective") == [
        # act-a1 serves obj-1; act-b1 serves obj-2, which refines obj-1.
        ("obj-1", counts(discontinued=1, completed=1, no_report=1, not_started=1), 4, 4),
        ("obj-2", counts(no_report=1, not_started=1), 2, 2),
        ("obj-3", counts(), 0, 0),
        # act-new and ms-act serve no objective.
        (NO_OBJECTIVE, counts(planned=1, in_progress=1, completed=1, not_applicable=1), 4, 3),
    ]
    assert rollup(tracked(), "objective")[3].shares == shares(
        planned=0.333, in_progress=0.333, completed=0.333
    )


def test_rollup_up_to_2024() -> None:
    assert figures(tracked(), "actor", "2024") == [
        ("area-a", counts(in_progress=1, no_report=1), 2, 2),
        ("area-b", counts(not_started=1), 1, 1),
        ("aaa", counts(completed=1), 1, 1),
        ("bbb", counts(not_applicable=1), 1, 0),
    ]
    assert figures(tracked(), "activity", "2024") == [
        ("act-a1", counts(in_progress=1), 1, 1),
        ("act-b1", counts(no_report=1, not_started=1), 2, 2),
        ("ms-act", counts(completed=1, not_applicable=1), 2, 1),
    ]
    whole = totals(tracked(), "2024")
    assert (whole.counts, whole.total, whole.applicable) == (
        counts(in_progress=1, no_report=1, not_started=1, completed=1, not_applicable=1),
        5,
        4,
    )
    assert whole.shares == shares(
        in_progress=0.25, no_report=0.25, not_started=0.25, completed=0.25
    )


def test_totals_and_shares_round_half_to_even_at_three_decimals() -> None:
    whole = totals(tracked())
    assert (whole.total, whole.applicable) == (8, 7)
    # 1/7 = 0.142857... and 2/7 = 0.285714...
    assert whole.shares == shares(
        not_started=0.143,
        planned=0.143,
        in_progress=0.143,
        completed=0.286,
        discontinued=0.143,
        no_report=0.143,
    )


def test_compute_agrees_with_the_separate_functions() -> None:
    result = compute(tracked(), "activity", "2024")
    assert result.cells == matrix(tracked(), "2024")
    assert result.groups == rollup(tracked(), "activity", "2024")
    assert result.totals == totals(tracked(), "2024")


def test_bad_grouping_and_period_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot group by 'state'"):
        rollup(tracked(), "state")
    with pytest.raises(ValueError, match="not a reporting period"):
        matrix(tracked(), "2025-H3")


# ---- overdue reports -----------------------------------------------------------------------------


def late(program: Program, calendar: Calendar) -> list[tuple[str, tuple[str, ...], int]]:
    return [(o.actor, o.periods, o.count) for o in overdue(program, calendar)]


def test_overdue_annual_from_the_year_after_adoption() -> None:
    calendar = make_calendar(tracked(), dt.date(2026, 5, 1))
    assert calendar.first_period == "2024"  # adopted 2023-06-01
    assert calendar.due_periods() == ("2024", "2025")
    assert late(tracked(), calendar) == [
        ("area-a", ("2024", "2025"), 2),  # act-b1 never reported
        ("area-b", ("2025",), 1),  # act-b1 reported for 2024 only
    ]  # bbb's not-applicable pair owes nothing; sg owes nothing for its extra report


def test_a_period_is_due_once_it_has_ended() -> None:
    on_last_day = make_calendar(tracked(), dt.date(2025, 12, 31))
    assert on_last_day.due_periods() == ("2024",)
    assert late(tracked(), on_last_day) == [("area-a", ("2024",), 1)]
    assert make_calendar(tracked(), dt.date(2026, 1, 1)).due_periods() == ("2024", "2025")
    assert make_calendar(tracked(), dt.date(2024, 6, 1)).due_periods() == ()


def test_overdue_semiannual_reports_cover_overlapping_periods() -> None:
    calendar = make_calendar(tracked(), dt.date(2026, 1, 1), "semiannual", since="2025")
    assert calendar.first_period == "2025-H1"  # a bare year: its first half
    assert calendar.due_periods() == ("2025-H1", "2025-H2")
    # The annual 2025 reports cover both halves; area-a's act-b1 and area-b's act-b1 do not.
    assert late(tracked(), calendar) == [
        ("area-a", ("2025-H1", "2025-H2"), 2),
        ("area-b", ("2025-H1", "2025-H2"), 2),
    ]


def test_quarterly_calendar_and_its_limits() -> None:
    calendar = make_calendar(tracked(), dt.date(2025, 7, 1), "quarterly", since="2024-Q4")
    assert calendar.due_periods() == ("2024-Q4", "2025-Q1", "2025-Q2")
    assert default_first_period(tracked(), "quarterly") == "2024-Q1"
    with pytest.raises(ValueError, match="not a period of a quarterly calendar"):
        Calendar(frequency=Frequency.QUARTERLY, first_period="2024-H2", as_of=dt.date(2025, 1, 1))
    with pytest.raises(ValueError, match="not a period of a annual calendar"):
        make_calendar(tracked(), dt.date(2025, 1, 1), since="2024-Q2")
    with pytest.raises(ValueError, match=f"at most {MAX_DUE_PERIODS}"):
        make_calendar(tracked(), dt.date(2025, 1, 1), "quarterly", since="1000").due_periods()


def test_unknown_adoption_date_needs_a_first_period() -> None:
    undated = attrs.evolve(tracked(), adopted_on=None)
    with pytest.raises(ValueError, match="adoption date is not recorded"):
        default_first_period(undated)  # and its resolution is undated too
    dated = attrs.evolve(
        undated,
        resolutions=(Resolution(id="res-1", symbol="AG/RES. 1", role="adoption", date="2019"),),
    )
    assert default_first_period(dated) == "2020"


# ---- the command ---------------------------------------------------------------------------------


@pytest.fixture
def tracked_file(tmp_path: Path) -> str:
    path = tmp_path / "tracked.json"
    path.write_text(canonical.dumps(tracked()), encoding="utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_command_text(tracked_file: str) -> None:
    result = run("progress", tracked_file, "--as-of", "2026-05-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Progress of tracked, all periods, by actor"
    assert lines[1].split() == ["actor", *ORDER, "total", "%", "completed"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:7]}
    assert rows == {
        "sg": ["0", "0", "0", "0", "1", "0", "0", "0", "1", "0.0%"],
        "area-a": ["0", "1", "0", "1", "0", "0", "1", "0", "3", "33.3%"],
        "area-b": ["1", "0", "1", "0", "0", "0", "0", "0", "2", "0.0%"],
        "aaa": ["0", "0", "0", "1", "0", "0", "0", "0", "1", "100.0%"],
        "bbb": ["0", "0", "0", "0", "0", "0", "0", "1", "1", "-"],  # nothing applicable
    }
    assert set(lines[7]) == {"-", " "}
    assert lines[8].split() == [
        "(all",
        "pairs)",
        "1",
        "1",
        "1",
        "2",
        "1",
        "0",
        "1",
        "1",
        "8",
        "28.6%",
    ]
    assert lines[9:] == [
        "",
        "Overdue reports (annual calendar, due from each actor's first report, as of 2026-05-01):",
        "  area-a    2: 2024, 2025",
        "  area-b    1: 2025",
    ]
    # Columns line up: every row is as wide as the header.
    assert len({len(line) for line in lines[1:9]}) == 1


def test_command_json(tracked_file: str) -> None:
    result = run(
        "progress", tracked_file, "--by", "activity", "--period", "2024", "--format", "json",
        "--as-of", "2026-05-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == [
        "program", "period", "by", "statuses", "observations", "groups", "totals", "matrix",
        "calendar", "first_reports", "overdue", "no_report",
    ]  # fmt: skip
    assert (data["period"], data["by"], data["statuses"]) == ("2024", "activity", list(ORDER))
    assert data["groups"][1] == {
        "group": "act-b1",
        "label": "B1",
        "counts": counts(no_report=1, not_started=1),
        "shares": shares(no_report=0.5, not_started=0.5),
        "total": 2,
        "applicable": 2,
    }
    assert [(g["group"], g["total"], g["applicable"]) for g in data["groups"]] == [
        ("act-a1", 1, 1),
        ("act-b1", 2, 2),
        ("ms-act", 2, 1),
    ]
    assert data["groups"][2]["shares"]["completed"] == 1.0
    assert data["totals"]["counts"] == counts(
        in_progress=1, no_report=1, not_started=1, completed=1, not_applicable=1
    )
    assert data["matrix"] == [
        {"actor": "area-a", "activity": "act-a1", "status": "in-progress",
         "observation": "o1", "period": "2024"},
        {"actor": "area-a", "activity": "act-b1", "status": "no-report",
         "observation": None, "period": None},
        {"actor": "area-b", "activity": "act-b1", "status": "not-started",
         "observation": "o4", "period": "2024"},
        {"actor": "aaa", "activity": "ms-act", "status": "completed",
         "observation": "o6", "period": "2024"},
        {"actor": "bbb", "activity": "ms-act", "status": "not-applicable",
         "observation": "o8", "period": "2024"},
    ]  # fmt: skip
    assert data["calendar"] == {
        "frequency": "annual",
        "due_from": "first-report",
        "since": "2024",
        "as_of": "2026-05-01",
        "due": ["2024", "2025"],
    }
    assert data["overdue"] == [
        {"actor": "area-a", "periods": ["2024", "2025"], "count": 2},
        {"actor": "area-b", "periods": ["2025"], "count": 1},
    ]


def test_command_csv(tracked_file: str) -> None:
    result = run(
        "progress", tracked_file, "--by", "addressee", "--format", "csv", "--as-of", "2026-05-01"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "group,label,not-started,planned,in-progress,completed,discontinued,no-information,"
        "no-report,not-applicable,total,applicable,share_not-started,share_planned,"
        "share_in-progress,share_completed,share_discontinued,share_no-information,"
        "share_no-report",
        'oas,"General Secretariat and other OAS organs, agencies and entities",'
        "1,1,1,1,1,0,1,0,6,6,0.167,0.167,0.167,0.167,0.167,0.000,0.167",
        "member-states,Member states,0,0,0,1,0,0,0,1,2,1,0.000,0.000,0.000,1.000,0.000,0.000,0.000",
        "multilateral,Multilateral and regional organizations,0,0,0,0,0,0,0,0,0,0,,,,,,,",
        "civil-society,Civil society organizations,0,0,0,0,0,0,0,0,0,0,,,,,,,",
        "(all pairs),All pairs,1,1,1,2,1,0,1,1,8,7,0.143,0.143,0.143,0.286,0.143,0.000,0.143",
    ]


def test_command_semiannual_calendar(tracked_file: str) -> None:
    result = run(
        "progress", tracked_file, "--format", "json", "--calendar", "semiannual",
        "--since", "2025-H2", "--as-of", "2026-01-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["overdue"] == [
        {"actor": "area-a", "periods": ["2025-H2"], "count": 1},
        {"actor": "area-b", "periods": ["2025-H2"], "count": 1},
    ]


def test_csv_labels_never_become_formulas(tmp_path: Path) -> None:
    program = tracked()
    hostile = attrs.evolve(program.activities[0], label='=HYPERLINK("http://x")')
    program = attrs.evolve(program, activities=(hostile, *program.activities[1:]))
    path = tmp_path / "hostile.json"
    path.write_text(canonical.dumps(program), encoding="utf-8")
    result = run(
        "progress", str(path), "--by", "activity", "--format", "csv", "--as-of", "2026-01-01"
    )
    assert result.stdout.splitlines()[1].startswith('act-a1,"\'=HYPERLINK(""http://x"")",')


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2025-Q5"], "not a reporting period"),
        (["--since", "25"], "not a reporting period"),
        (["--as-of", "2026-5-1"], "not a date"),
        (["--as-of", "20260501"], "not a date"),
        (["--by", "state"], "'state' is not one of"),
        (["--calendar", "quarterly", "--since", "2025-H2"], "not a period of a quarterly calendar"),
        (["--calendar", "quarterly", "--since", "1000", "--as-of", "2026-01-01"], "at most 1000"),
    ],
)
def test_command_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["progress", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_command_unreadable_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["progress", str(tmp_path / "missing.json")])
    assert result.exit_code == 3
    assert result.stdout == ""


# ---- the embedded program: public evidence, no reports ------------------------------------------


def test_embedded_program_has_public_evidence_and_no_report() -> None:
    program = default_program()
    # The DECST's project of 2009-2011 for decst-1, from an OAS page: evidence, not a report.
    assert [(o.actor, o.activity, o.period, o.status.value) for o in program.observations] == [
        ("decst", "decst-1", "2009", "in-progress"),
        ("decst", "decst-1", "2010", "in-progress"),
        ("decst", "decst-1", "2011", "in-progress"),
    ]
    cells_ = matrix(program)
    assert [(c.actor, c.status, c.period) for c in cells_ if c.status != "no-report"] == [
        ("decst", "in-progress", "2011")
    ]
    # 30 assignments of OAS activities + 3 member-state activities x 33 states with an open
    # membership.
    whole = totals(program)
    assert (whole.total, whole.counts["no-report"], whole.counts["in-progress"]) == (129, 128, 1)
    calendar = make_calendar(program, dt.date(2026, 5, 1))
    assert (calendar.first_period, len(calendar.due_periods())) == ("2006", 20)  # adopted 2005
    # Nobody has reported: nobody is overdue, and every expected actor has no report recorded.
    assert reporting_actors(program) == frozenset()
    assert overdue(program, calendar) == ()
    unreported = no_report_recorded(program, calendar)
    assert unreported[:8] == (
        "iachr",
        "iachr-rapporteur",
        "cim",
        "iin",
        "spa",
        "dil",
        "dsde",
        "decst",
    )
    assert len(unreported) == 43 and "cub" in unreported


def test_an_actor_that_reported_is_held_to_the_calendar() -> None:
    # The same observations from a filled form (a source of kind `report`): now the DECST has
    # reported, and the periods it did not report on in full are overdue.
    program = default_program()
    form = Source(id="src-form", kind="report", title="A filled form")
    observations = tuple(attrs.evolve(o, sources=("src-form",)) for o in program.observations)
    program = attrs.evolve(program, sources=(*program.sources, form), observations=observations)
    calendar = make_calendar(program, dt.date(2026, 5, 1))
    assert reporting_actors(program) == frozenset({"decst"})
    late = {o.actor: o.periods for o in overdue(program, calendar)}
    assert list(late) == ["decst"]
    # decst-2 to decst-4 are expected of it every year and no report covers them.
    assert late["decst"] == calendar.due_periods()
    assert "decst" not in no_report_recorded(program, calendar)


def test_embedded_program_through_the_command() -> None:
    first = run("progress", "--as-of", "2026-05-01")
    assert first.exit_code == 0, first.stderr
    lines = first.stdout.splitlines()
    assert "No observations recorded" not in first.stdout
    start = lines.index(
        "Overdue reports (annual calendar, due from each actor's first report, as of 2026-05-01):"
    )
    assert lines[start + 1] == "  none"
    assert lines[start + 3].startswith(
        "No report recorded (41 actors expected to report): iachr, iachr-rapporteur, cim, "
    )
    assert run("progress", "--as-of", "2026-05-01").stdout == first.stdout  # deterministic
    data = json.loads(run("progress", "--format", "json", "--as-of", "2026-05-01").stdout)
    assert data["observations"] == 3
    assert {cell["status"] for cell in data["matrix"]} == {"no-report", "in-progress"}
    decst_1 = next(c for c in data["matrix"] if c["activity"] == "decst-1")
    assert decst_1 == {
        "actor": "decst",
        "activity": "decst-1",
        "status": "in-progress",
        "observation": "obs-decst-decst-1-2011",
        "period": "2011",
    }
    # The only observations rest on the public record (not reports an actor made) and the
    # data sets no calendar: no report is overdue, and every actor of the table is listed
    # as having no report recorded.
    assert data["overdue"] == []
    table_actors = list(dict.fromkeys(cell["actor"] for cell in data["matrix"]))
    assert data["no_report"] == table_actors


def test_progress_is_listed_in_help() -> None:
    result = run("--help")
    assert "progress" in result.stdout
    assert "Implementation progress" in result.stdout


def test_the_guide_documents_the_json_keys() -> None:
    page = Path(__file__).parent.parent / "docs" / "topics" / "tracking.md"
    section = page.read_text(encoding="utf-8").split("## Progress")[1].split("\n## ")[0]
    data = json.loads(run("progress", "--format", "json", "--as-of", "2026-05-01").stdout)
    for key in [*data, *data["groups"][0], *data["matrix"][0], *data["calendar"]]:
        assert f'"{key}"' in section, key


@settings(max_examples=40)
@given(programs)
def test_any_program_gives_consistent_figures(program: Program) -> None:
    # Dangling ids, mixed period kinds, overlapping objectives: nothing fails, and every
    # roll-up that partitions the pairs adds up to the totals.
    whole = totals(program)
    for by in ("actor", "activity", "addressee"):
        groups = rollup(program, by)
        assert sum(g.total for g in groups) == whole.total
        for status in ORDER:
            assert sum(g.counts[status] for g in groups) == whole.counts[status]
    assert all(g.total <= whole.total for g in rollup(program, "objective"))
    for share in whole.shares.values():
        assert share is None or 0.0 <= share <= 1.0
    calendar = Calendar(first_period="2020", as_of=dt.date(2030, 1, 1))
    for item in overdue(program, calendar):
        assert item.periods and set(item.periods) <= set(calendar.due_periods())


def _months_of(period: str) -> tuple[int, int]:
    """The first and last month of *period*, counted from year 0 (2024-H2: July to December)."""
    year = int(period[:4])
    part = period[5:]
    first, last = {"": (1, 12), "H1": (1, 6), "H2": (7, 12)}.get(part, (0, 0))
    if part.startswith("Q"):
        quarter = int(part[1])
        first, last = 3 * quarter - 2, 3 * quarter
    return year * 12 + first - 1, year * 12 + last - 1


def _late_by_definition(program: Program, period: str) -> set[str]:
    """Actors with an applicable cell of the period's matrix that no observation of the pair
    covers: the definition of a due report missing, read off the public matrix."""
    first, last = _months_of(period)
    late = set()
    for cell in matrix(program, period):
        covered = any(
            o.actor == cell.actor
            and o.activity == cell.activity
            and _months_of(o.period)[0] <= last
            and _months_of(o.period)[1] >= first
            for o in program.observations
        )
        if cell.applicable and not covered:
            late.add(cell.actor)
    return late


@settings(max_examples=40, deadline=None)
@given(programs, st.sampled_from(["annual", "semiannual", "quarterly"]))
def test_due_reports_are_what_the_matrix_of_each_period_says(
    program: Program, frequency: str
) -> None:
    # overdue, no_report_recorded and reporting look at each actor's pairs only until one is
    # late, without the matrix; the answer is the one the matrix of every due period gives.
    first = {"annual": "2019", "semiannual": "2019-H1", "quarterly": "2019-Q1"}[frequency]
    as_of = dt.date(2024, 1, 1)
    calendar = Calendar(frequency=Frequency(frequency), first_period=first, as_of=as_of)
    periods = calendar.due_periods()
    late = {period: _late_by_definition(program, period) for period in periods}
    applicable = {c.actor for p in periods for c in matrix(program, p) if c.applicable}
    reporters = reporting_actors(program)
    actors = {actor for actor, _ in expected_pairs(program)}

    def late_periods(actor: str) -> list[str]:
        return [period for period in periods if actor in late[period]]

    assert {o.actor: list(o.periods) for o in overdue(program, calendar)} == {
        actor: late_periods(actor) for actor in reporters if late_periods(actor)
    }
    assert set(no_report_recorded(program, calendar)) == applicable - reporters
    declared = reporting(program, as_of, frequency, since=first)
    assert {o.actor: list(o.periods) for o in declared.overdue} == {
        actor: late_periods(actor) for actor in actors if late_periods(actor)
    }


_SOME_IDS = st.sampled_from(
    ["sg", "area-a", "oas-permanent-council", "zz-unrecorded", "aa-unrecorded", "act-a1"]
)


@settings(max_examples=60, deadline=None)
@given(pairs=st.sets(st.tuples(_SOME_IDS, _SOME_IDS | st.sampled_from(["ms-act", "x-1"]))))
def test_pairs_come_in_the_order_of_their_keys(pairs: set[tuple[str, str]]) -> None:
    # The matrix's order (actors, then each actor's activities, unrecorded ids after, by
    # id) is sorted by actor and activity keys separately: the same as by the pair's key.
    from oas_program.services.tracking.progress import _Index

    index = _Index(default_program())
    by_actor: dict[str, set[str]] = {}
    for actor, activity in pairs:
        by_actor.setdefault(actor, set()).add(activity)
    assert index.in_order(by_actor) == sorted(pairs, key=index.pair_key)
