"""Helpers shared by commands: the input program, progress on long work."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from oas_program.cli import State
    from oas_program.model.program import Program

EMBEDDED_ARGUMENT = "@embedded"
"""Names the embedded program where a command takes a program file (merge, diff)."""


def read_program(state: State, path: str | None, format: str | None = None) -> Program:
    """The program in *path* (`-` is standard input); the embedded program for None or
    `@embedded`. Reading is the pipeline's (`oas_program.pipeline.read`)."""
    from oas_program.pipeline import read_program as read

    return read(path, host=state.host, format=format)


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


LANG_DEFAULT_HELP = "from LANGUAGE, LC_ALL, LC_MESSAGES or LANG; else en"


def lang_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--lang`, one of the OAS official languages; by default the environment's (gettext's
    variables, e.g. LANG=pt_BR.UTF-8 gives pt), else English."""
    import click

    from oas_program.i18n import INTERFACE_LANGUAGES, default_language

    return click.option(
        "--lang",
        default=lambda: default_language(),
        show_default=LANG_DEFAULT_HELP,
        type=click.Choice(INTERFACE_LANGUAGES),
        help=help,
    )
