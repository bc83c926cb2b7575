"""`oas-program form`: a reporting form for one actor and one period, prefilled."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from oas_program.cli._common import LANG_HELP, lang_option, read_program

if TYPE_CHECKING:
    from oas_program.cli import State


@click.command("form")
@click.option(
    "--actor", "actor_id", required=True, help="Id of the reporting actor (e.g. mex, cim)."
)
@click.option(
    "--period",
    default=lambda: str(dt.date.today().year),
    show_default="the current year",
    help="Reporting period: 2026, 2026-H1 or 2026-Q3.",
)
@click.option(
    "-f",
    "--format",
    "format_name",
    default=None,
    help="json, csv, or a plugin's (xlsx); default from -o's name, else json.",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file; - is stdout.")
@lang_option(LANG_HELP)
@click.option("--raw-cells", is_flag=True, help="CSV: do not neutralise formula-like cells.")
@click.argument("input", required=False, type=click.Path(allow_dash=True))
@click.pass_obj
def command(
    state: State,
    actor_id: str,
    period: str,
    format_name: str | None,
    output: str,
    lang: str,
    raw_cells: bool,
    input: str | None,
) -> None:
    """Write the reporting form of ACTOR for PERIOD, from INPUT (default: the embedded program).

    The form has a row per activity that concerns the actor: assigned to it or to an actor
    under it (SEDI's form holds its DSDE's activities), or addressed to its whole group (for
    a member state: the activities addressed to every member state), with its label,
    summary and last reported status; an actor with none gets no form (exit 2). The actor
    fills in status, date, evidence and a self-assessment. Merge filled forms with
    `oas-program merge`."""
    from oas_program.errors import UsageError
    from oas_program.model.period import EXAMPLES, Period
    from oas_program.pipeline import write_form
    from oas_program.plugins.descriptors import ExportOptions
    from oas_program.services.reports.actors import find_actor
    from oas_program.services.tracking.forms import make_form

    if not Period.is_valid(period):
        raise UsageError(f"--period: {period!r} is not a reporting period ({EXAMPLES})")
    program = read_program(state, input)
    actor = find_actor(program, actor_id)
    form = make_form(program, actor.id, period, lang)
    if not form.rows:
        raise UsageError(
            f"--actor: {actor.id} ({actor.name.best(lang)[1]}) has no activity to report on: "
            "none is assigned to it or to an actor under it, and none is addressed to its "
            "whole group; no form written [nothing-to-report]"
        )
    write_form(
        form,
        output,
        host=state.host,
        format=format_name,
        options=ExportOptions(lang=lang, raw_cells=raw_cells),
        inputs=[input] if input else [],
    )
