"""What the garbage collector costs the bulk work it runs after, as a user meets it.

    python benchmarks/generate.py 100000 -o /tmp/p100k.json
    python benchmarks/collector.py /tmp/p100k.json --rounds 6

Load, convert (load + dump), merge (the suite's 35 filled forms, read and merged) and diff
(the program against the merged one), with the collector on, each timed with the objects
that `convert.paused_gc` leaves behind moved to the oldest generation (as the library
does) and left young (`convert.PROMOTED_FROM` set past any count), alternated in one
process, round by round in turn order; and the time spent in collections during each
(`gc.callbacks`). Each run starts from a collected heap.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oas_program import dumps
from oas_program.builtin import form_formats
from oas_program.files import canonical
from oas_program.model import convert
from oas_program.plugin_api import ImportSource
from oas_program.services.tracking import diff, merge

if TYPE_CHECKING:
    from collections.abc import Callable

sys.path.insert(0, str(Path(__file__).parent))
from run import _forms  # the suite's 35 filled forms

THRESHOLDS = {"left young": sys.maxsize, "promoted": convert.PROMOTED_FROM}


class CollectorClock:
    """Seconds spent in collections since `reset`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started

    def reset(self) -> None:
        self.seconds = 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    data = args.file.read_bytes()
    program = canonical.loads(data)
    with tempfile.TemporaryDirectory() as folder:
        paths = _forms(program, Path(folder))

        def merge_forms() -> merge.MergeResult:
            filled = [form_formats.read_json(ImportSource(path=p, name=p.name)) for p in paths]
            return merge.merge(program, filled)

        merged = merge_forms().program
        cases: dict[str, Callable[[], object]] = {
            "load": lambda: canonical.loads(data),
            "convert": lambda: dumps(canonical.loads(data)),
            "merge 35 forms": merge_forms,
            "diff": lambda: diff.diff(program, merged),
        }
        clock = CollectorClock()
        seconds: dict[tuple[str, str], list[float]] = {}
        collecting: dict[tuple[str, str], list[float]] = {}
        for number in range(args.rounds):
            order = list(THRESHOLDS) if number % 2 == 0 else list(reversed(THRESHOLDS))
            for case, run in cases.items():
                for way in order:
                    convert.PROMOTED_FROM = THRESHOLDS[way]
                    gc.collect()
                    clock.reset()
                    start = time.perf_counter()
                    result = run()
                    seconds.setdefault((case, way), []).append(time.perf_counter() - start)
                    collecting.setdefault((case, way), []).append(clock.seconds)
                    del result
    convert.PROMOTED_FROM = THRESHOLDS["promoted"]
    print(f"| {args.file.name}, median of {args.rounds} | left young | promoted | collecting |")
    print("|---|---:|---:|---:|")
    for case in cases:
        young, promoted = (statistics.median(seconds[case, way]) for way in THRESHOLDS)
        before, after = (statistics.median(collecting[case, way]) for way in THRESHOLDS)
        print(f"| {case} | {young:.3f} s | {promoted:.3f} s | {before:.3f} → {after:.3f} s |")


if __name__ == "__main__":
    main()
