"""`benchmarks/cold_start.py --instructions`: the count it reports is the same on every run
(what makes it worth having on a busy machine) and follows the work done."""

from __future__ import annotations

import shutil
import sys

import pytest
from benchmarks import cold_start

pytestmark = pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")


def test_the_count_is_the_same_on_every_run() -> None:
    command = [sys.executable, "-c", "import json"]  # a module read, compiled, executed
    assert cold_start.instructions(command) == cold_start.instructions(command)


def test_more_work_counts_more_instructions() -> None:
    little = cold_start.instructions([sys.executable, "-c", "pass"])
    more = cold_start.instructions([sys.executable, "-c", "sum(range(1_000_000))"])
    # A million additions are tens of millions of instructions more than starting Python.
    assert more - little > 10_000_000
