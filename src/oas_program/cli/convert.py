"""`oas-program convert`: read one format, write another, formats told by the file names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import (
    EXTRA_HELP,
    LANG_HELP,
    RAW_CELLS_HELP,
    export_options,
    input_size,
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
@click.option(
    "--lang",
    default="en",
    show_default=True,
    type=click.Choice(["en", "es", "fr", "pt"]),
    help=LANG_HELP,
)
@click.option("--raw-cells", is_flag=True, help=RAW_CELLS_HELP)
@click.option("-O", "extra", multiple=True, metavar="KEY=VALUE", help=EXTRA_HELP)
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
    input: str,
    output: str,
) -> None:
    """Convert INPUT to OUTPUT (- for stdout, with --to). Nothing is written if INPUT is bad."""
    from oas_program.errors import UsageError
    from oas_program.pipeline import write
    from oas_program.plugins.descriptors import ExportOptions

    options = export_options(extra)
    host = state.host
    if output_format:
        host.exporter(output_format)  # an unknown format is reported before anything is read
    elif output == "-":
        raise UsageError("writing to stdout needs --to FORMAT")
    else:
        host.exporter_for_path(output)
    with progress(state, "convert", ("read", "write"), input_size([input])) as step:
        step("read")
        program = read_program(state, input, input_format)
        step("write")
        write(
            program,
            output,
            host=host,
            format=output_format,
            options=ExportOptions(lang=lang, raw_cells=raw_cells, extra=options),
            inputs=[input],
        )
