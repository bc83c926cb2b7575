"""What a plugin command (the `oas_program_commands` hook) gets from `oas-program`.

```python
import click
from oas_program.cli.api import CommandContext, pass_oas_program


@click.command("count")
@click.argument("input", required=False)
@pass_oas_program
def count(oas: CommandContext, input: str | None) -> None:
    program = oas.read_program(input)  # any format, `-`, or the embedded program
    click.echo(len(program.activities))
```

The command runs under the same rules as the built-in ones: raise `DataError`, `UsageError`
or `PluginError` (`oas_program.plugin_api`) for the documented exit codes (3 or 1, 2, 5);
anything else it raises is reported as a failure of the plugin, naming it (exit 5), and
`--debug` shows the traceback and the plugin's file and line. Warnings about other plugins
are printed at the end, as for every command.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from oas_program.cli import State
    from oas_program.model.located import Loaded
    from oas_program.model.program import Program
    from oas_program.plugins.descriptors import ExportOptions
    from oas_program.plugins.host import PluginHost

P = ParamSpec("P")
R = TypeVar("R")


class CommandContext:
    """The running `oas-program`: its plugin host, its root options, reading and writing."""

    def __init__(self, state: State) -> None:
        self._state = state

    @property
    def host(self) -> PluginHost:
        """The plugin host of this run (formats, validators, commands of every plugin)."""
        host: PluginHost = self._state.host
        return host

    @property
    def quiet(self) -> bool:
        """`oas-program -q`: print no warnings or progress."""
        return self._state.quiet

    @property
    def verbose(self) -> bool:
        """`oas-program -v`."""
        return self._state.verbose

    @property
    def debug(self) -> bool:
        """`oas-program --debug` (or `OAS_PROGRAM_DEBUG=1`)."""
        return self._state.debug

    def read(self, location: str | Path | None, *, format: str | None = None) -> Loaded:
        """A program with the places of its values: *location* is a path in any readable
        format, `-` for standard input, or None / `@embedded` for the embedded program.
        Raises `DataError` (exit 3 or 1) naming the file and the place."""
        from oas_program.pipeline import read

        return read(location, host=self.host, format=format)

    def read_program(self, location: str | Path | None, *, format: str | None = None) -> Program:
        """The program alone (see `read`)."""
        return self.read(location, format=format).program

    def write(
        self,
        program: Program,
        output: str | Path,
        *,
        format: str | None = None,
        options: ExportOptions | None = None,
        inputs: Sequence[str | Path] = (),
    ) -> None:
        """Write *program* to *output* (`-` for standard output) atomically, in *format* or
        the one the name ends with; an output that is one of *inputs* is refused (exit 2)."""
        from oas_program.pipeline import write

        write(program, output, host=self.host, format=format, options=options, inputs=inputs)

    def warn(self, message: str) -> None:
        """Print `oas-program: warning: MESSAGE` on stderr (unless `-q`)."""
        if not self.quiet:
            click.echo(f"oas-program: warning: {message}", err=True)


def pass_oas_program(function: Callable[Concatenate[CommandContext, P], R]) -> Callable[P, R]:
    """Decorate a click command's function to receive the `CommandContext` first."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        from oas_program.cli import State

        state = click.get_current_context().ensure_object(State)
        return function(CommandContext(state), *args, **kwargs)

    return wrapper


__all__ = ["CommandContext", "pass_oas_program"]
