"""Every reader, fed arbitrary or damaged bytes, fails only with the library's own error.

For each importer and each reporting-form reader the host knows (the built-ins, and the
first-party XLSX plugin when it is installed): random bytes, a valid file with bytes
flipped, inserted, deleted or cut off, and, for ZIP-based formats, a valid archive with
one member damaged and re-zipped (so the damage gets past the ZIP checksums into the CSV
or XML parsers). Any exception other than `DataError` is a bug in the reader.

Round trips of the lossless formats are tested per format (`test_convert.py`,
`test_yaml.py`, `test_csv_package.py`, `test_sqlite.py`, the XLSX plugin's tests). The
long-running, coverage-guided version of the first test is `fuzz/` (see its README).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.errors import DataError
from oas_program.model import Program
from oas_program.model.forms import FilledForm
from oas_program.plugin_api import ExportOptions, ImportSource, Loaded
from oas_program.plugins.host import PluginHost
from oas_program.services.tracking import forms


def _host() -> PluginHost:
    try:
        import oas_program_xlsx.plugin as xlsx
    except ImportError:
        return PluginHost(entrypoints=False, strict=True)
    return PluginHost(entrypoints=False, plugins=[("xlsx", xlsx)], strict=True)


HOST = _host()


def small_program() -> Program:
    """The embedded program cut to two of everything: quick to parse, every table present."""
    program = default_program()
    cut = {
        field.name: getattr(program, field.name)[:2]
        for field in attrs.fields(Program)
        if isinstance(getattr(program, field.name), tuple) and field.name != "based_on"
    }
    return attrs.evolve(program, **cut)


@attrs.frozen
class Reader:
    name: str
    suffix: str
    read: Callable[[ImportSource], Any]
    sniff: Callable[[bytes], bool] | None
    seed: bytes
    """A valid file of the format, to damage."""
    kind: type | tuple[type, ...]
    """What a successful read returns."""


def _readers() -> list[Reader]:
    program = small_program()
    readers = []
    for name, entries in HOST.importers().items():
        importer = entries[0].item
        buffer = io.BytesIO()
        HOST.exporter(name).write(program, buffer, ExportOptions())
        # The CSV package's file form is a ZIP archive.
        suffix = ".zip" if name == "csv" else importer.suffixes[0]
        readers.append(
            Reader(
                name, suffix, importer.read, importer.sniff, buffer.getvalue(), (Loaded, Program)
            )
        )
    form = forms.make_form(default_program(), "mex", "2025")
    for name, entries in HOST.form_formats().items():
        form_format = entries[0].item
        buffer = io.BytesIO()
        form_format.write(form, buffer, ExportOptions())
        readers.append(
            Reader(
                f"form-{name}",
                form_format.suffix,
                form_format.read,
                None,
                buffer.getvalue(),
                FilledForm,
            )
        )
    return readers


READERS = _readers()


def test_every_importer_and_form_reader_is_covered() -> None:
    names = {reader.name for reader in READERS}
    assert {"json", "yaml", "csv", "sqlite", "form-json", "form-csv"} <= names
    assert names >= set(HOST.importers())


# ---- damage ------------------------------------------------------------------------------

# (kind, position, byte): overwrite, insert a run, delete a run, or cut the file there.
edits = st.lists(
    st.tuples(st.sampled_from("oidc"), st.integers(0, 2**24), st.integers(0, 255)),
    min_size=1,
    max_size=6,
)


def damage(data: bytes, changes: list[tuple[str, int, int]]) -> bytes:
    result = bytearray(data)
    for kind, position, value in changes:
        at = position % (len(result) + 1)
        if kind == "o" and at < len(result):
            result[at] = value
        elif kind == "i":
            result[at:at] = bytes([value]) * (value % 5 + 1)
        elif kind == "d":
            del result[at : at + value % 64 + 1]
        elif kind == "c":
            del result[at:]
    return bytes(result)


def damage_member(archive: bytes, member: int, changes: list[tuple[str, int, int]]) -> bytes:
    """The archive with one member's content damaged, written again as a valid ZIP."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        infos = source.infolist()
        target = infos[member % len(infos)].filename
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in infos:
                data = source.read(info)
                copy.writestr(info, damage(data, changes) if info.filename == target else data)
    return buffer.getvalue()


def inputs(seed: bytes) -> st.SearchStrategy[bytes]:
    choices = [st.binary(max_size=4096), edits.map(lambda changes: damage(seed, changes))]
    if seed.startswith(b"PK\x03\x04"):
        choices.append(
            st.tuples(st.integers(0, 1000), edits).map(lambda t: damage_member(seed, *t))
        )
    return st.one_of(choices)


# ---- the property -------------------------------------------------------------------------


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.name)
def test_arbitrary_bytes_raise_only_data_error(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / f"input{reader.suffix}"

    @settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=inputs(reader.seed))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        if reader.sniff is not None:
            assert isinstance(reader.sniff(data[:4096]), bool)
        try:
            result = reader.read(ImportSource(path=path, name=path.name))
        except DataError as error:
            assert error.problems
            for problem in error.problems:
                str(problem).encode("utf-8")  # every message can be printed
        else:
            assert isinstance(result, reader.kind)

    check()


def test_the_seeds_are_valid(tmp_path: Path) -> None:
    # Damage starts from a file that reads: the mutations explore near valid input.
    for reader in READERS:
        path = tmp_path / f"seed{reader.suffix}"
        path.write_bytes(reader.seed)
        assert isinstance(reader.read(ImportSource(path=path, name=path.name)), reader.kind)
