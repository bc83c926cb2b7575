"""`oas-program plugins`: what is installed (metadata only) and, with `doctor`, whether it works."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from oas_program.cli._common import format_alias, table

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.plugins.host import PluginInfo


def _row(info: PluginInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "builtin": info.builtin,
        "distribution": info.distribution,
        "version": info.version,
        "entry_point": info.entry_point,
        "status": info.status,
        "error": info.error,
        "contributes": list(info.contributes),
    }


def _print(infos: list[PluginInfo], as_json: bool) -> None:
    if as_json:
        import json

        click.echo(json.dumps([_row(i) for i in infos], indent=2, ensure_ascii=False))
        return
    rows = []
    for info in infos:
        origin = "built-in" if info.builtin else f"{info.distribution or '?'} {info.version or '?'}"
        rows.append([info.name, origin, info.status, ", ".join(info.contributes)])
        if info.error:
            rows.append(["", "", "", f"error: {info.error}"])
    click.echo("\n".join(table(["PLUGIN", "FROM", "STATUS", "CONTRIBUTES"], rows)))


@click.group("plugins", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_context
@format_alias
def command(ctx: click.Context, as_json: bool) -> None:
    """List plugins from their metadata, importing none of them.

    Built-in plugins are listed as `available`; installed ones as `available` or
    `disabled` (OAS_PROGRAM_LOAD_PLUGINS / OAS_PROGRAM_DISABLE_PLUGINS). Run
    `oas-program plugins doctor` to load each one and see what it contributes or why it fails.
    """
    if ctx.invoked_subcommand is None:
        state: State = ctx.obj
        _print(state.host.describe(), as_json)


@command.command("doctor", short_help="Load each plugin and report what fails.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
@format_alias
def doctor(state: State, as_json: bool) -> None:
    """Load every enabled plugin in isolation and report loaded / disabled / error."""
    from oas_program.errors import ExitCode

    host = state.host
    host.strict = False  # report every failure instead of stopping at the first
    infos = host.plugins()
    host.warnings.clear()  # already shown in the table
    _print(infos, as_json)
    if any(info.status == "error" for info in infos):
        click.get_current_context().exit(ExitCode.PLUGIN)


@command.command("new")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    default=None,
    help="The folder to create (default: NAME in the current directory); it must not exist.",
)
def new(name: str, output: str | None) -> None:
    """Create the skeleton of a new plugin distribution NAME (oas-program-SOMETHING): a
    pyproject.toml with the entry point, a module with an exporter, a validator and a
    command, tests using the pytest fixtures, and a README. Nothing is imported."""
    from pathlib import Path

    from oas_program.cli.plugin_template import files, write_into
    from oas_program.errors import UsageError
    from oas_program.pipeline import commit_directory

    target = Path(output or name)
    written = files(name)  # a bad NAME is reported before anything is written
    if target.exists() or target.is_symlink():
        raise UsageError(f"'{target}' already exists; choose another folder [output-exists]")
    commit_directory(target, lambda directory: write_into(name, directory))
    click.echo(f"created {target}/ with " + ", ".join(sorted(written)), err=True)
    module = name.replace("-", "_")
    click.echo(
        f"next: cd {target} && python3 -m venv .venv && .venv/bin/pip install -e '.[test]' "
        f"&& .venv/bin/python -m pytest  (then edit src/{module}/__init__.py)",
        err=True,
    )
