"""Reports, drafts and work plans that record the program's life."""

from __future__ import annotations

import attrs

from oas_program.model.note import Note
from oas_program.model.resolution import ResolutionRole
from oas_program.model.text import Text
from oas_program.model.values import check_id, check_ids, check_partial_date


@attrs.frozen(kw_only=True)
class Document:
    """A document other than an OAS resolution: an OAS draft, report or work plan, or a
    document of another process (a Summit of the Americas declaration or plan of action)."""

    id: str = attrs.field(validator=check_id)
    symbol: str | None = None
    """The document symbol, e.g. `CP/CAJP-2456/07`."""
    title: Text
    """Title, or a summary of what the document is when the title is not known."""
    date: str | None = attrs.field(default=None, validator=check_partial_date)
    author: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the actor that issued it."""
    meeting: str | None = attrs.field(default=None, validator=attrs.validators.optional(check_id))
    """Id of the meeting it reports on or was presented to."""
    url: str | None = None
    role: ResolutionRole | None = attrs.field(
        default=None, converter=attrs.converters.optional(ResolutionRole)
    )
    """What the document is to the program (`background`, `follow-up`, ...), when it is a
    mandate or a text the program answers to; None for the program's working papers."""
    summary: Text | None = None
    """What the document does for the program, in our words."""
    notes: tuple[Note, ...] = ()
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
