"""Files of earlier 1.x versions, read as the current version.

What changed, version by version:
- 1.1 renamed a key of the table formats (`observations_id`, see `tables.LEGACY_COLUMNS`)
  and added the `participation` of actors; its data reads unchanged.
- 1.2 made our own working texts four-language `Text`s: an activity's `label`, a source's
  `title` and a note's `text` were plain English strings before.
"""

from __future__ import annotations

from typing import Any

from oas_program.model.program import FORMAT_VERSION
from oas_program.model.text import TextStatus

PLAIN_TEXTS_BEFORE = "1.2"
"""The first version in which labels, source titles and notes are `Text`s."""


def _version_key(version: str) -> tuple[int, ...]:
    """A version as numbers, for comparison (anything unreadable sorts first)."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)


def older(version: str, than: str) -> bool:
    """Whether *version* came before *than*."""
    return _version_key(version) < _version_key(than)


def upgraded(data: dict[str, Any], version: str) -> dict[str, Any]:
    """*data* of an earlier minor *version* as data of the current one (a new dict: the
    input is left as it was)."""
    if older(version, PLAIN_TEXTS_BEFORE):
        data = _with_note_texts(data)
        for collection, field in (("activities", "label"), ("sources", "title")):
            if collection in data:
                data[collection] = _with_field_text(data[collection], field)
    return {**data, "format_version": FORMAT_VERSION}


def _text(value: Any) -> Any:
    """A working text as 1.2 writes it. A plain string (JSON, YAML) was English; a table
    file gives its languages without a status. Anything else is left for the loader to
    report where it stands."""
    if isinstance(value, str):
        return {"status": TextStatus.SUMMARY.value, "en": value}
    if isinstance(value, dict) and "status" not in value:
        return {"status": TextStatus.SUMMARY.value, **value}
    return value


def _with_field_text(items: Any, field: str) -> Any:
    if not isinstance(items, list):
        return items
    return [
        {**item, field: _text(item[field])} if isinstance(item, dict) and field in item else item
        for item in items
    ]


def _with_note_texts(value: Any) -> Any:
    """A copy of *value* with the text of every note, wherever it stands, as a `Text`."""
    if isinstance(value, list):
        return [_with_note_texts(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _with_note_texts(item) for key, item in value.items()}
    if "notes" in out:
        out["notes"] = _with_field_text(out["notes"], "text")
    return out
