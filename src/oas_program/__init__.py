"""oas-program: the OAS Inter-American Program on the human rights of migrants as data.

- `default_program()`: the embedded program, a `Program` (frozen attrs classes, in
  `oas_program.model`; change one with `attrs.evolve`);
- `load(path)`, `loads(data)`, `dump(program, path)`, `dumps(program)`: read and write a
  program in any format a plugin provides (JSON, YAML, CSV data package, SQLite, ...);
- `DataError` (every problem of bad input, each a located `Problem`) and `OasProgramError`;
- `hookimpl`: the marker for plugin hooks (descriptors in `oas_program.plugin_api`).

Validation is in `oas_program.services.validation`, tracking (forms, merge, progress, diff)
in `oas_program.services.tracking`. The documentation (tutorials and references) is built
from `docs/` with `python -m sphinx -b html docs docs/_build/html`.

The public API is re-exported here lazily, so that `oas-program --help` does not pay for
importing the model, the converter or the plugin machinery.
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
