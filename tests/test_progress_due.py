"""When a report is due: from an actor's first report, or from a declared calendar; an actor
that never reported is "no report recorded", never overdue by default; the overdue list and
the table name the same actors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from oas_program import default_program, load
from oas_program.cli import cli
from oas_program.services.reports.progress_report import progress_report
from oas_program.services.tracking.progress import matrix
from oas_program.services.tracking.reporting import reporting

ROOT = Path(__file__).resolve().parents[1]
TRACKING = ROOT / "examples" / "tracking-illustrative.json"
AS_OF = "2026-05-01"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def _table_actors(data: dict[str, object]) -> list[str]:
    cells = data["matrix"]
    assert isinstance(cells, list)
    return list(dict.fromkeys(cell["actor"] for cell in cells))


def test_embedded_program_owes_nothing_and_says_no_report_recorded() -> None:
    result = run("progress", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = result.stdout
    section = text.split("Overdue reports")[1]
    assert section.splitlines()[1] == "  none"
    data = json.loads(run("progress", "--as-of", AS_OF, "--json").stdout)
    assert data["overdue"] == []
    assert data["no_report"] == _table_actors(data)
    assert f"No report recorded ({len(data['no_report'])} actors expected to report)" in text
    # The whole answer is short: no line per actor and year.
    assert len(text.split("Overdue reports")[1].splitlines()) < 12


def test_overdue_runs_from_each_actors_first_report() -> None:
    program = load(TRACKING)
    as_of = dt.date(2027, 3, 31)
    due = reporting(program, as_of)
    firsts: dict[str, int] = {}
    invented = [o for o in program.observations if "src-illustrative" in o.sources]
    assert len(invented) < len(program.observations)  # public-record observations are there too
    for observation in invented:  # the public record of an actor is not a report it made
        year = int(observation.period[:4])
        firsts[observation.actor] = min(year, firsts.get(observation.actor, year))
    assert {a: int(p) for a, p in due.first_reports.items()} == firsts
    for item in due.overdue:
        assert item.actor in firsts
        assert all(int(period) >= firsts[item.actor] for period in item.periods)
    reported = {o.actor for o in invented}
    table = list(dict.fromkeys(cell.actor for cell in matrix(program)))
    assert list(due.no_report) == [a for a in table if a not in reported]


def test_a_declared_calendar_makes_every_actor_owe_from_its_start() -> None:
    data = json.loads(run("progress", "--as-of", AS_OF, "--since", "2020", "--json").stdout)
    assert data["calendar"]["due_from"] == "calendar"
    assert data["calendar"]["due"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    overdue = {item["actor"]: item["periods"] for item in data["overdue"]}
    assert list(overdue) == _table_actors(data)
    assert all(periods == data["calendar"]["due"] for periods in overdue.values())


def test_overdue_list_and_table_name_the_same_actors() -> None:
    program = default_program()
    gone = [
        a.id
        for a in program.actors
        if a.memberships and a.memberships[-1].end is not None and a.kind.value == "member-state"
    ]
    assert gone  # states whose membership ended in the data (nic, ven)
    for since in (None, "2006"):
        report = progress_report(program, "actor", None, dt.date(2026, 5, 1), since=since)
        data = report.to_data()
        table = set(_table_actors(data))
        listed = {item["actor"] for item in data["overdue"]} | set(data["no_report"])
        assert listed <= table
        assert not set(gone) & (table | listed)
        text = "\n".join(report.lines())
        for actor in gone:
            assert f"  {actor} " not in text and f" {actor}," not in text


def test_progress_report_formats_itself_like_the_command() -> None:
    program = default_program()
    report = progress_report(program, "actor", None, dt.date(2026, 5, 1))
    assert run("progress", "--as-of", AS_OF).stdout == "\n".join(report.lines()) + "\n"
    assert run("progress", "--as-of", AS_OF, "--format", "csv").stdout == report.csv_text()
    assert json.loads(run("progress", "--as-of", AS_OF, "--json").stdout) == report.to_data()
