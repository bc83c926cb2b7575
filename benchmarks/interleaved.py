"""Stages timed one after the other, round after round, in one process, so a busy machine
slows all of them alike; medians printed as a Markdown table of ratios to the first stage,
the orjson floor."""

from __future__ import annotations

import gc
import statistics
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


def print_table(
    title: str, stages: dict[str, Callable[[], object]], repeats: int, *, collect: bool = False
) -> None:
    """Time each of *stages* *repeats* times, interleaved, the collector off; with *collect*,
    each result is let go of and collected between stages, outside the timed part."""
    timings: dict[str, list[float]] = {name: [] for name in stages}
    gc.disable()
    for _ in range(repeats):
        for name, run in stages.items():
            start = time.perf_counter()
            result = run()
            timings[name].append(time.perf_counter() - start)
            del result
            if collect:
                gc.collect()
    floor = statistics.median(next(iter(timings.values())))
    print(f"| {title}, median of {repeats} | s | × floor |")
    print("|---|---:|---:|")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.3f} | {median / floor:.2f} |")
