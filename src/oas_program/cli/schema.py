"""`oas-program schema`: the JSON Schema of the canonical format, generated from the model."""

from __future__ import annotations

import click


@click.command("schema")
@click.option("-o", "--output", default="-", show_default=True, help="Output file; - is stdout.")
def command(output: str) -> None:
    """Print (or write) schemas/program.schema.json, generated from the model."""
    from oas_program.files.json_text import dumps_json
    from oas_program.model.schema import program_schema
    from oas_program.pipeline import write_bytes

    write_bytes(dumps_json(program_schema()).encode("utf-8"), output)
