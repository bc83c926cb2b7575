"""What `oas-program progress` prints, as a value that formats itself: `lines()` (an aligned
table, the overdue reports and the actors with no report recorded), `csv_text()` (the
roll-up) and `to_data()` (`--format json`), like `ProgramDiff` and the validation report.
The figures come from `services.tracking.progress` and `services.tracking.reporting`.
"""

from __future__ import annotations

import csv
import io
import textwrap
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.i18n import Words, messages

if TYPE_CHECKING:
    import datetime as dt

    from oas_program.model.program import Program
    from oas_program.services.tracking.progress import Cell, Group, Overdue


@attrs.frozen
class ProgressReport:
    """The progress of one program: roll-up, matrix, calendar, overdue and unreported."""

    data: dict[str, Any]
    """Everything, as `to_data()` gives it (the other forms are drawn from it)."""

    def to_data(self) -> dict[str, Any]:
        return self.data

    def lines(self, lang: str = "en") -> list[str]:
        """The table, the overdue reports and the actors with no report recorded, in *lang*
        (ids, codes and the statuses' column names stay as in the JSON)."""
        return _text(self.data, Words("progress", PROGRESS_WORDS, lang))

    def csv_text(self) -> str:
        return _csv(self.data)


def progress_report(
    program: Program,
    by: str,
    period: str | None,
    as_of: dt.date,
    frequency: str = "annual",
    since: str | None = None,
) -> ProgressReport:
    """The report `progress` prints. ValueError for a calendar that cannot be (a *since*
    of another frequency, more than 1000 periods)."""
    from oas_program.services.tracking.progress import STATUSES, compute
    from oas_program.services.tracking.reporting import reporting

    figures = compute(program, by, period)
    table_actors: dict[str, None] = {}
    for cell in figures.cells:
        table_actors.setdefault(cell.actor, None)
    due = reporting(program, as_of, frequency, since, actors=list(table_actors))
    calendar = due.calendar
    return ProgressReport(
        {
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
                "due_from": due.due_from,
                "since": calendar.first_period,
                "as_of": calendar.as_of.isoformat(),
                "due": list(calendar.due_periods()),
            },
            "first_reports": due.first_reports,
            "overdue": [_overdue(o) for o in due.overdue],
            "no_report": list(due.no_report),
        }
    )


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


# The words of `progress`, in English; the other languages come from the catalogs (context
# "progress:<key>").
PROGRESS_WORDS: dict[str, str] = {
    "title": "Progress of {program}, {scope}, by {by}",
    "all_periods": "all periods",
    "up_to": "up to period {period}",
    "by:actor": "actor",
    "by:activity": "activity",
    "by:objective": "objective",
    "by:addressee": "addressee",
    "none_recorded": "No observations recorded: every expected pair is no-report.",
    "total": "total",
    "completed": "% completed",
    "frequency:annual": "annual",
    "frequency:semiannual": "semiannual",
    "frequency:quarterly": "quarterly",
    "calendar_from": "{frequency} calendar from {since}",
    "calendar_first": "{frequency} calendar, due from each actor's first report",
    "overdue": "Overdue reports ({rule}, as of {as_of}):",
    "overdue_none": "none",
    "no_report": "No report recorded ({n} actors expected to report): ",
    "no_calendar": (
        "(the data sets no reporting calendar: an actor's reports are due from its first "
        "report on; --since PERIOD declares a calendar for every actor)"
    ),
}
PROGRESS_MESSAGES = messages("progress", PROGRESS_WORDS)


def _text(result: dict[str, Any], w: Words) -> list[str]:
    period = result["period"]
    scope = w("all_periods") if period is None else w("up_to", period=period)
    by = w(f"by:{result['by']}")
    lines = [w("title", program=result["program"], scope=scope, by=by)]
    if not result["observations"]:
        lines.append(w("none_recorded"))
    statuses: list[str] = result["statuses"]
    header = [by, *statuses, w("total"), w("completed")]
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
    lines += _due_lines(result, w)
    return lines


def _due_lines(result: dict[str, Any], w: Words) -> list[str]:
    calendar = result["calendar"]
    frequency = w(f"frequency:{calendar['frequency']}")
    if calendar["due_from"] == "calendar":
        rule = w("calendar_from", frequency=frequency, since=calendar["since"])
    else:
        rule = w("calendar_first", frequency=frequency)
    lines = [w("overdue", rule=rule, as_of=calendar["as_of"])]
    if not result["overdue"]:
        lines.append("  " + w("overdue_none"))
    width = max((len(o["actor"]) for o in result["overdue"]), default=0)
    for item in result["overdue"]:
        lines.append(
            f"  {item['actor'].ljust(width)}  {item['count']:>3}: {', '.join(item['periods'])}"
        )
    unreported: list[str] = result["no_report"]
    if unreported:
        lines.append("")
        head = w("no_report", n=len(unreported))
        lines += textwrap.wrap(
            head + ", ".join(unreported), width=100, subsequent_indent="  ", break_on_hyphens=False
        )
        if calendar["due_from"] != "calendar":
            lines += textwrap.wrap(
                w("no_calendar"), width=78, initial_indent="  ", subsequent_indent="  "
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
