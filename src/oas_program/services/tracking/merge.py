"""Merge filled reporting forms into a program: upsert observations by id, all or nothing.

Every row with a status becomes one observation, identified by actor, activity and period
(`obs-mex-ms-training-2026`): merging the same form twice changes nothing, and a corrected
form replaces what the first one said. Each form becomes a source of kind `report`. Unknown
actors, activities and codes, and an activity listed twice, are refused with the location
of the row; when any form has a problem nothing is merged.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

import attrs

from oas_program.errors import DataError, ExitCode, Problem, did_you_mean
from oas_program.model.convert import FAST, paused_gc
from oas_program.model.forms import CODELISTS, FilledForm, FormRow, report_source_title
from oas_program.model.period import EXAMPLES, Period
from oas_program.model.program import Program
from oas_program.model.source import Source, SourceKind
from oas_program.model.tracking import (
    Assessment,
    AssessorKind,
    Evidence,
    Observation,
)
from oas_program.model.values import ID_PATTERN, parse_partial_date

if TYPE_CHECKING:
    from collections.abc import Sequence

    from oas_program.errors import Location
    from oas_program.plugins.descriptors import Contribution

_ID = re.compile(ID_PATTERN)

# A merge makes an observation per filled row, 159,000 for a large program's 35 forms: these
# make them as the classes do (same checks, same errors), without `__init__`'s overhead, and
# check each actor, activity, period and date once (they repeat from row to row and form to
# form), within the merge's `FAST.sharing`.
_observation = FAST.builder(Observation, remembering=True)
_assessment = FAST.builder(Assessment, remembering=True)
_evidence = FAST.builder(Evidence, remembering=True)


@attrs.frozen(kw_only=True)
class MergeResult:
    """The merged program and what changed."""

    program: Program
    added: tuple[Observation, ...]
    updated: tuple[Observation, ...]
    unchanged: tuple[Observation, ...]


def observation_id(actor: str, activity: str, period: str) -> str:
    """The stable id of the observation for (actor, activity, period)."""
    candidate = f"obs-{actor}-{activity}-{period.lower()}"
    if _ID.fullmatch(candidate):
        return candidate
    # Too long for an id: keep a readable start and make it unique with a digest.
    digest = hashlib.sha256(candidate.encode("utf-8")).hexdigest()[:10]
    return f"{candidate[:53].rstrip('-')}-{digest}"


def report_source_id(actor: str, period: str) -> str:
    candidate = f"src-report-{actor}-{period.lower()}"
    return candidate if _ID.fullmatch(candidate) else observation_id("src-report", actor, period)


class _Checker:
    def __init__(self, program: Program) -> None:
        self.program = program
        self.problems: list[Problem] = []

    def fail(
        self, filled: FilledForm, index: int | None, column: str | None, code: str, message: str
    ) -> None:
        location = filled.header if index is None else filled.where(index, column)
        self.problems.append(Problem.at(location, code, message, file=filled.name))

    def form(self, filled: FilledForm) -> list[Observation]:
        form = filled.form
        try:
            actor = self.program.actor(form.actor)
        except KeyError:
            self.fail(
                filled,
                None,
                None,
                "unknown-reference",
                f"actor: {form.actor!r} is not an actor of the program"
                + did_you_mean(form.actor, (a.id for a in self.program.actors)),
            )
            return []
        if not Period.is_valid(form.period):
            self.fail(
                filled,
                None,
                None,
                "invalid-value",
                f"period: {form.period!r} is not a reporting period ({EXAMPLES})",
            )
            return []
        concerning = {a.id for a in self.program.activities_for(actor.id)}  # as the form has
        seen: dict[str, int] = {}
        observations = []
        source = report_source_id(form.actor, form.period)  # one per form: its rows cite it
        for index, row in enumerate(filled.form.rows):
            observation = self.row(filled, index, row, concerning, seen, source)
            if observation is not None:
                observations.append(observation)
        return observations

    def _is_activity(self, activity: str) -> bool:
        try:
            self.program.activity(activity)
        except KeyError:
            return False
        return True

    def row(
        self,
        filled: FilledForm,
        index: int,
        row: FormRow,
        concerning: set[str],
        seen: dict[str, int],
        source: str,
    ) -> Observation | None:
        form = filled.form
        if row.activity in seen:
            first = filled.where(seen[row.activity], "activity")
            at = f"line {first.line}" if first.line is not None else first.place
            self.fail(
                filled,
                index,
                "activity",
                "duplicate-row",
                f"activity {row.activity!r} is listed twice (first at {at})",
            )
            return None
        seen[row.activity] = index
        # An activity that concerns the actor is one of the program's: only another one
        # is looked up, to say which of the two problems it is.
        if row.activity not in concerning and not self._is_activity(row.activity):
            self.fail(
                filled,
                index,
                "activity",
                "unknown-reference",
                f"activity: {row.activity!r} is not an activity of the program"
                + did_you_mean(row.activity, (a.id for a in self.program.activities)),
            )
            return None
        if row.activity not in concerning:
            self.fail(
                filled,
                index,
                "activity",
                "not-concerned",
                f"activity {row.activity!r} does not concern actor {form.actor!r}",
            )
            return None
        if not row.status.strip():
            return None  # not reported in this form
        ok = True
        for column in ("status", "applicability", "self_assessment"):
            value = getattr(row, column)
            if value and value not in CODELISTS[column]:
                ok = False
                self.fail(
                    filled,
                    index,
                    column,
                    "codelist",
                    f"{column}: {value!r} is not one of [{', '.join(CODELISTS[column])}]",
                )
        try:
            parse_partial_date(row.date)
        except ValueError as error:
            ok = False
            message = "required when a status is given" if not row.date else str(error)
            self.fail(filled, index, "date", "invalid-value", f"date: {message}")
        if not ok:
            return None
        evidence: tuple[Evidence, ...] = ()
        if row.evidence_text or row.evidence_url:
            evidence = (_evidence(text=row.evidence_text or None, url=row.evidence_url or None),)
        assessments: tuple[Assessment, ...] = ()
        if row.self_assessment:
            assessments = (
                _assessment(
                    assessor_kind=AssessorKind.SELF_REPORT,
                    assessor=form.actor,
                    rating=row.self_assessment,
                    date=row.date,
                ),
            )
        return _observation(
            id=observation_id(form.actor, row.activity, form.period),
            activity=row.activity,
            actor=form.actor,
            period=form.period,
            date=row.date,
            status=row.status,
            applicability=row.applicability or "assigned",
            assessments=assessments,
            evidence=evidence,
            reported_by=form.actor,
            sources=(source,),
        )


class _ContributionChecker:
    """The checks a form's rows get, for observations a partial importer read."""

    def __init__(self, program: Program, problems: list[Problem]) -> None:
        self.program = program
        self.problems = problems
        self.known_sources = {source.id for source in program.sources}

    def check(self, name: str, contribution: Contribution) -> list[Observation]:
        cited = self.known_sources | {source.id for source in contribution.sources}
        seen: dict[str, int] = {}
        accepted = []
        for index, observation in enumerate(contribution.observations):
            location = (
                contribution.locations[index] if index < len(contribution.locations) else None
            )

            def fail(code: str, message: str, where: Location | None = location) -> None:
                self.problems.append(Problem.at(where, code, message, file=name))

            if observation.id in seen:
                fail(
                    "duplicate-row",
                    f"{observation.id}: given twice (first as item {seen[observation.id] + 1})",
                )
                continue
            seen[observation.id] = index
            ok = True
            try:
                self.program.actor(observation.actor)
            except KeyError:
                fail(
                    "unknown-reference",
                    f"actor: {observation.actor!r} is not an actor of the program",
                )
                ok = False
            try:
                self.program.activity(observation.activity)
            except KeyError:
                fail(
                    "unknown-reference",
                    f"activity: {observation.activity!r} is not an activity of the program",
                )
                ok = False
            if ok:
                concerning = {
                    a.id for a in self.program.activities_for(observation.actor, descendants=False)
                }
                if observation.activity not in concerning:
                    fail(
                        "not-concerned",
                        f"activity {observation.activity!r} does not concern actor "
                        f"{observation.actor!r}",
                    )
                    ok = False
            for source in observation.sources:
                if source not in cited:
                    fail(
                        "unknown-reference",
                        f"sources: {source!r} is not a source of the program or of this file",
                    )
                    ok = False
            if ok:
                accepted.append(observation)
        return accepted


def merge(
    program: Program,
    forms: Sequence[FilledForm],
    contributions: Sequence[tuple[str, Contribution]] = (),
) -> MergeResult:
    """Add the forms' observations, and those of *contributions* (what partial importers
    read, each with the file's name for messages), to *program* (upsert by id), all or
    nothing: DataError listing every problem if any is bad."""
    # Bulk building, as when loading (see `paused_gc`); the builders check each actor,
    # activity, period and date once and forget them when the merge ends (`FAST.sharing`).
    with paused_gc(), FAST.sharing():
        return _merge(program, forms, contributions)


def _merge(
    program: Program,
    forms: Sequence[FilledForm],
    contributions: Sequence[tuple[str, Contribution]],
) -> MergeResult:
    checker = _Checker(program)
    incoming: dict[str, Observation] = {}
    sources: dict[str, Source] = {}
    partners = _ContributionChecker(program, checker.problems)
    for name, contribution in contributions:
        for observation in partners.check(name, contribution):
            if observation.id in incoming:
                checker.problems.append(
                    Problem(
                        code="duplicate-row",
                        message=f"{observation.id}: reported twice for the same actor and period",
                        file=name,
                    )
                )
            incoming[observation.id] = observation
        for source in contribution.sources:
            sources[source.id] = source
    for filled in forms:
        observations = checker.form(filled)
        for observation in observations:
            if observation.id in incoming:
                checker.fail(
                    filled,
                    None,
                    None,
                    "duplicate-row",
                    f"{observation.id}: reported twice for the same actor and period",
                )
            incoming[observation.id] = observation
        if observations:
            form = filled.form
            source_id = report_source_id(form.actor, form.period)
            sources[source_id] = Source(
                id=source_id,
                kind=SourceKind.REPORT,
                title=report_source_title(form.actor, form.period),
                date=max(o.date for o in observations),
            )
    if checker.problems:
        raise DataError(checker.problems, ExitCode.INVALID)

    existing = {o.id: o for o in program.observations}
    added = [o for o in incoming.values() if o.id not in existing]
    updated = [o for o in incoming.values() if o.id in existing and existing[o.id] != o]
    unchanged = [o for o in incoming.values() if o.id in existing and existing[o.id] == o]
    merged_observations = [incoming.get(o.id, o) for o in program.observations] + added
    known_sources = {s.id: s for s in program.sources}
    merged_sources = [sources.get(s.id, s) for s in program.sources]
    merged_sources += [s for s in sources.values() if s.id not in known_sources]
    merged = attrs.evolve(
        program, observations=tuple(merged_observations), sources=tuple(merged_sources)
    )
    return MergeResult(
        program=merged, added=tuple(added), updated=tuple(updated), unchanged=tuple(unchanged)
    )
