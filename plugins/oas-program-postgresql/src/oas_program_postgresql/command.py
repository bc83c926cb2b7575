"""`oas-program postgresql upgrade URL`: bring a database of an older layout up to date."""

from __future__ import annotations

import click


@click.group("postgresql")
def group() -> None:
    """PostgreSQL databases holding a program (oas-program-postgresql)."""


@group.command("upgrade")
@click.argument("url")
def upgrade(url: str) -> None:
    """Rewrite the program at URL in this version's layout, in one transaction.

    Reading or merging a database written by an older version is refused until it is
    upgraded; the program itself is kept as it is."""
    from oas_program.pipeline import store_call
    from oas_program.plugin_api import redact_url
    from oas_program_postgresql import store

    with store_call(store.descriptor(), url):
        done = store.upgrade(url)
    click.echo(f"{redact_url(url)}: {done}", err=True)
