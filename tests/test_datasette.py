"""The SQLite export opened in Datasette itself (its Python API, in process, no network):
labels instead of bare ids, descriptions of tables, columns and views, every page opens."""

from __future__ import annotations

import asyncio
import gc
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.model.tables import layout

# Datasette (0.65) leaves SQLite connections open: on import and on each request (a test
# of SQLite's JSON1) and in each of its SQL threads. Python 3.13 warns of every connection
# collected open: filtered in these tests, and the last of them collected (below and when
# the site closes) before a later test could be blamed for them.
pytestmark = pytest.mark.filterwarnings("ignore:unclosed database:ResourceWarning")
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ResourceWarning)
    datasette_app = pytest.importorskip("datasette.app")
    gc.collect()


def export(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / args[-1]
    result = CliRunner().invoke(cli, ["export", *args[:-1], "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("datasette")
    database = export(folder, "-f", "sqlite", "program.sqlite")
    metadata_file = export(folder, "-f", "datasette-metadata", "program.metadata.json")
    metadata = json.loads(metadata_file.read_text(encoding="utf-8"))
    ds = datasette_app.Datasette(files=[str(database)], metadata=metadata)
    yield ds, metadata
    with warnings.catch_warnings():  # its threads' connections, and the last requests'
        warnings.simplefilter("ignore", ResourceWarning)
        ds.executor.shutdown(wait=True)
        del ds
        gc.collect()


def get(ds: Any, path: str) -> Any:
    async def fetch() -> Any:
        return await ds.client.get(path)

    return asyncio.run(fetch())


def test_links_show_labels_not_bare_ids(site: tuple[Any, dict[str, Any]]) -> None:
    ds, _ = site
    response = get(ds, "/program/activities_assignments.json?_labels=on&_shape=objects")
    assert response.status_code == 200
    rows = response.json()["rows"]
    first = rows[0]
    assert first["activity_id"] == {"value": "cim-1", "label": "CIM 1"}
    assert first["actor"] == {"value": "cim", "label": "Inter-American Commission of Women"}
    # Every reference column of the entity tables links with a label.
    for path, column in [
        ("/program/activities_sources.json", "value"),
        ("/program/resolutions.json", "meeting"),
        ("/program/actors.json", "parent"),
    ]:
        data = get(ds, f"{path}?_labels=on&_shape=objects").json()["rows"]
        linked = [row[column] for row in data if isinstance(row[column], dict)]
        assert linked, path
        assert all(item["label"] and item["label"] != item["value"] for item in linked), path


def test_every_entity_table_has_a_label_column(site: tuple[Any, dict[str, Any]]) -> None:
    ds, _ = site

    async def labels() -> dict[str, str | None]:
        db = ds.get_database("program")
        return {t.name: await db.label_column_for_table(t.name) for t in layout()}

    found = asyncio.run(labels())
    assert found["activities"] == "label_en"
    assert found["actors"] == "name_en"
    assert found["resolutions"] == "symbol"
    assert found["sources"] == "title_en"
    entity = [t.name for t in layout() if t.parent is None]
    assert all(found[name] for name in entity), found


def test_tables_columns_and_views_are_described(site: tuple[Any, dict[str, Any]]) -> None:
    ds, metadata = site
    page = get(ds, "/program/activities").text
    assert "An activity of the program&#39;s plan of action." in page or (
        "An activity of the program's plan of action." in page
    )
    assert '<dl class="column-descriptions">' in page
    assert "Which of the four addressee groups the activity is for." in page
    # The two-column foreign keys Datasette does not draw are said in words.
    page = get(ds, "/program/activities_notes_sources").text
    assert "a foreign key of 2 columns, activities_notes (activity_id, position)" in page
    tables = metadata["databases"]["program"]["tables"]
    for t in layout():
        assert tables[t.name]["description"], t.name
        assert set(tables[t.name]["columns"]) <= set(t.column_names), t.name
    for view, title in [
        ("activities_by_actor", "Activities by actor"),
        ("member_states", "Member states"),
        ("completeness", "Declared and recorded activities"),
    ]:
        response = get(ds, f"/program/{view}")
        assert response.status_code == 200
        assert title in response.text


def test_every_table_and_view_opens(site: tuple[Any, dict[str, Any]]) -> None:
    ds, _ = site
    listing = get(ds, "/program.json").json()
    names = [t["name"] for t in listing["tables"]] + [v["name"] for v in listing["views"]]
    assert len(names) >= len(layout()) + 4
    for name in names:
        assert get(ds, f"/program/{name}").status_code == 200, name


def test_facets_on_codelists(site: tuple[Any, dict[str, Any]]) -> None:
    ds, _ = site
    data = get(ds, "/program/activities.json?_extra=facet_results").json()
    facets = data.get("facet_results", {})
    facets = facets.get("results", facets)
    assert "addressee" in facets


def test_the_database_name_is_an_option(tmp_path: Path) -> None:
    path = export(tmp_path, "-f", "datasette-metadata", "-O", "database=oas", "x.metadata.json")
    assert list(json.loads(path.read_text(encoding="utf-8"))["databases"]) == ["oas"]
