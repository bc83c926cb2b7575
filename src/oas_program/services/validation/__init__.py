"""Validate programs: every validator layer the plugin host knows, with located findings.

```python
from oas_program.services import validation

for reported in validation.validate(validation.embedded_input()):
    print(reported)  # <embedded program.json>:2520:5: /declarations/0: warning: ... [code]

loaded = pipeline.read("program.yaml")  # or any importer's file
report = validation.validate(loaded, name="program.yaml")
errors = [r for r in report if r.severity is Severity.ERROR]
```

The layers (built-in plugins, each a `Validator`): `schema` (the canonical data against the
published JSON Schema), `references`, `domain`, `completeness`, `identifiers`. Plugins add
their own through the `oas_program_validators` hook. `rules_markdown()` is the table of
every rule, as `oas-program validate --rules` prints it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from oas_program.errors import Location
    from oas_program.model.located import Loaded
    from oas_program.model.program import Program
    from oas_program.plugins.descriptors import Finding, Input, Rule, Severity
    from oas_program.plugins.host import PluginHost
    from oas_program.services.validation.engine import (
        ENGINE,
        ENGINE_RULES,
        LOAD,
        Reported,
        from_problem,
    )

# Imported on first use: the shared walk (`validation.walk`), which the reports use too,
# does not bring the engine and the plugin descriptors with it (`oas-program show`).
_LAZY = {
    "Location": "oas_program.errors",
    "Finding": "oas_program.plugins.descriptors",
    "Input": "oas_program.plugins.descriptors",
    "Rule": "oas_program.plugins.descriptors",
    "Severity": "oas_program.plugins.descriptors",
    "ENGINE": "oas_program.services.validation.engine",
    "ENGINE_RULES": "oas_program.services.validation.engine",
    "LOAD": "oas_program.services.validation.engine",
    "Reported": "oas_program.services.validation.engine",
    "from_problem": "oas_program.services.validation.engine",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


EMBEDDED_NAME = "<embedded program.json>"
"""How reports name the embedded program."""


def _host(host: PluginHost | None) -> PluginHost:
    if host is not None:
        return host
    from oas_program.plugins.host import PluginHost

    return PluginHost()


def embedded_input() -> Input:
    """The embedded program, located in its JSON file (`src/oas_program/data/program.json`)."""
    from oas_program.files.canonical import default_program, embedded_bytes
    from oas_program.files.positions import json_locator
    from oas_program.model.located import Loaded
    from oas_program.plugins.descriptors import Input

    data = embedded_bytes()
    return Input(
        name=EMBEDDED_NAME,
        loaded=Loaded(
            program=default_program(),
            locate=json_locator(data, EMBEDDED_NAME, unique_keys=True),  # a valid file
        ),
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
    from oas_program.pipeline import read
    from oas_program.plugins.descriptors import Input

    loaded = read(path, host=_host(host), format=format, display=display)
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
    from oas_program.model.located import Loaded
    from oas_program.model.program import Program
    from oas_program.plugins.descriptors import Input
    from oas_program.services.validation.engine import run

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
    from oas_program.services.validation.engine import run

    return run(list(inputs), _host(host))


def rules(host: PluginHost | None = None) -> list[tuple[Rule, str, str]]:
    """Every rule: (rule, validator name, where it comes from), in the validators' order."""
    from oas_program.services.validation import engine

    return engine.rules(_host(host))


def rules_markdown(host: PluginHost | None = None) -> str:
    """The Markdown table of every rule (`oas-program validate --rules`, `docs/rules.md`)."""
    from oas_program.services.validation import engine

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
