"""Locations that are not files: a program kept in a database, addressed by URL.

A program's location is a file path, or a URL (`postgresql://…`, `postgresql:///db?host=/x`)
whose scheme chooses the store plugin (`oas_program_stores`), as a file name's ending
chooses a format. A URL has a scheme of two or more letters followed by `://`, so a Windows
path (`C:\\data`, `C://data`) stays a path. Passwords in URLs are never shown: every
message names a location through `redact_url`.

This module only recognises URLs and hides their passwords; the pipeline routes a URL to
the store that serves it (`pipeline.read`, `pipeline.write`, `pipeline.merge_store`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")
_USERINFO_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s/?#@:]*):[^\s/?#@]*@")
_QUERY_PASSWORD = re.compile(r"([?&](?:password|sslpassword)=)[^&#]*", re.IGNORECASE)


def is_url(location: str | Path | None) -> bool:
    """Whether *location* is a URL (`scheme://…`) rather than a file path."""
    return isinstance(location, str) and _URL.match(location) is not None


def scheme(location: str) -> str:
    """The URL's scheme, lowercased (`postgresql`)."""
    found = _URL.match(location)
    if found is None:
        raise ValueError(f"not a URL: {redact_url(location)!r}")
    return found.group(1).lower()


def redact_url(text: str) -> str:
    """*text* with the password of any URL in it (`user:secret@`, `?password=secret`) shown
    as `***`: for locations, and for driver messages that may quote one."""
    text = _USERINFO_PASSWORD.sub(r"\1:***@", text)
    return _QUERY_PASSWORD.sub(r"\1***", text)
