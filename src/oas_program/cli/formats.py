"""`oas-program formats`: what can be read and written, and which plugin provides it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from oas_program.cli._common import format_alias, table

if TYPE_CHECKING:
    from oas_program.cli import State


@click.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@click.pass_obj
@format_alias
def command(state: State, as_json: bool) -> None:
    """List importers and exporters with their media types and plugins."""
    host = state.host
    rows: list[dict[str, Any]] = []
    for direction, found in (("import", host.importers()), ("export", host.exporters())):
        for name, entries in found.items():
            for entry in entries:
                item = entry.item
                rows.append(
                    {
                        "name": name,
                        "direction": direction,
                        "media_type": item.media_type,
                        "suffixes": list(getattr(item, "suffixes", (getattr(item, "suffix", ""),))),
                        "plugin": entry.plugin.name,
                        "lossless": getattr(item, "lossless", None),
                        "conflict": len(entries) > 1,
                        "description": item.description,
                        "partial": getattr(item, "partial", False),
                        "options": [
                            {
                                "name": option.name,
                                "type": option.type,
                                "help": option.help,
                                "default": option.default,
                                "choices": list(option.choices),
                            }
                            for option in item.options
                        ],
                    }
                )
    rows.sort(key=lambda r: (r["name"], r["direction"], r["plugin"]))
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    header = ["FORMAT", "DIRECTION", "SUFFIXES", "MEDIA TYPE", "PLUGIN"]
    lines = table(
        header,
        [
            [
                row["name"],
                row["direction"],
                " ".join(row["suffixes"]),
                row["media_type"],
                row["plugin"]
                + (" (CONFLICT)" if row["conflict"] else "")
                + (" (partial: merged into a program)" if row["partial"] else ""),
            ]
            for row in rows
        ],
    )
    click.echo("\n".join(lines))
    declared = [row for row in rows if row["options"]]
    if declared:
        click.echo("\nOptions (-O for an output format, -I for an input format):")
    for row in declared:
        click.echo(f"{row['name']}:")
        flag = "-O" if row["direction"] == "export" else "-I"
        for option in row["options"]:
            kind = "|".join(option["choices"]) or option["type"].upper()
            value = option["default"]
            value = str(value).lower() if isinstance(value, bool) else value
            default = f" (default: {value})" if value is not None else ""
            helped = f": {option['help']}" if option["help"] else ""
            click.echo(f"{'':<10} {flag} {option['name']}={kind}{default}{helped}")
