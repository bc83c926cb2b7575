"""Helpers shared by commands: reading the input program, writing an export."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

from oas_program.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from oas_program.cli import State
    from oas_program.model.program import Program
    from oas_program.plugin_api import Exporter, ExportOptions

EMBEDDED_ARGUMENT = "@embedded"
"""Names the embedded program where a command takes a program file (merge, diff)."""


def read_program(state: State, path: str | None, format: str | None = None) -> Program:
    """The program in *path* (importer by name or content); the embedded program for None
    or `@embedded`."""
    if path is None or path == EMBEDDED_ARGUMENT:
        from oas_program.canonical import default_program

        return default_program()
    # The text as given: a URL (`postgresql:///db`) must not become a Path (`postgresql:/db`).
    program: Program = state.host.read(path, format=format, display=path)
    return program


def write_export(
    state: State,
    program: Program,
    exporter: Exporter | None,
    output: str,
    options: ExportOptions,
    inputs: list[str],
) -> None:
    """Write *program* with *exporter* to *output* ("-" = stdout); see `export.write_program`."""
    from oas_program.export import write_program

    if output == "-" and exporter is not None and exporter.binary and _stdout_is_tty():
        raise UsageError(f"format '{exporter.name}' is binary; give -o FILE")
    write_program(state.host, program, exporter, output, options, inputs)


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()


PROGRESS_MIN_BYTES = 5 * 1024 * 1024
"""Inputs from this size on take about a second or more: their commands show progress."""


def input_size(paths: Sequence[str | None]) -> int:
    """The bytes of the input files together (the embedded program and "-" count as 0)."""
    import os

    total = 0
    for path in paths:
        if path and path not in ("-", EMBEDDED_ARGUMENT):
            with contextlib.suppress(OSError):
                total += os.path.getsize(path)
    return total


@contextlib.contextmanager
def progress(
    state: State, label: str, phases: Sequence[str], size: int
) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr over the *phases* of a long command; yields `step(phase)`,
    to call as each phase begins.

    Shown only for inputs of `PROGRESS_MIN_BYTES` or more, when stderr is a terminal and
    without `--quiet`: pipes, logs and tests see nothing. The library reports no progress
    within a phase, so the bar moves phase by phase and names the one running."""
    if state.quiet or size < PROGRESS_MIN_BYTES or not _stderr_is_tty():
        yield lambda phase: None
        return
    from click import progressbar

    bar = progressbar(
        length=len(phases),
        label=label,
        file=sys.stderr,
        show_eta=False,
        item_show_func=lambda phase: phase,
    )
    with bar:
        begun = 0

        def step(phase: str) -> None:
            nonlocal begun
            # A phase counts as done when the next one begins: the bar shows work finished.
            if begun:
                bar.update(1, phase)
            else:  # nothing done yet: only name the phase
                bar.current_item = phase
                bar.render_progress()
            begun += 1

        yield step
        bar.update(len(phases) - bar.pos, "done")


def _stderr_is_tty() -> bool:
    return sys.stderr.isatty()
