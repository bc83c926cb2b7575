"""`oas-program show`: the program at a glance, every figure computed from the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import LANG_HELP, echo_json, format_alias, lang_option, read_program

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program
    from oas_program.services.reports.overview import Overview


def overview(program: Program, lang: str) -> Overview:
    """The figures `show` prints (`oas_program.services.reports.overview`)."""
    from oas_program.services.reports.overview import overview as figures

    return figures(program, lang)


@click.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@lang_option(LANG_HELP)
@click.argument("input", required=False, type=click.Path(allow_dash=True))
@click.pass_obj
@format_alias
def command(state: State, as_json: bool, lang: str, input: str | None) -> None:
    """Show INPUT (default: the embedded program) at a glance: what the program is, what
    the data records (observations included), who carries out its activities (names with
    the ids other commands take), resolutions by role, completeness and open questions."""
    figures = overview(read_program(state, input), lang)
    if as_json:
        echo_json(figures.to_data())
    else:
        click.echo("\n".join(figures.lines()))
