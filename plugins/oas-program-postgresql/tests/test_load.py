"""Concurrent merges lose nothing: 35 forms merged at once, and one form merged twice at once.

Runs `benchmarks/load.py` (the benchmark whose 20-round figures are in the README) with
fewer rounds: 3 rounds with a thread per merge, and 1 round with an `oas-program merge`
process per form (as users run it). `OAS_PROGRAM_PG_LOAD_ROUNDS=20` runs 20 of each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

LOAD = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


@pytest.mark.parametrize(("mode", "default_rounds"), [("--threads", 3), ("--processes", 1)])
def test_concurrent_merges_lose_and_duplicate_nothing(
    url: str, mode: str, default_rounds: int
) -> None:
    rounds = int(os.environ.get("OAS_PROGRAM_PG_LOAD_ROUNDS", default_rounds))
    args = [sys.executable, str(LOAD), url, "--rounds", str(rounds), "--json"]
    if mode == "--threads":
        args.append(mode)
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)
    assert done.returncode == 0, done.stdout + done.stderr
    figures: dict[str, Any] = json.loads(done.stdout)
    assert figures["merges"] == 37 * rounds
    assert (figures["failures"], figures["lost"], figures["duplicated"]) == (0, 0, 0)
    assert figures["same_form_pairs_added_once"] == rounds
