"""Generated fast paths between plain data and the model, beside the cattrs converter.

cattrs builds every object through a chain of hooks, a dict of keyword arguments and the
attrs `__init__`, whose codelist converters (`converter=Status`) call the Enum again on a
member the hook has just made. For the common case, valid input, that is most of the cost
of a load. This module writes, for each attrs class, one Python function from the class's
attrs metadata and type hints (so it follows the model as it changes), which checks a dict
and builds the object directly: the same checks as the converter's hooks, the attrs
validators of every field, no converter called twice.

The fast path only ever says yes or "not me": on anything unexpected it raises, and the
caller runs the cattrs converter on the same data, which builds the same objects or explains
the problem with its located messages. So the fast path may be stricter than the converter
(an `int` subclass, a `dict` subclass), never more lenient, and never needs its own messages.

The strings of fields whose values repeat across a program (the ids other entities name,
periods, dates: `values.repeats`) are kept once per distinct value within a load
(`FastConverter.sharing`), as copies like every other string, and each validator of such
fields checks each distinct value once per load.

Unstructuring is generated the same way, writing exactly what cattrs writes with
`omit_if_default=True`: required fields first, then the fields whose value is not the
default, in field order; codelists as their values, tuples as lists.
"""

from __future__ import annotations

import binascii
import contextlib
import inspect
import itertools
import linecache
import threading
import types
import unicodedata
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from oas_program.model import code_cache
from oas_program.model.values import optional_inner, tuple_item, type_hints

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator
    from enum import Enum

    import cattrs

Function = Any  # a generated function: one argument in, one value out
T = TypeVar("T")


class Refused(Exception):
    """The fast path does not take this value; the converter will, or will say why."""


_copy = "".join
"""`_copy((text, ""))` is a new string equal to *text*.

The model keeps its strings in new memory rather than the parsed data's. The parser
allocates the strings among the dicts and lists that hold them; once those are freed, the
strings the model kept would hold on to nearly every block of that memory (the allocator
returns a block to the system only when all of it is free): about 1.5 KB resident per
record against 0.95 KB with copies, for 5 % more time to load (`benchmarks/README.md`).
`str.join` of two strings always makes a new one (`str(text)` and slices return *text*)."""


def text(value: Any) -> str:
    """A string as the converter keeps it: lone surrogates refused, non-ASCII NFC-normalised
    (and in new memory, as `_copy` says)."""
    if type(value) is not str:
        raise Refused
    if not value.isascii():
        value.encode("utf-8")  # a lone surrogate raises: the converter names it
        value = unicodedata.normalize("NFC", value)
    return _copy((value, ""))


def _strings(values: list[Any]) -> tuple[str, ...]:
    # Most lists of strings are ids: plain ASCII, checked in one pass, then copied.
    for value in values:
        if type(value) is not str or not value.isascii():
            return tuple(map(text, values))
    return tuple([_copy((value, "")) for value in values])


_SHARED: dict[str, str] = {}
"""One copy of each value of the fields whose values repeat (`values.repeats`), while a
load runs (`FastConverter.sharing`): the observations of a large program name the same
few thousand activities, actors, periods and dates, each string 50-60 bytes."""


_shared_get = _SHARED.get


_PASSED: dict[Any, set[str]] = {}
"""For each validator of the fields whose values repeat, the shared strings it has passed
while a load runs (`FastConverter.sharing`): such a validator passes or fails by the value
alone (`values.repeats`), so each distinct id, period or date is checked once per load, not
once per field that names it (hundreds of thousands of checks in a large program)."""


def _passed(validator: Any) -> set[str]:
    """The set of values *validator* has passed in this load (made on first use)."""
    return _PASSED.setdefault(validator, set())


def _share(value: str) -> str:
    """The shared copy of *value*, a plain ASCII string (made on first sight)."""
    shared = _shared_get(value)
    if shared is None:
        shared = _SHARED[value] = _copy((value, ""))
    return shared


def _shared_strings(values: list[Any]) -> tuple[str, ...]:
    """`_strings`, sharing each value."""
    for value in values:
        if type(value) is not str or not value.isascii():
            return tuple(map(text, values))
    return tuple(map(_share, values))


_FACTORY: Any = type(attrs.Factory(list))
"""The class of `attrs.Factory(...)` defaults (typed as the value they make)."""

_OPTIONAL: Any = type(attrs.validators.optional(attrs.validators.instance_of(str)))
"""The class of `attrs.validators.optional(...)` validators."""

_MISSING = object()
"""What `dict.get` gives for an absent key (None is a value)."""


class _Source:
    """The lines and the namespace of one generated function."""

    def __init__(self, name: str, argument: str) -> None:
        self.function = name
        self.lines = [f"def {name}({argument}):"]
        self.namespace: dict[str, Any] = {}
        self._names: dict[tuple[str, int], str] = {}  # one name per value bound
        self._counter = itertools.count()

    def add(self, line: str, indent: int = 1) -> None:
        self.lines.append("    " * indent + line)

    def name(self, prefix: str, value: Any) -> str:
        """The global name bound to *value* in the generated code (made on first use)."""
        known = self._names.get((prefix, id(value)))
        if known is not None:
            return known
        name = f"{prefix}_{next(self._counter)}"
        self.namespace[name] = value
        self._names[prefix, id(value)] = name
        return name

    def compile(self, about: object) -> Function:
        """The function, its source kept under its own file name for tracebacks and
        profiles (as cattrs and attrs do for theirs). The name ends with a checksum of the
        source, so that each source keeps its own and the code compiled in an earlier
        process (`code_cache`) has the name it would have now."""
        text = "\n".join(self.lines) + "\n"
        filename = f"<fast_convert {self.function} {about} {binascii.crc32(text.encode()):08x}>"
        exec(code_cache.compiled(text, filename), self.namespace)  # our own generated source
        linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
        return self.namespace[self.function]


class FastConverter:
    """Generated structure and unstructure functions for attrs classes, one per class.

    *converter* gives the cattrs converter the fast path stands in front of (called only
    when needed, so cattrs is not imported for nothing): types the generator does not know
    (none in the model today) are handed to its hooks, so the fast path still agrees with
    it. *codelists* are the Enums the converter reads and writes by value (as
    `make_program_converter` registers the model's)."""

    def __init__(
        self, converter: Callable[[], cattrs.Converter], codelists: Collection[type[Enum]]
    ) -> None:
        self._converter = converter
        self._codelists = frozenset(codelists)
        self._structurers: dict[type, Function] = {}
        self._unstructurers: dict[type, Function] = {}
        self._builders: dict[type, Function] = {}
        self._remembering_builders: dict[type, Function] = {}
        self._depths: dict[Any, int | None] = {}
        self._in_progress: set[Any] = set()
        """Classes being generated: one that refers back to itself is handed to the
        converter there (the model has none)."""
        self._lock = threading.RLock()  # one generation at a time, for `_in_progress`

    def _made(self, made: dict[Any, Any], cls: Any, make: Callable[[Any], Any]) -> Any:
        """What *make* gives for *cls*, made once."""
        if cls in made:
            return made[cls]
        with self._lock:
            if cls not in made:
                self._in_progress.add(cls)
                try:
                    made[cls] = make(cls)
                finally:
                    self._in_progress.discard(cls)
            return made[cls]

    # ---- structure ----------------------------------------------------------------------

    def structurer(self, cls: type) -> Function:
        """The generated function that builds a *cls* from a dict, or raises; to be called
        within `sharing()`, which empties the tables it fills."""
        return self._made(self._structurers, cls, self._make_structurer)

    def depth(self, hint: Any) -> int | None:
        """How deep the data the structurer of *hint* takes may nest (a dict or a list is
        one level), or None when it hands a type to the converter, which might take any.

        Only then does the structurer vouch, by taking data, that it nests no deeper than
        this and holds no float (it takes only strings, `int`, `bool`, null, lists and
        dicts): a reader may leave those checks to it."""
        if hint in self._in_progress and hint not in self._depths:
            return None  # a class that refers back to itself: no bound
        depth: int | None = self._made(self._depths, hint, self._depth)
        return depth

    def _depth(self, hint: Any) -> int | None:
        if hint in (str, int, bool) or hint in self._codelists:
            return 0
        if (inner := optional_inner(hint)) is not None:
            return self._depth(inner)
        if (item := tuple_item(hint)) is not None:
            below = self._depth(item)
            return None if below is None else 1 + below
        if attrs.has(hint):
            hints = type_hints(hint)
            fields = [field for field in attrs.fields(hint) if field.init]
            depths = [self.depth(hints[field.name]) for field in fields]
            known = [depth for depth in depths if depth is not None]
            return 1 + max(known, default=0) if len(known) == len(depths) else None
        return None

    def _value_function(self, hint: Any) -> Function:
        """A function checking and converting one value of type *hint* (for tuple items)."""
        if hint is str:
            return text
        if attrs.has(hint) and hint not in self._in_progress:
            return self.structurer(hint)
        source = _Source("convert", "value")
        self._convert(source, hint, "value", 1)
        source.add("return value")
        return source.compile(hint)

    def _convert(
        self, source: _Source, hint: Any, var: str, indent: int, shared: bool = False
    ) -> None:
        """Lines that check the value in *var* against *hint* and leave the model's value
        there, or raise; strings of a *shared* field are shared (`_SHARED`)."""
        if hint is str and shared:
            found = f"{var}_shared"
            source.add(f"if type({var}) is str and {var}.isascii():", indent)
            source.add(f"{found} = {source.name('shared_get', _shared_get)}({var})", indent + 1)
            share = source.name("share", _share)
            source.add(f"{var} = {found} if {found} is not None else {share}({var})", indent + 1)
            source.add("else:", indent)
            source.add(f"{var} = {source.name('text', text)}({var})", indent + 1)
        elif hint is str:
            # The common case inline: a plain ASCII string only needs its copy.
            source.add(f"if type({var}) is str and {var}.isascii():", indent)
            source.add(f"{var} = {source.name('copy', _copy)}(({var}, ''))", indent + 1)
            source.add("else:", indent)
            source.add(f"{var} = {source.name('text', text)}({var})", indent + 1)
        elif hint is int or hint is bool:
            # `type() is`: a bool is no int, and an int no bool.
            source.add(f"if type({var}) is not {hint.__name__}:", indent)
            source.add(f"raise {source.name('Refused', Refused)}", indent + 1)
        elif hint in self._codelists:
            # By value, as the converter reads codelists: a KeyError for anything else.
            members = {member.value: member for member in hint}
            source.add(f"{var} = {source.name('members', members)}[{var}]", indent)
        elif attrs.has(hint) and hint not in self._in_progress:
            structure = source.name("structure", self.structurer(hint))
            source.add(f"{var} = {structure}({var})", indent)
        elif (inner := optional_inner(hint)) is not None:
            source.add(f"if {var} is not None:", indent)
            self._convert(source, inner, var, indent + 1, shared)
        elif (item := tuple_item(hint)) is not None:
            # Only from a JSON array: cattrs would turn the string "abc" into three items.
            source.add(f"if type({var}) is not list:", indent)
            source.add(f"raise {source.name('Refused', Refused)}", indent + 1)
            if item is str:
                strings = _shared_strings if shared else _strings
                source.add(f"{var} = {source.name('strings', strings)}({var})", indent)
            else:
                function = source.name("item", self._value_function(item))
                source.add(f"{var} = tuple(map({function}, {var}))", indent)
        else:
            # A type the generator does not know: the converter's own hook, as it would.
            hook = source.name("hook", self._converter().get_structure_hook(hint))
            source.add(f"{var} = {hook}({var}, {source.name('hint', hint)})", indent)

    def _make_structurer(self, cls: type) -> Function:
        fields = [field for field in attrs.fields(cls) if field.init]
        hints = type_hints(cls)
        source = _Source(f"structure_{cls.__name__}", "data")
        known = source.name("known", frozenset(field.name for field in fields))
        # The converter refuses unknown keys; so does this, before doing any work.
        source.add(f"if type(data) is not dict or not data.keys() <= {known}:")
        source.add(f"raise {source.name('Refused', Refused)}", 2)
        values = {field.name: f"v_{index}" for index, field in enumerate(fields)}
        directly = _builds_directly(cls, hints, self._codelists)
        for field in fields:
            self._read_field(source, field, hints[field.name], values[field.name], directly)
        if directly:
            self._build_directly(source, cls, fields, values, remember=True)
        else:
            self._build_through_init(source, cls, fields, values)
        return source.compile(cls.__qualname__)

    def _read_field(
        self, source: _Source, field: attrs.Attribute[Any], hint: Any, var: str, default: bool
    ) -> None:
        """Lines that leave the field's value in *var*: its default when the key is absent
        (with *default*), else the `MISSING` marker."""
        key = repr(field.name)
        shared = _repeats(field)
        if field.default is attrs.NOTHING:
            source.add(f"{var} = data[{key}]")  # a KeyError when it is missing: required
            self._convert(source, hint, var, 1, shared)
            return
        missing = source.name("MISSING", _MISSING)
        source.add(f"{var} = data.get({key}, {missing})")
        if default:
            source.add(f"if {var} is {missing}:")
            _fill_default(source, field, var)
            source.add("else:")
        else:
            source.add(f"if {var} is not {missing}:")
        self._convert(source, hint, var, 2, shared)

    def _build_through_init(
        self,
        source: _Source,
        cls: type,
        fields: list[attrs.Attribute[Any]],
        values: dict[str, str],
    ) -> None:
        """Lines that call the class, as the converter does: absent keys are left to
        `__init__` and its defaults."""
        missing = source.name("MISSING", _MISSING)
        required = [field for field in fields if field.default is attrs.NOTHING]
        arguments = ", ".join(f"{field.alias}={values[field.name]}" for field in required)
        source.add("given = {}")
        for field in fields:
            if field.default is not attrs.NOTHING:
                source.add(f"if {values[field.name]} is not {missing}:")
                source.add(f"given[{field.alias!r}] = {values[field.name]}", 2)
        source.add(f"return {source.name('cls', cls)}({arguments}, **given)")

    def _build_directly(
        self,
        source: _Source,
        cls: type,
        fields: list[attrs.Attribute[Any]],
        values: dict[str, str],
        remember: bool = False,
        strings: bool = True,
    ) -> None:
        """Lines that make the object as its `__init__` would, minus the codelist converters
        (the values are members already): every field set, then every validator run in
        field order on the finished object (validators may read other fields). With
        *remember* (code that runs within `sharing`), a string a validator has passed in
        this load is not checked again (`_PASSED`). *strings*: the values of text fields
        are known to be strings (a structurer's are; a builder's arguments may be
        anything)."""
        source.add(f"obj = {source.name('new', object.__new__)}({source.name('cls', cls)})")
        for field in fields:
            setter = source.name("set", _setter(cls, field.name))
            source.add(f"{setter}(obj, {values[field.name]})")
        hints = type_hints(cls)
        for field in fields:
            if field.validator is not None:
                # Strings only: a tuple of ids is a new value each time, not worth a set.
                text_field = str in (hints[field.name], optional_inner(hints[field.name]))
                remembered = remember and text_field and _repeats(field)
                typed = strings or not text_field
                self._validate(source, field, values[field.name], remembered, typed)
        source.add("return obj")

    def _validate(
        self,
        source: _Source,
        field: attrs.Attribute[Any],
        var: str,
        remembered: bool = False,
        typed: bool = True,
    ) -> None:
        """The lines that run the field's validator on the value in *var*: once per load
        for each shared string when *remembered*. *typed*: *var* is known to hold a value
        of the field's type."""
        validator = field.validator
        inner = getattr(validator, "validator", None)
        if type(validator) is _OPTIONAL and callable(inner):
            # `attrs.validators.optional(check)` is `check` unless the value is None: asked
            # here, that saves a call of the wrapper for every value.
            source.add(f"if {var} is not None:")
            self._call_validator(source, field, inner, var, 2, remembered, typed)
        else:
            self._call_validator(source, field, validator, var, 1, remembered, typed)

    def _call_validator(
        self,
        source: _Source,
        field: attrs.Attribute[Any],
        validator: Any,
        var: str,
        indent: int,
        remembered: bool = False,
        typed: bool = True,
    ) -> None:
        attribute = source.name("attribute", field)
        call = f"{source.name('validator', validator)}(obj, {attribute}, {var})"
        test = getattr(validator, "passes_when", None)  # `values.passes_when`
        if not typed and (remembered or test is not None):
            # A builder's argument for a text field may be anything, and the quick test
            # and the set take strings only: anything else goes to the validator, which
            # refuses it as the class does.
            source.add(
                f"if {source.name('type', type)}({var}) is not {source.name('str', str)}:", indent
            )
            source.add(call, indent + 1)
            source.add("else:", indent)
            indent += 1
        if remembered:
            passed = source.name("passed", _passed(validator))
            source.add(f"if {var} not in {passed}:", indent)
            indent += 1
        if test is None:
            source.add(call, indent)
        else:  # the validator runs only to raise
            source.add(f"if not {source.name('passes', test)}({var}):", indent)
            source.add(call, indent + 1)
        if remembered:
            source.add(f"{passed}.add({var})", indent)

    @staticmethod
    @contextlib.contextmanager
    def sharing() -> Iterator[None]:
        """A load, or a run of remembering builders (`builder`; a merge): the strings of the
        fields whose values repeat are shared within it (`_SHARED`, by the structurers) and
        the values their validators passed are remembered (`_PASSED`); both are emptied when
        it ends, so that they keep nothing alive between loads. (Loads in several threads at
        once share them: each may find them emptied by another, and then shares less and
        checks again.)"""
        try:
            yield
        finally:
            _SHARED.clear()
            for passed in _PASSED.values():
                passed.clear()

    # ---- build from keyword arguments ---------------------------------------------------

    def builder(self, cls: type[T], *, remembering: bool = False) -> Callable[..., T]:
        """A function that makes a *cls* from keyword arguments exactly as calling the class
        does (its codelist converters, defaults and validators; the same errors), without
        `__init__`'s calls through attrs: for code that makes objects by the hundred
        thousand, as merge makes observations (`__init__` was 4.5 µs of a 9 µs row). A class
        that `_builds_directly` cannot make, or any call while validators are disabled, goes
        to the class itself.

        *remembering*: to be called within `sharing()`, where a string of a field whose
        values repeat is checked once (`_PASSED`), as the structurers check it: the 159,000
        observations of a merge name a few thousand actors, activities and periods."""
        built: Callable[..., T]
        if remembering:
            built = self._made(self._remembering_builders, cls, self._make_remembering_builder)
        else:
            built = self._made(self._builders, cls, self._make_builder)
        return built

    def _make_remembering_builder(self, cls: type) -> Function:
        return self._make_builder(cls, remember=True)

    def _make_builder(self, cls: type, remember: bool = False) -> Function:
        hints = type_hints(cls)
        if not _builds_directly(cls, hints, self._codelists):
            return cls
        fields = [field for field in attrs.fields(cls) if field.init]
        missing = "MISSING"
        parameters = [
            field.alias if field.default is attrs.NOTHING else f"{field.alias}={missing}"
            for field in fields
        ]
        source = _Source(f"build_{cls.__name__}", "*, " + ", ".join(parameters))
        source.namespace[missing] = _MISSING
        # The arguments under names of the code's own, which no field's name can shadow.
        values = {field.name: f"v_{index}" for index, field in enumerate(fields)}
        for field in fields:
            var = values[field.name]
            source.add(f"{var} = {field.alias}")
            if field.default is not attrs.NOTHING:
                source.add(f"if {var} is {missing}:")
                _fill_default(source, field, var)
            if field.converter is not None:  # the codelist (`_builds_directly`)
                self._to_member(source, hints[field.name], var)
        if any(field.validator is not None for field in fields):
            # Disabled validators (`attrs.validators.disabled()`) are `__init__`'s to honour.
            source.add(f"if {source.name('disabled', attrs.validators.get_disabled)}():")
            arguments = ", ".join(f"{field.alias}={values[field.name]}" for field in fields)
            source.add(f"return {source.name('cls', cls)}({arguments})", 2)
        self._build_directly(source, cls, fields, values, remember, strings=False)
        own_names = {*source.namespace, *values.values(), "obj"}
        if any(field.alias in own_names for field in fields):
            return cls  # a field named like one of the code's own names: the class is safer
        return source.compile(cls.__qualname__)

    @staticmethod
    def _to_member(source: _Source, codelist: type[Enum], var: str) -> None:
        """Lines that make the value in *var* the *codelist*'s member: a value by dict, as
        the structurer reads it; anything else (a member, a wrong value) through the Enum
        itself, as the field's converter in `__init__` does."""
        members = source.name("members", {member.value: member for member in codelist})
        is_type = source.name("type", type)
        source.add(f"if {is_type}({var}) is not {source.name('codelist', codelist)}:")
        source.add(f"if {is_type}({var}) is {source.name('str', str)} and {var} in {members}:", 2)
        source.add(f"{var} = {members}[{var}]", 3)
        source.add("else:", 2)
        source.add(f"{var} = {source.name('codelist', codelist)}({var})", 3)

    # ---- unstructure --------------------------------------------------------------------

    def unstructurer(self, cls: type) -> Function:
        """The generated function that writes a *cls* as plain data, as cattrs does."""
        return self._made(self._unstructurers, cls, self._make_unstructurer)

    def _plain(self, source: _Source, hint: Any, expression: str) -> str:
        """An expression giving the plain data of *expression*, a value of type *hint*."""
        if hint in (str, int, bool):
            return expression  # written as they are, as cattrs writes them
        if hint in self._codelists:
            # `_value_`, not `.value`: the same attribute, without Enum's property machinery.
            return f"{expression}._value_"
        if attrs.has(hint) and hint not in self._in_progress:
            return f"{source.name('unstructure', self.unstructurer(hint))}({expression})"
        if (inner := optional_inner(hint)) is not None:
            plain = self._plain(source, inner, expression)
            if plain == expression:  # None is written as it is, too
                return expression
            return f"(None if {expression} is None else {plain})"
        if (item := tuple_item(hint)) is not None:
            if item in (str, int, bool):
                return f"list({expression})"
            return f"list(map({source.name('item', self._plain_function(item))}, {expression}))"
        hook = source.name("hook", self._converter().get_unstructure_hook(hint))
        return f"{hook}({expression})"

    def _plain_function(self, hint: Any) -> Function:
        """A function giving the plain data of one value of type *hint* (for tuple items)."""
        if attrs.has(hint) and hint not in self._in_progress:
            return self.unstructurer(hint)
        source = _Source("plain", "value")
        source.add(f"return {self._plain(source, hint, 'value')}")
        return source.compile(hint)

    def _make_unstructurer(self, cls: type) -> Function:
        fields = [field for field in attrs.fields(cls) if field.init]  # as cattrs writes
        hints = type_hints(cls)
        source = _Source(f"unstructure_{cls.__name__}", "obj")
        # cattrs' order: the fields without a default first, then the others.
        required = [field for field in fields if field.default is attrs.NOTHING]
        optional = [field for field in fields if field.default is not attrs.NOTHING]
        source.add("data = {")
        for field in required:
            plain = self._plain(source, hints[field.name], f"obj.{field.name}")
            source.add(f"{field.name!r}: {plain},", 2)
        source.add("}")
        for field in optional:
            source.add(f"value = obj.{field.name}")
            source.add(f"if {self._differs(source, field)}:")
            plain = self._plain(source, hints[field.name], "value")
            source.add(f"data[{field.name!r}] = {plain}", 2)
        source.add("return data")
        return source.compile(cls.__qualname__)

    def _differs(self, source: _Source, field: attrs.Attribute[Any]) -> str:
        """The condition under which cattrs writes *field*: `value != default`, the default
        passed through the field's converter as `__init__` would."""
        default: Any = field.default
        converter: Any = field.converter
        if isinstance(default, _FACTORY):
            factory = source.name("factory", default.factory)
            made = f"{factory}(obj)" if default.takes_self else f"{factory}()"
        elif converter is None or isinstance(converter, attrs.Converter):
            made = source.name("default", default)
        else:
            default = converter(default)  # once, here, as cattrs does
            made = source.name("default", default)
            converter = None
        if isinstance(converter, attrs.Converter):
            made = (
                f"{source.name('converter', converter)}({made}, obj, {source.name('field', field)})"
            )
        elif converter is not None:
            made = f"{source.name('converter', converter)}({made})"
        elif default is None:
            # The same as `!= None` for every value a field holds, without the rich
            # comparison (attrs' `__ne__` is Python code).
            return "value is not None"
        return f"value != {made}"


def _builds_directly(cls: type, hints: dict[str, Any], codelists: Collection[Any]) -> bool:
    """Whether setting the fields and running the validators is all `__init__` does.

    That needs no hooks around `__init__`, every field in it, no cached hash to reset,
    defaults that do not look at the object, and no converter but the field's own codelist,
    one the structurer reads as its members (on which the converter is the identity). Any
    other class is built through its `__init__`."""
    if hasattr(cls, "__attrs_pre_init__") or hasattr(cls, "__attrs_post_init__"):
        return False
    if "_attrs_cached_hash" in getattr(cls, "__slots__", ()):
        return False
    for field in attrs.fields(cls):
        if not field.init:
            return False
        default = field.default
        if isinstance(default, _FACTORY) and default.takes_self:
            return False
        converter = field.converter
        hint = hints[field.name]
        if converter is not None and not (converter is hint and hint in codelists):
            return False
    return True


def _fill_default(source: _Source, field: attrs.Attribute[Any], var: str) -> None:
    """The line, under an `if` that found no value, that puts the field's default in *var*
    (a factory's called anew)."""
    if isinstance(field.default, _FACTORY):
        source.add(f"{var} = {source.name('factory', field.default.factory)}()", 2)
    else:
        source.add(f"{var} = {source.name('default', field.default)}", 2)


def _repeats(field: attrs.Attribute[Any]) -> bool:
    """Whether the field's values repeat across a program: its validator is marked so
    (`values.repeats`: ids, periods, dates), and it is not the entity's own `id`."""
    validator = field.validator
    if type(validator) is _OPTIONAL:
        validator = getattr(validator, "validator", None)
    return field.name != "id" and getattr(validator, "repeats", False) is True


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The fastest way to set a field of a new object, past a frozen class's `__setattr__`:
    the slot's own descriptor, else `object.__setattr__`."""
    slot = inspect.getattr_static(cls, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        return slot.__set__

    def set_attribute(obj: Any, value: Any) -> None:
        object.__setattr__(obj, name, value)

    return set_attribute
