"""The generated fast paths build and write exactly what the cattrs converter does.

`convert.FAST` stands in front of `convert.CONVERTER`: on valid data it must build the same
objects (same classes, codelist members, normalised strings), and it must refuse everything
the converter refuses, so that the converter's located messages stay the only ones. Its
speed is measured by `benchmarks/structure.py`, never here.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from enum import StrEnum
from typing import Any

import attrs
import orjson
import pytest
from benchmarks import generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.errors import DataError
from oas_program.files import canonical, fast_json
from oas_program.files import json_text as io
from oas_program.files.limits import Limits
from oas_program.model import Program, convert, fast_convert, strict_convert, values
from oas_program.model.fast_convert import FastConverter, Refused
from tests.strategies import programs


def assert_same(fast: Any, slow: Any, where: str = "") -> None:
    """Equal *and* of the same types all the way down (a StrEnum member equals its string,
    so `==` alone would not see a codelist value left as a plain string)."""
    assert type(fast) is type(slow), (where, fast, slow)
    if attrs.has(type(fast)):
        for field in attrs.fields(type(fast)):
            assert_same(
                getattr(fast, field.name), getattr(slow, field.name), where + "." + field.name
            )
    elif isinstance(fast, tuple | list):
        assert len(fast) == len(slow), where
        for index, (one, other) in enumerate(zip(fast, slow, strict=True)):
            assert_same(one, other, f"{where}[{index}]")
    elif isinstance(fast, dict):
        assert list(fast) == list(slow), where  # the same keys in the same order
        for key in fast:
            assert_same(fast[key], slow[key], f"{where}/{key}")
    else:
        assert fast == slow, where


def both_ways(data: Any, cls: type = Program) -> Any:
    """The object the fast path builds, checked against the converter's."""
    fast = convert.FAST.structurer(cls)(data)
    assert_same(fast, convert.CONVERTER.structure(data, cls))
    return fast


def refused_alike(data: Any) -> list[tuple[str | None, str, str]]:
    """The fast path refuses *data*; `structure` reports what the converter alone reports."""
    with pytest.raises(Exception):  # noqa: B017 - any exception: it only steps aside
        convert.FAST.structurer(Program)(data)
    with pytest.raises(Exception) as slow:
        convert.CONVERTER.structure(data, Program)
    expected = strict_convert.problems(slow.value, "")
    with pytest.raises(DataError) as caught:
        convert.structure(data, Program)
    assert list(caught.value.problems) == expected
    return [(p.pointer, p.code, p.message) for p in expected]


def embedded_data() -> dict[str, Any]:
    return convert.program_to_data(default_program())


# ---- valid data: the same objects ---------------------------------------------------------


def test_the_embedded_program_is_built_alike() -> None:
    program = both_ways(embedded_data())
    assert program == default_program()


def test_generated_benchmark_data_is_built_alike() -> None:
    data = io.parse_json(generate.dumps(1200), "bench.json")
    both_ways(data)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(programs)
def test_any_valid_program_is_built_and_written_alike(program: Program) -> None:
    data = convert.CONVERTER.unstructure(program)
    data.pop("_index", None)
    # Written alike: the same plain data, the same keys in the same order.
    assert_same(convert.FAST.unstructurer(Program)(program), data)
    assert_same(both_ways(data), program)


def test_strings_are_normalised_alike() -> None:
    data = embedded_data()
    data["title"]["en"] = "Co\u0302te d'Ivoire"  # NFD
    data["based_on"] = [*data.get("based_on", []), "x"]
    program = both_ways(data)
    assert program.title.en == unicodedata.normalize("NFC", "Co\u0302te d'Ivoire")


def test_a_program_with_its_index_built_is_written_alike() -> None:
    program = attrs.evolve(default_program())
    program.get(program.activities[0].id)  # builds `_index`, a field outside `__init__`
    assert_same(convert.unstructure(program), convert.CONVERTER.unstructure(program))


def test_what_is_written_is_byte_identical() -> None:
    program = canonical.loads(generate.dumps(1200))
    fast = convert.FAST.unstructurer(Program)(program)
    slow = convert.CONVERTER.unstructure(program)
    assert orjson.dumps(fast) == orjson.dumps(slow)


# ---- invalid data: refused, and the converter's messages ----------------------------------


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


def _drop(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return changed


BAD = {
    "root not an object": lambda d: [d],
    "unknown key": lambda d: {**d, "surprise": 1},
    "unknown nested key": lambda d: _set(d, ("title", "xx"), "x"),
    "required key missing": lambda d: _drop(d, ("adopted_by",)),
    "nested required key missing": lambda d: _drop(d, ("activities", 0, "summary")),
    "int for a string": lambda d: _set(d, ("id",), 5),
    "string for an int": lambda d: _set(d, ("declarations", 0, "count"), "5"),
    "bool for an int": lambda d: _set(d, ("declarations", 0, "count"), True),
    "int for a bool": lambda d: _set(d, ("declarations", 0, "original_only"), 1),
    "float for an int": lambda d: _set(d, ("declarations", 0, "count"), 5.0),
    "negative count (attrs ge)": lambda d: _set(d, ("declarations", 0, "count"), -1),
    "null for a required string": lambda d: _set(d, ("activities", 0, "label"), None),
    "null for a defaulted codelist": lambda d: _set(
        d, ("activities", 0, "assignments"), [{"actor": "x", "role": None}]
    ),
    "codelist value unknown": lambda d: _set(d, ("activities", 0, "addressee"), "everyone"),
    "codelist value not a string": lambda d: _set(d, ("activities", 0, "addressee"), ["oas"]),
    "string for a list": lambda d: _set(d, ("based_on",), "abc"),
    "object for a list": lambda d: _set(d, ("activities",), {}),
    "list for an object": lambda d: _set(d, ("title",), []),
    "lone surrogate": lambda d: _set(d, ("title", "en"), "x\ud800"),
    "lone surrogate in a list": lambda d: _set(d, ("based_on",), ["\udfff"]),
    "invalid id": lambda d: _set(d, ("activities", 0, "id"), "Not An Id"),
    "invalid optional id": lambda d: _set(d, ("actors", 0, "parent"), "Bad Id"),
    "invalid id in a list": lambda d: _set(d, ("based_on",), ["ok", "Not OK"]),
    "not a calendar date": lambda d: _set(d, ("adopted_on",), "2023-02-30"),
    "blank text": lambda d: _set(d, ("title", "en"), "   "),
    "text without a language": lambda d: _set(d, ("title",), {"status": "official"}),
    "end before start": lambda d: _set(
        d,
        ("meetings", 0),
        {"id": "m", "title": {"status": "official", "en": "M"}, "start": "2020", "end": "2019"},
    ),
    "several problems at once": lambda d: _drop(
        _set(_set(d, ("id",), 5), ("activities", 1, "addressee"), "x"), ("title",)
    ),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_data_is_refused_and_the_converter_explains_it(name: str) -> None:
    problems = refused_alike(BAD[name](embedded_data()))
    assert problems  # located, from the converter


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        ["", "a", "oas", "gs-area", "2020", "2020-02-30", "  ", "e\u0301", "x\ud800"]
    ),
    lambda inner: (
        st.lists(inner, max_size=2)
        | st.dictionaries(st.sampled_from(["en", "id", "k"]), inner, max_size=2)
    ),
    max_leaves=4,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_fast_path_never_accepts_what_the_converter_refuses(data: st.DataObject) -> None:
    program = data.draw(programs)
    plain = convert.CONVERTER.unstructure(program)
    plain.pop("_index", None)
    paths = _paths(plain)
    if paths:
        path = data.draw(st.sampled_from(paths))
        change = data.draw(st.sampled_from(["set", "drop", "add key"]))
        if change == "set":
            plain = _set(plain, path, data.draw(json_values))
        elif change == "drop" and isinstance(path[-1], str):
            plain = _drop(plain, path)
        elif change == "add key" and isinstance(path[-1], str):
            plain = _set(plain, (*path[:-1], "unknown"), 1)
    try:
        fast = convert.FAST.structurer(Program)(plain)
    except Exception:
        refused = True
    else:
        refused = False
    try:
        slow = convert.CONVERTER.structure(plain, Program)
    except Exception:
        assert refused, "the fast path accepted what the converter refuses"
        return
    if not refused:
        assert_same(fast, slow)


# ---- the generator follows the model ------------------------------------------------------


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Shade(StrEnum):  # not one of the codelists given: the converter's hook reads it
    LIGHT = "light"
    DARK = "dark"


def _positive(instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if value <= 0:
        raise ValueError("must be positive")


def _after_first(instance: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < instance.first:  # reads a field set before it
        raise ValueError("second before first")


@attrs.frozen(kw_only=True)
class Inner:
    colour: Colour = attrs.field(default=Colour.RED, converter=Colour)
    tags: tuple[Colour, ...] = ()


@attrs.frozen(kw_only=True)
class Outer:
    first: int = attrs.field(validator=_positive)
    second: int | None = attrs.field(default=None, validator=_after_first)
    flag: bool = False
    name: str
    inner: Inner | None = None
    inners: tuple[Inner, ...] = ()
    words: list[str] = attrs.Factory(list)  # a type the generator hands to the converter
    shout: str = attrs.field(default="x", converter=str.upper)  # built through __init__


@attrs.frozen(kw_only=True)
class Shaded:
    shade: Shade = attrs.field(converter=Shade)  # built through __init__: not a codelist here
    colour: Colour = attrs.field(default=Colour.BLUE, converter=Colour)


def test_any_attrs_class_is_built_and_written_as_the_converter_does() -> None:
    converter = convert.make_program_converter()
    # A codelist as `make_program_converter` registers the model's: read and written by value.
    converter.register_structure_hook(Colour, lambda value, _: Colour(value))
    converter.register_unstructure_hook(Colour, lambda member: member.value)
    fast = FastConverter(lambda: converter, [Colour])
    for data in (
        {"first": 1, "name": "n"},
        {
            "first": 2,
            "second": 3,
            "flag": True,
            "name": "e\u0301",
            "inner": {"colour": "blue", "tags": ["red"]},
            "inners": [{}, {"tags": []}],
            "words": ["a"],
            "shout": "loud",
        },
    ):
        built = fast.structurer(Outer)(data)
        assert_same(built, converter.structure(data, Outer))
        assert_same(fast.unstructurer(Outer)(built), converter.unstructure(built))
    for data in ({"shade": "dark"}, {"shade": "light", "colour": "red"}):
        built = fast.structurer(Shaded)(data)
        assert_same(built, converter.structure(data, Shaded))
        assert_same(fast.unstructurer(Shaded)(built), converter.unstructure(built))
    for bad in (
        {"first": 0, "name": "n"},
        {"first": 2, "second": 1, "name": "n"},
        {"first": True, "name": "n"},
        {"first": 1, "name": "n", "inner": {"colour": "green"}},
        {"first": 1, "name": "n", "flag": None},
        {"first": 1},
    ):
        with pytest.raises(Exception):  # noqa: B017
            fast.structurer(Outer)(bad)


def test_refused_is_what_the_fast_path_raises_for_a_wrong_type() -> None:
    with pytest.raises(Refused):
        convert.FAST.structurer(Program)("not an object")


def test_with_validators_disabled_the_converter_builds_alone() -> None:
    data = _set(embedded_data(), ("activities", 0, "id"), "Not An Id")
    with attrs.validators.disabled():
        program = convert.structure(data, Program)
    assert program.activities[0].id == "Not An Id"


def test_the_model_keeps_copies_of_the_parsed_strings() -> None:
    # The parsed data's memory is freed whole once the load is done (see `fast_convert._copy`).
    data = embedded_data()
    with convert.FAST.sharing():
        program = convert.FAST.structurer(Program)(data)
    assert program.id == data["id"]
    assert program.id is not data["id"]
    assert program.title.en is not data["title"]["en"]
    # A shared value too (`values.repeats`): the copy made on its first sight.
    assert program.observations[0].actor == data["observations"][0]["actor"]
    assert program.observations[0].actor is not data["observations"][0]["actor"]


def test_a_load_keeps_one_string_for_each_repeated_value() -> None:
    # The observations of a program name the same activities, actors, periods and dates:
    # one string each (`values.repeats`), copied from the parsed data as every string is.
    data = generate.generate(2_000)
    program = canonical.loads(orjson.dumps(data))
    by_actor: dict[str, list[Any]] = {}
    for observation in program.observations:
        by_actor.setdefault(observation.actor, []).append(observation)
    first, second = next(group for group in by_actor.values() if len(group) > 1)[:2]
    assert first.actor is second.actor
    assert {id(o.period) for o in program.observations if o.period == first.period} == {
        id(first.period)
    }
    # An entity's own id is its own; and the table keeps nothing once the load is done.
    assert "id" not in {f.name for f in attrs.fields(Program) if fast_convert._repeats(f)}
    assert fast_convert._SHARED == {}


def test_the_shared_table_is_emptied_after_a_load_that_fails() -> None:
    data = _set(embedded_data(), ("observations", 0, "status"), "bogus")
    with pytest.raises(DataError):
        convert.structure(data, Program)
    assert fast_convert._SHARED == {}
    assert convert.program_if_fast(data, 64) is None
    assert fast_convert._SHARED == {}


_CHECKED: list[str] = []


def _counted_test(value: str) -> bool:
    _CHECKED.append(value)
    return value.startswith("ok")


@values.repeats
@values.passes_when(_counted_test)
def _check_ok(instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.startswith("ok"):
        raise ValueError(f"{attribute.name}: {value!r}")


@attrs.frozen(kw_only=True)
class Named:
    name: str = attrs.field(validator=_check_ok)
    also: str | None = attrs.field(default=None, validator=attrs.validators.optional(_check_ok))


@attrs.frozen(kw_only=True)
class Names:
    items: tuple[Named, ...] = ()


def test_a_load_checks_each_repeated_value_once() -> None:
    fast = FastConverter(convert.converter, [])
    data = {"items": [{"name": n, "also": "ok-a"} for n in ("ok-a", "ok-b", "ok-a", "ok-b")]}
    _CHECKED.clear()
    with fast.sharing():
        built = fast.structurer(Names)(data)
    assert [item.name for item in built.items] == ["ok-a", "ok-b", "ok-a", "ok-b"]
    assert sorted(_CHECKED) == ["ok-a", "ok-b"]  # once each, across both fields
    # The next load checks again: nothing is remembered between loads.
    _CHECKED.clear()
    with fast.sharing():
        fast.structurer(Names)(data)
    assert sorted(_CHECKED) == ["ok-a", "ok-b"]
    assert not any(fast_convert._PASSED.values())


def test_a_value_that_fails_is_never_remembered() -> None:
    fast = FastConverter(convert.converter, [])
    bad = {"items": [{"name": "ok-a"}, {"name": "bad"}]}
    for _ in range(2):  # refused each time, and the tables emptied after each failed load
        with pytest.raises(ValueError, match="'bad'"), fast.sharing():
            fast.structurer(Names)(bad)
        assert not any(fast_convert._PASSED.values())
    # The builder, used outside loads, checks every value and remembers none.
    _CHECKED.clear()
    build = fast.builder(Named)
    build(name="ok-a")
    build(name="ok-a")
    assert _CHECKED == ["ok-a", "ok-a"]
    assert not any(fast_convert._PASSED.values())


def test_a_remembering_builder_checks_each_string_once_while_sharing() -> None:
    fast = FastConverter(convert.converter, [])
    build = fast.builder(Named, remembering=True)
    assert build is not fast.builder(Named)  # the plain builder remembers nothing
    for _ in range(2):  # and nothing is remembered from one `sharing` to the next
        _CHECKED.clear()
        with fast.sharing():
            for name in ("ok-a", "ok-b", "ok-a", "ok-b"):
                assert build(name=name, also="ok-a").name == name
            with pytest.raises(ValueError, match="'bad'"):
                build(name="bad")
            with pytest.raises(ValueError, match="'bad'"):  # a failure is not remembered
                build(name="bad")
        assert sorted(_CHECKED) == ["bad", "bad", "ok-a", "ok-b"]
        assert not any(fast_convert._PASSED.values())


class _Text(str):
    pass


def test_a_builder_asks_the_validator_itself_of_what_is_not_a_string() -> None:
    fast = FastConverter(convert.converter, [])
    for remembering in (False, True):
        build = fast.builder(Named, remembering=remembering)
        _CHECKED.clear()
        with fast.sharing():
            build(name=_Text("ok-a"))
            build(name=_Text("ok-a"))
            # Refused by the validator, as the class refuses it (not by the quick test or
            # the set).
            with pytest.raises(AttributeError, match="startswith"):
                build(name=["ok-a"])
            assert _CHECKED == []  # the quick test is asked of strings only
            build(name="ok-a")
            build(name="ok-a")
            assert len(_CHECKED) == (1 if remembering else 2)
            remembered = [v for passed in fast_convert._PASSED.values() for v in passed]
            assert [type(v) for v in remembered] == ([str] if remembering else [])


def test_which_fields_share_their_values() -> None:
    from oas_program.model.tracking import Observation

    shared = {f.name for f in attrs.fields(Observation) if fast_convert._repeats(f)}
    assert shared == {"activity", "actor", "period", "date", "reported_by", "sources"}


# ---- loading: the walk for floats and depth left to the fast path ------------------------


DEFAULT = Limits()


def _strict_load(raw: bytes, limits: Limits) -> Program:
    """What `canonical.loads` gave before its shortcut: the strict road alone."""
    return convert.program_from_data(io.parse_json(raw, "x.json", limits))


def _load_both(raw: bytes, limits: Limits = DEFAULT) -> Any:
    """The program `canonical.loads` gives, or its problems, checked against the strict
    road's."""
    try:
        strict: Any = _strict_load(raw, limits)
    except DataError as error:
        strict = [(p.pointer, p.code, p.message, p.line) for p in error.problems]
    try:
        loaded: Any = canonical.loads(raw, file="x.json", limits=limits)
    except DataError as error:
        loaded = [(p.pointer, p.code, p.message, p.line) for p in error.problems]
    assert_same(loaded, strict)
    return loaded


def test_the_model_nests_no_deeper_than_the_depth_limit() -> None:
    depth = convert.FAST.depth(Program)
    assert depth is not None
    assert depth <= DEFAULT.max_depth


def test_a_depth_limit_below_the_models_depth_is_still_enforced() -> None:
    data = embedded_data()
    raw = orjson.dumps(data)
    depth = next(d for d in range(1, 65) if fast_json.plain(data, d))  # what the data nests
    assert depth <= convert.FAST.depth(Program)  # type: ignore[operator]
    assert isinstance(_load_both(raw, Limits(max_depth=depth)), Program)
    assert [code for _, code, _, _ in _load_both(raw, Limits(max_depth=depth - 1))] == ["too-deep"]


@pytest.mark.parametrize(
    "change",
    [
        lambda d: _set(d, ("declarations", 0, "count"), 5.0),  # a float
        lambda d: _set(d, ("declarations", 0, "count"), 2**70),  # read as a float by orjson
        lambda d: _set(d, ("format_version",), "1.0"),  # an older minor version
        lambda d: _set(d, ("format_version",), "2.0"),
        lambda d: _set(d, ("title", "en"), "Co\u0302te"),
        lambda d: _set(d, ("surprise",), [[[[[[[[[[]]]]]]]]]]),
        lambda d: [d],
    ],
)
def test_loading_gives_what_the_strict_road_gives(change: Any) -> None:
    _load_both(json.dumps(change(embedded_data())).encode())


def test_a_repeated_key_is_still_found() -> None:
    raw = orjson.dumps(embedded_data()).replace(b'"id":', b'"id":"x","id":', 1)
    assert [code for _, code, _, _ in _load_both(raw)] == ["duplicate-key"]


@attrs.frozen(kw_only=True)
class Node:
    name: str
    children: tuple[Node, ...] = ()


def test_a_class_that_refers_to_itself_is_handed_to_the_converter_there() -> None:
    converter = convert.make_program_converter()
    fast = FastConverter(lambda: converter, [])
    data = {"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]}
    built = fast.structurer(Node)(data)
    assert_same(built, converter.structure(data, Node))
    assert_same(fast.unstructurer(Node)(built), converter.unstructure(built))
    assert fast.depth(Node) is None  # no bound: loads keeps its own walk for such a model


_ID_LIKE = st.text(alphabet="az09-_ .AZ\u00e9\n", max_size=70)


@settings(max_examples=300, deadline=None)
@given(value=_ID_LIKE | st.sampled_from(["2026", "2026-H1", "2026-Q4", "2026-H3", "2026-q1"]))
def test_a_validator_s_quick_test_passes_only_what_the_validator_passes(value: str) -> None:
    # The generated converters call a validator only when its quick test fails: a value the
    # test passes must be one the validator passes.
    from oas_program.model.tracking import Observation, check_period
    from oas_program.model.values import check_id, check_ids

    field = attrs.fields(Observation).id
    for validator, checked in (
        (check_id, value),
        (check_ids, (value, "ok")),
        (check_period, value),
    ):
        if validator.passes_when(checked):  # type: ignore[attr-defined]
            validator(None, field, checked)


# ---- the builder: the class's own `__init__`, faster ---------------------------------------


def _model_objects(value: Any) -> list[Any]:
    """Every attrs object inside *value* (the program's entities and their parts)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if attrs.has(type(item)):
            found.append(item)
            stack += [getattr(item, field.name) for field in attrs.fields(type(item))]
        elif isinstance(item, tuple | list):
            stack += item
    return found


def _arguments(obj: Any, *, plain_codelists: bool) -> dict[str, Any]:
    """The keyword arguments that make *obj* again (codelists as their values, if asked)."""
    arguments = {}
    for field in attrs.fields(type(obj)):
        if field.init:
            value = getattr(obj, field.name)
            if plain_codelists and isinstance(value, StrEnum):
                value = value.value
            arguments[field.alias] = value
    return arguments


def _built_alike(cls: type, arguments: dict[str, Any]) -> Any:
    """What the builders make of *arguments*, checked against the class: the same object,
    or the same exception with the same message. The remembering builder is asked twice
    within one `sharing`: once to check the values, once with them remembered."""
    builders = [convert.FAST.builder(cls)] + 2 * [convert.FAST.builder(cls, remembering=True)]
    with convert.FAST.sharing():
        try:
            expected = cls(**arguments)
        except Exception as error:
            for build in builders:
                with pytest.raises(type(error)) as caught:
                    build(**arguments)
                assert str(caught.value) == str(error)
            return None
        for build in builders:
            built = build(**arguments)
            assert_same(built, expected)
    return built


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(programs, st.booleans())
def test_the_builder_makes_every_model_object_as_its_class_does(
    program: Program, plain_codelists: bool
) -> None:
    for obj in _model_objects(program):
        if type(obj) is not Program:  # a Program keeps a built index: compared in its tests
            _built_alike(type(obj), _arguments(obj, plain_codelists=plain_codelists))


def test_the_builder_leaves_out_what_the_class_leaves_to_its_defaults() -> None:
    from oas_program.model.tracking import Applicability, Observation

    required = {
        "id": "obs-1",
        "activity": "act",
        "actor": "ms-arg",
        "period": "2026-H1",
        "date": "2026-05",
        "status": "completed",
    }
    built = _built_alike(Observation, required)
    assert built.applicability is Applicability.ASSIGNED and built.sources == ()


_WRONG = [
    ("id", "Not An Id"),
    ("activity", ""),
    ("period", "2026-H3"),
    ("date", "2026-13"),
    ("status", "finished"),
    ("status", ["completed"]),  # unhashable: the Enum's own error, not the dict's
    ("applicability", None),
    ("reported_by", "Upper"),
    ("actor", ["ms-arg"]),  # unhashable: the validator's error, not the remembered set's
    ("period", 2026),  # not a string: the validator's message, not the quick test's TypeError
    ("sources", ("ok", "not ok")),
]


@pytest.mark.parametrize(("name", "value"), _WRONG)
def test_the_builder_refuses_what_the_class_refuses_with_its_error(name: str, value: Any) -> None:
    from oas_program.model.tracking import Observation

    arguments = {
        "id": "obs-1",
        "activity": "act",
        "actor": "ms-arg",
        "period": "2026",
        "date": "2026",
        "status": "planned",
        name: value,
    }
    assert _built_alike(Observation, arguments) is None  # refused, as the class refuses it


def test_the_builder_honours_disabled_validators() -> None:
    from oas_program.model.tracking import Observation

    with attrs.validators.disabled():
        built = convert.FAST.builder(Observation)(
            id="Not An Id", activity="a", actor="b", period="x", date="y", status="planned"
        )
    assert built.id == "Not An Id"


def test_a_class_with_its_own_init_work_is_its_own_builder() -> None:
    fast = FastConverter(convert.make_program_converter, [Colour])
    assert fast.builder(Outer) is Outer  # `shout` has a converter only `__init__` runs
    assert fast.builder(Inner) is not Inner
    assert_same(fast.builder(Inner)(colour="blue"), Inner(colour="blue"))
    assert_same(
        fast.builder(Inner)(colour=Colour.RED, tags=(Colour.BLUE,)), Inner(tags=(Colour.BLUE,))
    )


@attrs.frozen(kw_only=True)
class _Clashing:
    v_0: int = attrs.field(validator=_positive)  # the builder's own name for a field
    obj: int = 0


def test_a_class_whose_fields_clash_with_the_builders_names_is_its_own_builder() -> None:
    assert convert.FAST.builder(_Clashing) is _Clashing
