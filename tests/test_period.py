"""Reporting periods: one parse, one format, containment and one ordering for everything."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.model.period import Granularity, Period
from oas_program.model.tracking import Observation
from oas_program.services.tracking import progress

periods = st.builds(
    lambda year, kind, number: Period(
        year, kind, min(number, 12 // kind.months) if kind is not Granularity.YEAR else 1
    ),
    st.integers(0, 9999),
    st.sampled_from(list(Granularity)),
    st.integers(1, 4),
)


@given(periods)
def test_text_round_trips(period: Period) -> None:
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize("text", ["26", "2026-H3", "2026-Q0", "2026-q1", "2026-M1", "2026 ", ""])
def test_what_is_not_a_period_is_refused(text: str) -> None:
    assert not Period.is_valid(text)
    with pytest.raises(ValueError, match="is not a reporting period"):
        Period.parse(text)


def test_months_days_and_containment() -> None:
    year, half, quarter = Period.parse("2025"), Period.parse("2025-H2"), Period.parse("2025-Q3")
    assert (half.first_day, quarter.first_day) == (dt.date(2025, 7, 1), dt.date(2025, 7, 1))
    assert year.contains(half) and half.contains(quarter) and year.contains(year)
    assert not quarter.contains(half) and not Period.parse("2026").contains(quarter)
    assert Period.parse("2025-Q4").overlaps(half) and not Period.parse("2025-Q2").overlaps(half)
    assert Period.at(2025 * 12 + 7, Granularity.QUARTER) == quarter


def test_periods_sort_by_where_they_end_then_longer_first() -> None:
    texts = ["2026", "2025-H2", "2026-Q1", "2025", "2025-Q4", "2026-H1"]
    ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
    assert ordered == ["2025", "2025-H2", "2025-Q4", "2026-Q1", "2026-H1", "2026"]


def _two_reports() -> tuple[object, str, str]:
    """The embedded program with a quarterly and an annual report on one pair."""
    program = default_program()
    activity = next(a for a in program.activities if a.assignments)
    actor = activity.assignments[0].actor

    def observation(period: str, date: str, status: str) -> Observation:
        return Observation(
            id=f"obs-{actor}-{activity.id}-{period.lower()}",
            activity=activity.id,
            actor=actor,
            period=period,
            date=date,
            status=status,
        )

    reports = (
        observation("2026-Q1", "2026-04-10", "in-progress"),
        observation("2026", "2026-03-01", "completed"),
    )
    return attrs.evolve(program, observations=reports), actor, activity.id


def test_the_library_and_progress_give_one_answer_for_a_period() -> None:
    program, actor, activity = _two_reports()
    current = program.current(actor, activity, "2026-H1")  # type: ignore[attr-defined]
    cell = next(
        c
        for c in progress.matrix(program, "2026-H1")  # type: ignore[arg-type]
        if (c.actor, c.activity) == (actor, activity)
    )
    # The annual report covers a year that has not ended by the end of 2026-H1.
    assert current is not None and current.period == "2026-Q1"
    assert cell.observation == current
    # Over the whole year, the annual report is the latest: both agree again.
    whole = program.current(actor, activity, "2026")  # type: ignore[attr-defined]
    cell = next(
        c
        for c in progress.matrix(program, "2026")  # type: ignore[arg-type]
        if (c.actor, c.activity) == (actor, activity)
    )
    assert whole is not None and whole.period == "2026" and cell.observation == whole


def test_the_command_agrees_with_the_library(tmp_path: Path) -> None:
    from oas_program.files import canonical

    program, actor, activity = _two_reports()
    path = tmp_path / "two.json"
    path.write_text(canonical.dumps(program), encoding="utf-8")  # type: ignore[arg-type]
    script = str(Path(sys.executable).with_name("oas-program"))
    done = subprocess.run(
        [script, "progress", str(path), "--period", "2026-H1", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    cells = json.loads(done.stdout)["matrix"]
    cell = next(c for c in cells if (c["actor"], c["activity"]) == (actor, activity))
    assert (cell["status"], cell["period"]) == ("in-progress", "2026-Q1")
