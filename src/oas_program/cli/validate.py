"""`oas-program validate`: every validator layer on one or more programs, located findings.

The report goes to stdout (it is what the command produces): one line per finding,
`file:line:col: /pointer: severity: message [code]`, grouped by file and rule, then a
summary line; or, with `--format json`, one object (documented in the README). A file that
cannot be read is reported in its place and the other files are still validated. The report
and its exit status are `oas_program.services.validation.report.ValidationReport`'s.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from oas_program.cli._common import echo_json, json_alias, lang_option

if TYPE_CHECKING:
    from oas_program.cli import State


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
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Report only these rules (codes or prefixes, comma-separated; ALL: every rule).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Do not report these rules (codes or prefixes, comma-separated).",
)
@click.option(
    "--severity",
    multiple=True,
    metavar="CODE=LEVEL",
    help="Report a rule (or a prefix) as error, warning or info.",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    default=None,
    help="Read [tool.oas-program.validate] from this file (default: the nearest "
    "pyproject.toml that has a [tool.oas-program] table).",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--list-rules",
    "list_rules",
    is_flag=True,
    help="List every rule: code, severity, layer, what it checks, how to fix (or JSON), exit.",
)
@lang_option(
    "Language of the text report and --list-rules: en, es, fr or pt (codes, pointers and the "
    "JSON report stay English)."
)
@click.pass_obj
@json_alias
def command(
    state: State,
    inputs: tuple[str, ...],
    output_format: str,
    strict: bool,
    max_errors: int,
    show_rules: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: tuple[str, ...],
    config: str | None,
    isolated: bool,
    list_rules: bool,
    lang: str,
) -> None:
    """Check INPUT files (default: the embedded program): schema, references, domain rules,
    completeness and identifiers. Several files are also checked together (an id used in two
    of them).

    Rules are chosen with --select / --ignore / --severity and the [tool.oas-program.validate]
    table of pyproject.toml (see the README).

    Exit status: 0 no errors (with --strict: no warnings either), 1 errors or an input the
    model refuses, 2 a bad selection or configuration, 3 an input unreadable, 5 a validator
    plugin failed. `validate --list-rules` lists every rule (--json for JSON; --rules as a
    Markdown table).
    """
    from oas_program.services.validation import rules, rules_markdown
    from oas_program.services.validation.report import check
    from oas_program.services.validation.selection import configured, selection_for

    if show_rules:
        click.echo(rules_markdown(state.host), nl=False)
        return
    if list_rules:
        from oas_program.services.validation.rule_list import rule_list

        listed = rule_list(state.host)
        if output_format == "json":  # a few dozen rules, no program read: see `echo_json`
            click.echo(json.dumps(listed.to_data(), indent=2, ensure_ascii=False))
        else:
            click.echo("\n".join(listed.lines(lang)))
        return
    # The selection is checked against the known rules before any input is read.
    known = [rule.code for rule, _validator, _source in rules(state.host)]
    selection = selection_for(configured(config, isolated), select, ignore, severity, known)
    report = selection.apply(check(inputs, host=state.host, strict=strict))
    if output_format == "json":
        echo_json(report.to_data(max_errors))
    else:
        click.echo("\n".join(report.lines(max_errors, lang)))
    if report.exit_code:
        click.get_current_context().exit(report.exit_code)
