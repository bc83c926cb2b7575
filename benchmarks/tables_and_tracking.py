"""Exports to tables, merge, diff and progress as the command runs them (collector on), in
one process, with the orjson floor of the same run.

    python benchmarks/generate.py 100000 -o /tmp/p100k.json
    python benchmarks/tables_and_tracking.py /tmp/p100k.json --repeats 3

The suite (`run.py`) times with the garbage collector paused, to compare stages; these are
the costs a user meets, where the collector runs. Each measurement starts from a collected
heap, so what one leaves behind is not charged to the next. To compare two versions, run
the same command with `PYTHONPATH=<other checkout>/src` in front, turn about.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from oas_program import load
from oas_program import pipeline as api
from oas_program.builtin import form_formats
from oas_program.plugin_api import ImportSource
from oas_program.services.tracking import diff, merge, progress

if TYPE_CHECKING:
    from collections.abc import Callable

sys.path.insert(0, str(Path(__file__).parent))
from run import _forms, median_time  # the suite's 35 filled forms and its timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    data = args.file.read_bytes()
    program = load(args.file)
    results: dict[str, float] = {}

    def time_it(run: Callable[[], object]) -> float:
        return median_time(run, args.repeats, gc_off=False)  # the collector on, as in use

    results["floor"] = time_it(lambda: orjson.dumps(orjson.loads(data)))
    results["export CSV package"] = time_it(lambda: api.dumps(program, format="csv"))
    results["export SQLite"] = time_it(lambda: api.dumps(program, format="sqlite"))
    results["progress"] = time_it(lambda: progress.compute(program))
    with tempfile.TemporaryDirectory() as folder:
        paths = _forms(program, Path(folder))

        def merge_forms() -> merge.MergeResult:
            filled = [form_formats.read_json(ImportSource(path=p, name=p.name)) for p in paths]
            return merge.merge(program, filled)

        results["merge 35 forms (read + merge)"] = time_it(merge_forms)
        merged = merge_forms().program
    results["diff (program vs merged)"] = time_it(lambda: diff.diff(program, merged))
    floor = results["floor"]
    print(f"| {args.file.name}, median of {args.repeats} | s | × floor |")
    print("|---|---:|---:|")
    for name, seconds in results.items():
        print(f"| {name} | {seconds:.3f} | {seconds / floor:.2f} |")


if __name__ == "__main__":
    main()
