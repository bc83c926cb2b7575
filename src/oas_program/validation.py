"""Validate programs: every validator layer the plugin host knows, with located findings.

```python
from oas_program import validation

for reported in validation.validate(validation.embedded_input()):
    print(reported)  # <embedded program.json>:2520:5: /declarations/0: warning: ... [code]

loaded = host.read_located("program.yaml")  # or any importer's file
report = validation.validate(loaded, name="program.yaml")
errors = [r for r in report if r.severity is Severity.ERROR]
```

The layers (built-in plugins, each a `Validator`): `schema` (the canonical data against the
published JSON Schema), `references`, `domain`, `completeness`, `identifiers`. Plugins add
their own through the `oas_program_validators` hook. `rules_markdown()` is the table of
every rule, as `oas-program validate --rules` prints it.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from oas_program.builtin.validation import engine
from oas_program.builtin.validation.engine import (
    ENGINE,
    ENGINE_RULES,
    LOAD,
    Reported,
    from_problem,
    run,
)
from oas_program.model.program import Program
from oas_program.plugin_api import Finding, Input, Loaded, Location, Rule, Severity

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from oas_program.host import PluginHost

EMBEDDED_NAME = "<embedded program.json>"
"""How reports name the embedded program."""


def _host(host: PluginHost | None) -> PluginHost:
    if host is not None:
        return host
    from oas_program.host import PluginHost

    return PluginHost()


def embedded_input() -> Input:
    """The embedded program, located in its JSON file (`src/oas_program/data/program.json`)."""
    from oas_program.canonical import default_program
    from oas_program.positions import json_locator

    data = resources.files("oas_program.data").joinpath("program.json").read_bytes()
    return Input(
        name=EMBEDDED_NAME,
        loaded=Loaded(program=default_program(), locate=json_locator(data, EMBEDDED_NAME)),
    )


def read_input(
    path: str | Path,
    *,
    host: PluginHost | None = None,
    format: str | None = None,
    display: str | None = None,
) -> Input:
    """Read a file with its importer into an Input; raises DataError for unreadable files."""
    display = display or str(path)
    # The text as given: a URL (`postgresql:///db`) must not become a Path (`postgresql:/db`).
    loaded = _host(host).read_located(str(path), format=format, display=display)
    return Input(name=display, loaded=loaded)


def validate(
    target: Program | Loaded | Input,
    *,
    host: PluginHost | None = None,
    name: str = "<program>",
) -> list[Reported]:
    """Every finding for one program, sorted by rule and place.

    A `Loaded` (from `PluginHost.read_located`) or an `Input` gives findings a line and a
    column; a bare `Program` gives JSON Pointers only. *name* names the input in reports."""
    if isinstance(target, Program):
        target = Loaded(program=target)
    if isinstance(target, Loaded):
        target = Input(name=name, loaded=target)
    return run([target], _host(host))[0]


def validate_many(
    inputs: Sequence[Input], *, host: PluginHost | None = None
) -> list[list[Reported]]:
    """The findings of each input (in the order given), with the checks across them (an id
    repeated in two files); each list sorted by rule and place."""
    return run(list(inputs), _host(host))


def rules(host: PluginHost | None = None) -> list[tuple[Rule, str, str]]:
    """Every rule: (rule, validator name, where it comes from), in the validators' order."""
    return engine.rules(_host(host))


def rules_markdown(host: PluginHost | None = None) -> str:
    """The Markdown table of every rule (`oas-program validate --rules`, `docs/rules.md`)."""
    return engine.rules_markdown(_host(host))


__all__ = [
    "EMBEDDED_NAME",
    "ENGINE",
    "ENGINE_RULES",
    "LOAD",
    "Finding",
    "Input",
    "Location",
    "Reported",
    "Rule",
    "Severity",
    "embedded_input",
    "from_problem",
    "read_input",
    "rules",
    "rules_markdown",
    "validate",
    "validate_many",
]
