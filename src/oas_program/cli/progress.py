"""`oas-program progress`: the actor × activity matrix, roll-ups and overdue reports.

The figures come from `oas_program.services.tracking` and are formatted by
`oas_program.services.reports.progress_report`; this module only parses options and prints.
`--as-of` defaults to today, the one input that is not in the data: pass it for output that
does not change from one day to the next.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from oas_program.cli._common import echo_json, json_alias, lang_option, read_program
from oas_program.errors import UsageError

if TYPE_CHECKING:
    from oas_program.cli import State


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from oas_program.services.tracking.progress import check_period

    if value is None:
        return None
    try:
        return check_period(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _bad_date(value: str) -> dt.date:
    raise ValueError(value)  # fromisoformat also takes 20260501 and week dates: too loose


@click.command("progress")
@click.argument("input", required=False, type=click.Path(allow_dash=True))
@click.option(
    "--by",
    type=click.Choice(["actor", "activity", "objective", "addressee"]),
    default="actor",
    show_default=True,
    help="Group the roll-up by actor, activity, objective or addressee group.",
)
@click.option(
    "--period",
    metavar="PERIOD",
    callback=_period,
    help="Status as of the end of PERIOD (2025, 2025-H1, 2025-Q3); default: every observation.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="A table with the overdue list, one JSON object, or the roll-up as CSV.",
)
@click.option(
    "--calendar",
    "frequency",
    type=click.Choice(["annual", "semiannual", "quarterly"]),
    default="annual",
    show_default=True,
    help="How often reports are due.",
)
@click.option(
    "--since",
    metavar="PERIOD",
    callback=_period,
    help="Declare a reporting calendar from PERIOD for every actor (a year means its first "
    "period); default: an actor's reports are due from its first report on.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    callback=_date,
    help="Count periods ended before DATE (YYYY-MM-DD) as due; default: today.",
)
@lang_option("Language of the text table's words: en, es, fr or pt (ids and codes stay English).")
@click.pass_obj
@json_alias
def command(
    state: State,
    input: str | None,
    by: str,
    period: str | None,
    output_format: str,
    frequency: str,
    since: str | None,
    as_of: dt.date | None,
    lang: str,
) -> None:
    """Implementation progress of INPUT (default: the embedded program): the status of
    every expected (actor, activity) pair, counts and shares per group, and the reports
    each actor owes under a reporting calendar."""
    from oas_program.services.reports.progress_report import progress_report
    from oas_program.services.tracking.progress import make_calendar

    program = read_program(state, input)
    today = as_of or dt.date.today()
    try:
        if since is not None:  # a declared calendar: refused before any work when too long
            make_calendar(program, today, frequency, since).due_periods()
        report = progress_report(program, by, period, today, frequency, since)
    except ValueError as error:
        raise UsageError(f"{error} [bad-calendar]") from None
    if output_format == "json":
        echo_json(report.to_data())
    elif output_format == "csv":
        click.echo(report.csv_text(), nl=False)
    else:
        click.echo("\n".join(report.lines(lang)))
