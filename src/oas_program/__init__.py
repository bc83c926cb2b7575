"""oas-program: the OAS Inter-American Program on the human rights of migrants as data.

The public API:

- `default_program()`: the embedded program (AG/RES. 2141 (XXXV-O/05)), loaded once;
- `load(path)` / `loads(data)`: read a program from a file (format from its name) or text;
- `dump(program, path)` / `dumps(program)`: write one, atomically;
- `Program`: the model's root (`program.get(id)`, `activities_for(actor)`, ...);
- `DataError`, `OasProgramError`, `Problem`: the errors, each problem located;
- `hookimpl`: the marker plugin authors use (see `oas_program.plugin_api`).

The names are imported on first use, so that `oas-program --help` does not pay for the
model, the converter or the plugin machinery; `dir()` and `help()` list them all.

Validation is in `oas_program.services.validation`, tracking (forms, merge, progress, diff)
in `oas_program.services.tracking`. The documentation (tutorials and references) is built
from `docs/` with `python -m sphinx -b html docs docs/_build/html`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from oas_program.errors import DataError, OasProgramError, Problem
    from oas_program.model import Program
    from oas_program.pipeline import default_program, dump, dumps, load, loads
    from oas_program.plugins.hookspecs import hookimpl

_LAZY = {
    "Program": "oas_program.model",
    "load": "oas_program.pipeline",
    "loads": "oas_program.pipeline",
    "dump": "oas_program.pipeline",
    "dumps": "oas_program.pipeline",
    "default_program": "oas_program.pipeline",
    "DataError": "oas_program.errors",
    "OasProgramError": "oas_program.errors",
    "Problem": "oas_program.errors",
    "hookimpl": "oas_program.plugins.hookspecs",
}

__all__ = [
    "DataError",
    "OasProgramError",
    "Problem",
    "Program",
    "__version__",
    "default_program",
    "dump",
    "dumps",
    "hookimpl",
    "load",
    "loads",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'oas_program' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The lazy names are part of the module: list them with the others (PEP 562).
    return sorted(set(globals()) | set(__all__))
