"""Loading and dumping, stage by stage, and one version of the library against another.

    python benchmarks/generate.py 100000 -o /tmp/p100k.json
    python benchmarks/structure.py /tmp/p100k.json --repeats 5
    python benchmarks/structure.py /tmp/p100k.json --compare /tmp/old/src --rounds 2

On its own it times the orjson floor first, then, in one process and interleaved (each
repeat runs every stage in turn, so a busy machine slows all of them alike): parse,
structure (the library's path and the cattrs converter alone), load (and parse then
structure, the road it took before it left the parser's walk to the fast path), dump (and
cattrs' unstructure alone), convert (load, the references and domain layers sharing one
walk, dump), load + validate, and each validation layer alone on the loaded program (with
the walk and the index it asks for, in a block of its own); then the memory a load keeps
and its peak, in a fresh process. It prints medians in seconds and × the floor of the same
process.

`--compare SRC` runs the same, turn about, in processes importing the library from *SRC*
(another checkout's `src`, say of the commit before a change) and from this checkout's,
`--rounds` times each, and prints both side by side.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

STAGES = (
    "floor",
    "floor, after the other stages",
    "parse",
    "structure",
    "structure, cattrs alone",
    "load",
    "load, parse then structure",
    "dump",
    "unstructure, cattrs alone",
    "convert",
    "load + validate",
    "references layer",
    "domain layer",
    "completeness layer",
    "identifiers layer",
)


def stages(data: bytes) -> dict[str, Callable[[], object]]:
    """What each stage runs, on the bytes of one program."""
    import orjson

    from oas_program.builtin import json_format
    from oas_program.builtin.validation import completeness, domain, identifiers, references
    from oas_program.files import canonical
    from oas_program.files import json_text as io
    from oas_program.model import Program, convert
    from oas_program.plugin_api import Input
    from oas_program.plugins.host import PluginHost
    from oas_program.services.validation import validate, walk

    raw = io.parse_json(data, "bench.json")
    program = canonical.loads(data)
    host = PluginHost()

    def convert_json() -> bytes:
        loaded = canonical.loads(data)
        with walk.shared():  # as the validation engine runs them
            findings = [*references.check(loaded), *domain.check(loaded)]
        assert not [f for f in findings if f.severity.value == "error"], findings[:3]
        return canonical.dumps_bytes(loaded)

    def load_and_validate() -> object:
        fresh = json_format.loaded(data, "bench.json")  # as `oas-program validate FILE`
        return validate(Input(name="bench.json", loaded=fresh), host=host)

    def layer(check: Callable[[Program], Any]) -> Callable[[], object]:
        def run() -> object:
            with walk.shared():
                return list(check(program))

        return run

    return {
        "floor, after the other stages": lambda: orjson.dumps(orjson.loads(data)),
        "parse": lambda: io.parse_json(data, "bench.json"),
        "structure": lambda: convert.program_from_data(raw),
        "structure, cattrs alone": lambda: convert.CONVERTER.structure(raw, Program),
        "load": lambda: canonical.loads(data),
        # The road `canonical.loads` took before it left the walk to the fast path.
        "load, parse then structure": lambda: convert.program_from_data(
            io.parse_json(data, "bench.json")
        ),
        "dump": lambda: canonical.dumps_bytes(program),
        "unstructure, cattrs alone": lambda: convert.CONVERTER.unstructure(program),
        "convert": convert_json,
        "load + validate": load_and_validate,
        "references layer": layer(references.check),
        "domain layer": layer(domain.check),
        "completeness layer": layer(completeness.check),
        "identifiers layer": layer(identifiers.check),
    }


def _timed(run: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    gc.enable()
    del result
    return elapsed


def time_stages(path: Path, repeats: int) -> dict[str, float]:
    """Median seconds of each stage, the collector off during each timed run.

    The floor is timed first, before the library has loaded anything big, as `run.py`
    times it: the heap a library leaves behind changes the time of what runs after it
    (the row "floor, after the other stages" shows by how much)."""
    import orjson

    from oas_program.files import canonical
    from oas_program.services.validation import validate

    data = path.read_bytes()
    floor = [_timed(lambda: orjson.dumps(orjson.loads(data))) for _ in range(repeats)]
    validate(canonical.default_program())  # warm up: imports, generated code, validators
    runs = stages(data)
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            timings[name].append(_timed(run))
    return {"floor": statistics.median(floor)} | {
        name: statistics.median(values) for name, values in timings.items()
    }


def memory(path: Path) -> dict[str, int]:
    """Bytes a load keeps and its peak, as `run.py` measures them (a fresh process)."""
    import run

    return run.memory_of(path, "oas-program")


def _worker(kind: str, path: Path, repeats: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, str(path), "--worker", kind, "--repeats", str(repeats)],
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(path: Path, repeats: int) -> dict[str, Any]:
    """Timings and memory, each in its own process (the environment chooses the library)."""
    return {"time": _worker("time", path, repeats), "memory": _worker("memory", path, repeats)}


def _records(path: Path) -> int:
    import orjson

    data = orjson.loads(path.read_bytes())
    return len(data.get("activities", [])) + len(data.get("observations", []))


def _cells(result: dict[str, Any], records: int) -> dict[str, str]:
    timing = result["time"]
    floor = timing["floor"]
    cells = {name: f"{timing[name]:.3f} ({timing[name] / floor:.2f}×)" for name in STAGES}
    for kind in ("kept", "peak"):
        cells[f"memory {kind} per record"] = f"{result['memory'][kind] / records / 1024:.2f} KB"
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="the `src` folder of another checkout")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", choices=("time", "memory"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker == "time":
        print(json.dumps(time_stages(args.file, args.repeats)))
        return
    if args.worker == "memory":
        print(json.dumps(memory(args.file)))
        return

    records = _records(args.file)
    here = str(HERE.parent / "src")
    versions = {"this checkout": here}
    if args.compare is not None:
        versions = {f"{args.compare}": str(args.compare.resolve()), **versions}
    rounds = args.rounds if args.compare is not None else 1
    columns: dict[str, dict[str, str]] = {}
    for number in range(1, rounds + 1):
        for label, src in versions.items():
            os.environ["PYTHONPATH"] = os.pathsep.join([src, str(HERE.parent)])
            print(f"round {number}: {label}", file=sys.stderr)
            columns[f"{label}, round {number}"] = _cells(measure(args.file, args.repeats), records)
    print(
        f"| {args.file.name}, {records} records, median of {args.repeats} | "
        + " | ".join(columns)
        + " |"
    )
    print("|---|" + "---:|" * len(columns))
    for row in (*STAGES, "memory kept per record", "memory peak per record"):
        print(f"| {row} | " + " | ".join(column[row] for column in columns.values()) + " |")


if __name__ == "__main__":
    main()
