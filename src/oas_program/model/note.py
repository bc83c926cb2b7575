"""Notes: what is uncertain or unknown about an entity, in our words."""

from __future__ import annotations

import attrs

from oas_program.model.text import Text, as_summary
from oas_program.model.values import Certainty, check_ids


@attrs.frozen(kw_only=True)
class Note:
    """A remark attached to an entity: above all, what is uncertain or unknown about it."""

    certainty: Certainty = attrs.field(converter=Certainty)
    """How sure the sources are of what the note says."""
    text: Text = attrs.field(converter=as_summary)
    """The remark in our words (a working note, not program text), in each language we have
    it in; a plain string is taken as English."""
    sources: tuple[str, ...] = attrs.field(default=(), validator=check_ids)
    """Ids of the sources the remark rests on."""
