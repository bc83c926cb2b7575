"""`oas-program merge`: add filled reporting forms to a program, all or nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import (
    EMBEDDED_ARGUMENT,
    input_size,
    key_values,
    progress,
    read_program,
)

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.forms import FilledForm
    from oas_program.model.program import Program
    from oas_program.model.tracking import Observation
    from oas_program.plugins.descriptors import Contribution
    from oas_program.plugins.host import PluginHost


def _describe(observation: Observation) -> str:
    return (
        f"{observation.id} ({observation.actor}, {observation.activity}, "
        f"{observation.period}: {observation.status.value})"
    )


def _is_form(host: PluginHost, name: str) -> bool:
    """Whether *name* ends like a reporting form (else: a partial importer's file)."""
    from oas_program.errors import UsageError

    try:
        host.form_format_for_path(name)
    except UsageError:
        return False
    return True


@click.command("merge")
@click.argument("base", type=click.Path(allow_dash=True))
@click.argument("forms", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "-o", "--output", default=None, help="Where to write the merged program (format from its name)."
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option(
    "--from",
    "input_format",
    default=None,
    help="Read every FILE with this partial importer (default: a form format, or a partial "
    "importer, from each name).",
)
@click.option(
    "-I",
    "input_extra",
    multiple=True,
    metavar="KEY=VALUE",
    help="An option of the partial importer (`oas-program formats` lists them).",
)
@click.option(
    "--strict", is_flag=True, help="Refuse a form nobody filled in (exit 1) instead of warning."
)
@click.pass_obj
def command(
    state: State,
    base: str,
    forms: tuple[str, ...],
    output: str | None,
    dry_run: bool,
    input_format: str | None,
    input_extra: tuple[str, ...],
    strict: bool,
) -> None:
    """Merge filled FORMS into BASE (a program file, or @embedded for the embedded program).

    Each filled row becomes an observation identified by actor, activity and period, so
    merging a form twice changes nothing and a corrected form replaces the earlier answer.
    A FILE in a format a plugin reads as a contribution (a partner's report: `oas-program
    formats` marks these importers `partial`) is merged the same way. Unknown actors,
    activities or codes and repeated rows are refused with their location (exit 1) and
    nothing is written. A form with no row filled in (no status anywhere) is merged as
    nothing, with a warning; with --strict it is refused (exit 1). BASE may be a database
    URL (postgresql://…): without -o the files are merged into it in one transaction."""
    from oas_program.errors import UsageError
    from oas_program.files.locations import is_url
    from oas_program.files.writing import refuse_output_is_input
    from oas_program.pipeline import (
        merge_store,
        read_contribution,
        read_form,
        store_for_input,
        write,
    )
    from oas_program.services.tracking.merge import MergeResult, merge

    in_place = output is None and is_url(base)  # merged in the database itself
    if output is None and not dry_run and not in_place:
        raise UsageError("give -o OUTPUT (or --dry-run)")
    inputs = [*forms] + ([] if base == EMBEDDED_ARGUMENT else [base])
    host = state.host
    output_format = None if output and output != "-" else "json"
    if output is not None and not is_url(output):
        # Checked before the forms are read: the merge is all or nothing, so is its output.
        if output_format is None:
            host.exporter_for_path(output)
        refuse_output_is_input(output, inputs)
    size = input_size(inputs)
    with progress(state, "merge", ("read", "forms", "merge"), size) as step:
        step("read")
        if in_place:  # the forms first: a bad form never opens a transaction
            store_for_input(host, base)
        else:
            program = read_program(state, base)
        step("forms")
        filled = []
        contributions: list[tuple[str, Contribution]] = []
        options = key_values("-I", input_extra)
        for name in forms:
            if input_format is None and _is_form(host, name):
                filled.append(read_form(name, host=host))
            else:
                read = read_contribution(name, host=host, format=input_format, options=options)
                contributions.append((name, read))
        _check_filled_in(state, filled, strict)
        step("merge")

        def apply(current: Program) -> MergeResult:
            return merge(current, filled, contributions)

        result = merge_store(host, base, apply, dry_run) if in_place else apply(program)
    for observation in result.added:
        click.echo(f"+ {_describe(observation)}", err=not dry_run)
    for observation in result.updated:
        click.echo(f"~ {_describe(observation)}", err=not dry_run)
    summary = (
        f"{len(result.added)} added, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged"
    )
    click.echo(summary + (" (dry run: nothing written)" if dry_run else ""), err=not dry_run)
    if dry_run or in_place:
        return

    assert output is not None
    with progress(state, "merge", ("write",), size) as step:
        step("write")
        write(result.program, output, host=host, format=output_format, inputs=inputs)


def _check_filled_in(state: State, filled: list[FilledForm], strict: bool) -> None:
    """Warn about forms in which no row has a status (with *strict*: refuse them)."""
    from oas_program.errors import DataError, ExitCode, Problem

    empty = [f for f in filled if not any(row.status.strip() for row in f.form.rows)]
    message = (
        "no row has a status: the form was not filled in, so nothing of it is merged "
        "(fill in 'status' and 'date' for the activities reported on)"
    )
    if strict and empty:
        problems = [Problem(code="empty-form", message=message, file=f.name) for f in empty]
        raise DataError(problems, ExitCode.INVALID)
    if not state.quiet:
        for form in empty:
            click.echo(f"oas-program: warning: {form.name}: {message} [empty-form]", err=True)
