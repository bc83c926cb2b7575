"""Installed plugins' entry points, found without importing `importlib.metadata`.

`oas-program --version` and `oas-program plugins` only list what is installed. Importing
`importlib.metadata` (with `email`, `zipfile`, `csv` and `pathlib` behind it) cost those
commands more than importing click; the entry points themselves are a small text file
(`entry_points.txt`) beside each distribution's metadata. This module reads those files the
way `importlib.metadata.entry_points(group=...)` finds them — every `*.dist-info` and
`*.egg-info` directory of every `sys.path` directory, the first distribution of a name
winning — and falls back to `importlib.metadata` itself wherever that layout does not hold
(a ZIP file on `sys.path`). Loading an entry point follows
`importlib.metadata.EntryPoint.load` (import the module, then follow the attribute path),
so what is imported is exactly what pip's tools would import.

It imports nothing of the project, and only `os`, `re` and `sys` of the standard library
(`importlib` when an entry point is loaded).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from typing import Any, NamedTuple


class Distribution(NamedTuple):
    """The distribution an entry point comes from (what messages and listings show)."""

    name: str
    version: str


class FoundEntryPoint(NamedTuple):
    """One entry point: what `importlib.metadata.EntryPoint` holds, with its distribution."""

    name: str
    value: str
    group: str
    dist: Distribution | None

    def load(self) -> Any:
        """Import the entry point's object, as `importlib.metadata.EntryPoint.load` does."""
        import importlib

        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"entry point value {self.value!r} is not 'module:object'")
        found: Any = importlib.import_module(match["module"])
        for name in filter(None, (match["attr"] or "").split(".")):
            found = getattr(found, name)
        return found


# `importlib.metadata.EntryPoint.pattern`: the module, an optional attribute path, extras.
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
_SEPARATORS = re.compile(r"[-_.]+")


def _normalized(name: str) -> str:
    return _SEPARATORS.sub("_", name).lower()


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """`name = value` pairs of the `[group]` section of an entry_points.txt."""
    pairs: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == group
        elif inside and "=" in line:
            name, _, value = line.partition("=")
            pairs.append((name.strip(), value.strip()))
    return pairs


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError):
        return None


def _distribution(folder: str) -> Distribution | None:
    text = _read(os.path.join(folder, "METADATA")) or _read(os.path.join(folder, "PKG-INFO"))
    if text is None:
        return None
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end at the first blank line; the description follows
        key, sep, value = line.partition(":")
        if sep and key in ("Name", "Version") and key not in headers:
            headers[key] = value.strip()
    return Distribution(headers.get("Name", "?"), headers.get("Version", "?"))


def _from_importlib(group: str) -> tuple[FoundEntryPoint, ...]:
    from importlib.metadata import entry_points

    return tuple(
        FoundEntryPoint(
            ep.name,
            ep.value,
            group,
            Distribution(ep.dist.name, ep.dist.version) if ep.dist is not None else None,
        )
        for ep in entry_points(group=group)
    )


def scan(group: str) -> tuple[FoundEntryPoint, ...]:
    """The entry points of *group* of every distribution on `sys.path`, in the order
    `importlib.metadata.entry_points(group=group)` gives them."""
    folders = [entry or "." for entry in sys.path]
    if any(os.path.isfile(folder) for folder in folders):
        return _from_importlib(group)  # a ZIP on sys.path: importlib.metadata reads it
    found: list[FoundEntryPoint] = []
    seen: set[str] = set()
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        try:
            children = os.listdir(folder)
        except OSError:
            continue
        for child in children:
            stem, dot, suffix = child.rpartition(".")
            if not dot or suffix.lower() not in ("dist-info", "egg-info"):
                continue
            key = _normalized(stem.partition("-")[0])
            if key in seen:
                continue
            seen.add(key)
            distribution = os.path.join(folder, child)
            text = _read(os.path.join(distribution, "entry_points.txt"))
            if text is None or f"[{group}]" not in text.replace(" ", ""):
                continue
            dist = _distribution(distribution)
            found += [FoundEntryPoint(n, v, group, dist) for n, v in _section(text, group)]
    return tuple(found)


@functools.cache
def installed_entry_points() -> tuple[FoundEntryPoint, ...]:
    """The `oas_program` entry points, by name, scanned once per process."""
    return tuple(sorted(scan("oas_program"), key=lambda ep: ep.name))
