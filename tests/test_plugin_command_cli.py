"""A plugin's command runs as `oas-program NAME` from an installed plugin.

Click looks the command up before the root group's callback has made the per-run state;
the lookup used to fail there, so every plugin command ended in an internal error (exit 70).
"""

from __future__ import annotations

from pathlib import Path

from tests.plugin_site import install_plugin, oas

PLUGIN = """
import click
from oas_program import hookimpl


@click.command(name="hello")
@click.argument("who")
def hello(who):
    \"\"\"Say hello.\"\"\"
    click.echo(f"hello, {who}")


@hookimpl
def oas_program_commands():
    return [hello]
"""


def test_an_installed_plugin_command_runs(tmp_path: Path) -> None:
    install_plugin(tmp_path, "oas_hello", "oas-hello", "1.0", "hello", PLUGIN)
    result = oas(tmp_path, "hello", "world")
    assert (result.returncode, result.stdout, result.stderr) == (0, "hello, world\n", "")
    quiet = oas(tmp_path, "--quiet", "hello", "again")
    assert (quiet.returncode, quiet.stdout) == (0, "hello, again\n")


def test_an_unknown_command_is_still_a_usage_error(tmp_path: Path) -> None:
    install_plugin(tmp_path, "oas_hello", "oas-hello", "1.0", "hello", PLUGIN)
    result = oas(tmp_path, "goodbye")
    assert result.returncode == 2
    assert "No such command 'goodbye'" in result.stderr
