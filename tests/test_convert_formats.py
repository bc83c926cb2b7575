"""`oas-program convert` between every pair of lossless formats gives an equal program."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program import default_program, pipeline
from oas_program.cli import cli
from oas_program.plugins.host import PluginHost


def _targets() -> dict[str, str]:
    """How each lossless format is named on the command line: a file ending, or a directory
    for the formats that can also be a set of files."""
    host = PluginHost(entrypoints=False, strict=True)
    targets = {}
    for name, found in host.exporters().items():
        exporter = found[0].item
        if exporter.lossless:
            targets[name] = f"program{exporter.suffix}"
            if exporter.write_dir is not None:
                targets[f"{name}-dir"] = "program/"
    return targets


TARGETS = _targets()


def test_the_formats_the_issue_names_are_lossless() -> None:
    assert {"json", "yaml", "csv", "csv-dir", "sqlite"} <= set(TARGETS)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The embedded program in every lossless format, each written by `export`."""
    made = {}
    for name, target in TARGETS.items():
        folder = tmp_path_factory.mktemp(name)
        fmt = name.removesuffix("-dir")
        result = CliRunner().invoke(cli, ["export", "-f", fmt, "-o", f"{folder}/{target}"])
        assert result.exit_code == 0, result.stderr
        made[name] = folder / target
    return made


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("source", TARGETS)
def test_convert_gives_an_equal_program(
    sources: dict[str, Path], tmp_path: Path, source: str, target: str
) -> None:
    output = f"{tmp_path}/{TARGETS[target]}"
    result = CliRunner().invoke(cli, ["convert", str(sources[source]), output])
    assert result.exit_code == 0, result.stderr
    assert (
        pipeline.read_program(Path(output), host=PluginHost(entrypoints=False)) == default_program()
    )
