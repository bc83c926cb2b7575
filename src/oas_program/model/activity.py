"""The program's activities, to whom they are addressed and who carries them out."""

from __future__ import annotations

from enum import StrEnum

import attrs

from oas_program.model.note import Note
from oas_program.model.text import Text, as_summary
from oas_program.model.values import check_id, check_ids, check_partial_date


class Addressee(StrEnum):
    """The four groups the program addresses its activities to."""

    OAS = "oas"  # organs, agencies and entities of the OAS (organs, specialized
    # organizations and General Secretariat areas)
    MEMBER_STATES = "member-states"
    MULTILATERAL = "multilateral"  # multilateral and regional organisations
    CIVIL_SOCIETY = "civil-society"


ADDRESSEE_LABELS: dict[Addressee, str] = {
    Addressee.OAS: "General Secretariat and other OAS organs, agencies and entities",
    Addressee.MEMBER_STATES: "Member states",
    Addressee.MULTILATERAL: "Multilateral and regional organizations",
    Addressee.CIVIL_SOCIETY: "Civil society organizations",
}


class AssignmentRole(StrEnum):
    """What an assigned actor does for an activity."""

    RESPONSIBLE = "responsible"  # the area the source lists the activity under
    CO_RESPONSIBLE = "co-responsible"  # shares that responsibility
    SUPPORTING = "supporting"  # helps another actor carry it out


@attrs.frozen(kw_only=True)
class Assignment:
    """One actor's part in one activity."""

    actor: str = attrs.field(validator=check_id)
    role: AssignmentRole = attrs.field(default=AssignmentRole.RESPONSIBLE, converter=AssignmentRole)


@attrs.frozen(kw_only=True)
class Mandate:
    """Where the program text mandates an activity: resolution and operative paragraph."""

    resolution: str = attrs.field(validator=check_id)
    paragraph: str | None = None
    """The operative paragraph as written (e.g. "5.a"); None when not known."""


@attrs.frozen(kw_only=True)
class Addition:
    """When and by whom an activity was added after adoption."""

    date: str | None = attrs.field(default=None, validator=check_partial_date)
    meeting: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the meeting that added it (the CAJP special meetings may add activities)."""
    resolution: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(check_id)
    )
    """Id of the resolution that added it."""
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)


@attrs.frozen(kw_only=True)
class Activity:
    """An activity of the program's plan of action."""

    id: str = attrs.field(validator=check_id)
    label: Text = attrs.field(converter=as_summary)
    """Short human label, in our words and in each language we have it in (ours, whether or
    not an official number is known); a plain string is taken as English."""
    addressee: Addressee = attrs.field(converter=Addressee)
    """Which of the four addressee groups the activity is for."""
    number: str | None = None
    """The activity's official number in the program, where a source gives it ("29");
    None when it is not known."""
    summary: Text
    """Our summary of the activity."""
    text: Text | None = None
    """The official wording, per language, where a user has it."""
    assignments: tuple[Assignment, ...] = ()
    """Actors assigned to carry it out. Empty for activities addressed to a whole group
    (every member state, say): they concern every actor of that group."""
    objectives: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
    """Ids of the objectives it serves (often unknown: the sources do not link them)."""
    mandate: Mandate | None = None
    added: Addition | None = None
    """None for activities of the program as adopted; set for later additions."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
