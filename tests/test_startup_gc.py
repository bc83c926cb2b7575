"""A command's process leaves the cyclic collector's young collections to large work.

What a command imports and builds lives to its end; at Python's threshold of 700 the
collector walked it dozens of times per command (`console.YOUNG_COLLECTION_AFTER` says why
50,000). Counted in a subprocess through the installed console script, not timed.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import oas_program
from oas_program.console import YOUNG_COLLECTION_AFTER

# The installed console script, run as Python runs it, with a callback that counts the
# collections from its entry point's import on (the script imports `re` and the package
# first): the threshold is set before click is imported.
_SCRIPT = (
    "import gc, re, sys\n"
    "import oas_program.console\n"
    "script = sys.argv[1]\n"
    "sys.argv = sys.argv[1:]\n"
    "code = compile(open(script).read(), script, 'exec')\n"
    "started = []\n"
    "gc.callbacks.append(lambda phase, info: phase == 'start' and started.append(info))\n"
    "try:\n"
    "    exec(code, {'__name__': '__main__'})\n"
    "finally:\n"
    "    sys.stderr.write(f'\\nSTARTED {len(started)} THRESHOLD {gc.get_threshold()[0]}')\n"
)


def test_the_console_script_is_the_console_module() -> None:
    (entry,) = entry_points(group="console_scripts", name="oas-program")
    assert entry.value == "oas_program.console:main"


@pytest.mark.parametrize(
    "args", [("validate",), ("show",), ("export", "--format", "json")], ids=" ".join
)
def test_commands_on_the_embedded_program_run_no_collection(args: tuple[str, ...]) -> None:
    script = str(Path(sys.executable).with_name("oas-program"))
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, script, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Inter-American Program" in done.stdout or args == ("validate",)
    # At Python's 700 each ran 40 to 55 collections, 20 of them while click was imported.
    assert done.stderr.endswith(f"STARTED 0 THRESHOLD {YOUNG_COLLECTION_AFTER}")


def test_a_large_amount_of_work_is_still_collected() -> None:
    # Cyclic garbage past the threshold is found as before: the collector is not off.
    probe = (
        "import gc\n"
        "from oas_program import cli, console\n"
        "found = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and found.append(info))\n"
        "class Cycle:\n"
        "    def __init__(self): self.me = self\n"
        "class Command:  # what `cli.main` runs\n"
        "    def main(self, prog_name):\n"
        f"        for _ in range({YOUNG_COLLECTION_AFTER * 2}): Cycle()\n"
        "cli.cli = Command()\n"
        "try:\n"
        "    console.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sum(info['collected'] for info in found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert int(done.stdout.split()[-1]) >= YOUNG_COLLECTION_AFTER


def test_the_library_leaves_the_collector_as_it_is() -> None:
    before = gc.get_threshold()
    oas_program.loads(oas_program.dumps(oas_program.default_program()))
    assert gc.get_threshold() == before
