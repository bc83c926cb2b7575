"""`oas-program progress`: the actor × activity matrix, roll-ups and overdue reports.

The figures come from `oas_program.services.tracking.progress`; this module only parses
options and formats.
`--as-of` defaults to today, the one input that is not in the data: pass it for output that
does not change from one day to the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import TYPE_CHECKING, Any

import click

from oas_program.cli._common import json_alias, read_program
from oas_program.errors import UsageError

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program
    from oas_program.services.tracking.progress import Calendar, Cell, Group, Overdue


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


def data(
    program: Program,
    by: str,
    period: str | None,
    calendar: Calendar,
) -> dict[str, Any]:
    """What `progress --format json` prints (the text and CSV forms are drawn from it)."""
    from oas_program.services.tracking.progress import STATUSES, compute, overdue

    figures = compute(program, by, period)
    late = overdue(program, calendar)
    return {
        "program": program.id,
        "period": period,
        "by": by,
        "statuses": list(STATUSES),
        "observations": len(program.observations),
        "groups": [_group(g) for g in figures.groups],
        "totals": _group(figures.totals),
        "matrix": [_cell(c) for c in figures.cells],
        "calendar": {
            "frequency": calendar.frequency.value,
            "since": calendar.first_period,
            "as_of": calendar.as_of.isoformat(),
            "due": list(calendar.due_periods()),
        },
        "overdue": [_overdue(o) for o in late],
    }


def _group(group: Group) -> dict[str, Any]:
    return {
        "group": group.key,
        "label": group.label,
        "counts": group.counts,
        "shares": group.shares,
        "total": group.total,
        "applicable": group.applicable,
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "actor": cell.actor,
        "activity": cell.activity,
        "status": cell.status,
        "observation": cell.observation.id if cell.observation is not None else None,
        "period": cell.period,
    }


def _overdue(item: Overdue) -> dict[str, Any]:
    return {"actor": item.actor, "periods": list(item.periods), "count": item.count}


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f}%"


def _text(result: dict[str, Any]) -> list[str]:
    scope = "all periods" if result["period"] is None else f"up to period {result['period']}"
    lines = [f"Progress of {result['program']}, {scope}, by {result['by']}"]
    if not result["observations"]:
        lines.append("No observations recorded: every expected pair is no-report.")
    statuses: list[str] = result["statuses"]
    header = [result["by"], *statuses, "total", "% completed"]
    rows = [
        [
            g["group"],
            *(str(g["counts"][s]) for s in statuses),
            str(g["total"]),
            _percent(g["shares"]["completed"]),
        ]
        for g in [*result["groups"], result["totals"]]
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0])]
        cells += [v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    lines += [line(header), *(line(row) for row in rows[:-1])]
    lines += ["  ".join("-" * w for w in widths), line(rows[-1]), ""]
    calendar = result["calendar"]
    lines.append(
        f"Overdue reports ({calendar['frequency']} calendar from {calendar['since']}, "
        f"as of {calendar['as_of']}: {len(calendar['due'])} periods due):"
    )
    if not result["overdue"]:
        lines.append("  none")
    width = max((len(o["actor"]) for o in result["overdue"]), default=0)
    for item in result["overdue"]:
        lines.append(
            f"  {item['actor'].ljust(width)}  {item['count']:>3}: {', '.join(item['periods'])}"
        )
    return lines


def _csv(result: dict[str, Any]) -> str:
    from oas_program.files.cells import neutralise
    from oas_program.services.tracking.progress import SHARE_STATUSES

    statuses: list[str] = result["statuses"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "group",
            "label",
            *statuses,
            "total",
            "applicable",
            *(f"share_{s}" for s in SHARE_STATUSES),
        ]
    )
    for g in [*result["groups"], result["totals"]]:
        shares = ["" if g["shares"][s] is None else f"{g['shares'][s]:.3f}" for s in SHARE_STATUSES]
        writer.writerow(
            [
                neutralise(g["group"]),
                neutralise(g["label"]),  # labels are data: never a spreadsheet formula
                *(g["counts"][s] for s in statuses),
                g["total"],
                g["applicable"],
                *shares,
            ]
        )
    return buffer.getvalue()


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
    help="First period reports are due for (a year means its first period); "
    "default: the year after adoption.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    callback=_date,
    help="Count periods ended before DATE (YYYY-MM-DD) as due; default: today.",
)
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
) -> None:
    """Implementation progress of INPUT (default: the embedded program): the status of
    every expected (actor, activity) pair, counts and shares per group, and the reports
    each actor owes under a reporting calendar."""
    from oas_program.services.tracking.progress import make_calendar

    program = read_program(state, input)
    try:
        calendar = make_calendar(program, as_of or dt.date.today(), frequency, since)
        calendar.due_periods()  # refuses an over-long calendar before any work is done
    except ValueError as error:
        raise UsageError(f"{error} [bad-calendar]") from None
    result = data(program, by, period, calendar)
    if output_format == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(_csv(result), nl=False)
    else:
        click.echo("\n".join(_text(result)))
