"""The program root: every entity, the program's declared facts, and the queries users need."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, get_args, get_origin

import attrs

from oas_program.errors import Problem
from oas_program.model.activity import Activity, Addressee
from oas_program.model.actor import Actor, ActorKind, MembershipStatus, ParticipationStatus
from oas_program.model.document import Document
from oas_program.model.meeting import Meeting
from oas_program.model.note import Note
from oas_program.model.objective import Objective
from oas_program.model.period import Period
from oas_program.model.resolution import Resolution, ResolutionRole
from oas_program.model.source import Source
from oas_program.model.text import Text
from oas_program.model.tracking import Observation
from oas_program.model.values import (
    check_id,
    check_ids,
    check_partial_date,
    date_bounds,
    type_hints,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

# The interchange format's version. Readers refuse a newer major version.
FORMAT_VERSION = "1.2"


class Quantifier(StrEnum):
    """How a source states a count."""

    EXACTLY = "exactly"
    ABOUT = "about"
    ALMOST = "almost"  # "almost 70"
    MORE_THAN = "more-than"  # "more than 100"


def _addressees(values: Iterable[str]) -> tuple[Addressee, ...]:
    return tuple(Addressee(v) for v in values)


@attrs.frozen(kw_only=True)
class Declaration:
    """A count the sources state about the program (e.g. "33 activities for the GS").

    Declarations are kept even when they conflict: each carries its own source."""

    id: str = attrs.field(validator=check_id)
    addressees: tuple[Addressee, ...] = attrs.field(converter=_addressees)
    """The addressee groups whose activities are counted."""
    count: int = attrs.field(validator=attrs.validators.ge(0))
    quantifier: Quantifier = attrs.field(converter=Quantifier)
    statement: Text
    """What the source says, in our words."""
    original_only: bool = True
    """True when the count is of the activities of the program as adopted (no later additions)."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)


Entity = (
    Objective
    | Activity
    | Actor
    | Resolution
    | Document
    | Meeting
    | Source
    | Declaration
    | Observation
)


@attrs.frozen(kw_only=True)
class Completeness:
    """Declared against recorded activities, for one declaration."""

    declaration: Declaration
    recorded: int
    """Activities recorded in the data for the same addressees (and period)."""

    @property
    def missing(self) -> int | None:
        """How many are not recorded; None when the declared count is not exact."""
        if self.declaration.quantifier is Quantifier.EXACTLY:
            return max(self.declaration.count - self.recorded, 0)
        return None


@attrs.frozen(kw_only=True)
class Program:
    """The Inter-American Program as data."""

    format_version: str = FORMAT_VERSION
    id: str = attrs.field(validator=check_id)
    title: Text
    adopted_by: str = attrs.field(validator=check_id)
    """Id of the adopting resolution."""
    adopted_on: str | None = attrs.field(default=None, validator=check_partial_date)
    summary: Text | None = None
    objectives: tuple[Objective, ...] = ()
    activities: tuple[Activity, ...] = ()
    actors: tuple[Actor, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    documents: tuple[Document, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    sources: tuple[Source, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    observations: tuple[Observation, ...] = ()
    """Implementation observations (the embedded program holds none: no reports are public)."""
    notes: tuple[Note, ...] = ()
    """Open questions about the program as a whole."""
    based_on: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
    """Ids of the sources for the program's own facts (title, adoption, summary)."""
    _index: dict[str, Entity] | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False
    )

    # ---- lookups -------------------------------------------------------------------------

    def entities(self) -> Iterator[Entity]:
        """Every identified entity, collection by collection (`COLLECTIONS`)."""
        for collection in COLLECTIONS:
            yield from getattr(self, collection.name)

    def _by_id(self) -> dict[str, Entity]:
        # Built once, on first use; the first entity wins when ids repeat (the validators
        # report repeats; lookups must still answer).
        if self._index is None:
            index: dict[str, Entity] = {}
            for entity in self.entities():
                index.setdefault(entity.id, entity)
            object.__setattr__(self, "_index", index)
        assert self._index is not None
        return self._index

    def get(self, entity_id: str) -> Entity:
        """Any entity by id; KeyError naming the id when there is none."""
        try:
            return self._by_id()[entity_id]
        except KeyError:
            raise KeyError(f"no entity with id {entity_id!r}") from None

    def _get_typed(self, entity_id: str, cls: type[Any]) -> Any:
        entity = self.get(entity_id)
        if not isinstance(entity, cls):
            raise KeyError(f"{entity_id!r} is a {type(entity).__name__}, not a {cls.__name__}")
        return entity

    def actor(self, actor_id: str) -> Actor:
        result: Actor = self._get_typed(actor_id, Actor)
        return result

    def activity(self, activity_id: str) -> Activity:
        result: Activity = self._get_typed(activity_id, Activity)
        return result

    def objective(self, objective_id: str) -> Objective:
        result: Objective = self._get_typed(objective_id, Objective)
        return result

    def resolution(self, resolution_id: str) -> Resolution:
        result: Resolution = self._get_typed(resolution_id, Resolution)
        return result

    # ---- actors --------------------------------------------------------------------------

    def ancestors(self, actor_id: str) -> tuple[Actor, ...]:
        """The actor's parent, its parent's parent, ... (stops at a cycle)."""
        chain: list[Actor] = []
        seen = {actor_id}
        parent = self.actor(actor_id).parent
        while parent is not None and parent not in seen:
            seen.add(parent)
            try:
                actor = self.actor(parent)
            except KeyError:
                break
            chain.append(actor)
            parent = actor.parent
        return tuple(chain)

    def descendants(self, actor_id: str) -> tuple[Actor, ...]:
        """Every actor below *actor_id* in the parent hierarchy, breadth first."""
        children: dict[str, list[Actor]] = {}
        for actor in self.actors:
            if actor.parent is not None:
                children.setdefault(actor.parent, []).append(actor)
        found: list[Actor] = []
        seen = {actor_id}
        queue = [actor_id]
        while queue:
            for child in children.get(queue.pop(0), []):
                if child.id not in seen:
                    seen.add(child.id)
                    found.append(child)
                    queue.append(child.id)
        return tuple(found)

    def activities_for(self, actor_id: str, *, descendants: bool = True) -> tuple[Activity, ...]:
        """Activities that concern an actor.

        That is, activities assigned to it, and (with *descendants*) to any actor below it:
        the General Secretariat's activities include those of its areas. Activities
        addressed to a whole group without named actors (every member state, civil society)
        concern every actor of that group."""
        actor = self.actor(actor_id)
        ids = {actor_id}
        if descendants:
            ids.update(a.id for a in self.descendants(actor_id))
        group = _GROUP_OF_KIND.get(actor.kind)
        # Asked once per filled form by a merge, over every activity of the program.
        return tuple(
            activity
            for activity in self.activities
            if (
                not ids.isdisjoint([a.actor for a in activity.assignments])
                if activity.assignments
                else activity.addressee is group
            )
        )

    def members_on(self, day: dt.date | str) -> tuple[Actor, ...]:
        """Member states whose membership covers *day*, left out while their government is
        excluded from participation (a `Participation` period of status `excluded`, or a
        membership period of the deprecated status `excluded`).

        A period with an unknown start counts as begun; a partial date ("2019") counts
        from its first day."""
        if isinstance(day, str):
            day = date_bounds(day)[0]
        on: dt.date = day

        def covers(start: str | None, end: str | None) -> bool:
            begun = start is None or date_bounds(start)[0] <= on
            return begun and not (end is not None and date_bounds(end)[0] <= on)

        members = []
        for actor in self.actors:
            if actor.kind is not ActorKind.MEMBER_STATE:
                continue
            excluded = any(
                p.status is ParticipationStatus.EXCLUDED and covers(p.start, p.end)
                for p in actor.participation
            )
            if not excluded and any(
                m.status is MembershipStatus.MEMBER and covers(m.start, m.end)
                for m in actor.memberships
            ):
                members.append(actor)
        return tuple(members)

    # ---- objectives, resolutions ---------------------------------------------------------

    def activities_serving(self, objective_id: str) -> tuple[Activity, ...]:
        """Activities that serve an objective or any objective that refines it."""
        self.objective(objective_id)  # KeyError for an unknown objective
        wanted = {objective_id}
        changed = True
        while changed:  # close over sub-objectives; terminates because `wanted` only grows
            changed = False
            for objective in self.objectives:
                if objective.parent in wanted and objective.id not in wanted:
                    wanted.add(objective.id)
                    changed = True
        return tuple(a for a in self.activities if wanted.intersection(a.objectives))

    def resolutions_by_role(self, role: ResolutionRole | str) -> tuple[Resolution, ...]:
        """Resolutions with *role*, by date then number (undated last; see
        `Resolution.order`)."""
        role = ResolutionRole(role)
        chosen = [r for r in self.resolutions if r.role is role]
        return tuple(sorted(chosen, key=lambda r: r.order))

    # ---- tracking ------------------------------------------------------------------------

    def history(self, actor_id: str, activity_id: str) -> tuple[Observation, ...]:
        """Every observation of one actor on one activity, oldest first."""
        found = [o for o in self.observations if o.actor == actor_id and o.activity == activity_id]
        return tuple(sorted(found, key=lambda o: o.order))

    def current(
        self, actor_id: str, activity_id: str, period: str | None = None
    ) -> Observation | None:
        """The latest observation of the pair (of those whose period ends by the end of
        *period*, when given); None if none. Latest is `Observation.order`."""
        end = None if period is None else Period.parse(period).last_month
        history = [
            o
            for o in self.history(actor_id, activity_id)
            if end is None or Period.parse(o.period).last_month <= end
        ]
        return history[-1] if history else None

    # ---- completeness --------------------------------------------------------------------

    def recorded_activities(
        self, addressees: tuple[Addressee, ...], *, original_only: bool = False
    ) -> tuple[Activity, ...]:
        """Activities recorded for the addressee groups (as adopted only, if asked)."""
        return tuple(
            a
            for a in self.activities
            if a.addressee in addressees and not (original_only and a.added is not None)
        )

    def completeness(self) -> tuple[Completeness, ...]:
        """For every declared count: how many activities the data records against it."""
        return tuple(
            Completeness(
                declaration=d,
                recorded=len(self.recorded_activities(d.addressees, original_only=d.original_only)),
            )
            for d in self.declarations
        )

    def conflicting_declarations(self) -> tuple[tuple[Declaration, Declaration], ...]:
        """Pairs of declarations that count the same thing but disagree.

        The same thing: the same addressee groups, and both counting either the program as
        adopted or the program with its later additions."""
        pairs = []
        for i, first in enumerate(self.declarations):
            for second in self.declarations[i + 1 :]:
                same_scope = set(first.addressees) == set(second.addressees) and (
                    first.original_only == second.original_only
                )
                if same_scope and (first.count, first.quantifier) != (
                    second.count,
                    second.quantifier,
                ):
                    pairs.append((first, second))
        return tuple(pairs)


# Which addressee group an actor of each kind belongs to, for activities addressed to a
# whole group. OAS organs and areas are named one by one in assignments, so they map to none.
_GROUP_OF_KIND: dict[ActorKind, Addressee] = {
    ActorKind.MEMBER_STATE: Addressee.MEMBER_STATES,
    ActorKind.MULTILATERAL: Addressee.MULTILATERAL,
    ActorKind.CIVIL_SOCIETY: Addressee.CIVIL_SOCIETY,
}


@attrs.frozen
class Collection:
    """One collection of identified entities of a `Program`."""

    name: str
    """The `Program` field (`actors`), also the collection's name in every format."""
    entity: type
    """The class of its items (`Actor`)."""
    id_field: str = "id"


def _collections() -> tuple[Collection, ...]:
    hints = type_hints(Program)
    found = []
    for field in attrs.fields(Program):
        hint = hints[field.name]
        item = get_args(hint)[0] if field.init and get_origin(hint) is tuple else None
        if isinstance(item, type) and attrs.has(item) and "id" in attrs.fields_dict(item):
            found.append(Collection(field.name, item))
    return tuple(found)


COLLECTIONS: tuple[Collection, ...] = _collections()
"""The program's collections of identified entities, in model order: the one list that
references, uniqueness, diff, the relational layout and the formats all use. Ids are unique
across all of them."""


@attrs.frozen
class RepeatedId:
    """An entity whose id an earlier entity of the program already has."""

    id: str
    pointer: str
    """JSON Pointer of the repeated id (`/actors/7/id`)."""
    first: str
    """JSON Pointer of the entity that has it first (`/activities/2`)."""

    @property
    def message(self) -> str:
        return (
            f"id '{self.id}' is already used at {self.first}; ids must be unique across all "
            "collections: rename one and update its references"
        )


def repeated_ids(program: Program) -> Iterator[RepeatedId]:
    """Every id used a second time, across all `COLLECTIONS`, in model order. Validation
    reports these and every exporter refuses them, so both agree on what a duplicate is."""
    first: dict[str, str] = {}
    for collection in COLLECTIONS:
        for index, entity in enumerate(getattr(program, collection.name)):
            pointer = f"/{collection.name}/{index}"
            known = first.setdefault(entity.id, pointer)
            if known != pointer:
                yield RepeatedId(entity.id, f"{pointer}/id", known)


def unique_ids(program: Program) -> list[Problem]:
    """`repeated_ids` as located problems (`[duplicate-id]`), for readers and writers."""
    return [
        Problem(code="duplicate-id", message=r.message, pointer=r.pointer)
        for r in repeated_ids(program)
    ]
