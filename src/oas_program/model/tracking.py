"""Implementation tracking: dated, sourced observations of who did what, for which period.

An observation is about one activity and one actor for one reporting period. Three axes are
kept apart, because the sources keep them apart: whether the activity applies to the actor
at all, how far its implementation has gone, and how someone judged it. The current state
and the history of an (actor, activity) pair are derived from observations; they are never
stored a second time.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import attrs

from oas_program.model import period as periods
from oas_program.model.note import Note
from oas_program.model.values import (
    FieldValueError,
    check_id,
    check_ids,
    check_partial_date,
    passes_when,
    repeats,
)

PERIOD_PATTERN = periods.PATTERN
"""A reporting period: a year, or a half or quarter of one (2026, 2026-H1, 2026-Q3)."""


@repeats
@passes_when(re.compile(PERIOD_PATTERN).fullmatch)
def check_period(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """attrs validator: *value* is a reporting period."""
    if not periods.Period.is_valid(value):
        raise FieldValueError(
            attribute.name, f"{value!r} is not a reporting period ({periods.EXAMPLES})"
        )


class Applicability(StrEnum):
    """Whether an activity concerns the actor at all."""

    ASSIGNED = "assigned"
    NOT_APPLICABLE = "not-applicable"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """How far implementation has gone, as reported."""

    NOT_STARTED = "not-started"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"
    NO_INFORMATION = "no-information"


class AssessorKind(StrEnum):
    """Who judged the implementation."""

    SELF_REPORT = "self-report"  # the actor about itself
    SECRETARIAT = "secretariat"  # the General Secretariat or the committee's secretariat
    CIVIL_SOCIETY = "civil-society"


class Rating(StrEnum):
    """An assessor's judgement of an implementation."""

    SATISFACTORY = "satisfactory"
    PARTIAL = "partial"
    UNSATISFACTORY = "unsatisfactory"
    NOT_ASSESSABLE = "not-assessable"


@attrs.frozen(kw_only=True)
class Assessment:
    """One assessor's judgement; several may coexist and disagree."""

    assessor_kind: AssessorKind = attrs.field(converter=AssessorKind)
    assessor: str
    """Who assessed (an organisation's name, or an actor id)."""
    rating: Rating = attrs.field(converter=Rating)
    date: str | None = attrs.field(default=None, validator=check_partial_date)
    comment: str | None = None


@attrs.frozen(kw_only=True)
class Evidence:
    """What backs an observation: a statement, a link, a document of the dataset."""

    text: str | None = None
    url: str | None = None
    document: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of a document in the dataset."""


@attrs.frozen(kw_only=True)
class Observation:
    """What was reported about one activity, one actor and one reporting period."""

    id: str = attrs.field(validator=check_id)
    activity: str = attrs.field(validator=check_id)
    actor: str = attrs.field(validator=check_id)
    period: str = attrs.field(validator=check_period)
    """The reporting period the observation covers."""
    date: str = attrs.field(validator=check_partial_date)
    """When it was reported or observed."""
    status: Status = attrs.field(converter=Status)
    applicability: Applicability = attrs.field(
        default=Applicability.ASSIGNED, converter=Applicability
    )
    assessments: tuple[Assessment, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    reported_by: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    """Id of the actor that reported it (often the actor itself)."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)

    @property
    def order(self) -> tuple[int, str, str]:
        """Chronological sort key: where the period ends, then the report date, then the id
        (the one ordering of observations: `Program.current`, `history` and progress)."""
        return (periods.months(self.period)[1], self.date, self.id)
