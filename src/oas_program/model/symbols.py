"""Parse and format OAS and UN document symbols.

A document symbol is the short code an organisation prints on a document, such as
`AG/RES. 2141 (XXXV-O/05)`. The program's data cites resolutions and documents by symbol, so
the symbol has to be read into its parts (which body, which session, which year) and written
back in one clean form, whatever spacing or typing slip the source used.

Families understood (canonical spelling first; the noise each one tolerates is listed after):

OAS (the symbols use Spanish initials: `AG` Asamblea General, `CP` Consejo Permanente, ...)
    `AG/RES. 2141 (XXXV-O/05)`   resolution or declaration (`DEC`) of a session: Roman session
                                 number, `O` regular (ordinario) or `E` special
                                 (extraordinario), two-digit year.
    `CP/RES. 760 (1217/99)`      Permanent Council: meeting number / year instead of a session.
    `AG/RES. 1928`               a resolution cited without its session (seen in real data).
    `AG/doc.4496/05`             document; no space after `doc.` (the official spelling).
    `CIDI/CAM/INF. 7/13`         information document; one space after `INF.`.
    `CP/CAJP-2038/03`            committee document: no type word, so `type` is None and the
                                 committee is part of the body (`CP/CAJP`).
    `OEA/Ser.P/XLV-O.2`          OAS classification series P, 45th regular session, part 2.
    `OEA/Ser.L/V/II.173 Doc. 177`
                                 IACHR series: `.173` is the period of sessions, `Doc. 177`
                                 the document (`OEA/Ser.L/V/II. Doc. 50` when no session).
    Suffixes follow, each as ` rev. N`, ` add. N` or ` corr. N`, in the order written.
    Tolerated: `RES` without its period (`AG/RES 1928`), no space before `(`, a zero typed
    for the letter O (`XXVI-0/96`), `doc. 5238/12`, any case in `RES`/`doc`/`Ser`/`Doc` and
    in suffix words (`Rev.1`, `REV. 1`), a comma before a suffix, runs of whitespace.

UN
    `A/RES/60/169`               General Assembly, session 60, resolution 169.
    `A/RES/S-13/2`, `A/RES/ES-8/2`
                                 special and emergency special sessions.
    `A/RES/217 A (III)`          old numbering (sessions 1-30, special 1-7, emergency 1-5):
                                 one running number, the session in Roman numerals.
    `E/CN.4/RES/2002/1`          bodies that number by year: year 2002, number 1.
    `S/RES/1411 (2002)`          Security Council: number and year.
    UN suffixes are written the UN way: `/Rev.1`, `/Add.1`, `/Corr.1`.
    For the General Assembly the canonical form follows the era, so `A/RES/3/217` (a form
    never printed) is written `A/RES/217 (III)`; both mean the same fields.

Field decisions:
  * `number` is a string ("2141", "217 A"): UN old-style numbers carry a letter and one type
    for every family keeps callers simple. Leading zeros are dropped; 0 is not a number.
  * `year` is four digits. OAS symbols print two: 47-99 -> 1947-1999, 00-46 -> 2000-2046
    (the OAS dates from 1948, so no OAS symbol carries an earlier year).
  * `session_type` is "regular", "special" or "emergency-special" (UN only).

Input hygiene: the text is NFKC-normalised first, so fullwidth characters (`ＡＧ／ＲＥＳ．２１４１`)
and Roman-numeral code points (`Ⅻ`) become their ASCII letters and digits. Invisible and
bidirectional formatting characters (category Cf) are refused rather than silently dropped,
because they are a classic way of making two different strings look identical. Digits from
other scripts (`١٢٣`) are refused: no symbol is written with them. Every pattern is anchored,
built from bounded pieces that cannot overlap, and run on at most 200 characters, so parsing
is linear and any string either parses or raises `SymbolError`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Final, Literal

import attrs

__all__ = [
    "DocumentSymbol",
    "SymbolError",
    "format",
    "from_roman",
    "is_symbol",
    "parse",
    "parse_with_notes",
    "to_roman",
]

Organization = Literal["OAS", "UN"]
SessionType = Literal["regular", "special", "emergency-special"]
Suffix = tuple[str, int]

# Longest input looked at, before and after normalisation. Real symbols are under 40 characters;
# the cap keeps the worst case of every check small and bounded.
_MAX_RAW_LENGTH: Final = 1000
_MAX_LENGTH: Final = 200

_NOT_A_SYMBOL: Final = "not a recognised OAS or UN document symbol"


class SymbolError(ValueError):
    """Text that is not a document symbol, or fields that cannot be written as one.

    `text` is the offending text exactly as given; `detail` says what is wrong when the parser
    can tell (an invalid Roman numeral, an invisible character, ...), else None.
    """

    code: Final = "symbol-syntax"
    """The problem code the CLI and validators print in brackets."""

    def __init__(self, text: str, detail: str | None = None) -> None:
        self.text = text
        self.detail = detail
        super().__init__(f"{_shown(text)} is {self.reason}")

    @property
    def quoted(self) -> str:
        """The text as messages show it: repr() (control characters stay visible), shortened."""
        return _shown(self.text)

    @property
    def reason(self) -> str:
        """The message without the text: `not a recognised ... symbol[: detail]`."""
        return _NOT_A_SYMBOL if self.detail is None else f"{_NOT_A_SYMBOL}: {self.detail}"

    def __reduce__(self) -> tuple[type[SymbolError], tuple[str, str | None]]:
        # ValueError would pickle only the message; keep the two fields instead.
        return (type(self), (self.text, self.detail))


def _shown(text: str) -> str:
    """The text as quoted in messages: repr() so control characters stay visible, shortened."""
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


# --------------------------------------------------------------------------- Roman numerals

_ROMAN_STEPS: Final = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ROMAN_DIGITS: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(value: int) -> str:
    """`value` (1 to 3999) in standard Roman numerals: 35 -> "XXXV"."""
    if not 1 <= value <= 3999:
        raise ValueError(f"{value} cannot be written in Roman numerals (1 to 3999 only)")
    parts: list[str] = []
    for step, letters in _ROMAN_STEPS:
        count, value = divmod(value, step)
        parts.append(letters * count)
    return "".join(parts)


def from_roman(text: str) -> int:
    """The value of a standard Roman numeral: "XXXV" -> 35.

    Only the standard subtractive form is accepted: "IIII", "VX" or "IC" raise ValueError, so
    that every value has exactly one spelling and formatting can reproduce the input.
    """
    if not text or any(letter not in _ROMAN_DIGITS for letter in text):
        raise ValueError(f"{text!r} is not a Roman numeral")
    total = 0
    for index, letter in enumerate(text):
        value = _ROMAN_DIGITS[letter]
        following = _ROMAN_DIGITS[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    # The additive reading above accepts malformed numerals; writing the value back and
    # comparing is the simplest complete test of the standard form.
    if not 1 <= total <= 3999 or to_roman(total) != text:
        raise ValueError(f"{text!r} is not a Roman numeral in standard form")
    return total


# --------------------------------------------------------------------------- the value


def _as_suffixes(value: Iterable[Suffix]) -> tuple[Suffix, ...]:
    # Accept any iterable of pairs (a list is natural to type) but store a hashable tuple.
    return tuple((str(kind), int(number)) for kind, number in value)


@attrs.frozen
class DocumentSymbol:
    """The parts of one document symbol. `parse()` builds it; `canonical()` writes it back."""

    organization: Organization
    body: str
    """The issuing body: "AG", "CP", "CP/CAJP", "CIDI/CAM", "OEA/Ser.P", "A", "S", "E/CN.4"."""
    type: str | None = None
    """"RES", "DEC", "doc", "INF", "Doc" (IACHR), or None when the symbol has no type word."""
    number: str | None = None
    """The document's number as a string: "2141", "217 A"; None when cited without one."""
    session: int | None = None
    """Session number (35 for XXXV, 60 for A/RES/60/169, 173 for IACHR `II.173`)."""
    session_type: SessionType | None = None
    year: int | None = None
    """Four-digit year."""
    meeting: int | None = None
    """Permanent Council meeting number: 1217 in `CP/RES. 760 (1217/99)`."""
    suffixes: tuple[Suffix, ...] = attrs.field(default=(), converter=_as_suffixes)
    """("rev", 2), ("add", 1), ("corr", 1) in the order written."""

    def canonical(self) -> str:
        """The clean official spelling; `parse(symbol.canonical()) == symbol` always holds.

        Raises SymbolError when the fields do not describe a symbol that can be written (a
        Security Council resolution with a session, an OAS year outside 1947-2046, ...).
        """
        text = _render(self)
        # Rendering picks a family from the fields; reading the result back is what proves
        # the fields belonged together (no field silently dropped, no body that reads as
        # another family).
        try:
            fits = _parse_unchecked(text, text) == self
        except SymbolError:
            fits = False
        if not fits:
            raise _unwritable(
                self, f"the fields do not make one symbol ({text!r} reads back differently)"
            )
        return text

    def session_year_consistent(self) -> bool | None:
        """Whether an OAS General Assembly regular session matches its year.

        Regular session N has met in 1970 + N in every case seen (XXXV-O/05 is 2005). Parsing
        does not enforce this, as real data may differ; validators call this instead. None when
        the rule does not apply (not an AG regular session, or session or year missing).
        """
        if (
            self.organization != "OAS"
            or self.body != "AG"
            or self.session_type != "regular"
            or self.session is None
            or self.year is None
        ):
            return None
        return self.session == self.year - 1970

    def to_dict(self, input_text: str | None = None) -> dict[str, object]:
        """The JSON object the CLI prints, keys in a fixed order.

        `input` is `input_text` (the text as the user gave it), or the canonical form when
        there is none. `session_type` is "regular", "special" or None: an emergency special
        session is reported as "special" (it is a kind of special session) and stays visible
        in `canonical` as `ES-`. `suffixes` are written "rev. 2" for either organisation.
        """
        canonical = self.canonical()
        session_type = "special" if self.session_type == "emergency-special" else self.session_type
        return {
            "input": canonical if input_text is None else input_text,
            "canonical": canonical,
            "organization": self.organization,
            "body": self.body,
            "type": self.type,
            "number": self.number,
            "session": self.session,
            "session_type": session_type,
            "year": self.year,
            "meeting": self.meeting,
            "suffixes": [f"{kind}. {number}" for kind, number in self.suffixes],
        }


# --------------------------------------------------------------------------- grammar
#
# Each family is one anchored pattern (fullmatch). Repetitions are bounded and separated by
# literal characters that cannot start the next piece, so a failed match gives up after a
# small, fixed amount of backtracking. re.ASCII keeps \d-like classes and case folding to
# ASCII: the explicit [0-9] classes never match other scripts' digits.

_ROMAN = r"[IVXLCDM]{1,15}"
_OAS_BODY = r"[A-Z]{1,12}(?:/[A-Z]{1,12}){0,4}"
# UN bodies have dotted numbered parts and mixed case: E/CN.4, E/CN.4/Sub.2, A/HRC.
_UN_BODY = r"[A-Z]{1,8}(?:/[A-Z][A-Za-z]{0,11}(?:\.[0-9]{1,3})?){0,4}"
# A suffix may follow a comma, spaced either way: `rev. 1, corr. 2`, `rev. 1 , corr. 2`.
_OAS_SUFFIXES = r"(?P<suffixes>(?:(?: ?,)? ?(?i:rev|add|corr)\.? ?[0-9]{1,3}){0,6})"
_UN_SUFFIXES = r"(?P<suffixes>(?:/(?i:rev|add|corr)\.? ?[0-9]{1,3}){0,6})"
_SUFFIX_ITEM: Final = re.compile(r"(?P<kind>rev|add|corr)\.? ?(?P<number>[0-9]+)", re.I | re.A)

_UN_NEW: Final = re.compile(
    rf"(?P<body>{_UN_BODY})/(?i:RES)/(?:(?P<special>ES|S)-)?(?P<first>[0-9]{{1,4}})"
    rf"/(?P<number>[0-9]{{1,5}}){_UN_SUFFIXES}",
    re.A,
)
_UN_OLD: Final = re.compile(
    rf"(?P<body>{_UN_BODY})/(?i:RES)/(?P<number>[0-9]{{1,5}})(?: ?(?P<letter>[A-Z]))?"
    rf" ?\( ?(?:(?P<special>ES|S)-)?(?P<roman>{_ROMAN}) ?\){_UN_SUFFIXES}",
    re.A,
)
_UN_SECURITY_COUNCIL: Final = re.compile(
    rf"(?P<body>S)/(?i:RES)/(?P<number>[0-9]{{1,5}})(?: ?\( ?(?P<year>[0-9]{{4}}) ?\))?"
    rf"{_UN_SUFFIXES}",
    re.A,
)
_OAS_RESOLUTION: Final = re.compile(
    rf"(?P<body>{_OAS_BODY})/(?P<type>(?i:RES|DEC))(?:\. ?| )(?P<number>[0-9]{{1,6}})"
    rf"(?: ?\( ?(?:(?P<roman>{_ROMAN})-(?P<letter>[OE0])|(?P<meeting>[0-9]{{1,5}}))"
    rf"/(?P<yy>[0-9]{{2}}) ?\))?{_OAS_SUFFIXES}",
    re.A,
)
_OAS_DOCUMENT: Final = re.compile(
    rf"(?P<body>{_OAS_BODY})/(?P<type>(?i:doc|INF))\. ?(?P<number>[0-9]{{1,6}})"
    rf"/(?P<yy>[0-9]{{2}}){_OAS_SUFFIXES}",
    re.A,
)
# At least two body parts: a bare `ABC-12/34` is too unspecific to call a symbol.
_OAS_COMMITTEE: Final = re.compile(
    rf"(?P<body>[A-Z]{{1,12}}(?:/[A-Z]{{1,12}}){{1,4}})-(?P<number>[0-9]{{1,6}})"
    rf"/(?P<yy>[0-9]{{2}}){_OAS_SUFFIXES}",
    re.A,
)
_OAS_SERIES: Final = re.compile(
    rf"OEA/(?i:Ser)\. ?(?P<series>[A-Z])(?P<path>(?:/[A-Z]{{1,12}}){{0,4}})"
    rf"(?:/(?P<roman>{_ROMAN})-(?P<letter>[OE0])(?:\.(?P<part>[0-9]{{1,4}}))?"
    rf"|(?:\.(?P<session>[0-9]{{1,4}})?)?(?: ?(?i:Doc)\. ?(?P<doc>[0-9]{{1,6}}))?)"
    rf"{_OAS_SUFFIXES}",
    re.A,
)

_SESSION_LETTERS: Final[dict[str, SessionType]] = {"O": "regular", "0": "regular", "E": "special"}
_UN_SPECIAL_PREFIXES: Final[dict[str | None, SessionType]] = {
    None: "regular",
    "S": "special",
    "ES": "emergency-special",
}
# Last session of each kind numbered the old UN way (`3201 (S-VI)`); from the 31st regular
# session (1976), the 8th special and the 6th emergency special session on, `31/1`, `S-8/1`.
_UN_LAST_OLD_STYLE: Final[dict[SessionType, int]] = {
    "regular": 30,
    "special": 7,
    "emergency-special": 5,
}


def _positive(digits: str, text: str, what: str) -> int:
    value = int(digits)
    if value == 0:
        raise SymbolError(text, f"{what} 0 does not exist; numbering starts at 1")
    return value


def _oas_year(two_digits: str) -> int:
    # Pivot at 47: the OAS was founded in 1948, and 00-46 leaves room to 2046.
    value = int(two_digits)
    return 1900 + value if value >= 47 else 2000 + value


def _un_year(digits: str, text: str) -> int:
    value = int(digits)
    if not 1945 <= value <= 2099:
        raise SymbolError(text, f"{value} is not a plausible UN year (1945-2099)")
    return value


def _roman_session(numeral: str, text: str) -> int:
    try:
        return from_roman(numeral)
    except ValueError as error:
        raise SymbolError(text, str(error)) from None


def _suffixes(found: str, text: str) -> tuple[Suffix, ...]:
    return tuple(
        (m["kind"].lower(), _positive(m["number"], text, m["kind"].lower()))
        for m in _SUFFIX_ITEM.finditer(found)
    )


def _un_new(m: re.Match[str], text: str) -> DocumentSymbol:
    if m["body"] == "S":
        raise SymbolError(text, "Security Council resolutions are written S/RES/<number> (<year>)")
    session: int | None = None
    year: int | None = None
    session_type: SessionType | None = None
    # Sessions have at most three digits; a four-digit first part is a year (E/CN.4/RES/2002/1).
    if m["special"] is None and len(m["first"]) == 4:
        year = _un_year(m["first"], text)
    else:
        session = _positive(m["first"], text, "session")
        session_type = _UN_SPECIAL_PREFIXES[m["special"]]
    return DocumentSymbol(
        organization="UN",
        body=m["body"],
        type="RES",
        number=str(_positive(m["number"], text, "resolution")),
        session=session,
        session_type=session_type,
        year=year,
        suffixes=_suffixes(m["suffixes"], text),
    )


def _un_old(m: re.Match[str], text: str) -> DocumentSymbol:
    if m["body"] != "A":
        raise SymbolError(text, "Roman session numbers are only read for A/RES/... resolutions")
    number = str(_positive(m["number"], text, "resolution"))
    if m["letter"]:
        number += f" {m['letter']}"  # 217 A (III): the letter is part of the resolution number
    return DocumentSymbol(
        organization="UN",
        body="A",
        type="RES",
        number=number,
        session=_roman_session(m["roman"], text),
        session_type=_UN_SPECIAL_PREFIXES[m["special"]],
        suffixes=_suffixes(m["suffixes"], text),
    )


def _un_security_council(m: re.Match[str], text: str) -> DocumentSymbol:
    return DocumentSymbol(
        organization="UN",
        body="S",
        type="RES",
        number=str(_positive(m["number"], text, "resolution")),
        year=None if m["year"] is None else _un_year(m["year"], text),
        suffixes=_suffixes(m["suffixes"], text),
    )


def _oas_resolution(m: re.Match[str], text: str) -> DocumentSymbol:
    session: int | None = None
    session_type: SessionType | None = None
    meeting: int | None = None
    if m["roman"] is not None:
        session = _roman_session(m["roman"], text)
        session_type = _SESSION_LETTERS[m["letter"]]
    elif m["meeting"] is not None:
        meeting = _positive(m["meeting"], text, "meeting")
    return DocumentSymbol(
        organization="OAS",
        body=m["body"],
        type=m["type"].upper(),
        number=str(_positive(m["number"], text, "resolution")),
        session=session,
        session_type=session_type,
        year=None if m["yy"] is None else _oas_year(m["yy"]),
        meeting=meeting,
        suffixes=_suffixes(m["suffixes"], text),
    )


def _oas_document(m: re.Match[str], text: str) -> DocumentSymbol:
    return DocumentSymbol(
        organization="OAS",
        body=m["body"],
        type="doc" if m["type"].lower() == "doc" else "INF",
        number=str(_positive(m["number"], text, "document")),
        year=_oas_year(m["yy"]),
        suffixes=_suffixes(m["suffixes"], text),
    )


def _oas_committee(m: re.Match[str], text: str) -> DocumentSymbol:
    return DocumentSymbol(
        organization="OAS",
        body=m["body"],
        number=str(_positive(m["number"], text, "document")),
        year=_oas_year(m["yy"]),
        suffixes=_suffixes(m["suffixes"], text),
    )


def _oas_series(m: re.Match[str], text: str) -> DocumentSymbol:
    body = f"OEA/Ser.{m['series']}{m['path']}"
    suffixes = _suffixes(m["suffixes"], text)
    if m["roman"] is not None:
        # OEA/Ser.P/XLV-O.2: a session in Roman numerals with its letter, then the part.
        return DocumentSymbol(
            organization="OAS",
            body=body,
            number=None if m["part"] is None else str(_positive(m["part"], text, "part")),
            session=_roman_session(m["roman"], text),
            session_type=_SESSION_LETTERS[m["letter"]],
            suffixes=suffixes,
        )
    # OEA/Ser.L/V/II.173 Doc. 177: the number after the dot is the period of sessions (the
    # IACHR convention); the document number follows `Doc.`.
    return DocumentSymbol(
        organization="OAS",
        body=body,
        type=None if m["doc"] is None else "Doc",
        number=None if m["doc"] is None else str(_positive(m["doc"], text, "document")),
        session=None if m["session"] is None else _positive(m["session"], text, "session"),
        suffixes=suffixes,
    )


# Tried in order; the first pattern that matches decides (its builder may still refuse).
# UN patterns go first because `A/RES/S-13/25` would otherwise read as an OAS committee
# document of a body called `A/RES/S`.
_Builder = Callable[[re.Match[str], str], DocumentSymbol]
_FAMILIES: Final[tuple[tuple[re.Pattern[str], _Builder], ...]] = (
    (_UN_NEW, _un_new),
    (_UN_OLD, _un_old),
    (_UN_SECURITY_COUNCIL, _un_security_council),
    (_OAS_RESOLUTION, _oas_resolution),
    (_OAS_DOCUMENT, _oas_document),
    (_OAS_COMMITTEE, _oas_committee),
    (_OAS_SERIES, _oas_series),
)


# --------------------------------------------------------------------------- parsing


def _clean(text: str) -> str:
    """NFKC-normalised text with whitespace runs collapsed; refuses what cannot be a symbol."""
    if len(text) > _MAX_RAW_LENGTH:
        raise SymbolError(text, f"longer than {_MAX_RAW_LENGTH} characters")
    normalized = unicodedata.normalize("NFKC", text)
    for char in normalized:
        category = unicodedata.category(char)
        if category == "Cf":
            name = unicodedata.name(char, "unnamed")
            raise SymbolError(
                text, f"contains the invisible formatting character U+{ord(char):04X} ({name})"
            )
        if category == "Nd" and not char.isascii():
            raise SymbolError(text, f"contains the non-ASCII digit {char!r}; symbols use 0-9")
        if category.startswith("L") and not char.isascii():
            script = _script(char)
            if script is not None:
                raise SymbolError(text, _look_alike(char, script))
    collapsed = " ".join(normalized.split())
    if not collapsed:
        raise SymbolError(text, "the text is empty")
    if len(collapsed) > _MAX_LENGTH:
        raise SymbolError(text, f"longer than {_MAX_LENGTH} characters")
    return collapsed


# The scripts whose letters look like Latin capitals (`А` U+0410, `Α` U+0391, `Ι` U+0399).
_OTHER_SCRIPTS: Final = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")


def _script(char: str) -> str | None:
    """The script a non-Latin letter belongs to, from its Unicode name, or None."""
    words = unicodedata.name(char, "").split()
    return next((word for word in words[:2] if word in _OTHER_SCRIPTS), None)


# Cyrillic and Greek letters that look like Latin ones (after Unicode's confusables list).
_LATIN_LOOK: Final = dict(
    zip(
        "АВЕЅІЈКМНОРСТХУаеѕіјорсхуΑΒΕΖΗΙΚΜΝΟΡΤΥΧο",
        "ABESIJKMHOPCTXYaesijopcxyABEZHIKMNOPTYXo",
        strict=True,
    )
)


def _look_alike(char: str, script: str) -> str:
    """The message for a letter of another script: it names the letter and its script."""
    name = unicodedata.name(char)
    latin = _LATIN_LOOK.get(char)
    like = f" that looks like the Latin {latin!r}" if latin else ""
    return (
        f"contains {char!r} (U+{ord(char):04X} {name}), a letter of the {script.title()} "
        f"script{like}; symbols are written in Latin letters: retype it"
    )


# Typing slips seen in OAS pages, each repaired only where one reading is possible: the
# repaired text must then parse, or the original error stands. (name, pattern, replacement)
_ROMAN_SESSION = r"[IVXLCDM]{1,15}"
_REPAIRS: Final = (
    (
        "spaces removed around '/', '-', '.' and inside parentheses",
        re.compile(r" ?(?P<mark>[/\-]) ?|(?P<open>\() | (?P<close>\))| (?P<dot>\.)", re.A),
        lambda m: next(group for group in m.groups() if group is not None),
    ),
    (
        "'/' between the session and its type read as '-'",
        re.compile(rf"\((?P<session>{_ROMAN_SESSION})/(?P<letter>[OE0])/", re.A),
        lambda m: f"({m['session']}-{m['letter']}/",
    ),
    (
        "doubled parenthesis made single",
        re.compile(r"(?P<paren>[()])(?P=paren)+", re.A),
        lambda m: m["paren"],
    ),
    (
        "missing ')' added",
        re.compile(
            rf"(?P<session>\({_ROMAN_SESSION}-[OE0]/[0-9]{{2}}|\([0-9]{{1,5}}/[0-9]{{2}})"
            r"(?=$| )",
            re.A,
        ),
        lambda m: m["session"] + ")",
    ),
    (
        "missing '(' added",
        re.compile(rf"(?<=[0-9] )(?P<session>{_ROMAN_SESSION}-[OE0]/[0-9]{{2}}\))", re.A),
        lambda m: "(" + m["session"],
    ),
)


def _repaired(cleaned: str) -> tuple[str, tuple[str, ...]]:
    """*cleaned* with the typing slips of `_REPAIRS` mended, and the names of those applied."""
    applied: list[str] = []
    for name, pattern, replace in _REPAIRS:
        mended = pattern.sub(replace, cleaned)
        if mended != cleaned:
            applied.append(name)
            cleaned = mended
    return cleaned, tuple(applied)


def _parse_unchecked(cleaned: str, text: str) -> DocumentSymbol:
    for pattern, build in _FAMILIES:
        match = pattern.fullmatch(cleaned)
        if match is not None:
            return build(match, text)
    raise SymbolError(text, _hint(cleaned))


# Common slips, each with a pattern that spots it in text no family matched.
_HINTS: Final = (
    (
        re.compile(r"\([IVXLCDM]+-([^OE0/)])", re.A),
        "the letter after the Roman session number must be O (regular) or E (special)",
    ),
    (re.compile(r"/(?i:RES|DEC)\.? ?$", re.A), "the resolution number is missing"),
    (re.compile(r"/(?i:RES|DEC)(?:\. ?| )[^0-9 (/]", re.A), "a number (0-9) must follow 'RES.'"),
)


def _hint(cleaned: str) -> str | None:
    # Symbols are written in capitals; suggest the fix when capitals alone would do. This
    # recursion is one level deep: upper-cased text is its own upper case.
    upper = cleaned.upper()
    if upper != cleaned:
        try:
            suggestion = _parse_unchecked(upper, upper).canonical()
            return f"symbols are written in capitals (did you mean {suggestion!r}?)"
        except SymbolError:
            pass
    for pattern, hint in _HINTS:
        if pattern.search(cleaned):
            return hint
    return None


def parse(text: str) -> DocumentSymbol:
    """Read an OAS or UN document symbol; raises SymbolError for anything else.

    Any `str` either parses or raises SymbolError (a ValueError) whose message quotes it.
    """
    return parse_with_notes(text)[0]


def parse_with_notes(text: str) -> tuple[DocumentSymbol, tuple[str, ...]]:
    """`parse(text)`, and what was cleaned to read it, in words (empty when nothing was).

    Besides the noise every family tolerates, typing slips are repaired where the reading is
    unambiguous: spaces around `/`, `-`, `.` and inside parentheses, a `/` where the `-`
    between session and type belongs (`(XXXV/O/05)`), a doubled parenthesis, a missing `(`
    or `)` around the session. Text that does not parse as written or repaired raises the
    error of the text as written."""
    if not isinstance(text, str):
        raise TypeError(f"parse() takes a str, not {type(text).__name__}")
    cleaned = _clean(text)
    notes: list[str] = []
    if cleaned != " ".join(text.split()):
        notes.append("full-width or compatibility characters normalised")
    try:
        symbol = _parse_unchecked(cleaned, text)
    except SymbolError as error:
        mended, applied = _repaired(cleaned)
        if not applied:
            raise
        try:
            symbol = _parse_unchecked(mended, text)
        except SymbolError:
            raise error from None
        notes.extend(applied)
    # Only return what can be written back exactly: checking here keeps the promise
    # `parse(s.canonical()) == s` for every parsed value, whatever odd input produced it.
    try:
        symbol.canonical()
    except SymbolError:
        raise SymbolError(text, "its parts do not fit together") from None
    return symbol, tuple(notes)


def is_symbol(text: str) -> bool:
    """Whether `text` parses as a document symbol."""
    try:
        parse(text)
    except SymbolError:
        return False
    return True


# --------------------------------------------------------------------------- formatting


# Shadows the builtin inside this module on purpose: `symbols.format(s)` is the public verb,
# the pair of `symbols.parse`. Nothing below calls the builtin.
def format(symbol: DocumentSymbol) -> str:
    """The canonical spelling of `symbol`; the same as `symbol.canonical()`."""
    return symbol.canonical()


def _unwritable(symbol: DocumentSymbol, why: str) -> SymbolError:
    return SymbolError(repr(symbol), f"cannot be written: {why}")


def _render(symbol: DocumentSymbol) -> str:
    """Write the fields in the family they select; canonical() checks that they fit it."""
    if symbol.organization == "UN":
        core = _render_un(symbol)
        return core + "".join(f"/{kind.capitalize()}.{n}" for kind, n in symbol.suffixes)
    if symbol.organization == "OAS":
        core = _render_oas(symbol)
        return " ".join([core, *(f"{kind}. {n}" for kind, n in symbol.suffixes)])
    raise _unwritable(symbol, "organization must be 'OAS' or 'UN'")


def _required(symbol: DocumentSymbol, value: object, field: str) -> str:
    if value is None:
        raise _unwritable(symbol, f"{field} is required here")
    return str(value)


def _roman(symbol: DocumentSymbol, session: int) -> str:
    try:
        return to_roman(session)
    except ValueError as error:
        raise _unwritable(symbol, str(error)) from None


def _two_digit_year(symbol: DocumentSymbol) -> str:
    year = symbol.year
    if year is None:
        raise _unwritable(symbol, "year is required here")
    if not 1947 <= year <= 2046:
        raise _unwritable(symbol, "OAS symbols print two-digit years, read as 1947-2046")
    return f"{year % 100:02d}"


def _oas_session_letter(symbol: DocumentSymbol) -> str:
    if symbol.session_type == "regular":
        return "O"
    if symbol.session_type == "special":
        return "E"
    raise _unwritable(symbol, "OAS sessions are 'regular' or 'special'")


def _render_oas(symbol: DocumentSymbol) -> str:
    body, kind = symbol.body, symbol.type
    if body.startswith("OEA/Ser."):
        if symbol.session_type is not None:
            if symbol.session is None:
                raise _unwritable(symbol, "a session_type needs a session")
            session = _roman(symbol, symbol.session)
            part = "" if symbol.number is None else f".{symbol.number}"
            return f"{body}/{session}-{_oas_session_letter(symbol)}{part}"
        text = body if symbol.session is None else f"{body}.{symbol.session}"
        if kind == "Doc":
            # IACHR keeps the dot of the missing session: `OEA/Ser.L/V/II. Doc. 50`.
            text += "." if symbol.session is None else ""
            return f"{text} Doc. {_required(symbol, symbol.number, 'number')}"
        return text
    number = _required(symbol, symbol.number, "number")
    if kind in ("RES", "DEC"):
        head = f"{body}/{kind}. {number}"
        if symbol.meeting is not None:
            return f"{head} ({symbol.meeting}/{_two_digit_year(symbol)})"
        if symbol.session is not None:
            session = _roman(symbol, symbol.session)
            letter = _oas_session_letter(symbol)
            return f"{head} ({session}-{letter}/{_two_digit_year(symbol)})"
        return head
    if kind == "doc":
        return f"{body}/doc.{number}/{_two_digit_year(symbol)}"
    if kind == "INF":
        return f"{body}/INF. {number}/{_two_digit_year(symbol)}"
    if kind is None:
        return f"{body}-{number}/{_two_digit_year(symbol)}"
    raise _unwritable(symbol, f"no OAS symbol has the type {kind!r}")


def _render_un(symbol: DocumentSymbol) -> str:
    body = symbol.body
    number = _required(symbol, symbol.number, "number")
    if symbol.type != "RES":
        raise _unwritable(symbol, "only UN resolutions (type 'RES') are supported")
    if body == "S":
        return f"S/RES/{number}" if symbol.year is None else f"S/RES/{number} ({symbol.year})"
    if symbol.session is None:
        return f"{body}/RES/{_required(symbol, symbol.year, 'session or year')}/{number}"
    if symbol.session_type is None:
        raise _unwritable(symbol, "a UN session needs a session_type")
    prefix = {"regular": "", "special": "S-", "emergency-special": "ES-"}[symbol.session_type]
    if body == "A" and symbol.session <= _UN_LAST_OLD_STYLE[symbol.session_type]:
        return f"A/RES/{number} ({prefix}{_roman(symbol, symbol.session)})"
    return f"{body}/RES/{prefix}{symbol.session}/{number}"
