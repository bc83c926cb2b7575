"""How near the library's load, dump and validation walk are to what Python allows.

    python benchmarks/generate.py 100000 -o /tmp/p100k.json
    python benchmarks/limits.py /tmp/p100k.json --repeats 5

Times, in one process and interleaved (so a busy machine slows all of them alike), what the
library does beside the least any load or dump into these attrs classes could do:

- **bare objects**: every entity of the parsed document made as its model object with no
  check at all (`object.__new__` and the slots set one by one, codelists looked up by value):
  the cost of the objects themselves, which no converter written in Python goes below;
- **bare load**: `orjson.loads`, then those bare objects: the least a load into the model
  costs with every check of the contract left out;
- the model's own steps: its generated structurer on the observations alone, `msgspec.convert`
  of the same into the same classes (their validators run), `canonical.loads`, the shared
  walk the validation layers take, `program_to_data` and `canonical.dumps_bytes`.

Prints a Markdown table of medians and ratios to the orjson floor.
"""

from __future__ import annotations

import argparse
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import msgspec
import orjson

from oas_program.files import canonical
from oas_program.model import Program
from oas_program.model.convert import FAST, program_to_data
from oas_program.model.tracking import Observation
from oas_program.model.values import optional_inner, tuple_item, type_hints
from oas_program.services.validation import walk

sys.path.insert(0, str(Path(__file__).parent))
import interleaved  # the timing loop and table shared by these scripts

if TYPE_CHECKING:
    from collections.abc import Callable

_new = object.__new__
_set = object.__setattr__


def bare_maker(cls: type) -> Callable[[dict[str, Any]], Any]:
    """A function making a *cls* from its dict with no check: missing fields get their
    defaults, nested attrs classes and codelists are made the same way."""
    hints = type_hints(cls)
    plan: list[tuple[str, str, Callable[[Any], Any] | None, Any]] = []
    for field in attrs.fields(cls):
        default: Any = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        elif default is attrs.NOTHING:
            default = None
        plan.append(
            (field.name, field.alias or field.name, _value_maker(hints[field.name]), default)
        )

    def make(data: dict[str, Any]) -> Any:
        obj: Any = _new(cls)
        for name, key, convert, default in plan:
            value = data.get(key, default)
            if convert is not None and value is not None:
                value = convert(value)
            _set(obj, name, value)
        return obj

    return make


def _value_maker(hint: Any) -> Callable[[Any], Any] | None:
    hint = optional_inner(hint) or hint
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint._value2member_map_.__getitem__
    if attrs.has(hint):
        return bare_maker(hint)
    item = tuple_item(hint)
    if item is not None:
        inner = _value_maker(item)
        if inner is None:
            return tuple
        return lambda values: tuple(map(inner, values))
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = args.file.read_bytes()
    program = canonical.loads(data)
    parsed = orjson.loads(data)
    observations = parsed["observations"]
    make_program = bare_maker(Program)
    make_observation = bare_maker(Observation)

    def model_structurer() -> object:
        with FAST.sharing():
            return list(map(FAST.structurer(Observation), observations))

    def shared_walk() -> object:
        with walk.shared():
            return walk.walked(program)

    stages: dict[str, Callable[[], object]] = {
        "floor (`orjson.loads` + `orjson.dumps`)": lambda: orjson.dumps(orjson.loads(data)),
        "`orjson.loads`": lambda: orjson.loads(data),
        "bare objects, whole program": lambda: make_program(parsed),
        "bare load (`orjson.loads` + bare objects)": lambda: make_program(orjson.loads(data)),
        "bare objects, observations": lambda: list(map(make_observation, observations)),
        "model structurer, observations": model_structurer,
        "`msgspec.convert`, observations": lambda: msgspec.convert(observations, list[Observation]),
        "load (`canonical.loads`)": lambda: canonical.loads(data),
        "shared validation walk": shared_walk,
        "`program_to_data`": lambda: program_to_data(program),
        "dump (`canonical.dumps_bytes`)": lambda: canonical.dumps_bytes(program),
    }
    interleaved.print_table(args.file.name, stages, args.repeats, collect=True)


if __name__ == "__main__":
    main()
