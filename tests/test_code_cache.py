"""The generated functions' code is kept between processes, as `__pycache__` keeps modules'.

Through the installed command: a second run compiles nothing (the file is not rewritten) and
writes the same bytes; a damaged or foreign file, or one that cannot be written, is no cache
and no error. In one process: code is reused only for the very text and file name it was
compiled from. Counts and files, never seconds (the time is in `benchmarks/`).
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oas_program.model import code_cache

SCRIPT = str(Path(sys.executable).with_name("oas-program"))


def export_json(prefix: Path, write_bytecode: bool = True) -> bytes:
    """`oas-program export --format json` with bytecode (and the cache) under *prefix*."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(prefix)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run(
        [SCRIPT, "export", "--format", "json"], capture_output=True, env=env, timeout=120
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout


def cache_files(prefix: Path) -> list[Path]:
    return sorted(prefix.rglob("code_cache.*.generated"))


def test_a_second_run_compiles_nothing_and_writes_the_same(tmp_path: Path) -> None:
    prefix = tmp_path / "pycache"
    first = export_json(prefix)
    (cache,) = cache_files(prefix)
    magic, entries = marshal.loads(cache.read_bytes())
    assert magic == code_cache.MAGIC_NUMBER
    assert any("def structure_Program(data):" in text for text in entries)
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
        marshal.dumps((b"\x00\x00\r\n", {"def f(): pass\n": compile("", "x", "exec")})),
        marshal.dumps((code_cache.MAGIC_NUMBER, ["a list, not a table"])),
        marshal.dumps((code_cache.MAGIC_NUMBER, {"def structure_Program(data):\n": 42})),
    ],
    ids=["empty", "garbage", "other-python", "not-a-table", "not-code"],
)
def test_a_damaged_or_foreign_file_is_no_cache(tmp_path: Path, content: bytes) -> None:
    prefix = tmp_path / "pycache"
    expected = export_json(tmp_path / "fresh")
    export_json(prefix)
    (cache,) = cache_files(prefix)
    cache.write_bytes(content)
    assert export_json(prefix) == expected
    magic, entries = marshal.loads(cache.read_bytes())  # written again, whole
    assert magic == code_cache.MAGIC_NUMBER and entries


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
    monkeypatch.setattr(code_cache, "_known", {text: code})
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
