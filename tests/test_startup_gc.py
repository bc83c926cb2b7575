"""A command's process leaves the cyclic collector's young collections to large work.

What a command imports and builds lives to its end; at Python's threshold of 700 the
collector walked it dozens of times per command (`cli.YOUNG_COLLECTION_AFTER` says why
50,000). Counted in a subprocess through the installed command's entry point, not timed.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys

import pytest

from oas_program.cli import YOUNG_COLLECTION_AFTER, main

# Count the collections that start while the command runs (after the CLI is imported, as the
# console script does), then print them with the threshold the command ran under.
_PROBE = (
    "import atexit, gc, json, sys\n"
    "sys.argv = ['oas-program', *sys.argv[1:]]\n"
    "from oas_program import cli\n"
    "seen = {'collections': [], 'threshold': None}\n"
    "def count(phase, info):\n"
    "    if phase == 'start':\n"
    "        seen['collections'].append(info['generation'])\n"
    "        seen['threshold'] = gc.get_threshold()\n"
    "gc.callbacks.append(count)\n"
    "leave = cli._leave_objects_to_the_system\n"
    "def at_end():\n"
    "    seen['threshold'] = seen['threshold'] or gc.get_threshold()\n"
    "    leave()\n"
    "cli._leave_objects_to_the_system = at_end\n"
    "atexit.register(lambda: sys.stderr.write('\\nGC ' + json.dumps(seen)))\n"
    "cli.main()\n"
)


def collections_during(*args: str) -> dict[str, list[int]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    marker = done.stderr.rindex("GC ")
    seen: dict[str, list[int]] = json.loads(done.stderr[marker + len("GC ") :])
    return seen


@pytest.mark.parametrize(
    "args", [("validate",), ("show",), ("export", "--format", "json")], ids=" ".join
)
def test_commands_on_the_embedded_program_run_no_collection(args: tuple[str, ...]) -> None:
    seen = collections_during(*args)
    # At Python's 700 each of these ran 40 to 55 collections (young and middle generation).
    assert seen["collections"] == []
    assert seen["threshold"][0] == YOUNG_COLLECTION_AFTER
    assert tuple(seen["threshold"][1:]) == gc.get_threshold()[1:]


def test_a_large_amount_of_work_is_still_collected() -> None:
    # Cyclic garbage past the threshold is found as before: the collector is not off.
    probe = (
        "import gc, sys\n"
        "from oas_program import cli\n"
        "found = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'stop' and found.append(info))\n"
        "class Cycle:\n"
        "    def __init__(self): self.me = self\n"
        "def make_garbage():\n"
        f"    for _ in range({YOUNG_COLLECTION_AFTER * 2}): Cycle()\n"
        "class Command:\n"
        "    def main(self, prog_name): make_garbage()\n"
        "cli.cli = Command()  # the command `main` runs\n"
        "try:\n"
        "    cli.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sum(info['collected'] for info in found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert int(done.stdout.split()[-1]) >= YOUNG_COLLECTION_AFTER


def test_main_gives_an_in_process_caller_its_threshold_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = gc.get_threshold()
    monkeypatch.setattr(sys, "argv", ["oas-program", "--version"])
    monkeypatch.setattr("oas_program.cli._leave_objects_to_the_system", lambda: None)
    try:
        gc.set_threshold(1234, 11, 12)
        with pytest.raises(SystemExit) as ended:
            main()
        assert ended.value.code == 0
        assert gc.get_threshold() == (1234, 11, 12)
    finally:
        gc.set_threshold(*before)
