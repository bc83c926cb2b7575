"""`oas-program convert`: read one format, write another, formats told by the file names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import input_size, lang_option, progress, read_program

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
@lang_option("Language of human-readable output formats.")
@click.argument("input", type=click.Path(allow_dash=True))
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
    from oas_program.errors import UsageError
    from oas_program.pipeline import write
    from oas_program.plugins.descriptors import ExportOptions

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
            options=ExportOptions(lang=lang),
            inputs=[input],
        )
