"""The compiled code of generated functions, kept between processes as `__pycache__` keeps
the bytecode of modules.

`fast_convert` writes its functions' source when a process first needs them; compiling that
source was most of what they cost a command on a small program (49 KB of source for the
embedded program, 13 ms of a 170 ms `oas-program export`), in every process anew. Here the
code objects are kept in one file beside this module's own bytecode (where
`importlib.util.cache_from_source` puts it, `sys.pycache_prefix` included), keyed by the whole
source text, so a text reuses only code compiled from that very text. Texts the file does
not hold are compiled, and the file is rewritten once, when the process exits.

As with `__pycache__`: the file is read even when `sys.dont_write_bytecode` is set, and
written only when it is not; one made by another Python version (another magic number) or
one that cannot be read is no cache; and one that cannot be written is left as it is. The
code is then compiled as it was before there was a cache.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import sys
import types
from importlib.util import MAGIC_NUMBER, cache_from_source

_LIMIT = 512
"""Most entries the file keeps. When more would be kept, it keeps only the texts this
process used (tests generate functions for classes of their own: the file must not grow
with every run)."""

_known: dict[str, types.CodeType] | None = None
"""The file's entries, read on first use."""
_used: dict[str, types.CodeType] = {}
"""The texts this process compiled or found, with their code."""
_compiled = 0
"""How many texts this process had to compile (the file had no code for them)."""


def path() -> str | None:
    """Where the file is (None where Python keeps no bytecode cache)."""
    try:
        return cache_from_source(__file__).removesuffix(".pyc") + ".generated"
    except (NotImplementedError, ValueError):  # no cache tag (sys.implementation)
        return None


def compiled(text: str, filename: str) -> types.CodeType:
    """The code of the module source *text*, compiled under *filename*: from the file when
    it holds code of that text and file name, else compiled (and kept when the process
    exits)."""
    global _compiled
    code = _entries().get(text)
    if type(code) is not types.CodeType or code.co_filename != filename:
        code = compile(text, filename, "exec")
        if not _compiled:
            atexit.register(_save)
        _compiled += 1
    _used[text] = code
    return code


def _entries() -> dict[str, types.CodeType]:
    global _known
    if _known is None:
        _known = _read()
    return _known


def _read() -> dict[str, types.CodeType]:
    where = path()
    if where is None:
        return {}
    try:
        with open(where, "rb") as stream:
            magic, entries = marshal.load(stream)
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable, not ours
        return {}
    if magic != MAGIC_NUMBER or type(entries) is not dict:
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
            marshal.dump((MAGIC_NUMBER, entries), stream)
        os.replace(temporary, where)  # whole, or not at all: another process may read it
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
