"""General Assembly resolutions that frame, adopt and follow up the program."""

from __future__ import annotations

from enum import StrEnum

import attrs

from oas_program.model.text import Text
from oas_program.model.values import Note, check_id, check_ids, check_partial_date


class ResolutionRole(StrEnum):
    """What a resolution is to the program."""

    BACKGROUND = "background"  # earlier resolutions the program grew out of
    MANDATE = "mandate"  # the resolution that ordered the program to be drafted
    ADOPTION = "adoption"  # the resolution that adopted it
    FOLLOW_UP = "follow-up"  # later resolutions that steer its implementation
    RELATED = "related"  # same series or a neighbouring track


@attrs.frozen(kw_only=True)
class Resolution:
    """A resolution, identified by its document symbol."""

    id: str = attrs.field(validator=check_id)
    symbol: str
    """The document symbol, e.g. `AG/RES. 2141 (XXXV-O/05)`; session and year come from it."""
    role: ResolutionRole = attrs.field(converter=ResolutionRole)
    title: Text | None = None
    """Title per language; None where no source gives it."""
    date: str | None = attrs.field(default=None, validator=check_partial_date)
    """Date of adoption, at the precision known."""
    meeting: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the session or meeting that adopted it."""
    url: str | None = None
    summary: Text | None = None
    """What the resolution does for the program, in our words."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
