"""The `oas-program` command: a thin click layer over the library and the plugin host.

Commands live one per module and are imported only when run, so `oas-program --help`
costs little more than importing click. Exit codes (see `oas_program.errors.ExitCode`):
0 ok · 1 invalid data · 2 usage · 3 unreadable input · 4 output failed · 5 plugin failed ·
70 internal error · 130 interrupted · 141 output pipe closed.
"""

from __future__ import annotations

import gc
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
    "actors": ("oas_program.cli.actors", "List the actors: ids, names, kinds, membership."),
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

PLUGIN_COMMAND = "oas_program.plugin_command"
"""Key of `click.Context.meta` naming the plugin command being run (for its errors)."""

EXIT_CODES_HELP = (
    "Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 unreadable input, "
    "4 output failed, 5 plugin failed, 70 internal error, 130 interrupted, "
    "141 output pipe closed early (| head)."
)


class State:
    """Per-invocation state shared by commands: options and the plugin host, built lazily."""

    def __init__(self, quiet: bool = False, verbose: bool = False, debug: bool = False) -> None:
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
        if self._host is not None and self.debug:  # why each failed plugin failed to load
            import traceback

            for info in self._host.describe():
                if info.exception is not None:
                    click.echo(f"oas-program: {info.label} failed to load:", err=True)
                    text = "".join(traceback.format_exception(info.exception))
                    click.echo(text.rstrip("\n"), err=True)
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
        # Unknown to the core: perhaps a plugin command. Only now are plugins loaded. The
        # command is resolved before the root callback runs: the State is made here, and
        # the callback fills in the root options.
        state = ctx.ensure_object(State)
        try:
            for provided in state.host.commands():
                if provided.item.name == name:
                    found: click.Command = provided.item
                    ctx.meta[PLUGIN_COMMAND] = f"command '{name}' ({provided.plugin.label})"
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
    from oas_program.plugins.discovery import installed_entry_points

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

    Commands work on the embedded program unless given an input file. Commands added by
    plugins run as `oas-program NAME`; `oas-program plugins doctor` lists them.
    """
    state = ctx.ensure_object(State)  # already made when a plugin command was resolved
    state.quiet, state.verbose = quiet, verbose
    state.debug = debug or bool(os.environ.get("OAS_PROGRAM_DEBUG"))


def _interrupt(signum: int, frame: object) -> None:
    # SIGTERM ends the run like Ctrl-C: temporary files are removed and the exit is 130.
    raise KeyboardInterrupt


def main() -> None:
    """Runs the command, then ends the process (the console script runs it through
    `oas_program.console.main`, which sets the process up first)."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cli.main(prog_name="oas-program")
    except BrokenPipeError:  # `oas-program export | head` must not end with a traceback
        from oas_program.cli._errors import silence_stdout

        silence_stdout()
        sys.exit(141)  # 128 + SIGPIPE: what a shell reports for a writer whose pipe closed
    finally:
        _leave_objects_to_the_system()
    sys.exit(0)


def _leave_objects_to_the_system() -> None:
    """Put every object out of the garbage collector's reach as the process ends.

    The interpreter's last collections walk every object left (the model's classes, the
    loaded modules, a large program) to free those in reference cycles one by one, which
    the operating system does at once when the process ends: 10-15 ms of every command,
    more after a large load. Frozen (`gc.freeze()`), they are left to it. Everything else
    about the exit is unchanged: the output is written and closed before this, atexit
    handlers run and the standard streams are flushed; objects that are not in a cycle
    are still freed one by one. Only an object kept in a reference cycle to the end is not
    finalized, as when a process is killed: no command leaves an output to such an object.
    """
    gc.freeze()
