"""The program's general and specific objectives."""

from __future__ import annotations

from enum import StrEnum

import attrs

from oas_program.model.note import Note
from oas_program.model.text import Text
from oas_program.model.values import check_id, check_ids


class ObjectiveKind(StrEnum):
    GENERAL = "general"
    SPECIFIC = "specific"


@attrs.frozen(kw_only=True)
class Objective:
    """One objective. The official wording is mostly not found: `text` stays None then."""

    id: str = attrs.field(validator=check_id)
    kind: ObjectiveKind = attrs.field(converter=ObjectiveKind)
    number: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.ge(1))
    )
    """Its number in the program, when a source gives it (None = unknown)."""
    summary: Text
    """Our summary of the objective."""
    text: Text | None = None
    """The official wording, per language, where a user has it."""
    parent: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the objective this one refines, if any."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
