"""Reference pipelines the library is measured against, on an equivalent model.

- `floor`: orjson loads + dumps of the untyped data: no types, no checks, the fastest any
  JSON → JSON pass can be in Python.
- `msgspec_attrs`: msgspec decodes JSON straight into attrs classes (slots, frozen) with the
  same constraints as the model's records, reference checks, msgspec encodes.
- `pydantic`: pydantic v2 `validate_json` (strict, extra keys forbidden), reference checks,
  `model_dump_json`.

Only the records (activities, observations and what they hold) are typed here; the other
collections of a program are a few dozen entities and stay untyped. The classes mirror the
fields, types, defaults and id/period/date patterns of `oas_program.model` so the pipelines
do comparable work; they are not a second model for the library to use.

orjson and msgspec are dependencies of the library; pydantic comes with the `bench` extra:
`pip install -e '.[bench]'`.
"""

# No `from __future__ import annotations` here: msgspec and pydantic read the annotations of
# the classes built inside functions below, which only works when they are evaluated eagerly.
from typing import Annotated, Any, Literal

import attrs

ID = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
PERIOD = r"^[0-9]{4}(-(H[12]|Q[1-4]))?$"
DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"

Status = Literal[
    "not-started", "planned", "in-progress", "completed", "discontinued", "no-information"
]
Applicability = Literal["assigned", "not-applicable", "unknown"]
Addressee = Literal["oas", "member-states", "multilateral", "civil-society"]
Rating = Literal["satisfactory", "partial", "unsatisfactory", "not-assessable"]
AssessorKind = Literal["self-report", "secretariat", "civil-society"]
Role = Literal["responsible", "co-responsible", "supporting"]
Certainty = Literal["confirmed", "uncertain", "unknown"]
TextStatus = Literal["official", "summary"]


# ---- msgspec into attrs -------------------------------------------------------------------


def _msgspec_classes() -> dict[str, Any]:
    """attrs classes with msgspec constraints (built on first use)."""
    from msgspec import Meta

    Id = Annotated[str, Meta(pattern=ID)]
    Period = Annotated[str, Meta(pattern=PERIOD)]
    Date = Annotated[str, Meta(pattern=DATE)]

    @attrs.frozen(kw_only=True)
    class Text:
        status: TextStatus
        en: str | None = None
        es: str | None = None
        fr: str | None = None
        pt: str | None = None

    @attrs.frozen(kw_only=True)
    class Note:
        certainty: Certainty
        text: Text
        sources: tuple[Id, ...] = ()

    @attrs.frozen(kw_only=True)
    class Assignment:
        actor: Id
        role: Role = "responsible"

    @attrs.frozen(kw_only=True)
    class Mandate:
        resolution: Id
        paragraph: str | None = None

    @attrs.frozen(kw_only=True)
    class Activity:
        id: Id
        label: Text
        addressee: Addressee
        number: str | None = None
        summary: Text
        text: Text | None = None
        assignments: tuple[Assignment, ...] = ()
        objectives: tuple[Id, ...] = ()
        mandate: Mandate | None = None
        added: dict[str, Any] | None = None
        notes: tuple[Note, ...] = ()
        sources: tuple[Id, ...] = ()

    @attrs.frozen(kw_only=True)
    class Assessment:
        assessor_kind: AssessorKind
        assessor: str
        rating: Rating
        date: Date | None = None
        comment: str | None = None

    @attrs.frozen(kw_only=True)
    class Evidence:
        text: str | None = None
        url: str | None = None
        document: Id | None = None

    @attrs.frozen(kw_only=True)
    class Observation:
        id: Id
        activity: Id
        actor: Id
        period: Period
        date: Date
        status: Status
        applicability: Applicability = "assigned"
        assessments: tuple[Assessment, ...] = ()
        evidence: tuple[Evidence, ...] = ()
        reported_by: Id | None = None
        notes: tuple[Note, ...] = ()
        sources: tuple[Id, ...] = ()

    @attrs.frozen(kw_only=True)
    class Program:
        format_version: str
        id: Id
        title: Text
        adopted_by: Id
        adopted_on: Date | None = None
        summary: Text | None = None
        objectives: tuple[dict[str, Any], ...] = ()
        activities: tuple[Activity, ...] = ()
        actors: tuple[dict[str, Any], ...] = ()
        resolutions: tuple[dict[str, Any], ...] = ()
        documents: tuple[dict[str, Any], ...] = ()
        meetings: tuple[dict[str, Any], ...] = ()
        sources: tuple[dict[str, Any], ...] = ()
        declarations: tuple[dict[str, Any], ...] = ()
        observations: tuple[Observation, ...] = ()
        notes: tuple[Note, ...] = ()
        based_on: tuple[Id, ...] = ()

    return {"Program": Program}


def _reference_problems(
    activities: Any, observations: Any, actor_ids: set[str], source_ids: set[str]
) -> list[str]:
    """Unknown ids in the records: the same checks for both anchors."""
    activity_ids = {a.id for a in activities}
    bad = []
    for activity in activities:
        bad += [a.actor for a in activity.assignments if a.actor not in actor_ids]
        bad += [s for s in activity.sources if s not in source_ids]
    for observation in observations:
        if observation.activity not in activity_ids:
            bad.append(observation.activity)
        if observation.actor not in actor_ids:
            bad.append(observation.actor)
        if observation.reported_by is not None and observation.reported_by not in actor_ids:
            bad.append(observation.reported_by)
        bad += [s for s in observation.sources if s not in source_ids]
    return bad


class MsgspecAttrs:
    """msgspec → attrs + reference checks + msgspec encode."""

    def __init__(self) -> None:
        import msgspec

        self.decoder = msgspec.json.Decoder(_msgspec_classes()["Program"])
        self.encoder = msgspec.json.Encoder()

    def load(self, data: bytes) -> Any:
        return self.decoder.decode(data)

    def pipeline(self, data: bytes) -> bytes:
        program = self.load(data)
        actor_ids = {a["id"] for a in program.actors}
        source_ids = {s["id"] for s in program.sources}
        problems = _reference_problems(
            program.activities, program.observations, actor_ids, source_ids
        )
        assert not problems, problems[:5]
        encoded: bytes = self.encoder.encode(program)
        return encoded


# ---- pydantic v2 --------------------------------------------------------------------------


def _pydantic_program() -> Any:
    from pydantic import BaseModel, ConfigDict, Field

    Id = Annotated[str, Field(pattern=ID)]
    Period = Annotated[str, Field(pattern=PERIOD)]
    Date = Annotated[str, Field(pattern=DATE)]

    class Model(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    class Text(Model):
        status: TextStatus
        en: str | None = None
        es: str | None = None
        fr: str | None = None
        pt: str | None = None

    class Note(Model):
        certainty: Certainty
        text: Text
        sources: tuple[Id, ...] = ()

    class Assignment(Model):
        actor: Id
        role: Role = "responsible"

    class Mandate(Model):
        resolution: Id
        paragraph: str | None = None

    class Activity(Model):
        id: Id
        label: Text
        addressee: Addressee
        number: str | None = None
        summary: Text
        text: Text | None = None
        assignments: tuple[Assignment, ...] = ()
        objectives: tuple[Id, ...] = ()
        mandate: Mandate | None = None
        added: dict[str, Any] | None = None
        notes: tuple[Note, ...] = ()
        sources: tuple[Id, ...] = ()

    class Assessment(Model):
        assessor_kind: AssessorKind
        assessor: str
        rating: Rating
        date: Date | None = None
        comment: str | None = None

    class Evidence(Model):
        text: str | None = None
        url: str | None = None
        document: Id | None = None

    class Observation(Model):
        id: Id
        activity: Id
        actor: Id
        period: Period
        date: Date
        status: Status
        applicability: Applicability = "assigned"
        assessments: tuple[Assessment, ...] = ()
        evidence: tuple[Evidence, ...] = ()
        reported_by: Id | None = None
        notes: tuple[Note, ...] = ()
        sources: tuple[Id, ...] = ()

    class Program(Model):
        format_version: str
        id: Id
        title: Text
        adopted_by: Id
        adopted_on: Date | None = None
        summary: Text | None = None
        objectives: tuple[dict[str, Any], ...] = ()
        activities: tuple[Activity, ...] = ()
        actors: tuple[dict[str, Any], ...] = ()
        resolutions: tuple[dict[str, Any], ...] = ()
        documents: tuple[dict[str, Any], ...] = ()
        meetings: tuple[dict[str, Any], ...] = ()
        sources: tuple[dict[str, Any], ...] = ()
        declarations: tuple[dict[str, Any], ...] = ()
        observations: tuple[Observation, ...] = ()
        notes: tuple[Note, ...] = ()
        based_on: tuple[Id, ...] = ()

    return Program


class Pydantic:
    """pydantic v2 validate_json + reference checks + dump_json."""

    def __init__(self) -> None:
        self.program = _pydantic_program()

    def load(self, data: bytes) -> Any:
        return self.program.model_validate_json(data)

    def pipeline(self, data: bytes) -> bytes:
        program = self.load(data)
        actor_ids = {a["id"] for a in program.actors}
        source_ids = {s["id"] for s in program.sources}
        problems = _reference_problems(
            program.activities, program.observations, actor_ids, source_ids
        )
        assert not problems, problems[:5]
        dumped: bytes = program.model_dump_json(exclude_defaults=True).encode("utf-8")
        return dumped


# ---- the floor ----------------------------------------------------------------------------


class Floor:
    """orjson loads + dumps, untyped."""

    def load(self, data: bytes) -> Any:
        import orjson

        return orjson.loads(data)

    def pipeline(self, data: bytes) -> bytes:
        import orjson

        dumped: bytes = orjson.dumps(orjson.loads(data))
        return dumped


ANCHORS: dict[str, type[Floor] | type[MsgspecAttrs] | type[Pydantic]] = {
    "floor": Floor,
    "msgspec_attrs": MsgspecAttrs,
    "pydantic": Pydantic,
}
