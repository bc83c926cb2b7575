"""`oas-program actors`: every actor's id, name and kind; for states, their membership."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from oas_program.cli._common import echo_json, format_alias, lang_option, read_program

if TYPE_CHECKING:
    from oas_program.cli import State

# The model's ActorKind values, spelled out so that `--help` does not import the model
# (tests/test_first_contact.py keeps the two in step).
KINDS = (
    "oas-organ",
    "gs-area",
    "specialized-organization",
    "member-state",
    "multilateral",
    "civil-society",
)


@click.command("actors")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(KINDS, case_sensitive=False),
    help="Only actors of this kind (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per actor.")
@lang_option("Language of the table's words (header, kinds): en, es, fr or pt.")
@click.argument("input", required=False, type=click.Path(allow_dash=True))
@click.pass_obj
@format_alias
def command(
    state: State, kinds: tuple[str, ...], as_json: bool, lang: str, input: str | None
) -> None:
    """List the actors of INPUT (default: the embedded program): the id other commands take
    (form --actor ID), the name, the kind and, for member states, their dated membership.

    \b
    JSON keys: id, name, kind, acronym, parent, iso3, membership (states only, else null),
    member_now (states: whether their membership is open today in the data, else null).
    """
    from oas_program.services.reports.actors import actor_list

    listed = actor_list(read_program(state, input), [k.lower() for k in kinds], lang)
    if as_json:
        echo_json(listed.to_data())
    else:
        click.echo("\n".join(listed.lines()))
