"""Helpers shared by commands: the input program, progress on long work."""

from __future__ import annotations

import contextlib
import functools
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from oas_program.cli import State
    from oas_program.model.program import Program

EMBEDDED_ARGUMENT = "@embedded"
"""Names the embedded program where a command takes a program file (merge, diff)."""


def read_program(
    state: State,
    path: str | None,
    format: str | None = None,
    options: Mapping[str, str] | None = None,
) -> Program:
    """The program in *path* (`-` is standard input); the embedded program for None or
    `@embedded`. Reading is the pipeline's (`oas_program.pipeline.read`); *options* are the
    importer's (`-I`)."""
    from oas_program.files import canonical

    if path is None or path == canonical.EMBEDDED:  # as the pipeline reads it, without it
        return canonical.default_program()
    from oas_program.pipeline import read_program as read

    return read(path, host=state.host, format=format, options=options)


def key_values(flag: str, items: Sequence[str]) -> dict[str, str]:
    """`-O a=1 -O b=2` as a dict; UsageError for an item without `=` or a name twice."""
    from oas_program.errors import UsageError

    values: dict[str, str] = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise UsageError(f"{flag} takes NAME=VALUE, not {item!r}")
        if name.strip() in values:
            raise UsageError(f"{flag} {name.strip()} is given twice")
        values[name.strip()] = value
    return values


LANG_HELP = "Language of human-readable text (markdown, html, forms): en, es, fr or pt."
RAW_CELLS_HELP = "Spreadsheet formats: do not neutralise formula-like cells."
EXTRA_HELP = "Format-specific option (repeatable)."


def export_options(extra: Sequence[str]) -> dict[str, str]:
    """`-O KEY=VALUE` options as a dict; anything else is a usage error."""
    from oas_program.errors import UsageError

    options = dict(item.split("=", 1) for item in extra if "=" in item)
    if len(options) != len(extra):
        raise UsageError("-O takes KEY=VALUE")
    return options


# One convention for commands that print data: `--format text|json` (and csv where a command
# has it), with `--json` as the short form of `--format json`. Commands that had only one of
# the two get the other through these decorators, so both spellings work everywhere.
JSON_HELP = "Same as --format json."


def json_alias(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add `--json` to a command whose `--format` (parameter `output_format`) takes json."""

    @functools.wraps(function)
    def command(*args: Any, as_json: bool, output_format: str, **kwargs: Any) -> Any:
        if as_json:
            source = click.get_current_context().get_parameter_source("output_format")
            if output_format != "json" and source is click.core.ParameterSource.COMMANDLINE:
                raise click.UsageError(f"--json contradicts --format {output_format}")
            output_format = "json"
        return function(*args, output_format=output_format, **kwargs)

    return click.option("--json", "as_json", is_flag=True, help=JSON_HELP)(command)


def format_alias(function: Callable[..., Any]) -> Callable[..., Any]:
    """Add `--format text|json` to a command that prints JSON with `--json` (`as_json`)."""

    @functools.wraps(function)
    def command(*args: Any, as_json: bool, output_format: str | None, **kwargs: Any) -> Any:
        if output_format is not None:
            if as_json and output_format != "json":
                raise click.UsageError(f"--json contradicts --format {output_format}")
            as_json = output_format == "json"
        return function(*args, as_json=as_json, **kwargs)

    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default=None,
        help="Print text (the default) or JSON; --json is the same as --format json.",
    )(command)


def echo_json(data: Any) -> None:
    """Print *data* as the JSON report of a command that reads a program: the text of
    `json.dumps(data, indent=2, ensure_ascii=False)`, written by orjson where it can vouch
    for the same text (`fast_json.dumps_if_plain`). `json` drops its C encoder when asked to
    indent: the report of a diff after a large merge (159,000 changes) took 4 s to write,
    0.8 s now. orjson is loaded with the program already; `plugins`, `formats` and `symbol`,
    which read none and print a few lines, keep `json.dumps`, which needs no import."""
    from oas_program.files import fast_json

    fast = fast_json.dumps_if_plain(data)
    if fast is not None:
        click.echo(fast.decode("utf-8"), nl=False)
    else:
        import json

        click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Lines of an aligned text table with a header row (`services.reports.text_table`)."""
    from oas_program.services.reports.text_table import table as aligned

    return aligned(header, rows)


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
