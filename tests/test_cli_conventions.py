"""One way to say one thing: the options, tables and messages every command shares."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program.cli import cli

SCRIPT = Path(sys.executable).parent / "oas-program"


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(cli, list(args), env=env)


# ---- --json and --format json ---------------------------------------------------------------

DATA_COMMANDS = [
    ("show",),
    ("formats",),
    ("plugins",),
    ("plugins", "doctor"),
    ("symbol", "AG/RES. 2141 (XXXV-O/05)"),
    ("validate",),
    ("diff", "@embedded", "@embedded"),
    ("progress", "--as-of", "2026-01-01"),
    ("actors",),
]


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=" ".join)
def test_every_data_command_takes_json_and_format_json_alike(command: tuple[str, ...]) -> None:
    with_flag = run(*command, "--json")
    with_format = run(*command, "--format", "json")
    assert with_flag.exit_code == 0, with_flag.output
    assert with_format.exit_code == 0, with_format.output
    assert json.loads(with_flag.stdout) == json.loads(with_format.stdout)
    text = run(*command, "--format", "text")
    assert text.exit_code == 0 and not text.stdout.lstrip().startswith(("{", "["))


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=" ".join)
def test_every_json_report_is_the_text_the_json_module_writes(command: tuple[str, ...]) -> None:
    # Through the installed command. Read back and written again by `json.dumps`, the report
    # gives the same text: the same indentation, escapes, key order and numbers, whichever
    # writer wrote it.
    done = subprocess.run(
        [str(SCRIPT), *command, "--format", "json"], capture_output=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = done.stdout.decode("utf-8")
    assert json.dumps(json.loads(report), indent=2, ensure_ascii=False) + "\n" == report


def test_json_that_contradicts_format_is_a_usage_error() -> None:
    result = run("validate", "--json", "--format", "text")
    assert result.exit_code == 2
    assert "--json contradicts --format text" in result.stderr


# ---- convert has export's options -------------------------------------------------------------


def _planted(tmp_path: Path) -> Path:
    data = json.loads(run("export").stdout)
    data["actors"][0]["name"]["en"] = "=HYPERLINK(1)"
    path = tmp_path / "planted.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("raw", [False, True])
def test_convert_takes_raw_cells_as_export_does(tmp_path: Path, raw: bool) -> None:
    source = _planted(tmp_path)
    flags = ["--raw-cells"] if raw else []
    exported, converted = tmp_path / "e.zip", tmp_path / "c.zip"
    done = run("export", str(source), "-o", str(exported), *flags)
    assert done.exit_code == 0, done.output
    done = run("convert", str(source), str(converted), *flags)
    assert done.exit_code == 0, done.output
    assert converted.read_bytes() == exported.read_bytes()


def test_convert_takes_lang_and_o_options_with_help(tmp_path: Path) -> None:
    help_text = run("convert", "--help").stdout
    for option in ("--raw-cells", "-O KEY=VALUE", "--lang"):
        assert option in help_text
    assert "Language of human-readable text" in help_text
    assert "Language of human-readable text" in run("show", "--help").stdout
    spanish = tmp_path / "p.md"
    assert run("convert", "@embedded", str(spanish), "--lang", "es").exit_code in (0, 3)
    bad = run("convert", "-", str(tmp_path / "x.json"), "-O", "novalue")
    assert bad.exit_code == 2 and "-O takes NAME=VALUE" in bad.stderr


def test_convert_in_spanish_matches_export_in_spanish(tmp_path: Path) -> None:
    source = tmp_path / "p.json"
    source.write_text(run("export").stdout, encoding="utf-8")
    converted = tmp_path / "c.md"
    assert run("convert", str(source), str(converted), "--lang", "es").exit_code == 0
    exported = run("export", str(source), "-f", "markdown", "--lang", "es").stdout
    assert converted.read_text(encoding="utf-8") == exported


# ---- tables -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "header"),
    [
        (("formats",), ["FORMAT", "DIRECTION", "SUFFIXES", "MEDIA TYPE", "PLUGIN"]),
        (("plugins",), ["PLUGIN", "FROM", "STATUS"]),
        (("plugins", "doctor"), ["PLUGIN", "FROM", "STATUS", "CONTRIBUTES"]),
    ],
    ids=" ".join,
)
def test_tables_have_a_header_row_and_aligned_columns(
    command: tuple[str, ...], header: list[str]
) -> None:
    result = run(*command)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(header[0])
    for name in header:
        assert name in lines[0]
    starts = [lines[0].index(name) for name in header]
    table = lines[: lines.index("")] if "" in lines else lines  # what follows is not the table
    for line in table[1:]:
        for start in starts[1:]:
            if len(line) > start:
                assert line[start - 1] == " " and line[start] != " ", (line, start)


def test_formats_table_keeps_its_columns_with_several_suffixes() -> None:
    lines = run("formats").stdout.splitlines()
    column = lines[0].index("MEDIA TYPE")
    sqlite_import = next(line for line in lines if line.startswith("sqlite") and "import" in line)
    assert sqlite_import[column:].startswith("application/vnd.sqlite3")


def test_plugins_help_shows_doctor_whole() -> None:
    text = run("plugins", "--help").stdout
    assert "doctor  Load each plugin and report what fails." in text
    assert "/..." not in text  # click cuts a long first sentence with "..."


# ---- plugins missing, names misspelt ------------------------------------------------------------


def test_missing_plugin_errors_name_the_distribution(tmp_path: Path) -> None:
    env = {"OAS_PROGRAM_DISABLE_PLUGINS": "xlsx"}
    for args in (
        ["export", "-f", "xlsx"],
        ["export", "-o", str(tmp_path / "p.xlsx")],
        ["form", "--actor", "mex", "-o", str(tmp_path / "f.xlsx")],
    ):
        result = run(*args, env=env)
        assert result.exit_code == 2, (args, result.output)
        assert "pip install oas-program-xlsx" in result.stderr, args
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_reading_a_workbook_without_the_plugin_names_the_distribution(tmp_path: Path) -> None:
    workbook = tmp_path / "program.xlsx"
    assert run("export", "-o", str(workbook)).exit_code == 0  # with the plugin
    result = run("show", str(workbook), env={"OAS_PROGRAM_DISABLE_PLUGINS": "xlsx"})
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{workbook}: cannot tell the format")
    assert line.endswith(
        "install the plugin that provides it: pip install oas-program-xlsx [unknown-format]"
    )


def test_unknown_format_suggests_the_known_ones() -> None:
    result = run("export", "-f", "jsn")
    assert result.exit_code == 2
    assert "unknown format 'jsn' (did you mean 'json'" in result.stderr


def test_format_names_match_whatever_their_case() -> None:
    upper = run("export", "-f", "YAML")
    assert upper.exit_code == 0, upper.output
    assert upper.stdout == run("export", "-f", "yaml").stdout


# ---- a closed pipe ------------------------------------------------------------------------------


@pytest.mark.skipif(not SCRIPT.exists(), reason="script not installed beside this Python")
def test_a_closed_pipe_ends_quietly_with_141() -> None:
    # The reading end is closed before the command writes: its first write meets EPIPE.
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run(
        [str(SCRIPT), "export", "-f", "yaml"],
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    os.close(writer)
    assert done.returncode == 141
    assert done.stderr == ""


def test_exit_codes_are_documented_with_the_closed_pipe() -> None:
    assert "141 output pipe closed" in " ".join(run("--help").stdout.split())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "| 141 |" in readme


# ---- the output's name chooses the format ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("report.html", b"<!DOCTYPE html>"),
        ("program.yaml", b"format_version: "),
        ("report.md", b"# "),
        ("program.sqlite", b"SQLite format 3\x00"),
        ("program.zip", b"PK"),
        ("program.json", b"{"),
    ],
)
def test_export_takes_the_format_from_the_outputs_name(
    tmp_path: Path, name: str, start: bytes
) -> None:
    target = tmp_path / name
    result = run("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(start)


def test_a_name_that_contradicts_the_format_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = run("export", "-f", "json", "-o", str(target))
    assert result.exit_code == 2
    assert "--format json contradicts the output's name" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("name", ["report.csv", "notes.txt"])
def test_a_name_no_format_claims_is_never_written_as_json(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = run("export", "-o", str(target))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"oas-program: cannot tell the format of '{target}' from its name")
    if name.endswith(".csv"):
        assert "a ZIP archive (-o program.zip) or a directory (-o program/)" in line
    assert list(tmp_path.iterdir()) == []
    explicit = run("export", "-f", "json", "-o", str(target))
    assert explicit.exit_code == 0 and target.read_bytes().startswith(b"{")
