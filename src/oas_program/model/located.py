"""A program together with where each of its values came from in the input."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from oas_program.errors import Location
from oas_program.model.program import Program


def _no_location(pointer: str) -> Location | None:
    return None


@attrs.frozen(kw_only=True)
class Loaded:
    """A program read from a file, with a way to find where each value came from."""

    program: Program
    locate: Callable[[str], Location | None] = _no_location
    """Map a JSON Pointer into the program (`/activities/3/id`) to its place in the file;
    computed lazily, since most runs never need it."""
