"""Who the program addresses and who carries out its activities."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import attrs

from oas_program.model.text import Text
from oas_program.model.values import FieldValueError, Note, check_id, check_ids, check_partial_date


class ActorKind(StrEnum):
    """The kinds of actor the program names."""

    OAS_ORGAN = "oas-organ"  # political bodies: General Assembly, councils, committees
    GS_AREA = "gs-area"  # a General Secretariat area or specialised OAS entity with activities
    MEMBER_STATE = "member-state"
    MULTILATERAL = "multilateral"  # multilateral and regional organisations
    CIVIL_SOCIETY = "civil-society"


class MembershipStatus(StrEnum):
    """A member state's standing during one period."""

    MEMBER = "member"
    EXCLUDED = "excluded"  # a member whose government was excluded from participation


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
    role: Text | None = None
    """Summary of the actor's part in the program, as the sources show it."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
