"""The progress section of the HTML report and the Markdown export.

Figures are checked against the hand-counted fixture of `tests/test_progress.py`
(`tracked`): over every period its matrix is

    actor   act-a1 (A1)   act-b1 (B1)   act-new (New)   ms-act (States)
    sg      discontinued
    area-a  completed     no-report     planned
    area-b                not-started   in-progress
    aaa                                                 completed
    bbb                                                 not-applicable

8 expected pairs, 7 applicable, 2 completed (2/7 = 28.6%).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from oas_program import default_program
from oas_program.builtin import html_report, markdown_format
from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model import Program, Text, TextStatus
from tests.hostile import ATTRIBUTE, IMG, MD_LINK, SCRIPT
from tests.test_html import assert_safe
from tests.test_markdown import assert_tables_keep_shape
from tests.test_progress import tracked

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "tracking-illustrative.json"


class HeatMap(HTMLParser):
    """The first `table.heat` of a page: its column headers and, per row header, its cells
    as (class, text) pairs (None for a cell with no class)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.columns: list[str] = []
        self.rows: dict[str, list[tuple[str | None, str]]] = {}
        self._depth = 0  # tables open since the heat map's (0: outside it)
        self._done = False
        self._cell: tuple[str, str | None] | None = None  # tag and class of the open cell
        self._text: list[str] = []
        self._row: list[tuple[str, str | None, str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and not self._done and (self._depth or found.get("class") == "heat"):
            self._depth += 1
        if not self._depth:
            return
        if tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell, self._text = (tag, found.get("class")), []

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag in ("th", "td") and self._cell is not None:
            self._row.append((*self._cell, "".join(self._text).strip()))
            self._cell = None
        elif tag == "tr":
            if all(kind == "th" for kind, _, _ in self._row):
                self.columns = [text for _, _, text in self._row[1:]]
            else:
                self.rows[self._row[0][2]] = [(cls, text) for _, cls, text in self._row[1:]]
        elif tag == "table":
            self._depth -= 1
            self._done = self._depth == 0

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)

    def cell(self, actor: str, activity: str) -> tuple[str | None, str]:
        return self.rows[actor][self.columns.index(activity)]


def section(page: str, lang: str) -> str:
    """One language version's progress section."""
    match = re.search(rf'<section>\n<h2 id="{lang}-progress">.*?\n</section>', page, re.S)
    assert match is not None
    return match.group(0)


@pytest.fixture(scope="module")
def english() -> str:
    return html_report.render(tracked(), "en")


@pytest.fixture(scope="module")
def progress(english: str) -> str:
    return section(english, "en")


# ---- HTML: the heat map ----------------------------------------------------------------------


def test_heat_map_cells(progress: str) -> None:
    heat = HeatMap(progress)
    assert heat.columns == ["A1", "B1", "New", "States"]
    # Actor names are summaries in the fixture: the row header carries the mark.
    assert list(heat.rows) == [
        f"{name} summary" for name in ("Secretary General", "Area A", "Area B", "State A")
    ] + ["State B summary"]
    assert heat.cell("Area A summary", "A1") == ("st st-completed", "COcompleted")
    assert heat.cell("Area A summary", "B1") == ("st st-no-report", "NRno report")
    assert heat.cell("Area A summary", "New") == ("st st-planned", "PLplanned")
    assert heat.cell("Area B summary", "B1") == ("st st-not-started", "NSnot started")
    assert heat.cell("Secretary General summary", "A1") == ("st st-discontinued", "DIdiscontinued")
    assert heat.cell("State B summary", "States") == ("st st-not-applicable", "NAnot applicable")
    # Pairs that are not expected are empty cells, with no status and no colour.
    assert heat.cell("Area B summary", "A1") == (None, "")
    assert heat.cell("State A summary", "New") == (None, "")


def test_heat_map_cell_markup_and_accessibility(progress: str) -> None:
    # The letters for the eye, the word for screen readers; the colour comes from the class.
    assert (
        '<td class="st st-completed"><span aria-hidden="true">CO</span>'
        '<span class="sr-only">completed</span></td>'
    ) in progress
    assert '<div class="scroll" role="region" tabindex="0" aria-label="Status by actor and' in (
        progress
    )
    assert (
        "<caption>Status of each expected pair: actors in rows, activities in columns. An "
        "empty cell is a pair that is not expected.</caption>"
    ) in progress
    assert '<th scope="col">Actor</th>' in progress
    # Column headers link to the activity's row elsewhere in the report.
    assert '<th scope="col" class="act"><span class="vert"><a href="#en-activity-act-a1">' in (
        progress
    )
    assert re.search(r'<th scope="row"><bdi>Area A</bdi>', progress)
    # The key spells out every code.
    key = re.findall(
        r'<li><span class="key st st-([a-z-]+)" aria-hidden="true">(..)</span>', progress
    )
    assert key == [
        ("not-started", "NS"),
        ("planned", "PL"),
        ("in-progress", "IP"),
        ("completed", "CO"),
        ("discontinued", "DI"),
        ("no-information", "NI"),
        ("no-report", "NR"),
        ("not-applicable", "NA"),
    ]


def test_heat_map_columns_are_activities_someone_is_expected_to_report_on() -> None:
    # An activity addressed to civil society, in a program with no civil society actor:
    # nobody is expected to report on it, so it gets no column.
    program = tracked()
    orphan = attrs.evolve(
        program.activities[0],
        id="cs-act",
        label="Orphan",
        addressee="civil-society",
        assignments=(),
    )
    program = attrs.evolve(program, activities=(*program.activities, orphan))
    heat = HeatMap(section(html_report.render(program, "en"), "en"))
    assert heat.columns == ["A1", "B1", "New", "States"]


# ---- HTML: the bar chart and its table --------------------------------------------------------


def test_bar_chart_numbers(progress: str) -> None:
    (svg,) = re.findall(r"<svg .*?</svg>", progress, re.S)
    assert svg.startswith(
        '<svg viewbox="0 0 640 232" width="640" height="232" role="img" '
        'aria-labelledby="en-progress-chart-title en-progress-chart-desc" class="chart">'
    )
    assert '<title id="en-progress-chart-title">All expected pairs by status</title>' in svg
    assert (
        '<desc id="en-progress-chart-desc">Horizontal bar chart, one bar per status. '
        "not started: 1; planned: 1; in progress: 1; completed: 2; discontinued: 1; "
        "no information: 0; no report: 1; not applicable: 1.</desc>"
    ) in svg
    labels = re.findall(r'<text x="202" y="[0-9]+" class="label">([a-z ]+)</text>', svg)
    assert labels == [
        "not started",
        "planned",
        "in progress",
        "completed",
        "discontinued",
        "no information",
        "no report",
        "not applicable",
    ]
    assert re.findall(r'class="count">([0-9]+)</text>', svg) == [
        "1", "1", "1", "2", "1", "0", "1", "1"
    ]  # fmt: skip
    # To scale: the longest bar (2 completed) is 370 units; a zero count draws no bar.
    bars = re.findall(
        r'<rect x="210" y="[0-9]+" width="([0-9.]+)" height="20" class="bar-([a-z-]+)"', svg
    )
    assert bars == [
        ("185.0", "not-started"),
        ("185.0", "planned"),
        ("185.0", "in-progress"),
        ("370.0", "completed"),
        ("185.0", "discontinued"),
        ("185.0", "no-report"),
        ("185.0", "not-applicable"),
    ]


def test_bar_chart_table_repeats_the_numbers(progress: str) -> None:
    table = progress.split("</svg>")[1]
    rows = re.findall(
        r'<tr>\n<th scope="row">([^<]+)</th>\n<td class="num">([0-9]+)</td>\n'
        r'<td class="num">([^<]*)</td>\n</tr>',
        table,
    )
    assert rows == [
        ("not started", "1", "14.3%"),
        ("planned", "1", "14.3%"),
        ("in progress", "1", "14.3%"),
        ("completed", "2", "28.6%"),
        ("discontinued", "1", "14.3%"),
        ("no information", "0", "0.0%"),
        ("no report", "1", "14.3%"),
        ("not applicable", "1", "—"),  # outside the denominator: no share
        ("Total", "8", ""),
    ]
    assert '<th scope="col">Share of applicable pairs</th>' in table


def test_progress_is_in_the_contents_and_the_page_is_safe(english: str) -> None:
    page = assert_safe(english)
    assert page.find("a", href="#en-progress")
    # No inline style anywhere: the page's policy allows only its hashed stylesheet.
    assert "style" not in page.attribute_names()
    assert len(page.find("table")) == len(page.find("caption"))


# ---- Markdown --------------------------------------------------------------------------------

HEADER = (
    "| {first} | not started | planned | in progress | completed | discontinued "
    "| no information | no report | not applicable | Total | % completed |"
)


def test_markdown_rollup_by_actor() -> None:
    text = markdown_format.render(tracked(), "en")
    part = text.split("### Progress by actor\n\n")[1].split("\n\n")[0]
    assert part.splitlines() == [
        HEADER.format(first="Actor"),
        "|---|---|---|---|---|---|---|---|---|---|---|",
        "| Secretary General *(summary)* | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 0.0% |",
        "| Area A *(summary)* | 0 | 1 | 0 | 1 | 0 | 0 | 1 | 0 | 3 | 33.3% |",
        "| Area B *(summary)* | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | 0.0% |",
        "| State A *(summary)* | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 1 | 100.0% |",
        "| State B *(summary)* | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | — |",
        "| **All pairs** | 1 | 1 | 1 | 2 | 1 | 0 | 1 | 1 | 8 | 28.6% |",
    ]


def test_markdown_rollup_by_activity() -> None:
    text = markdown_format.render(tracked(), "en")
    assert "\n## Implementation progress\n\nThe status of each expected (actor, activity) pair" in (
        text
    )
    assert "Reports recorded: 10; expected pairs: 8." in text
    part = text.split("### Progress by activity\n\n")[1].split("\n\n")[0]
    assert part.splitlines() == [
        HEADER.format(first="Activity"),
        "|---|---|---|---|---|---|---|---|---|---|---|",
        "| A1 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 2 | 50.0% |",
        "| B1 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 2 | 0.0% |",
        "| New (added 2025-03-16) | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 2 | 0.0% |",
        "| States | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 | 2 | 100.0% |",
        "| **All pairs** | 1 | 1 | 1 | 2 | 1 | 0 | 1 | 1 | 8 | 28.6% |",
    ]
    assert_tables_keep_shape(text)


# ---- no observations: one sentence -----------------------------------------------------------


def test_a_program_without_observations_says_no_report_is_recorded() -> None:
    program = attrs.evolve(default_program(), observations=())
    page = html_report.render(program, "en")
    part = section(page, "en")
    assert part == (
        '<section>\n<h2 id="en-progress">Implementation progress</h2>\n'
        '<p class="empty">No implementation report is recorded in the data.</p>\n</section>'
    )
    assert "<svg" not in page and 'class="heat"' not in page
    assert assert_safe(page).find("a", href="#en-progress")
    text = markdown_format.render(program, "en")
    assert (
        "\n## Implementation progress\n\nNo implementation report is recorded in the data.\n\n## "
    ) in text
    spanish = markdown_format.render(program, "es")
    assert (
        "\n## Avance de la ejecución\n\nLos datos no registran ningún informe de ejecución.\n"
        in (spanish)
    )


def test_embedded_program_shows_its_public_evidence() -> None:
    # The DECST's project (2009-2011) is the embedded program's only evidence: its cell is in
    # progress, every other cell has no report.
    page = html_report.render(default_program(), "en")
    heat = HeatMap(page)
    assert heat.cell("DECST", "DECST 1") == ("st st-in-progress", "IPin progress")
    assert heat.cell("DECST", "DECST 2") == ("st st-no-report", "NRno report")
    assert heat.cell("IACHR", "IACHR 1") == ("st st-no-report", "NRno report")
    text = markdown_format.render(default_program(), "en")
    assert "No implementation report is recorded in the data." not in text


# ---- Spanish ---------------------------------------------------------------------------------


def test_spanish_headings_labels_and_numbers() -> None:
    page = html_report.render(tracked(), "es")
    part = section(page, "es")
    assert '<h2 id="es-progress">Avance de la ejecución</h2>' in part
    assert "<h3>Estado por actor y actividad</h3>" in part
    assert "<h3>Todos los pares esperados por estado</h3>" in part
    heat = HeatMap(part)
    # The fixture's names and labels are English only: marked as such in the Spanish version.
    assert heat.cell("en Area A resumen", "en A1") == ("st st-completed", "COcompletada")
    assert heat.cell("en Area A resumen", "en B1") == ("st st-no-report", "SRsin informe")
    assert '<td class="num">28,6 %</td>' in part
    text = markdown_format.render(tracked(), "es")
    for heading in (
        "## Avance de la ejecución",
        "### Avance por actor",
        "### Avance por actividad",
    ):
        assert f"\n{heading}\n" in text
    assert (
        "| Actor | sin iniciar | prevista | en curso | completada | interrumpida "
        "| información no disponible | sin informe | no aplicable | Total | % completado |"
    ) in text
    assert "| **Todos los pares** | 1 | 1 | 1 | 2 | 1 | 0 | 1 | 1 | 8 | 28,6 % |" in text


def test_cli_exports_in_spanish() -> None:
    for fmt, heading in (("html", '<h2 id="es-progress">'), ("markdown", "## Avance de la ")):
        result = CliRunner().invoke(cli, ["export", str(EXAMPLE), "--format", fmt, "--lang", "es"])
        assert result.exit_code == 0, result.stderr
        assert heading in result.stdout


# ---- the illustrative example ----------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Program:
    return canonical.load(EXAMPLE)


def test_illustrative_example(example: Program) -> None:
    page = html_report.render(example, "en")
    assert_safe(page)
    part = section(page, "en")
    heat = HeatMap(part)
    assert len(heat.columns) == len(example.activities) == 29 and len(heat.rows) == 41
    assert heat.cell("Mexico", "Member states: training") == ("st st-planned", "PLplanned")
    assert heat.cell("Argentina", "Member states: training") == (
        "st st-in-progress",
        "IPin progress",
    )
    assert heat.cell("IACHR", "IACHR 1") == ("st st-completed", "COcompleted")
    assert heat.cell("Mexico", "IACHR 1") == (None, "")
    counts = re.findall(r'class="count">([0-9]+)</text>', part)
    # The 10 invented observations, and DECST 1 in progress in the public record (2009-2011).
    assert counts == ["1", "2", "3", "3", "1", "0", "119", "0"]
    text = markdown_format.render(example, "en")
    assert "| Mexico | 0 | 1 | 0 | 0 | 0 | 0 | 2 | 0 | 3 | 0.0% |" in text
    assert "| **All pairs** | 1 | 2 | 3 | 3 | 1 | 0 | 119 | 0 | 129 | 2.3% |" in text


def test_deterministic(example: Program) -> None:
    assert html_report.render(example, "es") == html_report.render(example, "es")
    assert markdown_format.render(example, "es") == markdown_format.render(example, "es")


# ---- hostile labels ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> Program:
    program = tracked()
    actors = tuple(
        attrs.evolve(a, name=Text(status=TextStatus.OFFICIAL, en=SCRIPT + ATTRIBUTE))
        if a.id == "area-a"
        else a
        for a in program.actors
    )
    activities = tuple(
        attrs.evolve(a, label=f"# {IMG} | {MD_LINK}") if a.id == "act-b1" else a
        for a in program.activities
    )
    return attrs.evolve(program, actors=actors, activities=activities)


def test_hostile_labels_are_escaped_in_the_heat_map(hostile: Program, english: str) -> None:
    page = html_report.render(hostile, "en")
    found = assert_safe(page)
    assert found.tags() <= assert_safe(english).tags()
    assert not found.find("script") and not found.find("img")
    part = section(page, "en")
    assert (
        '<th scope="row"><bdi>&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=alert(1) '
        "x=&quot;</bdi></th>"
    ) in part
    assert "&lt;img src=x onerror=alert(1)&gt;" in part
    heat = HeatMap(part)
    name = SCRIPT + ATTRIBUTE
    assert heat.cell(name, f"# {IMG} | {MD_LINK}") == ("st st-no-report", "NRno report")


def test_hostile_labels_are_escaped_in_markdown(hostile: Program) -> None:
    text = markdown_format.render(hostile, "en")
    assert "<" not in text
    assert_tables_keep_shape(text)
    assert (
        '| &lt;script&gt;alert(1)&lt;/script&gt;" onmouseover=alert(1) x=" '
        "| 0 | 1 | 0 | 1 | 0 | 0 | 1 | 0 | 3 | 33.3% |"
    ) in text
    assert (
        "| \\# &lt;img src=x onerror=alert(1)&gt; \\| \\[x\\](javascript:alert(1)) "
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 2 | 0.0% |"
    ) in text
