"""`oas-program export`: write the program in any format a plugin provides."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

import click

from oas_program.cli._common import (
    LANG_HELP,
    RAW_CELLS_HELP,
    input_size,
    key_values,
    lang_option,
    progress,
    read_program,
)

if TYPE_CHECKING:
    from oas_program.cli import State


def _complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from oas_program.plugins.host import PluginHost

    return [name for name in PluginHost().exporters() if name.startswith(incomplete)]


@click.command("export")
@click.option(
    "-f",
    "--format",
    "format_name",
    default=None,
    shell_complete=_complete_formats,
    help="Output format (see `oas-program formats`); default from -o's name, else json.",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file; - is stdout.")
@lang_option(LANG_HELP)
@click.option(
    "--from", "input_format", default=None, help="Input format, when the file name does not tell."
)
@click.option("--raw-cells", is_flag=True, help=RAW_CELLS_HELP)
@click.option(
    "-O",
    "extra",
    multiple=True,
    metavar="KEY=VALUE",
    help="An option of the output format (`oas-program formats` lists them).",
)
@click.option(
    "-I",
    "input_extra",
    multiple=True,
    metavar="KEY=VALUE",
    help="An option of the input format (`oas-program formats` lists them).",
)
@click.argument("input", required=False, type=click.Path(allow_dash=True))
@click.pass_obj
def command(
    state: State,
    format_name: str | None,
    output: str,
    lang: str,
    input_format: str | None,
    raw_cells: bool,
    extra: tuple[str, ...],
    input_extra: tuple[str, ...],
    input: str | None,
) -> None:
    """Export INPUT (default: the embedded program) in the chosen format.

    The output is written atomically: on any failure the previous file is left untouched.
    """
    from oas_program.pipeline import write
    from oas_program.plugins.descriptors import ExportOptions

    options = key_values("-O", extra)
    input_options = key_values("-I", input_extra)
    format_name = _format_for(state, format_name, output)
    with progress(state, "export", ("read", "write"), input_size([input])) as step:
        step("read")
        program = read_program(state, input, input_format, input_options)
        step("write")
        write(
            program,
            output,
            host=state.host,
            format=format_name,
            options=ExportOptions(lang=lang, raw_cells=raw_cells, extra=options),
            inputs=[input] if input else [],
        )


def _format_for(state: State, format_name: str | None, output: str) -> str:
    """The format asked for, else the one the output's name ends with, else JSON; a name
    that says another format than `--format` is a usage error."""
    from oas_program.errors import UsageError
    from oas_program.files.writing import names_directory

    host = state.host
    named = None
    if output != "-" and not names_directory(output):
        try:
            named = host.exporter_for_path(output).item.name
        except UsageError as error:
            if PurePath(output).suffix and format_name is None:
                # `-o report.csv`, `-o notes.txt`: never JSON under another format's name.
                if PurePath(output).suffix.lower() == ".csv":
                    raise UsageError(
                        f"{error}; the csv format writes a CSV package: a ZIP archive "
                        "(-o program.zip) or a directory (-o program/)"
                    ) from None
                raise
            named = None
    if format_name is None:
        return named or "json"
    host.exporter(format_name)  # an unknown format is reported before anything is read
    if named is not None and named != format_name:
        raise UsageError(
            f"--format {format_name} contradicts the output's name '{output}' "
            f"(a {named} file); change one of them"
        )
    return format_name
