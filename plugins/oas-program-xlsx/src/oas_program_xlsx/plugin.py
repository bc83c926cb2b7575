"""The plugin: hook implementations only.

Loading this module imports neither openpyxl nor the writer or reader: they are imported
when a workbook is written or read, so an installed plugin costs other commands nothing.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from oas_program import hookimpl
from oas_program.plugin_api import (
    Exporter,
    ExportOptions,
    FormFormat,
    Importer,
    ImportSource,
    Loaded,
)
from oas_program_xlsx.signatures import OLE2_MAGIC, ZIP_MAGIC

if TYPE_CHECKING:
    from oas_program.model.forms import FilledForm, Form
    from oas_program.model.program import Program

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    from oas_program_xlsx.workbook import write_workbook

    write_workbook(program, stream, options)


def _read(source: ImportSource) -> Loaded:
    from oas_program_xlsx.reader import read_workbook

    return read_workbook(source.read_bytes(), source.name)


def _write_form(form: Form, stream: IO[bytes], options: ExportOptions) -> None:
    from oas_program_xlsx.form import write_form

    write_form(form, stream, options)


def _read_form(source: ImportSource) -> FilledForm:
    from oas_program_xlsx.form import read_form

    return read_form(source)


def sniff(head: bytes) -> bool:
    """A ZIP archive, or an OLE2 compound file: an encrypted workbook or a legacy `.xls`,
    accepted here only so that the importer can refuse it with a clear message."""
    return head.startswith(ZIP_MAGIC) or head.startswith(OLE2_MAGIC)


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="xlsx",
            media_type=MEDIA_TYPE,
            suffix=".xlsx",
            write=_write,
            description="XLSX workbook: a cover sheet and one sheet per table",
            lossless=True,
            binary=True,
        )
    ]


@hookimpl
def oas_program_importers() -> list[Importer]:
    return [
        Importer(
            name="xlsx",
            media_type=MEDIA_TYPE,
            # .xlsm is claimed only to be refused by content with a clear message.
            suffixes=(".xlsx", ".xlsm"),
            read=_read,
            sniff=sniff,
            description="XLSX workbook as written by the exporter (safe: no zip or XML "
            "bombs, formulas or macros)",
        )
    ]


@hookimpl
def oas_program_form_formats() -> list[FormFormat]:
    return [
        FormFormat(
            name="xlsx",
            media_type=MEDIA_TYPE,
            suffix=".xlsx",
            write=_write_form,
            read=_read_form,
            description="Form as a workbook with drop-down lists",
            binary=True,
        )
    ]
