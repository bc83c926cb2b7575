"""`oas-program convert`: read one format, write another, formats told by the file names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import input_size, progress, read_program, write_export

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
    "--lang", default="en", show_default=True, type=click.Choice(["en", "es", "fr", "pt"])
)
@click.argument("input", type=click.Path(allow_dash=False))
@click.argument("output")
@click.pass_obj
def command(
    state: State,
    input_format: str | None,
    output_format: str | None,
    lang: str,
    input: str,
    output: str,
) -> None:
    """Convert INPUT to OUTPUT (- for stdout, with --to). Nothing is written if INPUT is bad."""
    from oas_program import locations
    from oas_program.errors import UsageError
    from oas_program.io import refuse_output_is_input
    from oas_program.plugin_api import Exporter, ExportOptions

    host = state.host
    exporter: Exporter | None = None
    if locations.is_url(output):  # a database: its store writes it, no file format
        locations.store_for_output(host, output)
        locations.refuse_same_store(host, output, [input])
    elif output_format:
        refuse_output_is_input(output, [input])
        exporter = host.exporter(output_format)
    elif output == "-":
        raise UsageError("writing to stdout needs --to FORMAT")
    else:
        refuse_output_is_input(output, [input])
        exporter = host.exporter_for_path(output)
    with progress(state, "convert", ("read", "write"), input_size([input])) as step:
        step("read")
        program = read_program(state, input, input_format)
        step("write")
        write_export(state, program, exporter, output, ExportOptions(lang=lang), [input])
