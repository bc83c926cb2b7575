"""What the HTML and Markdown reports show of implementation progress: selection only.

The figures come from `oas_program.services.tracking.progress` over every reporting period
(no `--period`):
a report shows where each expected pair stands now, as far as the data knows. Nothing is
escaped or laid out here; each exporter does that its own way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from oas_program.services.tracking.progress import Cell, Group, compute, rollup

if TYPE_CHECKING:
    from oas_program.model.program import Program
    from oas_program.services.reports.render import Labels


@attrs.frozen(kw_only=True)
class ProgressView:
    """The matrix and its roll-ups, as the reports lay them out."""

    observations: int
    """How many observations (implementation reports) the program records."""
    cells: tuple[Cell, ...]
    by_actor: tuple[Group, ...]
    """One group per actor with an expected pair, in program order: the heat map's rows."""
    by_activity: tuple[Group, ...]
    """One group per activity with an expected pair, in program order: its columns. An
    activity nobody is expected to report on gets no column, so a large program's map keeps
    to the activities that matter to someone."""
    totals: Group
    statuses: dict[tuple[str, str], str]
    """(actor id, activity id) → status, for every expected pair."""

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.by_actor)

    @property
    def activities(self) -> tuple[str, ...]:
        return tuple(g.key for g in self.by_activity)

    def status(self, actor: str, activity: str) -> str | None:
        """The pair's status, or None when the pair is not expected."""
        return self.statuses.get((actor, activity))


def progress_view(program: Program) -> ProgressView | None:
    """The progress a report shows, or None when the program records no observation (then
    every pair would be `no-report`: the report says that in one sentence instead)."""
    if not program.observations:
        return None
    figures = compute(program, "actor")
    return ProgressView(
        observations=len(program.observations),
        cells=figures.cells,
        by_actor=figures.groups,
        by_activity=rollup(program, "activity"),
        totals=figures.totals,
        statuses={(c.actor, c.activity): c.status for c in figures.cells},
    )


def percent(share: float | None, words: Labels) -> str | None:
    """*share* (0.25) as a percentage in the interface language ("25.0%", "25,0 %"); None
    when there is no share (a group without applicable pairs)."""
    if share is None:
        return None
    value = f"{share * 100:.1f}".replace(".", words("decimal_mark"))
    return words("percent", value=value)
