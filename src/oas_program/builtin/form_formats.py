"""Built-in plugin: reporting forms as JSON and as CSV."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from oas_program import forms
from oas_program.hookspecs import hookimpl
from oas_program.plugin_api import FormFormat

if TYPE_CHECKING:
    from oas_program.plugin_api import ExportOptions


def _write_json(form: forms.Form, stream: IO[bytes], options: ExportOptions) -> None:
    forms.write_json(form, stream)


def _write_csv(form: forms.Form, stream: IO[bytes], options: ExportOptions) -> None:
    forms.write_csv(form, stream, raw_cells=options.raw_cells)


@hookimpl
def oas_program_form_formats() -> list[FormFormat]:
    return [
        FormFormat(
            name="json",
            media_type="application/json",
            suffix=".json",
            write=_write_json,
            read=forms.read_json,
            description="Form as JSON, with instructions and codelists",
        ),
        FormFormat(
            name="csv",
            media_type="text/csv",
            suffix=".csv",
            write=_write_csv,
            read=forms.read_csv,
            description="Form as one CSV table (UTF-8); formula-like cells guarded",
        ),
    ]
