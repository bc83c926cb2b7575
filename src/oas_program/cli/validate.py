"""`oas-program validate`: every validator layer on one or more programs, located findings.

The report goes to stdout (it is what the command produces): one line per finding,
`file:line:col: /pointer: severity: message [code]`, grouped by file and rule, then a
summary line; or, with `--format json`, one object (documented in the README). A file that
cannot be read is reported in its place and the other files are still validated.

Exit status: the worst of 0 (no errors; with `--strict`, no warnings either), 1 (errors, or
an input the model refuses), 3 (an input unreadable), 5 (a validator plugin failed).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs
import click

from oas_program.errors import DataError, ExitCode
from oas_program.services.validation import (
    ENGINE,
    Input,
    Reported,
    Severity,
    embedded_input,
    from_problem,
    read_input,
    rules_markdown,
    validate_many,
)

if TYPE_CHECKING:
    from oas_program.cli import State


@attrs.define
class FileReport:
    """What one input gave: its findings, or the problems that kept it from loading."""

    name: str
    status: str = "checked"
    """`checked`, `invalid` (readable, refused by the model) or `unreadable`."""
    findings: list[Reported] = attrs.field(factory=list)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def _exit_code(files: list[FileReport], strict: bool) -> ExitCode:
    worst = ExitCode.OK
    for report in files:
        if report.status == "unreadable":
            worst = max(worst, ExitCode.UNREADABLE)
        for reported in report.findings:
            if reported.validator == ENGINE:
                worst = max(worst, ExitCode.PLUGIN)
            elif reported.severity is Severity.ERROR or (
                strict and reported.severity is Severity.WARNING
            ):
                worst = max(worst, ExitCode.INVALID)
    return worst


def _summary(files: list[FileReport]) -> dict[str, int]:
    counts = {"errors": 0, "warnings": 0, "info": 0}
    key = {"error": "errors", "warning": "warnings", "info": "info"}
    for report in files:
        for reported in report.findings:
            counts[key[reported.severity.value]] += 1
    return counts


def _read(state: State, inputs: tuple[str, ...]) -> tuple[list[FileReport], list[Input]]:
    """A report per input, and the inputs that loaded."""
    if not inputs:
        embedded = embedded_input()
        return [FileReport(name=embedded.name)], [embedded]
    files: list[FileReport] = []
    loaded: list[Input] = []
    for path in inputs:
        try:
            loaded.append(read_input(path, host=state.host, display=path))
            files.append(FileReport(name=path))
        except DataError as error:  # report it in its place; validate the other files
            status = "unreadable" if error.exit_code == ExitCode.UNREADABLE else "invalid"
            findings = [from_problem(path, problem) for problem in error.problems]
            files.append(FileReport(name=path, status=status, findings=findings))
    return files, loaded


def _text(files: list[FileReport], max_errors: int) -> list[str]:
    lines = [str(reported) for report in files for reported in report.findings]
    shown = lines if max_errors == 0 else lines[:max_errors]
    if len(shown) < len(lines):
        shown.append(f"… and {len(lines) - len(shown)} more")
    counts = _summary(files)
    summary = (
        f"{_plural(counts['errors'], 'error')}, {_plural(counts['warnings'], 'warning')}, "
        f"{_plural(counts['info'], 'info')} in {_plural(len(files), 'file')}"
    )
    unreadable = sum(1 for report in files if report.status != "checked")
    if unreadable:
        summary += f" ({unreadable} not loaded)"
    return [*shown, summary]


def _json(files: list[FileReport], max_errors: int, exit_code: int) -> dict[str, Any]:
    budget = max_errors if max_errors else None
    entries, omitted = [], 0
    for report in files:
        findings = []
        for reported in report.findings:
            if budget is not None and budget <= 0:
                omitted += 1
                continue
            findings.append(reported.to_dict())
            if budget is not None:
                budget -= 1
        entries.append({"file": report.name, "status": report.status, "findings": findings})
    summary: dict[str, int] = {"files": len(files), **_summary(files)}
    summary["omitted"] = omitted
    summary["exit_code"] = exit_code
    return {"files": entries, "summary": summary}


@click.command("validate")
@click.argument("inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as text lines or as one JSON object.",
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@click.option(
    "--max-errors",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Show at most N findings (0: all); the summary counts every one.",
)
@click.option(
    "--rules", "show_rules", is_flag=True, help="Print the table of every rule (Markdown), exit."
)
@click.pass_obj
def command(
    state: State,
    inputs: tuple[str, ...],
    output_format: str,
    strict: bool,
    max_errors: int,
    show_rules: bool,
) -> None:
    """Check INPUT files (default: the embedded program): schema, references, domain rules,
    completeness and identifiers. Several files are also checked together (an id used in two
    of them).

    Exit status: 0 no errors (with --strict: no warnings either), 1 errors or an input the
    model refuses, 3 an input unreadable, 5 a validator plugin failed. docs/rules.md lists
    every rule.
    """
    if show_rules:
        click.echo(rules_markdown(state.host), nl=False)
        return
    files, loaded = _read(state, inputs)
    results = iter(validate_many(loaded, host=state.host))
    for report in files:
        if report.status == "checked":
            report.findings = next(results)
    exit_code = _exit_code(files, strict)
    if output_format == "json":
        click.echo(json.dumps(_json(files, max_errors, exit_code), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(_text(files, max_errors)))
    if exit_code:
        click.get_current_context().exit(exit_code)
