"""The `oas-program` command: a thin click layer over the library and the plugin host.

Commands live one per module and are imported only when run, so `oas-program --help`
costs little more than importing click. Exit codes (see `oas_program.errors.ExitCode`):
0 ok · 1 invalid data · 2 usage · 3 unreadable input · 4 output failed · 5 plugin failed ·
70 internal error · 130 interrupted.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any

import click

from oas_program import __version__

# name -> (module, short help). Help text lives here so `--help` imports no command module.
COMMANDS: dict[str, tuple[str, str]] = {
    "show": ("oas_program.cli.show", "The program at a glance: counts, roles, completeness."),
    "export": ("oas_program.cli.export", "Write the program in a format (json, yaml, ...)."),
    "convert": ("oas_program.cli.convert", "Convert a program file from one format to another."),
    "diff": ("oas_program.cli.diff", "Compare two programs: what was added, removed or changed."),
    "formats": ("oas_program.cli.formats", "List the formats that can be read and written."),
    "plugins": ("oas_program.cli.plugins", "List installed plugins (and check them: doctor)."),
    "schema": ("oas_program.cli.schema", "Print or write the JSON Schema of the format."),
    "symbol": ("oas_program.cli.symbol", "Parse OAS and UN document symbols."),
    "form": ("oas_program.cli.form", "Make a reporting form for one actor and period."),
    "merge": ("oas_program.cli.merge", "Merge filled reporting forms into a program."),
    "validate": (
        "oas_program.cli.validate",
        "Check a program: schema, references, domain rules, completeness.",
    ),
    "progress": (
        "oas_program.cli.progress",
        "Implementation progress: actor x activity matrix, roll-ups, overdue reports.",
    ),
}

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 unreadable input, "
    "4 output failed, 5 plugin failed, 70 internal error, 130 interrupted."
)


class State:
    """Per-invocation state shared by commands: options and the plugin host, built lazily."""

    def __init__(self, quiet: bool, verbose: bool, debug: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.debug = debug
        self._host: Any = None

    @property
    def host(self) -> Any:
        if self._host is None:
            from oas_program.plugins.host import PluginHost

            self._host = PluginHost()
        return self._host

    def report_plugin_warnings(self) -> None:
        if self._host is not None and not self.quiet:
            for warning in self._host.warnings:
                click.echo(f"oas-program: warning: {warning}", err=True)


class RootGroup(click.Group):
    """Lazy commands, plugin commands, and one place that maps errors to exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module = importlib.import_module(COMMANDS[name][0])
            command: click.Command = module.command
            return command
        # Unknown to the core: perhaps a plugin command. Only now are plugins loaded.
        # Click resolves the command before the group's callback runs: make the state here,
        # and let the callback fill in the options (a plugin command used to crash, exit 70).
        if not isinstance(ctx.obj, State):
            ctx.obj = State(quiet=False, verbose=False, debug=False)
        state = ctx.obj
        try:
            for provided in state.host.commands():
                if provided.item.name == name:
                    found: click.Command = provided.item
                    return found
        except Exception:  # a broken plugin must not break the "no such command" message
            return None
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from oas_program.cli._errors import run_guarded

        return run_guarded(ctx, lambda: super(RootGroup, self).invoke(ctx))


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"oas-program {__version__}")
    # Installed plugins from metadata alone: nothing is imported.
    from oas_program.plugins.host import installed_entry_points

    for ep in installed_entry_points():
        dist = ep.dist
        click.echo(
            f"  plugin {ep.name}: {dist.name if dist else '?'} {dist.version if dist else '?'}"
        )
    ctx.exit(0)


@click.group(cls=RootGroup, epilog=EXIT_CODES_HELP)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and the installed plugins' versions, then exit.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print no warnings or progress.")
@click.option("-v", "--verbose", is_flag=True, help="Say more about what is done.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """Make the OAS Inter-American Program on the human rights of migrants
    (AG/RES. 2141 (XXXV-O/05)) machine-readable, checkable and trackable.

    Commands work on the embedded program unless given an input file.
    """
    debug = debug or bool(os.environ.get("OAS_PROGRAM_DEBUG"))
    if isinstance(ctx.obj, State):  # made while finding a plugin command: keep its host
        ctx.obj.quiet, ctx.obj.verbose, ctx.obj.debug = quiet, verbose, debug
    else:
        ctx.obj = State(quiet=quiet, verbose=verbose, debug=debug)


def _interrupt(signum: int, frame: object) -> None:
    # SIGTERM ends the run like Ctrl-C: temporary files are removed and the exit is 130.
    raise KeyboardInterrupt


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cli.main(prog_name="oas-program")
    except BrokenPipeError:  # `oas-program export | head` must not end with a traceback
        from oas_program.cli._errors import silence_stdout

        silence_stdout()
        sys.exit(1)
    sys.exit(0)
