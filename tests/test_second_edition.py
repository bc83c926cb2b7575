"""The embedded program's second edition: every correction pinned against the first edition,
and the corrected facts where users meet them (show, the reports, the SQLite views)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner, Result

from oas_program import default_program, load
from oas_program.builtin import html_report, markdown_format
from oas_program.cli import cli
from oas_program.model import (
    Certainty,
    Resolution,
    Source,
    SourceKind,
    Text,
    TextStatus,
)
from oas_program.model.source import DEPRECATED_KINDS
from oas_program.services import validation

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = FIXTURES / "program-first-edition.json"
EXPECTED_DIFF = FIXTURES / "second-edition.diff"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def changes() -> dict[str, dict[str, Any]]:
    """The diff from the first edition, by `collection/id`."""
    result = run("diff", str(FIRST), "@embedded", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {f"{c['collection']}/{c['id']}": c for c in json.loads(result.stdout)["changes"]}


def field(change: dict[str, Any], path: str) -> tuple[Any, Any]:
    found = [f for f in change["fields"] if f["path"] == path]
    assert found, (change["id"], path, [f["path"] for f in change["fields"]])
    return found[0]["old"], found[0]["new"]


# ---- the diff from the first edition ------------------------------------------------------


def test_the_whole_diff_from_the_first_edition_is_pinned() -> None:
    result = run("diff", str(FIRST), "@embedded")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EXPECTED_DIFF.read_text(encoding="utf-8"), (
        "the embedded program changed: check every change, then regenerate with "
        "`oas-program diff tests/fixtures/program-first-edition.json @embedded "
        "> tests/fixtures/second-edition.diff`"
    )
    assert result.stdout.splitlines()[-1] == "54 added, 0 removed, 157 changed"


def test_sources_where_they_belong(changes: dict[str, dict[str, Any]]) -> None:
    program, first = default_program(), load(FIRST)
    # The set-up date and the officers: the chair's report, not AG/RES. 1928 or the draft.
    old = [n for n in first.notes if "2004-01-15" in n.text.en]
    assert old[0].sources == ("src-ag-res-1928", "src-cp-cajp-2038-03")
    new = [n for n in program.notes if "2004-01-15" in n.text.en and n.certainty == "confirmed"]
    assert [n.sources for n in new] == [("src-cajp-gt-tm-9-04",)]
    assert program.get("src-cajp-gt-tm-9-04").symbol == "CAJP/GT/TM-9/04"  # type: ignore[union-attr]
    # "More than 100" cites the DIL Work Plan page; "almost 70" keeps the program page.
    more = changes["declarations/other-activities-more-than-100"]
    assert field(more, "/sources/0") == ("src-dil-program", "src-dil-work-plan")
    assert program.get("src-dil-work-plan").url == (  # type: ignore[union-attr]
        "http://www.oas.org/dil/migrant_workers_work_plan.htm"
    )
    assert "declarations/other-activities-almost-70" in changes
    assert not any(
        f["path"].startswith("/sources")
        for f in changes["declarations/other-activities-almost-70"]["fields"]
    )
    # Every confirmed note cites a source now; five did not.
    findings = validation.validate(first)
    assert [r.finding.pointer for r in findings if r.code == "confirmed-without-source"] == [
        "/actors/45/memberships/0/notes/0",
        "/actors/49/notes/0",
        "/meetings/0/notes/0",
        "/meetings/4/notes/0",
        "/notes/3",
    ]
    assert "confirmed-without-source" not in {r.code for r in validation.validate(program)}


def test_titles_are_whole_official_titles(changes: dict[str, dict[str, Any]]) -> None:
    assert field(changes["resolutions/ag-res-2738"], "/title/en") == (
        "Strengthening the Topic of Migration in the OAS",
        "Strengthening the Topic of Migration in the OAS: Establishment of the Committee on "
        "Migration Issues",
    )
    assert (
        "Established the Committee on Migration Issues"
        in field(changes["resolutions/ag-res-2738"], "/summary/en")[1]
    )
    assert field(changes["resolutions/ag-res-1404"], "/title/en") == (
        "Annual Report of the IACHR",
        "Annual Report of the Inter-American Commission on Human Rights",
    )
    assert field(changes["resolutions/ag-res-2438"], "/title") == (
        None,
        {"status": "official", "en": "Resolution on Cuba", "es": "Resolución sobre Cuba"},
    )


def test_actor_kinds(changes: dict[str, dict[str, Any]]) -> None:
    kinds = {
        name: field(changes[f"actors/{name}"], "/kind")
        for name in ("iachr", "iachr-rapporteur", "cim", "iin", "paho")
    }
    assert kinds == {
        "iachr": ("gs-area", "oas-organ"),
        "iachr-rapporteur": ("gs-area", "oas-organ"),
        "cim": ("gs-area", "specialized-organization"),
        "iin": ("gs-area", "specialized-organization"),
        "paho": ("gs-area", "specialized-organization"),
    }
    gs_areas = {a.id for a in default_program().actors if a.kind == "gs-area"}
    assert gs_areas == {"spa", "sla", "dil", "sedi", "iacd", "summits", "dsde", "decst", "mide"}


def test_cuba_membership_and_participation(changes: dict[str, dict[str, Any]]) -> None:
    cuba = changes["actors/cub"]
    old, new = field(cuba, "/memberships")
    assert [m["status"] for m in old] == ["member", "excluded", "member"]
    assert [m["status"] for m in new] == ["member"]
    _, participation = field(cuba, "/participation")
    assert [(p["status"], p.get("start"), p.get("end")) for p in participation] == [
        ("excluded", "1962-01-31", "2009-06-03"),
        ("not-participating", "2009-06-03", None),
    ]
    assert all(p["sources"] for p in participation)
    # Venezuela and Nicaragua keep their periods, now with sources.
    program = default_program()
    for state, end in (("ven", "2019-04-27"), ("nic", "2023-11-19")):
        (period,) = program.actor(state).memberships
        assert period.end == end and period.sources and period.notes[0].sources


def test_numbers_dates_kinds_and_names(changes: dict[str, dict[str, Any]]) -> None:
    assert field(changes["activities/dil-1"], "/number") == (None, "29")
    assert default_program().activity("dil-1").label.en == "DIL 1"  # the label stays ours
    assert field(changes["resolutions/ag-res-2248"], "/date") == ("2006", "2006-06")
    (dateline,) = default_program().get("cp-cajp-2323-06-add-6").notes  # type: ignore[union-attr]
    assert "2005-05-11" in dateline.text.en and dateline.certainty == "uncertain"
    assert field(changes["sources/src-dil-program"], "/kind") == ("seed", "official-page")
    kinds = {s.kind for s in default_program().sources}
    assert not kinds & DEPRECATED_KINDS
    assert field(changes["actors/unhcr"], "/name/en") == (
        "Office of the UN High Commissioner for Refugees",
        "Office of the United Nations High Commissioner for Refugees",
    )
    assert field(changes["actors/unhcr"], "/name/es")[1] == (
        "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados"
    )
    assert "con énfasis en" in field(changes["activities/iachr-1"], "/summary/es")[1]


def test_additions(changes: dict[str, dict[str, Any]]) -> None:
    added = {key for key, c in changes.items() if c["kind"] == "added"}
    assert {"actors/decst", "actors/sla", "actors/mide"} <= added
    assert {f"activities/decst-{i}" for i in range(1, 5)} <= added
    assert {
        "resolutions/ag-res-2356",
        "resolutions/ag-res-2465",
        "resolutions/ag-res-2608",
        "resolutions/ag-res-2593",
        "resolutions/ag-res-2669",
        "resolutions/ag-res-1-xxxv-e-08",
        "documents/summit-2001-quebec-plan",
        "documents/summit-2004-nuevo-leon",
        "documents/summit-2005-mar-del-plata",
        "documents/cajp-gt-tm-15-04-rev-2",
        "meetings/cajp-2011",
    } <= added
    assert {key for key in added if key.startswith("observations/")} == {
        f"observations/obs-decst-decst-1-{year}" for year in (2009, 2010, 2011)
    }
    assert not any(c["kind"] == "removed" for c in changes.values())
    # The requested 2006 session of the Permanent Council is a request, not a meeting.
    program = default_program()
    assert not [m for m in program.meetings if (m.start or "").startswith("2006-0")][1:]
    assert any(
        "requested special session" in n.text.en and n.certainty == "unknown"
        for n in program.resolution("ag-res-2248").notes
    )
    # Summit mandates are documents of the Summits process, with their role.
    quebec = program.get("summit-2001-quebec-plan")
    assert quebec.role == "background" and quebec.summary is not None  # type: ignore[union-attr]


# ---- the second edition where users meet it ------------------------------------------------


def test_show_says_23_of_33_lists_resolutions_in_order_and_tells_cuba_truthfully() -> None:
    result = run("show")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("23 of 33 activities recorded (10 not recorded)" in line for line in lines)
    follow_up = next(line for line in lines if line.strip().startswith("follow-up"))
    assert follow_up.split(": ", 1)[1] == (
        "AG/RES. 2224 (XXXVI-O/06), AG/RES. 2248 (XXXVI-O/06), AG/RES. 2669 (XLI-O/11), "
        "AG/RES. 2738 (XLII-O/12)"
    )
    assert "Member states: 35 (33 with an open membership period)" in lines
    assert (
        "  Cuba (cub): member; government excluded from participation 1962-01-31 to "
        "2009-06-03; government not participating since 2009-06-03"
    ) in lines
    data = json.loads(run("show", "--json").stdout)
    cuba = next(s for s in data["member_states"]["changes"] if s["actor"] == "cub")
    assert cuba["memberships"] == [{"status": "member", "start": None, "end": None}]
    assert cuba["participation"][-1] == {
        "status": "not-participating",
        "start": "2009-06-03",
        "end": None,
    }


def test_the_html_report_says_it_too() -> None:
    page = html_report.render(default_program(), "en")
    members = page.split('id="en-members"')[1].split("</section>")[0]
    cuba = members.split("<bdi>CUB</bdi>")[1].split("</tr>")[0]
    assert "<td>member</td>" in cuba
    assert (
        "<td>excluded from participation from 1962-01-31 until 2009-06-03; not participating "
        "from 2009-06-03</td>"
    ) in cuba
    sources = page.split('id="en-sources"')[1].split("</section>")[0]
    assert "<p>A title links to the source&#x27;s official location, on its publisher" in sources
    assert '<th scope="col">Third-party copy</th>' in sources
    assert (
        '<a href="https://docslib.org/doc/13746056/informe-del-grupo-de-trabajo-sobre-derechos'
        '-humanos-de-los-migrantes">docslib.org</a>'
    ) in sources


def test_the_markdown_export_says_it_too() -> None:
    text = markdown_format.render(default_program(), "en")
    assert (
        "| Cuba | CUB | member | excluded from participation from 1962-01-31 until 2009-06-03; "
        "not participating from 2009-06-03 |"
    ) in text
    assert (
        "| src-cajp-gt-tm-9-04 | Report of the chair of the CAJP working group on the human "
        "rights of migrants | official OAS document | CAJP/GT/TM-9/04 | 2004-05-14 | "
        "[docslib.org](https://docslib.org/doc/13746056/informe-del-grupo-de-trabajo-sobre-"
        "derechos-humanos-de-los-migrantes) |"
    ) in text
    assert "a third-party copy is a copy found on another site, which is not the publisher" in text
    spanish = markdown_format.render(default_program(), "es")
    assert (
        "| Cuba | CUB | miembro | excluido de la participación desde 1962-01-31 hasta "
        "2009-06-03; no participa desde 2009-06-03 |"
    ) in spanish


def test_the_sqlite_views_say_it_too(tmp_path: Path) -> None:
    path = tmp_path / "program.sqlite"
    assert run("export", "-f", "sqlite", "-o", str(path)).exit_code == 0
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute(
            'SELECT actor_id, status, "end", participation, participation_since '
            "FROM member_states WHERE actor_id IN ('cub', 'ven', 'mex') ORDER BY actor_id"
        ).fetchall()
        completeness = db.execute(
            "SELECT declared, recorded, missing FROM completeness "
            "WHERE declaration_id = 'gs-activities-33'"
        ).fetchall()
    db.close()
    assert rows == [
        ("cub", "member", None, "not-participating", "2009-06-03"),
        ("mex", "member", None, None, None),
        ("ven", "member", "2019-04-27", None, None),
    ]
    assert completeness == [(33, 23, 10)]


def test_every_entity_has_a_source_and_every_summary_two_languages() -> None:
    from oas_program.services.validation.walk import fields

    program = default_program()
    for entity in program.entities():
        assert isinstance(entity, Source) or entity.sources, entity.id
    assert all(d.sources for d in program.declarations)
    for pointer, _, _, value in fields(program):
        if isinstance(value, Text) and value.status is TextStatus.SUMMARY:
            assert value.en and value.es, pointer
    confirmed = [
        (pointer, note)
        for pointer, _, name, notes in fields(program)
        if name == "notes"
        for note in notes
    ]
    assert all(n.sources for _, n in confirmed if n.certainty is Certainty.CONFIRMED)


@pytest.mark.parametrize("name", ["p.json", "p.yaml", "p.zip", "p.sqlite", "p.xlsx"])
def test_every_lossless_format_round_trips_the_second_edition(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    done = run("export", "-o", str(path), "-f", name.rsplit(".", 1)[1].replace("zip", "csv"))
    assert done.exit_code == 0, done.stderr
    again = load(path)
    assert again == default_program()
    assert again.actor("cub").participation == default_program().actor("cub").participation


def test_first_edition_files_still_read() -> None:
    first = load(FIRST)
    assert {s.kind for s in first.sources} == {
        SourceKind.SEED,
        SourceKind.OFFICIAL,
        SourceKind.SUMMARY,
    }
    reports = validation.validate(first)
    assert not [r for r in reports if r.severity.value == "error"]


def test_oas_activities_go_to_organs_and_specialized_organizations() -> None:
    program = default_program()
    codes = {r.code for r in validation.validate(program)}
    assert "gs-activity-not-gs-area" not in codes  # the IACHR is an organ, the CIM is not a GS area
    actors = tuple(
        attrs.evolve(a, kind="multilateral") if a.id == "cim" else a for a in program.actors
    )
    moved = validation.validate(attrs.evolve(program, actors=actors))
    wrong = [r for r in moved if r.code == "gs-activity-not-gs-area"]
    assert len(wrong) == 5
    assert "assign an OAS actor (gs-area, oas-organ or specialized-organization)" in (
        wrong[0].finding.message
    )


def test_resolutions_sort_by_date_then_number() -> None:
    def res(number: int, date: str | None) -> Resolution:
        return Resolution(
            id=f"r-{number}", symbol=f"AG/RES. {number} (XXXVI-O/06)", role="follow-up", date=date
        )

    unordered = [res(2248, "2006"), res(2250, None), res(2224, "2006-06-06"), res(2230, "2006-06")]
    ordered = sorted(unordered, key=lambda r: r.order)
    # A year or month never sorts before a full date of the same session; undated last.
    assert [r.number for r in ordered] == [2224, 2230, 2248, 2250]
    same_day = sorted([res(2141, "2005-06-07"), res(2130, "2005-06-07")], key=lambda r: r.order)
    assert [r.number for r in same_day] == [2130, 2141]
