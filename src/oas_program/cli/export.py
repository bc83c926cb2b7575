"""`oas-program export`: write the program in any format a plugin provides."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import input_size, progress, read_program, write_export

if TYPE_CHECKING:
    from oas_program.cli import State


def _complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from oas_program.host import PluginHost

    return [name for name in PluginHost().exporters() if name.startswith(incomplete)]


@click.command("export")
@click.option(
    "-f",
    "--format",
    "format_name",
    default="json",
    show_default=True,
    shell_complete=_complete_formats,
    help="Output format (see `oas-program formats`).",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output file; - is stdout.")
@click.option(
    "--lang",
    default="en",
    show_default=True,
    type=click.Choice(["en", "es", "fr", "pt"]),
    help="Language of human-readable formats.",
)
@click.option(
    "--from", "input_format", default=None, help="Input format, when the file name does not tell."
)
@click.option(
    "--raw-cells", is_flag=True, help="Spreadsheet formats: do not neutralise formula-like cells."
)
@click.option("-O", "extra", multiple=True, metavar="KEY=VALUE", help="Format-specific option.")
@click.argument("input", required=False, type=click.Path(allow_dash=False))
@click.pass_obj
def command(
    state: State,
    format_name: str,
    output: str,
    lang: str,
    input_format: str | None,
    raw_cells: bool,
    extra: tuple[str, ...],
    input: str | None,
) -> None:
    """Export INPUT (default: the embedded program) in the chosen format.

    The output is written atomically: on any failure the previous file is left untouched.
    """
    from oas_program.errors import UsageError
    from oas_program.plugin_api import ExportOptions

    options = dict(item.split("=", 1) for item in extra if "=" in item)
    if len(options) != len(extra):
        raise UsageError("-O takes KEY=VALUE")
    exporter = state.host.exporter(format_name)
    with progress(state, "export", ("read", "write"), input_size([input])) as step:
        step("read")
        program = read_program(state, input, input_format)
        step("write")
        write_export(
            state,
            program,
            exporter,
            output,
            ExportOptions(lang=lang, raw_cells=raw_cells, extra=options),
            [input] if input else [],
        )
