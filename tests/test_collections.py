"""One registry of the program's collections: validation and every exporter agree on ids."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.files import canonical
from oas_program.model.program import COLLECTIONS, Program
from oas_program.plugins.host import PluginHost

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tracking-illustrative.json"


def _program() -> Program:
    return canonical.loads(EXAMPLE.read_bytes())


def test_the_registry_lists_every_identified_collection_in_model_order() -> None:
    names = [c.name for c in COLLECTIONS]
    assert names == [
        "objectives",
        "activities",
        "actors",
        "resolutions",
        "documents",
        "meetings",
        "sources",
        "declarations",
        "observations",
    ]
    program = _program()
    assert all(getattr(program, name) for name in names), "the example fills every collection"
    assert sum(len(getattr(program, n)) for n in names) == len(list(program.entities()))


def _with_repeat(name: str) -> tuple[Program, str]:
    """The example with the first entity of collection *name* repeated at its end."""
    program = _program()
    items = getattr(program, name)
    return attrs.evolve(program, **{name: (*items, items[0])}), f"/{name}/{len(items)}/id"


@pytest.mark.parametrize("name", [c.name for c in COLLECTIONS])
def test_a_repeated_id_is_invalid_and_every_exporter_refuses_it(name: str, tmp_path: Path) -> None:
    program, pointer = _with_repeat(name)
    path = tmp_path / "repeated.json"
    path.write_text(canonical.dumps(program), encoding="utf-8")
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", str(path), "--format", "json"])
    assert checked.exit_code == 1
    assert f'"pointer": "{pointer}"' in checked.stdout and "duplicate-id" in checked.stdout
    formats = sorted(PluginHost().exporters())
    assert {"json", "yaml", "csv", "sqlite", "html", "markdown", "jsonld"} <= set(formats)
    refusals = set()
    for format_name in formats:
        target = tmp_path / f"out-{format_name}"
        done = runner.invoke(cli, ["export", str(path), "-f", format_name, "-o", str(target)])
        assert done.exit_code == 1, (format_name, done.stderr)
        assert not target.exists()
        refusals.add(done.stderr.replace(str(path), "<input>"))
    # One problem, said the same way by every exporter, with the pointer validate gives.
    assert len(refusals) == 1
    (line,) = refusals
    assert f"{pointer}: id " in line and line.rstrip().endswith("[duplicate-id]")
