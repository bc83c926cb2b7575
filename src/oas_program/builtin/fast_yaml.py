"""YAML as the export writes it, written and read without ruamel.yaml's pure-Python layers.

ruamel.yaml's emitter looks at every character of every scalar through the representer, the
serializer and the emitter, and its reader through the scanner, the parser and the composer:
exporting 100k records took 84 s, reading them back 112 s. The canonical data is
a narrow kind of YAML, block mappings with plain keys, block sequences, strings, integers
and booleans, so `fast_text` writes it line by line, choosing each string's style as the
emitter does (`Emitter.analyze_scalar` and `choose_scalar_style` of ruamel.yaml, for the
strings it takes). It gives up (None), and the whole document goes to ruamel.yaml, for
anything else: a string holding a line break or a character the emitter escapes, an empty
string, a line long enough to be folded, a key that is not a plain name, a value of
another type. `fast_read` reads back only what `fast_text` writes. The tests hold both to
ruamel.yaml: the same bytes written, the same data and places read.
"""

from __future__ import annotations

import io
import re
from typing import Any

# Characters YAML reads as line breaks: written raw in a plain scalar they would come back
# as spaces, so strings holding them are double-quoted (where they are escaped).
_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


# Plain scalars a YAML 1.1 reader (PyYAML's `safe_load`, what most Python users have) types
# other than as strings: booleans (`NO`, `on`), sexagesimal numbers (`12:30`), octal and
# underscored numbers, `.5`, timestamps, null, and the merge (`<<`) and value (`=`) keys.
# The YAML 1.2 writer leaves some of them plain; they are quoted so both readers agree.
# Patterns after PyYAML's `resolver.py` (its implicit resolvers for YAML 1.1).
_YAML11_TYPED = re.compile(
    r"""(?x)^(?:
      yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    | [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    | \.[0-9_]+(?:[eE][-+][0-9]+)?
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    | [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+
    | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    | ~|null|Null|NULL|
    | [0-9]{4}-[0-9]{2}-[0-9]{2}
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[\ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
      (?:[\ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
    | <<|=
    )$"""
)

_WIDTH = 4096
"""The emitter's line width: no value is folded onto a second line."""

_LONGEST = 4000
"""Lines longer than this go to ruamel.yaml, which may fold them at `_WIDTH`."""

# What the emitter writes only escaped, in double quotes: every character but printable
# ASCII and the printable Unicode ranges it leaves as they are (`allow_unicode`), less the
# line breaks and the byte order mark.
_ESCAPED = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

# Where the emitter's analysis forbids a plain scalar in block context (`allow_block_plain`)
# for a string `_ESCAPED` does not find anything in: a document marker or an indicator first,
# `?`, `:` or `-` first and alone or before a space, `: ` or a final `:`, ` #`, and a leading
# or trailing space.
_NOT_PLAIN = re.compile(r"^(?:---|\.\.\.)|^[#,\[\]{}&*!|>'\"%@`]|^[?:-](?: |$)|: |:$| #|^ | $")

_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
"""The keys written plain here: the model's field names and language codes (the emitter
writes a key of 128 characters or more as a complex key, `? key`)."""

_STR = "tag:yaml.org,2002:str"


class _GiveUp(Exception):
    """What the fast writer or reader does not take: ruamel.yaml writes or reads the whole
    document."""


def fast_text(data: dict[str, Any]) -> str | None:
    """The YAML text ruamel.yaml writes for *data* (as `ruamel_text` does), or None."""
    writer = _Writer()
    try:
        writer.mapping(data, 0, "")
    except (_GiveUp, ValueError):  # ValueError: an integer too long to write as text
        return None
    return "\n".join(writer.lines) + "\n" if writer.lines else None


def ruamel_text(data: dict[str, Any]) -> str:
    """The YAML text of *data* as ruamel.yaml's round-trip emitter writes it, every string
    that YAML would read as another string quoted (`_quote_for_readers`)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = _WIDTH  # no folding: one value per line keeps diffs readable
    buffer = io.StringIO()
    yaml.dump(_quote_for_readers(data), buffer)
    return buffer.getvalue()


def _quote_for_readers(value: Any) -> Any:
    """Plain data with the strings every YAML reader would not read back as the same string
    marked for quoting: those holding YAML line breaks (double-quoted, where they are
    escaped) and those a YAML 1.1 reader would type differently (single-quoted)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(value, str):
        if any(c in value for c in _LINE_BREAKS):
            return DoubleQuotedScalarString(value)
        return SingleQuotedScalarString(value) if _YAML11_TYPED.match(value) else value
    if isinstance(value, dict):
        return {key: _quote_for_readers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_quote_for_readers(item) for item in value]
    return value


class _Writer:
    """The lines of one document, in ruamel.yaml's block layout: two spaces per mapping
    level, a sequence's dashes at its key's indentation, a collection that is an item of a
    sequence begun on the dash's line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._strings: dict[str, str] = {}  # each distinct string's text (ids repeat)
        self._resolver: Any = None

    def mapping(self, data: dict[str, Any], indent: int, first: str) -> None:
        pad = " " * indent
        for index, (key, value) in enumerate(data.items()):
            if type(key) is not str or not _KEY.fullmatch(key) or self.string(key) != key:
                raise _GiveUp
            self.member(value, indent, f"{first if index == 0 else pad}{key}:", True)

    def sequence(self, items: list[Any], indent: int, first: str) -> None:
        pad = " " * indent
        for index, item in enumerate(items):
            self.member(item, indent, f"{first if index == 0 else pad}-", False)

    def member(self, value: Any, indent: int, head: str, of_mapping: bool) -> None:
        """*value* after *head* (`key:` of a mapping at *indent*, or a sequence's `-`)."""
        kind = type(value)
        if kind is str:
            line = f"{head} {self.string(value)}"
            if len(line) > _LONGEST:
                raise _GiveUp
            self.lines.append(line)
        elif kind is dict:
            if not value:
                self.lines.append(f"{head} {{}}")
            elif of_mapping:
                self.lines.append(head)
                self.mapping(value, indent + 2, " " * (indent + 2))
            else:
                self.mapping(value, indent + 2, f"{head} ")
        elif kind is list:
            if not value:
                self.lines.append(f"{head} []")
            elif of_mapping:
                self.lines.append(head)
                self.sequence(value, indent, " " * indent)
            else:
                self.sequence(value, indent + 2, f"{head} ")
        elif kind is bool:
            self.lines.append(f"{head} {'true' if value else 'false'}")
        elif kind is int:
            self.lines.append(f"{head} {value}")
        else:
            raise _GiveUp

    def string(self, value: str) -> str:
        written = self._strings.get(value)
        if written is None:
            written = self._strings[value] = self._style(value)
        return written

    def _style(self, value: str) -> str:
        """*value* as the emitter writes it (`choose_scalar_style`): single-quoted when
        `_quote_for_readers` asks, else plain where allowed and read back as a string, else
        double-quoted when it holds a `'`, else single-quoted."""
        if not value or _ESCAPED.search(value):
            raise _GiveUp
        if _YAML11_TYPED.match(value):
            return "'" + value.replace("'", "''") + "'"
        if not _NOT_PLAIN.search(value) and self._plain_is_string(value):
            return value
        if "'" in value:
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return "'" + value + "'"

    def _plain_is_string(self, value: str) -> bool:
        """Whether YAML 1.2 reads *value*, written plain, as a string (the serializer's
        `implicit` test, with ruamel.yaml's own resolver)."""
        if self._resolver is None:
            from ruamel.yaml import YAML

            self._resolver = YAML(typ="rt", pure=True).resolver
        from ruamel.yaml.nodes import ScalarNode

        return bool(self._resolver.resolve(ScalarNode, value, (True, False)) == _STR)


# ---- reading what `fast_text` writes -------------------------------------------------------

Positions = dict[str, tuple[int, int]]

_KEY_HEAD = re.compile(rf"({_KEY.pattern}):(?: |$)")
_DOUBLE_ESCAPE = re.compile(r"\\(.)")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True}
_BOOLS |= {"false": False, "False": False, "FALSE": False}


def plain_value(text: str) -> Any:
    """A plain scalar as the YAML importer resolves it, narrowly: `true`/`false`, null
    (`null`, `~`, empty), integers without leading zeros (of at most 4,300 digits, Python's
    limit for reading one); every other text stays the string it was written as."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text) and len(text) <= 4300:
        return int(text)
    return text


def fast_read(text: str, max_depth: int) -> tuple[dict[str, Any], Positions] | None:
    """The plain data and the places (line, column of each JSON Pointer, as the YAML
    importer records them) of a *text* that `fast_text` writes, or None for any other text.

    The text is read by its layout alone, then written again: only a text that `fast_text`
    writes for the data read from it is taken, so what is taken is what ruamel.yaml writes
    and reads back as that data, and anything else (comments, flow collections, other
    quoting, repeated keys, nesting at `max_depth`) goes to ruamel.yaml's reader, with its
    messages."""
    if not text.endswith("\n") or "\r" in text or "\t" in text:
        return None
    reader = _LayoutReader(text.split("\n")[:-1], max_depth)
    try:
        data = reader.mapping(0, 0, "", 0)
    except (_GiveUp, IndexError, ValueError, RecursionError):  # with a depth limit raised
        return None  # far above the default, ruamel.yaml's path reports the nesting
    if reader.line != len(reader.lines) or type(data) is not dict or fast_text(data) != text:
        return None
    return data, reader.positions


class _LayoutReader:
    """Values read from lines in `_Writer`'s layout; `line` is the next line to read."""

    def __init__(self, lines: list[str], max_depth: int) -> None:
        self.lines = lines
        self.max_depth = max_depth
        self.line = 0
        self.positions: Positions = {}

    def mapping(self, row: int, column: int, pointer: str, depth: int) -> dict[str, Any]:
        """The mapping whose first key is at *row*, *column* (the row may begin with the
        dashes of the sequences it is an item of)."""
        if depth >= self.max_depth:
            raise _GiveUp  # ruamel.yaml's reader says where
        self.positions.setdefault(pointer or "/", (row + 1, column + 1))
        self.positions.setdefault(f"{pointer}/~key", (row + 1, column + 1))
        result: dict[str, Any] = {}
        pad = " " * column
        while True:
            text = self.lines[row]
            key = _KEY_HEAD.match(text, column)
            if key is None:
                raise _GiveUp
            name = key[1]
            rest = text[key.end() :]
            self.line = row + 1
            result[name] = self.member(rest, row, key.end(), column, f"{pointer}/{name}", depth)
            row = self.line
            if row >= len(self.lines) or not self.lines[row].startswith(pad):
                return result
            following = self.lines[row]
            if len(following) <= column or following[column] in " -":
                return result

    def sequence(self, row: int, column: int, pointer: str, depth: int) -> list[Any]:
        """The sequence whose first dash is at *row*, *column*."""
        if depth >= self.max_depth:
            raise _GiveUp
        self.positions.setdefault(pointer or "/", (row + 1, column + 1))
        result: list[Any] = []
        dash = " " * column + "-"
        while True:
            text = self.lines[row]  # the first row may begin with outer dashes
            if text[column] != "-":
                raise _GiveUp
            rest = text[column + 1 :]
            here = f"{pointer}/{len(result)}"
            self.line = row + 1
            if rest.startswith(" - ") or rest == " -":
                result.append(self.sequence(row, column + 2, here, depth + 1))
            elif _KEY_HEAD.match(rest, 1):
                result.append(self.mapping(row, column + 2, here, depth + 1))
            elif rest.startswith(" "):
                result.append(self.scalar(rest[1:], row, column + 2, here, depth + 1))
            else:
                raise _GiveUp
            row = self.line
            if row >= len(self.lines) or not self.lines[row].startswith(dash):
                return result

    def member(self, rest: str, row: int, end: int, column: int, pointer: str, depth: int) -> Any:
        """A mapping's value: after `key:` on the same row (*rest*, from *end*), or below."""
        if rest:
            return self.scalar(rest, row, end, pointer, depth + 1)
        below = self.line
        text = self.lines[below]
        if text.startswith(" " * column + "-"):
            return self.sequence(below, column, pointer, depth + 1)
        if text.startswith(" " * (column + 2)) and text[column + 2] != " ":
            return self.mapping(below, column + 2, pointer, depth + 1)
        raise _GiveUp

    def scalar(self, text: str, row: int, column: int, pointer: str, depth: int) -> Any:
        """A scalar or an empty collection written at *row*, *column*."""
        self.positions.setdefault(pointer, (row + 1, column + 1))
        if text in ("[]", "{}"):
            if depth >= self.max_depth:
                raise _GiveUp
            return [] if text == "[]" else {}
        first = text[0]
        if first == "'":
            if len(text) < 2 or not text.endswith("'"):
                raise _GiveUp
            return text[1:-1].replace("''", "'")
        if first == '"':
            if len(text) < 2 or not text.endswith('"'):
                raise _GiveUp
            return _DOUBLE_ESCAPE.sub(_unescape, text[1:-1])
        return plain_value(text)


def _unescape(match: re.Match[str]) -> str:
    if match[1] not in '"\\':
        raise _GiveUp  # other escapes are ruamel.yaml's to read
    return match[1]
