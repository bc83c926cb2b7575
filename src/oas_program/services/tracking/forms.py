"""Making a reporting form: the activities that concern an actor, with their last status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oas_program.model.forms import Form, FormRow

if TYPE_CHECKING:
    from oas_program.model.program import Program
    from oas_program.model.tracking import Observation


def make_form(program: Program, actor_id: str, period: str, lang: str = "en") -> Form:
    """The form for *actor_id*: a row per activity that concerns it, with its last status.

    The activities are `Program.activities_for(actor_id)`'s: those assigned to the actor or
    to an actor under it (a secretariat's form holds its departments' activities), and
    those addressed to its whole group without named actors (a member state's form holds
    the activities addressed to every member state). The SQLite view `activities_by_actor`
    lists the same. An actor with none gets a form without rows."""
    actor = program.actor(actor_id)  # KeyError names an unknown actor
    # The actor's latest observation per activity, in one pass: asking `program.current` row
    # by row would scan every observation once per activity. On equal order keys the later
    # one wins, as in `current`.
    latest: dict[str, Observation] = {}
    for observation in program.observations:
        if observation.actor == actor.id:
            known = latest.get(observation.activity)
            if known is None or observation.order >= known.order:
                latest[observation.activity] = observation
    rows = []
    for activity in program.activities_for(actor.id):
        previous = latest.get(activity.id)
        rows.append(
            FormRow(
                activity=activity.id,
                label=activity.label.best(lang)[1],
                summary=activity.summary.best(lang)[1],
                previous_status=f"{previous.status.value} ({previous.period})" if previous else "",
            )
        )
    return Form(program=program.id, actor=actor.id, period=period, lang=lang, rows=tuple(rows))
