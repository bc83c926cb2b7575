"""How the command reports failures: one line per problem, the documented exit code."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from oas_program.errors import (
    DataError,
    ExitCode,
    OasProgramError,
    PluginError,
    format_problems,
)

if TYPE_CHECKING:
    import traceback
    from collections.abc import Callable

# `traceback` and `tempfile` are imported where a failure is reported: every command passes
# through here, and most end well.


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
        _show_plugin_traceback(ctx.obj, error)
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
    except Exception as error:
        command = ctx.meta.get("oas_program.plugin_command")
        if command is not None:  # a plugin command's own bug: exit 5, naming the plugin
            failure = plugin_failure(command, error)
            _report_plugin_warnings(ctx.obj)
            _show_plugin_traceback(ctx.obj, failure)
            click.echo(f"oas-program: {failure}", err=True)
            ctx.exit(failure.exit_code)
        if ctx.obj is not None and ctx.obj.debug:
            raise
        log = _save_traceback()
        click.echo(
            f"oas-program: internal error, please report it (traceback saved to {log})", err=True
        )
        ctx.exit(ExitCode.INTERNAL)
    _report_plugin_warnings(ctx.obj)
    return result


def plugin_failure(what: str, error: Exception) -> PluginError:
    """*error*, raised by plugin code, as the PluginError `pipeline.isolated` makes of it."""
    from oas_program.pipeline import isolated

    try:
        with isolated(what):
            raise error
    except PluginError as converted:
        return converted
    except Exception:  # isolated lets OS errors through: here they are the plugin's too
        failed = PluginError(f"{what} failed: {type(error).__name__}: {error} [plugin-error]")
        failed.__cause__ = error
        return failed


def _show_plugin_traceback(state: Any, error: OasProgramError) -> None:
    """With --debug: the traceback of the plugin code behind a PluginError, and the file and
    line in the plugin where it was raised."""
    cause = error.__cause__
    if state is None or not state.debug or not isinstance(error, PluginError) or cause is None:
        return
    import traceback

    click.echo("".join(traceback.format_exception(cause)).rstrip("\n"), err=True)
    frame = plugin_frame(cause)
    if frame is not None:
        click.echo(
            f"oas-program: raised in plugin code at {frame.filename}:{frame.lineno} "
            f"(in {frame.name})",
            err=True,
        )


def plugin_frame(error: BaseException) -> traceback.FrameSummary | None:
    """The innermost frame of *error*'s traceback that is neither oas-program's own code nor
    the standard library nor click/pluggy: where the plugin raised (or called what raised)."""
    import sysconfig
    import traceback

    own = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    skip = [own, sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]]
    skip += [os.path.dirname(os.path.abspath(m.__file__ or "")) for m in (click,)]
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        path = os.path.abspath(frame.filename)
        if not any(path.startswith(prefix + os.sep) for prefix in skip):
            return frame
    return None


def _report_plugin_warnings(state: Any) -> None:
    if state is not None:
        state.report_plugin_warnings()


def _save_traceback() -> str:
    import tempfile
    import traceback

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
