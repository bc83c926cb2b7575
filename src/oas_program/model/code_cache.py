"""The compiled code of generated functions, kept between processes as `__pycache__` keeps
the bytecode of modules.

`fast_convert` writes its functions' source when a process first needs them; compiling that
source was most of what they cost a command on a small program (49 KB of source for the
embedded program, 13 ms of a 170 ms `oas-program export`), in every process anew. Here the
code objects are kept in one file beside this module's own bytecode (where
`importlib.util.cache_from_source` puts it, `sys.pycache_prefix` included), keyed by the file
name and the whole source text, so a text reuses only code compiled from that very text under
that name. Texts the file does not hold are compiled, and the file is rewritten once, when the
process exits.

As with `__pycache__`: the file is read even when `sys.dont_write_bytecode` is set, and
written only when it is not; one made by another Python version (another magic number), one
of another layout, or one that cannot be read is no cache; and one that cannot be written
is left as it is. The code is then compiled as it was before there was a cache.
"""

from __future__ import annotations
import __future__

import atexit
import contextlib
import marshal
import os
import re
import sys
import types
from importlib.util import MAGIC_NUMBER, cache_from_source
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

_LIMIT = 512
"""Most entries the file keeps. When more would be kept, it keeps only the texts this
process used (tests generate functions for classes of their own: the file must not grow
with every run)."""

Key = tuple[str, str]
"""(file name, source text) of an entry."""

_LAYOUT = 2
"""The file holds `(MAGIC_NUMBER, _LAYOUT, {Key: code})`. Layout 1 keyed entries by text
alone; a file of another layout is no cache, and is replaced whole."""

_known: dict[Key, types.CodeType] | None = None
"""The file's entries, read on first use."""
_used: dict[Key, types.CodeType] = {}
"""The texts this process compiled or found, with their code."""
_compiled = 0
"""How many texts this process had to compile (the file had no code for them)."""


def path() -> str | None:
    """Where the file is (None where Python keeps no bytecode cache)."""
    try:
        return cache_from_source(__file__).removesuffix(".pyc") + ".generated"
    except (NotImplementedError, ValueError):  # no cache tag (sys.implementation)
        return None


def compiled(text: str, filename: str, mode: str = "exec") -> types.CodeType:
    """The code of the source *text* (a module's, or an expression's with *mode* "eval"),
    compiled under *filename*: from the file when it holds code of that text and file name,
    else compiled (and kept when the process exits). A file name is used with one mode."""
    global _compiled
    key = (filename, text)
    code = _entries().get(key)
    if type(code) is not types.CodeType:
        code = compile(text, filename, mode)
        if not _compiled:
            atexit.register(_save)
        _compiled += 1
    _used[key] = code
    return code


def _entries() -> dict[Key, types.CodeType]:
    global _known
    if _known is None:
        _known = _read()
    return _known


def _read() -> dict[Key, types.CodeType]:
    where = path()
    if where is None:
        return {}
    try:
        with open(where, "rb") as stream:
            # One read, then `loads`: `marshal.load` on a file object reads item by item
            # through Python calls, five times as long for this file (5 ms against 0.8).
            magic, layout, entries = marshal.loads(stream.read())
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable, not ours
        return {}
    if magic != MAGIC_NUMBER or layout != _LAYOUT or type(entries) is not dict:
        return {}
    return entries


def _save() -> None:
    """Write the entries this process used beside those of the file (at exit)."""
    where = path()
    if where is None or sys.dont_write_bytecode:
        return
    entries = {**_read(), **_used}
    if len(entries) > _LIMIT:
        entries = dict(_used)
    temporary = f"{where}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(where), exist_ok=True)
        with open(temporary, "wb") as stream:
            marshal.dump((MAGIC_NUMBER, _LAYOUT, entries), stream)
        os.replace(temporary, where)  # whole, or not at all: another process may read it
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


# ---- the methods attrs writes ------------------------------------------------------------

_OURS = " oas_program."
"""In the file name attrs gives the methods of a class of this package:
`<attrs generated methods oas_program.model.actor.Actor>`."""

_TYPE_HASH = re.compile(r"hash\(\(\n\s*(-?\d+),")
"""The one part of attrs' text that differs between processes: `__hash__` starts its tuple
with the hash of the class's file name, which Python salts per process (PYTHONHASHSEED).
(A pattern with a literal start is searched for; a look-behind was tried at every position
of every text, ten times as long.)"""

_STAND_IN = 7_412_093_551
"""Compiled in the type hash's place, then replaced by it in the code: the text the file
keeps is the same in every process."""

_attrs_compile: Callable[..., None] | None = None
"""attrs' own `_compile_and_eval`, once `keep_attrs_methods` stood in for it."""


def keep_attrs_methods() -> None:
    """Have attrs take the code of the methods it writes for this package's classes from the
    cache file, from now on in this process. Other classes, and every class where attrs does not
    compile through `attr._make._compile_and_eval(script, globs, locs, filename)` as attrs
    26.1 does, are left to attrs."""
    global _attrs_compile
    import attr._make

    current = getattr(attr._make, "_compile_and_eval", None)
    if _attrs_compile is not None or current is None:
        return
    code = getattr(current, "__code__", None)
    if code is None or code.co_varnames[:4] != ("script", "globs", "locs", "filename"):
        return
    if (code.co_flags ^ _compile_and_eval.__code__.co_flags) & __future__.annotations.compiler_flag:
        return  # attrs compiles under other `__future__` flags than `compiled` does
    _attrs_compile = current
    attr._make._compile_and_eval = _compile_and_eval


def _compile_and_eval(
    script: str,
    globs: dict[str, object] | None,
    locs: Mapping[str, object] | None = None,
    filename: str = "",
) -> None:
    assert _attrs_compile is not None
    if not filename.startswith("<attrs generated") or _OURS not in filename:
        _attrs_compile(script, globs, locs, filename)
        return
    eval(attrs_code(script, filename), globs, locs)  # attrs' own text, evaluated as attrs does


def attrs_code(script: str, filename: str) -> types.CodeType:
    """The code attrs would compile from *script*: the file's code of the text with the
    type hash stood in for, the type hash put back. One thing stays the stand-in's: the
    column where the number ends, in the positions kept for tracebacks; loading a constant
    cannot fail, so no traceback points there."""
    found = list(_TYPE_HASH.finditer(script))
    if len(found) != 1 or str(_STAND_IN) in script:
        return compiled(script, filename)
    (match,) = found
    start, end = match.span(1)
    code = compiled(script[:start] + str(_STAND_IN) + script[end:], filename)
    return _replaced(code, _STAND_IN, int(match[1]))


def _replaced(code: types.CodeType, old: int, new: int) -> types.CodeType:
    """*code* with the constant *old* replaced by *new*, in it and in the code and the
    constant tuples it holds (`hash((N,))` of a class without fields is one)."""
    return code.replace(co_consts=_replaced_in(code.co_consts, old, new))


def _replaced_in(values: tuple[Any, ...], old: int, new: int) -> tuple[Any, ...]:
    replaced = []
    for value in values:
        if type(value) is int and value == old:
            value = new
        elif type(value) is tuple:
            value = _replaced_in(value, old, new)
        elif type(value) is types.CodeType:
            value = _replaced(value, old, new)
        replaced.append(value)
    return tuple(replaced)
