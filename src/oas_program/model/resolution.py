"""General Assembly resolutions that frame, adopt and follow up the program."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

import attrs

from oas_program.model.note import Note
from oas_program.model.text import Text
from oas_program.model.values import check_id, check_ids, check_partial_date, date_bounds

# The resolution's number in its series: `AG/RES. 2141 (XXXV-O/05)` → 2141.
_NUMBER_RE = re.compile(r"\b(?:RES|DEC)\b\.?\s*([0-9]+)")


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

    @property
    def number(self) -> int | None:
        """The number its symbol gives (`AG/RES. 2141 (XXXV-O/05)` → 2141), if any."""
        found = _NUMBER_RE.search(self.symbol)
        return int(found.group(1)) if found else None

    @property
    def order(self) -> tuple[bool, dt.date, bool, int, str]:
        """Sort key: by date, then by number; undated last.

        A date known only to the year or the month counts as the last day it may stand
        for, so it never sorts before a fully dated resolution of the same session
        (AG/RES. 2248, "2006-06", after AG/RES. 2224, 2006-06-06)."""
        last = date_bounds(self.date)[1] if self.date is not None else dt.date.max
        number = self.number
        return (self.date is None, last, number is None, number or 0, self.symbol)
