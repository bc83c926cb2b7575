"""Ceilings that keep a hostile input from exhausting memory or time."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import attrs

from oas_program.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping


@attrs.frozen(kw_only=True)
class Limits:
    """Ceilings that keep a hostile input from exhausting memory or time.

    The defaults are below; `Limits.from_environ()` (what every importer is given by the
    host and the command) lets the environment change them: `OAS_PROGRAM_MAX_INPUT_BYTES`,
    `OAS_PROGRAM_MAX_DEPTH`, `OAS_PROGRAM_MAX_YAML_ALIASES` (whole numbers)."""

    max_bytes: int = 200 * 1024 * 1024
    """Largest input file read (200 MiB); for an archive, all its members together."""
    max_depth: int = 64
    """Deepest nesting of arrays and objects."""
    max_yaml_aliases: int = 100
    """Most YAML alias uses in one document (alias bombs expand exponentially)."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, changed by the `OAS_PROGRAM_MAX_*` variables that are set."""
        environ = os.environ if environ is None else environ
        changed: dict[str, int] = {}
        for variable, field in LIMIT_VARIABLES.items():
            text = environ.get(variable, "").strip()
            if not text:
                continue
            if not text.isdigit() or not text.isascii() or int(text) < 1:
                raise UsageError(f"{variable} must be a whole number above 0, not {text!r}")
            changed[field] = int(text)
        return cls(**changed) if changed else DEFAULT_LIMITS

    def size_text(self) -> str:
        """The byte limit as messages give it: `200 MiB`, or `1000 bytes` when not whole MiB."""
        return size_text(self.max_bytes)


LIMIT_VARIABLES = {
    "OAS_PROGRAM_MAX_INPUT_BYTES": "max_bytes",
    "OAS_PROGRAM_MAX_DEPTH": "max_depth",
    "OAS_PROGRAM_MAX_YAML_ALIASES": "max_yaml_aliases",
}
"""Environment variables that change `Limits` (documented in the README)."""

DEFAULT_LIMITS = Limits()


def size_text(size: int) -> str:
    """`200 MiB` for whole mebibytes, else the number of bytes."""
    mib = 1024 * 1024
    return f"{size // mib} MiB" if size >= mib and size % mib == 0 else f"{size} bytes"
