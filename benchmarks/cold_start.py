"""Whole-process cold starts of the command, against `python -c "import click"`.

Run: `python benchmarks/cold_start.py [--runs 15]` (with oas-program installed in that
Python's environment). Prints a Markdown table of medians and ratios to the click import.

`--instructions` counts instead the instructions each command executes, once, under valgrind
(`valgrind --tool=callgrind`, hash seed 0): about fifty times as slow, but the same count on
every run, where a busy machine moves the times by a tenth. A count is not a time (a file
read or a library loaded costs time and few instructions): use it to compare two versions of
the code, the times to compare with the targets.

Bytecode is cached as for an installed package (in a private cache directory), even where
PYTHONDONTWRITEBYTECODE is set: otherwise every run would compile the project's modules from
source while click's come precompiled, and the ratios would measure the compiler. The
compiled code of the functions generated from the model (`oas_program.model.code_cache`) is
kept in the same cache, as it is for a user.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("oas-program")

CASES: dict[str, list[str]] = {
    'python -c "pass"': [sys.executable, "-c", "pass"],
    'python -c "import click"': [sys.executable, "-c", "import click"],
    "oas-program --help": [str(SCRIPT), "--help"],
    "oas-program --version": [str(SCRIPT), "--version"],
    "oas-program plugins": [str(SCRIPT), "plugins"],
    "oas-program export --format json": [str(SCRIPT), "export", "--format", "json"],
    "oas-program show": [str(SCRIPT), "show"],
    "oas-program validate": [str(SCRIPT), "validate"],
}


def cached_bytecode(env: dict[str, str] | None = None) -> dict[str, str]:
    """*env* (default: this process's) with bytecode written to and read from one cache."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "oas-program-bench-pycache")
    return env


def median_seconds(command: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    env = cached_bytecode(env)
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)  # warm the caches
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def interleaved_medians(
    commands: dict[str, list[str]], runs: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median seconds of each command, run in turn (one run of each, *runs* times over), so
    that a busy spell of the machine slows every command alike, not the one running then."""
    env = cached_bytecode(env)
    for command in commands.values():  # warm the caches
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
            timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def instructions(command: list[str], env: dict[str, str] | None = None) -> int:
    """Instructions *command* executes, counted by valgrind's callgrind (hash seed 0)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (Debian and Ubuntu: apt install valgrind)")
    env = {**cached_bytecode(env), "PYTHONHASHSEED": "0"}
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)  # warm the caches
    counted = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        env=env,
    )
    found = re.search(r"Collected : (\d+)", counted.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count for {command}:\n{counted.stderr}")
    return int(found[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind), not time"
    )
    args = parser.parse_args()
    if args.instructions:
        counts = {name: instructions(command) for name, command in CASES.items()}
        click_count = counts['python -c "import click"']
        print("| command (instructions, hash seed 0) | millions | × import click |")
        print("|---|---:|---:|")
        for name, count in counts.items():
            print(f"| `{name}` | {count / 1e6:.1f} | {count / click_count:.2f} |")
        return
    results = interleaved_medians(CASES, args.runs)
    base = results['python -c "import click"']
    print(f"| command (median of {args.runs}) | ms | × import click |")
    print("|---|---:|---:|")
    for name, seconds in results.items():
        print(f"| `{name}` | {seconds * 1000:.0f} | {seconds / base:.2f} |")


if __name__ == "__main__":
    main()
