"""`oas-program symbol`: read OAS and UN document symbols and print their parts."""

from __future__ import annotations

import sys

import click

from oas_program.cli._common import format_alias


@click.command("symbol")
@click.argument("texts", nargs=-1, required=True)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=(
        "Print a JSON array with one object per TEXT, keys: input, canonical, organization, "
        "body, type, number, session, session_type, year, meeting, suffixes, cleaned."
    ),
)
@format_alias
def command(texts: tuple[str, ...], as_json: bool) -> None:
    """Parse each TEXT as an OAS or UN document symbol and print its parts.

    \b
    Default output, one tab-separated line per TEXT:
      input  canonical  organization=OAS  body=AG  type=RES  number=2141  ...
    Absent (null) fields are left out; suffixes are joined by commas
    (suffixes=rev. 1,add. 2); whitespace runs in the input show as one space.

    With --json the same fields come as a JSON array, every key present. number
    is a string; session_type is "regular", "special" or null, an emergency
    special session counting as "special" (its canonical form keeps the ES-).
    cleaned lists, in words, the typing slips repaired to read TEXT (a slash
    for the hyphen in "(XXXV/O/05)", a doubled or missing parenthesis, stray
    spaces, full-width characters); it is empty when TEXT needed none.

    Every TEXT is checked before anything is printed: if one is not a symbol,
    each bad TEXT gets one line on stderr, stdout stays empty and the exit
    code is 2.
    """
    # Imported here so that `oas-program --help` does not pay for the parser's regexes.
    from oas_program.model import symbols

    parsed: list[tuple[symbols.DocumentSymbol, tuple[str, ...]]] = []
    problems: list[symbols.SymbolError] = []
    for text in texts:
        try:
            parsed.append(symbols.parse_with_notes(text))
        except symbols.SymbolError as error:
            problems.append(error)
    if problems:
        for problem in problems:
            click.echo(
                f"oas-program symbol: {problem.quoted}: {problem.reason} [{problem.code}]",
                err=True,
            )
        sys.exit(2)

    records = [
        {**symbol.to_dict(text), "cleaned": list(notes)}
        for text, (symbol, notes) in zip(texts, parsed, strict=True)
    ]
    if as_json:
        import json

        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    for record in records:
        click.echo("\t".join(_text_fields(record)))


def _text_fields(record: dict[str, object]) -> list[str]:
    """`input`, `canonical`, then `key=value` for every field that has a value."""
    # A tab or newline inside the input would break the one-line-per-input promise.
    fields = [" ".join(str(record["input"]).split()), str(record["canonical"])]
    for key, value in record.items():
        if key in ("input", "canonical", "cleaned") or value is None or value == []:
            continue
        shown = ",".join(value) if isinstance(value, list) else str(value)
        fields.append(f"{key}={shown}")
    return fields
