"""The bad-input and fault contract (`tests/corpus/README.md` maps every row to its test).

Table-driven: each case is a contract row, an input (a file under `tests/corpus/<row>/`, or
made here when it is big or a bomb), the exit code and the exact lines of the report. Every
bad input goes through every command that reads a program (`convert`, `export`,
`validate`, `diff`, `merge`), each of which must report it the same way and write nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

import attrs
import pytest
from click.testing import CliRunner, Result

from oas_program import default_program, hookimpl, pipeline
from oas_program import pipeline as api
from oas_program.cli import State, cli
from oas_program.errors import DataError, PluginError
from oas_program.files import canonical, json_text, writing
from oas_program.files.limits import Limits
from oas_program.model.program import FORMAT_VERSION
from oas_program.plugin_api import Exporter, ExportOptions, Importer, ImportSource
from oas_program.plugins.host import PluginHost
from tests.plugin_site import RUN_CLI

CORPUS = Path(__file__).resolve().parent / "corpus"

ROOT_CAN_READ_ANYTHING = hasattr(os, "geteuid") and os.geteuid() == 0


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def minimal(**fields: Any) -> dict[str, Any]:
    return {
        "format_version": "1.0",
        "id": "p",
        "title": {"status": "official", "en": "T"},
        "adopted_by": "r",
        **fields,
    }


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory, so messages name files as a user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def nothing_written(folder: Path, before: set[str]) -> None:
    """No new file (no output, no `*.tmp`) appeared in *folder*."""
    assert {p.name for p in folder.iterdir()} == before


# ---- bad inputs: one case per contract row ----------------------------------------------


@attrs.frozen
class Case:
    row: str
    name: str
    """A file under tests/corpus/<row>/, or one `make` writes."""
    exit_code: int
    lines: tuple[str, ...]
    """The exact report, one line per problem."""
    make: Callable[[Path], None] | None = None
    needs: str | None = None
    """A module the case needs (the XLSX plugin)."""


def _write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(data)


def _truncated_database(folder: Path) -> None:
    (folder / "truncated.sqlite").write_bytes(api.dumps(default_program(), format="sqlite")[:5000])


def _deep_json(folder: Path) -> None:
    (folder / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)


def _deep_yaml_flow(folder: Path) -> None:
    (folder / "deep.yaml").write_bytes(b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")


def _deep_yaml_block(folder: Path) -> None:
    # Nesting by indentation, deeper than the composer's recursion can follow.
    lines = ["a:"] + [" " * level + "-" for level in range(1, 3000)]
    (folder / "deep-block.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


LONG = "7" * 5000

CASES = [
    Case(
        "IN1",
        "missing.json",
        3,
        ("missing.json: cannot read: No such file or directory [input-unreadable]",),
    ),
    Case(
        "IN1",
        "folder",
        3,
        ("folder: cannot read: a directory without a datapackage.json [input-unreadable]",),
        make=lambda folder: (folder / "folder").mkdir(),
    ),
    Case("IN2", "html.json", 3, ("html.json: not a JSON file [format-mismatch]",)),
    Case(
        "IN2",
        "text.sqlite",
        3,
        ("text.sqlite: not a SQLite database [format-mismatch]",),
        make=_write("text.sqlite", b"id,name\n1,x\n"),
    ),
    Case(
        "IN2",
        "broken.zip",
        3,
        ("broken.zip: damaged ZIP archive: File is not a zip file [zip-corrupt]",),
        make=_write("broken.zip", b"PK\x03\x04garbage"),
    ),
    Case(
        "IN2",
        "broken.xlsx",
        3,
        ("broken.xlsx: damaged ZIP archive: File is not a zip file [zip-corrupt]",),
        make=_write("broken.xlsx", b"PK\x03\x04garbage"),
        needs="oas_program_xlsx",
    ),
    Case(
        "IN2",
        "truncated.sqlite",
        3,
        ("truncated.sqlite: damaged database: database disk image is malformed [sqlite-corrupt]",),
        make=_truncated_database,
    ),
    Case("IN3", "empty.json", 3, ("empty.json: empty document; expected a JSON object [empty]",)),
    Case("IN3", "blank.json", 3, ("blank.json: empty document; expected a JSON object [empty]",)),
    Case("IN3", "empty.yaml", 3, ("empty.yaml: empty document; expected a mapping [empty]",)),
    Case("IN3", "blank.yaml", 3, ("blank.yaml: empty document; expected a mapping [empty]",)),
    Case(
        "IN3",
        "empty.sqlite",
        3,
        ("empty.sqlite: not a SQLite database (no SQLite header) [format-mismatch]",),
        make=_write("empty.sqlite", b""),
    ),
    Case(
        "IN3",
        "empty.xlsx",
        3,
        ("empty.xlsx: empty file; expected an XLSX workbook [empty]",),
        make=_write("empty.xlsx", b""),
        needs="oas_program_xlsx",
    ),
    Case("IN4", "array.json", 3, ("array.json: expected object at root, got array [root-type]",)),
    Case(
        "IN4",
        "scalar.yaml",
        3,
        ("scalar.yaml:1:1: expected object at root, got string [root-type]",),
    ),
    Case("IN4", "list.yaml", 3, ("list.yaml:1:1: expected object at root, got array [root-type]",)),
    Case("IN5", "syntax.json", 3, ("syntax.json:4:3: Expecting ',' delimiter [json-syntax]",)),
    Case(
        "IN6",
        "duplicate-key.json",
        3,
        ("duplicate-key.json:17:13: /activities/1: duplicate key 'id' [duplicate-key]",),
    ),
    *(
        Case(
            "IN7",
            f"{name}.json",
            3,
            (
                f"{name}.json:4:59: /objectives/0/number: non-finite number {text} not allowed"
                f"{suffix} [non-finite]",
            ),
        )
        for name, text, suffix in [
            ("nan", "NaN", ""),
            ("infinity", "Infinity", ""),
            ("minus-infinity", "-Infinity", ""),
            # Valid JSON that Python would read as infinity.
            ("big-exponent", "1e999", " (out of range)"),
        ]
    ),
    Case(
        "IN8",
        "long.json",
        3,
        ("long.json:1:33: /id: number too long (5000 digits; at most 4300) [number-too-long]",),
        make=_write("long.json", b'{"format_version": "1.0", "id": ' + LONG.encode() + b"}"),
    ),
    Case(
        "IN9",
        "deep.json",
        3,
        ("deep.json:1:65: nesting deeper than 64 [too-deep]",),
        make=_deep_json,
    ),
    Case(
        "IN9",
        "deep.yaml",
        3,
        ("deep.yaml:1:67: nesting deeper than 64 [too-deep]",),
        make=_deep_yaml_flow,
    ),
    Case(
        "IN9",
        "deep-block.yaml",
        3,
        ("deep-block.yaml:65:65: nesting deeper than 64 [too-deep]",),
        make=_deep_yaml_block,
    ),
    Case(
        "IN10",
        "lone-surrogate.json",
        3,
        ("lone-surrogate.json:4:41: /title/en: string holds a lone surrogate [invalid-unicode]",),
    ),
    Case(
        "IN10",
        "lone-surrogate.yaml",
        3,
        ("lone-surrogate.yaml:5:7: /title/en: string holds a lone surrogate [invalid-unicode]",),
    ),
    *(
        Case(
            "IN17",
            f"latin1.{fmt}",
            3,
            (
                f"latin1.{fmt}:2:{column}: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8 "
                "[encoding]",
            ),
            make=_write(f"latin1.{fmt}", text),
        )
        for fmt, column, text in [
            ("json", 12, b'{"format_version": "1.0",\n "id": "caf\xe9"}'),
            ("yaml", 8, b'format_version: "1.0"\nid: caf\xe9\n'),
        ]
    ),
    Case(
        "IN13",
        "code-tag.yaml",
        3,
        (
            "code-tag.yaml:2:5: unsupported YAML tag "
            "tag:yaml.org,2002:python/object/apply:os.system [unsafe-tag]",
        ),
    ),
    Case(
        "IN14",
        "alias-bomb.yaml",
        3,
        ("alias-bomb.yaml:3:8: too many aliases (more than 100) [alias-bomb]",),
    ),
    Case(
        "IN16",
        "multi-document.yaml",
        3,
        ("multi-document.yaml:3:1: expected a single document [multi-document]",),
    ),
    Case(
        "UN2",
        "fullwidth-id.json",
        1,
        (
            "fullwidth-id.json: /activities/0/id: 'ａｃｔ-１' is not a valid id (lowercase "
            "letters, digits and inner hyphens, at most 64 characters) [invalid-value]",
        ),
    ),
    Case(
        "VA4",
        "codelist-not-folded.json",
        1,
        tuple(
            f"codelist-not-folded.json: /activities/{index}/addressee: {value!r} is not one of "
            "[oas, member-states, multilateral, civil-society] [codelist]"
            for index, value in enumerate(["oas ", "OAS"])
        ),
    ),
    Case(
        "VA5",
        "end-before-start.json",
        1,
        (
            "end-before-start.json: /actors/0/memberships/0/end: 2001-01-01 is before start "
            "2005-06-07 [invalid-value]",
        ),
    ),
]


def _prepare(case: Case, folder: Path) -> None:
    if case.needs is not None:
        pytest.importorskip(case.needs)
    if case.make is not None:
        case.make(folder)
    elif (CORPUS / case.row / case.name).exists():
        shutil.copy(CORPUS / case.row / case.name, folder / case.name)


# The same input through every command that reads a program; `{}` is the input.
COMMANDS = {
    "convert": ("convert", "{}", "out.json"),
    "export": ("export", "{}", "-o", "out.json"),
    "diff": ("diff", "{}", "@embedded"),
    "merge": ("merge", "{}", "form.json", "-o", "out.json"),
    "validate": ("validate", "{}"),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.row}-{c.name}")
def test_bad_input_is_reported_exactly_by_every_command(
    here: Path, case: Case, command: str
) -> None:
    _prepare(case, here)
    before = {p.name for p in here.iterdir()}
    result = invoke(*(arg.replace("{}", case.name) for arg in COMMANDS[command]))
    assert result.exit_code == case.exit_code, result.output
    if command == "validate":  # the report goes to stdout, then a summary line
        *lines, summary = result.stdout.splitlines()
        assert lines == list(case.lines)
        assert summary.endswith(" in 1 file (1 not loaded)")
    else:
        assert result.stderr.splitlines() == list(case.lines)
        assert result.stdout == ""
    nothing_written(here, before)
    assert not (here / "in13-sentinel").exists()  # the YAML code tag ran nothing


@pytest.mark.skipif(ROOT_CAN_READ_ANYTHING, reason="root reads a file whatever its mode")
def test_an_unreadable_input(here: Path) -> None:
    source = here / "secret.json"
    source.write_text(canonical.dumps(default_program()), encoding="utf-8")
    source.chmod(0)
    try:
        result = invoke("convert", "secret.json", "out.json")
    finally:
        source.chmod(0o600)
    assert result.exit_code == 3
    assert result.stderr == "secret.json: cannot read: Permission denied [input-unreadable]\n"
    assert not (here / "out.json").exists()


def test_csv_renamed_xlsx_is_a_format_mismatch(here: Path) -> None:
    pytest.importorskip("oas_program_xlsx")
    shutil.copy(CORPUS / "IN2" / "csv.xlsx", here)
    result = invoke("convert", "csv.xlsx", "out.json")
    assert (result.exit_code, result.stderr) == (
        3,
        "csv.xlsx: not an XLSX file [format-mismatch]\n",
    )
    assert not (here / "out.json").exists()


def test_json_named_yaml_is_read_as_yaml(here: Path) -> None:
    # JSON is YAML 1.2: a JSON file named .yaml is not a mismatch, it reads the same.
    shutil.copy(CORPUS / "IN2" / "json.yaml", here)
    result = invoke("convert", "json.yaml", "out.json")
    assert result.exit_code == 0, result.stderr
    # Read as format 1.0, written as the current version.
    written = json.loads((here / "out.json").read_text(encoding="utf-8"))
    assert written == minimal(format_version=FORMAT_VERSION)


def test_every_problem_of_a_kind_is_reported_at_once(here: Path) -> None:
    text = '{"format_version": "1.0", "id": "p", "id": "q",\n "a": NaN, "b": [1e999, 1, 2]}'
    (here / "many.json").write_text(text, encoding="utf-8")
    result = invoke("convert", "many.json", "out.json")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "many.json:1:44: /: duplicate key 'id' [duplicate-key]",
        "many.json:2:7: /a: non-finite number NaN not allowed [non-finite]",
        "many.json:2:18: /b/0: non-finite number 1e999 not allowed (out of range) [non-finite]",
    ]


def test_a_surrogate_pair_is_text_not_an_error(here: Path) -> None:
    data = canonical.dumps(default_program()).replace(
        '"Inter-American Program', '"\\ud83c\\udf0e Inter-American Program', 1
    )
    (here / "emoji.json").write_text(data, encoding="utf-8")
    assert invoke("convert", "emoji.json", "out.yaml").exit_code == 0
    assert api.load(here / "out.yaml").title.en.startswith("🌎 Inter-American Program")


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_a_byte_order_mark_is_accepted(here: Path, fmt: str) -> None:
    program = default_program()
    if fmt == "csv":
        api.dump(program, f"{here}/package/")
        for path in (here / "package").rglob("*.*"):
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        name = "package"
    else:
        name = f"bom.{fmt}"
        (here / name).write_bytes(b"\xef\xbb\xbf" + api.dumps(program, format=fmt))
    result = invoke("convert", name, "out.json")
    assert result.exit_code == 0, result.stderr
    assert canonical.load(here / "out.json") == program


# ---- IN22: the input size limit, set from the environment ---------------------------------


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "sqlite"])
def test_input_over_the_size_limit(here: Path, fmt: str) -> None:
    name = {"csv": "program.zip"}.get(fmt, f"program.{fmt}")
    api.dump(default_program(), here / name, format=fmt)
    limited = {"OAS_PROGRAM_MAX_INPUT_BYTES": "1000"}
    result = invoke("convert", name, "out.json", env=limited)
    assert result.exit_code == 3
    assert result.stderr == f"{name}: larger than the 1000 bytes input limit [too-large]\n"
    assert not (here / "out.json").exists()
    # The default limit (200 MiB) reads it.
    assert invoke("convert", name, "out.json").exit_code == 0


def test_the_limits_come_from_the_environment() -> None:
    assert Limits.from_environ({}) == Limits()
    assert Limits().size_text() == "200 MiB"
    assert Limits.from_environ(
        {
            "OAS_PROGRAM_MAX_INPUT_BYTES": "2097152",
            "OAS_PROGRAM_MAX_DEPTH": "10",
            "OAS_PROGRAM_MAX_YAML_ALIASES": "3",
        }
    ) == Limits(max_bytes=2 * 1024 * 1024, max_depth=10, max_yaml_aliases=3)
    assert ImportSource(path=Path("x"), name="x").limits == Limits()


def test_a_lower_depth_limit_applies(here: Path) -> None:
    api.dump(default_program(), here / "p.yaml")
    result = invoke("convert", "p.yaml", "out.json", env={"OAS_PROGRAM_MAX_DEPTH": "3"})
    assert (result.exit_code, result.stderr) == (
        3,
        "p.yaml:19:5: nesting deeper than 3 [too-deep]\n",
    )


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "١٢٣"])
def test_a_bad_limit_is_a_usage_error(here: Path, value: str) -> None:
    api.dump(default_program(), here / "p.json")
    result = invoke("convert", "p.json", "out.json", env={"OAS_PROGRAM_MAX_INPUT_BYTES": value})
    assert result.exit_code == 2
    assert result.stderr == (
        f"oas-program: OAS_PROGRAM_MAX_INPUT_BYTES must be a whole number above 0, not {value!r}\n"
    )


# ---- VA6: numbers are never read by locale or from non-ASCII digits -----------------------


def test_non_ascii_digits_are_not_an_integer(here: Path) -> None:
    api.dump(default_program(), f"{here}/package/")
    table = here / "package" / "data" / "objectives.csv"
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("number")
    rows[1][column] = "١"  # ARABIC-INDIC DIGIT ONE: int() would take it for 1
    with table.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    result = invoke("convert", "package", "out.json")
    assert result.exit_code == 1
    assert result.stderr == (
        f"package/data/objectives.csv:2:{column + 1}: number: expected an integer, got '١' "
        "[type-error]\n"
    )


# ---- SQLite: a damaged database is reported, whatever SQLite's message holds --------------


def test_a_database_whose_error_message_is_not_utf8(here: Path) -> None:
    path = here / "odd.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE zzqq(x)")
    connection.close()
    data = path.read_bytes()
    # Damage the stored schema so that SQLite's error message quotes bytes that are not
    # UTF-8, which the sqlite3 module fails to decode (found by fuzzing).
    assert data.count(b"CREATE TABLE zzqq(x)") == 1
    path.write_bytes(data.replace(b"CREATE TABLE zzqq(x)", b"CREATE \xe0\xffLE zzqq(x)  "))
    result = invoke("convert", "odd.sqlite", "out.json")
    assert (result.exit_code, result.stderr) == (
        3,
        "odd.sqlite: damaged database (SQLite's report on it is not readable text) "
        "[sqlite-corrupt]\n",
    )


# ---- FS: where output goes --------------------------------------------------------------


@pytest.fixture
def source(here: Path) -> Path:
    path = here / "a.json"
    path.write_text(canonical.dumps(default_program()), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("convert", "a.json", "hard.json"),
        ("export", "a.json", "-o", "hard.json"),
        ("merge", "a.json", "form.json", "-o", "hard.json"),
    ],
)
def test_an_output_hard_linked_to_the_input_is_refused(
    here: Path, source: Path, args: tuple[str, ...]
) -> None:
    os.link(source, here / "hard.json")
    before = source.read_bytes()
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == (
        "oas-program: output 'hard.json' is the same file as input 'a.json' [output-is-input]\n"
    )
    assert source.read_bytes() == before
    assert sorted(p.name for p in here.iterdir()) == ["a.json", "hard.json"]


def test_an_output_that_is_a_symlink_updates_the_file_it_points_to(here: Path) -> None:
    real = here / "real.yaml"
    real.write_text("previous\n", encoding="utf-8")
    (here / "link.yaml").symlink_to("real.yaml")
    (here / "dangling.json").symlink_to("new.json")  # points at a file not there yet
    assert invoke("export", "-f", "yaml", "-o", "link.yaml").exit_code == 0
    assert invoke("export", "-o", "dangling.json").exit_code == 0
    # The links stay links, and what they point to is the new, whole output.
    assert os.readlink(here / "link.yaml") == "real.yaml"
    assert os.readlink(here / "dangling.json") == "new.json"
    assert api.load(here / "link.yaml") == default_program()
    assert canonical.load(here / "new.json") == default_program()
    names = ["dangling.json", "link.yaml", "new.json", "real.yaml"]
    assert sorted(p.name for p in here.iterdir()) == names


def test_a_rename_that_keeps_failing_exits_4_after_retrying(
    here: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = here / "out.json"
    target.write_bytes(b"previous")
    attempts: list[str] = []
    clock = [0.0]

    def refuse(src: str, dst: str) -> None:
        attempts.append(dst)
        raise PermissionError(13, "Permission denied")

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    monkeypatch.setattr(writing.os, "replace", refuse)
    monkeypatch.setattr(writing, "time", SimpleNamespace(monotonic=lambda: clock[0], sleep=sleep))
    result = invoke("export", "-o", "out.json")
    assert result.exit_code == 4
    assert result.stderr == (
        "oas-program: cannot write 'out.json': Permission denied [output-failed]\n"
    )
    assert len(attempts) == 6  # retried for about a second, every 0.25 s
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in here.iterdir()) == ["a.json", "out.json"]


@pytest.mark.skipif(ROOT_CAN_READ_ANYTHING, reason="root writes into a read-only directory")
def test_a_read_only_directory_exits_4(here: Path) -> None:
    folder = here / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = invoke("export", "-o", "locked/out.json")
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 4
    assert result.stderr == (
        "oas-program: cannot write 'locked/out.json': Permission denied [output-failed]\n"
    )
    assert list(folder.iterdir()) == []


def test_two_runs_writing_one_output_at_once(here: Path) -> None:
    target = here / "out.yaml"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", RUN_CLI, "export", "-f", "yaml", "-o", str(target)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert (run.returncode, err) == (0, "")
    # One whole output (the last rename wins), no temporary file of either run left.
    assert api.load(target) == default_program()
    assert [p.name for p in here.iterdir()] == ["out.yaml"]


# ---- PL: exporters and importers that break the contract --------------------------------


class _Mutating:
    @hookimpl
    def oas_program_exporters(self) -> list[Exporter]:
        def write(program: Any, stream: IO[bytes], options: ExportOptions) -> None:
            stream.write(b"partial")
            program.activities[0].label = "changed"  # the model is frozen: this raises

        return [Exporter(name="mutate", media_type="text/plain", suffix=".mut", write=write)]


class _ReturnsBytes:
    @hookimpl
    def oas_program_exporters(self) -> list[Exporter]:
        def write(program: Any, stream: IO[bytes], options: ExportOptions) -> bytes:
            return b"what should have been written"

        return [
            Exporter(name="returns", media_type="text/plain", suffix=".ret", write=write)  # type: ignore[arg-type]
        ]


class _ImportsText:
    @hookimpl
    def oas_program_importers(self) -> list[Importer]:
        return [
            Importer(
                name="text",
                media_type="text/plain",
                suffixes=(".txt",),
                read=lambda source: "not a program",  # type: ignore[arg-type,return-value]
            )
        ]


def _use_host(monkeypatch: pytest.MonkeyPatch, *plugins: tuple[str, object]) -> PluginHost:
    host = PluginHost(entrypoints=False, plugins=list(plugins), strict=True)
    monkeypatch.setattr(State, "host", property(lambda self: host))
    return host


@pytest.mark.parametrize(
    ("plugin", "fmt", "broken"),
    [
        (_Mutating(), "mutate", "tried to change the program it was given (it is read-only)"),
        (
            _ReturnsBytes(),
            "returns",
            "returned bytes; write() must write to the stream it is given and return None",
        ),
    ],
)
def test_an_exporter_breaking_its_contract_exits_5_and_writes_nothing(
    here: Path, monkeypatch: pytest.MonkeyPatch, plugin: object, fmt: str, broken: str
) -> None:
    _use_host(monkeypatch, ("hr-odd", plugin))
    before = canonical.dumps(default_program())
    target = here / "out.txt"
    target.write_bytes(b"previous")
    result = invoke("export", "-f", fmt, "-o", "out.txt")
    assert result.exit_code == 5
    assert result.stderr == (
        f"oas-program: exporter '{fmt}' (plugin 'hr-odd' from ? ? (entry point <given>)) "
        f"{broken} [plugin-contract]\n"
    )
    assert target.read_bytes() == b"previous"
    assert [p.name for p in here.iterdir()] == ["out.txt"]
    assert canonical.dumps(default_program()) == before  # the shared program is unchanged


def test_an_importer_returning_the_wrong_type_exits_5(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_host(monkeypatch, ("hr-text", _ImportsText()))
    (here / "x.txt").write_text("hello", encoding="utf-8")
    result = invoke("convert", "x.txt", "out.json")
    assert (result.exit_code, result.stderr) == (
        5,
        "oas-program: importer 'text' returned str, not a Program [plugin-contract]\n",
    )
    assert not (here / "out.json").exists()


class _WrongSignature:
    # The hook takes no arguments; pluggy refuses an implementation asking for others.
    @hookimpl
    def oas_program_exporters(self, records: object, path: object, extra: object) -> list[Any]:
        return []


def test_a_hook_with_the_wrong_signature_fails_to_load_with_pluggys_reason() -> None:
    lenient = PluginHost(entrypoints=False, plugins=[("hr-sig", _WrongSignature())], strict=False)
    assert "json" in lenient.exporters()  # the others still work
    [warning] = lenient.warnings
    assert warning.startswith("plugin 'hr-sig' from ? ? (entry point <given>) failed to load: ")
    assert "oas_program_exporters" in warning and "records" in warning
    strict = PluginHost(entrypoints=False, plugins=[("hr-sig", _WrongSignature())], strict=True)
    with pytest.raises(
        PluginError, match=r"(?s)failed to load: PluginValidationError: .*\[plugin-load\]$"
    ):
        strict.exporters()


def test_a_raising_form_reader_is_a_plugin_error(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oas_program.builtin import form_formats

    def broken(source: ImportSource) -> Any:
        raise KeyError("row")

    monkeypatch.setattr(form_formats, "read_json", broken)
    (here / "form.json").write_text("{}", encoding="utf-8")
    result = invoke("merge", "@embedded", "form.json", "-o", "out.json")
    assert (result.exit_code, result.stderr) == (
        5,
        "oas-program: form format 'json' (built-in plugin 'forms') failed on 'form.json': "
        "KeyError: 'row' [plugin-error]\n",
    )
    assert not (here / "out.json").exists()


def test_a_form_row_without_an_activity_is_located(here: Path) -> None:
    form = {"actor": "mex", "period": "2025", "rows": [{"status": "completed"}]}
    (here / "form.json").write_text(json.dumps(form, indent=1), encoding="utf-8")
    result = invoke("merge", "@embedded", "form.json", "-o", "out.json")
    assert (result.exit_code, result.stderr) == (
        3,
        "form.json:5:3: /rows/0/activity: required [required]\n",
    )


# ---- the library: the same errors without the command -----------------------------------


def test_the_library_raises_data_error_for_every_bad_corpus_file() -> None:
    host = PluginHost(entrypoints=False, strict=True)
    for case in CASES:
        path = CORPUS / case.row / case.name
        if case.make is not None or not path.exists():
            continue
        with pytest.raises(DataError) as caught:
            pipeline.read_program(path, display=case.name, host=host)
        assert [str(p) for p in caught.value.problems] == list(case.lines)
        assert caught.value.exit_code == case.exit_code


def test_exports_never_write_non_finite_numbers() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        json_text.dumps_json({"x": float("nan")})


# ---- damaged archives (found by fuzzing) --------------------------------------------------


def _claiming_a_future_zip_version(archive: bytes) -> bytes:
    """*archive* whose central directory says it needs ZIP version 20.0 to extract, which
    zipfile refuses with NotImplementedError rather than BadZipFile."""
    data = bytearray(archive)
    entry = data.index(b"PK\x01\x02")
    data[entry + 6] = 200  # "version needed to extract", in tenths
    return bytes(data)


@pytest.mark.parametrize(
    ("fmt", "name", "line"),
    [
        ("csv", "x.zip", "x.zip: damaged ZIP archive: zip file version 20.0 [zip-corrupt]"),
        ("xlsx", "x.xlsx", "x.xlsx: damaged ZIP archive: zip file version 20.0 [zip-corrupt]"),
    ],
)
def test_an_archive_claiming_an_unknown_zip_version(
    here: Path, fmt: str, name: str, line: str
) -> None:
    if fmt == "xlsx":
        pytest.importorskip("oas_program_xlsx")
    (here / name).write_bytes(
        _claiming_a_future_zip_version(api.dumps(default_program(), format=fmt))
    )
    result = invoke("convert", name, "out.json")
    assert (result.exit_code, result.stderr) == (3, line + "\n")
    assert not (here / "out.json").exists()


# ---- bombs: refused early, in bounded memory ----------------------------------------------


def _peak_bytes(read: Callable[[], object]) -> int:
    """The most memory Python allocated while *read* ran (it must raise DataError)."""
    tracemalloc.start()
    try:
        with pytest.raises(DataError):
            read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _deflated_bomb(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
        with archive.open("data/activities.csv", "w") as member:
            for _ in range(60):
                member.write(b" " * (1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["bomb.zip", "bomb.xlsx"])
def test_a_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    if name.endswith(".xlsx"):
        pytest.importorskip("oas_program_xlsx")
    data = _deflated_bomb(("[Content_Types].xml", b"<Types/>"), ("datapackage.json", b"{}"))
    assert len(data) < 100_000  # 60 MiB of spaces in under 100 KB
    path = tmp_path / name
    path.write_bytes(data)
    host = PluginHost(strict=True)
    assert _peak_bytes(lambda: pipeline.read_program(path, host=host)) < 10 * 1024 * 1024


def test_a_yaml_alias_bomb_is_refused_in_bounded_memory() -> None:
    host = PluginHost(entrypoints=False, strict=True)
    path = CORPUS / "IN14" / "alias-bomb.yaml"
    assert _peak_bytes(lambda: pipeline.read_program(path, host=host)) < 10 * 1024 * 1024


def test_a_strict_open_xml_workbook_is_unsupported(here: Path) -> None:
    pytest.importorskip("oas_program_xlsx")
    workbook = api.dumps(default_program(), format="xlsx")
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
            copy.writestr(info, data)
    (here / "strict.xlsx").write_bytes(buffer.getvalue())
    result = invoke("convert", "strict.xlsx", "out.json")
    assert (result.exit_code, result.stderr) == (
        3,
        "strict.xlsx: unsupported workbook: strict Open XML; save it as an Excel Workbook "
        "(.xlsx) [xlsx-unsupported]\n",
    )
