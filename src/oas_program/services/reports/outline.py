"""The outline every report of a program follows: its sections, in order.

The Markdown export and the HTML report render the same outline through two renderers, so a
section added, dropped or moved here changes both. Each renderer has one method per section
key; what a section shows comes from `facts`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oas_program.services.reports import facts

if TYPE_CHECKING:
    from oas_program.model.program import Program

SECTIONS: tuple[str, ...] = (
    "overview",
    "open",
    "other_notes",
    "objectives",
    "by_addressee",
    "by_actor",
    "timeline",
    "completeness",
    "progress",
    "members",
    "sources",
)
"""Every section a report can have, in report order; each key is also its heading's label
(`Labels`) and, in the HTML report, its anchor."""


def outline(program: Program) -> tuple[str, ...]:
    """The sections a report of *program* has: every one, except those with nothing to show
    (notes that are not open questions; member states)."""
    present = {
        "other_notes": any(not ref.open for ref in facts.notes(program)),
        "members": bool(facts.members(program)),
    }
    return tuple(key for key in SECTIONS if present.get(key, True))
