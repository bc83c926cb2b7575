"""Implementation progress: who has reported what, per actor and activity, and what is overdue.

Everything here is derived from the program's observations; nothing is stored.

**Expected pairs.** An (actor, activity) pair is expected when the activity concerns the
actor directly:

- an activity with assignments concerns each assigned actor, and only them: the General
  Secretariat's areas report on their own activities, and a parent (the SG, SEDI) is not
  expected to report a second time on what its areas do;
- an activity addressed to a whole group with no assignments concerns every actor of that
  group: for member states, the states that are members (per their dated membership
  periods, excluded governments left out) on the first day of the period; for multilateral
  bodies and civil society, every actor of that kind. An OAS activity with no assignment
  concerns nobody in particular (OAS organs are named one by one);
- an activity added after the period ended (`added.date`) is not yet expected;
- any pair with an observation of a period that has ended by the end of the period is
  expected too, whatever the plan says: a report is never hidden.

Without a period, every activity counts and member states are the members as the data
stands (an open membership period of status `member`): the result is deterministic, not
tied to today's date.

**Current status.** A pair's status for a period is that of its latest observation among
those whose period ends on or before the end of that period (no period: every observation);
latest means by the end of the observation's period, then its report date, then its id. For
periods of one granularity this is `Program.current`; comparing period *ends* also orders an
annual report (`2025`) against a half-year one (`2025-H2`) and includes `2025-H2` in `2025`.
A pair with no such observation is `no-report`. An observation with applicability
`not-applicable` shows the pair as `not-applicable`, which is counted but left out of the
denominators of shares; applicability `unknown` counts as applicable.

**Shares** are fractions of the applicable pairs (total minus `not-applicable`), computed
exactly and rounded half to even to 3 decimals (`2/3` → `0.667`); `None` when a group has
no applicable pair.

**Overdue reports.** A reporting calendar (annual, semiannual or quarterly) runs from a
first period to an *as of* date; a period is due once it has ended (its last day is before
*as of*). An actor's due period is overdue when, for some pair expected of the actor in that
period and not `not-applicable`, no observation's period overlaps it (so an annual report
covers both halves of its year, and a quarterly one counts for its year). Only actors that
report are held to the calendar (`reporting_actors`): public evidence of what an actor did
(an OAS page, a document, the press) is not a report, and an actor with no report at all has
"no report recorded" (`no_report_recorded`), never an overdue one: nothing says a report was
owed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from oas_program.model import period as periods
from oas_program.model.activity import ADDRESSEE_LABELS, Activity, Addressee
from oas_program.model.actor import Actor, ActorKind
from oas_program.model.period import Granularity, Period
from oas_program.model.source import PUBLIC_RECORD_KINDS
from oas_program.model.tracking import Applicability, Observation, Status
from oas_program.model.values import date_bounds

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from oas_program.model.program import Program

NO_REPORT = "no-report"
NOT_APPLICABLE = "not-applicable"

STATUSES: tuple[str, ...] = (*(s.value for s in Status), NO_REPORT, NOT_APPLICABLE)
"""Every value a matrix cell's status can take, in display order."""

SHARE_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != NOT_APPLICABLE)
"""The statuses that have a share (not-applicable pairs are outside the denominator)."""

GROUPINGS: tuple[str, ...] = ("actor", "activity", "objective", "addressee")

NO_OBJECTIVE = "(no objective)"
UNKNOWN_GROUP = "(unknown)"

MAX_DUE_PERIODS = 1000
"""A calendar longer than this is refused: it is a typo (`--since 0206`), not a program."""

_MEMBERS_ALWAYS = dt.date.max  # "members as the data stands": an open membership period


# ---- periods ---------------------------------------------------------------------------------


_months = periods.months


def _month_of(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _first_day(period: str) -> dt.date:
    return Period.parse(period).first_day


def check_period(period: str) -> str:
    """*period* if it is a reporting period (2026, 2026-H1, 2026-Q3); ValueError if not."""
    _months(period)
    return period


# ---- expected pairs and the matrix ------------------------------------------------------------


@attrs.frozen
class Cell:
    """One expected pair and where it stands."""

    actor: str
    activity: str
    status: str
    """A `Status` value, `no-report` or `not-applicable`."""
    observation: Observation | None
    """The observation the status comes from; None for `no-report`."""

    @property
    def period(self) -> str | None:
        """The reporting period of the observation the status comes from."""
        return self.observation.period if self.observation is not None else None

    @property
    def applicable(self) -> bool:
        return self.status != NOT_APPLICABLE


class _Index:
    """The program's lookups this module needs, built once per call."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.actors = {a.id: a for a in reversed(program.actors)}  # first of a repeated id wins
        self.activities = {a.id: a for a in reversed(program.activities)}
        self.actor_order = {a.id: i for i, a in reversed(list(enumerate(program.actors)))}
        self.activity_order = {a.id: i for i, a in reversed(list(enumerate(program.activities)))}
        self.observations: dict[tuple[str, str], list[Observation]] = {}
        for observation in program.observations:
            pair = (observation.actor, observation.activity)
            self.observations.setdefault(pair, []).append(observation)
        for found in self.observations.values():
            found.sort(key=_latest_key)

    def pair_key(self, pair: tuple[str, str]) -> tuple[int, str, int, str]:
        """Program order of actors, then of activities; unrecorded ids after, by id."""
        actor, activity = pair
        return (*self._actor_key(actor), *self._activity_key(activity))

    def _actor_key(self, actor: str) -> tuple[int, str]:
        return (self.actor_order.get(actor, len(self.actor_order)), actor)

    def _activity_key(self, activity: str) -> tuple[int, str]:
        return (self.activity_order.get(activity, len(self.activity_order)), activity)

    def in_order(self, by_actor: Mapping[str, Collection[str]]) -> list[tuple[str, str]]:
        """The pairs of each actor's activities (*by_actor*), sorted by `pair_key`: by actor,
        then each actor's activities. Each id's key is made once and looked up by the sort
        itself: a large program has hundreds of thousands of pairs and a few thousand ids."""
        activities = {activity for found in by_actor.values() for activity in found}
        activity_key = {activity: self._activity_key(activity) for activity in activities}
        in_order: list[tuple[str, str]] = []
        for actor in sorted(by_actor, key=self._actor_key):
            found = sorted(by_actor[actor], key=activity_key.__getitem__)
            in_order += [(actor, activity) for activity in found]
        return in_order


def _latest_key(observation: Observation) -> tuple[int, str, str]:
    return observation.order


def _in_force(activity: Activity, end: int | None) -> bool:
    if end is None or activity.added is None or activity.added.date is None:
        return True
    return _month_of(date_bounds(activity.added.date)[0]) <= end


def _group_actors(index: _Index, addressee: Addressee, period: str | None) -> Iterable[Actor]:
    if addressee is Addressee.MEMBER_STATES:
        day = _MEMBERS_ALWAYS if period is None else _first_day(period)
        return index.program.members_on(day)
    kind = {
        Addressee.MULTILATERAL: ActorKind.MULTILATERAL,
        Addressee.CIVIL_SOCIETY: ActorKind.CIVIL_SOCIETY,
    }.get(addressee)
    return [a for a in index.program.actors if kind is not None and a.kind is kind]


def _expected(index: _Index, period: str | None) -> list[tuple[str, str]]:
    return index.in_order(_expected_by_actor(index, period))


def _expected_by_actor(index: _Index, period: str | None) -> dict[str, set[str]]:
    """Each actor's expected activities in *period*, in no order (`_expected` sorts them)."""
    end = None if period is None else _months(period)[1]
    # Each actor's activities, as sets: no tuple made or hashed per pair, and tables the
    # size of an actor's share rather than of every pair (1.6 million at 1M records).
    expected: defaultdict[str, set[str]] = defaultdict(set)
    groups: dict[Addressee, list[set[str]]] = {}  # the same for every activity of the group
    for activity in index.program.activities:
        if not _in_force(activity, end):
            continue
        if activity.assignments:
            for assignment in activity.assignments:
                expected[assignment.actor].add(activity.id)
        else:
            group = groups.get(activity.addressee)
            if group is None:
                actors = _group_actors(index, activity.addressee, period)
                group = groups[activity.addressee] = [expected[a.id] for a in actors]
            for activities in group:
                activities.add(activity.id)
    for (actor, activity_id), found in index.observations.items():
        if end is None or _months(found[0].period)[1] <= end:
            expected[actor].add(activity_id)
    return expected


def expected_pairs(program: Program, period: str | None = None) -> tuple[tuple[str, str], ...]:
    """Every (actor id, activity id) pair expected to report, in program order (actors, then
    activities; ids the program does not record come last, by id). See the module doc."""
    if period is not None:
        check_period(period)
    return tuple(_expected(_Index(program), period))


def _status(observation: Observation | None) -> str:
    if observation is None:
        return NO_REPORT
    if observation.applicability is Applicability.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return observation.status._value_  # `_value_`: Enum's `value` is a slow property


def _current(index: _Index, pair: tuple[str, str], end: int | None) -> Observation | None:
    """The pair's latest observation whose period ends by *end* (None: the latest)."""
    found = index.observations.get(pair)
    if not found:
        return None
    latest = found[-1]  # sorted oldest first
    if end is None or _months(latest.period)[1] <= end:
        return latest
    return next((o for o in reversed(found) if _months(o.period)[1] <= end), None)


def _applicable(index: _Index, pair: tuple[str, str], end: int) -> bool:
    """Whether *pair*'s cell as of month *end* is applicable (`Cell.applicable`), without
    the cell: the checks of due reports look at an actor's pairs only until one is late,
    and the matrix of every due period made a cell for each of hundreds of thousands."""
    observation = _current(index, pair, end)
    return observation is None or observation.applicability is not Applicability.NOT_APPLICABLE


def _late(index: _Index, actor: str, activities: Iterable[str], period: str) -> bool:
    """Whether one of *actor*'s applicable pairs among *activities* has no observation
    covering *period* (a due report missing)."""
    first, last = _months(period)
    return any(
        _applicable(index, (actor, activity), last)
        and not _reported(index.observations.get((actor, activity), []), first, last)
        for activity in activities
    )


def _matrix(index: _Index, period: str | None) -> list[Cell]:
    end = None if period is None else _months(period)[1]
    cells = []
    for pair in _expected(index, period):
        observation = _current(index, pair, end)
        cells.append(Cell(pair[0], pair[1], _status(observation), observation))
    return cells


def matrix(program: Program, period: str | None = None) -> tuple[Cell, ...]:
    """The actor × activity matrix: one cell per expected pair, as of the end of *period*
    (None: every observation), in the order of `expected_pairs`."""
    if period is not None:
        check_period(period)
    return tuple(_matrix(_Index(program), period))


# ---- roll-ups ----------------------------------------------------------------------------------


@attrs.frozen
class Group:
    """Counts and shares of the pairs of one group (an actor, an activity, ...)."""

    key: str
    """The group's id (actor, activity or objective id, addressee group) or a placeholder."""
    label: str
    counts: dict[str, int]
    """Pairs per status, every status of `STATUSES` present (zeros included)."""

    @property
    def total(self) -> int:
        """Every pair of the group, not-applicable ones included."""
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        """The denominator of the shares."""
        return self.total - self.counts[NOT_APPLICABLE]

    @property
    def shares(self) -> dict[str, float | None]:
        """Per status (not-applicable excepted): count / applicable, rounded half to even to
        3 decimals; None when the group has no applicable pair."""
        applicable = self.applicable
        return {
            status: (
                float(round(Fraction(self.counts[status], applicable), 3)) if applicable else None
            )
            for status in SHARE_STATUSES
        }


ALL_PAIRS = "(all pairs)"


def summarize(cells: Iterable[Cell], key: str = ALL_PAIRS, label: str = "All pairs") -> Group:
    """One group's figures from its cells."""
    counts = dict.fromkeys(STATUSES, 0)
    for cell in cells:
        counts[cell.status] += 1
    return Group(key=key, label=label, counts=counts)


def _actor_label(index: _Index, actor_id: str) -> str:
    actor = index.actors.get(actor_id)
    return actor.name.best("en")[1] if actor is not None else actor_id


def _groups(index: _Index, cells: Sequence[Cell], by: str) -> list[Group]:
    groups: list[Group] = []
    if by in ("actor", "activity"):
        buckets: dict[str, list[Cell]] = {}
        for cell in cells:
            buckets.setdefault(cell.actor if by == "actor" else cell.activity, []).append(cell)
        if by == "actor":  # cells come in actor order already
            for key, chosen in buckets.items():
                groups.append(summarize(chosen, key, _actor_label(index, key)))
        else:
            size = len(index.activity_order)
            for key in sorted(buckets, key=lambda a: (index.activity_order.get(a, size), a)):
                activity = index.activities.get(key)
                label = activity.label.best("en")[1] if activity is not None else key
                groups.append(summarize(buckets[key], key, label))
    elif by == "addressee":

        def addressee(cell: Cell) -> str:
            activity = index.activities.get(cell.activity)
            return activity.addressee.value if activity is not None else UNKNOWN_GROUP

        for group in Addressee:
            chosen = [c for c in cells if addressee(c) == group.value]
            groups.append(summarize(chosen, group.value, ADDRESSEE_LABELS[group]))
        unknown = [c for c in cells if addressee(c) == UNKNOWN_GROUP]
        if unknown:
            groups.append(summarize(unknown, UNKNOWN_GROUP, "Activities not recorded"))
    elif by == "objective":
        served: set[str] = set()
        for objective in index.program.objectives:
            if objective.id in {g.key for g in groups}:
                continue  # a repeated objective id: the first one stands for it
            try:
                wanted = {a.id for a in index.program.activities_serving(objective.id)}
            except KeyError:  # the id names another kind of entity first (validate says so)
                wanted = {a.id for a in index.program.activities if objective.id in a.objectives}
            served |= wanted
            chosen = [c for c in cells if c.activity in wanted]
            groups.append(summarize(chosen, objective.id, objective.summary.best("en")[1]))
        rest = [c for c in cells if c.activity not in served]
        if rest:
            groups.append(summarize(rest, NO_OBJECTIVE, "Activities serving no recorded objective"))
    else:
        raise ValueError(f"cannot group by {by!r}; expected one of {', '.join(GROUPINGS)}")
    return groups


def rollup(program: Program, by: str = "actor", period: str | None = None) -> tuple[Group, ...]:
    """The matrix's figures per group.

    - `actor`, `activity`: one group per actor or activity with an expected pair, in
      program order;
    - `addressee`: the four addressee groups, always all four (plus `(unknown)` for pairs
      of activities the program does not record);
    - `objective`: every objective, always, with the pairs of the activities serving it or
      an objective refining it (`Program.activities_serving`), plus `(no objective)` for
      pairs of activities serving none. A pair may count under several objectives, so these
      groups overlap: their sum is not the total (use `totals`)."""
    if period is not None:
        check_period(period)
    index = _Index(program)
    return tuple(_groups(index, _matrix(index, period), by))


def totals(program: Program, period: str | None = None) -> Group:
    """The figures of the whole matrix."""
    return summarize(matrix(program, period))


@attrs.frozen
class Progress:
    """The matrix, one roll-up and the totals, computed together."""

    period: str | None
    by: str
    cells: tuple[Cell, ...]
    groups: tuple[Group, ...]
    totals: Group


def compute(program: Program, by: str = "actor", period: str | None = None) -> Progress:
    """`matrix`, `rollup` and `totals` in one pass over the observations."""
    if period is not None:
        check_period(period)
    index = _Index(program)
    cells = _matrix(index, period)
    groups = _groups(index, cells, by)
    return Progress(period, by, tuple(cells), tuple(groups), summarize(cells))


# ---- overdue reports ---------------------------------------------------------------------------


class Frequency(StrEnum):
    """How often actors report."""

    ANNUAL = "annual"
    SEMIANNUAL = "semiannual"
    QUARTERLY = "quarterly"


_GRANULARITY = {
    Frequency.ANNUAL: Granularity.YEAR,
    Frequency.SEMIANNUAL: Granularity.HALF,
    Frequency.QUARTERLY: Granularity.QUARTER,
}


def _period_at(month: int, frequency: Frequency) -> str:
    return str(Period.at(month, _GRANULARITY[frequency]))


@attrs.frozen(kw_only=True)
class Calendar:
    """When reports are due: every period of *frequency* from *first_period* that has ended
    before *as_of*. *as_of* is always explicit, so results never depend on today's date."""

    frequency: Frequency = attrs.field(default=Frequency.ANNUAL, converter=Frequency)
    first_period: str = attrs.field()
    """A period of the calendar's frequency (`2006`, `2006-H1`, `2006-Q1`)."""
    as_of: dt.date

    @first_period.validator
    def _matches_frequency(self, attribute: attrs.Attribute[str], value: str) -> None:
        start = _months(value)[0]
        if _period_at(start, self.frequency) != value:
            example = _period_at(start, self.frequency)
            raise ValueError(
                f"{value!r} is not a period of a {self.frequency.value} calendar (e.g. {example})"
            )

    def due_periods(self) -> tuple[str, ...]:
        """The periods that have ended by *as_of*, oldest first."""
        step = _GRANULARITY[self.frequency].months
        month, limit = _months(self.first_period)[0], _month_of(self.as_of)
        count = max((limit - month) // step, 0)  # periods whose last month is before as_of's
        if count > MAX_DUE_PERIODS:
            raise ValueError(
                f"the calendar from {self.first_period} to {self.as_of.isoformat()} has "
                f"{count} {self.frequency.value} periods; at most {MAX_DUE_PERIODS}"
            )
        return tuple(_period_at(month + i * step, self.frequency) for i in range(count))


def default_first_period(program: Program, frequency: Frequency | str = "annual") -> str:
    """The first period of the year after the program's adoption: the first year it was
    in force for a whole year (adopted 2005-06-07 → `2006`). ValueError when the adoption
    date is unknown."""
    frequency = Frequency(frequency)
    adopted = program.adopted_on
    if adopted is None:
        try:  # fall back on the adopting resolution's date
            adopted = getattr(program.get(program.adopted_by), "date", None)
        except KeyError:
            adopted = None
    if adopted is None:
        raise ValueError("the program's adoption date is not recorded; give the first period")
    return _period_at((int(adopted[:4]) + 1) * 12, frequency)


def make_calendar(
    program: Program,
    as_of: dt.date,
    frequency: Frequency | str = "annual",
    since: str | None = None,
) -> Calendar:
    """A calendar from *since* (default: `default_first_period`); a bare year is taken as
    that year's first period of *frequency* (`2020` → `2020-H1`)."""
    frequency = Frequency(frequency)
    if since is None:
        since = default_first_period(program, frequency)
    elif len(check_period(since)) == 4:
        since = _period_at(_months(since)[0], frequency)
    return Calendar(frequency=frequency, first_period=since, as_of=as_of)


@attrs.frozen
class Overdue:
    """The due periods one actor has not reported on in full."""

    actor: str
    periods: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.periods)


def _reported(found: Sequence[Observation], first: int, last: int) -> bool:
    for observation in found:
        start, end = _months(observation.period)
        if start <= last and end >= first:
            return True
    return False


def reporting_actors(program: Program) -> frozenset[str]:
    """Actors that have reported: one of their observations rests on something other than
    the public record (a report or form, an unknown source, or no source at all)."""
    kinds = {source.id: source.kind for source in program.sources}
    return frozenset(
        o.actor
        for o in program.observations
        if not o.sources or any(kinds.get(s) not in PUBLIC_RECORD_KINDS for s in o.sources)
    )


def no_report_recorded(program: Program, calendar: Calendar) -> tuple[str, ...]:
    """Actors expected to act in a due period of *calendar* that have not reported at all
    (`reporting_actors`), in program order: "no report recorded", not overdue."""
    index = _Index(program)
    reporting = reporting_actors(program)
    found: set[str] = set()
    for period in calendar.due_periods():
        end = _months(period)[1]
        for actor, activities in _expected_by_actor(index, period).items():
            if actor not in found and any(_applicable(index, (actor, a), end) for a in activities):
                found.add(actor)
    return tuple(sorted(found - reporting, key=lambda a: index.pair_key((a, ""))))


def overdue(program: Program, calendar: Calendar) -> tuple[Overdue, ...]:
    """Per actor that reports (`reporting_actors`), the due periods of *calendar* with an
    applicable expected pair that no observation covers; only actors with at least one such
    period, in program order."""
    index = _Index(program)
    reporting = reporting_actors(program)
    missing: dict[str, list[str]] = {}
    for period in calendar.due_periods():
        for actor, activities in _expected_by_actor(index, period).items():
            if actor in reporting and _late(index, actor, activities, period):
                missing.setdefault(actor, []).append(period)
    order = sorted(missing, key=lambda a: index.pair_key((a, "")))
    return tuple(Overdue(actor, tuple(missing[actor])) for actor in order)
