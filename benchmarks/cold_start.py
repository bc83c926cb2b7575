"""Whole-process cold starts of the command, against `python -c "import click"`.

Run: `python benchmarks/cold_start.py [--runs 15]` (with oas-program installed in that
Python's environment). Prints a Markdown table of medians and ratios to the click import.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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
}


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)  # warm the file cache
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    results = {name: median_seconds(command, args.runs) for name, command in CASES.items()}
    base = results['python -c "import click"']
    print(f"| command (median of {args.runs}) | ms | × import click |")
    print("|---|---:|---:|")
    for name, seconds in results.items():
        print(f"| `{name}` | {seconds * 1000:.0f} | {seconds / base:.2f} |")


if __name__ == "__main__":
    main()
