"""Sessions and meetings: where the program was adopted, reviewed and extended."""

from __future__ import annotations

from typing import Any

import attrs

from oas_program.model.note import Note
from oas_program.model.text import Text
from oas_program.model.values import FieldValueError, check_id, check_ids, check_partial_date


@attrs.frozen(kw_only=True)
class Meeting:
    """A General Assembly session, a committee's special meeting, a working-group meeting."""

    id: str = attrs.field(validator=check_id)
    title: Text
    body: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the actor that met (the General Assembly, the CAJP, ...)."""
    start: str | None = attrs.field(default=None, validator=check_partial_date)
    end: str | None = attrs.field(default=None, validator=check_partial_date)
    """Last day (inclusive); None for a one-day meeting or when unknown."""
    place: str | None = None
    participants: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
    """Ids of actors recorded as taking part (presenters, reporters)."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)

    @end.validator
    def _end_after_start(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and self.start is not None and value < self.start:
            raise FieldValueError("end", f"{value} is before start {self.start}")
