"""pytest fixture for plugin commands (loaded through the `pytest11` entry point, next to
`oas_program.plugins.testing`): run `oas-program` in-process with a host you built.

```python
def test_my_command(oas_program_host, oas_program_cli):
    result = oas_program_cli(oas_program_host(my_plugin), "my-command", "--flag")
    assert result.exit_code == 0, result.stderr
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pytest

if TYPE_CHECKING:
    from click.testing import Result

    from oas_program.plugins.host import PluginHost


class RunCommand(Protocol):
    """The type of `oas_program_cli`."""

    def __call__(
        self, host: PluginHost, *args: str, input: str | bytes | None = None
    ) -> Result: ...


def _run(host: PluginHost, *args: str, input: str | bytes | None = None) -> Result:
    from click.testing import CliRunner

    from oas_program.cli import State, cli

    state = State()
    state._host = host
    return CliRunner().invoke(cli, list(args), obj=state, input=input)


@pytest.fixture
def oas_program_cli() -> RunCommand:
    """Run `oas-program ARGS` in-process (click's CliRunner) with the given host, so a
    plugin's command (or any command, with the plugin's formats) is tested without
    installing the plugin. `oas_program_cli(host, "hello", "--name", "x")` returns click's
    `Result` (`exit_code`, `stdout`, `stderr`); errors are reported and mapped to exit codes
    exactly as by the installed command."""
    return _run
