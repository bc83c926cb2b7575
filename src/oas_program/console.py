"""The `oas-program` console script: the process is set up for one command before the command
line (click and the commands, `oas_program.cli`) is imported, then the command runs."""

from __future__ import annotations

import gc

YOUNG_COLLECTION_AFTER = 50_000
"""Containers allocated (net) before the cyclic collector walks the young generation, in a
command's process: Python's 700 suits a long-lived program. A command spends most of its
allocations on what lives to its end (the modules it imports, click's among them, the model's
classes, the plugin host), and at 700 the collector walked them 50 times for `validate` and
33 for `show` (13 and 7.5 ms, a twentieth of each), 20 of them while click was imported, to
find the little garbage they leave. At 50,000 no collection runs for a command on the embedded
program; bulk work (a large load) pauses the collector anyway (`convert.paused_gc`), and
elsewhere each collection walks more objects but runs less often: about the same work. The
older generations' thresholds are unchanged."""


def main() -> None:
    """Console-script entry point: runs the command (`oas_program.cli.main`), then ends the
    process."""
    gc.set_threshold(YOUNG_COLLECTION_AFTER, *gc.get_threshold()[1:])
    from oas_program.cli import main as run_command

    run_command()
