"""The JSON stages with and without their orjson fast paths, in one process, interleaved.

    python benchmarks/generate.py 100000 -o /tmp/p100k.json
    python benchmarks/stages.py /tmp/p100k.json --repeats 5

Each repeat times the orjson floor, `parse_json` (orjson first) and the strict parser alone
(`fast_json.parse` made to step aside), `canonical.dumps_bytes` (orjson) and the plain writer
on the same data, one after the other, so a busy machine slows all of them alike. Prints a
Markdown table of medians and ratios to the floor.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from unittest import mock

import orjson

from oas_program.files import canonical, fast_json
from oas_program.files import json_text as io
from oas_program.model.convert import program_to_data

sys.path.insert(0, str(Path(__file__).parent))
import interleaved  # the timing loop and table shared by these scripts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = args.file.read_bytes()
    program = canonical.loads(data)

    def strict() -> object:
        with mock.patch.object(fast_json, "parse", lambda data, max_depth: None):
            return io.parse_json(data, "x.json")

    stages = {
        "floor": lambda: orjson.dumps(orjson.loads(data)),
        "parse (orjson first)": lambda: io.parse_json(data, "x.json"),
        "parse (strict only)": strict,
        "dump (orjson)": lambda: canonical.dumps_bytes(program),
        "dump (plain writer)": lambda: io.dumps_json(program_to_data(program)).encode(),
    }
    interleaved.print_table(args.file.name, stages, args.repeats)


if __name__ == "__main__":
    main()
