"""Between the model and plain JSON-ready data, both ways.

Wire names are the attribute names; defaults are left out of the output so files stay
short. Loading is strict: unknown keys, wrong types, strings where lists are expected and
numbers where strings are expected are all errors, reported with the JSON Pointer of the
bad value.

Two roads give the same objects and the same data: functions generated per model class
(`fast_convert`, `FAST`) for whatever they take, and the cattrs converter
(`strict_convert`), which says what is wrong and where. The converter, and cattrs, are
loaded on first use: a command that reads valid data never imports them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from oas_program.errors import DataError, ExitCode
from oas_program.model.fast_convert import FastConverter
from oas_program.model.program import FORMAT_VERSION, Program
from oas_program.model.upgrade import upgraded
from oas_program.model.values import tuple_item, type_hints, type_name

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

    import cattrs

T = TypeVar("T")

_MINOR_VERSION = re.compile(r"[0-9]+\.[0-9]+")
"""A well-formed version (`1.0`); anything else is left for the schema layer to report."""


def model_codelists() -> list[type[Enum]]:
    """The model's codelists (its Enums), which are read and written by value."""
    from oas_program import model

    return [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, Enum)]


@functools.cache
def converter() -> cattrs.Converter:
    """The cattrs converter of the model, built on first use."""
    return make_program_converter()


def make_program_converter() -> cattrs.Converter:
    """A new converter of the model. Public for plugins that structure parts of the model."""
    from oas_program.model.strict_convert import make_converter_of

    return make_converter_of(model_codelists())


def __getattr__(name: str) -> Any:
    # `CONVERTER` stays importable as before, made when first asked for.
    if name == "CONVERTER":
        return converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FAST = FastConverter(converter, model_codelists())
"""Generated functions in front of the converter for whole attrs objects (`fast_convert`):
they build and write the same as the converter, several times faster, and step aside for
anything else, so the converter's located errors are unchanged."""


def structure(data: Any, cls: type[T]) -> T:
    """Build model objects from plain data; DataError lists every problem with its pointer."""
    with paused_gc():
        # The fast path first; with the validators switched off (attrs.validators.disabled)
        # only the converter knows what to skip.
        if attrs.has(cls) and not attrs.validators.get_disabled():
            with contextlib.suppress(Exception), FAST.sharing():  # else the converter says why
                built: T = FAST.structurer(cls)(data)
                return built
        try:
            return converter().structure(data, cls)
        except Exception as error:
            from oas_program.model.strict_convert import problems

            # Readable data that does not fit the model is *invalid* (exit 1), not unreadable.
            raise DataError(problems(error, ""), exit_code=ExitCode.INVALID) from None


def unstructure(value: Any) -> Any:
    """Plain JSON-ready data (dicts, lists, strings, numbers) from model objects."""
    with paused_gc():
        if attrs.has(type(value)):
            try:
                return FAST.unstructurer(type(value))(value)
            except Exception:  # the converter below raises its own error
                pass
        return converter().unstructure(value)


def unstructurer(cls: type) -> Callable[[Any], Any]:
    """`unstructure` for many values of the attrs class *cls*, its generated function looked
    up once (diff writes out every entity it reports: 159,000 in a large merge), for a
    caller that pauses the collector around its work (`paused_gc`). A value of another class,
    or one the generated function does not take, is written by `unstructure`."""
    fast = FAST.unstructurer(cls)

    def write(value: Any) -> Any:
        if type(value) is cls:
            try:
                return fast(value)
            except Exception:  # `unstructure` below says what is wrong, or writes it
                pass
        return unstructure(value)

    return write


def program_from_data(data: Any) -> Program:
    """A Program from the plain data of the canonical format, checking `format_version`."""
    if not isinstance(data, dict):
        raise DataError.one("root-type", f"expected object at root, got {type_name(data)}")
    version = data.get("format_version")
    if version is None:
        raise DataError.one("required", "required", pointer="/format_version")
    if not isinstance(version, str) or version.split(".")[0] != FORMAT_VERSION.split(".")[0]:
        raise DataError.one(
            "format-version",
            f"format version {version!r} is not supported (this library reads {FORMAT_VERSION})",
            pointer="/format_version",
        )
    if version != FORMAT_VERSION and _MINOR_VERSION.fullmatch(version):
        # The program in memory is always of the current version, and is written as such.
        data = upgraded(data, version)
    return structure(data, Program)


def program_if_fast(data: Any, max_depth: int) -> Program | None:
    """The Program the fast path builds from *data* of the current format version, or None
    when it steps aside (the caller then takes the strict road, which explains).

    For a reader that left the checks for floats and depth to it: it answers only for data
    with no float and no more than *max_depth* levels (`FastConverter.depth`)."""
    if not _fast_path_takes(data, max_depth):
        return None
    with paused_gc(), contextlib.suppress(Exception), FAST.sharing():
        program: Program = FAST.structurer(Program)(data)
        return program
    return None


def program_if_fast_in_parts(
    head: Any, collections: Mapping[str, Iterable[Any]], max_depth: int
) -> Program | None:
    """`program_if_fast` for data given in parts: *head* the program's dict without the
    collections named in *collections*, each of those its items, in order. An iterable may
    parse its items as they are taken (`files.json_records`), so that the whole parsed
    document never exists at once; whatever it raises makes the answer None."""
    if not _fast_path_takes(head, max_depth) or not head.keys().isdisjoint(collections):
        return None
    hints = type_hints(Program)
    with paused_gc(), contextlib.suppress(Exception), FAST.sharing():
        program: Program = FAST.structurer(Program)(head)
        made: dict[str, Any] = {
            name: tuple(map(FAST.structurer(tuple_item(hints[name])), items))
            for name, items in collections.items()
        }
        return attrs.evolve(program, **made)
    return None


def _fast_path_takes(data: Any, max_depth: int) -> bool:
    """Whether the fast path may answer for *data* (a program's dict) at all."""
    depth = FAST.depth(Program)
    if depth is None or depth > max_depth or attrs.validators.get_disabled():
        return False
    return type(data) is dict and data.get("format_version") == FORMAT_VERSION


def program_to_data(program: Program) -> dict[str, Any]:
    """The canonical format's plain data for a program (format_version always written)."""
    data: dict[str, Any] = unstructure(program)
    data.pop("_index", None)
    return {"format_version": program.format_version, **data}


PROMOTED_FROM = 10_000
"""Objects a paused block must have left young (`gc.get_count()[0]`) for `paused_gc` to move
them to the oldest generation: below that, the young collection they start takes about a
millisecond, and everything else young would be moved with them for nothing."""

FROZEN_AT_START = gc.get_freeze_count()
"""Objects frozen before this module was imported: Python 3.12 starts with a few hundred of
its own (none on 3.11 and 3.13). More than these means the application froze objects (one
that froze objects before importing this module is taken as having frozen none)."""


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for bulk work (parsing, building the model).

    Building a large program allocates millions of containers, and each few hundred of them
    start a collection that walks the young objects again: bulk loads ran 1.5 times slower
    with it. The data built has no reference cycles for it to find, and it runs again as
    usual afterwards. Nested uses are fine: the outermost one restores the collector.

    A block that left many objects young (`PROMOTED_FROM`) has them moved to the oldest
    generation as it ends, `gc.freeze()` then `gc.unfreeze()` (each splices the collector's
    lists, whatever their length). Left young, the first collection after the block walked
    them all, and the next collection of the middle generation walked them again: about
    0.1 s each for a program of 100,000 records, a third of a diff. In the oldest
    generation only full collections walk them, as they would have anyway, and find any
    cycle among them. Not done when the application has frozen objects itself
    (`gc.get_freeze_count()` above `FROZEN_AT_START`, as before a `fork`): `unfreeze` would
    give it back its frozen objects too."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] >= PROMOTED_FROM and gc.get_freeze_count() <= FROZEN_AT_START:
            gc.freeze()
            gc.unfreeze()
        gc.enable()
