"""Built-in validator: characters that make text look other than it is.

Invisible and bidi-control characters (Trojan Source, CVE-2021-42574) are refused in every
string; control characters break spreadsheets and XML. Mixed scripts (a Cyrillic `А` in
`AG/RES. 2141`) are checked where text works as an identifier: symbols, labels, URLs, ISO
codes, actor names and acronyms. Ids themselves are ASCII by their pattern.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from oas_program.i18n import Templates, Value
from oas_program.plugins.descriptors import Finding, Rule, Severity, Validator
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.validation.walk import walked

if TYPE_CHECKING:
    from collections.abc import Iterator

    from oas_program.model import Program

INVISIBLE_CHAR = Rule(
    code="invisible-char",
    severity=Severity.ERROR,
    summary="No string holds invisible formatting characters (Unicode category Cf: "
    "zero-width spaces and joiners, soft hyphens, byte-order marks) or other characters "
    "that show nothing (the combining grapheme joiner, Hangul fillers, the Braille blank).",
    fix="Delete the character; retype the value if it was pasted.",
)
BIDI_CONTROL = Rule(
    code="bidi-control",
    severity=Severity.ERROR,
    summary="No string holds bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, "
    "U+200F, U+061C), which make text display in another order than it is stored.",
    fix="Delete the control character; right-to-left text displays correctly without it.",
)
CONTROL_CHAR = Rule(
    code="control-char",
    severity=Severity.ERROR,
    summary="No string holds control characters other than tab and line breaks (spreadsheet "
    "and XML writers refuse them).",
    fix="Delete the character, or replace it with a space.",
)
MIXED_SCRIPT = Rule(
    code="mixed-script",
    severity=Severity.ERROR,
    summary="Symbols, labels, URLs, ISO codes and actor names and acronyms are written in one "
    "script: a Cyrillic or Greek look-alike among Latin letters makes two values look equal.",
    fix="Retype the value in one script (the message names the odd character).",
)

# The messages (catalog context `finding:<key>`) and script names, in English; the catalogs
# give the other languages (`validate --lang`). Characters are named by their Unicode names.
_TEXT = Templates(
    "finding",
    {
        "bidi-control": "bidi control {character} at character {position}; delete it: it "
        "reorders how the text displays",
        "bidi-control:more": "bidi control {character} at character {position} (and {more} "
        "more); delete it: it reorders how the text displays",
        "invisible-char": "invisible character {character} at character {position}; delete it",
        "invisible-char:more": "invisible character {character} at character {position} (and "
        "{more} more); delete it",
        "control-char": "control character {character} at character {position}; delete it or "
        "replace it with a space",
        "control-char:more": "control character {character} at character {position} (and "
        "{more} more); delete it or replace it with a space",
        "mixed-script": "{value} mixes scripts: {character} among {script} letters; retype it "
        "in one script",
    },
)

BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
) | {"\u200e", "\u200f", "\u061c"}
_ALLOWED_CONTROLS = frozenset("\t\n\r")
# Characters outside category Cf that show nothing: U+034F COMBINING GRAPHEME JOINER, the
# Hangul fillers, the Khmer inherent vowels and U+2800 BRAILLE PATTERN BLANK (a blank that
# is not a space). A name holding one looks like the same name without it.
_BLANK_NON_FORMAT = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
_BLANK_PATTERN = re.compile("[" + "".join(sorted(_BLANK_NON_FORMAT)) + "]")
# Scripts named at the start of Unicode letter names (or after FULLWIDTH, MATHEMATICAL ...).
_SCRIPTS = frozenset(
    {
        "LATIN",
        "CYRILLIC",
        "GREEK",
        "ARMENIAN",
        "HEBREW",
        "ARABIC",
        "GEORGIAN",
        "CHEROKEE",
        "COPTIC",
        "DEVANAGARI",
        "THAI",
        "HANGUL",
        "HIRAGANA",
        "KATAKANA",
        "CJK",
    }
)
_IDENTIFIER_KEYS = frozenset({"symbol", "label", "url", "iso3", "id"})
# A script's name as an adjective of "letters" (`among Latin letters`).
_SCRIPT = Templates("script", {script: script.title() for script in sorted(_SCRIPTS)})
IDENTIFIERS_MESSAGES = {**_TEXT.messages(), **_SCRIPT.messages()}


def _name(char: str) -> str:
    name = unicodedata.name(char, "")  # control characters have no name
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name (`CYRILLIC CAPITAL LETTER A`)."""
    if not unicodedata.category(char).startswith("L") or char in _BLANK_NON_FORMAT:
        return None
    for word in unicodedata.name(char, "").split():
        if word in _SCRIPTS:
            return word
    return None


def _is_identifier(pointer: str) -> bool:
    tokens = pointer.split("/")
    if tokens[-1] in _IDENTIFIER_KEYS:
        return True
    # Actor names and acronyms: /actors/3/name/en.
    return len(tokens) >= 5 and tokens[1] == "actors" and tokens[-2] in ("name", "acronym")


def _odd_letter(value: str) -> tuple[str, str] | None:
    """(odd character, main script) when *value* mixes scripts, else None."""
    letters = [(char, script) for char in value if (script := _script(char)) is not None]
    scripts = {script for _, script in letters}
    if len(scripts) < 2:
        return None
    # The data is written in Latin-script languages: Latin is the script others stand out
    # from. Otherwise the most used script is the main one (earliest first, on a tie).
    if "LATIN" in scripts:
        main = "LATIN"
    else:
        order = [script for _, script in letters]
        main = max(scripts, key=lambda s: (order.count(s), -order.index(s)))
    odd = next(char for char, script in letters if script != main)
    return odd, main


def _characters(pointer: str, value: str) -> Iterator[Finding]:
    hidden = [
        (i, c)
        for i, c in enumerate(value, 1)
        if unicodedata.category(c) == "Cf" or c in _BLANK_NON_FORMAT
    ]
    bidi = [(i, c) for i, c in hidden if c in BIDI_CONTROLS]
    invisible = [(i, c) for i, c in hidden if c not in BIDI_CONTROLS]
    control = [
        (i, c)
        for i, c in enumerate(value, 1)
        if unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS
    ]
    for rule, found in ((BIDI_CONTROL, bidi), (INVISIBLE_CHAR, invisible), (CONTROL_CHAR, control)):
        if found:
            position, char = found[0]
            values: dict[str, Value] = {"character": _name(char), "position": position}
            if len(found) > 1:
                yield rule.finding(
                    _TEXT(f"{rule.code}:more", **values, more=len(found) - 1), pointer
                )
            else:
                yield rule.finding(_TEXT(rule.code, **values), pointer)


def check(program: Program) -> Iterator[Finding]:
    # Strings that are printable ASCII hide nothing and mix no scripts: the shared walk
    # leaves them out. Every other string is one of the program's fields (or an item of one),
    # at the pointer of the canonical data.
    for pointer, value in walked(program).unusual:
        # Format (Cf) and control (Cc) characters are never printable, so a printable string
        # hides nothing; only identifiers are checked for mixed scripts.
        if (
            value.isprintable()
            and (value.isascii() or not _is_identifier(pointer))
            and not _BLANK_PATTERN.search(value)
        ):
            continue
        yield from _characters(pointer, value)
        if _is_identifier(pointer):
            odd = _odd_letter(value)
            if odd is not None:
                char, main = odd
                yield MIXED_SCRIPT.finding(
                    _TEXT(
                        "mixed-script",
                        value=repr(value),
                        character=_name(char),
                        script=_SCRIPT(main),
                    ),
                    pointer,
                )


@hookimpl
def oas_program_validators() -> list[Validator]:
    return [
        Validator(
            name="identifiers",
            rules=(INVISIBLE_CHAR, BIDI_CONTROL, CONTROL_CHAR, MIXED_SCRIPT),
            check=check,
            description="Invisible, bidi-control, control and mixed-script characters.",
        )
    ]
