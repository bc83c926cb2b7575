"""`oas-program convert`: read one format, write another, formats told by the file names."""

from __future__ import annotations

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


@click.command("convert")
@click.option(
    "--from",
    "input_format",
    default=None,
    help="Input format (default: from INPUT's name and content).",
)
@click.option(
    "--to", "output_format", default=None, help="Output format (default: from OUTPUT's name)."
)
@lang_option(LANG_HELP)
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
@click.argument("input", type=click.Path(allow_dash=True))
@click.argument("output")
@click.pass_obj
def command(
    state: State,
    input_format: str | None,
    output_format: str | None,
    lang: str,
    raw_cells: bool,
    extra: tuple[str, ...],
    input_extra: tuple[str, ...],
    input: str,
    output: str,
) -> None:
    """Convert INPUT to OUTPUT (- for stdout, with --to). Nothing is written if INPUT is bad."""
    from oas_program.errors import UsageError
    from oas_program.files.locations import is_url
    from oas_program.pipeline import exporter_options, store_for_output, write
    from oas_program.plugins.descriptors import ExportOptions

    host = state.host
    exporter = None
    if is_url(output):  # a database: its store writes it, no file format
        store_for_output(host, output)
    elif output_format:
        exporter = host.exporter(output_format)  # an unknown format: before anything is read
    elif output == "-":
        raise UsageError("writing to stdout needs --to FORMAT")
    else:
        exporter = host.exporter_for_path(output).item
    options = ExportOptions(lang=lang, raw_cells=raw_cells, extra=key_values("-O", extra))
    if exporter is not None:
        exporter_options(exporter, options)  # a bad -O too is reported before anything is read
    with progress(state, "convert", ("read", "write"), input_size([input])) as step:
        step("read")
        program = read_program(state, input, input_format, key_values("-I", input_extra))
        step("write")
        write(
            program,
            output,
            host=host,
            format=output_format,
            options=options,
            inputs=[input],
        )
