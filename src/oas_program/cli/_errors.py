"""How the command reports failures: one line per problem, the documented exit code."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import traceback
from typing import TYPE_CHECKING, Any

import click

from oas_program.errors import DataError, ExitCode, OasProgramError, format_problems

if TYPE_CHECKING:
    from collections.abc import Callable


def run_guarded(ctx: click.Context, invoke: Callable[[], Any]) -> Any:
    """Run a command; turn the library's errors, Ctrl-C and bugs into exit codes."""
    # ctx.obj (the State) is made by the root group's callback, inside invoke(): read it late.
    try:
        result = invoke()
    except DataError as error:
        _report_plugin_warnings(ctx.obj)
        for line in format_problems(error.problems, getattr(ctx.obj, "max_errors", 50)):
            click.echo(line, err=True)
        ctx.exit(error.exit_code)
    except OasProgramError as error:
        _report_plugin_warnings(ctx.obj)
        click.echo(f"oas-program: {error}", err=True)
        ctx.exit(error.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("Interrupted", err=True)
        ctx.exit(ExitCode.INTERRUPTED)
    except click.exceptions.Exit:  # how click ends a command that succeeded
        _report_plugin_warnings(ctx.obj)
        raise
    except click.exceptions.ClickException:
        raise
    except BrokenPipeError:  # the reader went away (`| head`): end quietly, as shells expect
        silence_stdout()
        ctx.exit(ExitCode.BROKEN_PIPE)
    except Exception:
        if ctx.obj is not None and ctx.obj.debug:
            raise
        log = _save_traceback()
        click.echo(
            f"oas-program: internal error, please report it (traceback saved to {log})", err=True
        )
        ctx.exit(ExitCode.INTERNAL)
    _report_plugin_warnings(ctx.obj)
    return result


def _report_plugin_warnings(state: Any) -> None:
    if state is not None:
        state.report_plugin_warnings()


def _save_traceback() -> str:
    handle, path = tempfile.mkstemp(prefix="oas-program-error-", suffix=".log")
    with os.fdopen(handle, "w", encoding="utf-8") as log:
        traceback.print_exc(file=log)
    return path


def silence_stdout() -> None:
    # Python's documented recipe: point stdout at devnull so the interpreter's final flush
    # does not raise again (and print a traceback) on the closed pipe.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
