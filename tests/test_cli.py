"""The `oas-program` command, through click's runner and as a real installed script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program import default_program
from oas_program.cli import cli
from oas_program.errors import ExitCode
from oas_program.files import canonical
from oas_program.model.program import FORMAT_VERSION


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_commands_and_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for name in ("show", "export", "convert", "formats", "plugins", "schema", "symbol"):
        assert name in result.stdout
    assert "130 interrupted" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("oas-program 0.")


def test_show_gives_the_figures_from_the_data() -> None:
    result = run("show")
    assert result.exit_code == 0, result.stderr
    assert "23 of 33 activities recorded (10 not recorded)" in result.stdout
    assert "3 of almost 70" in result.stdout and "3 of more than 100" in result.stdout
    data = json.loads(run("show", "--json").stdout)
    assert data["adopted_by"] == "AG/RES. 2141 (XXXV-O/05)"
    gs = next(c for c in data["completeness"] if c["addressees"] == ["oas"])
    assert (gs["declared"], gs["recorded"], gs["missing"]) == (33, 23, 10)
    assert data["counts"]["activities"] == len(default_program().activities)


def test_show_in_spanish() -> None:
    result = run("show", "--lang", "es")
    assert result.stdout.startswith("Programa Interamericano")


def test_export_json_to_stdout_reads_back_equal() -> None:
    result = run("export", "--format", "json")
    assert result.exit_code == 0
    assert canonical.loads(result.stdout_bytes) == default_program()


def test_export_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    run("export", "-o", str(first))
    run("export", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_export_yaml_and_convert_back(tmp_path: Path) -> None:
    yaml_file, json_file = tmp_path / "p.yaml", tmp_path / "p.json"
    assert run("export", "--format", "yaml", "-o", str(yaml_file)).exit_code == 0
    result = run("convert", str(yaml_file), str(json_file))
    assert result.exit_code == 0, result.stderr
    assert canonical.load(json_file) == default_program()


def test_unknown_format_is_a_usage_error_listing_the_formats() -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "pdf"])
    assert result.exit_code == 2
    assert "unknown format 'pdf'; available: " in result.stderr
    assert ", json, " in result.stderr and ", yaml" in result.stderr
    assert result.stdout == ""


def test_bad_input_names_file_place_and_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": "1.0",\n "id": }', encoding="utf-8")
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(bad), str(target)])
    assert result.exit_code == 3
    assert result.stderr.strip() == f"{bad}:2:8: Expecting value [json-syntax]"
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.json"]


def test_invalid_data_exits_1_with_every_problem(tmp_path: Path) -> None:
    data = json.loads(canonical.dumps(default_program()))
    data["activities"][0]["addressee"] = "everyone"
    data["activities"][1]["id"] = "Bad"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{bad}: /activities/0/addressee: 'everyone' is not one of "
        "[oas, member-states, multilateral, civil-society] [codelist]",
        f"{bad}: /activities/1/id: 'Bad' is not a valid id (lowercase letters, digits and inner "
        "hyphens, at most 64 characters) [invalid-value]",
    ]


def test_missing_input_exits_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", str(tmp_path / "nope.json")])
    assert result.exit_code == 3
    assert "nope.json: cannot read: No such file or directory [input-unreadable]" in result.stderr


def test_output_that_is_the_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "p.json"
    source.write_text(canonical.dumps(default_program()), encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(source)
    before = source.read_bytes()
    result = CliRunner().invoke(cli, ["convert", str(source), str(link)])
    assert result.exit_code == 2
    assert "[output-is-input]" in result.stderr
    assert source.read_bytes() == before


def test_schema_command_prints_the_committed_schema() -> None:
    committed = Path(__file__).resolve().parents[1] / "schemas" / "program.schema.json"
    assert run("schema").stdout == committed.read_text(encoding="utf-8")


SCRIPT = Path(sys.executable).with_name("oas-program")


@pytest.mark.skipif(not SCRIPT.exists(), reason="script not installed beside this Python")
def test_installed_script_runs_and_pipes_cleanly() -> None:
    script = str(SCRIPT)
    done = subprocess.run([script, "show"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "23 of 33" in done.stdout
    # `| head` closes the pipe early: no traceback, no noise.
    shell = subprocess.run(
        f"'{script}' export --format yaml | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert shell.stdout == f"format_version: '{FORMAT_VERSION}'\n"
    assert "Traceback" not in shell.stderr


def test_help_imports_no_model_or_plugin_code() -> None:
    code = (
        "import sys; from oas_program.cli import main; sys.argv=['oas-program','--help'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "bad=[m for m in sys.modules if m.startswith(('oas_program.model',"
        "'oas_program.plugins.host',"
        "'cattrs','pluggy','importlib.metadata'))]; print(bad, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip() == "[]"


# Reports, as the process ends, whether the collector still reaches the objects left.
_EXIT_PROBE = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 1000, file=sys.stderr))\n"
    "sys.argv = ['oas-program', *sys.argv[1:]]\n"
    "from oas_program.cli import main\n"
    "main()\n"
)


@pytest.mark.parametrize(
    ("args", "code"),
    [(["show"], ExitCode.OK), (["validate", "missing.json"], ExitCode.UNREADABLE)],
)
def test_the_command_leaves_its_objects_to_the_system_as_it_ends(
    tmp_path: Path, args: list[str], code: ExitCode
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _EXIT_PROBE, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == code, done.stderr
    # The exit code, the output and the atexit handlers are those of any exit.
    assert done.stderr.rstrip().endswith("frozen True")
    if code == ExitCode.OK:
        assert "AG/RES. 2141" in done.stdout
    else:
        assert "missing.json: cannot read" in done.stdout


def test_the_export_is_whole_when_the_process_ends(tmp_path: Path) -> None:
    target = tmp_path / "program.json"
    done = subprocess.run(
        [sys.executable, "-c", _EXIT_PROBE, "export", "--format", "json", "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert canonical.loads(target.read_bytes()) == default_program()
