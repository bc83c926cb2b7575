"""`oas-program plugins new NAME`: the files of a new plugin distribution.

The skeleton has one hook of each common kind, written as docs/plugins.md describes them: an
exporter (a double suffix and a declared option), a validator whose rule codes start with
the plugin's short name, and a command; tests that use the pytest fixtures; strict mypy.
The test suite makes one, installs it and runs its commands and its own tests.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from oas_program.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
PREFIX = "oas-program-"

PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{name}"
version = "0.1.0"
description = "{short}: a plugin for oas-program"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["oas-program"]

[project.optional-dependencies]
test = ["pytest>=8", "mypy>=1.10"]

# The entry point makes the plugin known to `oas-program`: group `oas_program`, any name.
[project.entry-points.oas_program]
{short} = "{module}"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]

[tool.pytest.ini_options]
testpaths = ["tests"]

[tool.mypy]
strict = true
files = ["src", "tests"]
"""

README = """\
# {name}

A plugin for [oas-program](https://pypi.org/project/oas-program/): the `{short}` format,
the `{short}-*` validation rules and the `{short}-count` command.

```sh
python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'
.venv/bin/oas-program plugins doctor      # {short}: loaded
.venv/bin/oas-program export -o activities.{short}.txt -O numbered=true
.venv/bin/oas-program {short}-count
.venv/bin/python -m pytest && .venv/bin/mypy
```

The plugin guide of oas-program (`docs/plugins.md`) documents every hook, descriptor,
option, fixture and error type used here.
"""

MODULE = '''\
"""{name}: the `{short}` format, the `{short}-*` rules and the `{short}-count` command."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import click

from oas_program import hookimpl
from oas_program.cli.api import CommandContext, pass_oas_program
from oas_program.model import Program
from oas_program.plugin_api import (
    Exporter,
    ExportOptions,
    Finding,
    Option,
    Rule,
    Severity,
    Validator,
)


def write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    """One line per activity: its id and summary in the language asked for."""
    for number, activity in enumerate(program.activities, 1):
        _lang, text = activity.summary.best(options.lang)
        prefix = f"{{number}}. " if options.extra["numbered"] else ""
        stream.write(f"{{prefix}}{{activity.id}}\\t{{text}}\\n".encode())


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="{short}",
            media_type="text/plain",
            suffix=".{short}.txt",
            write=write,
            description="One line per activity",
            options=(
                Option(name="numbered", type="bool", default=False, help="Number the lines"),
            ),
        )
    ]


SHORT_LABEL = Rule(
    code="{short}-short-label",
    severity=Severity.INFO,
    summary="Activity labels have at least 12 characters.",
    fix="Write a label that says what the activity does.",
)


def check(program: Program) -> Iterator[Finding]:
    for number, activity in enumerate(program.activities):
        label = activity.label.best("en")[1]
        if len(label) < 12:
            yield SHORT_LABEL.finding(
                f"label {{label!r}} is short; say more", f"/activities/{{number}}/label"
            )


@hookimpl
def oas_program_validators() -> list[Validator]:
    return [Validator(name="{short}", rules=(SHORT_LABEL,), check=check)]


@click.command("{short}-count")
@click.argument("input", required=False)
@pass_oas_program
def count(oas: CommandContext, input: str | None) -> None:
    """Count the activities of INPUT (default: the embedded program)."""
    click.echo(len(oas.read_program(input).activities))


@hookimpl
def oas_program_commands() -> list[click.Command]:
    return [count]
'''

TESTS = '''\
"""Tests of {name}, with the fixtures oas-program gives plugin authors."""

from __future__ import annotations

import {module}
from oas_program.cli.testing import RunCommand
from oas_program.model import Program
from oas_program.plugin_api import ExportOptions
from oas_program.plugins.testing import ExportBytes, HostFactory
from oas_program.services.validation import validate


def test_export(oas_program_host: HostFactory, oas_program_export_bytes: ExportBytes) -> None:
    host = oas_program_host({module})
    numbered = ExportOptions(extra={{"numbered": "yes"}})  # as `-O numbered=yes` would give
    text = oas_program_export_bytes(host, "{short}", options=numbered)
    assert text.decode().startswith("1. ")


def test_rule(oas_program_host: HostFactory, oas_program_embedded: Program) -> None:
    findings = validate(oas_program_embedded, host=oas_program_host({module}))
    assert all(f.severity.value == "info" for f in findings if f.code.startswith("{short}-"))


def test_command(
    oas_program_host: HostFactory, oas_program_cli: RunCommand, oas_program_embedded: Program
) -> None:
    result = oas_program_cli(oas_program_host({module}), "{short}-count")
    assert result.exit_code == 0, result.stderr
    assert int(result.stdout) == len(oas_program_embedded.activities)
'''


def files(name: str) -> dict[str, str]:
    """The skeleton's files (relative path → text) for the distribution *name*."""
    if not NAME.fullmatch(name):
        raise UsageError(
            f"'{name}' is not a distribution name for a plugin: lowercase letters, digits and "
            "inner hyphens, such as oas-program-popolo"
        )
    short = name.removeprefix(PREFIX) or name
    if len(short) > 24:
        raise UsageError(f"'{short}' is too long for a format name (24 characters at most)")
    module = name.replace("-", "_")
    values = {"name": name, "short": short, "module": module}
    return {
        "pyproject.toml": PYPROJECT.format(**values),
        "README.md": README.format(**values),
        f"src/{module}/__init__.py": MODULE.format(**values),
        f"src/{module}/py.typed": "",
        f"tests/test_{short.replace('-', '_')}.py": TESTS.format(**values),
    }


def write_into(name: str, directory: Path) -> None:
    """Write the skeleton of *name* into *directory* (new and empty)."""
    for relative, text in files(name).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
