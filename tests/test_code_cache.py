"""The generated functions' code is kept between processes, as `__pycache__` keeps modules'.

Through the installed command: a second run compiles nothing (the file is not rewritten) and
writes the same bytes; a damaged or foreign file, or one that cannot be written, is no cache
and no error. In one process: code is reused only for the very text and file name it was
compiled from. The methods attrs writes for the package's classes are kept too, and are the
very code attrs compiles, under every hash seed; other classes are attrs' alone. Counts and
files, never seconds (the time is in `benchmarks/`).
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import attr._make
import attrs
import pytest

from oas_program.model import code_cache

SCRIPT = str(Path(sys.executable).with_name("oas-program"))


def cached_env(
    prefix: Path, write_bytecode: bool = True, hash_seed: str = "random"
) -> dict[str, str]:
    """This process's environment with bytecode (and the cache) under *prefix*."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(prefix), "PYTHONHASHSEED": hash_seed}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def export_json(prefix: Path, write_bytecode: bool = True, hash_seed: str = "random") -> bytes:
    """`oas-program export --format json` with bytecode (and the cache) under *prefix*."""
    done = subprocess.run(
        [SCRIPT, "export", "--format", "json"],
        capture_output=True,
        env=cached_env(prefix, write_bytecode, hash_seed),
        timeout=120,
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout


def cache_files(prefix: Path) -> list[Path]:
    return sorted(prefix.rglob("code_cache.*.generated"))


def test_a_second_run_compiles_nothing_and_writes_the_same(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    first = export_json(prefix)
    (cache,) = cache_files(prefix)
    magic, layout, entries = marshal.loads(cache.read_bytes())
    assert (magic, layout) == (code_cache.MAGIC_NUMBER, code_cache._LAYOUT)
    assert any("def structure_Program(data):" in text for _, text in entries)
    assert ("<annotation>", "tuple[Activity, ...]") in entries  # `values.type_hints`
    before = cache.stat()
    assert export_json(prefix) == first
    after = cache.stat()
    # Rewritten only when a process compiled something: the same file, untouched.
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00not marshal data at all",
        marshal.dumps((b"\x00\x00\r\n", 2, {("x", ""): compile("", "x", "exec")})),
        marshal.dumps((code_cache.MAGIC_NUMBER, {"def f(): pass\n": compile("", "x", "exec")})),
        marshal.dumps((code_cache.MAGIC_NUMBER, 2, ["a list, not a table"])),
    ],
    ids=["empty", "garbage", "other-python", "layout-1", "not-a-table"],
)
def test_a_damaged_or_foreign_file_is_no_cache(tmp_path: Path, content: bytes) -> None:
    prefix = tmp_path / "pycache"
    expected = export_json(tmp_path / "fresh")
    export_json(prefix)
    (cache,) = cache_files(prefix)
    cache.write_bytes(content)
    assert export_json(prefix) == expected
    magic, layout, entries = marshal.loads(cache.read_bytes())  # written again, whole
    assert (magic, layout) == (code_cache.MAGIC_NUMBER, code_cache._LAYOUT) and entries
    assert all(type(key) is tuple for key in entries)


def test_entries_that_are_not_code_are_no_cache(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    expected = export_json(prefix)
    (cache,) = cache_files(prefix)
    magic, layout, entries = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps((magic, layout, dict.fromkeys(entries, 42))))
    assert export_json(prefix) == expected
    _, _, written = marshal.loads(cache.read_bytes())  # compiled again, every one
    assert written.keys() == entries.keys()
    assert all(type(code) is types.CodeType for code in written.values())


def test_nothing_is_written_when_bytecode_is_not(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    export_json(prefix, write_bytecode=False)
    assert cache_files(prefix) == []


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    expected = export_json(tmp_path / "fresh")
    export_json(prefix)
    (cache,) = cache_files(prefix)
    # A folder where the file would go: it can be neither read nor replaced (for the
    # superuser too, whom permissions would not stop).
    cache.unlink()
    cache.mkdir()
    (cache / "kept").write_text("kept")
    assert export_json(prefix) == expected
    assert (cache / "kept").read_text() == "kept"
    assert [p.name for p in cache.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_code_is_reused_only_for_its_own_text_and_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "def f():\n    return 1\n"
    code = compile(text, "<f one>", "exec")
    monkeypatch.setattr(code_cache, "_known", {("<f one>", text): code})
    monkeypatch.setattr(code_cache, "_used", {})
    monkeypatch.setattr(code_cache, "_compiled", 1)  # no exit handler from this test
    assert code_cache.compiled(text, "<f one>") is code
    assert code_cache._compiled == 1
    other = code_cache.compiled(text, "<f two>")  # the same text under another name
    assert other is not code and other.co_filename == "<f two>"
    changed = code_cache.compiled(text.replace("1", "2"), "<f one>")
    assert changed is not code
    namespace: dict[str, object] = {}
    exec(changed, namespace)
    assert namespace["f"]() == 2  # type: ignore[operator]
    assert code_cache._compiled == 3


# ---- the methods attrs writes --------------------------------------------------------------


def attrs_entries(prefix: Path) -> dict[str, str]:
    """The attrs texts the file holds code for: {file name: text}."""
    (cache,) = cache_files(prefix)
    _, _, entries = marshal.loads(cache.read_bytes())
    return {name: text for name, text in entries if name.startswith("<attrs generated")}


def test_the_methods_of_the_package_classes_are_kept(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    export_json(prefix, hash_seed="1")
    kept = attrs_entries(prefix)
    assert "<attrs generated methods oas_program.model.actor.Actor>" in kept
    assert all(" oas_program." in name for name in kept)  # attrs' own classes are not
    # The text kept holds the stand-in, not this process's hash of the class's name.
    assert all(str(code_cache._STAND_IN) in text for text in kept.values())
    before = cache_files(prefix)[0].stat()
    export_json(prefix, hash_seed="2")  # another hash of every class's name
    after = cache_files(prefix)[0].stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


# Run in a fresh process: a fingerprint of every method attrs gave a class of the package.
# With "alone", attrs compiles by itself: `keep_attrs_methods` leaves alone a
# `_compile_and_eval` of another signature. The one difference allowed: the column where
# `__hash__`'s number ends (the stand-in's width in the kept code), which no traceback shows.
METHODS = """
import dis, hashlib, json, sys, types
if sys.argv[1] == "alone":
    import attr._make
    compile_and_eval = attr._make._compile_and_eval
    attr._make._compile_and_eval = lambda *arguments: compile_and_eval(*arguments)
import oas_program.cli, oas_program.pipeline, oas_program.plugins.host
import oas_program.services.validation
from oas_program.model import code_cache

def positions(code):
    return tuple(
        instruction.positions[:3]
        if code.co_name == "__hash__"
        and instruction.opname == "LOAD_CONST"
        and type(instruction.argval) is int
        else instruction.positions
        for instruction in dis.get_instructions(code)
    )

def shape(value):
    if type(value) is tuple:
        return tuple(shape(item) for item in value)
    if type(value) is not types.CodeType:
        return type(value).__name__, repr(value)
    return (
        value.co_qualname, value.co_filename, value.co_firstlineno, value.co_flags,
        value.co_code, value.co_names, value.co_varnames, value.co_freevars,
        value.co_cellvars, positions(value), value.co_exceptiontable,
        shape(value.co_consts),
    )

methods = {}
for module in list(sys.modules.values()):
    for cls in list(vars(module).values()):
        if not isinstance(cls, type) or not hasattr(cls, "__attrs_attrs__"):
            continue
        for name, function in vars(cls).items():
            code = getattr(function, "__code__", None)
            if code is None or not code.co_filename.startswith("<attrs generated"):
                continue
            if " oas_program." in code.co_filename:
                key = f"{cls.__module__}.{cls.__qualname__}.{name}"
                methods[key] = hashlib.sha256(repr(shape(code)).encode()).hexdigest()
print(json.dumps({"compiled": code_cache._compiled, "methods": methods}))
"""


def methods(prefix: Path, hash_seed: str, alone: bool = False) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", METHODS, "alone" if alone else "kept"],
        capture_output=True,
        text=True,
        env=cached_env(prefix, hash_seed=hash_seed),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_kept_methods_are_the_code_attrs_compiles(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    by_attrs = methods(tmp_path / "alone", "1", alone=True)["methods"]
    assert len(by_attrs) > 100  # __init__, __eq__, __hash__, __repr__, ... of some 40 classes
    first = methods(prefix, "2")  # compiles and keeps, under another hash seed
    assert first["compiled"] > 0
    kept = methods(prefix, "1")  # compiles nothing
    assert kept == {"compiled": 0, "methods": by_attrs}


def test_other_classes_are_left_to_attrs(monkeypatch: pytest.MonkeyPatch) -> None:
    code_cache.keep_attrs_methods()  # done by the model on import; once is enough
    monkeypatch.setattr(code_cache, "_used", {})

    @attrs.frozen
    class Outside:
        name: str

    assert Outside("a") == Outside("a") and hash(Outside("a")) == hash(Outside("a"))
    assert code_cache._used == {}


def test_an_attrs_that_compiles_otherwise_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def other(script: str, namespace: dict[str, object]) -> None:  # another signature
        exec(script, namespace)

    monkeypatch.setattr(code_cache, "_attrs_compile", None)
    monkeypatch.setattr(attr._make, "_compile_and_eval", other)
    code_cache.keep_attrs_methods()
    assert attr._make._compile_and_eval is other
    monkeypatch.delattr(attr._make, "_compile_and_eval")
    code_cache.keep_attrs_methods()
    assert not hasattr(attr._make, "_compile_and_eval")


def instructions(code: types.CodeType) -> tuple[object, ...]:
    """What *code* does, all the way down: its bytecode, names and constants."""
    return (
        code.co_code,
        code.co_names,
        tuple(instructions(c) if type(c) is types.CodeType else c for c in code.co_consts),
    )


@pytest.mark.parametrize(
    "fields",
    ["", "                self.a,\n"],
    ids=["no-field", "a-field"],  # without fields, `(N,)` is one constant tuple
)
def test_the_type_hash_is_put_back(fields: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(code_cache, "_used", {})
    monkeypatch.setattr(code_cache, "_compiled", 1)  # no exit handler from this test
    name = "<attrs generated methods oas_program.test.Example>"
    template = "def __hash__(self):\n        return hash((\n                {},\n%s            ))\n"
    example = types.SimpleNamespace(a="a")
    for type_hash in (-3_141_592_653_589_793, 0, 7, code_cache._STAND_IN + 1):
        script = template.replace("%s", fields).format(type_hash)
        code = code_cache.attrs_code(script, name)
        assert instructions(code) == instructions(compile(script, name, "exec"))
        namespace: dict[str, object] = {}
        exec(code, namespace)
        expected = (type_hash, "a") if fields else (type_hash,)
        assert namespace["__hash__"](example) == hash(expected)  # type: ignore[operator]
    # One text kept for all four.
    assert len(code_cache._used) == 1
