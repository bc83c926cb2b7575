"""Who the program addresses and who carries out its activities."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import attrs

from oas_program.model.note import Note
from oas_program.model.text import Text
from oas_program.model.values import FieldValueError, check_id, check_ids, check_partial_date


class ActorKind(StrEnum):
    """The kinds of actor the program names."""

    OAS_ORGAN = "oas-organ"  # OAS organs: General Assembly, councils, committees, the IACHR
    GS_AREA = "gs-area"  # a secretariat, department or office of the General Secretariat
    SPECIALIZED_ORGANIZATION = "specialized-organization"
    """An inter-American specialized organization (PAHO, the CIM, the IIN)."""
    MEMBER_STATE = "member-state"
    MULTILATERAL = "multilateral"  # multilateral and regional organisations
    CIVIL_SOCIETY = "civil-society"


class MembershipStatus(StrEnum):
    """A member state's standing during one period."""

    MEMBER = "member"
    EXCLUDED = "excluded"
    """Deprecated: read from earlier files. A government excluded from participation stays a
    member; record the exclusion as a `Participation` period instead."""


class ParticipationStatus(StrEnum):
    """Whether a member state's government takes part in the OAS during one period.

    Membership and participation are different facts: Cuba remained a member state while
    its government was excluded (1962-2009) and has not taken part since."""

    PARTICIPATING = "participating"
    EXCLUDED = "excluded"  # excluded from participation by a decision of the OAS
    NOT_PARTICIPATING = "not-participating"  # a member that does not take part, by its choice


@attrs.frozen(kw_only=True)
class Membership:
    """One dated period of a state's OAS membership; open ends are unknown or ongoing."""

    status: MembershipStatus = attrs.field(converter=MembershipStatus)
    start: str | None = attrs.field(default=None, validator=check_partial_date)
    """First day of the period; None when the sources do not give it."""
    end: str | None = attrs.field(default=None, validator=check_partial_date)
    """Day the period ended (exclusive); None while it lasts."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)

    @end.validator
    def _end_after_start(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and self.start is not None and value < self.start:
            raise FieldValueError("end", f"{value} is before start {self.start}")


@attrs.frozen(kw_only=True)
class Participation:
    """One dated period of a member state's participation, apart from its membership."""

    status: ParticipationStatus = attrs.field(converter=ParticipationStatus)
    start: str | None = attrs.field(default=None, validator=check_partial_date)
    """First day of the period; None when the sources do not give it."""
    end: str | None = attrs.field(default=None, validator=check_partial_date)
    """Day the period ended (exclusive); None while it lasts."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)

    @end.validator
    def _end_after_start(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and self.start is not None and value < self.start:
            raise FieldValueError("end", f"{value} is before start {self.start}")


_ISO3_RE = re.compile(r"^[A-Z]{3}$")


def _check_iso3(instance: Actor, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and not _ISO3_RE.fullmatch(value):
        raise FieldValueError("iso3", f"{value!r} is not an ISO 3166-1 alpha-3 code")


@attrs.frozen(kw_only=True)
class Actor:
    """An OAS organ or area, a member state, a multilateral body or civil society."""

    id: str = attrs.field(validator=check_id)
    kind: ActorKind = attrs.field(converter=ActorKind)
    name: Text
    """Official names per language."""
    acronym: Text | None = None
    """Acronyms per language (OAS acronyms differ: IACHR / CIDH)."""
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the actor this one belongs to (CAJP → Permanent Council)."""
    iso3: str | None = attrs.field(default=None, validator=_check_iso3)
    """ISO 3166-1 alpha-3 code, for member states."""
    memberships: tuple[Membership, ...] = ()
    """Dated membership periods, for member states."""
    participation: tuple[Participation, ...] = ()
    """Dated periods in which a member state's government did not (or did) take part; none
    recorded means nothing is known against its taking part."""
    role: Text | None = None
    """Summary of the actor's part in the program, as the sources show it."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)

    @property
    def current_participation(self) -> Participation | None:
        """The participation period still open (no end), if the data records one."""
        open_periods = [p for p in self.participation if p.end is None]
        return open_periods[-1] if open_periods else None
