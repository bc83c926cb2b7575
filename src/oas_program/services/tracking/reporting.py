"""When a report is due, and who has not reported at all.

A report is overdue only when it was due and is missing. The data records no reporting
calendar for the program's items (its resolutions ask for reports but set no item-level
timetable), so a report is due:

- **from an actor's first report on** (the default): an actor that has reported once owes
  a report for every period of the calendar from the one holding its first report up to the
  *as of* date; before that, and for actors that never reported, nothing is overdue;
- **from a declared calendar** (`since`, `oas-program progress --since P`): every actor owes
  a report for every period from *since* on.

Observations that rest only on the public record (an OAS page saying what an actor did) are
evidence, not reports the actor made: they neither start its calendar nor count as its
report. An actor that is expected to report (it has a cell in the matrix) but has made no
report is listed as **no report recorded**, never as overdue by default. Only actors of the
matrix are listed, so the overdue list and the table name the same actors: a state whose
membership has ended (and that never reported) appears in neither.

Within a due period, an actor is late when some applicable pair expected of it in that
period has no observation whose period overlaps it (as in `progress.overdue`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from oas_program.model.source import PUBLIC_RECORD_KINDS, SourceKind
from oas_program.services.tracking.progress import (
    Calendar,
    Frequency,
    Overdue,
    _expected_by_actor,
    _Index,
    _late,
    _matrix,
    _months,
    _period_at,
    default_first_period,
    make_calendar,
    reporting_actors,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from oas_program.model.program import Program
    from oas_program.model.tracking import Observation

FIRST_REPORT = "first-report"
DECLARED = "calendar"


@attrs.frozen(kw_only=True)
class Reporting:
    """What each actor of the matrix owes, under one calendar and one rule."""

    calendar: Calendar
    due_from: str
    """`first-report` (each actor from its first report) or `calendar` (everyone from
    `calendar.first_period`)."""
    first_reports: dict[str, str]
    """Actor id → the calendar period of its first report (actors that reported)."""
    overdue: tuple[Overdue, ...]
    """Actors with a due period they have not reported on in full, in program order."""
    no_report: tuple[str, ...]
    """Actors expected to report that have no observation at all, in program order."""


def reporting(
    program: Program,
    as_of: dt.date,
    frequency: Frequency | str = "annual",
    since: str | None = None,
    actors: Iterable[str] | None = None,
) -> Reporting:
    """The reports due by *as_of* under a *frequency* calendar, from each actor's first
    report, or from *since* for everyone when it is given. *actors* limits the answer to
    those actors (the table's), default: the actors of the matrix over every period."""
    frequency = Frequency(frequency)
    index = _Index(program)
    shown = list(actors) if actors is not None else _actors(index)
    first_reports: dict[str, str] = {}
    reporters = reporting_actors(program)
    kinds = {source.id: source.kind for source in program.sources}
    for observation in program.observations:
        if observation.actor not in reporters or _public_record_only(kinds, observation):
            continue  # what the public record shows of an actor is not a report it made
        start = _months(observation.period)[0]
        known = first_reports.get(observation.actor)
        if known is None or start < _months(known)[0]:
            first_reports[observation.actor] = _period_at(start, frequency)
    if since is not None:
        calendar = make_calendar(program, as_of, frequency, since)
        due_from = DECLARED
    else:
        earliest = min(first_reports.values(), key=lambda p: _months(p)[0], default=None)
        first = earliest if earliest is not None else default_first_period(program, frequency)
        calendar = Calendar(frequency=frequency, first_period=first, as_of=as_of)
        due_from = FIRST_REPORT
    wanted = set(shown)
    missing: dict[str, list[str]] = {}
    for period in calendar.due_periods():
        first_month = _months(period)[0]
        for actor, activities in _expected_by_actor(index, period).items():
            if actor not in wanted:
                continue
            if due_from == FIRST_REPORT:
                begun = first_reports.get(actor)
                if begun is None or _months(begun)[0] > first_month:
                    continue  # not due before the actor's first report
            if _late(index, actor, activities, period):
                missing.setdefault(actor, []).append(period)
    order = {actor: i for i, actor in enumerate(shown)}
    overdue = tuple(
        Overdue(actor, tuple(missing[actor])) for actor in sorted(missing, key=order.__getitem__)
    )
    return Reporting(
        calendar=calendar,
        due_from=due_from,
        first_reports=dict(sorted(first_reports.items(), key=lambda kv: order.get(kv[0], 0))),
        overdue=overdue,
        no_report=tuple(actor for actor in shown if actor not in reporters),
    )


def _public_record_only(kinds: dict[str, SourceKind], observation: Observation) -> bool:
    return bool(observation.sources) and all(
        kinds.get(s) in PUBLIC_RECORD_KINDS for s in observation.sources
    )


def _actors(index: _Index) -> list[str]:
    seen: dict[str, None] = {}
    for cell in _matrix(index, None):
        seen.setdefault(cell.actor, None)
    return list(seen)
