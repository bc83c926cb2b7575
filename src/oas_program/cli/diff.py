"""`oas-program diff OLD NEW`: what was added, removed or changed between two programs.

OLD and NEW are program files in any readable format, or `@embedded` for the embedded
program (a file of that name is `./@embedded`). The report goes to stdout: one line per
change (`+` added, `-` removed, `~` changed) and a summary line, or, with `--format json`,
one object (documented in the README). Both inputs are read before anything is reported, so
two bad files give every problem at once.

Exit status: 0 (with `--exit-code`: 1 when there are differences, like `git diff
--exit-code`), 1 or 3 when an input is invalid or unreadable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import echo_json, json_alias, lang_option, read_program
from oas_program.errors import DataError

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program

"""The OLD or NEW that names the embedded program."""

# The exit status for "there are differences", as `git diff --exit-code` and `diff` have it.
DIFFERENCES = 1


def _read_both(state: State, old: str, new: str) -> tuple[Program, Program]:
    programs: list[Program] = []
    failures: list[DataError] = []
    for path in (old, new):
        try:
            programs.append(read_program(state, path))
        except DataError as error:
            failures.append(error)
    if failures:
        problems = [problem for error in failures for problem in error.problems]
        raise DataError(problems, exit_code=max(error.exit_code for error in failures))
    return programs[0], programs[1]


@click.command("diff")
@click.argument("old", type=click.Path(allow_dash=True))
@click.argument("new", type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as text lines or as one JSON object.",
)
@click.option(
    "--exit-code",
    "exit_code",
    is_flag=True,
    help="Exit 1 when the programs differ (like git diff --exit-code).",
)
@lang_option("Language of the text report's words: en, es, fr or pt (ids, paths and codes stay).")
@click.pass_obj
@json_alias
def command(
    state: State, old: str, new: str, output_format: str, exit_code: bool, lang: str
) -> None:
    """Compare program OLD with program NEW, entity by entity (matched by id): activities
    added, removed, reworded or reassigned; objectives, resolutions, actors and the other
    collections changed; observations added or changed; the program's own fields.

    OLD and NEW are files in any readable format, or @embedded for the embedded program.
    Text output: one line per change (+ added, - removed, ~ changed), then a summary line.

    Exit status: 0 (with --exit-code: 1 when they differ), 1 an input the model refuses,
    3 an input unreadable.
    """
    from oas_program.services.tracking.diff import diff

    old_program, new_program = _read_both(state, old, new)
    result = diff(old_program, new_program)
    if output_format == "json":
        data = result.to_data(old=old, new=new)
        echo_json(data)
    else:
        click.echo("\n".join(result.lines(lang)))
    if exit_code and not result.empty:
        click.get_current_context().exit(DIFFERENCES)
