"""Built-in validator: rules of the program's domain.

Checks skip what the references layer reports (an unknown actor, a meeting of the wrong
kind): each problem is reported once, by the layer it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from oas_program.i18n import Message, Templates
from oas_program.model import (
    Activity,
    Actor,
    ActorKind,
    Addressee,
    Meeting,
    ObjectiveKind,
    Program,
    Resolution,
    ResolutionRole,
)
from oas_program.model.symbols import DocumentSymbol, SymbolError, parse, to_roman
from oas_program.model.values import date_bounds
from oas_program.plugins.descriptors import Finding, Rule, Severity, Validator
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.reports.safe_text import safe_url
from oas_program.services.validation.walk import first_by_id, walked

if TYPE_CHECKING:
    from collections.abc import Iterator

    from oas_program.model.program import Entity

GS_ACTIVITY_NOT_GS_AREA = Rule(
    code="gs-activity-not-gs-area",
    severity=Severity.ERROR,
    summary="An activity for the OAS organs, agencies and entities (addressee `oas`) is "
    "assigned to OAS actors: General Secretariat areas (`gs-area`), OAS organs (`oas-organ`) "
    "or inter-American specialized organizations (`specialized-organization`).",
    fix="Assign the activity to the OAS actor that carries it out, or correct its addressee.",
)
GS_ACTIVITY_UNASSIGNED = Rule(
    code="gs-activity-unassigned",
    severity=Severity.WARNING,
    summary="An activity for the General Secretariat (addressee `oas`) names the area "
    "responsible for it in `assignments`.",
    fix="Add an assignment to the area the sources list the activity under.",
)
MEMBER_STATE_ISO = Rule(
    code="member-state-iso",
    severity=Severity.ERROR,
    summary="Every member state carries its ISO 3166-1 alpha-3 code (`iso3`); no two "
    "actors share a code.",
    fix="Add the state's `iso3`, or correct the code two actors share.",
)
MEMBER_STATE_MEMBERSHIP = Rule(
    code="member-state-membership",
    severity=Severity.ERROR,
    summary="Every member state has dated membership periods that do not overlap; actors "
    "that are not member states have none.",
    fix="Add the periods the sources give (a start or end may stay unknown), correct "
    "overlapping dates, or remove memberships from actors that are not member states.",
)
SYMBOL_SYNTAX = Rule(
    code="symbol-syntax",
    severity=Severity.ERROR,
    summary="Resolution, document and source symbols parse as OAS or UN document symbols; "
    "a resolution's symbol is a resolution or declaration (`RES`, `DEC`).",
    fix="Correct the symbol as printed on the document; `oas-program symbol TEXT` shows "
    "how a symbol parses.",
)
SYMBOL_NOT_CANONICAL = Rule(
    code="symbol-not-canonical",
    severity=Severity.WARNING,
    summary="Symbols are written in their canonical form (`AG/RES. 2141 (XXXV-O/05)`, "
    "not `AG/RES 2141(XXXV-0/05)`).",
    fix="Write the symbol as the message shows.",
)
SYMBOL_SESSION_YEAR = Rule(
    code="symbol-session-year",
    severity=Severity.ERROR,
    summary="In a General Assembly regular-session symbol the session matches the year: "
    "regular session N met in 1970 + N (XXXV-O/05 is 2005).",
    fix="Correct the session numeral or the year in the symbol.",
)
SYMBOL_DATE_YEAR = Rule(
    code="symbol-date-year",
    severity=Severity.ERROR,
    summary="A resolution's `date` falls in the year its symbol gives.",
    fix="Correct the resolution's `date` or its symbol.",
)
ADDED_BEFORE_ADOPTION = Rule(
    code="added-before-adoption",
    severity=Severity.ERROR,
    summary="An activity added later (`added`) is dated after the program's adoption "
    "(`adopted_on`): by its own date and by the dates of the meeting or resolution that "
    "added it.",
    fix="Correct the addition's date, meeting or resolution; remove `added` if the activity "
    "belongs to the program as adopted.",
)
ADOPTION_MISMATCH = Rule(
    code="adoption-mismatch",
    severity=Severity.ERROR,
    summary="`adopted_by` names a resolution with role `adoption`, and `adopted_on` agrees "
    "with that resolution's date.",
    fix="Point `adopted_by` at the adopting resolution and make the two dates agree.",
)
OBJECTIVE_UNSERVED = Rule(
    code="objective-unserved",
    severity=Severity.WARNING,
    summary="Every specific objective is served by at least one activity (one that lists it, "
    "or one of its sub-objectives, in `objectives`).",
    fix="List the objective in the `objectives` of the activities that serve it, when a "
    "source says which they are.",
)

URL_SCHEME = Rule(
    code="url-scheme",
    severity=Severity.WARNING,
    summary="Every `url` is a web address: `http` or `https` with a host, and nothing a "
    "browser would read differently (spaces, control or invisible characters, `<`, `>`). "
    "The exports show any other URL as text, never as a link.",
    fix="Give the document's http(s) address; percent-encode characters such as `<` and spaces.",
)
# The messages (catalog context `finding:<key>`), in English; the catalogs give the other
# languages (`validate --lang`). Ids, codes, dates and quoted values are filled in as they are.
_TEXT = Templates(
    "finding",
    {
        "gs-activity-unassigned": "activity '{activity}' is for the General Secretariat but "
        "names no assigned area; add the area the sources list it under",
        "gs-activity-not-gs-area": "activity '{activity}' is for the OAS organs, agencies and "
        "entities (addressee oas), but '{actor}' is of kind {kind}; assign an OAS actor "
        "(gs-area, oas-organ or specialized-organization) or correct the addressee",
        "added-before-adoption:date": "activity '{activity}' is marked as added on {date}, not "
        "after the program's adoption ({adopted}); correct the date, or remove `added` if the "
        "activity belongs to the program as adopted",
        "added-before-adoption:meeting": "activity '{activity}' was added by meeting "
        "'{meeting}', held on {date}, not after the program's adoption ({adopted}); correct the "
        "date, or remove `added` if the activity belongs to the program as adopted",
        "added-before-adoption:resolution": "activity '{activity}' was added by resolution "
        "'{resolution}', dated {date}, not after the program's adoption ({adopted}); correct "
        "the date, or remove `added` if the activity belongs to the program as adopted",
        "objective-unserved": "specific objective '{objective}' is served by no activity; list "
        "it in the `objectives` of the activities that serve it when a source says which",
        "adoption-mismatch:role": "`adopted_by` names '{resolution}', whose role is {role}, not "
        "adoption; point it at the adopting resolution or correct that resolution's role",
        "adoption-mismatch:date": "`adopted_on` is {adopted}, but the adopting resolution "
        "'{resolution}' is dated {date}; make the two dates agree",
        "member-state-membership:not-a-state": "'{actor}' is of kind {kind} but has "
        "memberships; only member states have membership periods: remove them or correct the "
        "kind",
        "member-state-iso:missing": "member state '{actor}' has no `iso3`; add its ISO 3166-1 "
        "alpha-3 code",
        "member-state-membership:missing": "member state '{actor}' has no membership period; "
        "add the periods the sources give (a start or end may stay unknown)",
        "member-state-iso:shared": "'{actor}' has the ISO code {iso3} of '{other}'; correct "
        "one of them",
        "member-state-membership:overlap": "membership {later} of '{actor}' overlaps "
        "membership {earlier}; correct the start and end dates so that periods follow each "
        "other",
        "symbol-syntax": "{symbol} is not a recognised OAS or UN document symbol; correct it "
        "as printed on the document",
        # {detail} is the symbol parser's diagnosis, as `oas-program symbol` words it.
        "symbol-syntax:detail": "{symbol} is not a recognised OAS or UN document symbol: "
        "{detail}; correct it as printed on the document",
        "symbol-syntax:not-a-resolution": "'{symbol}' is not a resolution symbol (no RES or "
        "DEC); give the resolution's own symbol, or record this document under `documents`",
        "symbol-not-canonical": "'{symbol}' is not written in canonical form; write '{canonical}'",
        "symbol-session-year": "'{symbol}': regular session {session} of the General Assembly "
        "met in {met}, not {year}; correct the session or the year",
        "symbol-date-year": "resolution '{resolution}' is dated {date}, but its symbol "
        "'{symbol}' gives the year {year}; correct the date or the symbol",
        "url-scheme:scheme": "{url} is not an http or https address (scheme {scheme}); the "
        "exports show it as text, not as a link",
        "url-scheme:no-scheme": "{url} is not an http or https address (no scheme); the "
        "exports show it as text, not as a link",
        "url-scheme:character": "{url} cannot become a link: it holds {character} ({code}); "
        "the exports show it as text, not as a link",
        "url-scheme:no-host": "{url} cannot become a link: it has no host; the exports show "
        "it as text, not as a link",
    },
)
DOMAIN_MESSAGES = _TEXT.messages()

RULES = (
    GS_ACTIVITY_NOT_GS_AREA,
    GS_ACTIVITY_UNASSIGNED,
    MEMBER_STATE_ISO,
    MEMBER_STATE_MEMBERSHIP,
    SYMBOL_SYNTAX,
    SYMBOL_NOT_CANONICAL,
    SYMBOL_SESSION_YEAR,
    SYMBOL_DATE_YEAR,
    ADDED_BEFORE_ADOPTION,
    ADOPTION_MISMATCH,
    OBJECTIVE_UNSERVED,
    URL_SCHEME,
)


def _get(index: dict[str, tuple[str, Entity]], ident: str | None, kind: type) -> Entity | None:
    found = index.get(ident) if ident is not None else None
    return found[1] if found is not None and isinstance(found[1], kind) else None


# ---- activities -------------------------------------------------------------------------

# The actors an activity addressed to "the OAS organs, agencies and entities" may go to.
_OAS_KINDS = frozenset({ActorKind.GS_AREA, ActorKind.OAS_ORGAN, ActorKind.SPECIALIZED_ORGANIZATION})


def _gs_activities(program: Program, index: dict[str, tuple[str, Entity]]) -> Iterator[Finding]:
    for number, activity in enumerate(program.activities):
        if activity.addressee is not Addressee.OAS:
            continue
        here = f"/activities/{number}"
        if not activity.assignments:
            yield GS_ACTIVITY_UNASSIGNED.finding(
                _TEXT("gs-activity-unassigned", activity=activity.id), here
            )
        for position, assignment in enumerate(activity.assignments):
            actor = _get(index, assignment.actor, Actor)
            if isinstance(actor, Actor) and actor.kind not in _OAS_KINDS:
                yield GS_ACTIVITY_NOT_GS_AREA.finding(
                    _TEXT(
                        "gs-activity-not-gs-area",
                        activity=activity.id,
                        actor=actor.id,
                        kind=actor.kind.value,
                    ),
                    f"{here}/assignments/{position}/actor",
                )


def _added_dates(
    activity: Activity, here: str, index: dict[str, tuple[str, Entity]]
) -> Iterator[tuple[str, str, str, dict[str, str]]]:
    """(pointer, date, message key, the message's other values) for each date an addition
    carries or points to."""
    added = activity.added
    if added is None:
        return
    if added.date is not None:
        yield f"{here}/added/date", added.date, "added-before-adoption:date", {}
    meeting = _get(index, added.meeting, Meeting)
    if isinstance(meeting, Meeting) and meeting.start is not None:
        yield (
            f"{here}/added/meeting",
            meeting.start,
            "added-before-adoption:meeting",
            {"meeting": meeting.id},
        )
    resolution = _get(index, added.resolution, Resolution)
    if isinstance(resolution, Resolution) and resolution.date is not None:
        yield (
            f"{here}/added/resolution",
            resolution.date,
            "added-before-adoption:resolution",
            {"resolution": resolution.id},
        )


def _additions(program: Program, index: dict[str, tuple[str, Entity]]) -> Iterator[Finding]:
    if program.adopted_on is None:
        return
    adopted = date_bounds(program.adopted_on)[0]
    for number, activity in enumerate(program.activities):
        for pointer, day, key, values in _added_dates(activity, f"/activities/{number}", index):
            # Not after adoption for sure: even the last day the date may stand for is not
            # later than the adoption day.
            if date_bounds(day)[1] <= adopted:
                yield ADDED_BEFORE_ADOPTION.finding(
                    _TEXT(
                        key,
                        activity=activity.id,
                        date=day,
                        adopted=program.adopted_on,
                        **values,
                    ),
                    pointer,
                )


def _objectives(program: Program) -> Iterator[Finding]:
    served = {ident for activity in program.activities for ident in activity.objectives}
    children: dict[str, list[str]] = {}
    for objective in program.objectives:
        if objective.parent is not None:
            children.setdefault(objective.parent, []).append(objective.id)
    for number, objective in enumerate(program.objectives):
        if objective.kind is not ObjectiveKind.SPECIFIC:
            continue
        family, queue = {objective.id}, [objective.id]
        while queue:  # the objective and its sub-objectives; a parent cycle ends here too
            for child in children.get(queue.pop(), []):
                if child not in family:
                    family.add(child)
                    queue.append(child)
        if not family & served:
            yield OBJECTIVE_UNSERVED.finding(
                _TEXT("objective-unserved", objective=objective.id), f"/objectives/{number}"
            )


def _adoption(program: Program, index: dict[str, tuple[str, Entity]]) -> Iterator[Finding]:
    resolution = _get(index, program.adopted_by, Resolution)
    if not isinstance(resolution, Resolution):
        return
    if resolution.role is not ResolutionRole.ADOPTION:
        yield ADOPTION_MISMATCH.finding(
            _TEXT("adoption-mismatch:role", resolution=resolution.id, role=resolution.role.value),
            "/adopted_by",
        )
    if program.adopted_on is not None and resolution.date is not None:
        ours, theirs = date_bounds(program.adopted_on), date_bounds(resolution.date)
        if ours[1] < theirs[0] or theirs[1] < ours[0]:
            yield ADOPTION_MISMATCH.finding(
                _TEXT(
                    "adoption-mismatch:date",
                    adopted=program.adopted_on,
                    resolution=resolution.id,
                    date=resolution.date,
                ),
                "/adopted_on",
            )


# ---- actors -----------------------------------------------------------------------------


def _overlap(first: tuple[str | None, str | None], second: tuple[str | None, str | None]) -> bool:
    """Whether two [start, end) periods overlap for sure, whatever days partial dates mean."""

    def starts_before_end(start: str | None, end: str | None) -> bool:
        if start is None or end is None:
            return True
        return date_bounds(start)[1] < date_bounds(end)[0]

    return starts_before_end(first[0], second[1]) and starts_before_end(second[0], first[1])


def _member_states(program: Program) -> Iterator[Finding]:
    codes: dict[str, str] = {}
    for number, actor in enumerate(program.actors):
        here = f"/actors/{number}"
        if actor.kind is not ActorKind.MEMBER_STATE:
            if actor.memberships:
                yield MEMBER_STATE_MEMBERSHIP.finding(
                    _TEXT(
                        "member-state-membership:not-a-state", actor=actor.id, kind=actor.kind.value
                    ),
                    f"{here}/memberships",
                )
        else:
            if actor.iso3 is None:
                yield MEMBER_STATE_ISO.finding(
                    _TEXT("member-state-iso:missing", actor=actor.id), here
                )
            if not actor.memberships:
                yield MEMBER_STATE_MEMBERSHIP.finding(
                    _TEXT("member-state-membership:missing", actor=actor.id), here
                )
            yield from _overlapping(actor, here)
        if actor.iso3 is not None:
            if actor.iso3 in codes:
                yield MEMBER_STATE_ISO.finding(
                    _TEXT(
                        "member-state-iso:shared",
                        actor=actor.id,
                        iso3=actor.iso3,
                        other=codes[actor.iso3],
                    ),
                    f"{here}/iso3",
                )
            else:
                codes[actor.iso3] = actor.id


def _overlapping(actor: Actor, here: str) -> Iterator[Finding]:
    periods = actor.memberships
    for later in range(len(periods)):
        for earlier in range(later):
            a, b = periods[earlier], periods[later]
            if _overlap((a.start, a.end), (b.start, b.end)):
                yield MEMBER_STATE_MEMBERSHIP.finding(
                    _TEXT(
                        "member-state-membership:overlap",
                        later=later,
                        actor=actor.id,
                        earlier=earlier,
                    ),
                    f"{here}/memberships/{later}",
                )
                break


# ---- symbols ----------------------------------------------------------------------------


def _symbols(program: Program) -> Iterator[Finding]:
    holders: list[tuple[str, Resolution | object]] = []
    holders += [(f"/resolutions/{i}", r) for i, r in enumerate(program.resolutions)]
    holders += [(f"/documents/{i}", d) for i, d in enumerate(program.documents)]
    holders += [(f"/sources/{i}", s) for i, s in enumerate(program.sources)]
    # Sources cite the resolutions' symbols again (the embedded program: 68 symbols, 34
    # texts): each text is parsed and written back once.
    read: dict[str, tuple[DocumentSymbol, str] | SymbolError] = {}
    for here, holder in holders:
        text: str | None = getattr(holder, "symbol", None)
        if text is None:
            continue
        pointer = f"{here}/symbol"
        if text not in read:
            try:
                symbol = parse(text)
                read[text] = (symbol, symbol.canonical())
            except SymbolError as error:
                read[text] = error
        found = read[text]
        if isinstance(found, SymbolError):
            yield SYMBOL_SYNTAX.finding(_symbol_error(found), pointer)
            continue
        symbol, canonical = found
        if isinstance(holder, Resolution) and symbol.type not in ("RES", "DEC"):
            yield SYMBOL_SYNTAX.finding(
                _TEXT("symbol-syntax:not-a-resolution", symbol=text), pointer
            )
        if canonical != text:
            yield SYMBOL_NOT_CANONICAL.finding(
                _TEXT("symbol-not-canonical", symbol=text, canonical=canonical), pointer
            )
        if symbol.session_year_consistent() is False:
            assert symbol.session is not None and symbol.year is not None
            yield SYMBOL_SESSION_YEAR.finding(
                _TEXT(
                    "symbol-session-year",
                    symbol=text,
                    session=to_roman(symbol.session),
                    met=1970 + symbol.session,
                    year=symbol.year,
                ),
                pointer,
            )
        if isinstance(holder, Resolution) and holder.date is not None and symbol.year:
            year = int(holder.date[:4])
            if year != symbol.year:
                yield SYMBOL_DATE_YEAR.finding(
                    _TEXT(
                        "symbol-date-year",
                        resolution=holder.id,
                        date=holder.date,
                        symbol=text,
                        year=symbol.year,
                    ),
                    f"{here}/date",
                )


def _symbol_error(error: SymbolError) -> Message:
    """The message of a symbol that does not parse, with the parser's detail when it has one."""
    if error.detail is None:
        return _TEXT("symbol-syntax", symbol=error.quoted)
    return _TEXT("symbol-syntax:detail", symbol=error.quoted, detail=error.detail)


# ---- URLs ---------------------------------------------------------------------------------


def _urls(program: Program) -> Iterator[Finding]:
    for pointer, value in walked(program).urls:
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        if scheme in ("http", "https") and safe_url(value) is not None:
            continue
        yield URL_SCHEME.finding(_url_problem(value, scheme), pointer)


def _url_problem(url: str, scheme: str) -> Message:
    """Why *url* (whose scheme is *scheme*, empty when none) is shown as text."""
    if scheme not in ("http", "https"):
        if not scheme:
            return _TEXT("url-scheme:no-scheme", url=repr(url))
        return _TEXT("url-scheme:scheme", url=repr(url), scheme=repr(scheme))
    odd = next((c for c in url if safe_url(f"https://x/{c}") is None), None)
    if odd is None:
        return _TEXT("url-scheme:no-host", url=repr(url))
    return _TEXT(
        "url-scheme:character", url=repr(url), character=repr(odd), code=f"U+{ord(odd):04X}"
    )


def check(program: Program) -> Iterator[Finding]:
    index = first_by_id(program)
    yield from _gs_activities(program, index)
    yield from _member_states(program)
    yield from _symbols(program)
    yield from _additions(program, index)
    yield from _adoption(program, index)
    yield from _objectives(program)
    yield from _urls(program)


@hookimpl
def oas_program_validators() -> list[Validator]:
    return [
        Validator(
            name="domain",
            rules=RULES,
            check=check,
            description="Assignments, member states, symbols, additions, adoption, objectives.",
        )
    ]
